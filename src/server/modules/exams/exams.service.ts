import type { Attempt, CreateExamValues, ExamRule, ParticipantStatus, QuestionType } from '../../../shared/exams';
import { examTaxKinds, isObjective, optionKeys, type questionBody, questionTypeNames } from '../../../shared/exams';
import type { Db, DbOrTx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { isInOrgScope, scopeOf } from '../../platform/auth/scope';
import { shanghaiDate } from '../../platform/dates';
import { badRequest, conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import {
  type AttemptLayout,
  answerForClient,
  isAnswerRight,
  layoutFor,
  normaliseAnswer,
  optionsFor,
  scoreDistribution,
  shuffled,
  questionStatistics as statisticsOfQuestion,
} from './exams';
import * as repo from './exams.repository';

// ---- question bank ----

type QuestionValues = ReturnType<typeof questionBody.parse>;

/** Checks the answer against the type and options; returns the stored question. */
export function checkQuestion(values: QuestionValues, source: string | null): repo.NewQuestion {
  const isChoice = values.type === 'single' || values.type === 'multiple';
  if (isChoice && values.options.length < 2) throw invalidField('options', 'TOO_FEW_OPTIONS', '选择题至少需要两个选项');
  const options = isChoice ? values.options : [];
  const answer = normaliseAnswer(values.type, options.length, values.answer);
  if (answer === null) {
    throw invalidField(
      'answer',
      'INVALID_ANSWER',
      isChoice
        ? `${questionTypeNames[values.type]}的答案须为选项字母（${optionKeys.slice(0, options.length).join('、')}）${values.type === 'single' ? '之一' : ''}`
        : '答案不正确（判断题填“正确”或“错误”）',
    );
  }
  return {
    type: values.type,
    stem: values.stem,
    options,
    answer,
    explanation: values.explanation ?? null,
    taxKind: values.taxKind,
    area: values.area,
    difficulty: values.difficulty,
    source,
  };
}

export async function createQuestion({ db, actor, now }: RequestContext, values: QuestionValues) {
  const question = checkQuestion(values, null);
  const id = await db.transaction().execute(async (trx) => {
    const [newId] = await repo.insertQuestions(trx, [question], actor.userId, now);
    if (newId === undefined) throw new Error('question not inserted');
    const cited = await repo.replaceCitations(trx, newId, values.articleIds);
    await writeAudit(trx, actor, now, {
      action: 'exams.question_create',
      entityType: 'exam_question',
      entityId: newId,
      after: { ...question, articleIds: cited },
    });
    return newId;
  });
  return questionView(db, id, now);
}

export async function updateQuestion({ db, actor, now }: RequestContext, id: number, values: QuestionValues) {
  const question = checkQuestion(values, null);
  await db.transaction().execute(async (trx) => {
    const before = await repo.findQuestion(trx, id);
    if (!before) throw notFound('QUESTION_NOT_FOUND', '试题不存在');
    await repo.updateQuestion(trx, id, question, now);
    const cited = await repo.replaceCitations(trx, id, values.articleIds);
    await writeAudit(trx, actor, now, {
      action: 'exams.question_update',
      entityType: 'exam_question',
      entityId: id,
      before,
      after: { ...question, articleIds: cited },
    });
  });
  return questionView(db, id, now);
}

export async function setQuestionRetired({ db, actor, now }: RequestContext, id: number, isRetired: boolean) {
  await db.transaction().execute(async (trx) => {
    const before = await repo.findQuestion(trx, id);
    if (!before) throw notFound('QUESTION_NOT_FOUND', '试题不存在');
    await repo.setQuestionRetired(trx, id, isRetired, now);
    await writeAudit(trx, actor, now, {
      action: isRetired ? 'exams.question_retire' : 'exams.question_restore',
      entityType: 'exam_question',
      entityId: id,
    });
  });
  return questionView(db, id, now);
}

async function questionView(db: Db, id: number, now: Date) {
  const page = await repo.listQuestions(db, {}, { limit: 1, offset: 0 }, shanghaiDate(now));
  const found = page.items.find((q) => q.id === id);
  if (found) return found;
  const retired = await repo.listQuestions(db, { state: 'retired' }, { limit: 1000, offset: 0 }, shanghaiDate(now));
  const item = retired.items.find((q) => q.id === id);
  if (!item) throw notFound('QUESTION_NOT_FOUND', '试题不存在');
  return item;
}

export async function listQuestions(
  { db, now }: Pick<RequestContext, 'db' | 'now'>,
  query: repo.QuestionFilter & { limit: number; offset: number },
) {
  const { limit, offset, ...filter } = query;
  return repo.listQuestions(db, filter, { limit, offset }, shanghaiDate(now));
}

// ---- exams ----

const taxKindName = (code: string) => examTaxKinds.find((k) => k.code === code)?.name ?? code;

/** Describes a rule in words for the 400 that names it. */
function describeRule(rule: ExamRule): string {
  const parts = [
    rule.taxKind && taxKindName(rule.taxKind),
    rule.area,
    rule.difficulty && { easy: '易', medium: '中', hard: '难' }[rule.difficulty],
    rule.type && questionTypeNames[rule.type],
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('、') : '不限条件';
}

/** Draws the paper: each rule's questions at random, none twice; a rule the bank cannot meet is a 400 naming it. */
async function drawPaper(
  db: DbOrTx,
  rules: readonly ExamRule[],
): Promise<Array<{ questionId: number; points: number }>> {
  const taken = new Set<number>();
  const paper: Array<{ questionId: number; points: number }> = [];
  for (const [index, rule] of rules.entries()) {
    const candidates = (await repo.findDrawableQuestionIds(db, rule)).filter((id) => !taken.has(id));
    if (candidates.length < rule.count) {
      throw badRequest(
        'RULE_CANNOT_BE_MET',
        `第 ${index + 1} 条抽题规则（${describeRule(rule)}）需要 ${rule.count} 道题，题库中只有 ${candidates.length} 道可用`,
        {
          fields: [
            {
              field: `rules.${index}`,
              message: `题库中符合条件的试题只有 ${candidates.length} 道，需要 ${rule.count} 道`,
            },
          ],
          rule: index,
          available: candidates.length,
        },
      );
    }
    for (const id of shuffled(candidates).slice(0, rule.count)) {
      taken.add(id);
      paper.push({ questionId: id, points: rule.points });
    }
  }
  return paper;
}

export interface CreateExamOptions {
  /** The exam this one is the make-up (补考) of. */
  makeUpOf?: number | null;
  /** The training stage the exam gates. */
  stage?: string | null;
}

/**
 * Creates an exam: the paper drawn (or the chosen questions checked) once, the participants and graders
 * within the creator's org scope. Training plans call it for make-up exams.
 */
export async function createExam(
  ctx: RequestContext,
  input: CreateExamValues & CreateExamOptions,
): Promise<{ id: number }> {
  const { db, user, actor, now } = ctx;
  const scope = scopeOf(user);
  const people = [...new Set(input.participants.userIds)];
  const graders = [...new Set(input.graderIds)];
  const known = await repo.findUsersInScope(db, [...people, ...graders], scope);
  const unknownPerson = people.findIndex((id) => !known.has(id));
  if (unknownPerson >= 0) {
    throw invalidField(
      `participants.userIds.${unknownPerson}`,
      'PARTICIPANT_NOT_FOUND',
      '考生不存在或不在您的管理范围内',
    );
  }
  const unknownGrader = graders.findIndex((id) => !known.has(id));
  if (unknownGrader >= 0)
    throw invalidField(`graderIds.${unknownGrader}`, 'GRADER_NOT_FOUND', '阅卷人不存在或不在您的管理范围内');
  if (input.makeUpOf != null) {
    const original = await repo.findExam(db, input.makeUpOf);
    if (!original || !isInOrgScope(scope, original.orgUnitPath))
      throw invalidField('makeUpOf', 'EXAM_NOT_FOUND', '补考对应的考试不存在');
  }

  let paper: Array<{ questionId: number; points: number }>;
  if (input.rules.length > 0) {
    paper = await drawPaper(db, input.rules);
  } else {
    const ids = input.questions.map((q) => q.questionId);
    const found = new Map((await repo.findQuestions(db, ids)).map((q) => [q.id, q]));
    const bad = input.questions.findIndex((q) => !found.get(q.questionId) || found.get(q.questionId)?.isRetired);
    if (bad >= 0) throw invalidField(`questions.${bad}.questionId`, 'QUESTION_NOT_FOUND', '试题不存在或已停用');
    if (new Set(ids).size !== ids.length)
      throw invalidField('questions', 'DUPLICATE_QUESTION', '同一道题不能重复选入试卷');
    paper = input.questions;
  }
  const maxScore = paper.reduce((sum, q) => sum + q.points, 0);
  if (input.passMark > maxScore) {
    throw invalidField('passMark', 'PASS_MARK_ABOVE_MAX', `及格分不能高于试卷总分（${maxScore} 分）`);
  }
  const id = await db.transaction().execute(async (trx) => {
    const examId = await repo.insertExam(trx, {
      title: input.title,
      orgUnitId: user.orgUnitId,
      durationMinutes: input.durationMinutes,
      opensAt: input.opensAt,
      closesAt: input.closesAt,
      passMark: input.passMark,
      maxScore,
      maxAttempts: input.maxAttempts,
      rules: input.rules.length > 0 ? JSON.stringify(input.rules) : null,
      makeUpOf: input.makeUpOf ?? null,
      stage: input.stage ?? null,
      createdBy: actor.userId,
      now,
    });
    await repo.insertPaper(trx, examId, paper, people, graders);
    await writeAudit(trx, actor, now, {
      action: 'exams.exam_create',
      entityType: 'exam',
      entityId: examId,
      after: {
        title: input.title,
        questions: paper.length,
        maxScore,
        passMark: input.passMark,
        participants: people.length,
        makeUpOf: input.makeUpOf ?? null,
        stage: input.stage ?? null,
      },
    });
    return examId;
  });
  return { id };
}

/** An exam a manager may see: in their org scope; 404 otherwise. */
async function managedExam({ db, user }: RequestContext, examId: number) {
  const exam = await repo.findExam(db, examId);
  if (!exam || !isInOrgScope(scopeOf(user), exam.orgUnitPath)) throw notFound('EXAM_NOT_FOUND', '考试不存在');
  return exam;
}

const summaryOf = (exam: NonNullable<Awaited<ReturnType<typeof repo.findExam>>>) => {
  const { orgUnitId: _o, orgUnitPath: _p, ...rest } = exam;
  return rest;
};

export async function listCandidates(ctx: RequestContext) {
  return repo.findCandidates(ctx.db, scopeOf(ctx.user));
}

export async function listExams(ctx: RequestContext) {
  return (await repo.listExams(ctx.db, scopeOf(ctx.user))).map(summaryOf);
}

export async function getExam(ctx: RequestContext, examId: number) {
  return summaryOf(await managedExam(ctx, examId));
}

/** "我的考试": the exams the user takes part in, with their own state. */
export async function listMyExams(ctx: RequestContext) {
  const { db, user, now } = ctx;
  const exams = await repo.listExamsOf(db, user.id);
  const out = [];
  for (const exam of exams) {
    await closeExpiredAttempts(db, now, exam.id);
    const attempts = await repo.findAttemptsOf(db, exam.id, user.id);
    const open = attempts.find((a) => a.status === 'in_progress');
    const graded = attempts.filter((a) => a.status === 'graded');
    const best = graded.reduce<repo.AttemptRow | undefined>(
      (b, a) => (!b || (a.score ?? 0) > (b.score ?? 0) ? a : b),
      undefined,
    );
    out.push({
      ...summaryOf(exam),
      attemptsUsed: attempts.length,
      openAttemptId: open?.id ?? null,
      bestScore: best?.score ?? null,
      passed: best ? best.passed === 1 : null,
      status: participantStatus(attempts),
      lastAttemptId: attempts.at(-1)?.id ?? null,
    });
  }
  return out;
}

function participantStatus(attempts: readonly repo.AttemptRow[]): ParticipantStatus {
  if (attempts.length === 0) return 'not_started';
  if (attempts.some((a) => a.status === 'in_progress')) return 'in_progress';
  if (attempts.some((a) => a.status === 'graded')) return 'graded';
  return 'submitted';
}

// ---- taking an exam ----

/**
 * Starts an attempt, or returns the open one: a new attempt only while the window is open, when the
 * paper allows another and the last one is submitted.
 */
export async function startAttempt(ctx: RequestContext, examId: number): Promise<Attempt> {
  const { db, user, now } = ctx;
  const exam = await repo.findExam(db, examId);
  if (!exam || !(await repo.isParticipant(db, examId, user.id))) throw notFound('EXAM_NOT_FOUND', '考试不存在');
  await closeExpiredAttempts(db, now, examId);
  const attempts = await repo.findAttemptsOf(db, examId, user.id);
  const open = attempts.find((a) => a.status === 'in_progress');
  if (open) return attemptView(ctx, open.id);
  const at = now.toISOString();
  if (at < exam.opensAt) throw conflict('EXAM_NOT_OPEN', '考试尚未开始');
  if (at >= exam.closesAt) throw conflict('EXAM_CLOSED', '考试已结束');
  if (attempts.length >= exam.maxAttempts) throw conflict('NO_ATTEMPTS_LEFT', '您已用完本场考试的作答次数');
  const paper = await repo.findPaper(db, examId);
  const layout = layoutFor(paper);
  const endsAt = new Date(Math.min(now.getTime() + exam.durationMinutes * 60_000, Date.parse(exam.closesAt)));
  let attemptId: number;
  try {
    attemptId = await db.transaction().execute(async (trx) => {
      const newId = await repo.insertAttempt(trx, {
        examId,
        userId: user.id,
        attemptNo: attempts.length + 1,
        layout: JSON.stringify(layout),
        startedAt: at,
        endsAt: endsAt.toISOString(),
        maxScore: exam.maxScore,
      });
      await writeAudit(trx, ctx.actor, now, {
        action: 'exams.attempt_start',
        entityType: 'exam_attempt',
        entityId: newId,
        after: { examId, attemptNo: attempts.length + 1 },
      });
      return newId;
    });
  } catch (error) {
    // Two tabs starting at once: the unique (exam, user, attempt_no) keeps one; the other gets it.
    const again = (await repo.findAttemptsOf(db, examId, user.id)).find((a) => a.status === 'in_progress');
    if (!again) throw error;
    attemptId = again.id;
  }
  return attemptView(ctx, attemptId);
}

/** The attempt as its owner sees it: resumable, with the saved answers; correct answers only when revealed. */
export async function getAttempt(ctx: RequestContext, attemptId: number): Promise<Attempt> {
  const attempt = await repo.findAttempt(ctx.db, attemptId);
  if (!attempt || attempt.userId !== ctx.user.id) throw notFound('ATTEMPT_NOT_FOUND', '答卷不存在');
  if (attempt.status === 'in_progress' && attempt.endsAt <= ctx.now.toISOString()) {
    await closeAttempts(ctx.db, [attempt.id], ctx.now);
  }
  return attemptView(ctx, attemptId);
}

/**
 * True when the person may see the correct answers of the exam: they can no longer sit it nor any exam
 * linked to it by make-up — their last allowed attempt is submitted or the window has closed.
 */
async function mayReveal(db: Db, examId: number, userId: number, now: Date): Promise<boolean> {
  const at = now.toISOString();
  for (const exam of await repo.findExamFamily(db, examId)) {
    if (!(await repo.isParticipant(db, exam.id, userId))) continue;
    if (at >= exam.closesAt) continue;
    const attempts = await repo.findAttemptsOf(db, exam.id, userId);
    const isOpen = attempts.some((a) => a.status === 'in_progress');
    if (isOpen || attempts.length < exam.maxAttempts) return false;
  }
  return true;
}

async function attemptView(ctx: Pick<RequestContext, 'db' | 'now'>, attemptId: number): Promise<Attempt> {
  const { db, now } = ctx;
  const attempt = await repo.findAttempt(db, attemptId);
  if (!attempt) throw notFound('ATTEMPT_NOT_FOUND', '答卷不存在');
  const exam = await repo.findExam(db, attempt.examId);
  if (!exam) throw notFound('EXAM_NOT_FOUND', '考试不存在');
  const paper = new Map((await repo.findPaper(db, attempt.examId)).map((q) => [q.id, q]));
  const layout = JSON.parse(attempt.layout) as AttemptLayout;
  const answers = await repo.findAnswers(db, [attempt.id]);
  const questions = layout.questions.flatMap((id) => {
    const q = paper.get(id);
    return q ? [{ id: q.id, type: q.type, stem: q.stem, options: optionsFor(q, layout), points: q.points }] : [];
  });
  const revealed = attempt.status !== 'in_progress' && (await mayReveal(db, attempt.examId, attempt.userId, now));
  const byQuestion = new Map(answers.map((a) => [a.questionId, a]));
  return {
    attemptId: attempt.id,
    examId: attempt.examId,
    title: exam.title,
    status: attempt.status,
    startedAt: attempt.startedAt,
    endsAt: attempt.endsAt,
    serverNow: now.toISOString(),
    submittedAt: attempt.submittedAt,
    questions,
    answers: Object.fromEntries(
      answers
        .filter((a) => a.answer !== '')
        .map((a) => [String(a.questionId), answerForClient(paper.get(a.questionId)?.type ?? 'short_answer', a.answer)]),
    ),
    score: attempt.score,
    maxScore: attempt.maxScore,
    passed: attempt.passed === null ? null : attempt.passed === 1,
    review: revealed
      ? questions.map((q) => {
          const full = paper.get(q.id);
          const given = byQuestion.get(q.id);
          const right = full ? isAnswerRight(full, given?.answer) : null;
          return {
            questionId: q.id,
            correctAnswer: full?.answer ?? '',
            explanation: full?.explanation ?? null,
            score: right === null ? (given?.score ?? null) : right ? q.points : 0,
            comment: given?.comment ?? null,
          };
        })
      : null,
  };
}

/** Saves one answer as it is given; after the end or the submission a 409, someone else's attempt a 404. */
export async function saveAnswer(
  { db, user, now }: RequestContext,
  attemptId: number,
  questionId: number,
  given: string | string[],
): Promise<{ questionId: number; savedAt: string }> {
  const row = await repo.findAttemptForAnswer(db, attemptId, questionId);
  if (!row || row.userId !== user.id) throw notFound('ATTEMPT_NOT_FOUND', '答卷不存在');
  const at = now.toISOString();
  if (row.status !== 'in_progress') throw conflict('ATTEMPT_SUBMITTED', '答卷已交，不能再修改答案');
  if (row.endsAt <= at) throw conflict('ATTEMPT_TIME_UP', '考试时间已到，答案未保存');
  if (!row.type || row.options === null) throw notFound('QUESTION_NOT_IN_PAPER', '试卷中没有这道题');
  const answer = normaliseAnswer(row.type, (JSON.parse(row.options) as string[]).length, given);
  if (answer === null) throw invalidField('answer', 'INVALID_ANSWER', '答案格式不正确');
  const held = await db.transaction().execute(async (trx) => {
    if ((await repo.holdOpenAttempt(trx, attemptId, at)) === 0) return false;
    await repo.upsertAnswer(trx, attemptId, questionId, answer, at);
    return true;
  });
  if (!held) throw conflict('ATTEMPT_SUBMITTED', '答卷已交或考试时间已到，答案未保存');
  return { questionId, savedAt: at };
}

interface Scored {
  score: number;
  /** Short answers wait for a grader. */
  isComplete: boolean;
}

/** The score of an attempt: objective answers by the key, short answers by their graders' scores. */
function scoreAttempt(paper: readonly repo.PaperQuestion[], answers: ReadonlyMap<number, repo.AnswerRow>): Scored {
  let score = 0;
  let isComplete = true;
  for (const q of paper) {
    const given = answers.get(q.id);
    if (isObjective(q.type)) {
      if (isAnswerRight(q, given?.answer)) score += q.points;
    } else if (given && given.answer !== '') {
      if (given.score === null) isComplete = false;
      else score += given.score;
    }
  }
  return { score, isComplete };
}

/**
 * Grades and closes open attempts with what was saved (a submission, or time running out): objective
 * questions at once; with short answers the attempt waits as `submitted` for its graders.
 */
async function closeAttempts(db: Db, attemptIds: readonly number[], now: Date): Promise<Map<number, Scored>> {
  const results = new Map<number, Scored>();
  if (attemptIds.length === 0) return results;
  const attempts = (await Promise.all(attemptIds.map((id) => repo.findAttempt(db, id)))).filter(
    (a): a is repo.AttemptRow => !!a && a.status === 'in_progress',
  );
  const byExam = new Map<number, repo.AttemptRow[]>();
  for (const a of attempts) byExam.set(a.examId, [...(byExam.get(a.examId) ?? []), a]);
  for (const [examId, list] of byExam) {
    const exam = await repo.findExam(db, examId);
    if (!exam) continue;
    const paper = await repo.findPaper(db, examId);
    await db.transaction().execute(async (trx) => {
      // Read under the transaction: on PostgreSQL a save holding the row finishes first.
      const answers = await repo.findAnswers(
        trx,
        list.map((a) => a.id),
      );
      const byAttempt = new Map<number, Map<number, repo.AnswerRow>>();
      for (const answer of answers) {
        const map = byAttempt.get(answer.attemptId) ?? new Map<number, repo.AnswerRow>();
        map.set(answer.questionId, answer);
        byAttempt.set(answer.attemptId, map);
      }
      for (const attempt of list) {
        const scored = scoreAttempt(paper, byAttempt.get(attempt.id) ?? new Map());
        // Time ran out: the attempt ends at its end, not when it was noticed.
        const submittedAt = [now.toISOString(), attempt.endsAt].sort()[0] ?? attempt.endsAt;
        const closed = await repo.closeAttempt(trx, attempt.id, {
          status: scored.isComplete ? 'graded' : 'submitted',
          score: scored.score,
          passed: scored.isComplete ? scored.score >= exam.passMark : null,
          submittedAt,
        });
        if (closed === 1) results.set(attempt.id, scored);
      }
    });
  }
  return results;
}

/** Grades every open attempt whose time is up (of one exam, or all): what the exams.close_expired job runs. */
export async function closeExpiredAttempts(db: Db, now: Date, examId?: number): Promise<number> {
  const ids = await repo.findExpiredAttemptIds(db, now.toISOString(), examId);
  return (await closeAttempts(db, ids, now)).size;
}

export async function submitAttempt(ctx: RequestContext, attemptId: number) {
  const { db, user, actor, now } = ctx;
  const attempt = await repo.findAttempt(db, attemptId);
  if (!attempt || attempt.userId !== user.id) throw notFound('ATTEMPT_NOT_FOUND', '答卷不存在');
  if (attempt.status !== 'in_progress') throw conflict('ATTEMPT_SUBMITTED', '答卷已经交过了');
  await closeAttempts(db, [attemptId], now);
  const closed = await repo.findAttempt(db, attemptId);
  if (!closed) throw notFound('ATTEMPT_NOT_FOUND', '答卷不存在');
  await db.transaction().execute((trx) =>
    writeAudit(trx, actor, now, {
      action: 'exams.attempt_submit',
      entityType: 'exam_attempt',
      entityId: attemptId,
      after: { score: closed.score, status: closed.status, timeUp: closed.submittedAt === closed.endsAt },
    }),
  );
  return {
    score: closed.score ?? 0,
    maxScore: closed.maxScore,
    passed: closed.passed === null ? null : closed.passed === 1,
    status: closed.status,
  };
}

// ---- grading short answers ----

async function gradableExam(ctx: RequestContext, examId: number) {
  const exam = await repo.findExam(ctx.db, examId);
  if (!exam) throw notFound('EXAM_NOT_FOUND', '考试不存在');
  const isManager = ctx.user.permissions.includes('exams.manage') && isInOrgScope(scopeOf(ctx.user), exam.orgUnitPath);
  if (!isManager && !(await repo.isGrader(ctx.db, examId, ctx.user.id))) {
    throw forbidden('NOT_EXAM_GRADER', '您不是本场考试的阅卷人');
  }
  return exam;
}

/** The short answers of an exam's submitted attempts, for its graders (answers anonymous: by attempt). */
export async function listGrading(ctx: RequestContext, examId: number) {
  const exam = await gradableExam(ctx, examId);
  await closeExpiredAttempts(ctx.db, ctx.now, examId);
  const paper = (await repo.findPaper(ctx.db, examId)).filter((q) => !isObjective(q.type));
  const attempts = (await repo.findAttemptsOfExam(ctx.db, examId)).filter((a) => a.status !== 'in_progress');
  const answers = await repo.findAnswers(
    ctx.db,
    attempts.map((a) => a.id),
  );
  const byKey = new Map(answers.map((a) => [`${a.attemptId}:${a.questionId}`, a]));
  const items = attempts.flatMap((attempt) =>
    paper.map((q) => {
      const given = byKey.get(`${attempt.id}:${q.id}`);
      return {
        attemptId: attempt.id,
        questionId: q.id,
        stem: q.stem,
        referenceAnswer: q.answer,
        answer: given?.answer ?? '',
        points: q.points,
        score: given?.score ?? null,
        comment: given?.comment ?? null,
      };
    }),
  );
  return { examId, title: exam.title, items };
}

/** A grader's score and comment for one short answer; the attempt is graded once every short answer is. */
export async function gradeShortAnswer(
  ctx: RequestContext,
  key: { attemptId: number; questionId: number },
  grade: { score: number; comment?: string | undefined },
) {
  const { db, actor, now } = ctx;
  const attempt = await repo.findAttempt(db, key.attemptId);
  if (!attempt) throw notFound('ATTEMPT_NOT_FOUND', '答卷不存在');
  const exam = await gradableExam(ctx, attempt.examId);
  if (attempt.status === 'in_progress') throw conflict('ATTEMPT_NOT_SUBMITTED', '答卷尚未提交，不能阅卷');
  const paper = await repo.findPaper(db, attempt.examId);
  const question = paper.find((q) => q.id === key.questionId);
  if (!question || isObjective(question.type)) throw notFound('QUESTION_NOT_GRADABLE', '试卷中没有这道简答题');
  if (grade.score > question.points)
    throw invalidField('score', 'SCORE_ABOVE_POINTS', `得分不能超过本题分值（${question.points} 分）`);
  const values = { score: grade.score, comment: grade.comment ?? null, by: actor.userId, now: now.toISOString() };
  return db.transaction().execute(async (trx) => {
    if ((await repo.gradeAnswer(trx, key, values)) === 0) await repo.insertGradedBlank(trx, key, values);
    const answers = new Map((await repo.findAnswers(trx, [attempt.id])).map((a) => [a.questionId, a]));
    // An unanswered short answer needs no grader: it scores 0.
    const scored = scoreAttempt(paper, answers);
    const result = {
      status: scored.isComplete ? ('graded' as const) : ('submitted' as const),
      score: scored.score,
      passed: scored.isComplete ? scored.score >= exam.passMark : null,
    };
    await repo.updateAttemptScore(trx, attempt.id, result);
    await writeAudit(trx, actor, now, {
      action: 'exams.answer_grade',
      entityType: 'exam_attempt',
      entityId: attempt.id,
      after: { questionId: key.questionId, score: grade.score, comment: values.comment, attemptScore: scored.score },
    });
    return { ...result, maxScore: attempt.maxScore };
  });
}

// ---- results ----

export interface ExamOutcome {
  userId: number;
  status: ParticipantStatus;
  score: number | null;
  maxScore: number;
  passed: boolean | null;
}

/**
 * Every participant's outcome of an exam (the best graded attempt counts; passed is null until graded).
 * With `now`, attempts whose time is up are graded first.
 */
export async function listExamOutcomes(db: Db, examId: number, now?: Date): Promise<ExamOutcome[]> {
  if (now) await closeExpiredAttempts(db, now, examId);
  const exam = await repo.findExam(db, examId);
  if (!exam) return [];
  const attempts = await repo.findAttemptsOfExam(db, examId);
  const byUser = new Map<number, repo.AttemptRow[]>();
  for (const a of attempts) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
  return (await repo.findParticipants(db, examId)).map((p) =>
    outcomeOf(p.userId, byUser.get(p.userId) ?? [], exam.maxScore),
  );
}

function outcomeOf(userId: number, attempts: readonly repo.AttemptRow[], maxScore: number): ExamOutcome {
  const graded = attempts.filter((a) => a.status === 'graded');
  const best = graded.reduce<repo.AttemptRow | undefined>(
    (b, a) => (!b || (a.score ?? 0) > (b.score ?? 0) ? a : b),
    undefined,
  );
  const status = participantStatus(attempts);
  const latest = attempts.at(-1);
  return {
    userId,
    status,
    score: best?.score ?? (status === 'submitted' ? (latest?.score ?? null) : null),
    maxScore,
    passed: best ? best.passed === 1 : null,
  };
}

export async function examResults(ctx: RequestContext, examId: number) {
  const exam = await managedExam(ctx, examId);
  await closeExpiredAttempts(ctx.db, ctx.now, examId);
  const attempts = await repo.findAttemptsOfExam(ctx.db, examId);
  const byUser = new Map<number, repo.AttemptRow[]>();
  for (const a of attempts) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
  const rows = (await repo.findParticipants(ctx.db, examId)).map((p) => {
    const list = byUser.get(p.userId) ?? [];
    const outcome = outcomeOf(p.userId, list, exam.maxScore);
    return {
      ...outcome,
      name: p.name,
      username: p.username,
      attempts: list.length,
      submittedAt: list.filter((a) => a.submittedAt).at(-1)?.submittedAt ?? null,
    };
  });
  const graded = rows.filter((r) => r.status === 'graded');
  const scores = graded.map((r) => r.score ?? 0);
  const passedCount = graded.filter((r) => r.passed).length;
  return {
    exam: summaryOf(exam),
    participants: rows.length,
    graded: graded.length,
    passedCount,
    passRate: graded.length > 0 ? passedCount / graded.length : null,
    averageScore: scores.length > 0 ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
    distribution: scoreDistribution(scores, exam.maxScore),
    rows,
  };
}

/** Per question of the paper: difficulty (share right) and discrimination (top 27 % − bottom 27 %). */
export async function examQuestionStatistics(ctx: RequestContext, examId: number) {
  await managedExam(ctx, examId);
  return computeQuestionStatistics(ctx.db, examId);
}

export async function computeQuestionStatistics(db: Db, examId: number) {
  const paper = await repo.findPaper(db, examId);
  const attempts = (await repo.findAttemptsOfExam(db, examId))
    .filter((a) => a.status === 'graded')
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.id - b.id);
  const answers = await repo.findAnswers(
    db,
    attempts.map((a) => a.id),
  );
  const byKey = new Map(answers.map((a) => [`${a.attemptId}:${a.questionId}`, a]));
  const ordered = attempts.map((a) => ({ attemptId: a.id }));
  return {
    examId,
    attempts: attempts.length,
    questions: paper.map((q) => {
      const isFull = (attemptId: number) => {
        const given = byKey.get(`${attemptId}:${q.id}`);
        const right = isAnswerRight(q, given?.answer);
        return right === null ? given?.score === q.points : right;
      };
      return {
        questionId: q.id,
        position: q.position,
        stem: q.stem,
        type: q.type as QuestionType,
        answered: attempts.filter((a) => byKey.has(`${a.id}:${q.id}`)).length,
        ...statisticsOfQuestion(ordered, isFull),
      };
    }),
  };
}

/**
 * 考试成绩 of the performance review: each person's graded exams submitted in [fromIso, toIso) as a
 * percentage of the maximum — their average, or the latest one.
 */
export async function examScoresBetween(
  db: DbOrTx,
  range: { fromIso: string; toIso: string },
  rule: 'average' | 'latest',
): Promise<Map<number, number>> {
  const rows = await repo.findGradedAttemptsBetween(db, range.fromIso, range.toIso);
  const byUser = new Map<number, number[]>();
  for (const r of rows) {
    const percent = r.maxScore > 0 ? ((r.score ?? 0) / r.maxScore) * 100 : 0;
    byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), percent]);
  }
  const out = new Map<number, number>();
  for (const [userId, scores] of byUser) {
    // Rows come oldest first: the latest is the last.
    out.set(userId, rule === 'latest' ? (scores.at(-1) ?? 0) : scores.reduce((a, b) => a + b, 0) / scores.length);
  }
  return out;
}

