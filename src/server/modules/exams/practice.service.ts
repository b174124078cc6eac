import { randomInt } from 'node:crypto';
import type { Practice } from '../../../shared/exams';
import { addDays, shanghaiDate } from '../../platform/dates';
import { conflict, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import { answerForClient, isAnswerRight, normaliseAnswer, optionsFor } from './exams';
import * as repo from './exams.repository';

export const PRACTICE_SIZE = 5;

/**
 * Draws `count` of the pool without replacement, each with its weight: questions citing an article
 * published or revised in the last 30 days weigh 3, those of the person's weak tax kinds 2 more.
 */
export function drawWeighted<T extends { weight: number }>(pool: readonly T[], count: number): T[] {
  const left = [...pool];
  const out: T[] = [];
  while (out.length < count && left.length > 0) {
    const total = left.reduce((sum, q) => sum + q.weight, 0);
    let pick = randomInt(Math.max(1, Math.round(total * 1000))) / 1000;
    let index = 0;
    for (; index < left.length - 1; index++) {
      pick -= left[index]?.weight ?? 0;
      if (pick < 0) break;
    }
    const [chosen] = left.splice(index, 1);
    if (chosen) out.push(chosen);
  }
  return out;
}

/** A tax kind is weak when the person answered it at least twice in 30 days and got under 60 % right. */
function weakTaxKinds(progress: ReadonlyArray<{ taxKind: string; answered: number; correct: number }>): Set<string> {
  return new Set(progress.filter((p) => p.answered >= 2 && p.correct / p.answered < 0.6).map((p) => p.taxKind));
}

/** Today's five questions of 每日一练 (drawn at the first visit of the day) and the last 30 days' progress. */
export async function getPractice({ db, user, now }: RequestContext): Promise<Practice> {
  const date = shanghaiDate(now);
  const since = addDays(date, -30);
  let items = await repo.findPracticeItems(db, user.id, date);
  if (items.length === 0) {
    const weak = weakTaxKinds(await repo.practiceProgress(db, user.id, since));
    const pool = (await repo.findPracticePool(db, new Date(now.getTime() - 30 * 86_400_000).toISOString())).map(
      (q) => ({
        ...q,
        weight: (q.isRecent ? 3 : 1) + (weak.has(q.taxKind) ? 2 : 0),
      }),
    );
    const drawn = drawWeighted(pool, PRACTICE_SIZE).map((q) => q.id);
    await db.transaction().execute((trx) => repo.insertPracticeItems(trx, user.id, date, drawn));
    items = await repo.findPracticeItems(db, user.id, date);
  }
  const progress = await repo.practiceProgress(db, user.id, since);
  return {
    date,
    questions: items.map((item) => {
      const question = {
        id: item.questionId,
        type: item.type,
        options: JSON.parse(item.options) as string[],
        answer: item.answer,
      };
      const isAnswered = item.given !== null;
      return {
        id: item.questionId,
        type: item.type,
        stem: item.stem,
        // Practice keeps the stored order of options: nothing rides on it.
        options: optionsFor(question, { questions: [], options: {} }),
        answer: isAnswered ? answerForClient(item.type, item.given ?? '') : null,
        isCorrect: isAnswered ? item.isCorrect === 1 : null,
        correctAnswer: isAnswered ? item.answer : null,
        explanation: isAnswered ? item.explanation : null,
      };
    }),
    progress: {
      answered: progress.reduce((n, p) => n + p.answered, 0),
      correct: progress.reduce((n, p) => n + p.correct, 0),
      byTaxKind: progress,
    },
  };
}

/** Answers one of today's practice questions, once; the correct answer is shown right after. */
export async function answerPractice(ctx: RequestContext, questionId: number, given: string | string[]) {
  const { db, user, now } = ctx;
  const date = shanghaiDate(now);
  const item = (await repo.findPracticeItems(db, user.id, date)).find((i) => i.questionId === questionId);
  if (!item) throw notFound('PRACTICE_QUESTION_NOT_FOUND', '今天的练习中没有这道题');
  const options = JSON.parse(item.options) as string[];
  const answer = normaliseAnswer(item.type, options.length, given);
  if (answer === null) throw invalidField('answer', 'INVALID_ANSWER', '答案格式不正确');
  const isCorrect = isAnswerRight({ id: questionId, type: item.type, options, answer: item.answer }, answer) === true;
  const updated = await db
    .transaction()
    .execute((trx) =>
      repo.answerPracticeItem(
        trx,
        { userId: user.id, date, questionId },
        { given: answer, isCorrect, now: now.toISOString() },
      ),
    );
  if (updated === 0) throw conflict('PRACTICE_ALREADY_ANSWERED', '这道题已经答过了');
  return getPractice(ctx);
}
