import { sql } from 'kysely';
import type { CaseAction, CaseCategory, CaseEventKind, CaseStep } from '../../../shared/cases';
import type { DbOrTx, Tx } from '../../db/connection';
import { inOrgScope, type OrgScope } from '../../platform/auth/scope';
import { openValue } from '../../platform/crypto';
import type { CaseTable } from './cases.tables';

// ---- process versions ----

export async function findProcessVersion(db: DbOrTx, key: string, version: number) {
  return db
    .selectFrom('case_processes')
    .select(['id', 'definition'])
    .where('key', '=', key)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Stores a process version once; a second instance storing the same version at the same moment is a no-op. */
export async function insertProcessVersion(
  trx: Tx,
  row: { key: string; version: number; name: string; definition: string; now: Date },
): Promise<void> {
  await trx
    .insertInto('case_processes')
    .values({
      key: row.key,
      version: row.version,
      name: row.name,
      definition: row.definition,
      created_at: row.now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['key', 'version']).doNothing())
    .execute();
}

export async function findProcessById(db: DbOrTx, id: number) {
  return db.selectFrom('case_processes').select(['id', 'definition']).where('id', '=', id).executeTakeFirst();
}

export async function findProcessVersions(db: DbOrTx) {
  const rows = await db
    .selectFrom('case_processes as p')
    .select([
      'p.id',
      'p.key',
      'p.version',
      'p.name',
      'p.created_at as createdAt',
      (eb) =>
        eb
          .selectFrom('cases as c')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('c.process_id', '=', 'p.id')
          .where('c.step', '<>', 'closed')
          .as('openCases'),
    ])
    .orderBy('p.key')
    .orderBy('p.version', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, openCases: Number(r.openCases ?? 0) }));
}

