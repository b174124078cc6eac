import type { Tx } from '../../db/connection';
import { type ChannelSender, enqueue } from '../../platform/outbox';
import { insertNotification, markReadByLink } from './notifications.repository';

export interface InAppNotification {
  userId: number;
  /** A stable kind for programs, e.g. `transfer.due_soon`. */
  kind: string;
  title: string;
  body?: string;
  /** Where the bell takes the user, e.g. `/contacts/42`. */
  link?: string;
  /** The same key twice notifies once. */
  dedupeKey?: string;
}

/** Queues an in-app notification inside the caller's transaction (through the outbox). */
export async function notifyUser(trx: Tx, notification: InAppNotification, now: Date): Promise<void> {
  const { userId, dedupeKey, ...payload } = notification;
  await enqueue(
    trx,
    { channel: 'in_app', recipient: String(userId), payload, ...(dedupeKey ? { dedupeKey } : {}) },
    now,
  );
}

/**
 * Settles the notifications asking for work that is now done (the "请回访" of a contact whose callback is
 * recorded): they are marked read, in the caller's transaction, so the bell stops asking.
 */
export async function settleNotifications(
  trx: Tx,
  options: { link: string; kinds: readonly string[] },
  now: Date,
): Promise<void> {
  await markReadByLink(trx, options.link, options.kinds, now);
}

/** Delivers in-app messages into the notifications table: a database write, so exactly once. */
export const inAppSender: ChannelSender = {
  channel: 'in_app',
  deliver: async (trx, message, now) => {
    const p = message.payload as { kind: string; title: string; body?: string; link?: string };
    await insertNotification(trx, {
      userId: Number(message.recipient),
      kind: p.kind,
      title: p.title,
      body: p.body ?? null,
      link: p.link ?? null,
      outboxId: message.id,
      now,
    });
  },
};
