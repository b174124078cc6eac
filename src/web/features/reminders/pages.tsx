/**
 * The reminders' page (提醒服务), assembled into the app's one list of pages (src/web/app-pages.ts)
 * under the service tools' menu group. It loads on first visit.
 */
import { NotificationOutlined } from '@ant-design/icons';
import { type AppPage, lazyPage } from '../../pages';

export const reminderPages: readonly AppPage[] = [
  {
    path: '/reminders',
    label: '提醒服务',
    icon: <NotificationOutlined />,
    permission: 'reminders.callback',
    group: 'serviceTools',
    component: lazyPage(
      () => import('./reminders-page'),
      (m) => m.RemindersPage,
    ),
  },
];
