import type { Generated } from 'kysely';
import type {
  CallbackResult,
  CallbackTaskStatus,
  CampaignStatus,
  ListSegment,
  ReminderChannel,
  ReminderKind,
  ReminderListStatus,
  SmsStatus,
} from '../../../shared/reminders';

/** Tables of the reminder service (migration 2026-11-27-0300-tools). */
export interface ReminderTables {
  reminder_lists: {
    id: Generated<number>;
    name: string;
    segment: ListSegment;
    org_unit_id: number;
    status: ReminderListStatus;
    file_name: string;
    total_rows: number;
    loaded_rows: number;
    failed_rows: number;
    /** JSON: the first bad rows, `[{line, error}]`. */
    errors: string;
    created_by: number | null;
    created_at: string;
    finished_at: string | null;
  };
  reminder_list_members: {
    id: Generated<number>;
    list_id: number;
    line_no: number;
    taxpayer_id: string;
    taxpayer_name: string;
    phone: string;
    period: string | null;
    amount_due_fen: number | null;
  };
  reminder_campaigns: {
    id: Generated<number>;
    name: string;
    kind: ReminderKind;
    channel: ReminderChannel;
    list_id: number;
    org_unit_id: number;
    period: string;
    deadline: string | null;
    template: string;
    status: CampaignStatus;
    total: number;
    queued: number;
    skipped_opt_out: number;
    skipped_duplicate: number;
    created_by: number | null;
    created_at: string;
    started_at: string | null;
    completed_at: string | null;
  };
  /** The SMS queue: one row per message, claimed in batches under a lease. */
  sms_messages: {
    id: Generated<number>;
    campaign_id: number;
    member_id: number;
    phone: string;
    dedupe_key: string;
    status: SmsStatus;
    attempts: number;
    next_attempt_at: string;
    lease_token: string | null;
    body: string | null;
    gateway_message_id: string | null;
    sent_at: string | null;
    delivered_at: string | null;
    last_error: string | null;
    created_at: string;
  };
  sms_opt_outs: {
    phone: string;
    source: string;
    note: string | null;
    created_by: number | null;
    created_at: string;
  };
  /** What the file gateway appended, by idempotency key (`appending` until the line is on disk). */
  sms_gateway_sends: {
    message_id: string;
    state: 'appending' | 'appended';
    created_at: string;
  };
  callback_tasks: {
    id: Generated<number>;
    campaign_id: number;
    member_id: number;
    agent_id: number;
    status: CallbackTaskStatus;
    result: CallbackResult | null;
    note: string | null;
    attempts: number;
    updated_at: string;
    done_at: string | null;
  };
}
