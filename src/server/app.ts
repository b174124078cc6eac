import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { healthSchema } from '../shared/health';
import { accountsRoutes } from './modules/accounts';
import { bulletinRoutes } from './modules/bulletin';
import { casesRoutes } from './modules/cases';
import { contactsRoutes, createPushHub, pushListenersMetric } from './modules/contacts';
import { examsRoutes } from './modules/exams';
import { filingCalendarRoutes } from './modules/filing-calendar';
import { createKbSearch, kbIndexMetrics, kbRoutes } from './modules/kb';
import { lookupsRoutes } from './modules/lookups';
import { notificationsRoutes } from './modules/notifications';
import { performanceRoutes } from './modules/performance';
import { remindersRoutes, smsQueueMetric } from './modules/reminders';
import { reportsRoutes } from './modules/reports';
import { toolsRoutes } from './modules/tools';
import { trainingRoutes } from './modules/training';
import { auditRoutes } from './platform/audit.routes';
import { authRoutes } from './platform/auth/auth.routes';
import { calendarRoutes } from './platform/calendar/calendar.routes';
import type { AppDeps } from './platform/deps';
import { installHttpPolicy } from './platform/http';
import { installMetrics } from './platform/metrics';
import { platformMetricSources } from './platform/metrics.sources';
import { requestLogSerializers } from './platform/request-log';
import { installUploads } from './platform/uploads';

z.config(z.locales.zhCN());

export interface BuildAppOptions extends AppDeps {
  logger?: FastifyServerOptions['logger'];
  /** The built web app to serve (dist/web); omitted in API tests. */
  webRoot?: string;
  /**
   * TAXLINE_TRUST_PROXY: addresses or CIDR ranges of the reverse proxies in front of the server. A
   * request from one of them is taken to come from the address it forwards (X-Forwarded-For);
   * anyone else's X-Forwarded-For is ignored.
   */
  trustProxy?: readonly string[];
}

/** Logger options whose request lines carry personal query values and path parameters redacted (issue 12). */
function withRedactedRequests(options: Exclude<FastifyServerOptions['logger'], boolean | undefined>) {
  return { ...options, serializers: { ...options.serializers, ...requestLogSerializers } };
}
/** Builds the HTTP app with every module registered; never listens, so tests use app.inject. */
export async function buildApp(options: BuildAppOptions) {
  const { logger = false, webRoot, trustProxy = [], ...deps } = options;
  const app = Fastify({
    // Every logger logs request lines with personal values redacted (issue 12).
    logger: logger === false ? false : withRedactedRequests(logger === true ? {} : logger),
    bodyLimit: 1024 * 1024,
    // The server names every request itself (logs, audit rows, error messages); a client's
    // X-Request-Id is kept apart (clientRequestIdOf) and never takes its place.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    ...(trustProxy.length > 0 ? { trustProxy: [...trustProxy] } : {}),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'taxline API', description: '12366 纳税服务热线平台接口', version: deps.version },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'taxline_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifyCookie);
  installHttpPolicy(app, deps);
  await installUploads(app);
  const hub = createPushHub(deps, app.log);
  const search = createKbSearch(deps, app.log);
  installMetrics(app, {
    token: deps.metricsToken,
    sources: [
      ...platformMetricSources({ db: deps.db, now: () => deps.clock.now(), pool: deps.dbPoolStats }),
      smsQueueMetric(deps.db),
      pushListenersMetric(hub),
      ...kbIndexMetrics(search),
    ],
  });

  app.get('/api/docs', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: { tags: ['platform'], summary: '健康检查', response: { 200: healthSchema } },
    },
    async () => {
      await deps.db.selectFrom('settings').select('key').limit(1).execute();
      return { status: 'ok' as const, db: deps.dialect, version: deps.version };
    },
  );

  await app.register(authRoutes, { deps });
  await app.register(calendarRoutes, { deps });
  await app.register(accountsRoutes, { deps });
  await app.register(auditRoutes, { deps });
  await app.register(notificationsRoutes, { deps });
  await app.register(casesRoutes, { deps });
  await app.register(contactsRoutes, { deps, hub });
  await app.register(toolsRoutes, { deps });
  await app.register(filingCalendarRoutes, { deps });
  await app.register(lookupsRoutes, { deps });
  await app.register(remindersRoutes, { deps });
  await app.register(reportsRoutes, { deps });
  await app.register(kbRoutes, { deps, search });
  await app.register(bulletinRoutes, { deps });
  await app.register(performanceRoutes, { deps });
  await app.register(examsRoutes, { deps });
  await app.register(trainingRoutes, { deps });

  const indexHtml = webRoot ? path.join(webRoot, 'index.html') : undefined;
  if (webRoot && indexHtml && fs.existsSync(indexHtml)) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, { root: webRoot, index: false });
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
      reply.sendFile('index.html'),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    if (indexHtml && request.method === 'GET' && !pathname.startsWith('/api') && fs.existsSync(indexHtml)) {
      return reply.sendFile('index.html');
    }
    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `接口不存在：${request.method} ${pathname}` } });
  });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
