import { every, type Job } from '../../platform/jobs';
import { sweepCampaigns } from './campaigns.service';
import { deleteGatewaySendsBefore } from './reminders.repository';
import { smsSenderJob } from './sms-sender';

/** A message is retried for at most a day (attempts × back-off), so a week of the file gateway's record is plenty. */
const GATEWAY_SENDS_KEPT_MS = 7 * 24 * 60 * 60_000;

/**
 * The reminder service's scheduled work: the SMS sender, a sweep that closes finished campaigns, and
 * one that forgets the file gateway's old records.
 */
export const reminderJobs: readonly Job[] = [
  smsSenderJob(),
  {
    name: 'reminders.campaigns.sweep',
    ...every(60_000),
    run: ({ db, now }) => sweepCampaigns(db, now),
  },
  {
    name: 'reminders.sms.forget_gateway_sends',
    ...every(60 * 60_000),
    run: async ({ db, now }) => ({
      forgotten: await deleteGatewaySendsBefore(db, new Date(now.getTime() - GATEWAY_SENDS_KEPT_MS)),
    }),
  },
];
