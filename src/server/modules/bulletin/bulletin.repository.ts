import type { DbOrTx, Tx } from '../../db/connection';
import { inOrgScope, type OrgScope } from '../../platform/auth/scope';

/** Every SQL statement of the bulletin module: its versions, and the one figure only the bulletin needs. */

export const bulletinColumns = [
  'b.id',
  'b.org_unit_id',
  'b.month',
  'b.version',
  'b.status',
  'b.figures',
  'b.remarks',
  'b.docx_size',
  'b.generated_by',
  'b.generated_at',
  'b.updated_at',
  'b.published_by',
  'b.published_at',
  'o.name as orgUnitName',
  'o.path as orgUnitPath',
  'g.name as generatedByName',
  'p.name as publishedByName',
] as const;

function bulletinQuery(db: DbOrTx) {
  return db
    .selectFrom('bulletins as b')
    .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
    .leftJoin('users as g', 'g.id', 'b.generated_by')
    .leftJoin('users as p', 'p.id', 'b.published_by');
}

export async function findBulletin(db: DbOrTx, id: number) {
  return bulletinQuery(db).select(bulletinColumns).where('b.id', '=', id).executeTakeFirst();
}

/** The stored .docx of a version. */
export async function findBulletinDocx(db: DbOrTx, id: number): Promise<Buffer | undefined> {
  const row = await db.selectFrom('bulletins').select('docx').where('id', '=', id).executeTakeFirst();
  return row ? Buffer.from(row.docx) : undefined;
}

/** The versions of an org unit's bulletins, newest month and version first; bounded by `limit`. */
export async function listBulletins(
  db: DbOrTx,
  filter: { orgUnitId: number; month?: string | undefined; includeDrafts: boolean; limit: number },
) {
  let q = bulletinQuery(db).select(bulletinColumns).where('b.org_unit_id', '=', filter.orgUnitId);
  if (filter.month) q = q.where('b.month', '=', filter.month);
  if (!filter.includeDrafts) q = q.where('b.status', '!=', 'draft');
  return q.orderBy('b.month', 'desc').orderBy('b.version', 'desc').limit(filter.limit).execute();
}

/** The published version of a month (there is at most one; older ones are superseded). */
export async function findPublishedBulletin(db: DbOrTx, orgUnitId: number, month: string) {
  return bulletinQuery(db)
    .select(bulletinColumns)
    .where('b.org_unit_id', '=', orgUnitId)
    .where('b.month', '=', month)
    .where('b.status', '=', 'published')
    .orderBy('b.version', 'desc')
    .executeTakeFirst();
}

/** The latest version of a month, whatever its status. */
export async function findLatestBulletin(db: DbOrTx, orgUnitId: number, month: string) {
  return bulletinQuery(db)
    .select(bulletinColumns)
    .where('b.org_unit_id', '=', orgUnitId)
    .where('b.month', '=', month)
    .orderBy('b.version', 'desc')
    .executeTakeFirst();
}

export async function findMaxVersion(trx: Tx, orgUnitId: number, month: string): Promise<number> {
  const row = await trx
    .selectFrom('bulletins')
    .select((eb) => eb.fn.max<number>('version').as('v'))
    .where('org_unit_id', '=', orgUnitId)
    .where('month', '=', month)
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

export interface NewBulletin {
  orgUnitId: number;
  month: string;
  version: number;
  figures: string;
  remarks: string;
  docx: Buffer;
  sha256: string;
  generatedBy: number | null;
  now: Date;
}

export async function insertBulletin(trx: Tx, b: NewBulletin): Promise<number> {
  const row = await trx
    .insertInto('bulletins')
    .values({
      org_unit_id: b.orgUnitId,
      month: b.month,
      version: b.version,
      status: 'draft',
      figures: b.figures,
      remarks: b.remarks,
      docx: b.docx,
      docx_size: b.docx.length,
      docx_sha256: b.sha256,
      generated_by: b.generatedBy,
      generated_at: b.now.toISOString(),
      updated_at: b.now.toISOString(),
      published_by: null,
      published_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** New remarks and the document they render to, only while the version is still the draft it was read as. */
export async function updateDraft(
  trx: Tx,
  id: number,
  change: { remarks: string; docx: Buffer; sha256: string; now: Date; expectedUpdatedAt: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('bulletins')
    .set({
      remarks: change.remarks,
      docx: change.docx,
      docx_size: change.docx.length,
      docx_sha256: change.sha256,
      updated_at: change.now.toISOString(),
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .where('updated_at', '=', change.expectedUpdatedAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Publishes a draft (with the document that carries no draft mark) while it is still the draft it was read as. */
export async function publishDraft(
  trx: Tx,
  id: number,
  change: { docx: Buffer; sha256: string; by: number; now: Date; expectedUpdatedAt: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('bulletins')
    .set({
      status: 'published',
      docx: change.docx,
      docx_size: change.docx.length,
      docx_sha256: change.sha256,
      published_by: change.by,
      published_at: change.now.toISOString(),
      updated_at: change.now.toISOString(),
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .where('updated_at', '=', change.expectedUpdatedAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks the month's other published versions superseded; returns their ids. */
export async function supersedeOthers(trx: Tx, orgUnitId: number, month: string, keepId: number, now: Date) {
  const rows = await trx
    .updateTable('bulletins')
    .set({ status: 'superseded', updated_at: now.toISOString() })
    .where('org_unit_id', '=', orgUnitId)
    .where('month', '=', month)
    .where('status', '=', 'published')
    .where('id', '!=', keepId)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function findOrgUnit(db: DbOrTx, id: number) {
  return db.selectFrom('org_units').select(['id', 'name', 'path']).where('id', '=', id).executeTakeFirst();
}

/** Suggestions (意见建议) registered in [from, to) within the scope, counted by their adoption: one grouped aggregate. */
export async function countSuggestionsByAdoption(db: DbOrTx, range: { from: string; to: string; scope: OrgScope }) {
  const rows = await db
    .selectFrom('contacts')
    .select((eb) => ['adoption', eb.fn.countAll<number>().as('n')])
    .where('started_at', '>=', range.from)
    .where('started_at', '<', range.to)
    .where('type', '=', 'suggestion')
    .where((eb) => inOrgScope(eb, range.scope, 'org_unit_id'))
    .groupBy('adoption')
    .execute();
  return rows.map((r) => ({ adoption: r.adoption, count: Number(r.n) }));
}

/** A few answered suggestions of [from, to) with their answer, adopted first, then the newest. */
export async function findSuggestionExamples(
  db: DbOrTx,
  range: { from: string; to: string; scope: OrgScope },
  limit: number,
) {
  return db
    .selectFrom('contacts')
    .select(['contact_no as contactNo', 'subject', 'adoption', 'answer', 'started_at'])
    .where('started_at', '>=', range.from)
    .where('started_at', '<', range.to)
    .where('type', '=', 'suggestion')
    .where('adoption', 'in', ['adopted', 'partly_adopted'])
    .where((eb) => inOrgScope(eb, range.scope, 'org_unit_id'))
    .orderBy('adoption', 'asc')
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
}

/** True when the month already has a version for the unit (the job's own, or one an editor generated). */
export async function hasBulletin(db: DbOrTx, orgUnitId: number, month: string): Promise<boolean> {
  const row = await db
    .selectFrom('bulletins')
    .select('id')
    .where('org_unit_id', '=', orgUnitId)
    .where('month', '=', month)
    .executeTakeFirst();
  return row !== undefined;
}
