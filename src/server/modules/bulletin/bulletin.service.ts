import { createHash } from 'node:crypto';
import {
  type BulletinFormat,
  type BulletinRemarks,
  type BulletinRemarksInput,
  type BulletinStatus,
  type BulletinVersion,
  bulletinContentTypes,
} from '../../../shared/bulletin';
import type { Db, Tx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { type CurrentUser, hasPermission } from '../../platform/auth/current-user';
import { isInOrgScope, scopeOf, subtreeOf } from '../../platform/auth/scope';
import { shanghaiDate, shanghaiMidnight } from '../../platform/dates';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import type { AnonymousContext, RequestContext } from '../../platform/request-context';
import { computeCallCentre, computeDashboard, findHotQuestions } from '../reports';
import {
  assertMonth,
  type BulletinFigures,
  cleanRemarks,
  emptyRemarks,
  issueOf,
  monthOf,
  monthPeriod,
  nextMonth,
  previousMonth,
  type SuggestionFigures,
  summaryText,
} from './bulletin';
import * as repo from './bulletin.repository';
import type { BulletinDocumentInput } from './bulletin-document';
import { convertDocxToPdf } from './bulletin-pdf';

/**
 * The Word document with its charts. Its libraries (docx, ECharts, resvg) take about 55 MB of memory,
 * so they load with the first bulletin rather than with every server start.
 */
async function buildBulletinDocx(input: BulletinDocumentInput): Promise<Buffer> {
  const { buildBulletinDocx: build } = await import('./bulletin-document');
  return build(input);
}

/** How many topics the bulletin's hot-question table lists. */
const HOT_QUESTION_LIMIT = 10;
const SUGGESTION_EXAMPLES = 5;

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

async function suggestionFigures(db: Db, orgUnitPath: string, month: string): Promise<SuggestionFigures> {
  const range = {
    from: shanghaiMidnight(`${month}-01`).toISOString(),
    to: shanghaiMidnight(`${nextMonth(month)}-01`).toISOString(),
    scope: subtreeOf(orgUnitPath),
  };
  const [counts, examples] = await Promise.all([
    repo.countSuggestionsByAdoption(db, range),
    repo.findSuggestionExamples(db, range, SUGGESTION_EXAMPLES),
  ]);
  const count = (adoption: string | null) => counts.find((c) => c.adoption === adoption)?.count ?? 0;
  return {
    total: counts.reduce((n, c) => n + c.count, 0),
    adopted: count('adopted'),
    partlyAdopted: count('partly_adopted'),
    notAdopted: count('not_adopted'),
    pending: count(null),
    examples: examples.map((e) => ({
      contactNo: e.contactNo,
      subject: e.subject,
      adoption: e.adoption ?? '',
      answer: e.answer,
    })),
  };
}

/**
 * The figures of a month's bulletin for an org unit's subtree: the reports module's dashboard and hot
 * questions for the month, its dashboard of the previous month for the 环比, and the suggestions'
 * adoption — a fixed number of grouped aggregates, whatever the number of contacts.
 */
export async function computeBulletinFigures(
  db: Db,
  options: { orgUnitId: number; month: string; now: Date },
): Promise<BulletinFigures> {
  assertMonth(options.month);
  const unit = await repo.findOrgUnit(db, options.orgUnitId);
  if (!unit) throw invalidField('orgUnitId', 'ORG_UNIT_NOT_FOUND', '组织机构不存在');
  const period = monthPeriod(options.month);
  const previous = previousMonth(options.month);
  const [dashboard, previousDashboard, hotQuestions, suggestions, calls] = await Promise.all([
    computeDashboard(db, { orgUnitId: unit.id, ...period }, options.now),
    computeDashboard(db, { orgUnitId: unit.id, ...monthPeriod(previous) }, options.now),
    findHotQuestions(db, { orgUnitId: unit.id, ...period, limit: HOT_QUESTION_LIMIT }),
    suggestionFigures(db, unit.path, options.month),
    computeCallCentre(db, { orgUnitId: unit.id, ...period }),
  ]);
  return {
    month: options.month,
    orgUnit: { id: unit.id, name: unit.name },
    ...period,
    dashboard,
    previous: {
      month: previous,
      contacts: previousDashboard.contacts.total,
      transfers: previousDashboard.transfers.total,
      cases: previousDashboard.cases.total,
      satisfactionRate: previousDashboard.satisfaction.rate,
    },
    hotQuestions,
    suggestions,
    calls,
  };
}

export interface GenerateBulletinOptions {
  orgUnitId: number;
  month: string;
  now: Date;
  remarks?: BulletinRemarks;
  /** The version number printed on the title page; null for a draft that is not stored. */
  version?: number | null;
  isDraft?: boolean;
}

/**
 * Generates a month's bulletin (figures and .docx) without storing it: what the one-click draft, the
 * contract's download and the reports benchmark all time.
 */
export async function generateBulletin(
  db: Db,
  options: GenerateBulletinOptions,
): Promise<{ figures: BulletinFigures; docx: Buffer }> {
  const figures = await computeBulletinFigures(db, options);
  const docx = await buildBulletinDocx({
    figures,
    remarks: options.remarks ?? emptyRemarks,
    version: options.version ?? null,
    isDraft: options.isDraft ?? true,
    date: shanghaiDate(options.now),
  });
  return { figures, docx };
}

/** A month that has begun (a bulletin of the running month is a preliminary draft; the future has no figures). */
function checkMonthStarted(month: string, now: Date, field = 'month') {
  assertMonth(month, field);
  if (month > monthOf(shanghaiDate(now)))
    throw invalidField(field, 'MONTH_IN_FUTURE', '该月份尚未开始，无法生成信息专报');
}

/** The org unit a user's bulletin is about: the one asked for, within what the user sees, else the user's own. */
async function orgUnitFor(db: Db, user: CurrentUser, orgUnitId: number | undefined) {
  const unit = await repo.findOrgUnit(db, orgUnitId ?? user.orgUnitId);
  if (!unit) throw invalidField('orgUnitId', 'ORG_UNIT_NOT_FOUND', '组织机构不存在');
  if (!isInOrgScope(scopeOf(user), unit.path)) throw forbidden('ORG_UNIT_FORBIDDEN', '无权查看该组织机构的信息专报');
  return unit;
}

function parseRemarks(json: string): BulletinRemarks {
  try {
    return cleanRemarks(JSON.parse(json) as BulletinRemarksInput);
  } catch {
    return emptyRemarks;
  }
}

function toVersion(row: NonNullable<Awaited<ReturnType<typeof repo.findBulletin>>>): BulletinVersion {
  const figures = JSON.parse(row.figures) as BulletinFigures;
  return {
    id: row.id,
    orgUnitId: row.org_unit_id,
    orgUnitName: row.orgUnitName,
    month: row.month,
    issue: issueOf(row.month),
    version: row.version,
    status: row.status,
    remarks: parseRemarks(row.remarks),
    summary: summaryText(figures),
    docxSize: row.docx_size,
    generatedBy: row.generatedByName ?? null,
    generatedAt: row.generated_at,
    updatedAt: row.updated_at,
    publishedBy: row.publishedByName ?? null,
    publishedAt: row.published_at,
  };
}

/** Drafts are the editors' work: people who only read bulletins see the published and superseded versions. */
const seesDrafts = (user: CurrentUser) => hasPermission(user, 'bulletins.manage');

async function loadVisible(db: Db, user: CurrentUser, id: number) {
  const row = await repo.findBulletin(db, id);
  if (!row || !isInOrgScope(scopeOf(user), row.orgUnitPath) || (row.status === 'draft' && !seesDrafts(user))) {
    throw notFound('BULLETIN_NOT_FOUND', '信息专报不存在');
  }
  return row;
}

/**
 * Writes a new version of a month's bulletin as a draft: fresh figures, the remarks of the latest
 * version carried over. Used by the editor's "generate" and by the monthly job (user null).
 */
export async function createDraft(
  { db, actor, now }: AnonymousContext,
  input: {
    orgUnitId: number;
    month: string;
    generatedBy: number | null;
  } /** Side effects that commit with the new version (the job's notifications). */,
  andThen?: (trx: Tx, id: number) => Promise<void>,
): Promise<number> {
  const latest = await repo.findLatestBulletin(db, input.orgUnitId, input.month);
  const version = (latest?.version ?? 0) + 1;
  const remarks = latest ? parseRemarks(latest.remarks) : emptyRemarks;
  const { figures, docx } = await generateBulletin(db, {
    orgUnitId: input.orgUnitId,
    month: input.month,
    now,
    remarks,
    version,
    isDraft: true,
  });
  return db.transaction().execute(async (trx) => {
    if ((await repo.findMaxVersion(trx, input.orgUnitId, input.month)) !== version - 1) {
      throw conflict('BULLETIN_VERSION_CONFLICT', '同一月份的信息专报刚刚生成了新版本，请刷新后重试');
    }
    const id = await repo.insertBulletin(trx, {
      orgUnitId: input.orgUnitId,
      month: input.month,
      version,
      figures: JSON.stringify(figures),
      remarks: JSON.stringify(remarks),
      docx,
      sha256: sha256(docx),
      generatedBy: input.generatedBy,
      now,
    });
    await writeAudit(trx, actor, now, {
      action: 'bulletin.generate',
      entityType: 'bulletin',
      entityId: id,
      after: { orgUnitId: input.orgUnitId, month: input.month, version, contacts: figures.dashboard.contacts.total },
    });
    await andThen?.(trx, id);
    return id;
  });
}

/** The editor's "generate": a new draft version of the month for the user's (or a visible) org unit. */
export async function generateDraft(
  { db, user, actor, now }: RequestContext,
  input: { month: string; orgUnitId?: number | undefined },
): Promise<BulletinVersion> {
  checkMonthStarted(input.month, now);
  const unit = await orgUnitFor(db, user, input.orgUnitId);
  const id = await createDraft({ db, actor, now }, { orgUnitId: unit.id, month: input.month, generatedBy: user.id });
  return getBulletin(db, user, id);
}

export async function getBulletin(db: Db, user: CurrentUser, id: number): Promise<BulletinVersion> {
  return toVersion(await loadVisible(db, user, id));
}

export async function listBulletins(
  db: Db,
  user: CurrentUser,
  filter: { month?: string | undefined; orgUnitId?: number | undefined; limit: number },
): Promise<BulletinVersion[]> {
  const unit = await orgUnitFor(db, user, filter.orgUnitId);
  const rows = await repo.listBulletins(db, {
    orgUnitId: unit.id,
    month: filter.month,
    includeDrafts: seesDrafts(user),
    limit: filter.limit,
  });
  return rows.map(toVersion);
}

/** New remarks on a draft; the stored document is rendered again with them. */
export async function updateRemarks(
  { db, user, actor, now }: RequestContext,
  id: number,
  input: BulletinRemarksInput,
): Promise<BulletinVersion> {
  const row = await loadVisible(db, user, id);
  if (row.status !== 'draft') throw conflict('BULLETIN_NOT_DRAFT', '只有草稿可以修改按语，请重新生成新版本');
  const remarks = cleanRemarks(input);
  const docx = await buildBulletinDocx({
    figures: JSON.parse(row.figures) as BulletinFigures,
    remarks,
    version: row.version,
    isDraft: true,
    date: shanghaiDate(now),
  });
  await db.transaction().execute(async (trx) => {
    const isUpdated = await repo.updateDraft(trx, id, {
      remarks: JSON.stringify(remarks),
      docx,
      sha256: sha256(docx),
      now,
      expectedUpdatedAt: row.updated_at,
    });
    if (!isUpdated) throw conflict('BULLETIN_CHANGED', '信息专报已被他人修改或发布，请刷新后重试');
    await writeAudit(trx, actor, now, {
      action: 'bulletin.remarks',
      entityType: 'bulletin',
      entityId: id,
      before: parseRemarks(row.remarks),
      after: remarks,
    });
  });
  return getBulletin(db, user, id);
}

/**
 * Publishes the latest draft of a month: its document is rendered once more without the draft mark and
 * kept; an earlier published version of the month becomes superseded.
 */
export async function publishBulletin({ db, user, actor, now }: RequestContext, id: number): Promise<BulletinVersion> {
  const row = await loadVisible(db, user, id);
  if (row.status !== 'draft') throw conflict('BULLETIN_NOT_DRAFT', '该版本不是草稿，不能发布');
  const latest = await repo.findLatestBulletin(db, row.org_unit_id, row.month);
  if (latest && latest.version !== row.version) {
    throw conflict('BULLETIN_OUTDATED', `已有更新的第 ${latest.version} 版，请发布最新版本`);
  }
  const docx = await buildBulletinDocx({
    figures: JSON.parse(row.figures) as BulletinFigures,
    remarks: parseRemarks(row.remarks),
    version: row.version,
    isDraft: false,
    date: shanghaiDate(now),
  });
  await db.transaction().execute(async (trx) => {
    const isPublished = await repo.publishDraft(trx, id, {
      docx,
      sha256: sha256(docx),
      by: user.id,
      now,
      expectedUpdatedAt: row.updated_at,
    });
    if (!isPublished) throw conflict('BULLETIN_CHANGED', '信息专报已被他人修改或发布，请刷新后重试');
    const superseded = await repo.supersedeOthers(trx, row.org_unit_id, row.month, id, now);
    await writeAudit(trx, actor, now, {
      action: 'bulletin.publish',
      entityType: 'bulletin',
      entityId: id,
      before: { status: 'draft' },
      after: { status: 'published', month: row.month, version: row.version, superseded, sha256: sha256(docx) },
    });
  });
  return getBulletin(db, user, id);
}

export interface BulletinFile {
  content: Buffer;
  contentType: string;
  fileName: string;
  status: BulletinStatus | 'preview';
  version: number | null;
}

async function asFormat(
  docx: Buffer,
  format: BulletinFormat,
  name: string,
  meta: Pick<BulletinFile, 'status' | 'version'>,
): Promise<BulletinFile> {
  const content = format === 'pdf' ? await convertDocxToPdf(docx) : docx;
  return { content, contentType: bulletinContentTypes[format], fileName: `${name}.${format}`, ...meta };
}

const fileNameOf = (month: string, version: number | null, status: string) =>
  `12366信息专报-${issueOf(month)}${version === null ? '' : `-第${version}版`}${status === 'published' ? '' : '-草稿'}`;

/**
 * The contract's download (GET /api/reports/bulletin): the month's published version when there is
 * one, otherwise a draft generated from the current figures and not stored.
 */
export async function bulletinOfMonth(
  { db, user, now }: RequestContext,
  query: { month: string; format: BulletinFormat; orgUnitId?: number | undefined },
): Promise<BulletinFile> {
  checkMonthStarted(query.month, now);
  const unit = await orgUnitFor(db, user, query.orgUnitId);
  const published = await repo.findPublishedBulletin(db, unit.id, query.month);
  if (published) {
    const docx = await repo.findBulletinDocx(db, published.id);
    if (docx) {
      return asFormat(docx, query.format, fileNameOf(query.month, published.version, 'published'), {
        status: 'published',
        version: published.version,
      });
    }
  }
  const latest = await repo.findLatestBulletin(db, unit.id, query.month);
  const { docx } = await generateBulletin(db, {
    orgUnitId: unit.id,
    month: query.month,
    now,
    remarks: latest ? parseRemarks(latest.remarks) : emptyRemarks,
    version: null,
    isDraft: true,
  });
  return asFormat(docx, query.format, fileNameOf(query.month, null, 'preview'), { status: 'preview', version: null });
}

/** One stored version as a file. */
export async function bulletinVersionFile(
  db: Db,
  user: CurrentUser,
  id: number,
  format: BulletinFormat,
): Promise<BulletinFile> {
  const row = await loadVisible(db, user, id);
  const docx = await repo.findBulletinDocx(db, id);
  if (!docx) throw notFound('BULLETIN_NOT_FOUND', '信息专报不存在');
  return asFormat(docx, format, fileNameOf(row.month, row.version, row.status), {
    status: row.status,
    version: row.version,
  });
}
