/** The statistics API as the dashboard page calls it. */
import type {
  CallCentreReport,
  Dashboard,
  DashboardChart,
  DashboardQuery,
  HotQuestionsResult,
} from '../../../shared/reports';
import { api, withQuery } from '../../api';

/** The period and org unit the dashboard page asks for (the query of every statistics call). */
export type ReportFilters = DashboardQuery;

export const getDashboard = (filters: ReportFilters) => api.get<Dashboard>('/api/reports/dashboard', { ...filters });

export const getCallCentre = (filters: ReportFilters) =>
  api.get<CallCentreReport>('/api/reports/call-centre', { ...filters });

export const getHotQuestions = (filters: ReportFilters, limit = 20) =>
  api.get<HotQuestionsResult>('/api/reports/hot-questions', { ...filters, limit });

/** The .xlsx of one chart's data (a plain link: the browser downloads it with the session cookie). */
export const chartExportUrl = (filters: ReportFilters, chart: DashboardChart) =>
  withQuery('/api/reports/dashboard/export', { ...filters, chart });

export const hotQuestionsExportUrl = (filters: ReportFilters) =>
  withQuery('/api/reports/hot-questions/export', { ...filters, limit: 50 });
