/**
 * The working-day calendar's page (工作日历), assembled into the app's one list of pages
 * (src/web/app-pages.ts). It loads on first visit.
 */
import { CalendarOutlined } from '@ant-design/icons';
import { type AppPage, lazyPage } from '../../pages';

export const calendarPages: readonly AppPage[] = [
  {
    path: '/calendar',
    label: '工作日历',
    icon: <CalendarOutlined />,
    permission: 'calendar.read',
    component: lazyPage(
      () => import('./calendar-page'),
      (m) => m.CalendarPage,
    ),
  },
];
