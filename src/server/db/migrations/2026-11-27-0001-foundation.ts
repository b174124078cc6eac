import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

/** Org tree, departments, users and roles, sessions, login throttling, calendar overrides, settings, audit log. */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('org_units'))
    .addColumn('parent_id', 'integer', (c) => c.references('org_units.id'))
    .addColumn('name', 'text', notNull)
    .addColumn('level', 'text', notNull)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('path', 'text', notNull)
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('service_hours', 'text')
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('org_units_parent').on('org_units').column('parent_id').execute();
  await db.schema.createIndex('org_units_path').on('org_units').column('path').execute();

  await withId(db, db.schema.createTable('departments'))
    .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
    .addColumn('name', 'text', notNull)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('departments_org_unit').on('departments').column('org_unit_id').execute();

  await withId(db, db.schema.createTable('users'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('password_hash', 'text', notNull)
    .addColumn('has_demo_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('phone', 'text')
    .addColumn('extension', 'text', (c) => c.unique())
    .addColumn('is_disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('users_org_unit').on('users').column('org_unit_id').execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', notNull)
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
    .execute();
  await db.schema.createIndex('user_roles_role').on('user_roles').column('role').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('expires_at', 'text', notNull)
    .addColumn('last_seen_at', 'text', notNull)
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await withId(db, db.schema.createTable('login_failures'))
    .addColumn('username', 'text', notNull)
    .addColumn('ip', 'text', notNull)
    .addColumn('at', 'text', notNull)
    .execute();
  await db.schema.createIndex('login_failures_username_at').on('login_failures').columns(['username', 'at']).execute();
  await db.schema.createIndex('login_failures_ip_at').on('login_failures').columns(['ip', 'at']).execute();

  await db.schema
    .createTable('calendar_overrides')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('is_working_day', 'integer', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await withId(db, db.schema.createTable('audit_log'))
    .addColumn('at', 'text', notNull)
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_username', 'text')
    .addColumn('action', 'text', notNull)
    .addColumn('entity_type', 'text', notNull)
    .addColumn('entity_id', 'text', notNull)
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_user_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_log',
    'settings',
    'calendar_overrides',
    'login_failures',
    'sessions',
    'user_roles',
    'users',
    'departments',
    'org_units',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
