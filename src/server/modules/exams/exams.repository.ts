import { sql } from 'kysely';
import type { AttemptStatus, Difficulty, QuestionType } from '../../../shared/exams';
import type { DbOrTx, Tx } from '../../db/connection';
import type { OrgScope } from '../../platform/auth/scope';
import { inOrgScope } from '../../platform/auth/scope';

// ---- questions ----

export interface QuestionRow {
  id: number;
  type: QuestionType;
  stem: string;
  options: string[];
  answer: string;
  explanation: string | null;
  taxKind: string;
  area: string;
  difficulty: Difficulty;
  source: string | null;
  isRetired: boolean;
  updatedAt: string;
}

export interface NewQuestion {
  type: QuestionType;
  stem: string;
  options: string[];
  answer: string;
  explanation: string | null;
  taxKind: string;
  area: string;
  difficulty: Difficulty;
  source: string | null;
}

const questionColumns = [
  'q.id',
  'q.type',
  'q.stem',
  'q.options',
  'q.answer',
  'q.explanation',
  'q.tax_kind as taxKind',
  'q.area',
  'q.difficulty',
  'q.source',
  'q.is_retired as isRetired',
  'q.updated_at as updatedAt',
] as const;

type RawQuestion = Omit<QuestionRow, 'options' | 'isRetired'> & { options: string; isRetired: number };
const toQuestion = (r: RawQuestion): QuestionRow => ({
  ...r,
  options: JSON.parse(r.options) as string[],
  isRetired: r.isRetired === 1,
});

/** A question's columns as stored. */
function questionValues(q: NewQuestion) {
  return {
    type: q.type,
    stem: q.stem,
    options: JSON.stringify(q.options),
    answer: q.answer,
    explanation: q.explanation,
    tax_kind: q.taxKind,
    area: q.area,
    difficulty: q.difficulty,
  };
}

