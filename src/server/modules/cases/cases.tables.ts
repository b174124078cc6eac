import type { Generated } from 'kysely';
import type {
  CaseAction,
  CaseCategory,
  CaseDecision,
  CaseEventKind,
  CaseOptionKind,
  CaseSource,
  CaseStep,
  ExtensionStatus,
  TimeLimitKey,
} from '../../../shared/cases';

/** The tables of the complaints and reports module (migration 2026-11-27-0200-cases). */
export interface CaseTables {
  case_processes: CaseProcessTable;
  cases: CaseTable;
  case_events: CaseEventTable;
  case_extensions: CaseExtensionTable;
  case_attachments: CaseAttachmentTable;
  case_options: CaseOptionTable;
  case_time_limits: CaseTimeLimitTable;
  case_counters: CaseCounterTable;
}

/** One version of a process definition, frozen when the first case of that version starts. */
export interface CaseProcessTable {
  id: Generated<number>;
  key: string;
  version: number;
  name: string;
  /** The definition as JSON: what running cases of this version follow. */
  definition: string;
  created_at: string;
}

export interface CaseTable {
  id: Generated<number>;
  case_no: string;
  category: CaseCategory;
  process_id: number;
  step: CaseStep;
  /** What the step before leader review decided (accepted, rejected, forwarded, …); null elsewhere. */
  decision: CaseDecision | null;
  /** The step and holder that sent the case to leader review: where send_back and extension answers return. */
  previous_step: CaseStep | null;
  previous_holder_id: number | null;
  holder_user_id: number | null;
  claimed_at: string | null;
  /** The owning tax office: its queue holds the case. */
  org_unit_id: number;
  registered_org_unit_id: number;
  source: CaseSource;
  is_named: number;
  /** Confidential: only reveal-reporter returns these in clear. */
  /** Sealed (platform/crypto): a reporter's identity is never stored in clear. */
  reporter_name: string | null;
  /** Sealed, like the name; found by `reporter_phone_hmac`. */
  reporter_phone: string | null;
  /** The keyed hash (HMAC) of the reporter's phone. */
  reporter_phone_hmac: string | null;
  subject_name: string;
  content: string;
  complaint_type: string | null;
  contact_id: number | null;
  /** JSON: the three levels [{code, name}] chosen at acceptance. */
  classification: string | null;
  rejection_reason: string | null;
  /** The office a forward awaits leader approval for. */
  forward_org_unit_id: number | null;
  /** 1 when the case came down from another office and must be accepted there first. */
  needs_acceptance: number;
  result: string | null;
  registered_by: number;
  registered_at: string;
  /** End of the processing period (办理期限). */
  due_at: string;
  step_entered_at: string;
  step_due_at: string | null;
  step_warn_at: string | null;
  step_warned_at: string | null;
  step_overdue_at: string | null;
  overdue_at: string | null;
  closed_at: string | null;
  /** Bumped by every change: updates are guarded on it. */
  revision: number;
  updated_at: string;
}

export interface CaseEventTable {
  id: Generated<number>;
  case_id: number;
  at: string;
  actor_user_id: number | null;
  action: CaseAction | CaseEventKind;
  from_step: CaseStep | null;
  to_step: CaseStep | null;
  org_unit_id: number;
  holder_user_id: number | null;
  /** JSON of the action's fields; never the reporter's identity. */
  fields: string;
  step_due_at: string | null;
}

export interface CaseExtensionTable {
  id: Generated<number>;
  case_id: number;
  status: ExtensionStatus;
  working_days: number;
  reason: string;
  requested_by: number;
  requested_at: string;
  step_due_before: string | null;
  due_before: string;
  step_due_after: string | null;
  due_after: string | null;
  decided_by: number | null;
  decided_at: string | null;
  comment: string | null;
}

export interface CaseAttachmentTable {
  id: Generated<number>;
  case_id: number;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: number;
  uploaded_at: string;
}

export interface CaseOptionTable {
  id: Generated<number>;
  /** rejection_reason, complaint_type or classification. */
  kind: CaseOptionKind;
  category: CaseCategory | null;
  parent_id: number | null;
  level: number;
  code: string;
  name: string;
  sort_order: number;
  is_active: number;
  updated_at: string;
}

export interface CaseTimeLimitTable {
  process_key: CaseCategory;
  /** A step key, or `period` for the whole processing period. */
  step: TimeLimitKey;
  working_days: number;
  updated_by: number | null;
  updated_at: string;
}

export interface CaseCounterTable {
  key: string;
  value: number;
}
