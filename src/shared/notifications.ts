/** In-app notifications (我的消息, the bell): the request and response schemas, shared by the server and the web app. */
import { z } from 'zod';
import { bodyId } from './schemas';

export const notificationListQuery = z.strictObject({
  unreadOnly: z.enum(['true', 'false']).default('false'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const notificationSchema = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationPageSchema = z.object({ unread: z.number(), items: z.array(notificationSchema) });
export type NotificationPage = z.infer<typeof notificationPageSchema>;

export const markReadBody = z.strictObject({
  ids: z.array(bodyId).max(500).optional(),
  all: z.boolean().optional(),
});
export type MarkRead = z.infer<typeof markReadBody>;

export const markReadResult = z.object({ marked: z.number(), unread: z.number() });
