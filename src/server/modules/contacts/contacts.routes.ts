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
import { actorOf, requireUser } from '../../platform/http';
import { idempotent } from '../../platform/idempotency';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../platform/xlsx';
import { exportContactLog, listContactLog } from './contact-log.service';
import * as contacts from './contacts.service';
import * as surveys from './surveys.service';
import * as transfers from './transfers.service';

export const contactsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, clock } = deps;
  const tags = ['contacts'];

  app.post(
    '/api/contacts',
    {
      config: { access: 'contacts.register' },
      schema: { tags, summary: '登记来电', body: contactBody, response: { 200: contactDetailSchema } },
    },
    async (request) =>
      idempotent(request, { db, now: clock.now() }, (inTransaction) =>
        contacts.registerContact(db, requireUser(request), request.body, actorOf(request), clock.now(), inTransaction),
      ),
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
      return listContactLog(db, requireUser(request), query, cursor, limit, clock.now());
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
      const stream = await exportContactLog(db, requireUser(request), request.query, actorOf(request), clock.now());
      return sendXlsx(reply, `接听记录簿-${shanghaiDate(clock.now())}.xlsx`, stream, 'contacts.xlsx');
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
    async (request) => contacts.callerHistory(db, requireUser(request), request.query, clock.now()),
  );

  app.get(
    '/api/contacts/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: '来电详情和完整经过', params: idParams, response: { 200: contactDetailSchema } },
    },
    async (request) => contacts.getContact(db, requireUser(request), request.params.id, clock.now()),
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
    async (request) =>
      contacts.revealContact(db, requireUser(request), request.params.id, actorOf(request), clock.now()),
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
    async (request) =>
      idempotent(request, { db, now: clock.now() }, (inTransaction) =>
        transfers.transferContact(
          db,
          requireUser(request),
          request.params.id,
          request.body,
          actorOf(request),
          clock.now(),
          inTransaction,
        ),
      ),
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
    async (request) =>
      contacts.closeReturnedContact(
        db,
        requireUser(request),
        request.params.id,
        request.body,
        actorOf(request),
        clock.now(),
      ),
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
    async (request) =>
      idempotent(request, { db, now: clock.now() }, (inTransaction) =>
        contacts.recordCallback(
          db,
          requireUser(request),
          request.params.id,
          request.body,
          actorOf(request),
          clock.now(),
          inTransaction,
        ),
      ),
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
    async (request) =>
      surveys.recordSurveyByAgent(
        db,
        requireUser(request),
        request.params.id,
        request.body,
        actorOf(request),
        clock.now(),
      ),
  );

  app.post(
    '/api/contacts/:id/survey-link',
    {
      config: { access: 'contacts.register' },
      schema: { tags, summary: '生成一次性网页评价链接', params: idParams, response: { 200: surveyLinkSchema } },
    },
    async (request) =>
      surveys.createSurveyLink(db, requireUser(request), request.params.id, actorOf(request), clock.now()),
  );

  app.post(
    '/api/contacts/:id/survey-sms',
    {
      config: { access: 'contacts.register' },
      schema: { tags, summary: '发送短信评价（回复 1/2/3）', params: idParams, response: { 200: smsSurveySchema } },
    },
    async (request) =>
      surveys.requestSmsSurvey(db, requireUser(request), request.params.id, actorOf(request), clock.now()),
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
    async (request) =>
      transfers.setDueDaySettings(db, requireUser(request), request.body.settings, actorOf(request), clock.now()),
  );
};
