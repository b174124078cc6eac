/** Statistics (统计分析): the dashboard figures, the contract summary and the hot questions. */

export { reportsRoutes } from './reports.routes';
export {
  checkPeriod,
  computeCallCentre,
  computeDashboard,
  findHotQuestions,
  type ReportScope,
} from './reports.service';
