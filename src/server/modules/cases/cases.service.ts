import type { z } from 'zod';
import {
  type ActionFields,
  type CaseAction,
  type CaseCategory,
  type CaseEventKind,
  type CaseStep,
  caseActionNames,
  caseCategoryNames,
  caseDecisionNames,
  caseEventNames,
  caseRegistrationSchema,
  caseSourceNames,
  caseStepNames,
} from '../../../shared/cases';
import { formatDeadline } from '../../../shared/deadlines';
import { type Role, seesAllOrgUnits } from '../../../shared/permissions';
import type { Db, DbOrTx, Tx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { type CurrentUser, hasPermission } from '../../platform/auth/current-user';
import { isInOrgScope, orgUnitChainOf, scopeOf } from '../../platform/auth/scope';
import { loadCalendar } from '../../platform/calendar/calendar.service';
import type { WorkingDayCalendar } from '../../platform/calendar/working-days';
import { sealValue, searchHashOf } from '../../platform/crypto';
import { addDays, shanghaiDate, shanghaiMidnight, toShanghaiIso } from '../../platform/dates';
import { badRequest, conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import type { InTransaction } from '../../platform/idempotency';
import type { RequestContext, TransactionContext } from '../../platform/request-context';
import { streamXlsx, type XlsxFilter } from '../../platform/xlsx';
import { listUsersWithRoles } from '../accounts';
import { notifyUser } from '../notifications';
import { findOptionByCode } from './case-config.repository';
import { resolveClassification, resolveComplaintType, resolveRejectionReason } from './case-config.service';
import * as repo from './cases.repository';
import { maskName, maskPhone } from './confidentiality';
import { mayAddEvidence, mayWithdrawEvidence } from './evidence-access';
import { currentProcesses, effectiveTimeLimits, loadDefinition, storeCurrentVersion } from './processes';
import {
  actionsFor,
  availableActions,
  type CaseState,
  checkTransition,
  claimRoles,
  type ProcessDefinition,
  parseActionFields,
} from './workflow';

// ---- registration ----

/** What registering a case needs: the contract's POST /api/cases body, plus the contact it came from. */
export type CaseRegistration = z.infer<typeof caseRegistrationSchema> & { contactId?: number };

const DAY_MS = 24 * 60 * 60 * 1000;
const iso = (d: Date) => d.toISOString();
const shown = (value: string | null) => (value === null ? null : toShanghaiIso(new Date(value)));

/** The moment the warning of a deadline goes out: the start of its last day. */
const warnAtOf = (due: string | null) => (due === null ? null : iso(new Date(Date.parse(due) - DAY_MS)));

/** A deadline moved on by `workingDays`: from the end of its last day to the end of the Nth working day after it. */
export function extendDeadline(calendar: WorkingDayCalendar, due: string, workingDays: number): string {
  const lastDay = shanghaiDate(new Date(Date.parse(due) - 1));
  return iso(shanghaiMidnight(addDays(calendar.addWorkingDays(lastDay, workingDays), 1)));
}

/** The registration checked by the same rules as the HTTP body (the hand-over from contacts skips the route). */
function checkRegistration(input: CaseRegistration): CaseRegistration {
  const { contactId, ...body } = input;
  const parsed = caseRegistrationSchema.safeParse(body);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
    throw badRequest('VALIDATION_FAILED', `请求参数不正确：${fields[0]?.field} ${fields[0]?.message}`, { fields });
  }
  if (contactId !== undefined && (!Number.isInteger(contactId) || contactId <= 0)) {
    throw invalidField('contactId', 'INVALID_CONTACT', '来电记录编号不正确');
  }
  const value = parsed.data;
  if (value.named && !value.reporterName) {
    throw invalidField('reporterName', 'REPORTER_NAME_REQUIRED', '实名投诉举报须填写投诉举报人姓名');
  }
  if (!value.named && (value.reporterName || value.reporterPhone)) {
    throw invalidField(
      value.reporterName ? 'reporterName' : 'reporterPhone',
      'ANONYMOUS_WITH_IDENTITY',
      '匿名投诉举报不登记投诉举报人的姓名和联系方式',
    );
  }
  if (value.category === 'report' && value.complaintType) {
    throw invalidField('complaintType', 'COMPLAINT_TYPE_FOR_REPORT', '举报不填写投诉类型');
  }
  return { ...value, ...(contactId !== undefined ? { contactId } : {}) };
}

/**
 * Registers a complaint or report (登记): the case starts in the intake step of the current version of
 * its process, with its processing period and intake time limit counted on working days. Runs inside
 * the caller's transaction, so that contacts can hand a report or complaint over atomically.
 */
export async function registerCase(
  { db: trx, user, actor, now }: TransactionContext,
  input: CaseRegistration,
): Promise<{ id: number; caseNo: string; step: 'intake'; dueAt: string }> {
  if (!hasPermission(user, 'cases.register')) throw forbidden('FORBIDDEN', '没有登记投诉举报的权限');
  const value = checkRegistration(input);
  const complaintType = value.complaintType ? (await resolveComplaintType(trx, value.complaintType)).code : null;
  const processId = await storeCurrentVersion(trx, value.category, now);
  const definition = currentProcesses[value.category];
  const calendar = await loadCalendar(trx);
  const limits = await effectiveTimeLimits(trx, definition);
  const dueAt = iso(calendar.deadline(now, limits.period ?? definition.periodWorkingDays));
  const stepDueAt = limits.intake === null ? null : iso(calendar.deadline(now, limits.intake));
  const prefix = value.category === 'complaint' ? 'TS' : 'JB';
  const day = shanghaiDate(now).replaceAll('-', '');
  const caseNo = `${prefix}${day}${String(await repo.nextCounter(trx, `${prefix}${day}`)).padStart(4, '0')}`;
  const id = await repo.insertCase(trx, {
    case_no: caseNo,
    category: value.category,
    process_id: processId,
    step: 'intake',
    decision: null,
    previous_step: null,
    previous_holder_id: null,
    holder_user_id: null,
    claimed_at: null,
    org_unit_id: user.orgUnitId,
    registered_org_unit_id: user.orgUnitId,
    source: value.source,
    is_named: value.named ? 1 : 0,
    // Sealed at rest; the repository opens them for masking and the reveal.
    reporter_name: sealValue(value.named ? (value.reporterName ?? null) : null),
    reporter_phone: sealValue(value.named ? (value.reporterPhone ?? null) : null),
    reporter_phone_hmac: searchHashOf(value.named ? value.reporterPhone : null),
    subject_name: value.subjectName,
    content: value.content,
    complaint_type: complaintType,
    contact_id: value.contactId ?? null,
    classification: null,
    rejection_reason: null,
    forward_org_unit_id: null,
    needs_acceptance: 0,
    result: null,
    registered_by: user.id,
    registered_at: iso(now),
    due_at: dueAt,
    step_entered_at: iso(now),
    step_due_at: stepDueAt,
    step_warn_at: warnAtOf(stepDueAt),
    step_warned_at: null,
    step_overdue_at: null,
    overdue_at: null,
    closed_at: null,
    revision: 0,
    updated_at: iso(now),
  });
  await repo.insertEvent(trx, {
    caseId: id,
    at: now,
    actorUserId: user.id,
    action: 'register',
    fromStep: null,
    toStep: 'intake',
    orgUnitId: user.orgUnitId,
    holderUserId: null,
    fields: {
      category: value.category,
      source: value.source,
      named: value.named,
      subjectName: value.subjectName,
      ...(complaintType ? { complaintType } : {}),
      ...(value.contactId ? { contactId: value.contactId } : {}),
      dueAt,
    },
    stepDueAt,
  });
  const record = (await repo.findCase(trx, id))!;
  await writeAudit(trx, actor, now, {
    action: 'case.register',
    entityType: 'case',
    entityId: id,
    after: auditView(record),
  });
  await notifyQueue(trx, record, definition, now);
  return { id, caseNo, step: 'intake', dueAt: toShanghaiIso(new Date(dueAt)) };
}

/** POST /api/cases: registers a case in its own transaction. */
export async function createCase(ctx: RequestContext, input: CaseRegistration, inTransaction?: InTransaction) {
  return ctx.db.transaction().execute(async (trx) => {
    const registered = await registerCase({ ...ctx, db: trx }, input);
    await inTransaction?.(trx);
    return registered;
  });
}

// ---- reading ----

export function stateOf(record: repo.CaseRecord): CaseState {
  return {
    step: record.step,
    decision: record.decision,
    needsAcceptance: record.needs_acceptance === 1,
    isNamed: record.is_named === 1,
    previousStep: record.previous_step,
    holderUserId: record.holder_user_id,
  };
}

async function requireVisibleCase(db: DbOrTx, user: CurrentUser, id: number): Promise<repo.CaseRecord> {
  const record = await repo.findCase(db, id);
  if (!record || !isInOrgScope(scopeOf(user), record.orgUnitPath)) throw notFound('CASE_NOT_FOUND', '案件不存在');
  return record;
}

/** The case as the audit log keeps it: the reporter's identity masked, like everywhere but the reveal. */
function auditView(record: repo.CaseRecord) {
  return {
    caseNo: record.case_no,
    category: record.category,
    step: record.step,
    decision: record.decision,
    holderUserId: record.holder_user_id,
    orgUnitId: record.org_unit_id,
    source: record.source,
    named: record.is_named === 1,
    reporterName: maskName(record.reporter_name),
    reporterPhone: maskPhone(record.reporter_phone),
    subjectName: record.subject_name,
    complaintType: record.complaint_type,
    classification: record.classification ? JSON.parse(record.classification) : null,
    rejectionReason: record.rejection_reason,
    forwardOrgUnitId: record.forward_org_unit_id,
    dueAt: record.due_at,
    stepDueAt: record.step_due_at,
  };
}

type DueState = 'on_time' | 'due_soon' | 'overdue';

function dueStateOf(record: repo.CaseRecord, now: Date): DueState | null {
  if (record.step === 'closed') return null;
  const t = now.getTime();
  const stepDue = record.step_due_at ? Date.parse(record.step_due_at) : null;
  if (Date.parse(record.due_at) < t || (stepDue !== null && stepDue < t)) return 'overdue';
  const warnAt = record.step_warn_at ? Date.parse(record.step_warn_at) : null;
  if ((warnAt !== null && warnAt <= t) || Date.parse(record.due_at) - DAY_MS <= t) return 'due_soon';
  return 'on_time';
}

const person = (id: number | null, username: string | null, name: string | null) =>
  id === null ? null : { id, username: username ?? '', name: name ?? '' };

/** One line of a list: what a queue or a search shows, reporter masked. */
export function summaryOf(record: repo.CaseRecord, now: Date, user: CurrentUser) {
  return {
    id: record.id,
    caseNo: record.case_no,
    category: record.category,
    step: record.step,
    decision: record.decision,
    needsAcceptance: record.needs_acceptance === 1,
    subjectName: record.subject_name,
    source: record.source,
    named: record.is_named === 1,
    reporterName: maskName(record.reporter_name),
    orgUnit: { id: record.org_unit_id, name: record.orgUnitName },
    holder: person(record.holder_user_id, record.holderUsername, record.holderName),
    isMine: record.holder_user_id === user.id,
    registeredAt: shown(record.registered_at),
    dueAt: shown(record.due_at),
    stepDueAt: shown(record.step_due_at),
    dueState: dueStateOf(record, now),
    closedAt: shown(record.closed_at),
  };
}

export type CaseSummary = ReturnType<typeof summaryOf>;

/** The Chinese name of every kind of case event: the workflow actions and the events that change no step. */
const eventNames: Record<CaseAction | CaseEventKind, string> = { ...caseActionNames, ...caseEventNames };

async function caseView(db: DbOrTx, record: repo.CaseRecord, user: CurrentUser, now: Date) {
  const definition = await loadDefinition(db, record.process_id);
  const state = stateOf(record);
  const [events, extensions, attachments] = await Promise.all([
    repo.findEvents(db, record.id),
    repo.findExtensions(db, record.id),
    repo.findAttachments(db, record.id),
  ]);
  const workflowActor = { userId: user.id, roles: user.roles };
  const canClaimRole = claimRoles(definition, state).some((r) => user.roles.includes(r));
  return {
    ...summaryOf(record, now, user),
    registeredOrgUnit: { id: record.registered_org_unit_id, name: record.registeredOrgUnitName },
    reporterPhone: maskPhone(record.reporter_phone),
    canRevealReporter: record.is_named === 1 && hasPermission(user, 'cases.reveal_reporter'),
    content: record.content,
    complaintType: record.complaint_type,
    complaintTypeName: record.complaint_type
      ? ((await findOptionByCode(db, 'complaint_type', record.complaint_type))?.name ?? null)
      : null,
    contactId: record.contact_id,
    classification: record.classification
      ? (JSON.parse(record.classification) as Array<{ code: string; name: string }>)
      : null,
    rejectionReason: record.rejection_reason,
    forwardOrgUnit: record.forward_org_unit_id
      ? { id: record.forward_org_unit_id, name: record.forwardOrgUnitName ?? '' }
      : null,
    result: record.result,
    registeredBy: { id: record.registered_by, username: record.registeredByUsername, name: record.registeredByName },
    claimedAt: shown(record.claimed_at),
    stepEnteredAt: shown(record.step_entered_at),
    isStepOverdue:
      record.step_due_at !== null && record.step !== 'closed' && Date.parse(record.step_due_at) < now.getTime(),
    isOverdue: record.step !== 'closed' && Date.parse(record.due_at) < now.getTime(),
    process: {
      id: record.process_id,
      key: record.processKey,
      version: record.processVersion,
      name: record.processName,
    },
    availableActions: actionsFor(definition, state, workflowActor).map((a) => ({
      action: a.action,
      name: caseActionNames[a.action],
      fields: a.fields,
      to: a.to ?? null,
    })),
    offeredActions: availableActions(definition, state).map((a) => a.action),
    canClaim:
      record.step !== 'closed' && record.holder_user_id === null && hasPermission(user, 'cases.act') && canClaimRole,
    canRelease:
      record.holder_user_id !== null &&
      (record.holder_user_id === user.id || hasPermission(user, 'cases.manage_claims')),
    canReassign: record.step !== 'closed' && hasPermission(user, 'cases.manage_claims'),
    canAttach: mayAddEvidence(user, {
      step: record.step,
      holderUserId: record.holder_user_id,
      claimRoles: claimRoles(definition, state),
      isParticipant: events.some((e) => e.actorId === user.id && e.action !== 'attach' && e.action !== 'detach'),
    }),
    extensions: extensions.map((x) => ({
      ...x,
      requestedAt: shown(x.requestedAt),
      stepDueBefore: shown(x.stepDueBefore),
      dueBefore: shown(x.dueBefore),
      stepDueAfter: shown(x.stepDueAfter),
      dueAfter: shown(x.dueAfter),
      decidedAt: shown(x.decidedAt),
    })),
    attachments: attachments.map(({ uploadedBy, ...f }) => ({
      ...f,
      uploadedAt: shown(f.uploadedAt),
      canWithdraw: mayWithdrawEvidence(user, { step: record.step, holderUserId: record.holder_user_id, uploadedBy }),
    })),
    history: events.map((e) => ({
      id: e.id,
      at: shown(e.at),
      actor: person(e.actorId, e.actorUsername, e.actorName),
      action: e.action,
      actionName: eventNames[e.action] ?? e.action,
      fromStep: e.fromStep,
      toStep: e.toStep,
      orgUnit: { id: e.orgUnitId, name: e.orgUnitName },
      holder: person(e.holderId, e.holderUsername, e.holderName),
      fields: JSON.parse(e.fields) as Record<string, unknown>,
      stepDueAt: shown(e.stepDueAt),
    })),
  };
}

export type CaseView = Awaited<ReturnType<typeof caseView>>;

/** GET /api/cases/:id: the case with its history, within the user's org scope. */
export async function getCase({ db, user, now }: RequestContext, id: number): Promise<CaseView> {
  const record = await requireVisibleCase(db, user, id);
  return caseView(db, record, user, now);
}

export interface CaseListFilter {
  caseNo?: string | undefined;
  category?: CaseCategory | undefined;
  step?: CaseStep | undefined;
  orgUnitId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  overdue?: boolean | undefined;
}

function toRepoFilter(user: CurrentUser, f: CaseListFilter, now: Date): repo.CaseFilter {
  return {
    scope: scopeOf(user),
    ...(f.caseNo ? { caseNo: f.caseNo } : {}),
    ...(f.category ? { category: f.category } : {}),
    ...(f.step ? { step: f.step } : {}),
    ...(f.orgUnitId ? { orgUnitId: f.orgUnitId } : {}),
    ...(f.from ? { registeredFrom: iso(shanghaiMidnight(f.from)) } : {}),
    ...(f.to ? { registeredBefore: iso(shanghaiMidnight(addDays(f.to, 1))) } : {}),
    ...(f.q ? { keyword: f.q } : {}),
    ...(f.overdue ? { isOverdue: true, now: iso(now) } : {}),
  };
}

/** 案件查询: the cases within the user's scope, newest first, reporter masked. */
export async function listCases(
  { db, user, now }: RequestContext,
  filter: CaseListFilter,
  page: { limit: number; offset: number },
) {
  const f = toRepoFilter(user, filter, now);
  const [total, rows] = await Promise.all([repo.countCases(db, f), repo.findCases(db, f, page)]);
  return { total, items: rows.map((r) => summaryOf(r, now, user)) };
}

/** At most this many rows go into one export. */
export const EXPORT_LIMIT = 10_000;
const EXPORT_BATCH = 500;

/** The filters of a case query as people read them, for the head of an export. */
async function exportFilters(db: Db, filter: CaseListFilter): Promise<XlsxFilter[]> {
  const filters: XlsxFilter[] = [];
  if (filter.caseNo) filters.push({ label: '案件编号', value: filter.caseNo });
  if (filter.category) filters.push({ label: '业务类别', value: caseCategoryNames[filter.category] });
  if (filter.step) filters.push({ label: '当前环节', value: caseStepNames[filter.step] });
  if (filter.orgUnitId) {
    const unit = await repo.findOrgUnitBrief(db, filter.orgUnitId);
    filters.push({ label: '所属税务机关', value: unit?.name ?? String(filter.orgUnitId) });
  }
  if (filter.from) filters.push({ label: '登记日期自', value: filter.from });
  if (filter.to) filters.push({ label: '登记日期至', value: filter.to });
  if (filter.q) filters.push({ label: '关键词', value: filter.q });
  if (filter.overdue) filters.push({ label: '仅超期', value: '是' });
  return filters;
}

/**
 * The cases of a query as a streamed .xlsx (reporter masked like every list; the filters shown above
 * the header), read in batches; and an audit row saying who exported what.
 */
export async function exportCases({ db, user, actor, now }: RequestContext, filter: CaseListFilter) {
  const f = toRepoFilter(user, filter, now);
  const total = await repo.countCases(db, f);
  await db.transaction().execute((trx) =>
    writeAudit(trx, actor, now, {
      action: 'case.export',
      entityType: 'case',
      entityId: '*',
      after: { filter, rows: Math.min(total, EXPORT_LIMIT) },
    }),
  );
  async function* rows() {
    for (let offset = 0; offset < EXPORT_LIMIT; offset += EXPORT_BATCH) {
      const batch = await repo.findCases(db, f, { limit: Math.min(EXPORT_BATCH, EXPORT_LIMIT - offset), offset });
      for (const r of batch) {
        const summary = summaryOf(r, now, user);
        yield {
          ...summary,
          category: caseCategoryNames[summary.category],
          source: caseSourceNames[summary.source],
          named: summary.named ? '实名' : '匿名',
          orgUnit: summary.orgUnit.name,
          step: caseStepNames[summary.step],
          dueAt: formatDeadline(summary.dueAt),
          holder: summary.holder?.name ?? '',
          reporterPhone: maskPhone(r.reporter_phone),
          classification: r.classification
            ? (JSON.parse(r.classification) as Array<{ name: string }>).map((c) => c.name).join(' / ')
            : '',
          rejectionReason: r.rejection_reason,
        };
      }
      if (batch.length < EXPORT_BATCH) return;
    }
  }
  return streamXlsx({
    exportedAt: now,
    sheets: [
      {
        name: '投诉举报案件',
        filters: await exportFilters(db, filter),
        columns: [
          { header: '案件编号', key: 'caseNo', width: 18 },
          { header: '业务类别', key: 'category', width: 8 },
          { header: '来源', key: 'source', width: 8 },
          { header: '实名/匿名', key: 'named', width: 10 },
          { header: '投诉举报人', key: 'reporterName', width: 12 },
          { header: '联系电话', key: 'reporterPhone', width: 14 },
          { header: '被投诉举报对象', key: 'subjectName', width: 28 },
          { header: '所属税务机关', key: 'orgUnit', width: 28 },
          { header: '当前环节', key: 'step', width: 12 },
          { header: '签收人', key: 'holder', width: 10 },
          { header: '三级分类', key: 'classification', width: 36 },
          { header: '不受理原因', key: 'rejectionReason', width: 28 },
          { header: '登记时间', key: 'registeredAt', width: 22 },
          { header: '办理期限', key: 'dueAt', width: 22 },
          { header: '办结时间', key: 'closedAt', width: 22 },
        ],
        rows: rows(),
      },
    ],
  });
}

/** 待办事项: the cases I hold, and those waiting unclaimed in a step my roles may act in, within my scope. */
export async function listInbox({ db, user, now }: RequestContext, options: { ownOfficeOnly: boolean }) {
  const steps = new Set<CaseStep>();
  for (const definition of Object.values(currentProcesses)) {
    for (const step of definition.steps) {
      if (step.actions.some((a) => a.roles.some((r) => user.roles.includes(r)))) steps.add(step.step);
    }
  }
  const candidates = await repo.findInboxCandidates(db, {
    userId: user.id,
    scope: scopeOf(user),
    steps: [...steps],
    limit: 500,
  });
  const items: CaseSummary[] = [];
  for (const record of candidates) {
    if (options.ownOfficeOnly && record.org_unit_id !== user.orgUnitId) continue;
    if (record.holder_user_id !== user.id) {
      const definition = await loadDefinition(db, record.process_id);
      if (!claimRoles(definition, stateOf(record)).some((r) => user.roles.includes(r))) continue;
    }
    items.push(summaryOf(record, now, user));
  }
  return { total: items.length, items };
}

// ---- claims ----

/** 签收: the user takes the case from its step's queue; exactly one of two simultaneous claims wins. */
export async function claimCase({ db, user, actor, now }: RequestContext, id: number) {
  await db.transaction().execute(async (trx) => {
    const record = await requireVisibleCase(trx, user, id);
    if (record.holder_user_id === user.id) return;
    if (record.step === 'closed') throw conflict('CASE_CLOSED', '案件已办结，不能签收');
    const definition = await loadDefinition(trx, record.process_id);
    if (!claimRoles(definition, stateOf(record)).some((r) => user.roles.includes(r))) {
      throw forbidden('ROLE_CANNOT_CLAIM', `您的岗位不能签收处于“${caseStepNames[record.step]}”的案件`);
    }
    if (!(await repo.claimCaseRow(trx, id, record.step, user.id, now))) {
      throw conflict('CASE_HELD_BY_OTHER', '该案件已被他人签收');
    }
    await repo.insertEvent(trx, {
      caseId: id,
      at: now,
      actorUserId: user.id,
      action: 'claim',
      fromStep: record.step,
      toStep: record.step,
      orgUnitId: record.org_unit_id,
      holderUserId: user.id,
      fields: {},
      stepDueAt: record.step_due_at,
    });
    await writeAudit(trx, actor, now, {
      action: 'case.claim',
      entityType: 'case',
      entityId: id,
      before: { holderUserId: null },
      after: { holderUserId: user.id },
    });
  });
  return getCase({ db, user, actor, now }, id);
}

/** Gives the case back to its step's queue: the holder, or a team lead or leader (收回). */
export async function releaseCase({ db, user, actor, now }: RequestContext, id: number) {
  await db.transaction().execute(async (trx) => {
    const record = await requireVisibleCase(trx, user, id);
    if (record.holder_user_id === null) throw conflict('CASE_NOT_CLAIMED', '该案件目前无人签收');
    if (record.holder_user_id !== user.id && !hasPermission(user, 'cases.manage_claims')) {
      throw forbidden('FORBIDDEN', '只有签收人或班长、领导可以退回待办');
    }
    const ok = await repo.updateCaseGuarded(
      trx,
      id,
      { step: record.step, revision: record.revision },
      { holder_user_id: null, claimed_at: null, updated_at: iso(now) },
    );
    if (!ok) throw conflict('CASE_CHANGED', '案件已被他人更新，请刷新后重试');
    await repo.insertEvent(trx, {
      caseId: id,
      at: now,
      actorUserId: user.id,
      action: 'release',
      fromStep: record.step,
      toStep: record.step,
      orgUnitId: record.org_unit_id,
      holderUserId: null,
      fields: { previousHolder: record.holderName },
      stepDueAt: record.step_due_at,
    });
    await writeAudit(trx, actor, now, {
      action: 'case.release',
      entityType: 'case',
      entityId: id,
      before: { holderUserId: record.holder_user_id },
      after: { holderUserId: null },
    });
    if (record.holder_user_id !== user.id) {
      await notifyUser(
        trx,
        {
          userId: record.holder_user_id,
          kind: 'case.released',
          title: `案件 ${record.case_no} 已由${user.name}收回`,
          link: caseLink(id),
        },
        now,
      );
    }
  });
  return getCase({ db, user, actor, now }, id);
}

/** 改派: a team lead or leader gives the case to someone who may work its step. */
export async function reassignCase({ db, user, actor, now }: RequestContext, id: number, toUserId: number) {
  await db.transaction().execute(async (trx) => {
    const record = await requireVisibleCase(trx, user, id);
    if (record.step === 'closed') throw conflict('CASE_CLOSED', '案件已办结，不能改派');
    const [target] = await listUsersWithRoles(trx, { ids: [toUserId], activeOnly: false });
    if (!target || target.isDisabled) throw invalidField('userId', 'USER_NOT_FOUND', '所选人员不存在或已停用');
    const targetRoles = target.roles;
    const definition = await loadDefinition(trx, record.process_id);
    const targetScope = scopeOf({ seesAllOrgUnits: seesAllOrgUnits(targetRoles), orgUnitPath: target.orgUnitPath });
    const canSee = isInOrgScope(targetScope, record.orgUnitPath);
    if (!canSee || !claimRoles(definition, stateOf(record)).some((r) => targetRoles.includes(r))) {
      throw invalidField(
        'userId',
        'USER_CANNOT_ACT',
        `${target.name}不能办理处于“${caseStepNames[record.step]}”的本案件`,
      );
    }
    if (record.holder_user_id === toUserId) return;
    const ok = await repo.updateCaseGuarded(
      trx,
      id,
      { step: record.step, revision: record.revision },
      { holder_user_id: toUserId, claimed_at: iso(now), updated_at: iso(now) },
    );
    if (!ok) throw conflict('CASE_CHANGED', '案件已被他人更新，请刷新后重试');
    await repo.insertEvent(trx, {
      caseId: id,
      at: now,
      actorUserId: user.id,
      action: 'reassign',
      fromStep: record.step,
      toStep: record.step,
      orgUnitId: record.org_unit_id,
      holderUserId: toUserId,
      fields: { previousHolder: record.holderName, holder: target.name },
      stepDueAt: record.step_due_at,
    });
    await writeAudit(trx, actor, now, {
      action: 'case.reassign',
      entityType: 'case',
      entityId: id,
      before: { holderUserId: record.holder_user_id },
      after: { holderUserId: toUserId },
    });
    await notifyUser(
      trx,
      {
        userId: toUserId,
        kind: 'case.assigned',
        title: `${user.name}将案件 ${record.case_no} 改派给您`,
        body: record.subject_name,
        link: caseLink(id),
      },
      now,
    );
  });
  return getCase({ db, user, actor, now }, id);
}

// ---- workflow actions ----

interface Effect {
  /** Columns the action changes besides the step bookkeeping. */
  patch: repo.CasePatch;
  /** What the history shows of the action beyond its fields (resolved names). */
  shownFields: Record<string, unknown>;
  /** The due time of the step entered, when the action decides it (extension answers). */
  stepDueAt?: string | null;
  /** Whom to tell besides the next step's queue. */
  notify?: number[];
}

interface EffectContext {
  trx: Tx;
  record: repo.CaseRecord;
  fields: ActionFields;
  user: CurrentUser;
  now: Date;
  calendar: WorkingDayCalendar;
}

/** What each action does to the case beyond moving it: the domain meaning of the action names. */
async function effectOf(action: CaseAction, ctx: EffectContext): Promise<Effect> {
  const { trx, record, fields, now, calendar, user } = ctx;
  switch (action) {
    case 'accept': {
      const classification = await resolveClassification(trx, record.category, fields.classification ?? []);
      return {
        patch: { classification: JSON.stringify(classification), rejection_reason: null, forward_org_unit_id: null },
        shownFields: { classification },
      };
    }
    case 'reject': {
      const reason = await resolveRejectionReason(trx, fields.reason ?? '');
      return {
        patch: { rejection_reason: reason.name, forward_org_unit_id: null },
        shownFields: { reason: reason.code, reasonName: reason.name },
      };
    }
    case 'forward': {
      const target = await repo.findOrgUnitBrief(trx, fields.orgUnitId ?? 0);
      if (!target) throw invalidField('orgUnitId', 'ORG_UNIT_NOT_FOUND', '所选税务机关不存在');
      if (target.id === record.org_unit_id) {
        throw invalidField('orgUnitId', 'FORWARD_TO_OWN_OFFICE', '不能转给本案件当前所属的税务机关');
      }
      return { patch: { forward_org_unit_id: target.id }, shownFields: { orgUnitName: target.name } };
    }
    case 'set_period': {
      const end = fields.periodEnd ?? '';
      if (end < shanghaiDate(now)) throw invalidField('periodEnd', 'PERIOD_IN_PAST', '办理期限截止日期不能早于今天');
      const dueAt = iso(shanghaiMidnight(addDays(end, 1)));
      return {
        patch: { due_at: dueAt, overdue_at: null },
        shownFields: { dueBefore: shown(record.due_at), dueAt: shown(dueAt) },
      };
    }
    case 'record_findings':
    case 'to_feedback':
      return { patch: {}, shownFields: {} };
    case 'terminate':
      return { patch: { result: null }, shownFields: {} };
    case 'request_extension': {
      await repo.insertExtension(trx, {
        caseId: record.id,
        workingDays: fields.workingDays ?? 0,
        reason: fields.reason ?? '',
        requestedBy: user.id,
        now,
        stepDueBefore: record.step_due_at,
        dueBefore: record.due_at,
      });
      return { patch: {}, shownFields: {} };
    }
    case 'finish':
      return { patch: { result: fields.result ?? null }, shownFields: {} };
    case 'to_handling':
      // A forward approved: the case moves to the other office, which decides acceptance first.
      if (record.decision === 'forwarded' && record.forward_org_unit_id !== null) {
        return {
          patch: { org_unit_id: record.forward_org_unit_id, forward_org_unit_id: null, needs_acceptance: 1 },
          shownFields: { orgUnitName: record.forwardOrgUnitName },
        };
      }
      return { patch: { needs_acceptance: 0 }, shownFields: {} };
    case 'close':
      return { patch: { closed_at: iso(now) }, shownFields: {} };
    case 'send_back':
      return {
        patch: { forward_org_unit_id: null },
        shownFields: {},
        notify: record.previous_holder_id ? [record.previous_holder_id] : [],
      };
    case 'approve_extension':
    case 'deny_extension': {
      const request = await repo.findPendingExtension(trx, record.id);
      if (!request) throw conflict('NO_PENDING_EXTENSION', '没有待审批的延期申请');
      const isApproved = action === 'approve_extension';
      const stepDueAfter =
        isApproved && request.step_due_before
          ? extendDeadline(calendar, request.step_due_before, request.working_days)
          : request.step_due_before;
      const dueAfter = isApproved ? extendDeadline(calendar, record.due_at, request.working_days) : record.due_at;
      await repo.decideExtension(trx, request.id, {
        status: isApproved ? 'approved' : 'denied',
        by: user.id,
        now,
        comment: fields.comment ?? null,
        stepDueAfter: isApproved ? stepDueAfter : null,
        dueAfter: isApproved ? dueAfter : null,
      });
      return {
        patch: isApproved ? { due_at: dueAfter, overdue_at: null } : {},
        shownFields: {
          workingDays: request.working_days,
          dueBefore: shown(record.due_at),
          dueAt: shown(dueAfter),
          stepDueBefore: shown(request.step_due_before),
          stepDueAt: shown(stepDueAfter),
        },
        stepDueAt: stepDueAfter,
        notify: [request.requested_by],
      };
    }
    case 'give_feedback': {
      const date = fields.date ?? shanghaiDate(now);
      if (date > shanghaiDate(now)) throw invalidField('date', 'DATE_IN_FUTURE', '反馈日期不能晚于今天');
      return { patch: {}, shownFields: { date } };
    }
    case 'record_no_feedback':
      return { patch: {}, shownFields: { note: '匿名投诉举报，无法反馈' } };
  }
}

/**
 * POST /api/cases/:id/actions: one workflow action as one transaction — load, authorize and check the
 * transition (the guard), apply the action, move the case with a guard on its step and revision,
 * write the event and audit rows, and queue the notifications in the outbox.
 */
export async function performAction(
  { db, user, actor, now }: RequestContext,
  id: number,
  body: Record<string, unknown>,
): Promise<CaseView> {
  await db.transaction().execute(async (trx) => {
    const record = await requireVisibleCase(trx, user, id);
    const definition = await loadDefinition(trx, record.process_id);
    const transition = checkTransition(definition, stateOf(record), String(body.action ?? ''), {
      userId: user.id,
      roles: user.roles,
    });
    const fields = parseActionFields(transition.definition, body);
    const calendar = await loadCalendar(trx);
    const action = transition.definition.action;
    const effect = await effectOf(action, { trx, record, fields, user, now, calendar });
    const moves = transition.definition.to !== undefined;
    const patch: repo.CasePatch = { ...effect.patch, updated_at: iso(now) };
    let stepDueAt = record.step_due_at;
    if (moves) {
      const { to, from } = transition;
      const limits = await effectiveTimeLimits(trx, definition);
      const limit = limits[to];
      stepDueAt =
        effect.stepDueAt !== undefined
          ? effect.stepDueAt
          : to === 'closed' || limit === null || limit === undefined
            ? null
            : iso(calendar.deadline(now, limit));
      const toReview = to === 'leader_review';
      Object.assign(patch, {
        step: to,
        holder_user_id: null,
        claimed_at: null,
        step_entered_at: iso(now),
        step_due_at: stepDueAt,
        step_warn_at: warnAtOf(stepDueAt),
        step_warned_at: null,
        step_overdue_at: null,
        decision: toReview ? (transition.definition.decision ?? null) : null,
        previous_step: toReview ? from : null,
        previous_holder_id: toReview ? user.id : null,
      } satisfies repo.CasePatch);
      if (to !== 'investigation' && to !== 'leader_review') patch.needs_acceptance = 0;
    }
    if (!(await repo.updateCaseGuarded(trx, id, { step: record.step, revision: record.revision }, patch))) {
      throw conflict('CASE_CHANGED', '案件已被他人更新，请刷新后重试');
    }
    const after = (await repo.findCase(trx, id))!;
    const { action: _action, ...given } = body;
    await repo.insertEvent(trx, {
      caseId: id,
      at: now,
      actorUserId: user.id,
      action,
      fromStep: transition.from,
      toStep: moves ? transition.to : transition.from,
      orgUnitId: after.org_unit_id,
      holderUserId: after.holder_user_id,
      fields: { ...fieldsOf(given, fields), ...effect.shownFields },
      stepDueAt: moves ? stepDueAt : null,
    });
    await writeAudit(trx, actor, now, {
      action: `case.${action}`,
      entityType: 'case',
      entityId: id,
      before: auditView(record),
      after: auditView(after),
    });
    if (moves) {
      await notifyQueue(trx, after, definition, now);
      for (const userId of effect.notify ?? []) {
        await notifyUser(
          trx,
          {
            userId,
            kind: `case.${action}`,
            title: `案件 ${after.case_no}：${user.name}${caseActionNames[action]}`,
            body: fields.comment ?? after.subject_name,
            link: caseLink(id),
          },
          now,
        );
      }
      if (after.step === 'closed' && after.registered_by !== user.id) {
        await notifyUser(
          trx,
          {
            userId: after.registered_by,
            kind: 'case.closed',
            title: `您登记的案件 ${after.case_no} 已办结`,
            link: caseLink(id),
          },
          now,
        );
      }
    }
  });
  const record = await repo.findCase(db, id);
  return caseView(db, record!, user, now);
}

/** The parsed fields, in the order the request gave them. */
function fieldsOf(given: Record<string, unknown>, parsed: ActionFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    const value = (parsed as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

// ---- confidentiality ----

/**
 * 查看举报人信息: the reporter's name and phone in clear, for intake, feedback and leaders whose scope
 * holds the case. Every reveal is an event on the case and a row in the audit log.
 */
export async function revealReporter(ctx: RequestContext, id: number) {
  return ctx.db.transaction().execute(async (trx) => {
    const record = await recordReporterReveal({ ...ctx, db: trx }, { caseId: id });
    return { reporterName: record.reporter_name, reporterPhone: record.reporter_phone };
  });
}

/** Where a reporter's identity was revealed from: the case itself, or the contact handed over as it. */
export interface ReporterReveal {
  caseId: number;
  /** The contact whose phone and taxpayer id were revealed, when the reveal came through the contact log. */
  contactId?: number;
}

/**
 * The case's rules for revealing its reporter, inside the caller's transaction: the case within the
 * user's scope (404 otherwise), `cases.reveal_reporter` (403), a named case (409: an anonymous reporter
 * is revealed to nobody); then the event on the case and the audit row. Returns the case.
 */
export async function recordReporterReveal(
  { db: trx, user, actor, now }: TransactionContext,
  input: ReporterReveal,
): Promise<repo.CaseRecord> {
  const { caseId } = input;
  const record = await requireVisibleCase(trx, user, caseId);
  if (!hasPermission(user, 'cases.reveal_reporter')) throw forbidden('FORBIDDEN', '您的岗位不能查看举报人信息');
  if (record.is_named !== 1) throw conflict('CASE_ANONYMOUS', '匿名案件没有投诉举报人信息');
  const via = input.contactId === undefined ? {} : { contactId: input.contactId };
  await repo.insertEvent(trx, {
    caseId,
    at: now,
    actorUserId: user.id,
    action: 'reveal_reporter',
    fromStep: record.step,
    toStep: record.step,
    orgUnitId: record.org_unit_id,
    holderUserId: record.holder_user_id,
    fields: via,
    stepDueAt: null,
  });
  await writeAudit(trx, actor, now, {
    action: 'case.reveal_reporter',
    entityType: 'case',
    entityId: caseId,
    after: { fields: ['reporterName', 'reporterPhone'], ...via },
  });
  return record;
}

// ---- notifications ----

export const caseLink = (id: number) => `/cases?id=${id}`;

/**
 * The people to tell about a case in a queue: those holding one of `roles` in the nearest office, from
 * the case's own office upwards, that has anybody in such a role.
 */
export async function nearestUsersWithRoles(db: DbOrTx, orgUnitPath: string, roles: Role[]): Promise<number[]> {
  const chain = orgUnitChainOf(orgUnitPath);
  const users = await listUsersWithRoles(db, { roles, orgUnitIds: chain });
  for (const orgUnitId of [...chain].reverse()) {
    const here = users.filter((u) => u.orgUnitId === orgUnitId);
    if (here.length > 0) return here.map((u) => u.id);
  }
  return [];
}

async function notifyQueue(trx: Tx, record: repo.CaseRecord, definition: ProcessDefinition, now: Date) {
  if (record.step === 'closed') return;
  const state = stateOf(record);
  const userIds = await nearestUsersWithRoles(trx, record.orgUnitPath, claimRoles(definition, state));
  const stepName = caseStepNames[record.step];
  const decision = record.decision ? `（${caseDecisionNames[record.decision]}）` : '';
  for (const userId of userIds) {
    await notifyUser(
      trx,
      {
        userId,
        kind: 'case.waiting',
        title: `${caseCategoryNames[record.category]}案件 ${record.case_no} 待${stepName}签收${decision}`,
        body: record.subject_name,
        link: caseLink(record.id),
        dedupeKey: `case:${record.id}:r${record.revision}:u${userId}`,
      },
      now,
    );
  }
}

// ---- helpers for the forms ----

/** The people a team lead or leader may give the case to: active, in a role that may claim it now, seeing its office. */
export async function listAssignees(db: Db, id: number, user: CurrentUser) {
  const record = await requireVisibleCase(db, user, id);
  const definition = await loadDefinition(db, record.process_id);
  const users = await listUsersWithRoles(db, {
    roles: claimRoles(definition, stateOf(record)),
    orgUnitIds: orgUnitChainOf(record.orgUnitPath),
  });
  return users.map((u) => ({ id: u.id, username: u.username, name: u.name, orgUnitName: u.orgUnitName }));
}

/** The processing period a case registered now would get (the registration form shows it). */
export async function previewPeriod({ db, now }: RequestContext, category: CaseCategory) {
  const definition = currentProcesses[category];
  const [calendar, limits] = await Promise.all([loadCalendar(db), effectiveTimeLimits(db, definition)]);
  const workingDays = limits.period ?? definition.periodWorkingDays;
  return { startAt: toShanghaiIso(now), dueAt: toShanghaiIso(calendar.deadline(now, workingDays)), workingDays };
}

// ---- process definitions ----

/** The current definitions and every version that cases have started on (with how many are still open). */
export async function listProcesses(db: Db) {
  return { current: Object.values(currentProcesses), versions: await repo.findProcessVersions(db) };
}

/** One stored version of a definition, as the cases that started on it follow it. */
export async function getStoredProcess(db: Db, processId: number) {
  const row = await repo.findProcessById(db, processId);
  if (!row) throw notFound('PROCESS_NOT_FOUND', '流程定义版本不存在');
  return JSON.parse(row.definition) as ProcessDefinition;
}
