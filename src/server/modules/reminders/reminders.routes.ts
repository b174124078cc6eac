import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  callbackAgentSchema,
  callbackTaskSchema,
  callResultRecordedSchema,
  callResultSchema,
  campaignDetailSchema,
  campaignSchema,
  createCampaignSchema,
  defaultTemplates,
  deliveryReportsResultSchema,
  deliveryReportsSchema,
  myTasksQuerySchema,
  optOutAddedSchema,
  optOutBodySchema,
  optOutParamsSchema,
  optOutQuerySchema,
  optOutSchema,
  recipientPageQuerySchema,
  recipientPageSchema,
  recipientQuerySchema,
  reminderDefaultsSchema,
  reminderListDetailSchema,
  reminderListFieldsSchema,
  reminderListImportSchema,
  reminderListSchema,
  smsReplyResultSchema,
  smsReplySchema,
  smsSettingsPatchSchema,
  smsSettingsViewSchema,
  templatePlaceholders,
} from '../../../shared/reminders';
import { fileResponse, idParams, noContent } from '../../../shared/schemas';
import { shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { invalidField, unauthorized } from '../../platform/errors';
import { requireUser } from '../../platform/http';
import { anonymousContext, requestContext } from '../../platform/request-context';
import { receiveUpload, tabularTypes } from '../../platform/uploads';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../platform/xlsx';
import { deadlineOn } from '../filing-calendar';
import * as campaigns from './campaigns.service';
import { getReminderList, importReminderList, listReminderLists, memberColumns } from './reminder-lists.service';
import * as smsAdmin from './sms-admin.service';
import { recordDeliveryReports } from './sms-sender';
import { callbackTokenMatches, findSmsSettings } from './sms-settings';

/** A reminder list of a million taxpayers is some 60 MB of CSV. */
const MAX_LIST_BYTES = 200 * 1024 * 1024;

/** 提醒服务: reminder lists, campaigns by SMS or callback, agents' callback tasks, SMS settings and opt-outs. */
export const remindersRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const tags = ['reminders'];
  const now = () => deps.clock.now();

  app.post(
    '/api/reminders/lists',
    {
      config: { access: 'reminders.manage' },
      schema: {
        tags,
        summary: '导入提醒名单（CSV 或 .xlsx；multipart 字段 name、segment、file）',
        response: { 200: reminderListImportSchema },
      },
    },
    async (request) => {
      const upload = await receiveUpload(request, {
        dataDir: deps.dataDir,
        maxBytes: MAX_LIST_BYTES,
        accept: tabularTypes,
        fields: Object.keys(reminderListFieldsSchema.shape),
      });
      try {
        const fields = reminderListFieldsSchema.safeParse(upload.fields);
        if (!fields.success) {
          const issue = fields.error.issues[0];
          throw invalidField(String(issue?.path[0] ?? 'name'), 'VALIDATION_FAILED', issue?.message ?? '参数不正确');
        }
        return await importReminderList(requestContext(request, deps), { ...fields.data, upload });
      } finally {
        await upload.discard();
      }
    },
  );

  app.get(
    '/api/reminders/lists',
    {
      config: { access: 'reminders.manage' },
      schema: { tags, summary: '提醒名单', response: { 200: reminderListSchema.array() } },
    },
    async (request) => listReminderLists(deps.db, requireUser(request)),
  );

  app.get(
    '/api/reminders/lists/template',
    {
      config: { access: 'reminders.manage' },
      schema: {
        tags,
        summary: '提醒名单导入模板（CSV 表头）',
        response: { 200: fileResponse('text/csv', '导入模板（CSV，UTF-8 带 BOM）') },
      },
    },
    async (_request, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('提醒名单导入模板.csv')}`)
        .send(`\uFEFF${memberColumns.map((c) => c.headers[0]).join(',')}\r\n`),
  );

  app.get(
    '/api/reminders/lists/:id',
    {
      config: { access: 'reminders.manage' },
      schema: { tags, summary: '名单详情和错误行', params: idParams, response: { 200: reminderListDetailSchema } },
    },
    async (request) => getReminderList(deps.db, requireUser(request), request.params.id),
  );

  app.get(
    '/api/reminders/defaults',
    {
      config: { access: 'reminders.manage' },
      schema: { tags, summary: '短信模板、占位符和建议截止日期', response: { 200: reminderDefaultsSchema } },
    },
    async () => ({
      templates: defaultTemplates,
      placeholders: [...templatePlaceholders],
      suggestedDeadline: (await deadlineOn(deps.db, shanghaiDate(now()))).next.deadline,
    }),
  );

  app.get(
    '/api/reminders/agents',
    {
      config: { access: 'reminders.manage' },
      schema: { tags, summary: '可分派回访任务的坐席', response: { 200: callbackAgentSchema.array() } },
    },
    async (request) => campaigns.listCallbackAgents(deps.db, requireUser(request)),
  );

  app.post(
    '/api/reminders/campaigns',
    {
      config: { access: 'reminders.manage' },
      schema: {
        tags,
        summary: '发起提醒（短信或坐席回访）',
        body: createCampaignSchema,
        response: { 200: campaignDetailSchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request, deps);
      const campaign = await campaigns.createCampaign(ctx, request.body);
      // Only once the campaign exists: a refused campaign leaves no settings row behind (issue 12).
      if (request.body.channel === 'sms') await smsAdmin.ensureSmsSettings(ctx.db, ctx.now);
      return campaign;
    },
  );

  app.get(
    '/api/reminders/campaigns',
    {
      config: { access: 'reminders.manage' },
      schema: { tags, summary: '提醒任务', response: { 200: campaignSchema.array() } },
    },
    async (request) => campaigns.listCampaigns(deps.db, requireUser(request)),
  );

  app.get(
    '/api/reminders/campaigns/:id',
    {
      config: { access: 'reminders.manage' },
      schema: { tags, summary: '提醒任务的进度和结果', params: idParams, response: { 200: campaignDetailSchema } },
    },
    async (request) => campaigns.getCampaign(deps.db, requireUser(request), request.params.id),
  );

  app.get(
    '/api/reminders/campaigns/:id/recipients',
    {
      config: { access: 'reminders.manage' },
      schema: {
        tags,
        summary: '提醒对象及其发送或回访结果（号码脱敏）',
        params: idParams,
        querystring: recipientPageQuerySchema,
        response: { 200: recipientPageSchema },
      },
    },
    async (request) => {
      const { status, limit, offset } = request.query;
      return campaigns.listRecipients(
        deps.db,
        requireUser(request),
        request.params.id,
        { status },
        { limit, offset },
        deps.clock.now(),
      );
    },
  );

  app.get(
    '/api/reminders/campaigns/:id/recipients/export',
    {
      config: { access: 'reminders.manage' },
      schema: {
        tags,
        summary: '导出提醒对象及其结果（xlsx，号码脱敏）',
        params: idParams,
        querystring: recipientQuerySchema,
        response: { 200: fileResponse(XLSX_CONTENT_TYPE, '提醒对象及其结果（.xlsx）') },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request, deps);
      const stream = await campaigns.exportRecipients(ctx, request.params.id, request.query);
      return sendXlsx(reply, `提醒对象-${shanghaiDate(ctx.now)}.xlsx`, stream, 'reminder-recipients.xlsx');
    },
  );

  app.post(
    '/api/reminders/campaigns/:id/cancel',
    {
      config: { access: 'reminders.manage' },
      schema: { tags, summary: '取消提醒任务', params: idParams, response: { 200: campaignDetailSchema } },
    },
    async (request) => campaigns.cancelCampaign(requestContext(request, deps), request.params.id),
  );

  app.get(
    '/api/reminders/tasks',
    {
      config: { access: 'reminders.callback' },
      schema: {
        tags,
        summary: '我的回访任务',
        querystring: myTasksQuerySchema,
        response: { 200: callbackTaskSchema.array() },
      },
    },
    async (request) => campaigns.listMyTasks(deps.db, requireUser(request), request.query.status),
  );

  app.post(
    '/api/reminders/tasks/:id/result',
    {
      config: { access: 'reminders.callback' },
      schema: {
        tags,
        summary: '登记回访结果',
        params: idParams,
        body: callResultSchema,
        response: { 200: callResultRecordedSchema },
      },
    },
    async (request) => campaigns.recordCallResult(requestContext(request, deps), request.params.id, request.body),
  );

  app.get(
    '/api/reminders/sms-settings',
    {
      config: { access: 'reminders.manage' },
      schema: { tags, summary: '短信网关和发送设置（密钥不回显）', response: { 200: smsSettingsViewSchema } },
    },
    async () => smsAdmin.getSmsSettings(deps.db),
  );

  app.put(
    '/api/reminders/sms-settings',
    {
      config: { access: 'reminders.manage' },
      schema: {
        tags,
        summary: '修改短信设置（网关地址和密钥仅限系统管理员）',
        body: smsSettingsPatchSchema,
        response: { 200: smsSettingsViewSchema },
      },
    },
    async (request) => smsAdmin.updateSmsSettings(requestContext(request, deps), request.body),
  );

  app.get(
    '/api/reminders/opt-outs',
    {
      config: { access: 'reminders.manage' },
      schema: {
        tags,
        summary: '短信退订名单',
        querystring: optOutQuerySchema,
        response: { 200: optOutSchema.array() },
      },
    },
    async (request) => smsAdmin.listOptOuts(deps.db, request.query.phone),
  );

  app.post(
    '/api/reminders/opt-outs',
    {
      config: { access: 'reminders.manage' },
      schema: {
        tags,
        summary: '登记退订号码',
        body: optOutBodySchema,
        response: { 200: optOutAddedSchema },
      },
    },
    async (request) => smsAdmin.addOptOut(requestContext(request, deps), request.body),
  );

  app.delete(
    '/api/reminders/opt-outs/:phone',
    {
      config: { access: 'reminders.manage' },
      schema: { tags, summary: '取消退订', params: optOutParamsSchema, response: { 204: noContent } },
    },
    async (request, reply) => {
      await smsAdmin.removeOptOut(requestContext(request, deps), request.params.phone);
      return reply.code(204).send();
    },
  );

  /** The gateway's callbacks carry the token set in the SMS settings as `Authorization: Bearer …`. */
  const requireGatewayToken = async (authorization: string | undefined) => {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!callbackTokenMatches(await findSmsSettings(deps.db), token)) {
      throw unauthorized('GATEWAY_TOKEN_INVALID', '短信网关回调令牌无效');
    }
  };

  app.post(
    '/api/reminders/sms/delivery-reports',
    {
      config: { access: 'integration' },
      schema: {
        tags,
        summary: '短信网关状态回执（Bearer 回执令牌）',
        body: deliveryReportsSchema,
        response: { 200: deliveryReportsResultSchema },
      },
    },
    async (request) => {
      await requireGatewayToken(request.headers.authorization);
      return recordDeliveryReports(anonymousContext(request, deps), request.body.reports);
    },
  );

  app.post(
    '/api/reminders/sms/replies',
    {
      config: { access: 'integration' },
      schema: {
        tags,
        summary: '短信上行回复（回复 TD 等即退订）',
        body: smsReplySchema,
        response: { 200: smsReplyResultSchema },
      },
    },
    async (request) => {
      await requireGatewayToken(request.headers.authorization);
      return smsAdmin.recordReply(anonymousContext(request, deps), request.body);
    },
  );
};
