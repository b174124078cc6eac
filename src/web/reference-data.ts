/**
 * Reference data every part of the app may need: org units (built into a tree here) and
 * departments. Roles and their Chinese names come from ../shared/permissions.
 */
import type { Department, OrgUnit } from '../shared/accounts';
import { api } from './api';
import { type Loaded, useLoaded } from './components/use-loaded';

export type { Department, OrgUnit };

export interface OrgUnitNode {
  unit: OrgUnit;
  children: OrgUnitNode[];
}

export const listOrgUnits = () => api.get<OrgUnit[]>('/api/org-units');
export const listDepartments = () => api.get<Department[]>('/api/departments');

/**
 * The org units as a forest. A unit whose parent the user cannot see becomes a root,
 * so a user scoped to a subtree sees their own unit at the top.
 */
export function buildOrgTree(units: readonly OrgUnit[]): OrgUnitNode[] {
  const nodes = new Map<number, OrgUnitNode>();
  for (const unit of units) nodes.set(unit.id, { unit, children: [] });
  const roots: OrgUnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId === null ? undefined : nodes.get(node.unit.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

const noOrgUnits: OrgUnit[] = [];
const noDepartments: Department[] = [];

/** The org units the user may see, loaded once per mounting component. */
export function useOrgUnits(): Loaded<OrgUnit[]> {
  return useLoaded(listOrgUnits, noOrgUnits);
}

/** The active departments the user may see, loaded once per mounting component. */
export function useDepartments(): Loaded<Department[]> {
  return useLoaded(listDepartments, noDepartments);
}
