import type { Kysely } from 'kysely';
import { isPostgres, notNull, withId } from './helpers';

/**
 * Training (issue 15): the course catalogue with its lecturers and linked knowledge-base articles,
 * training plans with their target group resolved to participants, sessions generated on the
 * working-day calendar, attendance, the feedback questionnaire, the practical assessment's score form,
 * and the gates (a stage that requires passing an exam) with the make-up list up to the director.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('training_courses'))
    .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
    .addColumn('title', 'text', notNull)
    .addColumn('area', 'text', notNull)
    .addColumn('hours', 'double precision', notNull)
    .addColumn('lecturer_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('lecturer_name', 'text')
    .addColumn('lecturer_organisation', 'text')
    .addColumn('description', 'text')
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema
    .createTable('training_course_articles')
    .addColumn('course_id', 'integer', (c) => c.notNull().references('training_courses.id').onDelete('cascade'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('kb_articles.id'))
    .addPrimaryKeyConstraint('training_course_articles_pk', ['course_id', 'article_id'])
    .execute();

  // Course materials (files), kept in the database like knowledge-base attachments.
  await withId(db, db.schema.createTable('training_course_materials'))
    .addColumn('course_id', 'integer', (c) => c.notNull().references('training_courses.id').onDelete('cascade'))
    .addColumn('file_name', 'text', notNull)
    .addColumn('content_type', 'text', notNull)
    .addColumn('size', 'integer', notNull)
    .addColumn('content', isPostgres(db) ? 'bytea' : 'blob', notNull)
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema
    .createIndex('training_course_materials_course')
    .on('training_course_materials')
    .column('course_id')
    .execute();

  await withId(db, db.schema.createTable('training_plans'))
    .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
    .addColumn('title', 'text', notNull)
    .addColumn('description', 'text')
    .addColumn('form', 'text', notNull)
    .addColumn('period_from', 'text', notNull)
    .addColumn('period_to', 'text', notNull)
    .addColumn('target', 'text', notNull)
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('training_plans_org_unit').on('training_plans').column('org_unit_id').execute();
  await db.schema
    .createTable('training_plan_participants')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('training_plans.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('training_plan_participants_pk', ['plan_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('training_plan_participants_user')
    .on('training_plan_participants')
    .column('user_id')
    .execute();

  await withId(db, db.schema.createTable('training_sessions'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('training_plans.id').onDelete('cascade'))
    .addColumn('course_id', 'integer', (c) => c.references('training_courses.id'))
    .addColumn('title', 'text', notNull)
    .addColumn('area', 'text', notNull)
    .addColumn('starts_at', 'text', notNull)
    .addColumn('ends_at', 'text', notNull)
    .addColumn('hours', 'double precision', notNull)
    .addColumn('stage', 'text')
    .addColumn('location', 'text')
    .addColumn('lecturer_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('sign_in_code', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('is_make_up', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('day_off_note', 'text')
    .addColumn('is_flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema
    .createIndex('training_sessions_plan')
    .on('training_sessions')
    .columns(['plan_id', 'starts_at'])
    .execute();
  await db.schema.createIndex('training_sessions_starts').on('training_sessions').column('starts_at').execute();
  // A make-up session's own people (a plan's other sessions are for the plan's participants).
  await db.schema
    .createTable('training_session_invitees')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('training_sessions.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('training_session_invitees_pk', ['session_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('training_attendance')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('training_sessions.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', notNull)
    .addColumn('method', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', notNull)
    .addPrimaryKeyConstraint('training_attendance_pk', ['session_id', 'user_id'])
    .execute();
  await db.schema.createIndex('training_attendance_user').on('training_attendance').column('user_id').execute();

  await db.schema
    .createTable('training_feedback')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('training_sessions.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('content', 'integer', notNull)
    .addColumn('lecturer', 'integer', notNull)
    .addColumn('usefulness', 'integer', notNull)
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', notNull)
    .addPrimaryKeyConstraint('training_feedback_pk', ['session_id', 'user_id'])
    .execute();

  await withId(db, db.schema.createTable('training_assessments'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('training_sessions.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('scores', 'text', notNull)
    .addColumn('total', 'double precision', notNull)
    .addColumn('passed', 'integer', notNull)
    .addColumn('comment', 'text')
    .addColumn('assessed_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('assessed_at', 'text', notNull)
    .addUniqueConstraint('training_assessments_session_user', ['session_id', 'user_id'])
    .execute();

  // A stage of a plan (its sessions with this `stage`) open only to those who passed the gate's exam.
  await withId(db, db.schema.createTable('training_gates'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('training_plans.id').onDelete('cascade'))
    .addColumn('stage', 'text', notNull)
    .addColumn('exam_id', 'integer', notNull)
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .addUniqueConstraint('training_gates_plan_stage', ['plan_id', 'stage'])
    .execute();
  // One round of make-up training of one person at one gate: pending → scheduled → passed | failed
  // (the director's list) → decided (reassign, or another round: a new row).
  await withId(db, db.schema.createTable('training_make_ups'))
    .addColumn('gate_id', 'integer', (c) => c.notNull().references('training_gates.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('round', 'integer', notNull)
    .addColumn('failed_exam_id', 'integer', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('session_id', 'integer', (c) => c.references('training_sessions.id'))
    .addColumn('exam_id', 'integer')
    .addColumn('decision', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('training_make_ups_gate_user_round', ['gate_id', 'user_id', 'round'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'training_make_ups',
    'training_gates',
    'training_assessments',
    'training_feedback',
    'training_attendance',
    'training_session_invitees',
    'training_sessions',
    'training_plan_participants',
    'training_plans',
    'training_course_materials',
    'training_course_articles',
    'training_courses',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
