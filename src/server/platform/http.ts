import { createHash } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Permission } from '../../shared/permissions';
import type { Db } from '../db/connection';
import { EmptyUpdateError } from '../db/empty-update';
import type { Actor } from './audit';
import { csrfTokenMatches, findCurrentUser, SESSION_COOKIE } from './auth/auth.service';
import { type CurrentUser, hasPermission } from './auth/current-user';
import type { Clock } from './clock';
import { AppError, badRequest, type ErrorKind, forbidden, unauthorized } from './errors';

/**
 * What a route needs: `public` (anyone), `authenticated` (any signed-in user), `integration`
 * (the route checks its own bearer token) or one permission. Every /api route must say.
 */
export type RouteAccess = 'public' | 'authenticated' | 'integration' | Permission;

/** One registered route as the adversarial suite walks it: method, URL pattern, access and zod schemas. */
export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  schema: { params?: unknown; querystring?: unknown; body?: unknown; hide?: boolean } | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** The route removes control characters from its text itself, so a NUL is not refused before it. */
    removesControlCharacters?: boolean;
  }
  interface FastifyRequest {
    user: CurrentUser | null;
  }
  interface FastifyInstance {
    /** Every route registered so far (HEAD twins of GET routes left out), in registration order. */
    routeTable: readonly RouteEntry[];
  }
}

const statusOfKind: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_many_requests: 429,
  payload_too_large: 400,
  unsupported_media_type: 415,
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** The signed-in user of a route whose access is not `public`; the auth hook has already checked it. */
export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.user) throw unauthorized('UNAUTHENTICATED', '请先登录');
  return request.user;
}

const clientRequestIdPattern = /^[\w.-]{1,64}$/;

/** The X-Request-Id a client sent, when well-formed: kept beside the server's own id, never instead of it. */
export function clientRequestIdOf(request: FastifyRequest): string | null {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && clientRequestIdPattern.test(incoming) ? incoming : null;
}

/** The actor of a request, for audit rows. */
export function actorOf(request: FastifyRequest): Actor {
  return {
    userId: request.user?.id ?? null,
    username: request.user?.username ?? null,
    requestId: request.id,
    clientRequestId: clientRequestIdOf(request),
    ip: request.ip,
  };
}

const fieldOf = (context: string | undefined, path: string) =>
  [context && context !== 'body' ? context : '', path.replace(/^\//, '').replaceAll('/', '.')]
    .filter(Boolean)
    .join('.') ||
  context ||
  'body';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Error shape, 404s, authentication, permissions and CSRF for every route. */
export function installHttpPolicy(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  app.decorateRequest('user', null);
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);

  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routeTable.push({ method, url: route.url, access: route.config?.access, schema: route.schema });
    }
    if (route.url.startsWith('/api') && !route.config?.access) {
      throw new Error(`route ${route.method} ${route.url} does not declare its access`);
    }
    // Every response is declared (serialisation then drops undeclared fields); /api/docs is hidden.
    if (route.url.startsWith('/api') && !route.schema?.hide && !route.schema?.response) {
      throw new Error(`route ${route.method} ${route.url} does not declare its response`);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    // A caller that sent its own id gets it back to match its logs; the server's id is in x-server-request-id.
    reply.header('x-request-id', clientRequestIdOf(request) ?? request.id);
    reply.header('x-server-request-id', request.id);
    const access = request.routeOptions.config?.access;
    if (!access || access === 'public' || access === 'integration') return;
    const token = request.cookies[SESSION_COOKIE];
    const user = token ? await findCurrentUser(deps.db, token, deps.clock.now()) : null;
    if (!user) throw unauthorized('UNAUTHENTICATED', '未登录或登录已过期，请重新登录');
    request.user = user;
    if (
      unsafeMethods.has(request.method) &&
      !csrfTokenMatches(user, request.headers['x-csrf-token'] as string | undefined)
    ) {
      throw forbidden('CSRF_TOKEN_INVALID', '请求缺少有效的 CSRF 令牌，请刷新页面后重试');
    }
    if (access !== 'authenticated' && !hasPermission(user, access)) {
      throw forbidden('FORBIDDEN', '没有执行此操作的权限');
    }
  });

  // PostgreSQL refuses NUL in text (SQLite stores it): refuse it in every parameter, query and JSON
  // field at once, before a route's validation, so no route and no export stream ever meets it.
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config?.removesControlCharacters) return;
    const fields: string[] = [];
    collectNulFields(request.params, 'params', fields);
    collectNulFields(request.query, 'querystring', fields);
    if (typeof request.body === 'object') collectNulFields(request.body, '', fields);
    if (fields.length > 0) {
      const details = { fields: fields.map((field) => ({ field: field || 'body', message: '不能包含空字符' })) };
      throw badRequest('VALIDATION_FAILED', `请求参数不正确：${details.fields[0]?.field} 不能包含空字符`, details);
    }
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      if (!reply.hasHeader('content-security-policy')) {
        reply.header('content-security-policy', contentSecurityPolicy(inlineScriptsOf(payload)));
      }
      reply.header('x-frame-options', 'DENY');
      if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'same-origin');
    }
    return payload;
  });

  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => sendError(error, request, reply));
}

