/**
 * Every page of the app in one list: the menu and the routes are both built from it, so a new
 * module adds one line here. A page with a `permission` is in the menu only for users who hold it,
 * and its route answers 403 to anyone else.
 */
import {
  AuditOutlined,
  CalendarOutlined,
  ClusterOutlined,
  HomeOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import type { Permission } from '../shared/permissions';
import { bulletinPages } from './features/bulletin/pages';
import { casePages } from './features/cases/pages';
import { contactAdminPages, contactPages } from './features/contacts/pages';
import { HomePage } from './features/home/home-page';
import { kbPages } from './features/kb/pages';
import { performancePages } from './features/performance/pages';
import { reportPages } from './features/reports/pages';
import { serviceToolPages } from './features/tools/pages';

export const menuGroups = {
  cases: '投诉举报',
  kb: '知识库',
  serviceTools: '服务工具',
  admin: '系统管理',
} as const;
export type MenuGroup = keyof typeof menuGroups;

export interface AppPage {
  path: string;
  label: string;
  icon: ReactNode;
  permission?: Permission;
  group?: MenuGroup;
  component: ComponentType | LazyExoticComponent<ComponentType>;
}

/** A page loaded on first visit, so that people who never open it never download it. */
function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: pick(await load()) }));
}

export const appPages: readonly AppPage[] = [
  { path: '/', label: '工作台', icon: <HomeOutlined />, component: HomePage },
  {
    path: '/calendar',
    label: '工作日历',
    icon: <CalendarOutlined />,
    permission: 'calendar.read',
    component: lazyPage(
      () => import('./features/calendar/calendar-page'),
      (m) => m.CalendarPage,
    ),
  },
  ...contactPages,
  ...casePages,
  ...kbPages,
  ...reportPages,
  ...bulletinPages,
  ...serviceToolPages,
  ...performancePages,
  {
    path: '/admin/users',
    label: '用户管理',
    icon: <UserOutlined />,
    permission: 'users.manage',
    group: 'admin',
    component: lazyPage(
      () => import('./features/admin/users-page'),
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
      () => import('./features/admin/org-units-page'),
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
      () => import('./features/admin/departments-page'),
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
      () => import('./features/admin/audit-page'),
      (m) => m.AuditPage,
    ),
  },
  ...contactAdminPages,
];

/** The page a location belongs to: an exact match, or the page whose path the location lies under. */
export function pageOf(pathname: string): AppPage | undefined {
  return (
    appPages.find((p) => p.path === pathname) ??
    appPages.find((p) => p.path !== '/' && pathname.startsWith(`${p.path}/`))
  );
}
