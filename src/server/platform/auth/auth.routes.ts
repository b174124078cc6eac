import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loginBody, passwordChangeBody, sessionSchema } from '../../../shared/auth';
import { noContent } from '../../../shared/schemas';
import type { AppDeps } from '../deps';
import { clientRequestIdOf, requireUser } from '../http';
import { requestContext } from '../request-context';
import { changeOwnPassword, login, logout, SESSION_COOKIE, SESSION_LIFETIME_SECONDS } from './auth.service';
import { publicUser } from './current-user';

export const authRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.isProduction,
  };

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: '登录', body: loginBody, response: { 200: sessionSchema } },
    },
    async (request, reply) => {
      const result = await login(deps.db, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        now: deps.clock.now(),
        requestId: request.id,
        clientRequestId: clientRequestIdOf(request),
        hold: deps.sleep ?? sleep,
      });
      // Max-Age, not Expires: the browser counts it from when it receives the cookie, so the server's
      // clock (fixed in tests, shifted by TAXLINE_CLOCK in demos) never reaches the browser. The
      // server enforces the session's own expiry in the sessions table.
      reply.setCookie(SESSION_COOKIE, result.sessionToken, { ...cookieOptions, maxAge: SESSION_LIFETIME_SECONDS });
      return { user: publicUser(result.user), csrfToken: result.user.csrfToken };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: '当前用户', response: { 200: sessionSchema } },
    },
    async (request) => {
      const user = requireUser(request);
      return { user: publicUser(user), csrfToken: user.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: '退出登录', response: { 204: noContent } },
    },
    async (request, reply) => {
      await logout(requestContext(request, deps));
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: '修改本人密码',
        body: passwordChangeBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(requestContext(request, deps), request.body);
      return reply.code(204).send();
    },
  );
};
