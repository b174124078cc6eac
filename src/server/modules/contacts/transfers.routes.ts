import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adoptions } from '../../../shared/contacts';
import { shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { invalidField } from '../../platform/errors';
import { actorOf, requireUser } from '../../platform/http';
import { sendXlsx } from '../../platform/xlsx';
import { date, idParams } from './contacts.routes';
import * as transfers from './transfers.service';

const text = (max: number) => z.string().trim().min(1).max(max);

const overdueQuery = z.strictObject({ includeDueSoon: z.enum(['true', 'false']).default('true') });
const rankingQuery = z.strictObject({ from: date.optional(), to: date.optional() });

/** The ranking's range: this month up to today (Shanghai time) unless given. */
function rankingRangeOf(query: z.infer<typeof rankingQuery>, now: Date) {
  const today = shanghaiDate(now);
  const from = query.from ?? `${today.slice(0, 7)}-01`;
  const to = query.to ?? today;
  if (to < from) throw invalidField('to', 'INVALID_RANGE', '结束日期不能早于开始日期');
  return { from, to };
}

export const transfersRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, clock } = deps;
  const tags = ['transfers'];

  app.get('/api/inbox', { config: { access: 'inbox.read' }, schema: { tags, summary: '待办事项' } }, async (request) =>
    transfers.inboxOf(db, requireUser(request), clock.now()),
  );

  app.post(
    '/api/transfers/:id/answer',
    {
      config: { access: 'transfers.answer' },
      schema: {
        tags,
        summary: '答复转办单',
        params: idParams,
        body: z.strictObject({ answer: text(4000), adoption: z.enum(adoptions).optional() }),
      },
    },
    async (request) =>
      transfers.answerTransfer(
        db,
        requireUser(request),
        request.params.id,
        request.body,
        actorOf(request),
        clock.now(),
      ),
  );

  app.post(
    '/api/transfers/:id/return',
    {
      config: { access: 'transfers.answer' },
      schema: { tags, summary: '退回转办单', params: idParams, body: z.strictObject({ reason: text(1000) }) },
    },
    async (request) =>
      transfers.returnTransfer(
        db,
        requireUser(request),
        request.params.id,
        request.body,
        actorOf(request),
        clock.now(),
      ),
  );

  app.post(
    '/api/transfers/:id/forward',
    {
      config: { access: 'transfers.answer' },
      schema: {
        tags,
        summary: '转其他处室',
        params: idParams,
        body: z.strictObject({
          departmentId: z.number().int().positive(),
          note: z.string().trim().max(1000).optional(),
        }),
      },
    },
    async (request) =>
      transfers.forwardTransfer(
        db,
        requireUser(request),
        request.params.id,
        request.body,
        actorOf(request),
        clock.now(),
      ),
  );

  app.post(
    '/api/transfers/:id/urge',
    {
      config: { access: 'transfers.urge' },
      schema: { tags, summary: '催办', params: idParams, body: z.strictObject({ note: text(500) }) },
    },
    async (request) =>
      transfers.urgeTransfer(db, requireUser(request), request.params.id, request.body, actorOf(request), clock.now()),
  );

  app.get(
    '/api/transfers/overdue',
    {
      config: { access: 'transfers.monitor' },
      schema: {
        tags,
        summary: '超期和即将到期的转办单',
        querystring: overdueQuery,
      },
    },
    async (request) =>
      transfers.listOverdueTransfers(db, requireUser(request), clock.now(), request.query.includeDueSoon === 'true'),
  );

  app.get(
    '/api/transfers/overdue-ranking',
    {
      config: { access: 'transfers.monitor' },
      schema: {
        tags,
        summary: '各处室超期排名',
        querystring: rankingQuery,
      },
    },
    async (request) => {
      const { from, to } = rankingRangeOf(request.query, clock.now());
      return { from, to, items: await transfers.overdueRanking(db, requireUser(request), { from, to }, clock.now()) };
    },
  );

  app.get(
    '/api/transfers/overdue/export',
    {
      config: { access: 'transfers.monitor' },
      schema: {
        tags,
        summary: '导出超期转办单和各处室超期排名（xlsx）',
        querystring: overdueQuery.extend(rankingQuery.shape),
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const { includeDueSoon, ...range } = request.query;
      const stream = await transfers.exportTransferMonitor(
        db,
        requireUser(request),
        { includeDueSoon: includeDueSoon === 'true', ...rankingRangeOf(range, now) },
        actorOf(request),
        now,
      );
      return sendXlsx(reply, `转办督办-${shanghaiDate(now)}.xlsx`, stream, 'transfers-overdue.xlsx');
    },
  );
};
