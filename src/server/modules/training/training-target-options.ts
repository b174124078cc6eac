import { isInOrgScope, scopeOf } from '../../platform/auth/scope';
import type { RequestContext } from '../../platform/request-context';
import { listUsersWithRoles } from '../accounts';
import { findAllTeams } from '../performance';
import * as repo from './training.repository';

/** What a plan's target group can be made of, within the manager's scope: people, teams and org units. */
export async function listTargetOptions({ db, user }: RequestContext) {
  const scope = scopeOf(user);
  const people = await listUsersWithRoles(db, {
    roles: ['agent', 'team_lead', 'trainer', 'department'],
    scope,
    orderBy: 'name',
    limit: 1000,
  });
  const teams = (await findAllTeams(db)).filter((t) => t.isActive && isInOrgScope(scope, t.orgUnitPath));
  return {
    people: people.map((p) => ({ id: p.id, name: p.name, username: p.username, orgUnitName: p.orgUnitName })),
    teams: teams.map((t) => ({ id: t.id, name: t.name })),
    orgUnits: await repo.findOrgUnitsInScope(db, scope),
  };
}
