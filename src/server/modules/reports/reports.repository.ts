import { type Expression, type ExpressionBuilder, PostgresAdapter, type SqlBool, sql } from 'kysely';
import type { DbOrTx } from '../../db/connection';
import { inOrgScope, type OrgScope } from '../../platform/auth/scope';

/**
 * Every SQL statement of the statistics: grouped aggregates over contacts, transfers, cases and
 * surveys of a period [from, to) (ISO-8601 UTC instants), optionally limited to a set of org units.
 * Timestamps are ISO text in both databases, so the hour of a contact is `substr(started_at, 1, 13)`
 * (a UTC hour); the service turns UTC hours into Shanghai days and hours.
 */

export interface ReportRange {
  from: string;
  to: string;
  /** The org units reported on. */
  scope: OrgScope;
}

const num = (value: unknown) => Number(value ?? 0);

const isPostgres = (db: DbOrTx) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * The FROM of a period's contact aggregates. With ANALYZE statistics SQLite's planner prefers a
 * skip-scan of contacts_agent_started (and a table lookup per row) to the covering contacts_report
 * index — about three times slower at a million contacts — so on SQLite the FROM names the index.
 * PostgreSQL plans it well on its own.
 */
function contactsFrom(db: DbOrTx): 'contacts as c' {
  if (isPostgres(db)) return 'contacts as c';
  return sql`"contacts" as "c" indexed by "contacts_report"` as unknown as 'contacts as c';
}

/** Surveys of a period, read through their collected_at index on SQLite (see contactsFrom). */
function surveysFrom(db: DbOrTx): 'surveys as s' {
  if (isPostgres(db)) return 'surveys as s';
  return sql`"surveys" as "s" indexed by "surveys_collected"` as unknown as 'surveys as s';
}

/** Seconds between two ISO timestamp columns, in each dialect's own way. */
function secondsBetween(db: DbOrTx, fromColumn: string, toColumn: string) {
  return isPostgres(db)
    ? sql<number>`extract(epoch from (cast(${sql.ref(toColumn)} as timestamptz) - cast(${sql.ref(fromColumn)} as timestamptz)))`
    : sql<number>`((julianday(${sql.ref(toColumn)}) - julianday(${sql.ref(fromColumn)})) * 86400.0)`;
}

/** How many rows of the group meet the condition. */
const countWhen = <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, condition: Expression<SqlBool>) =>
  eb.fn.sum<number>(eb.case().when(condition).then(1).else(0).end());

/** An org unit's name and materialised path. */
export async function findOrgUnit(db: DbOrTx, orgUnitId: number) {
  return db.selectFrom('org_units').select(['id', 'name', 'path']).where('id', '=', orgUnitId).executeTakeFirst();
}

function contactsOfRange(db: DbOrTx, range: ReportRange) {
  return db
    .selectFrom(contactsFrom(db))
    .where('c.started_at', '>=', range.from)
    .where('c.started_at', '<', range.to)
    .where((eb) => inOrgScope(eb, range.scope, 'c.org_unit_id'));
}

/**
 * Per UTC hour of the period: contacts, those answered on the spot, and agent-hours (the agents
 * with at least one contact in that hour) — one pass over the covering index.
 */
export async function countContactsByHour(db: DbOrTx, range: ReportRange) {
  const bucket = sql<string>`substr(${sql.ref('c.started_at')}, 1, 13)`;
  const perAgent = contactsOfRange(db, range)
    .select((eb) => [
      bucket.as('bucket'),
      'c.agent_id',
      eb.fn.countAll<number>().as('n'),
      countWhen(eb, eb.and([eb('c.outcome', '=', 'answered')])).as('answered'),
    ])
    .groupBy([bucket, 'c.agent_id']);
  const rows = await db
    .selectFrom(perAgent.as('h'))
    .select((eb) => [
      'h.bucket',
      eb.fn.sum<number>('h.n').as('contacts'),
      eb.fn.sum<number>('h.answered').as('answered'),
      eb.fn.countAll<number>().as('agentHours'),
    ])
    .groupBy('h.bucket')
    .execute();
  return rows.map((r) => ({
    bucket: r.bucket,
    contacts: num(r.contacts),
    answered: num(r.answered),
    agentHours: num(r.agentHours),
  }));
}

