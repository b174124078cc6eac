export { sweepCampaigns } from './campaigns.service';
export { reminderJobs } from './reminders.jobs';
export { smsQueueMetric } from './reminders.metrics';
export { remindersRoutes } from './reminders.routes';
export { smsOutboxSender } from './sms-outbox-sender';
export { smsSenderJob } from './sms-sender';
