/**
 * SMS gateways. Each message carries taxline's own message id as an idempotency key, which the
 * gateway uses to drop a message it already accepted: a sender that crashed after the gateway
 * accepted a batch but before it recorded that resends the batch (possibly from another instance),
 * and nobody gets a message twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { DbOrTx } from '../../db/connection';
import { claimGatewaySends, findGatewaySends, markGatewaySendsAppended } from './reminders.repository';

export interface OutgoingSms {
  /** taxline's message id (`sms-<row id>`): the idempotency key and the id delivery reports name. */
  messageId: string;
  phone: string;
  content: string;
}

export type SendOutcome =
  | { messageId: string; accepted: true; gatewayId?: string }
  | { messageId: string; accepted: false; retryable: boolean; error: string };

export interface SmsGateway {
  /** Sends a batch; one outcome per message. A thrown error means nothing is known (all retryable). */
  send(messages: readonly OutgoingSms[]): Promise<SendOutcome[]>;
}

/**
 * The demo gateway: appends each accepted message to a JSON-lines file. What it appended is recorded
 * by idempotency key in the database (`sms_gateway_sends`), shared by every instance, never in a
 * process's memory: a message id already recorded is acknowledged and not written again, so an
 * instance that takes over a crashed instance's batch repeats nothing. The record is claimed before
 * the line is written and marked after it is on disk; a claim left behind by a crash in between is
 * settled by looking for the id in the file (the only time the file is read).
 */
export function fileGateway(options: { file: string; db: DbOrTx; now: () => Date }): SmsGateway {
  const { file, db } = options;
  return {
    async send(messages) {
      const now = options.now();
      const ids = messages.map((m) => m.messageId);
      const known = await findGatewaySends(db, ids);
      const unsettled = ids.filter((id) => known.get(id) === 'appending');
      const alreadyInFile = unsettled.length > 0 ? await messageIdsInFile(file, new Set(unsettled)) : new Set();
      const claimed = new Set(
        await claimGatewaySends(
          db,
          ids.filter((id) => !known.has(id)),
          now,
        ),
      );
      const fresh = messages.filter(
        (m) => claimed.has(m.messageId) || (known.get(m.messageId) === 'appending' && !alreadyInFile.has(m.messageId)),
      );
      if (fresh.length > 0) {
        await appendPrivately(file, fresh.map((m) => `${JSON.stringify({ ...m, at: now.toISOString() })}\n`).join(''));
      }
      await markGatewaySendsAppended(db, [...fresh.map((m) => m.messageId), ...unsettled]);
      return messages.map((m) => ({ messageId: m.messageId, accepted: true as const }));
    },
  };
}

/** Appends and flushes to disk; the folder is created owner-only (700) and the file owner-only (600). */
async function appendPrivately(file: string, text: string): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle = await fs.promises.open(file, 'a', 0o600);
  try {
    await handle.appendFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Which of `wanted` the gateway file already holds. */
async function messageIdsInFile(file: string, wanted: ReadonlySet<string>): Promise<Set<string>> {
  const found = new Set<string>();
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return found;
    throw error;
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const id = (JSON.parse(line) as { messageId: string }).messageId;
      if (wanted.has(id)) found.add(id);
    } catch {
      // A line cut short by a crash of the writer: the message is written again.
    }
  }
  return found;
}

/** The console gateway: writes each message to the log (for a demo without a file); never deduplicates. */
export function consoleGateway(log: Pick<FastifyBaseLogger, 'info'>): SmsGateway {
  return {
    async send(messages) {
      for (const m of messages)
        log.info({ sms: { messageId: m.messageId, phone: m.phone, content: m.content } }, 'sms');
      return messages.map((m) => ({ messageId: m.messageId, accepted: true as const }));
    },
  };
}

export interface HttpGatewayConfig {
  url: string;
  /** The JSON body, with {{phone}}, {{content}} and {{messageId}} replaced (JSON-escaped) per message. */
  bodyTemplate: string;
  token: string | null;
  timeoutMs: number;
  /** Requests in flight at once. */
  concurrency: number;
}

const jsonEscaped = (value: string) => JSON.stringify(value).slice(1, -1);

/** The request body for one message, from the configured template. */
export function renderHttpBody(template: string, m: OutgoingSms): string {
  return template
    .replaceAll('{{phone}}', jsonEscaped(m.phone))
    .replaceAll('{{content}}', jsonEscaped(m.content))
    .replaceAll('{{messageId}}', jsonEscaped(m.messageId));
}

/**
 * An HTTP gateway: one POST per message with the idempotency key also in the `Idempotency-Key` header.
 * 2xx is accepted (an `id`, `messageId` or `bizId` in the JSON reply is kept); 4xx other than 408/429
 * is a permanent refusal; 5xx, 408, 429 and network failures are retried.
 */
export function httpGateway(config: HttpGatewayConfig): SmsGateway {
  const sendOne = async (m: OutgoingSms): Promise<SendOutcome> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': m.messageId };
    if (config.token) headers.authorization = `Bearer ${config.token}`;
    try {
      const response = await fetch(config.url, {
        method: 'POST',
        headers,
        body: renderHttpBody(config.bodyTemplate, m),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      const text = await response.text();
      if (response.ok) {
        let gatewayId: string | undefined;
        try {
          const body = JSON.parse(text) as Record<string, unknown>;
          const id = body.id ?? body.messageId ?? body.bizId;
          if (typeof id === 'string' || typeof id === 'number') gatewayId = String(id);
        } catch {
          // A reply that is not JSON still means accepted.
        }
        return { messageId: m.messageId, accepted: true, ...(gatewayId ? { gatewayId } : {}) };
      }
      const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
      return {
        messageId: m.messageId,
        accepted: false,
        retryable,
        error: `网关返回 ${response.status}：${text.slice(0, 200)}`,
      };
    } catch (error) {
      return {
        messageId: m.messageId,
        accepted: false,
        retryable: true,
        error: `网关无法访问：${error instanceof Error ? error.message : String(error)}`.slice(0, 300),
      };
    }
  };
  return {
    async send(messages) {
      const outcomes: SendOutcome[] = new Array(messages.length);
      let next = 0;
      const worker = async () => {
        while (next < messages.length) {
          const index = next++;
          outcomes[index] = await sendOne(messages[index]!);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(config.concurrency, messages.length)) }, worker));
      return outcomes;
    },
  };
}
