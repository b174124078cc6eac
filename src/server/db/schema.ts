import type { Generated } from 'kysely';
import type { OrgUnitLevel } from '../../shared/permissions';
import type { BulletinTables } from '../modules/bulletin/bulletin.tables';
import type { CaseTables } from '../modules/cases/cases.tables';
import type { ContactsTables } from '../modules/contacts/contacts.tables';
import type { CtiTables } from '../modules/contacts/cti.tables';
import type { ExamTables } from '../modules/exams/exams.tables';
import type { FilingCalendarTables } from '../modules/filing-calendar/filing-calendar.tables';
import type { KbTables } from '../modules/kb/kb.tables';
import type { LookupTables } from '../modules/lookups/lookups.tables';
import type { PerformanceTables } from '../modules/performance/performance.tables';
import type { ReminderTables } from '../modules/reminders/reminders.tables';
import type { TrainingTables } from '../modules/training/training.tables';

/**
 * The Database type: one interface per table. Timestamps are ISO-8601 UTC strings and booleans
 * are 0/1 integers on both SQLite and PostgreSQL, so that rows look the same on either.
 */
export interface Database {
  org_units: OrgUnitTable;
  departments: DepartmentTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  calendar_overrides: CalendarOverrideTable;
  settings: SettingTable;
  audit_log: AuditLogTable;
  job_runs: JobRunTable;
  outbox: OutboxTable;
  idempotency_keys: IdempotencyKeyTable;
  notifications: NotificationTable;
  // contacts and transfers (issue 3)
  contacts: ContactsTables['contacts'];
  transfers: ContactsTables['transfers'];
  urges: ContactsTables['urges'];
  callbacks: ContactsTables['callbacks'];
  surveys: ContactsTables['surveys'];
  survey_requests: ContactsTables['survey_requests'];
  follow_ups: ContactsTables['follow_ups'];
  contact_type_settings: ContactsTables['contact_type_settings'];
  contact_counters: ContactsTables['contact_counters'];
  contact_lookup_counts: ContactsTables['contact_lookup_counts'];
  integrations: CtiTables['integrations'];
  calls: CtiTables['calls'];
  call_events: CtiTables['call_events'];
  sms_inbound: CtiTables['sms_inbound'];
  push_events: CtiTables['push_events'];
  // complaints and reports (issue 4)
  case_processes: CaseTables['case_processes'];
  cases: CaseTables['cases'];
  case_events: CaseTables['case_events'];
  case_extensions: CaseTables['case_extensions'];
  case_attachments: CaseTables['case_attachments'];
  case_options: CaseTables['case_options'];
  case_time_limits: CaseTables['case_time_limits'];
  case_counters: CaseTables['case_counters'];
  // service tools (issue 6)
  filing_deadline_overrides: FilingCalendarTables['filing_deadline_overrides'];
  lookup_import_batches: LookupTables['lookup_import_batches'];
  invoice_registry: LookupTables['invoice_registry'];
  taxpayer_registry: LookupTables['taxpayer_registry'];
  progress_records: LookupTables['progress_records'];
  reminder_lists: ReminderTables['reminder_lists'];
  reminder_list_members: ReminderTables['reminder_list_members'];
  reminder_campaigns: ReminderTables['reminder_campaigns'];
  sms_messages: ReminderTables['sms_messages'];
  sms_opt_outs: ReminderTables['sms_opt_outs'];
  sms_gateway_sends: ReminderTables['sms_gateway_sends'];
  callback_tasks: ReminderTables['callback_tasks'];
  // knowledge base (issue 7)
  kb_libraries: KbTables['kb_libraries'];
  kb_categories: KbTables['kb_categories'];
  kb_articles: KbTables['kb_articles'];
  kb_article_versions: KbTables['kb_article_versions'];
  kb_article_links: KbTables['kb_article_links'];
  kb_article_citations: KbTables['kb_article_citations'];
  kb_attachments: KbTables['kb_attachments'];
  kb_article_votes: KbTables['kb_article_votes'];
  kb_article_events: KbTables['kb_article_events'];
  kb_synonyms: KbTables['kb_synonyms'];
  kb_dictionary_words: KbTables['kb_dictionary_words'];
  kb_colloquial_terms: KbTables['kb_colloquial_terms'];
  kb_search_docs: KbTables['kb_search_docs'];
  kb_index_log: KbTables['kb_index_log'];
  // monthly bulletin (issue 5)
  bulletins: BulletinTables['bulletins'];
  // performance review (issue 5)
  teams: PerformanceTables['teams'];
  team_members: PerformanceTables['team_members'];
  performance_schemes: PerformanceTables['performance_schemes'];
  performance_adjustments: PerformanceTables['performance_adjustments'];
  team_goals: PerformanceTables['team_goals'];
  // question bank and exams (issue 15)
  exam_questions: ExamTables['exam_questions'];
  exam_question_citations: ExamTables['exam_question_citations'];
  exams: ExamTables['exams'];
  exam_paper_questions: ExamTables['exam_paper_questions'];
  exam_participants: ExamTables['exam_participants'];
  exam_graders: ExamTables['exam_graders'];
  exam_attempts: ExamTables['exam_attempts'];
  exam_answers: ExamTables['exam_answers'];
  exam_practice_items: ExamTables['exam_practice_items'];
  // training (issue 15)
  training_courses: TrainingTables['training_courses'];
  training_course_articles: TrainingTables['training_course_articles'];
  training_course_materials: TrainingTables['training_course_materials'];
  training_plans: TrainingTables['training_plans'];
  training_plan_participants: TrainingTables['training_plan_participants'];
  training_sessions: TrainingTables['training_sessions'];
  training_session_invitees: TrainingTables['training_session_invitees'];
  training_attendance: TrainingTables['training_attendance'];
  training_feedback: TrainingTables['training_feedback'];
  training_assessments: TrainingTables['training_assessments'];
  training_gates: TrainingTables['training_gates'];
  training_make_ups: TrainingTables['training_make_ups'];
}

