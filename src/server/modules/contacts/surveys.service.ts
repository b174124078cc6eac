import { createHash, randomBytes } from 'node:crypto';
import {
  contactTypeNames,
  type Rating,
  type Satisfaction,
  type SurveyMethod,
  satisfactionNames,
  surveyMethodNames,
} from '../../../shared/contacts';
import type { Db, DbOrTx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import type { CurrentUser } from '../../platform/auth/current-user';
import { isInOrgScope, orgUnitChainOf, scopeOf } from '../../platform/auth/scope';
import { addDays, shanghaiDate, shanghaiMidnight, toShanghaiIso } from '../../platform/dates';
import { conflict, notFound } from '../../platform/errors';
import { enqueue } from '../../platform/outbox';
import type { AnonymousContext, RequestContext, TransactionContext } from '../../platform/request-context';
import { streamXlsx, type XlsxFilter } from '../../platform/xlsx';
import { listUsersWithRoles } from '../accounts';
import { notifyUser } from '../notifications';
import { satisfactionOfSmsReply } from './contact';
import { assertHandlerOf, isReporterContact, requireVisibleContact } from './contact-access';
import * as repo from './contacts.repository';
import * as surveysRepo from './surveys.repository';

const WEB_LINK_DAYS = 7;
const SMS_REPLY_DAYS = 3;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Stores the one survey of a contact, whichever way it was collected; an unsatisfied rating opens a
 * follow-up task for the team leads over the contact's org unit. A second survey is a 409.
 */
export async function recordSurveyInTransaction(
  { db: trx, actor, now }: TransactionContext<AnonymousContext>,
  input: {
    contactId: number;
    rating: Rating;
    method: SurveyMethod;
    collectedBy: number | null;
  },
): Promise<number> {
  const contact = await repo.findContact(trx, input.contactId);
  if (!contact) throw notFound('CONTACT_NOT_FOUND', '来电记录不存在');
  const surveyId = await surveysRepo.insertSurvey(trx, {
    contactId: contact.id,
    orgUnitId: contact.org_unit_id,
    satisfaction: input.rating.satisfaction,
    efficiency: input.rating.efficiency ?? null,
    accuracy: input.rating.accuracy ?? null,
    comment: input.rating.comment || null,
    method: input.method,
    collectedBy: input.collectedBy,
    now: now,
  });
  if (surveyId === undefined) throw conflict('SURVEY_ALREADY_RECORDED', '该来电已有满意度评价，不能重复评价');
  await writeAudit(trx, actor, now, {
    action: 'contact.survey',
    entityType: 'contact',
    entityId: contact.id,
    after: { surveyId, method: input.method, ...input.rating },
  });
  if (input.rating.satisfaction === 'unsatisfied') {
    const followUpId = await surveysRepo.insertFollowUp(trx, {
      contactId: contact.id,
      surveyId,
      orgUnitId: contact.org_unit_id,
      now: now,
    });
    const leads = await listUsersWithRoles(trx, {
      roles: ['team_lead'],
      orgUnitIds: orgUnitChainOf(contact.orgUnitPath),
    });
    for (const { id: userId } of leads) {
      await notifyUser(
        trx,
        {
          userId,
          kind: 'survey.unsatisfied',
          title: `不满意评价待跟进：${contact.contact_no}`,
          body: `${contact.subject}（${surveyMethodNames[input.method]}）${input.rating.comment ? `：${input.rating.comment}` : ''}`,
          link: `/surveys?followUp=${followUpId}`,
          dedupeKey: `follow_up:${followUpId}:${userId}`,
        },
        now,
      );
    }
  }
  return surveyId;
}

async function assertNoSurvey(db: DbOrTx, contactId: number) {
  if (await surveysRepo.findSurveyOfContact(db, contactId)) {
    throw conflict('SURVEY_ALREADY_RECORDED', '该来电已有满意度评价，不能重复评价');
  }
}

/** The agent types in the rating the taxpayer gave on the phone. */
export async function recordSurveyByAgent({ db, user, actor, now }: RequestContext, contactId: number, rating: Rating) {
  return db.transaction().execute(async (trx) => {
    const { contact } = await requireVisibleContact(trx, user, contactId);
    assertHandlerOf(user, contact, '录入满意度评价');
    const id = await recordSurveyInTransaction(
      { db: trx, actor, now },
      {
        contactId,
        rating,
        method: 'agent',
        collectedBy: user.id,
      },
    );
    return { id };
  });
}

/** A single-use web link for the taxpayer to rate the contact; only its hash is stored. */
export async function createSurveyLink({ db, user, actor, now }: RequestContext, contactId: number) {
  return db.transaction().execute(async (trx) => {
    const { contact } = await requireVisibleContact(trx, user, contactId);
    assertHandlerOf(user, contact, '发送评价链接');
    await assertNoSurvey(trx, contactId);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + WEB_LINK_DAYS * 24 * 60 * 60_000);
    const requestId = await surveysRepo.insertSurveyRequest(trx, {
      contactId,
      method: 'web',
      tokenHash: sha256(token),
      phone: null,
      now,
      expiresAt,
    });
    await writeAudit(trx, actor, now, {
      action: 'contact.survey_link',
      entityType: 'contact',
      entityId: contactId,
      after: { requestId, expiresAt: toShanghaiIso(expiresAt) },
    });
    return { token, path: `/survey/${token}`, expiresAt: toShanghaiIso(expiresAt) };
  });
}

