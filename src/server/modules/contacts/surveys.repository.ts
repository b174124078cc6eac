import type { Satisfaction, SurveyMethod } from '../../../shared/contacts';
import type { DbOrTx, Tx } from '../../db/connection';
import { inOrgScope, type OrgScope } from '../../platform/auth/scope';

export async function insertSurvey(
  trx: Tx,
  row: {
    contactId: number;
    orgUnitId: number;
    satisfaction: Satisfaction;
    efficiency: number | null;
    accuracy: number | null;
    comment: string | null;
    method: SurveyMethod;
    collectedBy: number | null;
    now: Date;
  },
): Promise<number | undefined> {
  const inserted = await trx
    .insertInto('surveys')
    .values({
      contact_id: row.contactId,
      org_unit_id: row.orgUnitId,
      satisfaction: row.satisfaction,
      efficiency: row.efficiency,
      accuracy: row.accuracy,
      comment: row.comment,
      method: row.method,
      collected_by: row.collectedBy,
      collected_at: row.now.toISOString(),
    })
    .onConflict((oc) => oc.column('contact_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export async function findSurveyOfContact(db: DbOrTx, contactId: number) {
  return db.selectFrom('surveys').selectAll().where('contact_id', '=', contactId).executeTakeFirst();
}

export async function insertFollowUp(
  trx: Tx,
  row: { contactId: number; surveyId: number; orgUnitId: number; now: Date },
): Promise<number> {
  const inserted = await trx
    .insertInto('follow_ups')
    .values({
      contact_id: row.contactId,
      survey_id: row.surveyId,
      org_unit_id: row.orgUnitId,
      status: 'open',
      note: null,
      created_at: row.now.toISOString(),
      done_at: null,
      done_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function insertSurveyRequest(
  trx: Tx,
  row: {
    contactId: number;
    method: 'web' | 'sms';
    tokenHash: string | null;
    phone: string | null;
    now: Date;
    expiresAt: Date;
  },
): Promise<number> {
  const inserted = await trx
    .insertInto('survey_requests')
    .values({
      contact_id: row.contactId,
      method: row.method,
      token_hash: row.tokenHash,
      phone: row.phone,
      status: 'pending',
      created_at: row.now.toISOString(),
      expires_at: row.expiresAt.toISOString(),
      answered_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findWebSurveyRequest(db: DbOrTx, tokenHash: string) {
  return db
    .selectFrom('survey_requests as r')
    .innerJoin('contacts as c', 'c.id', 'r.contact_id')
    .select(['r.id', 'r.contact_id', 'r.status', 'r.expires_at', 'c.contact_no', 'c.type', 'c.started_at'])
    .where('r.token_hash', '=', tokenHash)
    .where('r.method', '=', 'web')
    .executeTakeFirst();
}

/** The latest open SMS survey of a phone number that has not expired. */
export async function findOpenSmsRequest(db: DbOrTx, phone: string, now: Date) {
  return db
    .selectFrom('survey_requests')
    .select(['id', 'contact_id'])
    .where('phone', '=', phone)
    .where('status', '=', 'pending')
    .where('method', '=', 'sms')
    .where('expires_at', '>', now.toISOString())
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** Closes a pending request as answered (or superseded); 0 when it was closed before. */
export async function closeSurveyRequest(
  trx: Tx,
  id: number,
  status: 'answered' | 'superseded',
  now: Date,
): Promise<number> {
  const result = await trx
    .updateTable('survey_requests')
    .set({ status, answered_at: now.toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function linkSmsToRequest(trx: Tx, inboundId: number, requestId: number): Promise<void> {
  await trx.updateTable('sms_inbound').set({ survey_request_id: requestId }).where('id', '=', inboundId).execute();
}

export interface SurveyQuery {
  from: string;
  to: string;
  scope: OrgScope;
  method?: SurveyMethod | undefined;
}

function surveysIn(db: DbOrTx, q: SurveyQuery) {
  let query = db.selectFrom('surveys as s').where('s.collected_at', '>=', q.from).where('s.collected_at', '<', q.to);
  query = query.where((eb) => inOrgScope(eb, q.scope, 's.org_unit_id'));
  if (q.method) query = query.where('s.method', '=', q.method);
  return query;
}

export async function countSurveysBySatisfaction(db: DbOrTx, q: SurveyQuery) {
  return surveysIn(db, q)
    .select(['s.satisfaction', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('s.satisfaction')
    .execute();
}

function surveyRowsIn(db: DbOrTx, q: SurveyQuery & { satisfaction?: Satisfaction | undefined }) {
  let query = surveysIn(db, q)
    .innerJoin('contacts as c', 'c.id', 's.contact_id')
    .innerJoin('users as u', 'u.id', 'c.agent_id')
    .select([
      's.id',
      's.contact_id',
      's.satisfaction',
      's.efficiency',
      's.accuracy',
      's.comment',
      's.method',
      's.collected_at',
      'c.contact_no',
      'c.subject',
      'c.type',
      'u.name as agent_name',
    ]);
  if (q.satisfaction) query = query.where('s.satisfaction', '=', q.satisfaction);
  return query;
}

export async function findSurveys(
  db: DbOrTx,
  q: SurveyQuery & { satisfaction?: Satisfaction | undefined },
  page: { limit: number; offset: number },
) {
  return surveyRowsIn(db, q).orderBy('s.id', 'desc').limit(page.limit).offset(page.offset).execute();
}

/** The next batch of surveys below an id (newest first), for the export's keyset reading. */
export async function findSurveyBatch(
  db: DbOrTx,
  q: SurveyQuery & { satisfaction?: Satisfaction | undefined },
  beforeId: number | null,
  limit: number,
) {
  let query = surveyRowsIn(db, q);
  if (beforeId !== null) query = query.where('s.id', '<', beforeId);
  return query.orderBy('s.id', 'desc').limit(limit).execute();
}

export async function findFollowUps(db: DbOrTx, status: 'open' | 'done', scope: OrgScope) {
  let q = db
    .selectFrom('follow_ups as f')
    .innerJoin('surveys as s', 's.id', 'f.survey_id')
    .innerJoin('contacts as c', 'c.id', 'f.contact_id')
    .innerJoin('users as a', 'a.id', 'c.agent_id')
    .leftJoin('users as d', 'd.id', 'f.done_by')
    .select([
      'f.id',
      'f.contact_id',
      'f.status',
      'f.note',
      'f.created_at',
      'f.done_at',
      'd.name as done_by_name',
      's.method',
      's.comment',
      'c.contact_no',
      'c.subject',
      'a.name as agent_name',
    ])
    .where('f.status', '=', status);
  q = q.where((eb) => inOrgScope(eb, scope, 'f.org_unit_id'));
  return q
    .orderBy('f.id', status === 'open' ? 'asc' : 'desc')
    .limit(200)
    .execute();
}

export async function countOpenFollowUps(db: DbOrTx, scope: OrgScope): Promise<number> {
  let q = db
    .selectFrom('follow_ups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'open');
  q = q.where((eb) => inOrgScope(eb, scope, 'org_unit_id'));
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

export async function findFollowUp(db: DbOrTx, id: number) {
  return db
    .selectFrom('follow_ups as f')
    .innerJoin('org_units as o', 'o.id', 'f.org_unit_id')
    .select(['f.id', 'f.contact_id', 'f.status', 'o.path'])
    .where('f.id', '=', id)
    .executeTakeFirst();
}

/** Closes an open follow-up; 0 when someone closed it first. */
export async function completeFollowUp(trx: Tx, id: number, note: string, by: number, now: Date): Promise<number> {
  const result = await trx
    .updateTable('follow_ups')
    .set({ status: 'done', note, done_at: now.toISOString(), done_by: by })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
