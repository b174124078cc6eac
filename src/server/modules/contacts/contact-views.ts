/**
 * How contacts are shown: the list item (masked unless the viewer's own) that the log, the caller
 * history and the inbox share, and the detail page with everything about a contact.
 */
import type { Selectable } from 'kysely';
import { maskPhone, maskTaxpayerId } from '../../../shared/taxpayer-id';
import type { DbOrTx } from '../../db/connection';
import { toShanghaiIso } from '../../platform/dates';
import { maskName } from '../cases';
import { openCaller } from './caller-identity';
import { type ContactAccess, isReporterContact } from './contact-access';
import * as repo from './contacts.repository';
import type { SurveyTable } from './contacts.tables';
import { findCallEvents, findCallForContact } from './cti.repository';
import { findSurveyOfContact } from './surveys.repository';

const iso = (value: string | null) => (value ? toShanghaiIso(new Date(value)) : null);

/** The columns a list item is made of (the log's columns). */
export type LogRow = Pick<
  repo.ContactRow,
  | 'id'
  | 'contact_no'
  | 'channel'
  | 'type'
  | 'status'
  | 'outcome'
  | 'caller_phone'
  | 'taxpayer_id'
  | 'taxpayer_name'
  | 'tax_kind'
  | 'subject'
  | 'agent_id'
  | 'ticket_no'
  | 'case_no'
  | 'started_at'
  | 'duration_seconds'
>;

/**
 * A contact as lists show it; phone and taxpayer id masked unless `full`. A reporter's contact (handed over
 * as a report or complaint) is shown as its case shows the reporter, masked whoever looks.
 */
export function contactListItem(stored: LogRow, agentName: string | undefined, isViewerEntitled: boolean) {
  const row = openCaller(stored);
  const isReporter = isReporterContact(row);
  const full = isViewerEntitled && !isReporter;
  return {
    id: row.id,
    contactNo: row.contact_no,
    channel: row.channel,
    type: row.type,
    status: row.status,
    outcome: row.outcome,
    callerPhone: full ? row.caller_phone : maskPhone(row.caller_phone),
    taxpayerId: row.taxpayer_id === null ? null : full ? row.taxpayer_id : maskTaxpayerId(row.taxpayer_id),
    taxpayerName: isReporter ? maskName(row.taxpayer_name) : row.taxpayer_name,
    taxKind: row.tax_kind,
    subject: row.subject,
    agentId: row.agent_id,
    agentName: agentName ?? null,
    // Hand-overs registered before they stopped getting one kept a ticket number no department ever had.
    ticketNo: row.status === 'handed_over' ? null : row.ticket_no,
    caseNo: row.case_no,
    startedAt: toShanghaiIso(new Date(row.started_at)),
    durationSeconds: row.duration_seconds,
  };
}

function transferView(t: repo.TransferWithDepartment, names: Map<number, string>, now: Date) {
  return {
    id: t.id,
    departmentId: t.department_id,
    departmentName: t.departmentName,
    status: t.status,
    note: t.note,
    dueAt: toShanghaiIso(new Date(t.due_at)),
    createdAt: toShanghaiIso(new Date(t.created_at)),
    createdBy: names.get(t.created_by) ?? null,
    answer: t.answer,
    adoption: t.adoption,
    answeredAt: iso(t.answered_at),
    answeredBy: t.answered_by === null ? null : (names.get(t.answered_by) ?? null),
    returnReason: t.return_reason,
    returnedAt: iso(t.returned_at),
    returnedBy: t.returned_by === null ? null : (names.get(t.returned_by) ?? null),
    forwardedToId: t.forwarded_to_id,
    urgeCount: t.urge_count,
    /** Answered (sent back, forwarded) after its due time, or still open past it. */
    isOverdue: (t.handled_at ?? now.toISOString()) > t.due_at,
  };
}

export type ContactParts = {
  transfers: repo.TransferWithDepartment[];
  urges: Awaited<ReturnType<typeof repo.findUrgesOfContact>>;
  callbacks: Awaited<ReturnType<typeof repo.findCallbacksOfContact>>;
  survey: Selectable<SurveyTable> | undefined;
  audit: Array<{ at: string; actor_username: string | null; action: string; after: string | null }>;
  call: Awaited<ReturnType<typeof findCallForContact>>;
  callEvents: Awaited<ReturnType<typeof findCallEvents>>;
  names: Map<number, string>;
};