export async function insertQuestions(trx: Tx, rows: NewQuestion[], by: number | null, now: Date): Promise<number[]> {
  if (rows.length === 0) return [];
  const at = now.toISOString();
  const inserted = await trx
    .insertInto('exam_questions')
    .values(
      rows.map((q) => ({ ...questionValues(q), source: q.source, created_by: by, created_at: at, updated_at: at })),
    )
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

export async function updateQuestion(trx: Tx, id: number, q: NewQuestion, now: Date): Promise<void> {
  await trx
    .updateTable('exam_questions')
    .set({ ...questionValues(q), updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

export async function setQuestionRetired(trx: Tx, id: number, isRetired: boolean, now: Date): Promise<void> {
  await trx
    .updateTable('exam_questions')
    .set({ is_retired: isRetired ? 1 : 0, updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

export async function findQuestion(db: DbOrTx, id: number): Promise<QuestionRow | undefined> {
  const row = await db
    .selectFrom('exam_questions as q')
    .select(questionColumns)
    .where('q.id', '=', id)
    .executeTakeFirst();
  return row && toQuestion(row);
}

export async function findQuestions(db: DbOrTx, ids: readonly number[]): Promise<QuestionRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('exam_questions as q').select(questionColumns).where('q.id', 'in', ids).execute();
  return rows.map(toQuestion);
}

/**
 * The condition "a cited knowledge-base article was revised (another published version), expired or
 * made void since the question cited it". Reads the knowledge base's article row, the one fact of
 * another module this module's SQL touches.
 */
function needsReviewSql(today: string) {
  return sql<number>`case when exists (
    select 1 from exam_question_citations c join kb_articles a on a.id = c.article_id
    where c.question_id = q.id and (a.published_version <> c.cited_version or a.validity <> 'in_force'
      or (a.expires_on is not null and a.expires_on <= ${today}))) then 1 else 0 end`;
}

export interface QuestionFilter {
  q?: string | undefined;
  type?: QuestionType | undefined;
  taxKind?: string | undefined;
  area?: string | undefined;
  difficulty?: Difficulty | undefined;
  state?: 'active' | 'retired' | 'review' | undefined;
}

export async function listQuestions(
  db: DbOrTx,
  filter: QuestionFilter,
  page: { limit: number; offset: number },
  today: string,
) {
  let query = db.selectFrom('exam_questions as q');
  if (filter.q) query = query.where('q.stem', 'like', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.type) query = query.where('q.type', '=', filter.type);
  if (filter.taxKind) query = query.where('q.tax_kind', '=', filter.taxKind);
  if (filter.area) query = query.where('q.area', '=', filter.area);
  if (filter.difficulty) query = query.where('q.difficulty', '=', filter.difficulty);
  if (filter.state === 'retired') query = query.where('q.is_retired', '=', 1);
  else query = query.where('q.is_retired', '=', 0);
  if (filter.state === 'review') query = query.where(needsReviewSql(today), '=', 1);
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select(questionColumns)
    .select(needsReviewSql(today).as('needsReview'))
    .orderBy('q.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const ids = rows.map((r) => r.id);
  const citations = await findCitations(db, ids);
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      ...toQuestion(r),
      needsReview: Number(r.needsReview) === 1,
      articleIds: citations.get(r.id) ?? [],
    })),
  };
}

async function findCitations(db: DbOrTx, questionIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (questionIds.length === 0) return out;
  const rows = await db
    .selectFrom('exam_question_citations')
    .select(['question_id', 'article_id'])
    .where('question_id', 'in', questionIds)
    .execute();
  for (const r of rows) out.set(r.question_id, [...(out.get(r.question_id) ?? []), r.article_id]);
  return out;
}

/** Cites the articles at their current published version (replacing the question's citations). */
export async function replaceCitations(trx: Tx, questionId: number, articleIds: number[]): Promise<number[]> {
  await trx.deleteFrom('exam_question_citations').where('question_id', '=', questionId).execute();
  if (articleIds.length === 0) return [];
  const articles = await trx
    .selectFrom('kb_articles')
    .select(['id', 'published_version'])
    .where('id', 'in', articleIds)
    .where('published_version', 'is not', null)
    .execute();
  if (articles.length > 0) {
    await trx
      .insertInto('exam_question_citations')
      .values(
        articles.map((a) => ({ question_id: questionId, article_id: a.id, cited_version: a.published_version ?? 0 })),
      )
      .execute();
  }
  return articles.map((a) => a.id);
}

/** Active questions matching a rule, ids only (the bank holds thousands at most). */
export async function findDrawableQuestionIds(
  db: DbOrTx,
  rule: {
    taxKind?: string | undefined;
    area?: string | undefined;
    difficulty?: string | undefined;
    type?: string | undefined;
  },
): Promise<number[]> {
  let query = db.selectFrom('exam_questions').select('id').where('is_retired', '=', 0);
  if (rule.taxKind) query = query.where('tax_kind', '=', rule.taxKind);
  if (rule.area) query = query.where('area', '=', rule.area);
  if (rule.difficulty) query = query.where('difficulty', '=', rule.difficulty as Difficulty);
  if (rule.type) query = query.where('type', '=', rule.type as QuestionType);
  return (await query.orderBy('id').execute()).map((r) => r.id);
}

export async function countQuestionsFromSource(db: DbOrTx, source: string): Promise<number> {
  const row = await db
    .selectFrom('exam_questions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('source', '=', source)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- exams ----

export interface ExamRow {
  id: number;
  title: string;
  orgUnitId: number;
  orgUnitPath: string;
  durationMinutes: number;
  opensAt: string;
  closesAt: string;
  passMark: number;
  maxScore: number;
  maxAttempts: number;
  makeUpOf: number | null;
  stage: string | null;
  createdAt: string;
}

function examsQuery(db: DbOrTx) {
  return db
    .selectFrom('exams as e')
    .innerJoin('org_units as o', 'o.id', 'e.org_unit_id')
    .select([
      'e.id',
      'e.title',
      'e.org_unit_id as orgUnitId',
      'o.path as orgUnitPath',
      'e.duration_minutes as durationMinutes',
      'e.opens_at as opensAt',
      'e.closes_at as closesAt',
      'e.pass_mark as passMark',
      'e.max_score as maxScore',
      'e.max_attempts as maxAttempts',
      'e.make_up_of as makeUpOf',
      'e.stage',
      'e.created_at as createdAt',
    ])
    .select((eb) => [
      eb
        .selectFrom('exam_paper_questions as p')
        .whereRef('p.exam_id', '=', 'e.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('questionCount'),
      eb
        .selectFrom('exam_participants as x')
        .whereRef('x.exam_id', '=', 'e.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('participantCount'),
    ]);
}

const toExam = <T extends { questionCount: unknown; participantCount: unknown }>(r: T) => ({
  ...r,
  questionCount: Number(r.questionCount),
  participantCount: Number(r.participantCount),
});

export async function findExam(db: DbOrTx, id: number) {
  const row = await examsQuery(db).where('e.id', '=', id).executeTakeFirst();
  return row && toExam(row);
}

export async function listExams(db: DbOrTx, scope: OrgScope) {
  const rows = await examsQuery(db)
    .where((eb) => inOrgScope(eb, scope, 'e.org_unit_id'))
    .orderBy('e.id', 'desc')
    .limit(500)
    .execute();
  return rows.map(toExam);
}

export async function listExamsOf(db: DbOrTx, userId: number) {
  const rows = await examsQuery(db)
    .innerJoin('exam_participants as me', (j) => j.onRef('me.exam_id', '=', 'e.id').on('me.user_id', '=', userId))
    .orderBy('e.opens_at', 'desc')
    .limit(200)
    .execute();
  return rows.map(toExam);
}

export async function insertExam(
  trx: Tx,
  exam: {
    title: string;
    orgUnitId: number;
    durationMinutes: number;
    opensAt: string;
    closesAt: string;
    passMark: number;
    maxScore: number;
    maxAttempts: number;
    rules: string | null;
    makeUpOf: number | null;
    stage: string | null;
    createdBy: number | null;
    now: Date;
  },
): Promise<number> {
  const row = await trx
    .insertInto('exams')
    .values({
      title: exam.title,
      org_unit_id: exam.orgUnitId,
      duration_minutes: exam.durationMinutes,
      opens_at: exam.opensAt,
      closes_at: exam.closesAt,
      pass_mark: exam.passMark,
      max_score: exam.maxScore,
      max_attempts: exam.maxAttempts,
      rules: exam.rules,
      make_up_of: exam.makeUpOf,
      stage: exam.stage,
      created_by: exam.createdBy,
      created_at: exam.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertPaper(
  trx: Tx,
  examId: number,
  questions: Array<{ questionId: number; points: number }>,
  participantIds: number[],
  graderIds: number[],
): Promise<void> {
  await trx
    .insertInto('exam_paper_questions')
    .values(
      questions.map((q, i) => ({ exam_id: examId, question_id: q.questionId, position: i + 1, points: q.points })),
    )
    .execute();
  await trx
    .insertInto('exam_participants')
    .values(participantIds.map((user_id) => ({ exam_id: examId, user_id })))
    .execute();
  if (graderIds.length > 0) {
    await trx
      .insertInto('exam_graders')
      .values(graderIds.map((user_id) => ({ exam_id: examId, user_id })))
      .execute();
  }
}

/** The users among `ids` whose org unit lies in `scope` and who are not disabled. */
export async function findUsersInScope(db: DbOrTx, ids: number[], scope: OrgScope): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('users as u')
    .select('u.id')
    .where('u.id', 'in', ids)
    .where('u.is_disabled', '=', 0)
    .where((eb) => inOrgScope(eb, scope, 'u.org_unit_id'))
    .execute();
  return new Set(rows.map((r) => r.id));
}

export interface PaperQuestion {
  id: number;
  type: QuestionType;
  stem: string;
  options: string[];
  answer: string;
  explanation: string | null;
  points: number;
  position: number;
  taxKind: string;
}

export async function findPaper(db: DbOrTx, examId: number): Promise<PaperQuestion[]> {
  const rows = await db
    .selectFrom('exam_paper_questions as p')
    .innerJoin('exam_questions as q', 'q.id', 'p.question_id')
    .select([
      'q.id',
      'q.type',
      'q.stem',
      'q.options',
      'q.answer',
      'q.explanation',
      'p.points',
      'p.position',
      'q.tax_kind as taxKind',
    ])
    .where('p.exam_id', '=', examId)
    .orderBy('p.position')
    .execute();
  return rows.map((r) => ({ ...r, options: JSON.parse(r.options) as string[] }));
}

export async function isParticipant(db: DbOrTx, examId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('exam_participants')
    .select('user_id')
    .where('exam_id', '=', examId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return !!row;
}

export async function isGrader(db: DbOrTx, examId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('exam_graders')
    .select('user_id')
    .where('exam_id', '=', examId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return !!row;
}

/** Exams linked to this one by make-up (补考) in either direction, this one included. */
export async function findExamFamily(db: DbOrTx, examId: number) {
  const seen = new Map<number, { id: number; closesAt: string; maxAttempts: number }>();
  const queued = new Set([examId]);
  let frontier = [examId];
  while (frontier.length > 0 && seen.size < 50) {
    const ids = frontier;
    const rows = await db
      .selectFrom('exams')
      .select(['id', 'closes_at as closesAt', 'max_attempts as maxAttempts', 'make_up_of as makeUpOf'])
      .where((eb) => eb.or([eb('id', 'in', ids), eb('make_up_of', 'in', ids)]))
      .execute();
    frontier = [];
    for (const r of rows) {
      seen.set(r.id, { id: r.id, closesAt: r.closesAt, maxAttempts: r.maxAttempts });
      for (const next of [r.id, r.makeUpOf]) {
        if (next !== null && !queued.has(next)) {
          queued.add(next);
          frontier.push(next);
        }
      }
    }
  }
  return [...seen.values()];
}

// ---- attempts ----

export interface AttemptRow {
  id: number;
  examId: number;
  userId: number;
  attemptNo: number;
  status: AttemptStatus;
  layout: string;
  startedAt: string;
  endsAt: string;
  submittedAt: string | null;
  score: number | null;
  maxScore: number;
  passed: number | null;
}

const attemptColumns = [
  'id',
  'exam_id as examId',
  'user_id as userId',
  'attempt_no as attemptNo',
  'status',
  'layout',
  'started_at as startedAt',
  'ends_at as endsAt',
  'submitted_at as submittedAt',
  'score',
  'max_score as maxScore',
  'passed',
] as const;

export async function findAttempt(db: DbOrTx, id: number): Promise<AttemptRow | undefined> {
  return db.selectFrom('exam_attempts').select(attemptColumns).where('id', '=', id).executeTakeFirst();
}

export async function findAttemptsOf(db: DbOrTx, examId: number, userId: number): Promise<AttemptRow[]> {
  return db
    .selectFrom('exam_attempts')
    .select(attemptColumns)
    .where('exam_id', '=', examId)
    .where('user_id', '=', userId)
    .orderBy('attempt_no')
    .execute();
}

export async function findAttemptsOfExam(db: DbOrTx, examId: number): Promise<AttemptRow[]> {
  return db.selectFrom('exam_attempts').select(attemptColumns).where('exam_id', '=', examId).orderBy('id').execute();
}

export async function insertAttempt(
  trx: Tx,
  a: {
    examId: number;
    userId: number;
    attemptNo: number;
    layout: string;
    startedAt: string;
    endsAt: string;
    maxScore: number;
  },
): Promise<number> {
  const row = await trx
    .insertInto('exam_attempts')
    .values({
      exam_id: a.examId,
      user_id: a.userId,
      attempt_no: a.attemptNo,
      status: 'in_progress',
      layout: a.layout,
      started_at: a.startedAt,
      ends_at: a.endsAt,
      max_score: a.maxScore,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The attempt with the paper question an answer is for: what saving an answer checks, in one query. */
export async function findAttemptForAnswer(db: DbOrTx, attemptId: number, questionId: number) {
  return db
    .selectFrom('exam_attempts as a')
    .leftJoin('exam_paper_questions as p', (j) =>
      j.onRef('p.exam_id', '=', 'a.exam_id').on('p.question_id', '=', questionId),
    )
    .leftJoin('exam_questions as q', 'q.id', 'p.question_id')
    .select(['a.user_id as userId', 'a.status', 'a.ends_at as endsAt', 'q.type', 'q.options'])
    .where('a.id', '=', attemptId)
    .executeTakeFirst();
}

/**
 * Holds the attempt while an answer is stored: a no-op update of the still-open attempt (on
 * PostgreSQL it locks the row, so a submission waits for the answer and grades it). 0 when the
 * attempt is no longer open.
 */
export async function holdOpenAttempt(trx: Tx, attemptId: number, now: string): Promise<number> {
  const result = await trx
    .updateTable('exam_attempts')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', attemptId)
    .where('status', '=', 'in_progress')
    .where('ends_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function upsertAnswer(trx: Tx, attemptId: number, questionId: number, answer: string, now: string) {
  await trx
    .insertInto('exam_answers')
    .values({ attempt_id: attemptId, question_id: questionId, answer, saved_at: now })
    .onConflict((oc) => oc.columns(['attempt_id', 'question_id']).doUpdateSet({ answer, saved_at: now }))
    .execute();
}

export interface AnswerRow {
  attemptId: number;
  questionId: number;
  answer: string;
  score: number | null;
  comment: string | null;
}

export async function findAnswers(db: DbOrTx, attemptIds: readonly number[]): Promise<AnswerRow[]> {
  if (attemptIds.length === 0) return [];
  const out: AnswerRow[] = [];
  // In slices: PostgreSQL and SQLite both limit the parameters of one statement.
  for (let i = 0; i < attemptIds.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('exam_answers')
        .select(['attempt_id as attemptId', 'question_id as questionId', 'answer', 'score', 'comment'])
        .where('attempt_id', 'in', attemptIds.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}

/** Closes an open attempt with its score; 0 when someone else closed it first. */
export async function closeAttempt(
  trx: Tx,
  id: number,
  result: { status: AttemptStatus; score: number; passed: boolean | null; submittedAt: string },
): Promise<number> {
  const updated = await trx
    .updateTable('exam_attempts')
    .set({
      status: result.status,
      score: result.score,
      passed: result.passed === null ? null : result.passed ? 1 : 0,
      submitted_at: result.submittedAt,
    })
    .where('id', '=', id)
    .where('status', '=', 'in_progress')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows);
}

export async function updateAttemptScore(
  trx: Tx,
  id: number,
  result: { status: AttemptStatus; score: number; passed: boolean | null },
): Promise<void> {
  await trx
    .updateTable('exam_attempts')
    .set({ status: result.status, score: result.score, passed: result.passed === null ? null : result.passed ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}

/** Open attempts whose time is up (of one exam, or of every exam). */
export async function findExpiredAttemptIds(db: DbOrTx, now: string, examId?: number): Promise<number[]> {
  let query = db
    .selectFrom('exam_attempts')
    .select('id')
    .where('status', '=', 'in_progress')
    .where('ends_at', '<=', now);
  if (examId !== undefined) query = query.where('exam_id', '=', examId);
  return (await query.orderBy('id').limit(5000).execute()).map((r) => r.id);
}

export async function gradeAnswer(
  trx: Tx,
  key: { attemptId: number; questionId: number },
  grade: { score: number; comment: string | null; by: number | null; now: string },
): Promise<number> {
  const updated = await trx
    .updateTable('exam_answers')
    .set({ score: grade.score, comment: grade.comment, graded_by: grade.by, graded_at: grade.now })
    .where('attempt_id', '=', key.attemptId)
    .where('question_id', '=', key.questionId)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows);
}

export async function insertGradedBlank(
  trx: Tx,
  key: { attemptId: number; questionId: number },
  grade: { score: number; comment: string | null; by: number | null; now: string },
): Promise<void> {
  await trx
    .insertInto('exam_answers')
    .values({
      attempt_id: key.attemptId,
      question_id: key.questionId,
      answer: '',
      saved_at: grade.now,
      score: grade.score,
      comment: grade.comment,
      graded_by: grade.by,
      graded_at: grade.now,
    })
    .execute();
}

export async function findParticipants(db: DbOrTx, examId: number) {
  return db
    .selectFrom('exam_participants as x')
    .innerJoin('users as u', 'u.id', 'x.user_id')
    .select(['u.id as userId', 'u.name', 'u.username'])
    .where('x.exam_id', '=', examId)
    .orderBy('u.id')
    .execute();
}

/** Graded attempts submitted in [from, to) with their exam's maximum, for the performance review. */
export async function findGradedAttemptsBetween(db: DbOrTx, from: string, to: string) {
  return db
    .selectFrom('exam_attempts')
    .select(['user_id as userId', 'exam_id as examId', 'score', 'max_score as maxScore', 'submitted_at as submittedAt'])
    .where('status', '=', 'graded')
    .where('submitted_at', '>=', from)
    .where('submitted_at', '<', to)
    .orderBy('submitted_at')
    .execute();
}

/** The active users of an org scope, for choosing participants and graders. */
export async function findCandidates(db: DbOrTx, scope: OrgScope) {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.name', 'u.username'])
    .where('u.is_disabled', '=', 0)
    .where((eb) => inOrgScope(eb, scope, 'u.org_unit_id'))
    .orderBy('u.id')
    .limit(2000)
    .execute();
}

// ---- daily practice ----

export async function findPracticeItems(db: DbOrTx, userId: number, date: string) {
  return db
    .selectFrom('exam_practice_items as i')
    .innerJoin('exam_questions as q', 'q.id', 'i.question_id')
    .select([
      'i.question_id as questionId',
      'i.position',
      'i.answer as given',
      'i.is_correct as isCorrect',
      'q.type',
      'q.stem',
      'q.options',
      'q.answer',
      'q.explanation',
    ])
    .where('i.user_id', '=', userId)
    .where('i.date', '=', date)
    .orderBy('i.position')
    .execute();
}

export async function insertPracticeItems(trx: Tx, userId: number, date: string, questionIds: number[]) {
  if (questionIds.length === 0) return;
  await trx
    .insertInto('exam_practice_items')
    .values(questionIds.map((question_id, i) => ({ user_id: userId, date, question_id, position: i + 1 })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function answerPracticeItem(
  trx: Tx,
  key: { userId: number; date: string; questionId: number },
  answer: { given: string; isCorrect: boolean; now: string },
): Promise<number> {
  const result = await trx
    .updateTable('exam_practice_items')
    .set({ answer: answer.given, is_correct: answer.isCorrect ? 1 : 0, answered_at: answer.now })
    .where('user_id', '=', key.userId)
    .where('date', '=', key.date)
    .where('question_id', '=', key.questionId)
    .where('answer', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The person's practice answers since `from`, by tax kind. */
export async function practiceProgress(db: DbOrTx, userId: number, from: string) {
  const rows = await db
    .selectFrom('exam_practice_items as i')
    .innerJoin('exam_questions as q', 'q.id', 'i.question_id')
    .select((eb) => [
      'q.tax_kind as taxKind',
      eb.fn.countAll<number>().as('answered'),
      eb.fn.sum<number>('i.is_correct').as('correct'),
    ])
    .where('i.user_id', '=', userId)
    .where('i.date', '>=', from)
    .where('i.answer', 'is not', null)
    .groupBy('q.tax_kind')
    .execute();
  return rows.map((r) => ({ taxKind: r.taxKind, answered: Number(r.answered), correct: Number(r.correct ?? 0) }));
}

/**
 * The choice and true/false questions a practice set is drawn from, with what weighs them: whether they cite an
 * article published or revised since `recentSince`, and their tax kind.
 */
export async function findPracticePool(db: DbOrTx, recentSince: string) {
  const rows = await db
    .selectFrom('exam_questions as q')
    .select([
      'q.id',
      'q.tax_kind as taxKind',
      sql<number>`case when exists (select 1 from exam_question_citations c join kb_articles a on a.id = c.article_id
        where c.question_id = q.id and a.published_at >= ${recentSince}) then 1 else 0 end`.as('isRecent'),
    ])
    .where('q.is_retired', '=', 0)
    .where('q.type', 'in', ['single', 'multiple', 'true_false'])
    .execute();
  return rows.map((r) => ({ id: r.id, taxKind: r.taxKind, isRecent: Number(r.isRecent) === 1 }));
}
