import type { Generated } from 'kysely';
import type { AttemptStatus, Difficulty, QuestionType } from '../../../shared/exams';

/** Tables of the question bank, exams and daily practice (migration 2026-12-06-0820-exams). */
export interface ExamTables {
  /** A question of the bank (题库). `options` is a JSON array of option texts (A, B, C …). */
  exam_questions: {
    id: Generated<number>;
    type: QuestionType;
    stem: string;
    options: string;
    /**
     * The correct answer: option letters for choice questions (`A`, `ACD`), `true`/`false`, the accepted
     * blanks separated by `|` for fill-in-the-blank, the reference answer for a short answer.
     */
    answer: string;
    explanation: string | null;
    tax_kind: string;
    area: string;
    difficulty: Difficulty;
    source: string | null;
    is_retired: Generated<number>;
    created_by: number | null;
    created_at: string;
    updated_at: string;
  };
  /** A knowledge-base article a question cites, with the version it was written against. */
  exam_question_citations: {
    question_id: number;
    article_id: number;
    cited_version: number;
  };
  exams: {
    id: Generated<number>;
    title: string;
    org_unit_id: number;
    duration_minutes: number;
    opens_at: string;
    closes_at: string;
    pass_mark: number;
    max_score: number;
    max_attempts: number;
    /** The rules the paper was drawn by (JSON), null for a paper of chosen questions. */
    rules: string | null;
    /** The exam this one is the make-up (补考) of. */
    make_up_of: number | null;
    /** The training stage the exam gates (set by training plans). */
    stage: string | null;
    created_by: number | null;
    created_at: string;
  };
  /** The paper: the questions drawn once when the exam is created, and their points. */
  exam_paper_questions: {
    exam_id: number;
    question_id: number;
    position: number;
    points: number;
  };
  exam_participants: { exam_id: number; user_id: number };
  exam_graders: { exam_id: number; user_id: number };
  exam_attempts: {
    id: Generated<number>;
    exam_id: number;
    user_id: number;
    attempt_no: number;
    status: AttemptStatus;
    /** JSON: this person's order of questions and of each question's options. */
    layout: string;
    started_at: string;
    ends_at: string;
    submitted_at: string | null;
    score: number | null;
    max_score: number;
    passed: number | null;
  };
  /** An answer as saved (JSON); score and comment once graded. */
  exam_answers: {
    attempt_id: number;
    question_id: number;
    answer: string;
    saved_at: string;
    score: number | null;
    comment: string | null;
    graded_by: number | null;
    graded_at: string | null;
  };
  /** The five questions of an agent's daily practice (每日一练) and how they were answered. */
  exam_practice_items: {
    user_id: number;
    date: string;
    question_id: number;
    position: number;
    answer: string | null;
    is_correct: number | null;
    answered_at: string | null;
  };
}
