import type { Selectable } from 'kysely';
import {
  type Adoption,
  type CallbackResult,
  type Channel,
  type ContactStatus,
  type ContactType,
  contactTypes,
  type Outcome,
  type Satisfaction,
} from '../../../shared/contacts';
import { checkTaxpayerId, maskPhone, maskTaxpayerId } from '../../../shared/taxpayer-id';
import type { Db, DbOrTx, Tx } from '../../db/connection';
import { type Actor, writeAudit } from '../../platform/audit';
import { type CurrentUser, canSeeOrgUnit, hasPermission } from '../../platform/auth/current-user';
import { loadCalendar } from '../../platform/calendar/calendar.service';
import { shanghaiDate, toShanghaiIso } from '../../platform/dates';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import { listDepartmentsFor } from '../accounts';
import { recordArticleUse } from '../kb';
import { notifyUser } from '../notifications';
import {
  assertContactTransition,
  DEFAULT_TRANSFER_DUE_DAYS,
  formatContactNo,
  formatTicketNo,
  isCaseType,
} from './contact';
import * as repo from './contacts.repository';
import type { SurveyTable } from './contacts.tables';
import { findCallEvents, findCallForContact, linkCallToContact } from './cti.repository';
import { handOverToCases } from './handover';
import { findSurveyOfContact } from './surveys.repository';
import { recordSurveyInTransaction } from './surveys.service';

// ---- who may see what ----

export type ContactAccess = 'none' | 'masked' | 'full';

/**
 * What a user may see of a contact: its own agent sees it whole (they took the call and call back);
 * holders of contacts.read within their org scope, and the departments it was transferred to, see it
 * with the phone and taxpayer id masked (contacts.reveal shows them, audited).
 */
export async function contactAccessOf(
  db: DbOrTx,
  user: CurrentUser,
  contact: repo.ContactWithScope,
): Promise<ContactAccess> {
  if (contact.agent_id === user.id) return 'full';
  if (hasPermission(user, 'contacts.read') && canSeeOrgUnit(user, contact.orgUnitPath)) return 'masked';
  if (user.departmentId !== null && hasPermission(user, 'transfers.answer')) {
    const transfers = await repo.findTransfersOfContact(db, contact.id);
    if (transfers.some((t) => t.department_id === user.departmentId)) return 'masked';
  }
  return 'none';
}

/** The contact if the user may see it; a 404 otherwise, so that ids outside one's scope reveal nothing. */
export async function requireVisibleContact(db: DbOrTx, user: CurrentUser, id: number) {
  const contact = await repo.findContact(db, id);
  if (!contact) throw notFound('CONTACT_NOT_FOUND', '来电记录不存在');
  const access = await contactAccessOf(db, user, contact);
  if (access === 'none') throw notFound('CONTACT_NOT_FOUND', '来电记录不存在');
  return { contact, access };
}

/** Who may act on a contact as its handler: its own agent, or a team lead whose scope covers it. */
export function assertHandlerOf(user: CurrentUser, contact: repo.ContactWithScope, what: string): void {
  if (contact.agent_id === user.id) return;
  if (user.roles.includes('team_lead') && canSeeOrgUnit(user, contact.orgUnitPath)) return;
  throw forbidden('NOT_CONTACT_HANDLER', `只有登记该来电的坐席或班长可以${what}`);
}

/** Org-unit ids a user may see contacts of; undefined when the user sees every unit. */
export async function scopeOf(db: DbOrTx, user: CurrentUser): Promise<number[] | undefined> {
  // A user of the root unit (the province) sees its whole tree, which is every unit: no filter needed.
  const isRootUnit = /^\/\d+\/$/.test(user.orgUnitPath);
  return user.seesAllOrgUnits || isRootUnit ? undefined : repo.findOrgUnitIdsWithin(db, user.orgUnitPath);
}

const iso = (value: string | null) => (value ? toShanghaiIso(new Date(value)) : null);

type LogRow = Pick<
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