/** The results of an exam as two sheets (每人成绩, 每题分析) for the .xlsx export; the export is audited. */
export async function exportExamResults(ctx: RequestContext, examId: number) {
  const results = await examResults(ctx, examId);
  const stats = await computeQuestionStatistics(ctx.db, examId);
  const filters = [
    { label: '考试', value: results.exam.title },
    { label: '开放时间', value: `${results.exam.opensAt} 至 ${results.exam.closesAt}` },
    { label: '总分/及格分', value: `${results.exam.maxScore} / ${results.exam.passMark}` },
    { label: '通过率', value: results.passRate === null ? '—' : `${(results.passRate * 100).toFixed(1)}%` },
  ];
  const names = { not_started: '未参加', in_progress: '答题中', submitted: '待阅卷', graded: '已出成绩' } as const;
  await ctx.db.transaction().execute((trx) =>
    writeAudit(trx, ctx.actor, ctx.now, {
      action: 'exams.results_export',
      entityType: 'exam',
      entityId: examId,
      after: { rows: results.rows.length },
    }),
  );
  return {
    fileName: `考试成绩_${results.exam.title}.xlsx`,
    sheets: [
      {
        name: '每人成绩',
        filters,
        columns: [
          { header: '姓名', key: 'name', width: 12 },
          { header: '账号', key: 'username', width: 14 },
          { header: '状态', key: 'status', width: 10 },
          { header: '作答次数', key: 'attempts', width: 10 },
          { header: '得分', key: 'score', width: 8 },
          { header: '结果', key: 'passed', width: 8 },
          { header: '交卷时间', key: 'submittedAt', width: 24 },
        ],
        rows: results.rows.map((r) => ({
          ...r,
          status: names[r.status],
          passed: r.passed === null ? '' : r.passed ? '通过' : '未通过',
        })),
      },
      {
        name: '每题分析',
        filters,
        columns: [
          { header: '序号', key: 'position', width: 6 },
          { header: '题目', key: 'stem', width: 60 },
          { header: '作答人数', key: 'answered', width: 10 },
          { header: '答对率', key: 'difficulty', width: 10 },
          { header: '区分度', key: 'discrimination', width: 10 },
        ],
        rows: stats.questions,
      },
    ],
  };
}
