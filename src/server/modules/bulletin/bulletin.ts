/**
 * The bulletin's domain rules, without I/O: months and their periods, the issue number, the figures a
 * bulletin is written from, the summary paragraph and the cleaning of the editor's remarks.
 */
import {
  type BulletinRemarks,
  type BulletinRemarksInput,
  type BulletinSection,
  bulletinSections,
  monthPattern,
} from '../../../shared/bulletin';
import type { CallCentreReport, Dashboard, HotQuestionsResult } from '../../../shared/reports';
import { addDays } from '../../platform/dates';
import { invalidField } from '../../platform/errors';

/** The suggestions (意见建议) received in the month, by how the departments answered them. */
export interface SuggestionFigures {
  total: number;
  adopted: number;
  partlyAdopted: number;
  notAdopted: number;
  /** Not answered yet. */
  pending: number;
  /** A few answered suggestions with their answer, adopted ones first. */
  examples: Array<{ contactNo: string; subject: string; adoption: string; answer: string | null }>;
}

/** The previous month's headline figures, for the 环比 (change against the previous month). */
export interface PreviousMonthFigures {
  month: string;
  contacts: number;
  transfers: number;
  cases: number;
  satisfactionRate: number | null;
}

/** Everything a bulletin is written from; frozen with each version so a published bulletin never changes. */
export interface BulletinFigures {
  month: string;
  orgUnit: { id: number; name: string };
  /** The first and last Shanghai day of the month. */
  from: string;
  to: string;
  dashboard: Dashboard;
  previous: PreviousMonthFigures;
  hotQuestions: HotQuestionsResult;
  suggestions: SuggestionFigures;
  /** The call-centre figures (话务指标); absent in versions frozen before they existed. */
  calls?: CallCentreReport;
}

/** Throws a 400 naming `field` unless `month` is YYYY-MM. */
export function assertMonth(month: string, field = 'month'): void {
  if (!monthPattern.test(month)) throw invalidField(field, 'INVALID_MONTH', '月份格式应为 YYYY-MM，例如 2026-11');
}

/** The first and last day of a month, YYYY-MM-DD. */
export function monthPeriod(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  return { from, to: addDays(`${nextMonth(month)}-01`, -1) };
}

export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

export function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** The month a date (YYYY-MM-DD) lies in. */
export const monthOf = (date: string) => date.slice(0, 7);

/** 期号: one issue a month, numbered by the month, e.g. 2026年第11期. */
export function issueOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${year}年第${m}期`;
}

/** 2026年11月 */
export function monthTitle(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${year}年${m}月`;
}

/** 2026年12月1日 */
export function dateTitle(date: string): string {
  const [year, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${year}年${m}月${d}日`;
}

/** A fraction 0…1 as a percentage with one decimal, e.g. 0.8765 → "87.7%"; null (nothing to divide by) → "—". */
export function percentText(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/**
 * The change against the previous month, in words: 环比增长 x% / 环比下降 x% / 与上月持平; when the
 * previous month had nothing, there is no ratio to give and the sentence says so.
 */
export function changeText(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? '与上月持平' : '上月无记录，不计算环比';
  if (current === previous) return '与上月持平';
  const change = Math.round((Math.abs(current - previous) / previous) * 1000) / 10;
  return `${current > previous ? '环比增长' : '环比下降'}${change.toFixed(1)}%`;
}

const countOf = (items: ReadonlyArray<{ key: string; count: number }>, key: string) =>
  items.find((i) => i.key === key)?.count ?? 0;

/** The summary paragraph (本月概况), every number taken from the figures. */
export function summaryText(f: BulletinFigures): string {
  const d = f.dashboard;
  const total = d.contacts.total;
  const head = `${monthTitle(f.month)}，${f.orgUnit.name}12366纳税服务热线`;
  if (total === 0) {
    return `${head}本月未受理来电（上月${f.previous.contacts}件）。本月无转办、投诉举报和满意度评价数据。`;
  }
  const byType = d.contacts.byType;
  const parts = [
    `${head}本月共受理来电${total}件，${changeText(total, f.previous.contacts)}（上月${f.previous.contacts}件）。`,
    `其中咨询${countOf(byType, 'consult')}件、投诉${countOf(byType, 'complaint')}件、举报${countOf(byType, 'report')}件、意见建议${countOf(byType, 'suggestion')}件；`,
    `当场答复${d.onTheSpot.answered}件，当场答复率${percentText(d.onTheSpot.rate)}；`,
    `转办${d.transfers.total}件，按时答复${d.transfers.onTime}件，超期${d.transfers.overdue}件，按时答复率${percentText(d.transfers.onTimeRate)}；`,
    `登记投诉举报案件${d.cases.total}件；`,
    `收到满意度评价${d.satisfaction.responses}件，满意率${percentText(d.satisfaction.rate)}；`,
    `收到意见建议${f.suggestions.total}件，采纳${f.suggestions.adopted}件、部分采纳${f.suggestions.partlyAdopted}件。`,
  ];
  const rising = f.hotQuestions.items.filter((q) => q.isRising).map((q) => `“${q.question}”`);
  if (rising.length > 0) parts.push(`本月上升明显的热点问题：${rising.slice(0, 3).join('、')}。`);
  return parts.join('');
}

/** Plain text a person typed: no control characters (but line breaks), no invisible direction marks, trimmed. */
export function cleanRemark(text: string | undefined): string {
  if (!text) return '';
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === '\n' || c === '\t' ? c : ''))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The remarks as stored: every section present, every text cleaned. */
export function cleanRemarks(input: BulletinRemarksInput | undefined): BulletinRemarks {
  const sections: Partial<Record<BulletinSection, string>> = {};
  for (const section of bulletinSections) {
    const text = cleanRemark(input?.sections?.[section]);
    if (text) sections[section] = text;
  }
  return { foreword: cleanRemark(input?.foreword), sections };
}

export const emptyRemarks: BulletinRemarks = { foreword: '', sections: {} };
