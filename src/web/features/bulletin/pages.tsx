/**
 * The page of the monthly bulletin (信息专报), spread into the app's one list of pages
 * (src/web/app-pages.tsx). It loads on first visit.
 */
import { FileTextOutlined } from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { AppPage } from '../../app-pages';

function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: pick(await load()) }));
}

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
