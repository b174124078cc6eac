import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  answerTransferBody,
  contactDetailSchema,
  forwardTransferBody,
  inboxSchema,
  inboxTransferSchema,
  overdueRankingQuery,
  overdueRankingSchema,
  overdueTransfersQuery,
  returnTransferBody,
  urgeResultSchema,
  urgeTransferBody,
} from '../../../shared/contacts';
import { fileResponse, idParams } from '../../../shared/schemas';
import { shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { invalidField } from '../../platform/errors';
import { requestContext } from '../../platform/request-context';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../platform/xlsx';
import * as transfers from './transfers.service';

/** The ranking's range: this month up to today (Shanghai time) unless given. */
function rankingRangeOf(query: z.infer<typeof overdueRankingQuery>, now: Date) {
  const today = shanghaiDate(now);
  const from = query.from ?? `${today.slice(0, 7)}-01`;
  const to = query.to ?? today;
  if (to < from) throw invalidField('to', 'INVALID_RANGE', '结束日期不能早于开始日期');
  return { from, to };
}

export const transfersRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const tags = ['transfers'];

  app.get(
    '/api/inbox',
    { config: { access: 'inbox.read' }, schema: { tags, summary: '待办事项', response: { 200: inboxSchema } } },
    async (request) => transfers.inboxOf(requestContext(request, deps)),
  );

  app.post(
    '/api/transfers/:id/answer',
    {
      config: { access: 'transfers.answer' },
      schema: {
        tags,
        summary: '答复转办单',
        params: idParams,
        body: answerTransferBody,
        response: { 200: contactDetailSchema },
      },
    },
    async (request) => transfers.answerTransfer(requestContext(request, deps), request.params.id, request.body),
  );

  app.post(
    '/api/transfers/:id/return',
    {
      config: { access: 'transfers.answer' },
      schema: {
        tags,
        summary: '退回转办单',
        params: idParams,
        body: returnTransferBody,
        response: { 200: contactDetailSchema },
      },
    },
    async (request) => transfers.returnTransfer(requestContext(request, deps), request.params.id, request.body),
  );

  app.post(
    '/api/transfers/:id/forward',
    {
      config: { access: 'transfers.answer' },
      schema: {
        tags,
        summary: '转其他处室',
        params: idParams,
        body: forwardTransferBody,
        response: { 200: contactDetailSchema },
      },
    },
    async (request) => transfers.forwardTransfer(requestContext(request, deps), request.params.id, request.body),
  );

  app.post(
    '/api/transfers/:id/urge',
    {
      config: { access: 'transfers.urge' },
      schema: { tags, summary: '催办', params: idParams, body: urgeTransferBody, response: { 200: urgeResultSchema } },
    },
    async (request) => transfers.urgeTransfer(requestContext(request, deps), request.params.id, request.body),
  );

  app.get(
    '/api/transfers/overdue',
    {
      config: { access: 'transfers.monitor' },
      schema: {
        tags,
        summary: '超期和即将到期的转办单',
        querystring: overdueTransfersQuery,
        response: { 200: z.array(inboxTransferSchema) },
      },
    },
    async (request) =>
      transfers.listOverdueTransfers(requestContext(request, deps), request.query.includeDueSoon === 'true'),
  );

  app.get(
    '/api/transfers/overdue-ranking',
    {
      config: { access: 'transfers.monitor' },
      schema: {
        tags,
        summary: '各处室超期排名',
        querystring: overdueRankingQuery,
        response: { 200: overdueRankingSchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request, deps);
      const { from, to } = rankingRangeOf(request.query, ctx.now);
      return { from, to, items: await transfers.overdueRanking(ctx, { from, to }) };
    },
  );

  app.get(
    '/api/transfers/overdue/export',
    {
      config: { access: 'transfers.monitor' },
      schema: {
        tags,
        summary: '导出超期转办单和各处室超期排名（xlsx）',
        querystring: overdueTransfersQuery.extend(overdueRankingQuery.shape),
        response: { 200: fileResponse(XLSX_CONTENT_TYPE, '超期转办单和各处室超期排名（xlsx）') },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request, deps);
      const { includeDueSoon, ...range } = request.query;
      const stream = await transfers.exportTransferMonitor(ctx, {
        includeDueSoon: includeDueSoon === 'true',
        ...rankingRangeOf(range, ctx.now),
      });
      return sendXlsx(reply, `转办督办-${shanghaiDate(ctx.now)}.xlsx`, stream, 'transfers-overdue.xlsx');
    },
  );
};
