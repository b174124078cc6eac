export { caseJobs } from './cases.jobs';
export { casesRoutes } from './cases.routes';
export { type CaseRegistration, type ReporterReveal, recordReporterReveal, registerCase } from './cases.service';
export { maskName } from './confidentiality';