export interface OrgUnitTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  level: OrgUnitLevel;
  code: string;
  /** Materialised path of ids, e.g. `/1/3/7/`: a unit's subtree is every path that starts with its own. */
  path: string;
  address: string | null;
  phone: string | null;
  service_hours: string | null;
  created_at: string;
}

export interface DepartmentTable {
  id: Generated<number>;
  org_unit_id: number;
  name: string;
  code: string;
  is_active: number;
  created_at: string;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  name: string;
  password_hash: string;
  has_demo_password: number;
  org_unit_id: number;
  department_id: number | null;
  phone: string | null;
  extension: string | null;
  is_disabled: number;
  created_at: string;
  updated_at: string;
}

export interface UserRoleTable {
  user_id: number;
  role: string;
}

export interface SessionTable {
  /** sha256 of the cookie's token: a stolen database does not yield live cookies. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** Failed sign-ins of one account from one source address (issue 12: throttle guesses, not users). */
export interface LoginThrottleTable {
  username: string;
  source: string;
  /** Attempts since the last success; an attempt counts before its password is checked. */
  failures: number;
  /** The earliest instant the next attempt of the pair is tried. */
  next_attempt_at: string;
  updated_at: string;
}

export interface CalendarOverrideTable {
  date: string;
  is_working_day: number;
  name: string;
  note: string | null;
  updated_by: number | null;
  updated_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_user_id: number | null;
  actor_username: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  request_id: string | null;
  /** The X-Request-Id the client sent, if any: never the row's own request id. */
  client_request_id: string | null;
  ip: string | null;
}

export interface JobRunTable {
  job: string;
  slot: string;
  started_at: string;
  finished_at: string | null;
  result: string | null;
}

/** A creating write's Idempotency-Key per user, and its first response (JSON) once stored. */
export interface IdempotencyKeyTable {
  user_id: number;
  key: string;
  request_hash: string;
  response: string | null;
  created_at: string;
}

export interface OutboxTable {
  id: Generated<number>;
  channel: string;
  recipient: string;
  payload: string;
  dedupe_key: string | null;
  /** pending → sending → sent, or back to pending with a later next_attempt_at, or dead after the last try. */
  status: string;
  attempts: number;
  next_attempt_at: string;
  created_at: string;
  sent_at: string | null;
  last_error: string | null;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  outbox_id: number | null;
  created_at: string;
  read_at: string | null;
}
