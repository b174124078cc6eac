/**
 * The page of the monthly bulletin (信息专报), assembled into the app's one list of pages
 * (src/web/app-pages.ts). It loads on first visit.
 */
import { FileTextOutlined } from '@ant-design/icons';
import { type AppPage, lazyPage } from '../../pages';

export const bulletinPages: readonly AppPage[] = [
  {
    path: '/bulletins',
    label: '信息专报',
    icon: <FileTextOutlined />,
    permission: 'bulletins.read',
    component: lazyPage(
      () => import('./bulletin-page'),
      (m) => m.BulletinPage,
    ),
  },
];