const findWebRequest = (db: DbOrTx, token: string) => surveysRepo.findWebSurveyRequest(db, sha256(token));

/** What the public survey page shows: no personal data, only which contact is being rated. */
export async function getPublicSurvey({ db, now }: AnonymousContext, token: string) {
  const request = await findWebRequest(db, token);
  if (!request) throw notFound('SURVEY_LINK_NOT_FOUND', '评价链接无效');
  const state: 'pending' | 'answered' | 'expired' =
    request.status !== 'pending' ? 'answered' : request.expires_at <= now.toISOString() ? 'expired' : 'pending';
  return {
    contactNo: request.contact_no,
    type: request.type,
    date: shanghaiDate(new Date(request.started_at)),
    state,
  };
}

/** The taxpayer's rating through the web link; the link works once. */
export async function submitPublicSurvey({ db, actor, now }: AnonymousContext, token: string, rating: Rating) {
  await db.transaction().execute(async (trx) => {
    const request = await findWebRequest(trx, token);
    if (!request) throw notFound('SURVEY_LINK_NOT_FOUND', '评价链接无效');
    if (request.status !== 'pending') throw conflict('SURVEY_LINK_USED', '该评价链接已使用，感谢您的评价');
    if (request.expires_at <= now.toISOString()) throw conflict('SURVEY_LINK_EXPIRED', '该评价链接已过期');
    if ((await surveysRepo.closeSurveyRequest(trx, request.id, 'answered', now)) !== 1) {
      throw conflict('SURVEY_LINK_USED', '该评价链接已使用，感谢您的评价');
    }
    await recordSurveyInTransaction(
      { db: trx, actor, now },
      {
        contactId: request.contact_id,
        rating,
        method: 'web',
        collectedBy: null,
      },
    );
  });
  return { recorded: true };
}

/** Texts the caller a survey to answer by SMS reply (through the outbox's `sms` channel). */
export async function requestSmsSurvey({ db, user, actor, now }: RequestContext, contactId: number) {
  return db.transaction().execute(async (trx) => {
    const { contact } = await requireVisibleContact(trx, user, contactId);
    assertHandlerOf(user, contact, '发送短信评价');
    // A reporter's number serves the case's own feedback step only: no outbound message goes to it from here.
    if (isReporterContact(contact)) {
      throw conflict('REPORTER_CONFIDENTIAL', '该来电已移交投诉举报办理，举报人信息保密，不发送短信评价');
    }
    await assertNoSurvey(trx, contactId);
    const expiresAt = new Date(now.getTime() + SMS_REPLY_DAYS * 24 * 60 * 60_000);
    const requestId = await surveysRepo.insertSurveyRequest(trx, {
      contactId,
      method: 'sms',
      tokenHash: null,
      phone: contact.caller_phone,
      now,
      expiresAt,
    });
    const date = shanghaiDate(new Date(contact.started_at));
    await enqueue(
      trx,
      {
        channel: 'sms',
        recipient: contact.caller_phone,
        payload: {
          purpose: 'survey',
          surveyRequestId: requestId,
          text: `【12366】您${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日的来电（${contact.contact_no}）已办理，请评价本次服务：回复1满意，2基本满意，3不满意。`,
        },
        dedupeKey: `survey_sms:${requestId}`,
      },
      now,
    );
    await writeAudit(trx, actor, now, {
      action: 'contact.survey_sms',
      entityType: 'contact',
      entityId: contactId,
      after: { requestId, expiresAt: toShanghaiIso(expiresAt) },
    });
    return { requestId, expiresAt: toShanghaiIso(expiresAt) };
  });
}

