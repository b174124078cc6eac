/**
 * The SMS sender: claims due messages in batches under a lease, leaves out opted-out phones and
 * cancelled campaigns, renders each message, hands the batch to the gateway at no more than the
 * gateway's rate, and records the outcome. A message is claimed by exactly one sender; one that was
 * in flight when its sender died goes back to the queue when the lease ends and is sent again, by
 * whichever instance claims it, with the same message id, which the gateway recognises (the file
 * gateway in the shared database, not in a process's memory), so it is neither lost nor received twice.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connection';
import type { Clock } from '../../platform/clock';
import type { Job } from '../../platform/jobs';
import { every } from '../../platform/jobs';
import type { AnonymousContext } from '../../platform/request-context';
import { isQuietHour, renderSms } from './reminders';
import * as repo from './reminders.repository';
import type { OutgoingSms, SendOutcome, SmsGateway } from './sms-gateway';
import { findSmsSettings, gatewayOf, type SmsSettings } from './sms-settings';

export const LEASE_MS = 2 * 60_000;
const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), 60 * 60_000);
export const messageIdOf = (id: number) => `sms-${id}`;
export const idOfMessage = (messageId: string) => (/^sms-(\d+)$/.exec(messageId) ? Number(messageId.slice(4)) : null);

export interface SendCounts {
  sent: number;
  retried: number;
  failed: number;
  optedOut: number;
  cancelled: number;
  reclaimed: number;
  quiet: number;
}

export interface SendOptions {
  db: Db;
  gateway: SmsGateway;
  settings: SmsSettings;
  clock: Clock;
  /** Wall-clock milliseconds this run may take (the scheduler slot). */
  budgetMs: number;
  /** Messages per batch; a batch never exceeds one second of the gateway's rate. */
  batchSize?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Elapsed-time source in milliseconds for the budget and the rate (default Date.now; tests pass their own). */
  elapsedMs?: () => number;
  /** Called after the gateway answered and before the outcome is recorded (tests simulate a crash here). */
  afterGateway?: (outcomes: readonly SendOutcome[]) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends due messages until none are due or the time budget is spent; nothing during quiet hours. */
