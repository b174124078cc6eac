import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  callbackBody,
  callerHistoryQuery,
  callerHistorySchema,
  closeContactBody,
  contactBody,
  contactDetailSchema,
  contactLogPageQuery,
  contactLogQuery,
  contactPageSchema,
  dueDaySettingsBody,
  dueDaySettingsSchema,
  ratingBody,
  revealedContactSchema,
  smsSurveySchema,
  surveyLinkSchema,
  surveyRecordedSchema,
  transferContactBody,
} from '../../../shared/contacts';
import { fileResponse, idParams } from '../../../shared/schemas';
import { shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { idempotent } from '../../platform/idempotency';
import { requestContext } from '../../platform/request-context';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../platform/xlsx';
import { exportContactLog, listContactLog } from './contact-log.service';
import * as contacts from './contacts.service';
import * as surveys from './surveys.service';
import * as transfers from './transfers.service';

export const contactsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db } = deps;
  const tags = ['contacts'];

  app.post(
    '/api/contacts',
    {
      config: { access: 'contacts.register' },
      schema: { tags, summary: '登记来电', body: contactBody, response: { 200: contactDetailSchema } },
    },
    async (request) => {
      const ctx = requestContext(request, deps);
      return idempotent(request, ctx, (inTransaction) => contacts.registerContact(ctx, request.body, inTransaction));
    },
  );

  app.get(
    '/api/contacts',
    {
      config: { access: 'contacts.read' },
      schema: {
        tags,
        summary: '接听记录簿（按开始时间倒序，游标翻页）',
        querystring: contactLogPageQuery,
        response: { 200: contactPageSchema },
      },
    },
    async (request) => {
      const { cursor, limit, ...query } = request.query;
      return listContactLog(requestContext(request, deps), query, cursor, limit);
    },
  );

  app.get(
    '/api/contacts/export',
    {
      config: { access: 'contacts.read' },
      schema: {
        tags,
        summary: '导出接听记录簿（xlsx）',
        querystring: contactLogQuery,
        response: { 200: fileResponse(XLSX_CONTENT_TYPE, '接听记录簿（xlsx）') },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request, deps);
      const stream = await exportContactLog(ctx, request.query);
      return sendXlsx(reply, `接听记录簿-${shanghaiDate(ctx.now)}.xlsx`, stream, 'contacts.xlsx');
    },
  );

  app.get(
    '/api/contacts/history',
    {
      config: { access: 'contacts.read' },
      schema: {
        tags,
        summary: '来电人历史：以往来电和办理中的工单',
        querystring: callerHistoryQuery,
        response: { 200: callerHistorySchema },
      },
    },
    async (request) => contacts.callerHistory(requestContext(request, deps), request.query),
  );

  app.get(
    '/api/contacts/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: '来电详情和完整经过', params: idParams, response: { 200: contactDetailSchema } },
    },
    async (request) => contacts.getContact(requestContext(request, deps), request.params.id),
  );

  app.post(
    '/api/contacts/:id/reveal',
    {
      config: { access: 'contacts.reveal' },
      schema: {
        tags,
        summary: '查看完整来电号码和纳税人识别号（记入审计）',
        params: idParams,
        response: { 200: revealedContactSchema },
      },
    },
    async (request) => contacts.revealContact(requestContext(request, deps), request.params.id),
  );

  app.post(
    '/api/contacts/:id/transfer',
    {
      config: { access: 'contacts.register' },
      schema: {
        tags,
        summary: '转办（退回或回访后再次转办）',
        params: idParams,
        body: transferContactBody,
        response: { 200: contactDetailSchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request, deps);
      return idempotent(request, ctx, (inTransaction) =>
        transfers.transferContact(ctx, request.params.id, request.body, inTransaction),
      );
    },
  );

  app.post(
    '/api/contacts/:id/close',
    {
      config: { access: 'contacts.register' },
      schema: {
        tags,
        summary: '办结被退回的来电（坐席自行答复）',
        params: idParams,
        body: closeContactBody,
        response: { 200: contactDetailSchema },
      },
    },
    async (request) => contacts.closeReturnedContact(requestContext(request, deps), request.params.id, request.body),
  );

  app.post(
    '/api/contacts/:id/callbacks',
    {
      config: { access: 'contacts.register' },
      schema: {
        tags,
        summary: '回访结果：已联系上 / 未联系上（待重试）/ 结束回访',
        params: idParams,
        body: callbackBody,
        response: { 200: contactDetailSchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request, deps);
      return idempotent(request, ctx, (inTransaction) =>
        contacts.recordCallback(ctx, request.params.id, request.body, inTransaction),
      );
    },
  );

  app.post(
    '/api/contacts/:id/survey',
    {
      config: { access: 'contacts.register' },
      schema: {
        tags,
        summary: '坐席录入满意度评价',
        params: idParams,
        body: ratingBody,
        response: { 200: surveyRecordedSchema },
      },
    },
    async (request) => surveys.recordSurveyByAgent(requestContext(request, deps), request.params.id, request.body),
  );

  app.post(
    '/api/contacts/:id/survey-link',
    {
      config: { access: 'contacts.register' },
      schema: { tags, summary: '生成一次性网页评价链接', params: idParams, response: { 200: surveyLinkSchema } },
    },
    async (request) => surveys.createSurveyLink(requestContext(request, deps), request.params.id),
  );

  app.post(
    '/api/contacts/:id/survey-sms',
    {
      config: { access: 'contacts.register' },
      schema: { tags, summary: '发送短信评价（回复 1/2/3）', params: idParams, response: { 200: smsSurveySchema } },
    },
    async (request) => surveys.requestSmsSurvey(requestContext(request, deps), request.params.id),
  );

  app.get(
    '/api/contact-types/settings',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: '各诉求类型的转办答复时限（工作日）', response: { 200: dueDaySettingsSchema } },
    },
    async () => transfers.listDueDaySettings(db),
  );

  app.put(
    '/api/contact-types/settings',
    {
      config: { access: 'contacts.configure' },
      schema: {
        tags,
        summary: '设置转办答复时限',
        body: dueDaySettingsBody,
        response: { 200: dueDaySettingsSchema },
      },
    },
    async (request) => transfers.setDueDaySettings(requestContext(request, deps), request.body.settings),
  );
};
