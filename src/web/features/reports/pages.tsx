/**
 * The statistics pages, spread into the app's one list of pages (src/web/app-pages.tsx).
 * The dashboard (and ECharts with it) loads on first visit.
 */
import { BarChartOutlined } from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { AppPage } from '../../app-pages';

function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: pick(await load()) }));
}

export const reportPages: readonly AppPage[] = [
  {
    path: '/reports',
    label: '统计分析',
    icon: <BarChartOutlined />,
    permission: 'reports.read',
    component: lazyPage(
      () => import('./dashboard-page'),
      (m) => m.DashboardPage,
    ),
  },
];
