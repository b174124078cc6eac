import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

/**
 * Question bank (题库), exams (考试) with their drawn papers, participants, graders, attempts and
 * answers, and daily practice (每日一练). Scores are whole points.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('exam_questions'))
    .addColumn('type', 'text', notNull)
    .addColumn('stem', 'text', notNull)
    .addColumn('options', 'text', notNull)
    .addColumn('answer', 'text', notNull)
    .addColumn('explanation', 'text')
    .addColumn('tax_kind', 'text', notNull)
    .addColumn('area', 'text', notNull)
    .addColumn('difficulty', 'text', notNull)
    .addColumn('source', 'text')
    .addColumn('is_retired', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema
    .createIndex('exam_questions_draw')
    .on('exam_questions')
    .columns(['is_retired', 'tax_kind', 'area', 'difficulty'])
    .execute();

  await db.schema
    .createTable('exam_question_citations')
    .addColumn('question_id', 'integer', notNull)
    .addColumn('article_id', 'integer', notNull)
    .addColumn('cited_version', 'integer', notNull)
    .addPrimaryKeyConstraint('exam_question_citations_pk', ['question_id', 'article_id'])
    .execute();
  await db.schema
    .createIndex('exam_question_citations_article')
    .on('exam_question_citations')
    .column('article_id')
    .execute();

  await withId(db, db.schema.createTable('exams'))
    .addColumn('title', 'text', notNull)
    .addColumn('org_unit_id', 'integer', notNull)
    .addColumn('duration_minutes', 'integer', notNull)
    .addColumn('opens_at', 'text', notNull)
    .addColumn('closes_at', 'text', notNull)
    .addColumn('pass_mark', 'integer', notNull)
    .addColumn('max_score', 'integer', notNull)
    .addColumn('max_attempts', 'integer', notNull)
    .addColumn('rules', 'text')
    .addColumn('make_up_of', 'integer')
    .addColumn('stage', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('exams_make_up_of').on('exams').column('make_up_of').execute();

  await db.schema
    .createTable('exam_paper_questions')
    .addColumn('exam_id', 'integer', notNull)
    .addColumn('question_id', 'integer', notNull)
    .addColumn('position', 'integer', notNull)
    .addColumn('points', 'integer', notNull)
    .addPrimaryKeyConstraint('exam_paper_questions_pk', ['exam_id', 'question_id'])
    .execute();

  await db.schema
    .createTable('exam_participants')
    .addColumn('exam_id', 'integer', notNull)
    .addColumn('user_id', 'integer', notNull)
    .addPrimaryKeyConstraint('exam_participants_pk', ['exam_id', 'user_id'])
    .execute();
  await db.schema.createIndex('exam_participants_user').on('exam_participants').column('user_id').execute();

  await db.schema
    .createTable('exam_graders')
    .addColumn('exam_id', 'integer', notNull)
    .addColumn('user_id', 'integer', notNull)
    .addPrimaryKeyConstraint('exam_graders_pk', ['exam_id', 'user_id'])
    .execute();

  await withId(db, db.schema.createTable('exam_attempts'))
    .addColumn('exam_id', 'integer', notNull)
    .addColumn('user_id', 'integer', notNull)
    .addColumn('attempt_no', 'integer', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('layout', 'text', notNull)
    .addColumn('started_at', 'text', notNull)
    .addColumn('ends_at', 'text', notNull)
    .addColumn('submitted_at', 'text')
    .addColumn('score', 'integer')
    .addColumn('max_score', 'integer', notNull)
    .addColumn('passed', 'integer')
    .addUniqueConstraint('exam_attempts_user_no', ['exam_id', 'user_id', 'attempt_no'])
    .execute();
  await db.schema.createIndex('exam_attempts_open').on('exam_attempts').columns(['status', 'ends_at']).execute();
  await db.schema.createIndex('exam_attempts_user').on('exam_attempts').columns(['user_id', 'submitted_at']).execute();

  await db.schema
    .createTable('exam_answers')
    .addColumn('attempt_id', 'integer', notNull)
    .addColumn('question_id', 'integer', notNull)
    .addColumn('answer', 'text', notNull)
    .addColumn('saved_at', 'text', notNull)
    .addColumn('score', 'integer')
    .addColumn('comment', 'text')
    .addColumn('graded_by', 'integer')
    .addColumn('graded_at', 'text')
    .addPrimaryKeyConstraint('exam_answers_pk', ['attempt_id', 'question_id'])
    .execute();

  await db.schema
    .createTable('exam_practice_items')
    .addColumn('user_id', 'integer', notNull)
    .addColumn('date', 'text', notNull)
    .addColumn('question_id', 'integer', notNull)
    .addColumn('position', 'integer', notNull)
    .addColumn('answer', 'text')
    .addColumn('is_correct', 'integer')
    .addColumn('answered_at', 'text')
    .addPrimaryKeyConstraint('exam_practice_items_pk', ['user_id', 'date', 'question_id'])
    .execute();

  // The performance scheme's rule for 考试成绩: `average` or `latest` of the month's graded exams.
  await db.schema.alterTable('performance_schemes').addColumn('exam_score_rule', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('performance_schemes').dropColumn('exam_score_rule').execute();
  for (const table of [
    'exam_practice_items',
    'exam_answers',
    'exam_attempts',
    'exam_graders',
    'exam_participants',
    'exam_paper_questions',
    'exams',
    'exam_question_citations',
    'exam_questions',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
