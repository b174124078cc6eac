export type { BulletinFigures } from './bulletin';
export { bulletinJobs, generateMonthlyBulletinDrafts } from './bulletin.jobs';
export { bulletinRoutes } from './bulletin.routes';
export { computeBulletinFigures, type GenerateBulletinOptions, generateBulletin } from './bulletin.service';
export { convertDocxToPdf } from './bulletin-pdf';
