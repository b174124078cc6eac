/** The audit log (审计日志): the request and response schemas of /api/admin/audit, shared by the server and the web app. */
import { z } from 'zod';
import { countedPage, date } from './schemas';

/** The filters of the audit log, shared by the list and its export. */
export const auditFilterQuery = z.strictObject({
  from: date.optional(),
  to: date.optional(),
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
});
export type AuditFilterQuery = z.infer<typeof auditFilterQuery>;

export const auditListQuery = auditFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AuditQuery = z.infer<typeof auditListQuery>;

/** One row of the audit log: who changed what, with the entity before and after. */
export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actorUserId: z.number().nullable(),
  actorUsername: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  /** The X-Request-Id the client sent, if any. */
  clientRequestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = countedPage(auditEntrySchema);
