import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callDirections, callEvents, type IntegrationKind, integrationKinds } from '../../../shared/contacts';
import { shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { actorOf, requireUser } from '../../platform/http';
import { sendXlsx } from '../../platform/xlsx';
import { date, id, idParams, phone } from './contacts.routes';
import * as cti from './cti.service';
import type { PushHub } from './push';

const optional = (max: number) => z.string().trim().max(max).optional();

const callEventBody = z.strictObject({
  event: z.enum(callEvents),
  callId: z.string().trim().min(1).max(128),
  from: z.string().trim().min(1).max(40),
  to: z.string().trim().min(1).max(40),
  direction: z.enum(callDirections),
  user: optional(64),
  queue: optional(64),
  cause: optional(128),
  recordingUrl: z
    .url({ protocol: /^https?$/ })
    .max(1000)
    .optional(),
  ivrPath: optional(200),
});

const smsBody = z.strictObject({
  messageId: z.string().trim().min(1).max(128),
  from: phone,
  text: z.string().trim().min(1).max(500),
});

/** The filters of the call log, shared by the list and its export. */
const callQuery = z.strictObject({
  from: date.optional(),
  to: date.optional(),
  agentId: id.optional(),
  phone: phone.optional(),
});

const SESSION_CHECK_MS = 25_000;

export const ctiRoutes: FastifyPluginAsyncZod<{ deps: AppDeps; hub: PushHub }> = async (app, { deps, hub }) => {
  const { db, clock } = deps;
  const tags = ['cti'];
  const sources = new WeakMap<FastifyRequest, string>();
  /** Ends the open event streams when the server closes, so that closing does not wait for browsers. */
  const closers = new Set<() => void>();
  // The integration's token is checked before the body, so that a bad token is a 401 whatever it sends.
  const integrationAuth = (kind: IntegrationKind) => async (request: FastifyRequest) => {
    sources.set(request, await cti.authenticateIntegration(db, deps.ctiToken, request.headers.authorization, kind));
  };
  const integrationActor = (request: FastifyRequest) => ({
    ...actorOf(request),
    username: `integration:${sources.get(request)}`,
  });

  app.post(
    '/api/cti/events',
    {
      config: { access: 'integration' },
      onRequest: integrationAuth('cti'),
      schema: {
        tags,
        summary: 'CTI 事件（PBX 调用，Authorization: Bearer 接口令牌）',
        body: callEventBody,
      },
    },
    async (request) =>
      cti.handleCallEvent(db, sources.get(request)!, request.body, integrationActor(request), clock.now()),
  );

  app.post(
    '/api/sms/inbound',
    {
      config: { access: 'integration' },
      onRequest: integrationAuth('sms'),
      schema: { tags, summary: '短信网关上行回复（Authorization: Bearer 接口令牌）', body: smsBody },
    },
    async (request) =>
      cti.handleInboundSms(db, sources.get(request)!, request.body, integrationActor(request), clock.now()),
  );

  app.get(
    '/api/cti/integrations',
    { config: { access: 'cti.manage' }, schema: { tags, summary: 'CTI 和短信接口' } },
    async () => cti.listIntegrations(db, deps.ctiToken),
  );

  app.post(
    '/api/cti/integrations',
    {
      config: { access: 'cti.manage' },
      schema: {
        tags,
        summary: '新增接口（令牌只显示这一次）',
        body: z.strictObject({ name: z.string().trim().min(1).max(60), kind: z.enum(integrationKinds) }),
      },
    },
    async (request) => cti.createIntegration(db, requireUser(request), request.body, actorOf(request), clock.now()),
  );

  app.post(
    '/api/cti/integrations/:id/revoke',
    { config: { access: 'cti.manage' }, schema: { tags, summary: '停用接口', params: idParams } },
    async (request, reply) => {
      await cti.revokeIntegration(db, request.params.id, actorOf(request), clock.now());
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/cti/extensions',
    { config: { access: 'cti.manage' }, schema: { tags, summary: '分机号与坐席的对应' } },
    async () => cti.listExtensions(db),
  );

  app.get(
    '/api/cti/calls',
    {
      config: { access: 'calls.read' },
      schema: {
        tags,
        summary: '通话记录',
        querystring: callQuery.extend({
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (request) => {
      const { cursor, limit, ...query } = request.query;
      return cti.listCalls(db, requireUser(request), cti.callFilterOf(query), cti.decodeCursor(cursor), limit);
    },
  );

  app.get(
    '/api/cti/calls/export',
    { config: { access: 'calls.read' }, schema: { tags, summary: '导出通话记录（xlsx）', querystring: callQuery } },
    async (request, reply) => {
      const stream = await cti.exportCalls(db, requireUser(request), request.query, actorOf(request), clock.now());
      return sendXlsx(reply, `通话记录-${shanghaiDate(clock.now())}.xlsx`, stream, 'calls.xlsx');
    },
  );

  // Server-sent events: the incoming-call pop (and any later push) for the signed-in user.
  app.get(
    '/api/events/stream',
    { config: { access: 'authenticated' }, schema: { tags, summary: '服务器推送（SSE）：来电弹屏' } },
    async (request, reply) => {
      const user = requireUser(request);
      const lastEventId = Number(request.headers['last-event-id']);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      res.write('retry: 3000\n\n');
      let isOpen = true;
      const send = (event: { id: number; kind: string; payload: string }) => {
        if (isOpen) res.write(`id: ${event.id}\nevent: ${event.kind}\ndata: ${event.payload}\n\n`);
      };
      const unsubscribe = await hub.subscribe(
        user.id,
        Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : null,
        send,
      );
      // The stream outlives no session: a signed-out or expired session ends it at the next check.
      const check = setInterval(() => {
        cti
          .isSessionLive(db, user.sessionId, clock.now())
          .then((isLive) => {
            if (!isLive) res.end();
            else res.write(': ping\n\n');
          })
          .catch(() => res.end());
      }, SESSION_CHECK_MS);
      const end = () => res.end();
      closers.add(end);
      res.on('close', () => {
        isOpen = false;
        clearInterval(check);
        unsubscribe();
        closers.delete(end);
      });
    },
  );

  app.addHook('preClose', async () => {
    hub.close();
    for (const end of closers) end();
  });
};
