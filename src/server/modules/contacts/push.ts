import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/connection';
import { findLastPushEventId, findPushEventsAfter, findPushEventsOfUserBetween } from './cti.repository';

export interface PushEvent {
  id: number;
  kind: string;
  /** JSON text, sent to the browser as it is. */
  payload: string;
}

interface Subscriber {
  userId: number;
  send(event: PushEvent): void;
}

/**
 * Server push across instances: events are rows of `push_events`, written in the transaction of the
 * change that causes them; every server instance polls the table by id while it has listeners and
 * hands each row to the streams of its user on that instance. So an event received by instance A
 * reaches an agent whose browser is connected to instance B, on SQLite and PostgreSQL alike. Ids
 * become visible in id order (see insertPushEvent), so polling by `id > cursor` skips nothing.
 */
export class PushHub {
  private readonly subscribers = new Set<Subscriber>();
  private cursor: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private isClosed = false;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    private readonly intervalMs = 400,
  ) {}

  /**
   * Starts delivering the user's events from now on; with `lastEventId` (a reconnecting browser's
   * Last-Event-ID) the events it missed are sent first. Returns the unsubscribe function.
   */
  async subscribe(userId: number, lastEventId: number | null, send: (event: PushEvent) => void): Promise<() => void> {
    // Replays up to the cursor; a poll may move the cursor meanwhile, so replay again until it stands
    // still, then join synchronously: nothing between the Last-Event-ID and the live stream is lost.
    let replayedUpTo = lastEventId;
    for (;;) {
      if (this.cursor === null) this.cursor = await findLastPushEventId(this.db);
      replayedUpTo ??= this.cursor;
      if (this.cursor === null || replayedUpTo >= this.cursor) break;
      const upToId = this.cursor;
      const rows = await findPushEventsOfUserBetween(this.db, { userId, afterId: replayedUpTo, upToId, limit: 500 });
      for (const row of rows) send({ id: row.id, kind: row.kind, payload: row.payload });
      replayedUpTo = rows.length === 500 ? rows[rows.length - 1]!.id : upToId;
    }
    const subscriber: Subscriber = { userId, send };
    this.subscribers.add(subscriber);
    this.schedule();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.stop();
    };
  }

  /** Delivers every event written since the last poll (tests call it instead of waiting for the timer). */
  async pollNow(): Promise<void> {
    this.polling ??= this.poll().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async poll(): Promise<void> {
    if (this.cursor === null) return;
    for (;;) {
      const rows = await findPushEventsAfter(this.db, this.cursor, 500);
      for (const row of rows) {
        for (const s of this.subscribers) {
          if (s.userId !== row.user_id) continue;
          try {
            s.send({ id: row.id, kind: row.kind, payload: row.payload });
          } catch (error) {
            this.log.warn({ err: error }, 'push: a stream could not be written');
          }
        }
        this.cursor = row.id;
      }
      if (rows.length < 500) return;
    }
  }

  private schedule() {
    if (this.timer || this.isClosed) return;
    this.timer = setInterval(() => {
      this.pollNow().catch((error: unknown) => this.log.error({ err: error }, 'push: polling failed'));
    }, this.intervalMs);
    this.timer.unref();
  }

  private stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // The next first listener starts from the newest event, not from a stale backlog.
    this.cursor = null;
  }

  get listenerCount(): number {
    return this.subscribers.size;
  }

  close(): void {
    this.isClosed = true;
    this.subscribers.clear();
    this.stop();
  }
}
