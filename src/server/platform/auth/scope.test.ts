import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/demo-data';
import { createTestDatabase, demoPassword, type TestDatabase, testDialects } from '../../test/harness';
import { allOrgUnits, inOrgScope, isInOrgScope, type OrgScope, scopeOf, subtreeOf } from './scope';

describe('org scope of a user', () => {
  it('is every unit for a role that sees all, and for a user of the root unit', () => {
    expect(scopeOf({ seesAllOrgUnits: true, orgUnitPath: '/1/3/' })).toEqual(allOrgUnits);
    expect(scopeOf({ seesAllOrgUnits: false, orgUnitPath: '/1/' })).toEqual(allOrgUnits);
  });

  it('is the user’s own unit and the units below it otherwise', () => {
    const scope = scopeOf({ seesAllOrgUnits: false, orgUnitPath: '/1/3/' });
    expect(scope).toEqual(subtreeOf('/1/3/'));
    expect(isInOrgScope(scope, '/1/3/')).toBe(true);
    expect(isInOrgScope(scope, '/1/3/9/')).toBe(true);
    expect(isInOrgScope(scope, '/1/')).toBe(false);
    expect(isInOrgScope(scope, '/1/4/')).toBe(false);
    expect(isInOrgScope(allOrgUnits, '/2/')).toBe(true);
  });

  it('does not take a unit whose id merely starts with the same digits', () => {
    expect(isInOrgScope(subtreeOf('/1/3/'), '/1/30/')).toBe(false);
  });
});

describe.each(await testDialects())('org scope in a query (%s)', (dialect) => {
  let database: TestDatabase;
  let units: Array<{ id: number; path: string }>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect, { migrated: true });
    await seedDemoData(database.db, { password: demoPassword, now: new Date('2026-11-27T02:00:00Z') });
    units = await database.db.selectFrom('org_units').select(['id', 'path']).orderBy('id').execute();
  });
  afterAll(() => database.drop());

  const idsWithin = (scope: OrgScope) =>
    database.db
      .selectFrom('org_units as o')
      .select('o.id')
      .where((eb) => inOrgScope(eb, scope, 'o.id'))
      .orderBy('o.id')
      .execute()
      .then((rows) => rows.map((r) => r.id));

  it('selects the same units as the check of one record, for every subtree and for all', async () => {
    expect(units.length).toBeGreaterThan(3);
    expect(await idsWithin(allOrgUnits)).toEqual(units.map((u) => u.id));
    for (const unit of units) {
      const scope = subtreeOf(unit.path);
      expect(await idsWithin(scope)).toEqual(units.filter((u) => isInOrgScope(scope, u.path)).map((u) => u.id));
    }
  });

  it('matches LIKE wildcards in a path literally', async () => {
    expect(await idsWithin(subtreeOf('/%/'))).toEqual([]);
    expect(await idsWithin(subtreeOf('/_/'))).toEqual([]);
    const compiled = database.db
      .selectFrom('org_units as o')
      .select('o.id')
      .where((eb) => inOrgScope(eb, subtreeOf('/1_%\\/'), 'o.id'))
      .compile();
    expect(compiled.parameters).toContain('/1\\_\\%\\\\/%');
  });
});
