import type { Generated } from 'kysely';
import type {
  Adoption,
  CallbackResult,
  Channel,
  ContactStatus,
  ContactType,
  FollowUpStatus,
  Outcome,
  Satisfaction,
  SurveyMethod,
  SurveyRequestStatus,
  TransferStatus,
  UrgeKind,
} from '../../../shared/contacts';

/** The tables of the contacts module (contacts, transfers, callbacks, urging, surveys, follow-ups). */
export interface ContactsTables {
  contacts: ContactTable;
  transfers: TransferTable;
  urges: UrgeTable;
  callbacks: CallbackTable;
  surveys: SurveyTable;
  survey_requests: SurveyRequestTable;
  follow_ups: FollowUpTable;
  contact_type_settings: ContactTypeSettingTable;
  contact_counters: ContactCounterTable;
  contact_lookup_counts: ContactLookupCountTable;
}

export interface ContactTable {
  id: Generated<number>;
  /** `LD` + Shanghai date + a 6-digit daily sequence, e.g. LD20261127000123. */
  contact_no: string;
  channel: Channel;
  type: ContactType;
  status: ContactStatus;
  outcome: Outcome;
  /** Sealed (platform/crypto) on a reporter's contact (one handed over as a report or complaint), as are the taxpayer id and name. */
  caller_phone: string;
  /** The keyed hash (HMAC) of a reporter's phone: a sealed phone is found by it. */
  caller_phone_hmac: string | null;
  taxpayer_id: string | null;
  /** The keyed hash (HMAC) of a reporter's taxpayer id. */
  taxpayer_id_hmac: string | null;
  taxpayer_name: string | null;
  tax_kind: string | null;
  subject: string;
  content: string;
  answer: string | null;
  /** JSON `[{id, title}]`: the knowledge-base articles the agent used. */
  kb_articles: string | null;
  agent_id: number;
  /** The registering agent's org unit: who may see the contact. */
  org_unit_id: number;
  /** The CTI call this contact was registered from (calls.id). */
  call_ref: number | null;
  /** `GD` + Shanghai date + a 4-digit daily sequence, once the contact needs follow-up work. */
  ticket_no: string | null;
  case_id: number | null;
  case_no: string | null;
  adoption: Adoption | null;
  callback_attempts: number;
  started_at: string;
  ended_at: string;
  duration_seconds: number;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TransferTable {
  id: Generated<number>;
  contact_id: number;
  department_id: number;
  status: TransferStatus;
  note: string | null;
  due_at: string;
  created_at: string;
  created_by: number;
  answer: string | null;
  adoption: Adoption | null;
  answered_at: string | null;
  answered_by: number | null;
  return_reason: string | null;
  returned_at: string | null;
  returned_by: number | null;
  /** The transfer this one was forwarded to. */
  forwarded_to_id: number | null;
  /** When the department answered, sent back or forwarded it. */
  handled_at: string | null;
  urge_count: number;
  due_soon_urged_at: string | null;
  overdue_urged_at: string | null;
  last_urged_at: string | null;
}

export interface UrgeTable {
  id: Generated<number>;
  transfer_id: number;
  contact_id: number;
  kind: UrgeKind;
  note: string | null;
  urged_by: number | null;
  at: string;
}

export interface CallbackTable {
  id: Generated<number>;
  contact_id: number;
  result: CallbackResult;
  note: string | null;
  agent_id: number;
  at: string;
}

export interface SurveyTable {
  id: Generated<number>;
  contact_id: number;
  org_unit_id: number;
  satisfaction: Satisfaction;
  efficiency: number | null;
  accuracy: number | null;
  comment: string | null;
  method: SurveyMethod;
  collected_by: number | null;
  collected_at: string;
}

export interface SurveyRequestTable {
  id: Generated<number>;
  contact_id: number;
  method: Extract<SurveyMethod, 'web' | 'sms'>;
  /** sha256 of a web link's single-use token. */
  token_hash: string | null;
  phone: string | null;
  status: SurveyRequestStatus;
  created_at: string;
  expires_at: string;
  answered_at: string | null;
}

export interface FollowUpTable {
  id: Generated<number>;
  contact_id: number;
  survey_id: number;
  org_unit_id: number;
  status: FollowUpStatus;
  note: string | null;
  created_at: string;
  done_at: string | null;
  done_by: number | null;
}

export interface ContactTypeSettingTable {
  type: ContactType;
  transfer_due_days: number;
  updated_at: string;
  updated_by: number | null;
}

export interface ContactCounterTable {
  kind: 'contact' | 'ticket';
  day: string;
  last: number;
}

/** Exact-match caller lookups (phone, taxpayer id) of a user in one hour: the limit that keeps searches from being oracles. */
export interface ContactLookupCountTable {
  user_id: number;
  /** The hour, `YYYY-MM-DDTHH` (UTC). */
  window_start: string;
  count: number;
}
