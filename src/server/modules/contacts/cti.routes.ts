import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  callEventBody,
  callEventResultSchema,
  callPageQuery,
  callPageSchema,
  callQuery,
  createdIntegrationSchema,
  extensionHolderSchema,
  type IntegrationKind,
  integrationBody,
  integrationListSchema,
  smsInboundBody,
  smsInboundResultSchema,
} from '../../../shared/contacts';
import { fileResponse, idParams, noContent } from '../../../shared/schemas';
import { shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { requireUser } from '../../platform/http';
import { anonymousContext, requestContext } from '../../platform/request-context';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../platform/xlsx';
import * as cti from './cti.service';
import type { PushHub } from './push';

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
  /** The audit rows of an integration's calls name the integration (`integration:<source>`) as the actor. */
  const integrationContext = (request: FastifyRequest) => {
    const ctx = anonymousContext(request, deps);
    return { ...ctx, actor: { ...ctx.actor, username: `integration:${sources.get(request)}` } };
  };

  app.post(
    '/api/cti/events',
    {
      config: { access: 'integration' },
      onRequest: integrationAuth('cti'),
      schema: {
        tags,
        summary: 'CTI 事件（PBX 调用，Authorization: Bearer 接口令牌）',
        body: callEventBody,
        response: { 200: callEventResultSchema },
      },
    },
    async (request) => cti.handleCallEvent(integrationContext(request), sources.get(request)!, request.body),
  );

  app.post(
    '/api/sms/inbound',
    {
      config: { access: 'integration' },
      onRequest: integrationAuth('sms'),
      schema: {
        tags,
        summary: '短信网关上行回复（Authorization: Bearer 接口令牌）',
        body: smsInboundBody,
        response: { 200: smsInboundResultSchema },
      },
    },
    async (request) => cti.handleInboundSms(integrationContext(request), sources.get(request)!, request.body),
  );

  app.get(
    '/api/cti/integrations',
    {
      config: { access: 'cti.manage' },
      schema: { tags, summary: 'CTI 和短信接口', response: { 200: integrationListSchema } },
    },
    async () => cti.listIntegrations(db, deps.ctiToken),
  );

  app.post(
    '/api/cti/integrations',
    {
      config: { access: 'cti.manage' },
      schema: {
        tags,
        summary: '新增接口（令牌只显示这一次）',
        body: integrationBody,
        response: { 200: createdIntegrationSchema },
      },
    },
    async (request) => cti.createIntegration(requestContext(request, deps), request.body),
  );

  app.post(
    '/api/cti/integrations/:id/revoke',
    {
      config: { access: 'cti.manage' },
      schema: { tags, summary: '停用接口', params: idParams, response: { 204: noContent } },
    },
    async (request, reply) => {
      await cti.revokeIntegration(requestContext(request, deps), request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/cti/extensions',
    {
      config: { access: 'cti.manage' },
      schema: { tags, summary: '分机号与坐席的对应', response: { 200: z.array(extensionHolderSchema) } },
    },
    async () => cti.listExtensions(db),
  );

  app.get(
    '/api/cti/calls',
    {
      config: { access: 'calls.read' },
      schema: {
        tags,
        summary: '通话记录',
        querystring: callPageQuery,
        response: { 200: callPageSchema },
      },
    },
    async (request) => {
      const { cursor, limit, ...query } = request.query;
      return cti.searchCalls(requestContext(request, deps), query, cti.decodeCursor(cursor), limit);
    },
  );

  app.get(
    '/api/cti/calls/export',
    {
      config: { access: 'calls.read' },
      schema: {
        tags,
        summary: '导出通话记录（xlsx）',
        querystring: callQuery,
        response: { 200: fileResponse(XLSX_CONTENT_TYPE, '通话记录（xlsx）') },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request, deps);
      const stream = await cti.exportCalls(ctx, request.query);
      return sendXlsx(reply, `通话记录-${shanghaiDate(ctx.now)}.xlsx`, stream, 'calls.xlsx');
    },
  );

  // Server-sent events: the incoming-call pop (and any later push) for the signed-in user.
  app.get(
    '/api/events/stream',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: '服务器推送（SSE）：来电弹屏',
        response: { 200: fileResponse('text/event-stream', '事件流：call.incoming 等') },
      },
    },
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