/** Contacts of the period by channel, type and tax kind (one pass; a few hundred groups at most). */
export async function countContactsByChannelTypeAndTaxKind(db: DbOrTx, range: ReportRange) {
  const rows = await contactsOfRange(db, range)
    .select((eb) => ['c.channel', 'c.type', 'c.tax_kind', eb.fn.countAll<number>().as('n')])
    .groupBy(['c.channel', 'c.type', 'c.tax_kind'])
    .execute();
  return rows.map((r) => ({ channel: r.channel, type: r.type, taxKind: r.tax_kind, count: num(r.n) }));
}

/**
 * Transfers created in the period (of contacts registered in the org units), per department: on time
 * (handled by the due time), overdue (handled late or open past due at `nowIso`), open, answered and
 * the total seconds from transfer to answer.
 */
export async function countTransfersByDepartment(db: DbOrTx, range: ReportRange, nowIso: string) {
  let q = db
    .selectFrom('transfers as t')
    .innerJoin('departments as d', 'd.id', 't.department_id')
    .where('t.created_at', '>=', range.from)
    .where('t.created_at', '<', range.to);
  const { scope } = range;
  if (scope.kind !== 'all') {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('contacts as c')
          .select('c.id')
          .whereRef('c.id', '=', 't.contact_id')
          .where((inner) => inOrgScope(inner, scope, 'c.org_unit_id')),
      ),
    );
  }
  const answerSeconds = secondsBetween(db, 't.created_at', 't.answered_at');
  const rows = await q
    .select((eb) => [
      'd.id as departmentId',
      'd.name',
      eb.fn.countAll<number>().as('total'),
      countWhen(eb, eb.and([eb('t.handled_at', 'is not', null), eb('t.handled_at', '<=', eb.ref('t.due_at'))])).as(
        'onTime',
      ),
      countWhen(
        eb,
        eb.or([
          eb.and([eb('t.handled_at', 'is not', null), eb('t.handled_at', '>', eb.ref('t.due_at'))]),
          eb.and([eb('t.handled_at', 'is', null), eb('t.status', '=', 'open'), eb('t.due_at', '<', nowIso)]),
        ]),
      ).as('overdue'),
      countWhen(eb, eb.and([eb('t.status', '=', 'open')])).as('open'),
      countWhen(eb, eb.and([eb('t.answered_at', 'is not', null)])).as('answered'),
      eb.fn
        .sum<number>(eb.case().when('t.answered_at', 'is not', null).then(answerSeconds).else(0).end())
        .as('answerSeconds'),
    ])
    .groupBy(['d.id', 'd.name'])
    .execute();
  return rows.map((r) => ({
    departmentId: r.departmentId,
    name: r.name,
    total: num(r.total),
    onTime: num(r.onTime),
    overdue: num(r.overdue),
    open: num(r.open),
    answered: num(r.answered),
    answerSeconds: num(r.answerSeconds),
  }));
}

function casesOfRange(db: DbOrTx, range: ReportRange) {
  return db
    .selectFrom('cases as k')
    .where('k.registered_at', '>=', range.from)
    .where('k.registered_at', '<', range.to)
    .where((eb) => inOrgScope(eb, range.scope, 'k.org_unit_id'));
}

/** Complaints and reports registered in the period, by category and current step. */
export async function countCasesByStep(db: DbOrTx, range: ReportRange) {
  const rows = await casesOfRange(db, range)
    .select((eb) => ['k.category', 'k.step', eb.fn.countAll<number>().as('n')])
    .groupBy(['k.category', 'k.step'])
    .execute();
  return rows.map((r) => ({ category: r.category, step: r.step, count: num(r.n) }));
}