/**
 * An SMS reply from a caller: matched to that phone's latest open SMS survey, and recorded when it
 * reads as a rating. Replies that match nothing are kept (sms_inbound) but change nothing.
 */
export async function recordSmsReply(
  ctx: TransactionContext<AnonymousContext>,
  input: { inboundId: number; from: string; text: string },
): Promise<{ recorded: boolean; reason?: 'no_open_survey' | 'not_a_rating' | 'already_rated' }> {
  const { db: trx, now } = ctx;
  const request = await surveysRepo.findOpenSmsRequest(trx, input.from, now);
  if (!request) return { recorded: false, reason: 'no_open_survey' };
  const satisfaction = satisfactionOfSmsReply(input.text);
  if (!satisfaction) return { recorded: false, reason: 'not_a_rating' };
  await surveysRepo.linkSmsToRequest(trx, input.inboundId, request.id);
  const existing = await surveysRepo.findSurveyOfContact(trx, request.contact_id);
  await surveysRepo.closeSurveyRequest(trx, request.id, existing ? 'superseded' : 'answered', now);
  if (existing) return { recorded: false, reason: 'already_rated' };
  await recordSurveyInTransaction(ctx, {
    contactId: request.contact_id,
    rating: { satisfaction },
    method: 'sms',
    collectedBy: null,
  });
  return { recorded: true };
}

/** A rating pressed in the IVR after the call; ignored when the contact was already rated another way. */
export async function recordIvrSurvey(
  { db: trx, actor, now }: TransactionContext<AnonymousContext>,
  contactId: number,
  satisfaction: Satisfaction,
) {
  if (await surveysRepo.findSurveyOfContact(trx, contactId)) return false;
  await recordSurveyInTransaction(
    { db: trx, actor, now },
    {
      contactId,
      rating: { satisfaction },
      method: 'ivr',
      collectedBy: null,
    },
  );
  return true;
}

// ---- reading ----

export interface SurveyFilter {
  from: string;
  to: string;
  satisfaction?: Satisfaction | undefined;
  method?: SurveyMethod | undefined;
}

/** Surveys collected in a date range within the user's scope, with the rate of (basically) satisfied. */
export async function listSurveys(
  db: Db,
  user: CurrentUser,
  filter: SurveyFilter,
  page: { limit: number; offset: number },
) {
  const query: surveysRepo.SurveyQuery = {
    from: shanghaiMidnight(filter.from).toISOString(),
    to: shanghaiMidnight(addDays(filter.to, 1)).toISOString(),
    scope: scopeOf(user),
    method: filter.method,
  };
  const [counts, items] = await Promise.all([
    surveysRepo.countSurveysBySatisfaction(db, query),
    surveysRepo.findSurveys(db, { ...query, satisfaction: filter.satisfaction }, page),
  ]);
  const count = (s: Satisfaction) => Number(counts.find((c) => c.satisfaction === s)?.n ?? 0);
  const responses = counts.reduce((sum, c) => sum + Number(c.n), 0);
  const satisfied = count('satisfied');
  const basicallySatisfied = count('basically_satisfied');
  return {
    summary: {
      responses,
      satisfied,
      basicallySatisfied,
      unsatisfied: count('unsatisfied'),
      rate: responses === 0 ? null : Math.round(((satisfied + basicallySatisfied) / responses) * 1000) / 1000,
    },
    items: items.map(surveyItem),
  };
}

function surveyItem(s: Awaited<ReturnType<typeof surveysRepo.findSurveys>>[number]) {
  return {
    id: s.id,
    contactId: s.contact_id,
    contactNo: s.contact_no,
    subject: s.subject,
    type: s.type,
    agentName: s.agent_name,
    satisfaction: s.satisfaction,
    satisfactionName: satisfactionNames[s.satisfaction],
    efficiency: s.efficiency,
    accuracy: s.accuracy,
    comment: s.comment,
    method: s.method,
    collectedAt: toShanghaiIso(new Date(s.collected_at)),
  };
}

/** Excel's sheet holds 1,048,576 rows: one export stops at a round million below it (as the contact log's). */
const EXPORT_MAX_ROWS = 1_000_000;
const SURVEY_EXPORT_BATCH = 250;

/**
 * The surveys of a date range within the user's scope as an .xlsx stream (满意度评价), read in keyset
 * batches by id, newest first as in the list. The export is audited.
 */
