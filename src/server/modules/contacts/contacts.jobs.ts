import { every, type Job } from '../../platform/jobs';
import { deletePushEventsBefore } from './cti.repository';
import { sweepUrges } from './transfers.service';

/** The contacts module's scheduled sweeps (listed in src/server/jobs.ts). */
export const contactsJobs: readonly Job[] = [
  {
    // Due-soon reminders and overdue notices: each transfer is marked in the transaction of its notices.
    name: 'transfers.urge',
    ...every(5 * 60_000),
    run: ({ db, now }) => sweepUrges(db, now, 200),
  },
  {
    name: 'push.cleanup',
    ...every(60 * 60_000),
    run: async ({ db, now }) => ({
      pushEventsDeleted: await deletePushEventsBefore(db, new Date(now.getTime() - 24 * 60 * 60_000)),
    }),
  },
];