/** Complaints and reports registered in the period, by their classification (JSON text, null until accepted). */
export async function countCasesByClassification(db: DbOrTx, range: ReportRange) {
  const rows = await casesOfRange(db, range)
    .select((eb) => ['k.classification', eb.fn.countAll<number>().as('n')])
    .groupBy('k.classification')
    .execute();
  return rows.map((r) => ({ classification: r.classification, count: num(r.n) }));
}

function surveysOfRange(db: DbOrTx, range: ReportRange) {
  return db
    .selectFrom(surveysFrom(db))
    .innerJoin('contacts as c', 'c.id', 's.contact_id')
    .where('s.collected_at', '>=', range.from)
    .where('s.collected_at', '<', range.to)
    .where((eb) => inOrgScope(eb, range.scope, 's.org_unit_id'));
}

const ratedAs = (value: string) =>
  sql<number>`sum(case when ${sql.ref('s.satisfaction')} = ${value} then 1 else 0 end)`;

/** The counts of a group of surveys by rating. */
const satisfactionCounts = () => [
  sql<number>`count(*)`.as('responses'),
  ratedAs('satisfied').as('satisfied'),
  ratedAs('basically_satisfied').as('basicallySatisfied'),
  ratedAs('unsatisfied').as('unsatisfied'),
];

interface SatisfactionRow {
  responses: unknown;
  satisfied: unknown;
  basicallySatisfied: unknown;
  unsatisfied: unknown;
}

const satisfactionOf = (r: SatisfactionRow) => ({
  responses: num(r.responses),
  satisfied: num(r.satisfied),
  basicallySatisfied: num(r.basicallySatisfied),
  unsatisfied: num(r.unsatisfied),
});

/** Surveys collected in the period by the agent of the contact (with the agent's name). */
export async function countSatisfactionByAgent(db: DbOrTx, range: ReportRange) {
  const rows = await surveysOfRange(db, range)
    .innerJoin('users as u', 'u.id', 'c.agent_id')
    .select(['u.id as key', 'u.name', ...satisfactionCounts()])
    .groupBy(['u.id', 'u.name'])
    .execute();
  return rows.map((r) => ({ key: String(r.key), name: r.name, ...satisfactionOf(r as SatisfactionRow) }));
}

/** Surveys collected in the period by the contact's type. */
export async function countSatisfactionByType(db: DbOrTx, range: ReportRange) {
  const rows = await surveysOfRange(db, range)
    .select(['c.type as key', ...satisfactionCounts()])
    .groupBy('c.type')
    .execute();
  return rows.map((r) => ({ key: r.key, ...satisfactionOf(r as SatisfactionRow) }));
}

/** Surveys collected in the period of contacts a department answered, by that department. */
export async function countSatisfactionByDepartment(db: DbOrTx, range: ReportRange) {
  // Grouped by department id first, then named: the surveys of the period drive the join.
  const grouped = surveysOfRange(db, range)
    .innerJoin('transfers as t', (join) =>
      join.onRef('t.contact_id', '=', 's.contact_id').on('t.status', '=', 'answered'),
    )
    .select(['t.department_id', ...satisfactionCounts()])
    .groupBy('t.department_id');
  const rows = await db
    .selectFrom(grouped.as('g'))
    .innerJoin('departments as d', 'd.id', 'g.department_id')
    .select(['d.id as key', 'd.name', 'g.responses', 'g.satisfied', 'g.basicallySatisfied', 'g.unsatisfied'])
    .execute();
  return rows.map((r) => ({ key: String(r.key), name: r.name, ...satisfactionOf(r as SatisfactionRow) }));
}

/** All surveys collected in the period. */
export async function countSatisfaction(db: DbOrTx, range: ReportRange) {
  const row = await surveysOfRange(db, range).select(satisfactionCounts()).executeTakeFirst();
  return satisfactionOf((row ?? {}) as SatisfactionRow);
}

