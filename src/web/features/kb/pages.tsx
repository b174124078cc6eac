/**
 * The knowledge base's pages, assembled into the app's one list of pages (src/web/app-pages.ts).
 * Each loads on first visit.
 */
import {
  ControlOutlined,
  EditOutlined,
  FileSearchOutlined,
  FontSizeOutlined,
  QuestionCircleOutlined,
  RiseOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { type AppPage, lazyPage } from '../../pages';

export const kbPages: readonly AppPage[] = [
  {
    path: '/kb',
    label: '知识检索',
    icon: <FileSearchOutlined />,
    permission: 'kb.read',
    group: 'kb',
    component: lazyPage(
      () => import('./kb-search-page'),
      (m) => m.KbSearchPage,
    ),
  },
  {
    path: '/kb/manage',
    label: '知识管理',
    icon: <EditOutlined />,
    permission: 'kb.edit',
    group: 'kb',
    component: lazyPage(
      () => import('./kb-manage-page'),
      (m) => m.KbManagePage,
    ),
  },
  {
    path: '/kb/synonyms',
    label: '同义词维护',
    icon: <SwapOutlined />,
    permission: 'kb.admin',
    group: 'kb',
    component: lazyPage(
      () => import('./kb-synonyms-page'),
      (m) => m.KbSynonymsPage,
    ),
  },
  {
    path: '/kb/colloquial',
    label: '口语词表',
    icon: <SwapOutlined />,
    permission: 'kb.admin',
    group: 'kb',
    component: lazyPage(
      () => import('./kb-colloquial-page'),
      (m) => m.KbColloquialPage,
    ),
  },
  {
    path: '/kb/dictionary',
    label: '分词词典',
    icon: <FontSizeOutlined />,
    permission: 'kb.admin',
    group: 'kb',
    component: lazyPage(
      () => import('./kb-dictionary-page'),
      (m) => m.KbDictionaryPage,
    ),
  },
  {
    path: '/kb/catalog',
    label: '目录与库种',
    icon: <ControlOutlined />,
    permission: 'kb.admin',
    group: 'kb',
    component: lazyPage(
      () => import('./kb-catalog-page'),
      (m) => m.KbCatalogPage,
    ),
  },
  {
    path: '/kb/click-through',
    label: '点击反馈',
    icon: <RiseOutlined />,
    permission: 'kb.admin',
    group: 'kb',
    component: lazyPage(
      () => import('./kb-click-through-page'),
      (m) => m.KbClickThroughPage,
    ),
  },
  {
    path: '/kb/help',
    label: '检索帮助',
    icon: <QuestionCircleOutlined />,
    permission: 'kb.read',
    group: 'kb',
    component: lazyPage(
      () => import('./kb-help-page'),
      (m) => m.KbHelpPage,
    ),
  },
];
