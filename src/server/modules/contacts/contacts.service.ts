import {
  type CallbackResult,
  type ContactStatus,
  type ContactType,
  contactTypes,
  type NewContact,
  type Satisfaction,
} from '../../../shared/contacts';
import { formatDeadlineInWords } from '../../../shared/deadlines';

import { checkTaxpayerId } from '../../../shared/taxpayer-id';
import type { DbOrTx, Tx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { type CurrentUser, hasPermission } from '../../platform/auth/current-user';
import { scopeOf } from '../../platform/auth/scope';
import { loadCalendar } from '../../platform/calendar/calendar.service';
import { shanghaiDate, toShanghaiIso } from '../../platform/dates';
import { AppError, conflict, forbidden, invalidField } from '../../platform/errors';
import type { InTransaction } from '../../platform/idempotency';
import type { RequestContext } from '../../platform/request-context';
import { listDepartmentsFor } from '../accounts';
import { recordReporterReveal } from '../cases';
import { recordArticleUse } from '../kb';
import { notifyUser, settleNotifications } from '../notifications';
import { callerColumns, openCaller } from './caller-identity';
import {
  assertContactTransition,
  contactInboxLink,
  DEFAULT_TRANSFER_DUE_DAYS,
  formatContactNo,
  formatTicketNo,
  isCaseType,
} from './contact';
import { assertHandlerOf, isReporterContact, mayLookUpReporters, requireVisibleContact } from './contact-access';
import { buildContactDetail, contactDetail, contactListItem, type LogRow } from './contact-views';
import * as repo from './contacts.repository';
import { findCallForContact, linkCallToContact, sealCallerOfCall } from './cti.repository';
import { handOverToCases } from './handover';
import { assertCallerLookupAllowed } from './lookup-limit';
import { recordSurveyInTransaction } from './surveys.service';

export async function getContact({ db, user, now }: RequestContext, id: number) {
  const { contact, access } = await requireVisibleContact(db, user, id);
  return contactDetail(db, contact, access, now);
}

/**
 * The full phone and taxpayer id of a contact, for a holder of contacts.reveal; the reveal is audited. A
 * reporter's contact follows its case's rules: `cases.reveal_reporter` within the case's scope, a named
 * case, and the reveal written to the case's history — all in the one transaction.
 */
export async function revealContact({ db, user, actor, now }: RequestContext, id: number) {
  return db.transaction().execute(async (trx) => {
    const { contact } = await requireVisibleContact(trx, user, id);
    if (isReporterContact(contact)) {
      if (!mayLookUpReporters(user) || contact.case_id === null) {
        throw forbidden('REPORTER_CONFIDENTIAL', '该来电已移交投诉举报办理，举报人信息保密，您的岗位不能查看');
      }
      await recordReporterReveal({ db: trx, user, actor, now }, { caseId: contact.case_id, contactId: id });
    }
    await writeAudit(trx, actor, now, {
      action: 'contact.reveal',
      entityType: 'contact',
      entityId: id,
      after: { fields: contact.taxpayer_id ? ['callerPhone', 'taxpayerId'] : ['callerPhone'] },
    });
    const caller = openCaller(contact);
    return { callerPhone: caller.caller_phone, taxpayerId: caller.taxpayer_id };
  });
}

// ---- registration ----

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
        body: `请于${formatDeadlineInWords(dueAt)}答复`,
        link: `/inbox?transfer=${id}`,
        dedupeKey: `transfer:${id}:new:${userId}`,
      },
      input.now,
    );
  }
  return { id, dueAt };
}

