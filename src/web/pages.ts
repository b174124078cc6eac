/**
 * What a page of the app is, and how a feature declares its own: each feature lists its pages in its
 * `pages.tsx`, and src/web/app-pages.ts only puts those lists together in menu order.
 */
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import type { Permission } from '../shared/permissions';

export const menuGroups = {
  cases: '投诉举报',
  kb: '知识库',
  serviceTools: '服务工具',
  training: '培训考试',
  admin: '系统管理',
} as const;
export type MenuGroup = keyof typeof menuGroups;

/** One page: its route, its menu entry, and who may open it (no `permission`: every signed-in user). */
export interface AppPage {
  path: string;
  label: string;
  icon: ReactNode;
  permission?: Permission;
  group?: MenuGroup;
  component: ComponentType | LazyExoticComponent<ComponentType>;
}

/** A page loaded on first visit, so that people who never open it never download it. */
export function lazyPage<M>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType,
): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: pick(await load()) }));
}
