export { filingCalendarRoutes } from './filing-calendar.routes';
export { deadlineOn, listYearDeadlines } from './filing-calendar.service';
