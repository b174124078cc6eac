/**
 * The pages of contacts and transfers, assembled into the app's one list of pages (src/web/app-pages.ts).
 * Each loads on first visit.
 */
import {
  AlertOutlined,
  ApiOutlined,
  BookOutlined,
  CustomerServiceOutlined,
  FieldTimeOutlined,
  PhoneOutlined,
  ScheduleOutlined,
  SmileOutlined,
} from '@ant-design/icons';
import { type AppPage, lazyPage } from '../../pages';

export const contactPages: readonly AppPage[] = [
  {
    path: '/workspace',
    label: '来电工作台',
    icon: <PhoneOutlined />,
    permission: 'contacts.register',
    component: lazyPage(
      () => import('./workspace-page'),
      (m) => m.WorkspacePage,
    ),
  },
  {
    path: '/inbox',
    label: '待办事项',
    icon: <ScheduleOutlined />,
    permission: 'inbox.read',
    component: lazyPage(
      () => import('./inbox-page'),
      (m) => m.InboxPage,
    ),
  },
  {
    path: '/contact-log',
    label: '接听记录簿',
    icon: <BookOutlined />,
    permission: 'contacts.read',
    component: lazyPage(
      () => import('./contact-log-page'),
      (m) => m.ContactLogPage,
    ),
  },
  {
    path: '/calls',
    label: '通话记录',
    icon: <CustomerServiceOutlined />,
    permission: 'calls.read',
    component: lazyPage(
      () => import('./calls-page'),
      (m) => m.CallsPage,
    ),
  },
  {
    path: '/transfers/monitor',
    label: '转办督办',
    icon: <AlertOutlined />,
    permission: 'transfers.monitor',
    component: lazyPage(
      () => import('./transfer-monitor-page'),
      (m) => m.TransferMonitorPage,
    ),
  },
  {
    path: '/surveys',
    label: '满意度',
    icon: <SmileOutlined />,
    permission: 'surveys.read',
    component: lazyPage(
      () => import('./surveys-page'),
      (m) => m.SurveysPage,
    ),
  },
];

export const contactAdminPages: readonly AppPage[] = [
  {
    path: '/admin/cti',
    label: '分机与CTI',
    icon: <ApiOutlined />,
    permission: 'cti.manage',
    group: 'admin',
    component: lazyPage(
      () => import('./admin-cti-page'),
      (m) => m.AdminCtiPage,
    ),
  },
  {
    path: '/admin/due-days',
    label: '转办时限',
    icon: <FieldTimeOutlined />,
    permission: 'contacts.configure',
    group: 'admin',
    component: lazyPage(
      () => import('./due-days-page'),
      (m) => m.DueDaysPage,
    ),
  },
];
