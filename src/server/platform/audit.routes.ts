import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAuditEntries } from './audit';
import { isValidDate } from './dates';
import type { AppDeps } from './deps';

const date = z.string().refine(isValidDate, '须为有效日期，格式 YYYY-MM-DD');

export const auditRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/api/admin/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['admin'],
        summary: '审计日志',
        querystring: z.strictObject({
          from: date.optional(),
          to: date.optional(),
          actor: z.string().trim().max(64).optional(),
          action: z.string().trim().max(64).optional(),
          entityType: z.string().trim().max(64).optional(),
          entityId: z.string().trim().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return listAuditEntries(deps.db, filter, { limit, offset });
    },
  );
};
