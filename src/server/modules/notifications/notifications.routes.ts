import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  markReadBody,
  markReadResult,
  notificationListQuery,
  notificationPageSchema,
} from '../../../shared/notifications';
import type { AppDeps } from '../../platform/deps';
import { requireUser } from '../../platform/http';
import { countUnread, findNotificationsOfUser, markRead } from './notifications.repository';

export const notificationsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/api/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: '我的消息（铃铛）',
        querystring: notificationListQuery,
        response: { 200: notificationPageSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const [unread, items] = await Promise.all([
        countUnread(deps.db, user.id),
        findNotificationsOfUser(deps.db, user.id, {
          unreadOnly: request.query.unreadOnly === 'true',
          limit: request.query.limit,
        }),
      ]);
      return { unread, items };
    },
  );

  app.post(
    '/api/notifications/read',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: '标记消息为已读',
        body: markReadBody,
        response: { 200: markReadResult },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const ids = request.body.all ? 'all' : (request.body.ids ?? []);
      const marked = await markRead(deps.db, user.id, ids, deps.clock.now());
      return { marked, unread: await countUnread(deps.db, user.id) };
    },
  );
};
