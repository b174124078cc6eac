/**
 * The administration pages (系统管理: users, org units, departments, the audit log), assembled into
 * the app's one list of pages (src/web/app-pages.ts) under the admin menu group. Each loads on first visit.
 */
import { AuditOutlined, ClusterOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { type AppPage, lazyPage } from '../../pages';

export const adminPages: readonly AppPage[] = [
  {
    path: '/admin/users',
    label: '用户管理',
    icon: <UserOutlined />,
    permission: 'users.manage',
    group: 'admin',
    component: lazyPage(
      () => import('./users-page'),
      (m) => m.UsersPage,
    ),
  },
  {
    path: '/admin/org-units',
    label: '组织机构',
    icon: <ClusterOutlined />,
    permission: 'org.manage',
    group: 'admin',
    component: lazyPage(
      () => import('./org-units-page'),
      (m) => m.OrgUnitsPage,
    ),
  },
  {
    path: '/admin/departments',
    label: '业务处室',
    icon: <TeamOutlined />,
    permission: 'org.manage',
    group: 'admin',
    component: lazyPage(
      () => import('./departments-page'),
      (m) => m.DepartmentsPage,
    ),
  },
  {
    path: '/admin/audit',
    label: '审计日志',
    icon: <AuditOutlined />,
    permission: 'audit.read',
    group: 'admin',
    component: lazyPage(
      () => import('./audit-page'),
      (m) => m.AuditPage,
    ),
  },
];