export async function exportSurveys({ db, user, actor, now }: RequestContext, filter: SurveyFilter) {
  await db.transaction().execute((trx) =>
    writeAudit(trx, actor, now, {
      action: 'survey.export',
      entityType: 'surveys',
      entityId: 'export',
      after: { filter },
    }),
  );
  const query: surveysRepo.SurveyQuery & { satisfaction?: Satisfaction | undefined } = {
    from: shanghaiMidnight(filter.from).toISOString(),
    to: shanghaiMidnight(addDays(filter.to, 1)).toISOString(),
    scope: scopeOf(user),
    method: filter.method,
    satisfaction: filter.satisfaction,
  };
  const filters: XlsxFilter[] = [
    { label: '开始日期', value: filter.from },
    { label: '结束日期', value: filter.to },
  ];
  if (filter.satisfaction) filters.push({ label: '满意度', value: satisfactionNames[filter.satisfaction] });
  if (filter.method) filters.push({ label: '评价方式', value: surveyMethodNames[filter.method] });
  async function* rows() {
    let beforeId: number | null = null;
    let written = 0;
    for (;;) {
      const limit = Math.min(SURVEY_EXPORT_BATCH, EXPORT_MAX_ROWS - written);
      const batch = await surveysRepo.findSurveyBatch(db, query, beforeId, limit);
      written += batch.length;
      for (const row of batch) {
        const s = surveyItem(row);
        yield {
          contactNo: s.contactNo,
          subject: s.subject,
          type: contactTypeNames[s.type] ?? s.type,
          agentName: s.agentName,
          satisfaction: s.satisfactionName,
          efficiency: s.efficiency,
          accuracy: s.accuracy,
          comment: s.comment ?? '',
          method: surveyMethodNames[s.method],
          collectedAt: s.collectedAt.slice(0, 19).replace('T', ' '),
        };
      }
      if (batch.length < limit) return;
      beforeId = batch.at(-1)!.id;
      if (written >= EXPORT_MAX_ROWS) {
        const more = await surveysRepo.findSurveyBatch(db, query, beforeId, 1);
        if (more.length > 0) yield { contactNo: `已达单次导出上限 ${EXPORT_MAX_ROWS} 行，请缩小筛选范围后分批导出` };
        return;
      }
    }
  }
  return streamXlsx({
    exportedAt: now,
    sheets: [
      {
        name: '满意度评价',
        filters,
        columns: [
          { header: '来电编号', key: 'contactNo', width: 20 },
          { header: '主题', key: 'subject', width: 36 },
          { header: '诉求类型', key: 'type', width: 12 },
          { header: '坐席', key: 'agentName', width: 10 },
          { header: '满意度', key: 'satisfaction', width: 10 },
          { header: '效率', key: 'efficiency', width: 6 },
          { header: '准确性', key: 'accuracy', width: 6 },
          { header: '意见', key: 'comment', width: 40 },
          { header: '评价方式', key: 'method', width: 10 },
          { header: '评价时间', key: 'collectedAt', width: 20 },
        ],
        rows: rows(),
      },
    ],
  });
}

/** Follow-up tasks of unsatisfied ratings within the team lead's scope. */
export async function listFollowUps(db: Db, user: CurrentUser, status: 'open' | 'done') {
  const rows = await surveysRepo.findFollowUps(db, status, scopeOf(user));
  return rows.map((r) => ({
    id: r.id,
    contactId: r.contact_id,
    contactNo: r.contact_no,
    subject: r.subject,
    agentName: r.agent_name,
    method: r.method,
    comment: r.comment,
    status: r.status,
    note: r.note,
    createdAt: toShanghaiIso(new Date(r.created_at)),
    doneAt: r.done_at ? toShanghaiIso(new Date(r.done_at)) : null,
    doneBy: r.done_by_name,
  }));
}

/** The team lead closes a follow-up task with what was done. */
export async function completeFollowUp({ db, user, actor, now }: RequestContext, id: number, note: string) {
  await db.transaction().execute(async (trx) => {
    const followUp = await surveysRepo.findFollowUp(trx, id);
    if (!followUp || !isInOrgScope(scopeOf(user), followUp.path)) {
      throw notFound('FOLLOW_UP_NOT_FOUND', '跟进任务不存在');
    }
    if ((await surveysRepo.completeFollowUp(trx, id, note, user.id, now)) !== 1) {
      throw conflict('FOLLOW_UP_DONE', '该跟进任务已处理');
    }
    await writeAudit(trx, actor, now, {
      action: 'contact.follow_up_done',
      entityType: 'contact',
      entityId: followUp.contact_id,
      after: { followUpId: id, note },
    });
  });
  return { id, status: 'done' as const };
}
