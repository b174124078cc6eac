/**
 * The pages of complaints and reports (投诉举报), assembled into the app's one list of pages
 * (src/web/app-pages.ts) under their own menu group. Each loads on first visit.
 */
import { ApartmentOutlined, AuditOutlined, FileSearchOutlined, FormOutlined, SettingOutlined } from '@ant-design/icons';
import { type AppPage, lazyPage } from '../../pages';

export const casePages: readonly AppPage[] = [
  {
    path: '/cases/register',
    label: '投诉举报登记',
    icon: <FormOutlined />,
    permission: 'cases.register',
    group: 'cases',
    component: lazyPage(
      () => import('./register-page'),
      (m) => m.RegisterCasePage,
    ),
  },
  {
    path: '/cases/inbox',
    label: '投诉举报待办',
    icon: <AuditOutlined />,
    permission: 'cases.act',
    group: 'cases',
    component: lazyPage(
      () => import('./inbox-page'),
      (m) => m.CaseInboxPage,
    ),
  },
  {
    // Also the page of one case: /cases?id=42 (where notifications link).
    path: '/cases',
    label: '案件查询',
    icon: <FileSearchOutlined />,
    permission: 'cases.read',
    group: 'cases',
    component: lazyPage(
      () => import('./cases-page'),
      (m) => m.CasesPage,
    ),
  },
  {
    path: '/cases/processes',
    label: '流程定义',
    icon: <ApartmentOutlined />,
    permission: 'cases.read',
    group: 'cases',
    component: lazyPage(
      () => import('./processes-page'),
      (m) => m.ProcessesPage,
    ),
  },
  {
    path: '/cases/config',
    label: '投诉举报配置',
    icon: <SettingOutlined />,
    permission: 'cases.configure',
    group: 'cases',
    component: lazyPage(
      () => import('./case-config-page'),
      (m) => m.CaseConfigPage,
    ),
  },
];
