import type { Generated } from 'kysely';
import type { AbandonPlace, CallDirection, CallEvent, IntegrationKind, Satisfaction } from '../../../shared/contacts';

/** The tables of the CTI module: integrations and their tokens, calls, call events, server push. */
export interface CtiTables {
  integrations: IntegrationTable;
  calls: CallTable;
  call_events: CallEventTable;
  sms_inbound: SmsInboundTable;
  push_events: PushEventTable;
}

export interface IntegrationTable {
  id: Generated<number>;
  name: string;
  kind: IntegrationKind;
  /** sha256 of the token: the token itself is shown once and never stored. */
  token_hash: string;
  token_hint: string;
  is_active: number;
  created_at: string;
  created_by: number | null;
  revoked_at: string | null;
}

export interface CallTable {
  id: Generated<number>;
  /** `default` for TAXLINE_CTI_TOKEN, else `integration:<id>`: call ids are unique per PBX. */
  source: string;
  call_id: string;
  /** Sealed (platform/crypto) once the call is registered as a reporter's contact. */
  from_number: string;
  /** The keyed hash (HMAC) of a sealed caller's number. */
  from_number_hmac: string | null;
  to_number: string;
  direction: CallDirection;
  agent_id: number | null;
  queue: string | null;
  ivr_path: string | null;
  cause: string | null;
  recording_url: string | null;
  /** The PBX's times (its `at`; the receipt time for events sent without one). */
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  /** Entered an agent queue (`queued`). */
  queued_at: string | null;
  /** First offered to an agent's phone (`ringing`). */
  ringing_at: string | null;
  /** Hung up before reaching an agent (`abandon`), in the phone menu or in a queue. */
  abandoned_at: string | null;
  abandon_where: AbandonPlace | null;
  /** On hold since (a `hold` without its `unhold` yet). */
  held_since: string | null;
  /** Seconds on hold, summed over the call's finished holds. */
  hold_seconds: Generated<number>;
  /** The recording of a voicemail the caller left (`voicemail`). */
  voicemail_url: string | null;
  /** Seconds from answer (or from the start, when never answered) to hangup. */
  duration_seconds: number | null;
  /** A satisfaction key pressed in the IVR before the contact was registered. */
  survey_key: Satisfaction | null;
  contact_id: number | null;
  created_at: string;
}

export interface CallEventTable {
  id: Generated<number>;
  call_ref: number;
  event: CallEvent;
  /** The event's name, or for hold/unhold (repeatable) the name and the PBX time: one row per key. */
  dedup_key: string;
  payload: string;
  /** The PBX's time of the event (the receipt time when it sent none). */
  occurred_at: string;
  received_at: string;
}

export interface SmsInboundTable {
  id: Generated<number>;
  source: string;
  message_id: string;
  from_number: string;
  text: string;
  received_at: string;
  survey_request_id: number | null;
}

export interface PushEventTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  payload: string;
  created_at: string;
}
