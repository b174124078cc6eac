/**
 * The monthly information bulletin (信息专报): its sections, the editor's remarks and the request
 * schemas, shared by the server and the web page.
 */
import { z } from 'zod';
import { id, instant } from './schemas';

/** The sections of a bulletin after its summary, in the order they are printed. */
export const bulletinSections = [
  'volume',
  'hotQuestions',
  'transfers',
  'cases',
  'satisfaction',
  'suggestions',
] as const;
export type BulletinSection = (typeof bulletinSections)[number];
export const bulletinSectionNames = {
  volume: '业务量',
  hotQuestions: '热点问题',
  transfers: '转办及处室答复',
  cases: '投诉举报',
  satisfaction: '满意度',
  suggestions: '意见建议采纳',
} as const satisfies Record<BulletinSection, string>;

export const bulletinStatuses = ['draft', 'published', 'superseded'] as const;
export type BulletinStatus = (typeof bulletinStatuses)[number];
export const bulletinStatusNames = {
  draft: '草稿',
  published: '已发布',
  superseded: '已被新版本取代',
} as const satisfies Record<BulletinStatus, string>;

export const bulletinFormats = ['docx', 'pdf'] as const;
export type BulletinFormat = (typeof bulletinFormats)[number];

/** A month written YYYY-MM (2000-01 … 2099-12). */
export const monthPattern = /^20\d{2}-(0[1-9]|1[0-2])$/;
export const monthSchema = z.string().regex(monthPattern, '月份格式应为 YYYY-MM');

export const MAX_REMARK_LENGTH = 2000;
const remark = z.string().max(MAX_REMARK_LENGTH, `不能超过 ${MAX_REMARK_LENGTH} 字`);

/** The editor's words: 编者按 before the summary and a remark under each section; plain text. */
export const bulletinRemarksSchema = z.strictObject({
  foreword: remark.optional(),
  sections: z
    .strictObject({
      volume: remark.optional(),
      hotQuestions: remark.optional(),
      transfers: remark.optional(),
      cases: remark.optional(),
      satisfaction: remark.optional(),
      suggestions: remark.optional(),
    } satisfies Record<BulletinSection, unknown>)
    .optional(),
});
export type BulletinRemarksInput = z.infer<typeof bulletinRemarksSchema>;

/** The editor's words as stored and shown: blank remarks are left out of `sections`. */
export const bulletinRemarksViewSchema = z.object({
  foreword: z.string(),
  sections: z.object({
    volume: z.string().optional(),
    hotQuestions: z.string().optional(),
    transfers: z.string().optional(),
    cases: z.string().optional(),
    satisfaction: z.string().optional(),
    suggestions: z.string().optional(),
  } satisfies Record<BulletinSection, unknown>),
});
export type BulletinRemarks = z.infer<typeof bulletinRemarksViewSchema>;

/** One version of a month's bulletin, as lists and the page show it. */
export const bulletinVersionSchema = z.object({
  id: z.number(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  month: z.string(),
  /** 期号, e.g. 2026年第11期. */
  issue: z.string(),
  version: z.number(),
  status: z.enum(bulletinStatuses),
  remarks: bulletinRemarksViewSchema,
  /** The summary paragraph as printed. */
  summary: z.string(),
  docxSize: z.number(),
  generatedBy: z.string().nullable(),
  generatedAt: instant,
  updatedAt: instant,
  publishedBy: z.string().nullable(),
  publishedAt: instant.nullable(),
});
export type BulletinVersion = z.infer<typeof bulletinVersionSchema>;

/** The query of the month's download (`GET /api/reports/bulletin`). */
export const bulletinOfMonthQuerySchema = z.strictObject({
  month: monthSchema,
  format: z.enum(bulletinFormats).default('docx'),
  orgUnitId: id.optional(),
});

export const bulletinListQuerySchema = z.strictObject({
  month: monthSchema.optional(),
  orgUnitId: id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A new draft of a month (`POST /api/bulletins`). */
export const generateBulletinSchema = z.strictObject({ month: monthSchema, orgUnitId: id.optional() });

/** The format of one version's download. */
export const bulletinFileQuerySchema = z.strictObject({ format: z.enum(bulletinFormats).default('docx') });

/** The content types of the bulletin's downloads. */
export const bulletinContentTypes = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const satisfies Record<BulletinFormat, string>;
