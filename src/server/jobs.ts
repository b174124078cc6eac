import { bulletinJobs } from './modules/bulletin';
import { caseJobs } from './modules/cases';
import { contactsJobs } from './modules/contacts';
import { inAppSender } from './modules/notifications';
import { reminderJobs, smsOutboxSender } from './modules/reminders';
import { trainingJobs } from './modules/training';
import { deleteExpiredSessions, deleteLoginThrottlesBefore } from './platform/auth/auth.repository';
import { IDEMPOTENCY_KEY_TTL_MS } from './platform/idempotency';
import { deleteIdempotencyKeysBefore } from './platform/idempotency.repository';
import { deleteJobRunsBefore, every, type Job } from './platform/jobs';
import { type ChannelSender, dispatchOutbox } from './platform/outbox';

/** Every channel the outbox can send through; modules add theirs here. */
export const channelSenders: readonly ChannelSender[] = [inAppSender, smsOutboxSender];

/** Every scheduled job of the server, in one list. */
export const jobs: readonly Job[] = [
  {
    name: 'outbox.dispatch',
    ...every(5_000),
    run: ({ db, now, dataDir }) => dispatchOutbox(db, channelSenders, now, { dataDir }),
  },
  {
    name: 'housekeeping',
    ...every(60 * 60_000),
    run: async ({ db, now }) => {
      const dayAgo = new Date(now.getTime() - 24 * 60 * 60_000);
      await deleteExpiredSessions(db, now);
      await deleteLoginThrottlesBefore(db, dayAgo);
      const jobRunsDeleted = await deleteJobRunsBefore(db, new Date(now.getTime() - 7 * 24 * 60 * 60_000));
      const idempotencyKeysDeleted = await deleteIdempotencyKeysBefore(
        db,
        new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS),
      );
      return { jobRunsDeleted, idempotencyKeysDeleted };
    },
  },
  ...caseJobs,
  ...contactsJobs,
  ...reminderJobs,
  ...bulletinJobs,
  ...trainingJobs,
];
