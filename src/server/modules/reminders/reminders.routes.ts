import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isValidDate, shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { invalidField, unauthorized } from '../../platform/errors';
import { actorOf, requireUser } from '../../platform/http';
import { sendXlsx } from '../../platform/xlsx';
import { deadlineOn } from '../filing-calendar';
import { storeUpload } from '../lookups';
import * as campaigns from './campaigns.service';
import { getReminderList, importReminderList, listReminderLists, memberColumns } from './reminder-lists.service';
import {
  callbackResults,
  defaultTemplates,
  listSegments,
  reminderChannels,
  reminderKinds,
  smsStatuses,
  templatePlaceholders,
} from './reminders';
import * as smsAdmin from './sms-admin.service';
import { recordDeliveryReports } from './sms-sender';
import { callbackTokenMatches, findSmsSettings } from './sms-settings';

/** A reminder list of a million taxpayers is some 60 MB of CSV. */
const MAX_LIST_BYTES = 200 * 1024 * 1024;

const id = z.coerce.number().int().positive();
const idParams = z.strictObject({ id });
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '所属期须写作 YYYY-MM');
const date = z.string().refine(isValidDate, '须为有效日期，格式 YYYY-MM-DD');
const optionalNote = z
  .string()
  .trim()
  .max(300)
  .optional()
  .transform((v) => v || null);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '须为 HH:mm 格式的时间');

/** The filter of a campaign's recipients, shared by the list and its export. */
const recipientQuery = z.strictObject({
  status: z.enum([...smsStatuses, ...callbackResults, 'pending', 'done', 'cancelled']).optional(),
});