export async function sendDueSms(options: SendOptions): Promise<SendCounts> {
  const { db, gateway, settings, clock } = options;
  const sleep = options.sleep ?? realSleep;
  const elapsedMs = options.elapsedMs ?? Date.now;
  const counts: SendCounts = { sent: 0, retried: 0, failed: 0, optedOut: 0, cancelled: 0, reclaimed: 0, quiet: 0 };
  const startedAt = elapsedMs();
  counts.reclaimed = await repo.reclaimExpiredSmsLeases(db, clock.now());
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 2000, settings.ratePerSecond));
  const batchMs = (n: number) => (n / settings.ratePerSecond) * 1000;
  while (elapsedMs() - startedAt + batchMs(batchSize) <= options.budgetMs) {
    const now = clock.now();
    if (isQuietHour(now, settings.quietStart, settings.quietEnd)) {
      counts.quiet = 1;
      break;
    }
    const batchStarted = elapsedMs();
    const token = randomUUID();
    const ids = await repo.claimDueSms(db, { token, now, leaseMs: LEASE_MS, limit: batchSize });
    if (ids.length === 0) break;
    const rows = await repo.findClaimedSms(db, ids);
    const optedOut = await repo.findOptedOutPhones(db, [...new Set(rows.map((r) => r.phone))]);
    const cancelled = rows.filter((r) => r.campaignStatus === 'cancelled').map((r) => r.id);
    const blocked = rows.filter((r) => r.campaignStatus !== 'cancelled' && optedOut.has(r.phone)).map((r) => r.id);
    const toSend = rows.filter((r) => r.campaignStatus !== 'cancelled' && !optedOut.has(r.phone));
    await repo.settleSms(db, token, cancelled, { status: 'cancelled' });
    await repo.settleSms(db, token, blocked, { status: 'opted_out' });
    counts.cancelled += cancelled.length;
    counts.optedOut += blocked.length;

    const messages: OutgoingSms[] = toSend.map((r) => ({
      messageId: messageIdOf(r.id),
      phone: r.phone,
      content: renderSms(settings.signature, r.template, {
        taxpayerName: r.taxpayerName,
        taxpayerId: r.taxpayerId,
        period: r.memberPeriod ?? r.period,
        deadline: r.deadline,
        amountDueFen: r.amountDueFen === null ? null : Number(r.amountDueFen),
      }),
    }));
    let outcomes: SendOutcome[];
    try {
      outcomes = messages.length > 0 ? await gateway.send(messages) : [];
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      outcomes = messages.map((m) => ({ messageId: m.messageId, accepted: false, retryable: true, error: reason }));
    }
    if (options.afterGateway) await options.afterGateway(outcomes);

    const attemptsOf = new Map(toSend.map((r) => [r.id, r.attempts]));
    const accepted: number[] = [];
    for (const outcome of outcomes) {
      const id = idOfMessage(outcome.messageId);
      if (id === null) continue;
      if (outcome.accepted) {
        accepted.push(id);
        if (outcome.gatewayId) await repo.setSmsGatewayId(db, id, outcome.gatewayId);
        continue;
      }
      const attempts = attemptsOf.get(id) ?? settings.maxAttempts;
      const isFinal = !outcome.retryable || attempts >= settings.maxAttempts;
      await repo.settleSms(db, token, [id], {
        status: isFinal ? 'failed' : 'queued',
        next_attempt_at: new Date(now.getTime() + backoffMs(attempts)).toISOString(),
        last_error: outcome.error.slice(0, 500),
      });
      if (isFinal) counts.failed += 1;
      else counts.retried += 1;
    }
    await repo.settleSms(db, token, accepted, { status: 'sent', sent_at: now.toISOString(), last_error: null });
    counts.sent += accepted.length;
    // Never faster than the gateway's rate: a batch of n takes at least n / rate seconds.
    const wait = batchMs(rows.length) - (elapsedMs() - batchStarted);
    if (wait > 0) await sleep(wait);
  }
  return counts;
}

/** Delivery reports from the gateway: `sms-<id>` delivered or failed at the handset. */
export async function recordDeliveryReports(
  { db, now }: AnonymousContext,
  reports: ReadonlyArray<{ messageId: string; status: 'delivered' | 'failed'; error?: string | undefined }>,
): Promise<{ updated: number; unknown: number }> {
  let updated = 0;
  let unknown = 0;
  for (const report of reports) {
    const id = idOfMessage(report.messageId);
    if (id === null) {
      unknown += 1;
      continue;
    }
    const isRecorded = await repo.recordSmsDelivery(
      db,
      id,
      report.status === 'delivered'
        ? { status: 'delivered', delivered_at: now.toISOString() }
        : { status: 'failed', last_error: (report.error ?? '运营商回执：发送失败').slice(0, 500) },
    );
    if (isRecorded) updated += 1;
    else unknown += 1;
  }
  return { updated, unknown };
}

const SLOT_MS = 5_000;

/**
 * The scheduled sender: every 5-second slot, on one instance only (the slot key decides), so the
 * gateway's rate holds across instances; each run stops before its slot ends.
 */
export function smsSenderJob(): Job {
  return {
    name: 'reminders.sms.send',
    ...every(SLOT_MS),
    run: async ({ db, now, log, dataDir }) => {
      const settings = await findSmsSettings(db);
      if (!settings) return { sent: 0 };
      const offset = now.getTime() - Date.now();
      const clock = { now: () => new Date(Date.now() + offset) };
      // No gateway keeps state in memory: what was sent is recorded in the database (or by the far side).
      const gateway = gatewayOf(settings, { db, dataDir, log, now: clock.now });
      const counts = await sendDueSms({ db, gateway, settings, clock, budgetMs: SLOT_MS - 500 });
      return { ...counts };
    },
  };
}
