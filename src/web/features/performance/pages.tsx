/**
 * The pages of the performance review, spread into the app's one list of pages (src/web/app-pages.tsx).
 * Each loads on first visit.
 */
import { TeamOutlined, TrophyOutlined, UserOutlined } from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { AppPage } from '../../app-pages';

function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: pick(await load()) }));
}

export const performancePages: readonly AppPage[] = [
  {
    path: '/performance',
    label: '绩效考核',
    icon: <TrophyOutlined />,
    permission: 'performance.review',
    component: lazyPage(
      () => import('./performance-page'),
      (m) => m.PerformancePage,
    ),
  },
  {
    path: '/performance/me',
    label: '我的绩效',
    icon: <UserOutlined />,
    permission: 'performance.read_own',
    component: lazyPage(
      () => import('./my-performance-page'),
      (m) => m.MyPerformancePage,
    ),
  },
  {
    path: '/performance/teams',
    label: '班组管理',
    icon: <TeamOutlined />,
    permission: 'performance.teams',
    group: 'admin',
    component: lazyPage(
      () => import('./teams-page'),
      (m) => m.TeamsPage,
    ),
  },
];
