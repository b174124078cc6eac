/**
 * The calculators' page (小工具), assembled into the app's one list of pages (src/web/app-pages.ts)
 * under the service tools' menu group (服务工具), beside lookups, the filing calendar and reminders.
 */
import { CalculatorOutlined } from '@ant-design/icons';
import { type AppPage, lazyPage } from '../../pages';

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
];
