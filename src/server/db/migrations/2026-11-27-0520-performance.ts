import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

/**
 * Performance review (issue 5): teams (班组) with their lead and member agents, the scoring scheme of
 * each month (weights as JSON, and the stored results once published), bonus/penalty items (加减分)
 * and the target-responsibility goals (目标责任制) of each team.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('teams'))
    .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
    .addColumn('name', 'text', notNull)
    .addColumn('lead_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('teams_org_unit_name', ['org_unit_id', 'name'])
    .execute();
  await db.schema.createIndex('teams_lead').on('teams').column('lead_user_id').execute();

  // An agent belongs to at most one team: user_id is the key.
  await db.schema
    .createTable('team_members')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
    .addColumn('team_id', 'integer', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('added_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('team_members_team').on('team_members').column('team_id').execute();

  await db.schema
    .createTable('performance_schemes')
    .addColumn('period', 'text', (c) => c.primaryKey())
    .addColumn('weights', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', notNull)
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'integer', (c) => c.references('users.id'))
    .addColumn('results', 'text')
    .execute();

  await withId(db, db.schema.createTable('performance_adjustments'))
    .addColumn('period', 'text', notNull)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('team_id', 'integer', (c) => c.notNull().references('teams.id'))
    .addColumn('points', 'double precision', notNull)
    .addColumn('reason', 'text', notNull)
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema
    .createIndex('performance_adjustments_period_user')
    .on('performance_adjustments')
    .columns(['period', 'user_id'])
    .execute();

  await withId(db, db.schema.createTable('team_goals'))
    .addColumn('team_id', 'integer', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('period', 'text', notNull)
    .addColumn('metric', 'text', notNull)
    .addColumn('target', 'double precision', notNull)
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('team_goals_team_period_metric', ['team_id', 'period', 'metric'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['team_goals', 'performance_adjustments', 'performance_schemes', 'team_members', 'teams']) {
    await db.schema.dropTable(table).execute();
  }
}