/** A contact as lists show it; phone and taxpayer id masked unless `full`. */
export function contactListItem(row: LogRow, agentName: string | undefined, full: boolean) {
  return {
    id: row.id,
    contactNo: row.contact_no,
    channel: row.channel as Channel,
    type: row.type as ContactType,
    status: row.status as ContactStatus,
    outcome: row.outcome as Outcome,
    callerPhone: full ? row.caller_phone : maskPhone(row.caller_phone),
    taxpayerId: row.taxpayer_id === null ? null : full ? row.taxpayer_id : maskTaxpayerId(row.taxpayer_id),
    taxpayerName: row.taxpayer_name,
    taxKind: row.tax_kind,
    subject: row.subject,
    agentId: row.agent_id,
    agentName: agentName ?? null,
    ticketNo: row.ticket_no,
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
    adoption: t.adoption as Adoption | null,
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

type ContactParts = {
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

function buildContactDetail(contact: repo.ContactWithScope, access: ContactAccess, parts: ContactParts, now: Date) {
  const { transfers, urges, callbacks, survey, audit, call, callEvents, names } = parts;
  const full = access === 'full';
  const current = transfers.at(-1);
  return {
    ...contactListItem(contact, contact.agentName, full),
    content: contact.content,
    answer: contact.answer,
    kbArticles: contact.kb_articles ? (JSON.parse(contact.kb_articles) as Array<{ id: number; title: string }>) : [],
    orgUnitName: contact.orgUnitName,
    caseId: contact.case_id,
    adoption: contact.adoption as Adoption | null,
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
      result: b.result as CallbackResult,
      note: b.note,
      at: toShanghaiIso(new Date(b.at)),
      agentName: b.agent_name,
    })),
    survey: survey
      ? {
          satisfaction: survey.satisfaction as Satisfaction,
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
          events: callEvents.map((e) => ({ event: e.event, at: toShanghaiIso(new Date(e.received_at)) })),
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

export async function getContact(db: Db, user: CurrentUser, id: number, now: Date) {
  const { contact, access } = await requireVisibleContact(db, user, id);
  return contactDetail(db, contact, access, now);
}

/** The full phone and taxpayer id of a contact, for a holder of contacts.reveal; the reveal is audited. */
export async function revealContact(db: Db, user: CurrentUser, id: number, actor: Actor, now: Date) {
  return db.transaction().execute(async (trx) => {
    const { contact } = await requireVisibleContact(trx, user, id);
    await writeAudit(trx, actor, now, {
      action: 'contact.reveal',
      entityType: 'contact',
      entityId: id,
      after: { fields: contact.taxpayer_id ? ['callerPhone', 'taxpayerId'] : ['callerPhone'] },
    });
    return { callerPhone: contact.caller_phone, taxpayerId: contact.taxpayer_id };
  });
}

// ---- registration ----

export interface ContactInput {
  channel: Channel;
  type: ContactType;
  callerPhone: string;
  taxpayerId?: string | undefined;
  taxpayerName?: string | undefined;
  taxKind?: string | undefined;
  subject: string;
  content: string;
  answer?: string | undefined;
  outcome: Outcome;
  departmentId?: number | undefined;
  transferNote?: string | undefined;
  kbArticles?: Array<{ id: number; title: string }> | undefined;
  callRecordId?: number | undefined;
  /** Seconds the agent has spent on the contact so far (the browser's clock is not trusted for instants). */
  handlingSeconds?: number | undefined;
  named?: boolean | undefined;
  reporterName?: string | undefined;
  subjectName?: string | undefined;
  complaintType?: string | undefined;
}

/** Transfer due days per contact type: the stored setting, else the default of 2 working days. */
export async function dueDaysByType(db: DbOrTx): Promise<Record<ContactType, number>> {
  const stored = new Map((await repo.findDueDaysSettings(db)).map((s) => [s.type, s.transfer_due_days]));
  return Object.fromEntries(contactTypes.map((t) => [t, stored.get(t) ?? DEFAULT_TRANSFER_DUE_DAYS])) as Record<
    ContactType,
    number
  >;
}

/** An active department the user may send work to, or a 400 naming `field`. */
export async function requireTargetDepartment(trx: Tx, user: CurrentUser, departmentId: number, field: string) {
  const allowed = await listDepartmentsFor(trx, user, { activeOnly: true });
  const department = allowed.find((d) => d.id === departmentId);
  if (department) return department;
  if (!(await repo.departmentExists(trx, departmentId)))
    throw invalidField(field, 'DEPARTMENT_NOT_FOUND', '所选业务处室不存在');
  throw invalidField(field, 'DEPARTMENT_OUT_OF_SCOPE', '所选业务处室不在本机构及上下级机构范围内或已停用，不能转办');
}

/** Opens a transfer form to a department with its due time, and tells the department's people. */
export async function openTransfer(
  trx: Tx,
  input: {
    contact: { id: number; contactNo: string; ticketNo: string; subject: string; type: ContactType };
    department: { id: number; name: string };
    note: string | null;
    createdBy: number;
    now: Date;
  },
) {
  const calendar = await loadCalendar(trx);
  const days = (await dueDaysByType(trx))[input.contact.type];
  const dueAt = calendar.deadline(input.now, days);
  const id = await repo.insertTransfer(trx, {
    contact_id: input.contact.id,
    department_id: input.department.id,
    status: 'open',
    note: input.note,
    due_at: dueAt.toISOString(),
    created_at: input.now.toISOString(),
    created_by: input.createdBy,
    answer: null,
    adoption: null,
    answered_at: null,
    answered_by: null,
    return_reason: null,
    returned_at: null,
    returned_by: null,
    forwarded_to_id: null,
    handled_at: null,
    urge_count: 0,
    due_soon_urged_at: null,
    overdue_urged_at: null,
    last_urged_at: null,
  });
  for (const userId of await repo.findDepartmentUserIds(trx, input.department.id)) {
    await notifyUser(
      trx,
      {
        userId,
        kind: 'transfer.new',
        title: `新转办单 ${input.contact.ticketNo}：${input.contact.subject}`,
        body: `请于 ${toShanghaiIso(dueAt).slice(0, 16).replace('T', ' ')} 前答复`,
        link: `/inbox?transfer=${id}`,
        dedupeKey: `transfer:${id}:new:${userId}`,
      },
      input.now,
    );
  }
  return { id, dueAt };
}

function checkInput(input: ContactInput): { taxpayerId: string | null } {
  let taxpayerId: string | null = null;
  if (input.taxpayerId) {
    const checked = checkTaxpayerId(input.taxpayerId);
    if (!checked.ok) throw invalidField('taxpayerId', checked.code, checked.message);
    taxpayerId = checked.value;
  }
  if (input.outcome === 'answered') {
    if (input.type === 'report') {
      throw invalidField('outcome', 'REPORT_MUST_BE_HANDED_OVER', '举报须移交投诉举报流程受理，不能当场办结');
    }
    if (!input.answer) throw invalidField('answer', 'ANSWER_REQUIRED', '当场答复须填写答复内容');
    if (input.departmentId) {
      throw invalidField('departmentId', 'DEPARTMENT_NOT_EXPECTED', '当场答复的来电不需要选择转办处室');
    }
  } else if (isCaseType(input.type)) {
    if (input.departmentId) {
      throw invalidField(
        'departmentId',
        'DEPARTMENT_NOT_EXPECTED',
        '投诉、举报移交投诉举报流程受理，不需要选择转办处室',
      );
    }
    if (!input.subjectName) {
      throw invalidField('subjectName', 'SUBJECT_NAME_REQUIRED', '请填写被投诉（举报）对象');
    }
    if (input.named === undefined) throw invalidField('named', 'NAMED_REQUIRED', '请选择实名或匿名');
    if (input.named && !input.reporterName) {
      throw invalidField('reporterName', 'REPORTER_NAME_REQUIRED', '实名投诉（举报）须填写投诉（举报）人姓名');
    }
  } else if (!input.departmentId) {
    throw invalidField('departmentId', 'DEPARTMENT_REQUIRED', '转办须选择业务处室');
  }
  return { taxpayerId };
}

/**
 * Registers a contact: answered on the spot (closed), transferred to a department (a transfer form
 * with its due time), or, for a report or complaint, handed over to the complaints-and-reports
 * workflow. One transaction: number, contact, transfer or case, call link, notifications, audit.
 */
export async function registerContact(db: Db, user: CurrentUser, input: ContactInput, actor: Actor, now: Date) {
  const { taxpayerId } = checkInput(input);
  if (input.outcome === 'transfer' && isCaseType(input.type) && !hasPermission(user, 'cases.register')) {
    throw forbidden('FORBIDDEN', '没有登记投诉举报的权限，请由坐席登记');
  }
  const registered = await db.transaction().execute(async (trx) => {
    let startedAt = now;
    let surveyKey: Satisfaction | null = null;
    if (input.callRecordId !== undefined) {
      const call = await findCallForContact(trx, input.callRecordId);
      if (!call || call.agent_id !== user.id) {
        throw invalidField('callRecordId', 'CALL_NOT_FOUND', '该通话不存在或不是您接听的');
      }
      if (call.contact_id !== null) throw conflict('CALL_ALREADY_REGISTERED', '该通话已登记过来电');
      startedAt = new Date(call.answered_at ?? call.started_at);
      surveyKey = call.survey_key as Satisfaction | null;
    } else if (input.handlingSeconds !== undefined) {
      startedAt = new Date(now.getTime() - input.handlingSeconds * 1000);
    }
    const isTransfer = input.outcome === 'transfer';
    const goesToCases = isTransfer && isCaseType(input.type);
    const department =
      isTransfer && !goesToCases && input.departmentId !== undefined
        ? await requireTargetDepartment(trx, user, input.departmentId, 'departmentId')
        : undefined;

    const day = shanghaiDate(now);
    const contactNo = formatContactNo(now, await repo.nextSequence(trx, 'contact', day));
    const ticketNo = isTransfer ? formatTicketNo(now, await repo.nextSequence(trx, 'ticket', day)) : null;
    const status: ContactStatus = !isTransfer ? 'closed' : goesToCases ? 'handed_over' : 'transferred';
    const row = {
      contact_no: contactNo,
      channel: input.channel,
      type: input.type,
      status,
      outcome: input.outcome,
      caller_phone: input.callerPhone,
      taxpayer_id: taxpayerId,
      taxpayer_name: input.taxpayerName || null,
      tax_kind: input.taxKind || null,
      subject: input.subject,
      content: input.content,
      answer: input.answer || null,
      kb_articles: input.kbArticles && input.kbArticles.length > 0 ? JSON.stringify(input.kbArticles) : null,
      agent_id: user.id,
      org_unit_id: user.orgUnitId,
      call_ref: input.callRecordId ?? null,
      ticket_no: ticketNo,
      case_id: null,
      case_no: null,
      adoption: null,
      callback_attempts: 0,
      started_at: startedAt.toISOString(),
      ended_at: now.toISOString(),
      duration_seconds: Math.max(0, Math.round((now.getTime() - startedAt.getTime()) / 1000)),
      closed_at: status === 'closed' ? now.toISOString() : null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    const contactId = await repo.insertContact(trx, row);

    let transfer: { id: number; dueAt: Date } | undefined;
    let handedOver: { caseId: number; caseNo: string; dueAt: string } | undefined;
    if (department && ticketNo) {
      transfer = await openTransfer(trx, {
        contact: { id: contactId, contactNo, ticketNo, subject: input.subject, type: input.type },
        department,
        note: input.transferNote || null,
        createdBy: user.id,
        now,
      });
    } else if (goesToCases) {
      handedOver = await handOverToCases(trx, {
        contactId,
        type: input.type as 'report' | 'complaint',
        channel: input.channel,
        named: input.named ?? false,
        reporterName: input.reporterName,
        reporterPhone: input.named ? input.callerPhone : undefined,
        subjectName: input.subjectName ?? '',
        content: input.content,
        complaintType: input.complaintType,
        user,
        actor,
        now,
      });
      await repo.updateContact(trx, contactId, { case_id: handedOver.caseId, case_no: handedOver.caseNo });
    }
    // The knowledge base counts each article a contact was answered with (hot questions, ranking).
    for (const [index, article] of (input.kbArticles ?? []).entries()) {
      try {
        await recordArticleUse(trx, { articleId: article.id, contactId, userId: user.id, now });
      } catch (error) {
        if (error instanceof AppError && error.kind === 'bad_request') {
          throw invalidField(`kbArticles.${index}.id`, error.code, error.message);
        }
        throw error;
      }
    }
    if (input.callRecordId !== undefined) {
      const linked = await linkCallToContact(trx, input.callRecordId, contactId);
      if (!linked) throw conflict('CALL_ALREADY_REGISTERED', '该通话已登记过来电');
    }
    const registeredAudit = {
      action: 'contact.register',
      entityType: 'contact',
      entityId: contactId,
      after: {
        contactNo,
        channel: input.channel,
        type: input.type,
        outcome: input.outcome,
        status,
        ticketNo,
        ...(department ? { departmentId: department.id, departmentName: department.name } : {}),
        ...(transfer ? { transferId: transfer.id, dueAt: toShanghaiIso(transfer.dueAt) } : {}),
        ...(handedOver ? { caseId: handedOver.caseId, caseNo: handedOver.caseNo } : {}),
        ...(input.callRecordId !== undefined ? { callRecordId: input.callRecordId } : {}),
        ...(input.kbArticles?.length ? { kbArticleIds: input.kbArticles.map((a) => a.id) } : {}),
      },
    };
    await writeAudit(trx, actor, now, registeredAudit);
    if (surveyKey) {
      await recordSurveyInTransaction(trx, {
        contactId,
        rating: { satisfaction: surveyKey },
        method: 'ivr',
        collectedBy: null,
        actor,
        now,
      });
    }
    const fresh =
      !surveyKey && !handedOver && input.callRecordId === undefined
        ? {
            row: { id: contactId, ...row },
            transfer: transfer && department ? { ...transfer, department } : undefined,
            audit: registeredAudit,
          }
        : undefined;
    return { contactId, caseDueAt: handedOver?.dueAt, fresh };
  });
  if (registered.fresh) {
    // The common paths answer from what was just written, without reading it back.
    const { row, transfer, audit } = registered.fresh;
    const contact: repo.ContactWithScope = {
      ...row,
      agentName: user.name,
      orgUnitPath: user.orgUnitPath,
      orgUnitName: user.orgUnitName,
    };
    return buildContactDetail(
      contact,
      'full',
      {
        transfers: transfer ? [newTransferRow(row.id, transfer, input.transferNote || null, user.id, now)] : [],
        urges: [],
        callbacks: [],
        survey: undefined,
        audit: [
          {
            at: now.toISOString(),
            actor_username: actor.username,
            action: audit.action,
            after: JSON.stringify(audit.after),
          },
        ],
        call: undefined,
        callEvents: [],
        names: new Map([[user.id, user.name]]),
      },
      now,
    );
  }
  const contact = (await repo.findContact(db, registered.contactId))!;
  const detail = await contactDetail(db, contact, 'full', now);
  return registered.caseDueAt ? { ...detail, dueAt: registered.caseDueAt } : detail;
}

/** The row of a transfer just opened, as the database now holds it. */
function newTransferRow(
  contactId: number,
  transfer: { id: number; dueAt: Date; department: { id: number; name: string } },
  note: string | null,
  createdBy: number,
  now: Date,
): repo.TransferWithDepartment {
  return {
    id: transfer.id,
    contact_id: contactId,
    department_id: transfer.department.id,
    departmentName: transfer.department.name,
    departmentOrgUnitPath: '',
    status: 'open',
    note,
    due_at: transfer.dueAt.toISOString(),
    created_at: now.toISOString(),
    created_by: createdBy,
    answer: null,
    adoption: null,
    answered_at: null,
    answered_by: null,
    return_reason: null,
    returned_at: null,
    returned_by: null,
    forwarded_to_id: null,
    handled_at: null,
    urge_count: 0,
    due_soon_urged_at: null,
    overdue_urged_at: null,
    last_urged_at: null,
  };
}

// ---- after registration ----

/** The caller's earlier contacts and the ones still under way (首问责任制), masked for the viewer. */
export async function callerHistory(
  db: Db,
  user: CurrentUser,
  by: { phone?: string | undefined; taxpayerId?: string | undefined },
) {
  let taxpayerId = by.taxpayerId;
  if (taxpayerId) {
    const checked = checkTaxpayerId(taxpayerId);
    if (!checked.ok) throw invalidField('taxpayerId', checked.code, checked.message);
    taxpayerId = checked.value;
  }
  if (!by.phone && !taxpayerId) throw invalidField('phone', 'CALLER_REQUIRED', '请提供来电号码或纳税人识别号');
  const scope = await scopeOf(db, user);
  const [recent, open] = await Promise.all([
    repo.findContactsOfCaller(db, { phone: by.phone, taxpayerId }, scope, 20),
    repo.findOpenContactsOfCaller(db, { phone: by.phone, taxpayerId }, scope),
  ]);
  const names = await repo.findUserNames(
    db,
    [...recent, ...open].map((r) => r.agent_id),
  );
  const item = (r: LogRow) => contactListItem(r, names.get(r.agent_id), r.agent_id === user.id);
  return {
    recent: recent.map((r) => ({ ...item(r), answer: r.answer })),
    open: open.map(item),
  };
}

/** The agent closes a contact that came back from the department, with the answer they gave. */
export async function closeReturnedContact(
  db: Db,
  user: CurrentUser,
  id: number,
  input: { answer: string },
  actor: Actor,
  now: Date,
) {
  await db.transaction().execute(async (trx) => {
    const { contact } = await requireVisibleContact(trx, user, id);
    assertHandlerOf(user, contact, '办结来电');
    assertContactTransition(contact.status as ContactStatus, 'closed', '直接办结');
    if (contact.status !== 'returned') throw conflict('CONTACT_STATUS_CONFLICT', '只有被退回的来电可以由坐席直接办结');
    const moved = await repo.updateContactGuarded(trx, id, 'returned', {
      status: 'closed',
      answer: input.answer,
      closed_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    if (moved !== 1) throw conflict('CONTACT_STATUS_CONFLICT', '该来电状态已变化，请刷新后重试');
    await writeAudit(trx, actor, now, {
      action: 'contact.close',
      entityType: 'contact',
      entityId: id,
      before: { status: contact.status },
      after: { status: 'closed' },
    });
  });
  return getContact(db, user, id, now);
}

/** A callback attempt (回访): reached closes the contact, not reached keeps it for a retry, closed ends it. */
export async function recordCallback(
  db: Db,
  user: CurrentUser,
  id: number,
  input: { result: CallbackResult; note?: string | undefined },
  actor: Actor,
  now: Date,
) {
  await db.transaction().execute(async (trx) => {
    const { contact } = await requireVisibleContact(trx, user, id);
    assertHandlerOf(user, contact, '回访');
    if (contact.status !== 'awaiting_callback') {
      assertContactTransition(contact.status as ContactStatus, 'closed', '回访');
      throw conflict('CONTACT_STATUS_CONFLICT', '该来电不在待回访状态');
    }
    if (input.result === 'closed' && !input.note) {
      throw invalidField('note', 'NOTE_REQUIRED', '结束回访须说明原因');
    }
    const isDone = input.result !== 'not_reached';
    const moved = await repo.updateContactGuarded(trx, id, 'awaiting_callback', {
      ...(isDone ? { status: 'closed', closed_at: now.toISOString() } : {}),
      callback_attempts: contact.callback_attempts + 1,
      updated_at: now.toISOString(),
    });
    if (moved !== 1) throw conflict('CONTACT_STATUS_CONFLICT', '该来电状态已变化，请刷新后重试');
    await repo.insertCallback(trx, {
      contactId: id,
      result: input.result,
      note: input.note ?? null,
      agentId: user.id,
      at: now,
    });
    await writeAudit(trx, actor, now, {
      action: 'contact.callback',
      entityType: 'contact',
      entityId: id,
      before: { status: contact.status },
      after: { result: input.result, status: isDone ? 'closed' : 'awaiting_callback', note: input.note ?? null },
    });
  });
  return getContact(db, user, id, now);
}
