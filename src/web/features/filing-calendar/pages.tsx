/**
 * The filing calendar's page (征期日历), assembled into the app's one list of pages
 * (src/web/app-pages.ts) under the service tools' menu group. It loads on first visit.
 */
import { FieldTimeOutlined } from '@ant-design/icons';
import { type AppPage, lazyPage } from '../../pages';

export const filingCalendarPages: readonly AppPage[] = [
  {
    path: '/filing-calendar',
    label: '征期日历',
    icon: <FieldTimeOutlined />,
    permission: 'tools.use',
    group: 'serviceTools',
    component: lazyPage(
      () => import('./filing-calendar-page'),
      (m) => m.FilingCalendarPage,
    ),
  },
];
