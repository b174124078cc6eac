import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Permission } from '../../shared/permissions';
import type { Db } from '../db/connection';
import type { Actor } from './audit';
import { csrfTokenMatches, findCurrentUser, SESSION_COOKIE } from './auth/auth.service';
import { type CurrentUser, hasPermission } from './auth/current-user';
import type { Clock } from './clock';
import { AppError, type ErrorKind, forbidden, unauthorized } from './errors';

/**
 * What a route needs: `public` (anyone), `authenticated` (any signed-in user), `integration`
 * (the route checks its own bearer token) or one permission. Every /api route must say.
 */
export type RouteAccess = 'public' | 'authenticated' | 'integration' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    user: CurrentUser | null;
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

/** The actor of a request, for audit rows. */
export function actorOf(request: FastifyRequest): Actor {
  return {
    userId: request.user?.id ?? null,
    username: request.user?.username ?? null,
    requestId: request.id,
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

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api') && !route.config?.access) {
      throw new Error(`route ${route.method} ${route.url} does not declare its access`);
    }
    // Every response is declared (serialisation then drops undeclared fields); /api/docs is hidden.
    if (route.url.startsWith('/api') && !route.schema?.hide && !route.schema?.response) {
      throw new Error(`route ${route.method} ${route.url} does not declare its response`);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
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

  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => sendError(error, request, reply));
}

function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
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
