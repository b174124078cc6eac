import type { Generated } from 'kysely';

/** Tables of training (migration 2026-12-06-0830-training). Booleans are 0/1, instants ISO-8601 UTC. */
export interface TrainingTables {
  training_courses: {
    id: Generated<number>;
    org_unit_id: number;
    title: string;
    area: string;
    hours: number;
    /** An internal lecturer (department staff with the trainer role, a team lead …) … */
    lecturer_user_id: number | null;
    /** … or an external one, by name and organisation. */
    lecturer_name: string | null;
    lecturer_organisation: string | null;
    description: string | null;
    is_active: number;
    created_by: number | null;
    created_at: string;
    updated_at: string;
  };
  training_course_articles: { course_id: number; article_id: number };
  training_course_materials: {
    id: Generated<number>;
    course_id: number;
    file_name: string;
    content_type: string;
    size: number;
    content: Buffer;
    created_by: number | null;
    created_at: string;
  };
  training_plans: {
    id: Generated<number>;
    org_unit_id: number;
    title: string;
    description: string | null;
    form: string;
    period_from: string;
    period_to: string;
    /** JSON: the target group as given ({orgUnitIds, teamIds, roles, userIds}); resolved into participants. */
    target: string;
    created_by: number | null;
    created_at: string;
    updated_at: string;
  };
  training_plan_participants: { plan_id: number; user_id: number };
  training_sessions: {
    id: Generated<number>;
    plan_id: number;
    course_id: number | null;
    title: string;
    area: string;
    starts_at: string;
    ends_at: string;
    hours: number;
    stage: string | null;
    location: string | null;
    lecturer_user_id: number | null;
    sign_in_code: string;
    status: 'scheduled' | 'cancelled';
    is_make_up: number;
    day_off_note: string | null;
    is_flagged: number;
    created_at: string;
    updated_at: string;
  };
  training_session_invitees: { session_id: number; user_id: number };
  training_attendance: {
    session_id: number;
    user_id: number;
    status: string;
    /** `code` (the participant with the session code), `manager` (a lecturer or team lead), `leave_request`. */
    method: string;
    note: string | null;
    recorded_by: number | null;
    recorded_at: string;
  };
  training_feedback: {
    session_id: number;
    user_id: number;
    content: number;
    lecturer: number;
    usefulness: number;
    comment: string | null;
    created_at: string;
  };
  training_assessments: {
    id: Generated<number>;
    session_id: number;
    user_id: number;
    /** JSON: item → points. */
    scores: string;
    total: number;
    passed: number;
    comment: string | null;
    assessed_by: number;
    assessed_at: string;
  };
  training_gates: {
    id: Generated<number>;
    plan_id: number;
    stage: string;
    exam_id: number;
    created_by: number | null;
    created_at: string;
  };
  training_make_ups: {
    id: Generated<number>;
    gate_id: number;
    user_id: number;
    round: number;
    failed_exam_id: number;
    status: 'pending' | 'scheduled' | 'passed' | 'failed' | 'decided';
    session_id: number | null;
    exam_id: number | null;
    decision: string | null;
    decision_reason: string | null;
    decided_by: number | null;
    decided_at: string | null;
    created_at: string;
    updated_at: string;
  };
}
