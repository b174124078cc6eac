/**
 * The lookups' page (信息查询), assembled into the app's one list of pages (src/web/app-pages.ts)
 * under the service tools' menu group. It loads on first visit.
 */
import { SearchOutlined } from '@ant-design/icons';
import { type AppPage, lazyPage } from '../../pages';

export const lookupPages: readonly AppPage[] = [
  {
    path: '/lookups',
    label: '信息查询',
    icon: <SearchOutlined />,
    permission: 'tools.use',
    group: 'serviceTools',
    component: lazyPage(
      () => import('./lookups-page'),
      (m) => m.LookupsPage,
    ),
  },
];
