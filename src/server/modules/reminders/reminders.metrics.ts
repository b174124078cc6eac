import type { Db } from '../../db/connection';
import type { MetricSource } from '../../platform/metrics';
import { countSmsQueue } from './reminders.repository';

/** The SMS queue for /metrics. */
export function smsQueueMetric(db: Db): MetricSource {
  return {
    name: 'taxline_sms_queue',
    help: 'SMS messages of reminder campaigns waiting to be sent, by status (queued, sending)',
    labelNames: ['status'],
    read: async () => {
      const counts = new Map((await countSmsQueue(db)).map((r) => [r.status, r.n]));
      return ['queued', 'sending'].map((status) => ({ labels: { status }, value: counts.get(status) ?? 0 }));
    },
  };
}
