import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  callbackResults,
  channels,
  contactStatuses,
  contactTypes,
  outcomes,
  satisfactions,
} from '../../../shared/contacts';
import { isValidDate, shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { actorOf, requireUser } from '../../platform/http';
import { sendXlsx } from '../../platform/xlsx';
import { exportContactLog, listContactLog } from './contact-log.service';
import * as contacts from './contacts.service';
import * as surveys from './surveys.service';
import * as transfers from './transfers.service';

export const id = z.coerce.number().int().positive();
export const idParams = z.strictObject({ id });
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

/** A phone number as callers give it; spaces, dashes and brackets are dropped so that lookups match. */
export const phone = z
  .string()
  .transform((v) => v.replace(/[\s\-()]/g, ''))
  .pipe(z.string().regex(/^\+?\d{3,20}$/, '电话号码须为 3–20 位数字'));

export const date = z.string().refine(isValidDate, '日期格式须为 YYYY-MM-DD');

export const ratingBody = z.strictObject({
  satisfaction: z.enum(satisfactions),
  efficiency: z.number().int().min(1).max(5).optional(),
  accuracy: z.number().int().min(1).max(5).optional(),
  comment: optionalText(500),
});

const contactBody = z.strictObject({
  channel: z.enum(channels),
  type: z.enum(contactTypes),
  callerPhone: phone,
  taxpayerId: optionalText(24),
  taxpayerName: optionalText(100),
  taxKind: optionalText(30),
  subject: text(200),
  content: text(4000),
  answer: optionalText(4000),
  outcome: z.enum(outcomes),
  departmentId: z.number().int().positive().optional(),
  transferNote: optionalText(1000),
  kbArticles: z
    .array(z.strictObject({ id: z.number().int().positive(), title: text(300) }))
    .max(20)
    .optional(),
  callRecordId: z.number().int().positive().optional(),
  handlingSeconds: z
    .number()
    .int()
    .min(0)
    .max(12 * 60 * 60)
    .optional(),
  named: z.boolean().optional(),
  reporterName: optionalText(60),
  subjectName: optionalText(200),
  complaintType: optionalText(60),
});

export const logQuery = z.strictObject({
  from: date.optional(),
  to: date.optional(),
  agentId: id.optional(),
  channel: z.enum(channels).optional(),
  type: z.enum(contactTypes).optional(),
  status: z.enum(contactStatuses).optional(),
  phone: phone.optional(),
  taxpayerId: optionalText(24),
  q: optionalText(100),
});

export const contactsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, clock } = deps;
  const tags = ['contacts'];

  app.post(
    '/api/contacts',
    { config: { access: 'contacts.register' }, schema: { tags, summary: '登记来电', body: contactBody } },
    async (request) => contacts.registerContact(db, requireUser(request), request.body, actorOf(request), clock.now()),
  );

  app.get(
    '/api/contacts',
    {
      config: { access: 'contacts.read' },
      schema: {
        tags,
        summary: '接听记录簿（按开始时间倒序，游标翻页）',
        querystring: logQuery.extend({
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (request) => {
      const { cursor, limit, ...query } = request.query;
      return listContactLog(db, requireUser(request), query, cursor, limit);
    },
  );

  app.get(
    '/api/contacts/export',
    { config: { access: 'contacts.read' }, schema: { tags, summary: '导出接听记录簿（xlsx）', querystring: logQuery } },
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
        querystring: z.strictObject({ phone: phone.optional(), taxpayerId: optionalText(24) }),
      },
    },
    async (request) => contacts.callerHistory(db, requireUser(request), request.query),
  );

  app.get(
    '/api/contacts/:id',
    { config: { access: 'authenticated' }, schema: { tags, summary: '来电详情和完整经过', params: idParams } },
    async (request) => contacts.getContact(db, requireUser(request), request.params.id, clock.now()),
  );

  app.post(
    '/api/contacts/:id/reveal',
    {
      config: { access: 'contacts.reveal' },
      schema: { tags, summary: '查看完整来电号码和纳税人识别号（记入审计）', params: idParams },
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
        body: z.strictObject({ departmentId: z.number().int().positive(), note: optionalText(1000) }),
      },
    },
    async (request) =>
      transfers.transferContact(
        db,
        requireUser(request),
        request.params.id,
        request.body,
        actorOf(request),
        clock.now(),
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
        body: z.strictObject({ answer: text(4000) }),
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
        body: z.strictObject({ result: z.enum(callbackResults), note: optionalText(1000) }),
      },
    },
    async (request) =>
      contacts.recordCallback(db, requireUser(request), request.params.id, request.body, actorOf(request), clock.now()),
  );

  app.post(
    '/api/contacts/:id/survey',
    {
      config: { access: 'contacts.register' },
      schema: { tags, summary: '坐席录入满意度评价', params: idParams, body: ratingBody },
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
      schema: { tags, summary: '生成一次性网页评价链接', params: idParams },
    },
    async (request) =>
      surveys.createSurveyLink(db, requireUser(request), request.params.id, actorOf(request), clock.now()),
  );

  app.post(
    '/api/contacts/:id/survey-sms',
    {
      config: { access: 'contacts.register' },
      schema: { tags, summary: '发送短信评价（回复 1/2/3）', params: idParams },
    },
    async (request) =>
      surveys.requestSmsSurvey(db, requireUser(request), request.params.id, actorOf(request), clock.now()),
  );

  app.get(
    '/api/contact-types/settings',
    { config: { access: 'authenticated' }, schema: { tags, summary: '各诉求类型的转办答复时限（工作日）' } },
    async () => transfers.listDueDaySettings(db),
  );

  app.put(
    '/api/contact-types/settings',
    {
      config: { access: 'contacts.configure' },
      schema: {
        tags,
        summary: '设置转办答复时限',
        body: z.strictObject({
          settings: z
            .array(z.strictObject({ type: z.enum(contactTypes), transferDueDays: z.number().int().min(1).max(60) }))
            .min(1)
            .max(contactTypes.length),
        }),
      },
    },
    async (request) =>
      transfers.setDueDaySettings(db, requireUser(request), request.body.settings, actorOf(request), clock.now()),
  );
};
