import { every, type Job } from '../../platform/jobs';
import { sweepCampaigns } from './campaigns.service';
import { smsSenderJob } from './sms-sender';

/** The reminder service's scheduled work: the SMS sender, and a sweep that closes finished campaigns. */
export const reminderJobs: readonly Job[] = [
  smsSenderJob(),
  {
    name: 'reminders.campaigns.sweep',
    ...every(60_000),
    run: ({ db, now }) => sweepCampaigns(db, now),
  },
];
