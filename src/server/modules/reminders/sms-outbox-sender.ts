import type { FastifyBaseLogger } from 'fastify';
import type { ChannelSender } from '../../platform/outbox';
import { isQuietHour } from './reminders';
import { findOptedOutPhones } from './reminders.repository';
import { findSmsSettings, gatewayOf } from './sms-settings';

/**
 * The outbox's `sms` channel: single messages other modules queue (e.g. the satisfaction survey of a
 * contact) leave through the same gateway, signature, opt-out list and quiet hours as reminder
 * campaigns. The outbox id is the gateway's idempotency key, so a retried message is not received twice.
 * Campaign volumes keep their own queue (sms_messages) with batching and the gateway's rate.
 */
export const smsOutboxSender: ChannelSender = {
  channel: 'sms',
  deliver: async (trx, message, now, place) => {
    const payload = message.payload as { text?: unknown };
    if (typeof payload.text !== 'string' || payload.text === '') throw new Error('sms message has no text');
    if ((await findOptedOutPhones(trx, [message.recipient])).size > 0) return;
    const settings = await findSmsSettings(trx);
    if (!settings) throw new Error('短信网关尚未配置');
    if (isQuietHour(now, settings.quietStart, settings.quietEnd)) throw new Error('免打扰时段，稍后发送');
    const [outcome] = await gatewayOf(settings, {
      db: trx,
      dataDir: place.dataDir,
      log: consoleLog,
      now: () => now,
    }).send([
      {
        messageId: `outbox-${message.id}`,
        phone: message.recipient,
        // A text that already carries a 【signature】 keeps it; every other gets the configured one.
        content: payload.text.startsWith('【') ? payload.text : `${settings.signature}${payload.text}`,
      },
    ]);
    if (!outcome?.accepted) throw new Error(outcome ? outcome.error : 'gateway gave no answer');
  },
};

/** The console gateway's output when a single message leaves through it (demos only). */
const consoleLog = { info: (...args: unknown[]) => console.log(...args) } as Pick<FastifyBaseLogger, 'info'>;
