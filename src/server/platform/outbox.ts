import type { Db, Tx } from '../db/connection';

/**
 * The outbox: side effects (notifications, SMS, e-mail) are written as rows in the same transaction
 * as the change that causes them, and sent afterwards by `dispatchOutbox`, so a rolled-back change
 * sends nothing and a crash after commit loses nothing.
 */
export interface OutboxMessage {
  channel: string;
  /** A user id for `in_app`, a phone number for SMS, … */
  recipient: string;
  payload: Record<string, unknown>;
  /** The same key twice is queued once (e.g. `urge:ticket:42:overdue`). */
  dedupeKey?: string;
}

/** Queues a message inside the caller's transaction; a message whose dedupe key is already queued is dropped. */
export async function enqueue(trx: Tx, message: OutboxMessage, now: Date): Promise<void> {
  await trx
    .insertInto('outbox')
    .values({
      channel: message.channel,
      recipient: message.recipient,
      payload: JSON.stringify(message.payload),
      dedupe_key: message.dedupeKey ?? null,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now.toISOString(),
      created_at: now.toISOString(),
      sent_at: null,
      last_error: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

export interface ClaimedMessage {
  id: number;
  channel: string;
  recipient: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Delivers one message of a channel. `deliver` runs inside the transaction that marks the message
 * sent, so a channel whose delivery is a database write (in-app) delivers exactly once; a channel
 * that calls out (SMS) is at-least-once and passes the message id on for the far side to deduplicate.
 */
export interface ChannelSender {
  channel: string;
  deliver(trx: Tx, message: ClaimedMessage, now: Date, place: DeliveryPlace): Promise<void>;
}

/** Where this instance delivers from: its data directory, for channels that write files (unset in tests that need none). */
export interface DeliveryPlace {
  dataDir?: string | undefined;
}

const MAX_ATTEMPTS = 8;
const SENDING_LEASE_MS = 5 * 60_000;
const backoffMs = (attempts: number) => Math.min(60_000 * 2 ** (attempts - 1), 6 * 60 * 60_000);

/** Sends up to `limit` due messages; safe to run on several instances at once (each row is claimed by a guarded update). */
export async function dispatchOutbox(
  db: Db,
  senders: readonly ChannelSender[],
  now: Date,
  options: { limit?: number; dataDir?: string | undefined } = {},
): Promise<{ sent: number; retried: number; dead: number }> {
  const { limit = 200, dataDir } = options;
  const counts = { sent: 0, retried: 0, dead: 0 };
  const byChannel = new Map(senders.map((s) => [s.channel, s]));
  // A message left in `sending` by a crashed instance goes back to pending once its lease ends.
  await db
    .updateTable('outbox')
    .set({ status: 'pending' })
    .where('status', '=', 'sending')
    .where('next_attempt_at', '<', now.toISOString())
    .execute();
  const due = await db
    .selectFrom('outbox')
    .select(['id', 'channel', 'recipient', 'payload', 'attempts'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now.toISOString())
    .where('channel', 'in', [...byChannel.keys()])
    .orderBy('id')
    .limit(limit)
    .execute();
  for (const row of due) {
    const claimed = await db
      .updateTable('outbox')
      .set({
        status: 'sending',
        attempts: row.attempts + 1,
        next_attempt_at: new Date(now.getTime() + SENDING_LEASE_MS).toISOString(),
      })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const sender = byChannel.get(row.channel)!;
    const message: ClaimedMessage = { ...row, payload: JSON.parse(row.payload), attempts: row.attempts + 1 };
    try {
      await db.transaction().execute(async (trx) => {
        await sender.deliver(trx, message, now, { dataDir });
        await trx
          .updateTable('outbox')
          .set({ status: 'sent', sent_at: now.toISOString(), last_error: null })
          .where('id', '=', row.id)
          .execute();
      });
      counts.sent += 1;
    } catch (error) {
      const isDead = message.attempts >= MAX_ATTEMPTS;
      await db
        .updateTable('outbox')
        .set({
          status: isDead ? 'dead' : 'pending',
          next_attempt_at: new Date(now.getTime() + backoffMs(message.attempts)).toISOString(),
          last_error: String(error instanceof Error ? error.message : error).slice(0, 500),
        })
        .where('id', '=', row.id)
        .execute();
      if (isDead) counts.dead += 1;
      else counts.retried += 1;
    }
  }
  return counts;
}

/** Messages waiting to be sent (pending or in flight), by channel. */
export async function countOutboxBacklog(db: Db): Promise<Array<{ channel: string; n: number }>> {
  const rows = await db
    .selectFrom('outbox')
    .select(['channel', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['pending', 'sending'])
    .groupBy('channel')
    .execute();
  return rows.map((r) => ({ channel: r.channel, n: Number(r.n) }));
}
