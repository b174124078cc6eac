/**
 * Org scope: which org units a user, a report or a bulletin covers. Every module decides it here, in
 * one of two ways: `inOrgScope` inside a query, `isInOrgScope` for one record already read.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, type StringReference, sql } from 'kysely';
import type { CurrentUser } from './current-user';

/** Every org unit, or one unit (by its materialised path, `/1/3/`) and every unit below it. */
export type OrgScope = { readonly kind: 'all' } | { readonly kind: 'subtree'; readonly path: string };

export const allOrgUnits: OrgScope = { kind: 'all' };

/** The unit at `path` and every unit below it. */
export function subtreeOf(path: string): OrgScope {
  return { kind: 'subtree', path };
}

const ROOT_PATH = /^\/\d+\/$/;

/** What a user sees: their own unit and the units below it, or every unit for a role that sees all. */
export function scopeOf(user: Pick<CurrentUser, 'seesAllOrgUnits' | 'orgUnitPath'>): OrgScope {
  // The org tree has one root (a new unit always has a parent), so the root's subtree is every unit:
  // no filter is needed, and the queries keep their plainest plans.
  if (user.seesAllOrgUnits || ROOT_PATH.test(user.orgUnitPath)) return allOrgUnits;
  return subtreeOf(user.orgUnitPath);
}

/** True when the unit at `orgUnitPath` lies within `scope`: the check for one record already read. */
export function isInOrgScope(scope: OrgScope, orgUnitPath: string): boolean {
  return scope.kind === 'all' || orgUnitPath.startsWith(scope.path);
}

/** Ids of the unit at `path` and of every unit above it, the root first. */
export function orgUnitChainOf(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * The where-condition "the org unit in column `orgUnitId` lies within `scope`", for any query:
 * `q.where((eb) => inOrgScope(eb, scope, 'c.org_unit_id'))`. A subtree is an `in` over the ids of
 * the units whose path starts with the scope's (a LIKE prefix, escaped), so the outer query keeps
 * using its own index on the org unit column or any other; every unit is no condition at all (1 = 1).
 */
export function inOrgScope<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  scope: OrgScope,
  orgUnitId: StringReference<DB, TB>,
): Expression<SqlBool> {
  if (scope.kind === 'all') return eb.and([]);
  const prefix = `${escapeLike(scope.path)}%`;
  return sql<SqlBool>`${eb.ref(orgUnitId)} in (select ${sql.ref('scope_units.id')} from ${sql.table('org_units')} as ${sql.id('scope_units')} where ${sql.ref('scope_units.path')} like ${prefix} escape '\\')`;
}