/**
 * The policy of every HTML page: scripts only from the server itself (the Vite build loads its
 * modules by URL) or inline ones the server wrote (allowed by their hash); styles may be inline,
 * because Ant Design's CSS-in-JS inserts style elements; no framing, no plugins, no foreign forms.
 */
function contentSecurityPolicy(inlineScriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self'${inlineScriptHashes.map((h) => ` 'sha256-${h}'`).join('')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The sha256 of each inline script of an HTML page the server renders as a string (a streamed file has none). */
function inlineScriptsOf(payload: unknown): string[] {
  const html = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) =>
    createHash('sha256')
      .update(m[1] ?? '')
      .digest('base64'),
  );
}

const MAX_NESTING = 32;

/** The paths of every string (and key) holding a NUL character, named as validation errors name fields. */
function collectNulFields(value: unknown, path: string, out: string[], depth = 0): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path);
    return;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_NESTING) return;
  // File contents (a Buffer, a stream) are the upload's own business, not text fields.
  if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) out.push(childPath);
    collectNulFields(child, childPath, out, depth + 1);
  }
}

/**
 * PostgreSQL errors that mean a value the schemas should have refused: NUL or a bad byte in text, a
 * number out of a column's range, text that is not a number. A safety net (the adversarial suite
 * reports every use of it as a missing bound): a 400, logged so that the route's schema gets fixed.
 */
const rejectedValueCodes = new Set(['22P05', '22021', '22003', '22P02']);

function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (error.kind === 'too_many_requests' && typeof retryAfter === 'number') reply.header('retry-after', retryAfter);
    return reply.code(statusOfKind[error.kind]).send(errorBody(error.code, error.message, error.details));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext;
    const fields = error.validation.flatMap((v) => {
      const keys = (v.params as { keys?: string[] }).keys;
      if (v.keyword === 'unrecognized_keys' && keys) {
        return keys.map((k) => ({
          field: fieldOf(context, `${v.instancePath}/${k}`.replace('//', '/')),
          message: '不允许的字段',
        }));
      }
      return [{ field: fieldOf(context, v.instancePath), message: v.message ?? '格式不正确' }];
    });
    const first = fields[0];
    return reply
      .code(400)
      .send(
        errorBody('VALIDATION_FAILED', `请求参数不正确：${first ? `${first.field} ${first.message}` : ''}`, { fields }),
      );
  }
  const fe = error as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return reply.code(400).send(
        errorBody('INVALID_JSON', '请求体不是合法的 JSON', {
          fields: [{ field: 'body', message: '不是合法的 JSON' }],
        }),
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return reply
        .code(400)
        .send(errorBody('EMPTY_BODY', '请求体为空', { fields: [{ field: 'body', message: '不能为空' }] }));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return reply
        .code(400)
        .send(errorBody('BODY_TOO_LARGE', '请求体过大', { fields: [{ field: 'body', message: '超过大小上限' }] }));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return reply.code(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE', '不支持的请求内容类型'));
  }
  if (error instanceof EmptyUpdateError) {
    return reply
      .code(400)
      .send(errorBody('NO_CHANGES', '没有要修改的字段', { fields: [{ field: 'body', message: '没有要修改的字段' }] }));
  }
  if (rejectedValueCodes.has(String(fe.code))) {
    request.log.warn({ err: error }, 'database refused a value the request schema let through');
    return reply.code(400).send(
      errorBody('VALUE_REFUSED', '请求中的数据格式不正确或超出范围', {
        fields: [{ field: 'body', message: '格式不正确或超出范围' }],
      }),
    );
  }
  const constraint = constraintViolation(error);
  if (constraint) return reply.code(409).send(errorBody(constraint, '数据与已有记录冲突，请检查后重试'));
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.code(fe.statusCode).send(errorBody('BAD_REQUEST', '请求不正确'));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send(errorBody('INTERNAL_ERROR', `服务器内部错误，请联系管理员（请求编号 ${request.id}）`));
}

/** A unique or foreign-key violation from either database, as a stable code; anything else is null. */
function constraintViolation(error: unknown): string | null {
  const code = (error as { code?: unknown }).code;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    return 'DUPLICATE';
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'REFERENCE_CONFLICT';
  return null;
}