function checkInput(input: NewContact): { taxpayerId: string | null } {
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
export async function registerContact(
  { db, user, actor, now }: RequestContext,
  input: NewContact,
  inTransaction?: InTransaction,
) {
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
      surveyKey = call.survey_key;
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
    // A ticket (转办单) is a department's: a report or complaint handed over to its workflow has its case number.
    const ticketNo =
      isTransfer && !goesToCases ? formatTicketNo(now, await repo.nextSequence(trx, 'ticket', day)) : null;
    const status: ContactStatus = !isTransfer ? 'closed' : goesToCases ? 'handed_over' : 'transferred';
    const row = {
      contact_no: contactNo,
      channel: input.channel,
      type: input.type,
      status,
      outcome: input.outcome,
      ...callerColumns(
        { caller_phone: input.callerPhone, taxpayer_id: taxpayerId, taxpayer_name: input.taxpayerName || null },
        goesToCases,
      ),
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
      handedOver = await handOverToCases(
        { db: trx, user, actor, now },
        {
          contactId,
          type: input.type as 'report' | 'complaint',
          channel: input.channel,
          named: input.named ?? false,
          reporterName: input.reporterName,
          reporterPhone: input.named ? input.callerPhone : undefined,
          subjectName: input.subjectName ?? '',
          content: input.content,
          complaintType: input.complaintType,
        },
      );
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
      if (goesToCases) await sealCallerOfCall(trx, input.callRecordId);
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
      await recordSurveyInTransaction(
        { db: trx, actor, now },
        {
          contactId,
          rating: { satisfaction: surveyKey },
          method: 'ivr',
          collectedBy: null,
        },
      );
    }
    const fresh =
      !surveyKey && !handedOver && input.callRecordId === undefined
        ? {
            row: { id: contactId, ...row },
            transfer: transfer && department ? { ...transfer, department } : undefined,
            transferNote: input.transferNote || null,
            audit: registeredAudit,
          }
        : undefined;
    await inTransaction?.(trx);
    return { contactId, caseDueAt: handedOver?.dueAt, fresh };
  });
  if (registered.fresh) return detailOfJustRegistered({ db, user, actor, now }, registered.fresh);
  const contact = (await repo.findContact(db, registered.contactId))!;
  const detail = await contactDetail(db, contact, 'full', now);
  return registered.caseDueAt ? { ...detail, dueAt: registered.caseDueAt } : detail;
}

/** What registration just wrote, for the detail built without reading it back. */
interface JustRegistered {
  row: repo.ContactRow;
  transfer: { id: number; dueAt: Date; department: { id: number; name: string } } | undefined;
  transferNote: string | null;
  audit: { action: string; after: unknown };
}

/**
 * The fast registration path: the detail of a contact just registered (answered on the spot or
 * transferred, not from a call, no case, no survey), built from what the transaction wrote instead of
 * reading it back (the contact and each of its parts, a query apiece). Registering reaches about half a
 * bare insert's rate thanks to it: measured by `npm run bench -- contacts` (bench/contacts.bench.ts,
 * registering over HTTP beside a bare Fastify route). The daily numbers (`nextSequence`) are written as
 * SQL for the same benchmark.
 */
function detailOfJustRegistered({ user, actor, now }: RequestContext, registered: JustRegistered) {
  const { row, transfer, transferNote, audit } = registered;
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
      transfers: transfer ? [newTransferRow(row.id, transfer, transferNote, user.id, now)] : [],
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
  { db, user, now }: RequestContext,
  by: { phone?: string | undefined; taxpayerId?: string | undefined },
) {
  let taxpayerId = by.taxpayerId;
  if (taxpayerId) {
    const checked = checkTaxpayerId(taxpayerId);
    if (!checked.ok) throw invalidField('taxpayerId', checked.code, checked.message);
    taxpayerId = checked.value;
  }
  if (!by.phone && !taxpayerId) throw invalidField('phone', 'CALLER_REQUIRED', '请提供来电号码或纳税人识别号');
  await assertCallerLookupAllowed(db, user, now);
  const scope = scopeOf(user);
  const lookup = { phone: by.phone, taxpayerId, mayMatchReporters: mayLookUpReporters(user) };
  const [recent, open] = await Promise.all([
    repo.findContactsOfCaller(db, lookup, scope, 20),
    repo.findOpenContactsOfCaller(db, lookup, scope),
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
  { db, user, actor, now }: RequestContext,
  id: number,
  input: { answer: string },
) {
  await db.transaction().execute(async (trx) => {
    const { contact } = await requireVisibleContact(trx, user, id);
    assertHandlerOf(user, contact, '办结来电');
    assertContactTransition(contact.status, 'closed', '直接办结');
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
  return getContact({ db, user, actor, now }, id);
}

/** A callback attempt (回访): reached closes the contact, not reached keeps it for a retry, closed ends it. */
export async function recordCallback(
  { db, user, actor, now }: RequestContext,
  id: number,
  input: { result: CallbackResult; note?: string | undefined },
  inTransaction?: InTransaction,
) {
  await db.transaction().execute(async (trx) => {
    const { contact } = await requireVisibleContact(trx, user, id);
    assertHandlerOf(user, contact, '回访');
    if (contact.status !== 'awaiting_callback') {
      assertContactTransition(contact.status, 'closed', '回访');
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
    if (isDone) await settleNotifications(trx, { link: contactInboxLink(id), kinds: ['transfer.answered'] }, now);
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
    await inTransaction?.(trx);
  });
  return getContact({ db, user, actor, now }, id);
}
