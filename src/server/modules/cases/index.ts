export { caseJobs } from './cases.jobs';
export { casesRoutes } from './cases.routes';
export { type CaseRegistration, registerCase } from './cases.service';
