/**
 * The home page (工作台), first in the app's one list of pages (src/web/app-pages.ts). It is part of
 * the first download, since every signed-in user lands on it.
 */
import { HomeOutlined } from '@ant-design/icons';
import type { AppPage } from '../../pages';
import { HomePage } from './home-page';

export const homePages: readonly AppPage[] = [
  { path: '/', label: '工作台', icon: <HomeOutlined />, component: HomePage },
];
