/**
 * Every page of the app in one list, in menu order: the menu and the routes are both built from it.
 * Each feature declares its own pages (features/<name>/pages.tsx); this file only assembles them, so a
 * new module adds one line here. A page with a `permission` is in the menu only for users who hold it,
 * and its route answers 403 to anyone else.
 */
import { adminPages } from './features/admin/pages';
import { bulletinPages } from './features/bulletin/pages';
import { calendarPages } from './features/calendar/pages';
import { casePages } from './features/cases/pages';
import { contactAdminPages, contactPages } from './features/contacts/pages';
import { examPages } from './features/exams/pages';
import { filingCalendarPages } from './features/filing-calendar/pages';
import { homePages } from './features/home/pages';
import { kbPages } from './features/kb/pages';
import { lookupPages } from './features/lookups/pages';
import { performancePages } from './features/performance/pages';
import { reminderPages } from './features/reminders/pages';
import { reportPages } from './features/reports/pages';
import { serviceToolPages } from './features/tools/pages';
import { trainingPages } from './features/training/pages';
import type { AppPage } from './pages';

export const appPages: readonly AppPage[] = [
  ...homePages,
  ...calendarPages,
  ...contactPages,
  ...casePages,
  ...kbPages,
  ...reportPages,
  ...bulletinPages,
  ...serviceToolPages,
  ...lookupPages,
  ...filingCalendarPages,
  ...reminderPages,
  ...performancePages,
  ...examPages,
  ...trainingPages,
  ...adminPages,
  ...contactAdminPages,
];

/** The page a location belongs to: an exact match, or the page whose path the location lies under. */
export function pageOf(pathname: string): AppPage | undefined {
  return (
    appPages.find((p) => p.path === pathname) ??
    appPages.find((p) => p.path !== '/' && pathname.startsWith(`${p.path}/`))
  );
}
