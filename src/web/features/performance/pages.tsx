/**
 * The pages of the performance review, assembled into the app's one list of pages (src/web/app-pages.ts).
 * Each loads on first visit.
 */
import { TeamOutlined, TrophyOutlined, UserOutlined } from '@ant-design/icons';
import { type AppPage, lazyPage } from '../../pages';

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