/** 提醒服务: reminder lists, campaigns by SMS or callback, agents' callback tasks, SMS settings and opt-outs. */
export const remindersRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_LIST_BYTES, files: 1 } });
  const tags = ['reminders'];
  const now = () => deps.clock.now();

  app.post(
    '/api/reminders/lists',
    {
      config: { access: 'reminders.manage' },
      schema: { tags, summary: '导入提醒名单（CSV 或 .xlsx；multipart 字段 name、segment、file）' },
    },
    async (request) => {
      const user = requireUser(request);
      const upload = await storeUpload(request, deps.dataDir, MAX_LIST_BYTES);
      try {
        const fields = z
          .object({
            name: z.string().trim().min(1, '请填写名单名称').max(60),
            segment: z.enum(listSegments, { error: '名单类型须为 未申报户、未缴款户 或 指定群体' }),
          })
          .safeParse(upload.fields);
        if (!fields.success) {
          const issue = fields.error.issues[0];
          throw invalidField(String(issue?.path[0] ?? 'name'), 'VALIDATION_FAILED', issue?.message ?? '参数不正确');
        }
        return await importReminderList(deps.db, user, { ...fields.data, upload }, actorOf(request), now());
      } finally {
        await upload.discard();
      }
    },
  );

  app.get(
    '/api/reminders/lists',
    { config: { access: 'reminders.manage' }, schema: { tags, summary: '提醒名单' } },
    async (request) => listReminderLists(deps.db, requireUser(request)),
  );

  app.get(
    '/api/reminders/lists/template',
    { config: { access: 'reminders.manage' }, schema: { tags, summary: '提醒名单导入模板（CSV 表头）' } },
    async (_request, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('提醒名单导入模板.csv')}`)
        .send(`\uFEFF${memberColumns.map((c) => c.headers[0]).join(',')}\r\n`),
  );

  app.get(
    '/api/reminders/lists/:id',
    { config: { access: 'reminders.manage' }, schema: { tags, summary: '名单详情和错误行', params: idParams } },
    async (request) => getReminderList(deps.db, requireUser(request), request.params.id),
  );

  app.get(
    '/api/reminders/defaults',
    { config: { access: 'reminders.manage' }, schema: { tags, summary: '短信模板、占位符和建议截止日期' } },
    async () => ({
      templates: defaultTemplates,
      placeholders: templatePlaceholders,
      suggestedDeadline: (await deadlineOn(deps.db, shanghaiDate(now()))).next.deadline,
    }),
  );

  app.get(
    '/api/reminders/agents',
    { config: { access: 'reminders.manage' }, schema: { tags, summary: '可分派回访任务的坐席' } },
    async (request) => campaigns.listCallbackAgents(deps.db, requireUser(request)),
  );

  app.post(
    '/api/reminders/campaigns',
    {
      config: { access: 'reminders.manage' },
      schema: {
        tags,
        summary: '发起提醒（短信或坐席回访）',
        body: z.strictObject({
          name: z.string().trim().min(1).max(60),
          kind: z.enum(reminderKinds),
          channel: z.enum(reminderChannels),
          listId: id,
          period,
          deadline: date.optional(),
          template: z.string().trim().max(300).optional(),
          agentIds: z.array(id).max(200).optional(),
        }),
      },
    },
    async (request) => {
      if (request.body.channel === 'sms') await smsAdmin.ensureSmsSettings(deps.db, deps.dataDir, now());
      return campaigns.createCampaign(deps.db, requireUser(request), request.body, actorOf(request), now());
    },
  );

  app.get(
    '/api/reminders/campaigns',
    { config: { access: 'reminders.manage' }, schema: { tags, summary: '提醒任务' } },
    async (request) => campaigns.listCampaigns(deps.db, requireUser(request)),
  );

  app.get(
    '/api/reminders/campaigns/:id',
    { config: { access: 'reminders.manage' }, schema: { tags, summary: '提醒任务的进度和结果', params: idParams } },
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
        querystring: recipientQuery.extend({
          limit: z.coerce.number().int().min(1).max(200).default(20),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (request) => {
      const { status, limit, offset } = request.query;
      return campaigns.listRecipients(deps.db, requireUser(request), request.params.id, { status }, { limit, offset });
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
        querystring: recipientQuery,
      },
    },
    async (request, reply) => {
      const at = now();
      const stream = await campaigns.exportRecipients(
        deps.db,
        requireUser(request),
        request.params.id,
        request.query,
        actorOf(request),
        at,
      );
      return sendXlsx(reply, `提醒对象-${shanghaiDate(at)}.xlsx`, stream, 'reminder-recipients.xlsx');
    },
  );

  app.post(
    '/api/reminders/campaigns/:id/cancel',
    { config: { access: 'reminders.manage' }, schema: { tags, summary: '取消提醒任务', params: idParams } },
    async (request) =>
      campaigns.cancelCampaign(deps.db, requireUser(request), request.params.id, actorOf(request), now()),
  );

  app.get(
    '/api/reminders/tasks',
    {
      config: { access: 'reminders.callback' },
      schema: {
        tags,
        summary: '我的回访任务',
        querystring: z.strictObject({ status: z.enum(['pending', 'done']).default('pending') }),
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
        body: z.strictObject({ result: z.enum(callbackResults), note: optionalNote }),
      },
    },
    async (request) =>
      campaigns.recordCallResult(
        deps.db,
        requireUser(request),
        request.params.id,
        request.body,
        actorOf(request),
        now(),
      ),
  );

  app.get(
    '/api/reminders/sms-settings',
    { config: { access: 'reminders.manage' }, schema: { tags, summary: '短信网关和发送设置（密钥不回显）' } },
    async () => smsAdmin.getSmsSettings(deps.db, deps.dataDir),
  );

  app.put(
    '/api/reminders/sms-settings',
    {
      config: { access: 'reminders.manage' },
      schema: {
        tags,
        summary: '修改短信设置（网关地址和密钥仅限系统管理员）',
        body: z.strictObject({
          gateway: z.enum(['file', 'console', 'http']).optional(),
          filePath: z.string().trim().min(1).max(500).optional(),
          httpUrl: z.string().trim().max(500).nullable().optional(),
          httpBodyTemplate: z.string().max(2000).optional(),
          httpToken: z.string().max(500).nullable().optional(),
          callbackToken: z.string().min(16, '回执令牌至少 16 个字符').max(200).nullable().optional(),
          signature: z.string().trim().min(2).max(20).optional(),
          ratePerSecond: z.number().int().min(1).max(20_000).optional(),
          quietStart: time.optional(),
          quietEnd: time.optional(),
          maxAttempts: z.number().int().min(1).max(20).optional(),
        }),
      },
    },
    async (request) =>
      smsAdmin.updateSmsSettings(deps.db, deps.dataDir, requireUser(request), request.body, actorOf(request), now()),
  );

  app.get(
    '/api/reminders/opt-outs',
    {
      config: { access: 'reminders.manage' },
      schema: {
        tags,
        summary: '短信退订名单',
        querystring: z.strictObject({ phone: z.string().trim().max(20).optional() }),
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
        body: z.strictObject({ phone: z.string().trim().min(1).max(20), note: optionalNote }),
      },
    },
    async (request) => smsAdmin.addOptOut(deps.db, request.body, actorOf(request), now()),
  );

  app.delete(
    '/api/reminders/opt-outs/:phone',
    {
      config: { access: 'reminders.manage' },
      schema: { tags, summary: '取消退订', params: z.strictObject({ phone: z.string().max(20) }) },
    },
    async (request, reply) => {
      await smsAdmin.removeOptOut(deps.db, request.params.phone, actorOf(request), now());
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
        body: z.strictObject({
          reports: z
            .array(
              z.object({
                messageId: z.string().max(40),
                status: z.enum(['delivered', 'failed']),
                error: z.string().max(300).optional(),
              }),
            )
            .min(1)
            .max(1000),
        }),
      },
    },
    async (request) => {
      await requireGatewayToken(request.headers.authorization);
      return recordDeliveryReports(deps.db, request.body.reports, now());
    },
  );

  app.post(
    '/api/reminders/sms/replies',
    {
      config: { access: 'integration' },
      schema: {
        tags,
        summary: '短信上行回复（回复 TD 等即退订）',
        body: z.object({ phone: z.string().max(20), text: z.string().max(500) }),
      },
    },
    async (request) => {
      await requireGatewayToken(request.headers.authorization);
      return smsAdmin.recordReply(deps.db, request.body, now());
    },
  );
};
