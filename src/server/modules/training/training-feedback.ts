import type { FeedbackAverages } from '../../../shared/training';
import type { DbOrTx } from '../../db/connection';
import * as repo from './training.repository';

const average = (sum: number, n: number) => (n === 0 ? null : Math.round((sum / n) * 100) / 100);

/** The questionnaire's averages (1–5, two decimals) per session and over all of them together. */
export async function feedbackAverages(db: DbOrTx, sessionIds: readonly number[]) {
  const rows = await repo.averageFeedback(db, sessionIds);
  const toAverages = (r: {
    responses: number;
    content: number;
    lecturer: number;
    usefulness: number;
  }): FeedbackAverages => ({
    responses: r.responses,
    content: average(r.content, r.responses),
    lecturer: average(r.lecturer, r.responses),
    usefulness: average(r.usefulness, r.responses),
  });
  const sums = rows.map((r) => ({
    sessionId: r.sessionId,
    responses: Number(r.responses),
    content: Number(r.content ?? 0),
    lecturer: Number(r.lecturer ?? 0),
    usefulness: Number(r.usefulness ?? 0),
  }));
  const total = sums.reduce(
    (t, r) => ({
      responses: t.responses + r.responses,
      content: t.content + r.content,
      lecturer: t.lecturer + r.lecturer,
      usefulness: t.usefulness + r.usefulness,
    }),
    { responses: 0, content: 0, lecturer: 0, usefulness: 0 },
  );
  return {
    overall: toAverages(total),
    bySession: (sessionId: number) =>
      toAverages(
        sums.find((r) => r.sessionId === sessionId) ?? { responses: 0, content: 0, lecturer: 0, usefulness: 0 },
      ),
  };
}