/** The next number of a daily counter (TS20261127 → 1, 2, …), atomically on both databases. */
export async function nextCounter(trx: Tx, key: string): Promise<number> {
  const row = await trx
    .insertInto('case_counters')
    .values({ key, value: 1 })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql<number>`case_counters.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

// ---- cases ----

export type NewCaseRow = Omit<CaseTable, 'id'>;

export async function insertCase(trx: Tx, row: NewCaseRow): Promise<number> {
  const inserted = await trx.insertInto('cases').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

function caseQuery(db: DbOrTx) {
  return db
    .selectFrom('cases as c')
    .innerJoin('org_units as o', 'o.id', 'c.org_unit_id')
    .innerJoin('org_units as ro', 'ro.id', 'c.registered_org_unit_id')
    .innerJoin('case_processes as p', 'p.id', 'c.process_id')
    .innerJoin('users as ru', 'ru.id', 'c.registered_by')
    .leftJoin('users as h', 'h.id', 'c.holder_user_id')
    .leftJoin('org_units as fo', 'fo.id', 'c.forward_org_unit_id')
    .selectAll('c')
    .select([
      'o.name as orgUnitName',
      'o.path as orgUnitPath',
      'ro.name as registeredOrgUnitName',
      'p.key as processKey',
      'p.version as processVersion',
      'p.name as processName',
      'ru.username as registeredByUsername',
      'ru.name as registeredByName',
      'h.username as holderUsername',
      'h.name as holderName',
      'fo.name as forwardOrgUnitName',
    ]);
}

/** A case as read: its reporter's identity opened (it is sealed at rest), for masking and the reveal. */
function withOpenReporter<T extends { reporter_name: string | null; reporter_phone: string | null }>(row: T): T {
  return { ...row, reporter_name: openValue(row.reporter_name), reporter_phone: openValue(row.reporter_phone) };
}

export type CaseRecord = NonNullable<Awaited<ReturnType<typeof findCase>>>;

export async function findCase(db: DbOrTx, id: number) {
  const row = await caseQuery(db).where('c.id', '=', id).executeTakeFirst();
  return row && withOpenReporter(row);
}

export type CasePatch = Partial<Omit<CaseTable, 'id' | 'case_no' | 'revision'>>;

/**
 * Applies a change only if the case is still where the caller saw it (same step and revision):
 * false means someone else changed it first and nothing was written.
 */
export async function updateCaseGuarded(
  trx: Tx,
  id: number,
  guard: { step: CaseStep; revision: number },
  patch: CasePatch,
): Promise<boolean> {
  const result = await trx
    .updateTable('cases')
    .set({ ...patch, revision: guard.revision + 1 })
    .where('id', '=', id)
    .where('step', '=', guard.step)
    .where('revision', '=', guard.revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Takes the case for `userId` if nobody holds it and it is still in `step`: the atomic claim. */
export async function claimCaseRow(trx: Tx, id: number, step: CaseStep, userId: number, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('cases')
    .set((eb) => ({
      holder_user_id: userId,
      claimed_at: now.toISOString(),
      updated_at: now.toISOString(),
      revision: eb('revision', '+', 1),
    }))
    .where('id', '=', id)
    .where('step', '=', step)
    .where('holder_user_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface CaseFilter {
  scope: OrgScope;
  caseNo?: string;
  category?: CaseCategory;
  step?: CaseStep;
  orgUnitId?: number;
  registeredFrom?: string;
  registeredBefore?: string;
  keyword?: string;
  holderUserId?: number;
  isOverdue?: boolean;
  now?: string;
}

const escapeLike = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function applyCaseFilter<Q extends ReturnType<typeof caseQuery>>(q: Q, f: CaseFilter): Q {
  let out = q.where((eb) => inOrgScope(eb, f.scope, 'c.org_unit_id')) as Q;
  if (f.caseNo) out = out.where('c.case_no', '=', f.caseNo) as Q;
  if (f.category) out = out.where('c.category', '=', f.category) as Q;
  if (f.step) out = out.where('c.step', '=', f.step) as Q;
  if (f.orgUnitId) out = out.where('c.org_unit_id', '=', f.orgUnitId) as Q;
  if (f.registeredFrom) out = out.where('c.registered_at', '>=', f.registeredFrom) as Q;
  if (f.registeredBefore) out = out.where('c.registered_at', '<', f.registeredBefore) as Q;
  if (f.holderUserId) out = out.where('c.holder_user_id', '=', f.holderUserId) as Q;
  if (f.isOverdue && f.now) {
    const now = f.now;
    out = out
      .where('c.step', '<>', 'closed')
      .where((eb) => eb.or([eb('c.due_at', '<', now), eb('c.step_due_at', '<', now)])) as Q;
  }
  if (f.keyword) {
    const like = escapeLike(f.keyword);
    // The reporter's identity is deliberately not searchable: a search would reveal it by elimination.
    out = out.where((eb) =>
      eb.or([
        eb('c.subject_name', 'like', sql<string>`${like} escape '\\'`),
        eb('c.content', 'like', sql<string>`${like} escape '\\'`),
      ]),
    ) as Q;
  }
  return out;
}

export async function countCases(db: DbOrTx, filter: CaseFilter): Promise<number> {
  const row = await applyCaseFilter(caseQuery(db), filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findCases(db: DbOrTx, filter: CaseFilter, page: { limit: number; offset: number }) {
  const rows = await applyCaseFilter(caseQuery(db), filter)
    .orderBy('c.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(withOpenReporter);
}

/**
 * The inbox candidates of a user: open cases in the user's scope that the user holds, or that nobody
 * holds and wait in one of `steps` (the workflow then decides who may claim which).
 */
export async function findInboxCandidates(
  db: DbOrTx,
  options: { userId: number; scope: OrgScope; steps: CaseStep[]; limit: number },
) {
  const q = caseQuery(db)
    .where('c.step', '<>', 'closed')
    .where((eb) => inOrgScope(eb, options.scope, 'c.org_unit_id'))
    .where((eb) =>
      eb.or([
        eb('c.holder_user_id', '=', options.userId),
        ...(options.steps.length > 0
          ? [eb.and([eb('c.holder_user_id', 'is', null), eb('c.step', 'in', options.steps)])]
          : []),
      ]),
    );
  return (await q.orderBy('c.step_due_at').orderBy('c.id').limit(options.limit).execute()).map(withOpenReporter);
}

// ---- events ----

export async function insertEvent(
  trx: Tx,
  row: {
    caseId: number;
    at: Date;
    actorUserId: number | null;
    action: CaseAction | CaseEventKind;
    fromStep: CaseStep | null;
    toStep: CaseStep | null;
    orgUnitId: number;
    holderUserId: number | null;
    fields: Record<string, unknown>;
    stepDueAt: string | null;
  },
): Promise<number> {
  const inserted = await trx
    .insertInto('case_events')
    .values({
      case_id: row.caseId,
      at: row.at.toISOString(),
      actor_user_id: row.actorUserId,
      action: row.action,
      from_step: row.fromStep,
      to_step: row.toStep,
      org_unit_id: row.orgUnitId,
      holder_user_id: row.holderUserId,
      fields: JSON.stringify(row.fields),
      step_due_at: row.stepDueAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findEvents(db: DbOrTx, caseId: number) {
  return db
    .selectFrom('case_events as e')
    .innerJoin('org_units as o', 'o.id', 'e.org_unit_id')
    .leftJoin('users as a', 'a.id', 'e.actor_user_id')
    .leftJoin('users as h', 'h.id', 'e.holder_user_id')
    .select([
      'e.id',
      'e.at',
      'e.action',
      'e.from_step as fromStep',
      'e.to_step as toStep',
      'e.fields',
      'e.step_due_at as stepDueAt',
      'e.org_unit_id as orgUnitId',
      'o.name as orgUnitName',
      'a.id as actorId',
      'a.username as actorUsername',
      'a.name as actorName',
      'h.id as holderId',
      'h.username as holderUsername',
      'h.name as holderName',
    ])
    .where('e.case_id', '=', caseId)
    .orderBy('e.id')
    .execute();
}

// ---- extensions ----

export async function insertExtension(
  trx: Tx,
  row: {
    caseId: number;
    workingDays: number;
    reason: string;
    requestedBy: number;
    now: Date;
    stepDueBefore: string | null;
    dueBefore: string;
  },
): Promise<void> {
  await trx
    .insertInto('case_extensions')
    .values({
      case_id: row.caseId,
      status: 'pending',
      working_days: row.workingDays,
      reason: row.reason,
      requested_by: row.requestedBy,
      requested_at: row.now.toISOString(),
      step_due_before: row.stepDueBefore,
      due_before: row.dueBefore,
      step_due_after: null,
      due_after: null,
      decided_by: null,
      decided_at: null,
      comment: null,
    })
    .execute();
}

export async function findPendingExtension(db: DbOrTx, caseId: number) {
  return db
    .selectFrom('case_extensions')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('status', '=', 'pending')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** Decides a pending request; false when it was decided already. */
export async function decideExtension(
  trx: Tx,
  id: number,
  decision: {
    status: 'approved' | 'denied';
    by: number;
    now: Date;
    comment: string | null;
    stepDueAfter: string | null;
    dueAfter: string | null;
  },
): Promise<boolean> {
  const result = await trx
    .updateTable('case_extensions')
    .set({
      status: decision.status,
      decided_by: decision.by,
      decided_at: decision.now.toISOString(),
      comment: decision.comment,
      step_due_after: decision.stepDueAfter,
      due_after: decision.dueAfter,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findExtensions(db: DbOrTx, caseId: number) {
  return db
    .selectFrom('case_extensions as x')
    .innerJoin('users as r', 'r.id', 'x.requested_by')
    .leftJoin('users as d', 'd.id', 'x.decided_by')
    .select([
      'x.id',
      'x.status',
      'x.working_days as workingDays',
      'x.reason',
      'x.requested_at as requestedAt',
      'r.name as requestedByName',
      'x.step_due_before as stepDueBefore',
      'x.due_before as dueBefore',
      'x.step_due_after as stepDueAfter',
      'x.due_after as dueAfter',
      'x.decided_at as decidedAt',
      'd.name as decidedByName',
      'x.comment',
    ])
    .where('x.case_id', '=', caseId)
    .orderBy('x.id')
    .execute();
}

// ---- attachments ----

export async function insertAttachment(
  trx: Tx,
  row: {
    caseId: number;
    fileName: string;
    contentType: string;
    size: number;
    sha256: string;
    storageKey: string;
    uploadedBy: number;
    now: Date;
  },
): Promise<number> {
  const inserted = await trx
    .insertInto('case_attachments')
    .values({
      case_id: row.caseId,
      file_name: row.fileName,
      content_type: row.contentType,
      size: row.size,
      sha256: row.sha256,
      storage_key: row.storageKey,
      uploaded_by: row.uploadedBy,
      uploaded_at: row.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findAttachments(db: DbOrTx, caseId: number) {
  return db
    .selectFrom('case_attachments as f')
    .innerJoin('users as u', 'u.id', 'f.uploaded_by')
    .select([
      'f.id',
      'f.file_name as fileName',
      'f.content_type as contentType',
      'f.size',
      'f.sha256',
      'f.uploaded_at as uploadedAt',
      'u.name as uploadedByName',
      'f.uploaded_by as uploadedBy',
    ])
    .where('f.case_id', '=', caseId)
    .orderBy('f.id')
    .execute();
}

export async function findAttachment(db: DbOrTx, caseId: number, id: number) {
  return db
    .selectFrom('case_attachments')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function deleteAttachment(trx: Tx, caseId: number, id: number): Promise<void> {
  await trx.deleteFrom('case_attachments').where('case_id', '=', caseId).where('id', '=', id).execute();
}

/** True when the user registered the case or took part in its workflow (an event other than evidence). */
export async function isCaseParticipant(db: DbOrTx, caseId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('case_events')
    .select('id')
    .where('case_id', '=', caseId)
    .where('actor_user_id', '=', userId)
    .where('action', 'not in', ['attach', 'detach'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function countAttachments(db: DbOrTx, caseId: number): Promise<number> {
  const row = await db
    .selectFrom('case_attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findOrgUnitBrief(db: DbOrTx, id: number) {
  return db.selectFrom('org_units').select(['id', 'name', 'path']).where('id', '=', id).executeTakeFirst();
}

// ---- sweeps ----

export async function findCasesToWarn(db: DbOrTx, now: string, limit: number) {
  return db
    .selectFrom('cases')
    .select(['id', 'case_no as caseNo', 'step', 'step_due_at as stepDueAt', 'holder_user_id as holderUserId'])
    .select(['org_unit_id as orgUnitId', 'revision', 'step_entered_at as stepEnteredAt', 'process_id as processId'])
    .where('step_warned_at', 'is', null)
    .where('step_warn_at', '<=', now)
    .where('step', '<>', 'closed')
    .orderBy('step_warn_at')
    .limit(limit)
    .execute();
}

export async function findCasesStepOverdue(db: DbOrTx, now: string, limit: number) {
  return db
    .selectFrom('cases')
    .select(['id', 'case_no as caseNo', 'step', 'step_due_at as stepDueAt', 'holder_user_id as holderUserId'])
    .select(['org_unit_id as orgUnitId', 'revision', 'step_entered_at as stepEnteredAt', 'process_id as processId'])
    .where('step_overdue_at', 'is', null)
    .where('step_due_at', '<', now)
    .where('step', '<>', 'closed')
    .orderBy('step_due_at')
    .limit(limit)
    .execute();
}

export async function findCasesPeriodOverdue(db: DbOrTx, now: string, limit: number) {
  return db
    .selectFrom('cases')
    .select(['id', 'case_no as caseNo', 'step', 'due_at as dueAt', 'holder_user_id as holderUserId'])
    .select(['org_unit_id as orgUnitId', 'revision', 'process_id as processId'])
    .where('overdue_at', 'is', null)
    .where('due_at', '<', now)
    .where('step', '<>', 'closed')
    .orderBy('due_at')
    .limit(limit)
    .execute();
}

/** Sets one flag column once; false when another sweep (or a step change) got there first. */
export async function markCaseFlag(
  trx: Tx,
  id: number,
  column: 'step_warned_at' | 'step_overdue_at' | 'overdue_at',
  guard: { stepEnteredAt?: string; step: CaseStep },
  now: Date,
): Promise<boolean> {
  let q = trx
    .updateTable('cases')
    .set({ [column]: now.toISOString() })
    .where('id', '=', id)
    .where(column, 'is', null)
    .where('step', '=', guard.step);
  if (guard.stepEnteredAt) q = q.where('step_entered_at', '=', guard.stepEnteredAt);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