/**
 * The questions of a period for the hot-question analysis: identical (subject, tax kind, articles used)
 * grouped with their count, the most frequent first, at most `limit` groups.
 */
export async function findQuestionGroups(db: DbOrTx, range: ReportRange, limit: number) {
  const rows = await contactsOfRange(db, range)
    .select((eb) => ['c.subject', 'c.tax_kind', 'c.kb_articles', eb.fn.countAll<number>().as('n')])
    .groupBy(['c.subject', 'c.tax_kind', 'c.kb_articles'])
    .orderBy('n', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ subject: r.subject, taxKind: r.tax_kind, kbArticles: r.kb_articles, count: num(r.n) }));
}

/**
 * The call-centre figures' sums per UTC hour and agent, over the inbound calls started in the period
 * (the PBX's times): offered, queued for an agent, answered, abandoned in the IVR and in a queue,
 * answered within `serviceLevelSeconds` of entering the queue, the waits and talk times to average.
 * A subtree's figures take the calls of its agents and the calls no agent took, as the call log does.
 */
export async function countCallsByHourAndAgent(db: DbOrTx, range: ReportRange, serviceLevelSeconds: number) {
  const bucket = sql<string>`substr(${sql.ref('k.started_at')}, 1, 13)`;
  const wait = secondsBetween(db, 'k.queued_at', 'k.answered_at');
  const rows = await db
    .selectFrom('calls as k')
    .leftJoin('users as u', 'u.id', 'k.agent_id')
    .where('k.direction', '=', 'in')
    .where('k.started_at', '>=', range.from)
    .where('k.started_at', '<', range.to)
    .where((eb) => eb.or([eb('k.agent_id', 'is', null), inOrgScope(eb, range.scope, 'u.org_unit_id')]))
    .select((eb) => {
      const answered = eb('k.answered_at', 'is not', null);
      const waited = eb.and([answered, eb('k.queued_at', 'is not', null)]);
      const talked = eb.and([answered, eb('k.duration_seconds', 'is not', null)]);
      return [
        bucket.as('bucket'),
        'k.agent_id',
        'u.name as agent_name',
        eb.fn.countAll<number>().as('offered'),
        countWhen(eb, eb('k.queued_at', 'is not', null)).as('queued'),
        countWhen(eb, answered).as('answered'),
        countWhen(eb, eb('k.abandon_where', '=', 'ivr')).as('abandonedInIvr'),
        countWhen(eb, eb('k.abandon_where', '=', 'queue')).as('abandonedInQueue'),
        // julianday's floating point makes 20 s come out as 20.000001: compare whole seconds.
        countWhen(eb, eb.and([waited, eb(sql`round(${wait})`, '<=', serviceLevelSeconds)])).as('withinServiceLevel'),
        countWhen(eb, waited).as('waits'),
        eb.fn.sum<number>(eb.case().when(waited).then(wait).else(0).end()).as('waitSeconds'),
        countWhen(eb, talked).as('talks'),
        eb.fn.sum<number>(eb.case().when(talked).then(eb.ref('k.duration_seconds')).else(0).end()).as('talkSeconds'),
        eb.fn.sum<number>('k.hold_seconds').as('holdSeconds'),
      ];
    })
    .groupBy([bucket, 'k.agent_id', 'u.name'])
    .execute();
  return rows.map((r) => ({
    bucket: r.bucket,
    agentId: r.agent_id,
    agentName: r.agent_name,
    offered: num(r.offered),
    queued: num(r.queued),
    answered: num(r.answered),
    abandonedInIvr: num(r.abandonedInIvr),
    abandonedInQueue: num(r.abandonedInQueue),
    withinServiceLevel: num(r.withinServiceLevel),
    waits: num(r.waits),
    waitSeconds: num(r.waitSeconds),
    talks: num(r.talks),
    talkSeconds: num(r.talkSeconds),
    holdSeconds: num(r.holdSeconds),
  }));
}