/** Everything about a contact: transfers, urges, callbacks, survey, the call, and its audit trail. */
async function loadContactParts(db: DbOrTx, contact: repo.ContactWithScope): Promise<ContactParts> {
  const [transfers, urges, callbacks, survey, audit, call] = await Promise.all([
    repo.findTransfersOfContact(db, contact.id),
    repo.findUrgesOfContact(db, contact.id),
    repo.findCallbacksOfContact(db, contact.id),
    findSurveyOfContact(db, contact.id),
    repo.findAuditOfEntities(db, [{ type: 'contact', id: contact.id }]),
    contact.call_ref === null ? undefined : findCallForContact(db, contact.call_ref),
  ]);
  const [names, callEvents] = await Promise.all([
    repo.findUserNames(
      db,
      transfers.flatMap((t) => [t.created_by, t.answered_by ?? 0, t.returned_by ?? 0]),
    ),
    call ? findCallEvents(db, call.id) : Promise.resolve([]),
  ]);
  return { transfers, urges, callbacks, survey, audit, call, callEvents, names };
}

/** The contact with everything about it, as the detail page shows it. */
export async function contactDetail(db: DbOrTx, contact: repo.ContactWithScope, access: ContactAccess, now: Date) {
  return buildContactDetail(contact, access, await loadContactParts(db, contact), now);
}

/** The detail page of a contact from its parts, already loaded (or just written: see registerContact). */
export function buildContactDetail(
  contact: repo.ContactWithScope,
  access: ContactAccess,
  parts: ContactParts,
  now: Date,
) {
  const { transfers, urges, callbacks, survey, audit, call, callEvents, names } = parts;
  const full = access === 'full' && !isReporterContact(contact);
  const current = transfers.at(-1);
  return {
    ...contactListItem(contact, contact.agentName, full),
    content: contact.content,
    answer: contact.answer,
    kbArticles: contact.kb_articles ? (JSON.parse(contact.kb_articles) as Array<{ id: number; title: string }>) : [],
    orgUnitName: contact.orgUnitName,
    caseId: contact.case_id,
    adoption: contact.adoption,
    callbackAttempts: contact.callback_attempts,
    endedAt: toShanghaiIso(new Date(contact.ended_at)),
    closedAt: iso(contact.closed_at),
    dueAt: current ? toShanghaiIso(new Date(current.due_at)) : null,
    isMasked: !full,
    transfers: transfers.map((t) => transferView(t, names, now)),
    urges: urges.map((u) => ({
      id: u.id,
      transferId: u.transfer_id,
      kind: u.kind,
      note: u.note,
      at: toShanghaiIso(new Date(u.at)),
      by: u.urged_by_name ?? '系统',
    })),
    callbacks: callbacks.map((b) => ({
      id: b.id,
      result: b.result,
      note: b.note,
      at: toShanghaiIso(new Date(b.at)),
      agentName: b.agent_name,
    })),
    survey: survey
      ? {
          satisfaction: survey.satisfaction,
          efficiency: survey.efficiency,
          accuracy: survey.accuracy,
          comment: survey.comment,
          method: survey.method,
          collectedAt: toShanghaiIso(new Date(survey.collected_at)),
        }
      : null,
    call: call
      ? {
          id: call.id,
          callId: call.call_id,
          direction: call.direction,
          queue: call.queue,
          ivrPath: call.ivr_path,
          startedAt: toShanghaiIso(new Date(call.started_at)),
          answeredAt: iso(call.answered_at),
          endedAt: iso(call.ended_at),
          durationSeconds: call.duration_seconds,
          recordingUrl: call.recording_url,
          cause: call.cause,
          events: callEvents.map((e) => ({ event: e.event, at: toShanghaiIso(new Date(e.occurred_at)) })),
        }
      : null,
    history: audit.map((a) => ({
      at: toShanghaiIso(new Date(a.at)),
      actor: a.actor_username,
      action: a.action,
      details: a.after === null ? null : (JSON.parse(a.after) as unknown),
    })),
  };
}
