/**
 * The statistics pages, assembled into the app's one list of pages (src/web/app-pages.ts).
 * The dashboard (and ECharts with it) loads on first visit.
 */
import { BarChartOutlined } from '@ant-design/icons';
import { type AppPage, lazyPage } from '../../pages';

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
