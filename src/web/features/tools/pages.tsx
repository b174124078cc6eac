/**
 * The pages of the service tools (服务工具): calculators, lookups, the filing calendar and reminders,
 * spread into the app's one list of pages (src/web/app-pages.tsx) under their own menu group.
 */
import { CalculatorOutlined, FieldTimeOutlined, NotificationOutlined, SearchOutlined } from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { AppPage } from '../../app-pages';

function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: pick(await load()) }));
}

export const serviceToolPages: readonly AppPage[] = [
  {
    path: '/tools',
    label: '小工具',
    icon: <CalculatorOutlined />,
    permission: 'tools.use',
    group: 'serviceTools',
    component: lazyPage(
      () => import('./tools-page'),
      (m) => m.ToolsPage,
    ),
  },
  {
    path: '/lookups',
    label: '信息查询',
    icon: <SearchOutlined />,
    permission: 'tools.use',
    group: 'serviceTools',
    component: lazyPage(
      () => import('../lookups/lookups-page'),
      (m) => m.LookupsPage,
    ),
  },
  {
    path: '/filing-calendar',
    label: '征期日历',
    icon: <FieldTimeOutlined />,
    permission: 'tools.use',
    group: 'serviceTools',
    component: lazyPage(
      () => import('../filing-calendar/filing-calendar-page'),
      (m) => m.FilingCalendarPage,
    ),
  },
  {
    path: '/reminders',
    label: '提醒服务',
    icon: <NotificationOutlined />,
    permission: 'reminders.callback',
    group: 'serviceTools',
    component: lazyPage(
      () => import('../reminders/reminders-page'),
      (m) => m.RemindersPage,
    ),
  },
];
