import { roleGrants, roles } from '../../../shared/permissions';
import {
  type CallbackResult,
  type CallbackTaskStatus,
  type CreateCampaignInput,
  callbackResultNames,
  callbackResults,
  defaultTemplates,
  type RecipientFilter,
  type RecipientStatus,
  reminderChannelNames,
  reminderKindNames,
  smsStatuses,
  smsStatusNames,
} from '../../../shared/reminders';
import { maskPhone } from '../../../shared/taxpayer-id';
import type { Db } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import type { CurrentUser } from '../../platform/auth/current-user';
import { isInOrgScope, scopeOf } from '../../platform/auth/scope';
import { shanghaiDate, toShanghaiIso } from '../../platform/dates';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import { streamXlsx, type XlsxFilter } from '../../platform/xlsx';
import { listUsersWithRoles } from '../accounts';
import { deadlineOn } from '../filing-calendar';
import { notifyUser } from '../notifications';
import { canMoveCampaign, isQuietHour, MAX_CALL_ATTEMPTS, unknownPlaceholders } from './reminders';
import * as repo from './reminders.repository';
import { loadSmsSettings } from './sms-settings';

/** Roles whose members may take callback tasks: those granted `reminders.callback`. */
const callbackRoles = roles.filter((r) =>
  (roleGrants[r].permissions as readonly string[]).includes('reminders.callback'),
);

/** Agents the user may hand callback tasks to: active, allowed to call back, in the user's scope. */
export async function listCallbackAgents(db: Db, user: CurrentUser) {
  return (await listUsersWithRoles(db, { roles: callbackRoles, scope: scopeOf(user) })).map((a) => ({
    id: a.id,
    name: a.name,
    username: a.username,
    extension: a.extension,
    orgUnitName: a.orgUnitName,
  }));
}

const QUEUE_CHUNK = 50_000;

/**
 * Creates a campaign over a ready list. SMS: queues one message per member, in id-range chunks of one
 * statement each (opted-out phones and phones already reminded of the same thing for the same period
 * are left out), then the scheduled sender drains the queue. Callback: splits the members round-robin
 * into the chosen agents' task lists and tells each agent in the app.
 */
export async function createCampaign({ db, user, actor, now }: RequestContext, input: CreateCampaignInput) {
  const list = await repo.findList(db, input.listId);
  if (!list || !isInOrgScope(scopeOf(user), list.orgUnitPath))
    throw invalidField('listId', 'LIST_NOT_FOUND', '名单不存在');
  if (list.status !== 'ready') throw invalidField('listId', 'LIST_NOT_READY', '名单尚未导入成功，不能发起提醒');
  const template = input.template?.trim() || defaultTemplates[input.kind];
  const unknown = unknownPlaceholders(template);
  if (unknown.length > 0) {
    throw invalidField(
      'template',
      'TEMPLATE_PLACEHOLDER_UNKNOWN',
      `模板中的占位符不可用：${unknown.map((p) => `{${p}}`).join('、')}`,
    );
  }
  let agents: Awaited<ReturnType<typeof listCallbackAgents>> = [];
  if (input.channel === 'callback') {
    const allowed = new Map((await listCallbackAgents(db, user)).map((a) => [a.id, a]));
    const ids = [...new Set(input.agentIds ?? [])];
    if (ids.length === 0) throw invalidField('agentIds', 'AGENTS_REQUIRED', '坐席回访须至少选择一名坐席');
    const missing = ids.filter((id) => !allowed.has(id));
    if (missing.length > 0)
      throw invalidField('agentIds', 'AGENT_NOT_ALLOWED', '所选坐席不存在、已停用或不在您的管辖范围内');
    agents = ids.map((id) => allowed.get(id)!);
  }
  const deadline = input.deadline ?? (await deadlineOn(db, shanghaiDate(now))).next.deadline;
  const range = await repo.memberIdRange(db, list.id);

  const campaignId = await db.transaction().execute(async (trx) => {
    const id = await repo.insertCampaign(trx, {
      name: input.name,
      kind: input.kind,
      channel: input.channel,
      listId: list.id,
      orgUnitId: user.orgUnitId,
      period: input.period,
      deadline,
      template,
      total: range.count,
      createdBy: user.id,
      now,
    });
    await writeAudit(trx, actor, now, {
      action: 'reminders.campaign_create',
      entityType: 'reminder_campaign',
      entityId: id,
      after: { ...input, template, deadline, total: range.count },
    });
    return id;
  });

  if (input.channel === 'sms') await queueSmsCampaign(db, campaignId, now);
  else await assignCallbackTasks(db, campaignId, list.id, agents, now);
  return getCampaign(db, user, campaignId);
}

/**
 * Queues the SMS of a campaign that is `queuing`; idempotent, so a campaign whose queuing was cut off
 * by a restart is finished by running it again.
 */
export async function queueSmsCampaign(db: Db, campaignId: number, now: Date): Promise<void> {
  const campaign = await repo.findCampaign(db, campaignId);
  if (campaign?.status !== 'queuing') return;
  const range = await repo.memberIdRange(db, campaign.listId);
  const dedupePrefix = `${campaign.kind}:${campaign.period}:`;
  for (let from = range.first; range.count > 0 && from <= range.last; from += QUEUE_CHUNK) {
    await db.transaction().execute((trx) =>
      repo.queueSmsRange(trx, {
        campaignId,
        listId: campaign.listId,
        dedupePrefix,
        fromId: from,
        toId: Math.min(from + QUEUE_CHUNK - 1, range.last),
        now,
      }),
    );
  }
  const queued = Object.values(await repo.countSms(db, campaignId)).reduce((a, b) => a + b, 0);
  const optedOut = await repo.countOptedOutMembers(db, campaign.listId);
  await repo.moveCampaign(db, campaignId, 'queuing', 'active', {
    queued,
    skipped_opt_out: optedOut,
    skipped_duplicate: Math.max(0, range.count - queued - optedOut),
  });
}

async function assignCallbackTasks(
  db: Db,
  campaignId: number,
  listId: number,
  agents: ReadonlyArray<{ id: number; name: string }>,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const perAgent = new Map<number, number>();
    let afterId = 0;
    let index = 0;
    for (;;) {
      const ids = await repo.findMemberIds(trx, listId, afterId, 1000);
      if (ids.length === 0) break;
      const rows = ids.map((memberId) => {
        const agent = agents[index++ % agents.length]!;
        perAgent.set(agent.id, (perAgent.get(agent.id) ?? 0) + 1);
        return { campaignId, memberId, agentId: agent.id };
      });
      await repo.insertCallbackTasks(trx, rows, now);
      afterId = ids[ids.length - 1]!;
    }
    for (const [agentId, count] of perAgent) {
      await notifyUser(
        trx,
        {
          userId: agentId,
          kind: 'reminder_callback',
          title: `您有 ${count} 条回访提醒任务`,
          body: '请在“提醒服务 → 我的回访任务”中逐一回访并登记结果。',
          link: '/reminders?tab=tasks',
          dedupeKey: `reminders:callback:${campaignId}:${agentId}`,
        },
        now,
      );
    }
    const total = [...perAgent.values()].reduce((a, b) => a + b, 0);
    await repo.moveCampaign(trx, campaignId, 'queuing', total > 0 ? 'active' : 'completed', {
      queued: total,
      ...(total > 0 ? {} : { completed_at: now.toISOString() }),
    });
  });
}

function publicCampaign(c: NonNullable<Awaited<ReturnType<typeof repo.findCampaign>>>) {
  const { orgUnitPath: _p, ...rest } = c;
  return {
    ...rest,
    kindName: reminderKindNames[c.kind],
    channelName: reminderChannelNames[c.channel],
  };
}

async function requireCampaign(db: Db, user: CurrentUser, id: number) {
  const campaign = await repo.findCampaign(db, id);
  if (!campaign || !isInOrgScope(scopeOf(user), campaign.orgUnitPath))
    throw notFound('CAMPAIGN_NOT_FOUND', '提醒任务不存在');
  return campaign;
}

export async function listCampaigns(db: Db, user: CurrentUser) {
  return (await repo.findCampaigns(db, scopeOf(user), 200)).map(publicCampaign);
}

/** A campaign with its progress: SMS by status, or callback tasks by result and by agent. */
export async function getCampaign(db: Db, user: CurrentUser, id: number) {
  const campaign = await requireCampaign(db, user, id);
  if (campaign.channel === 'sms') {
    const byStatus = await repo.countSms(db, id);
    const done =
      (byStatus.sent ?? 0) +
      (byStatus.delivered ?? 0) +
      (byStatus.failed ?? 0) +
      (byStatus.opted_out ?? 0) +
      (byStatus.cancelled ?? 0);
    return {
      ...publicCampaign(campaign),
      progress: {
        byStatus: Object.fromEntries(smsStatuses.map((s) => [s, { name: smsStatusNames[s], count: byStatus[s] ?? 0 }])),
        done,
        total: campaign.queued,
      },
    };
  }
  const rows = await repo.countCallbacks(db, id);
  const byResult = Object.fromEntries(
    callbackResults.map((r) => [
      r,
      {
        name: callbackResultNames[r],
        count: rows.filter((x) => x.status === 'done' && x.result === r).reduce((a, x) => a + x.n, 0),
      },
    ]),
  );
  const agents = new Map<number, { agentId: number; agentName: string; pending: number; done: number }>();
  for (const r of rows) {
    const a = agents.get(r.agentId) ?? { agentId: r.agentId, agentName: r.agentName, pending: 0, done: 0 };
    if (r.status === 'pending') a.pending += r.n;
    if (r.status === 'done') a.done += r.n;
    agents.set(r.agentId, a);
  }
  const done = rows.filter((r) => r.status === 'done').reduce((a, r) => a + r.n, 0);
  return {
    ...publicCampaign(campaign),
    progress: { byResult, byAgent: [...agents.values()], done, total: campaign.queued },
  };
}

/** The recipients of a campaign and what happened to each; phone numbers masked. */
export async function listRecipients(
  db: Db,
  user: CurrentUser,
  id: number,
  filter: RecipientFilter,
  page: { limit: number; offset: number },
  now: Date,
) {
  const campaign = await requireCampaign(db, user, id);
  if (campaign.channel === 'sms') {
    const result = await repo.findSmsRecipients(db, id, filter, page);
    // A message held by the quiet hours says so, and when it goes.
    const settings = await loadSmsSettings(db);
    const queuedName = isQuietHour(now, settings.quietStart, settings.quietEnd)
      ? `${smsStatusNames.queued}（免打扰时段，${settings.quietEnd} 后发送）`
      : smsStatusNames.queued;
    return {
      total: result.total,
      items: result.items.map((r) => ({
        ...r,
        phone: maskPhone(r.phone),
        statusName: r.status === 'queued' ? queuedName : smsStatusNames[r.status],
      })),
    };
  }
  const result = await repo.findCallbackRecipients(db, id, filter, page);
  return {
    total: result.total,
    items: result.items.map((r) => ({
      ...r,
      phone: maskPhone(r.phone),
      resultName: r.result ? callbackResultNames[r.result] : null,
    })),
  };
}

const RECIPIENT_EXPORT_BATCH = 250;
/** Excel's sheet holds 1,048,576 rows: one export stops at a round million below it. */
const EXPORT_MAX_ROWS = 1_000_000;
const taskStatusNames: Record<CallbackTaskStatus, string> = { pending: '待回访', done: '已完成', cancelled: '已取消' };
/** The name of a recipient filter: an SMS status's first, then a callback result's, then a task status's. */
const recipientStatusNames: Record<RecipientStatus, string> = {
  ...taskStatusNames,
  ...callbackResultNames,
  ...smsStatusNames,
};
const formatShanghai = (iso: string | null) => (iso ? toShanghaiIso(new Date(iso)).slice(0, 19).replace('T', ' ') : '');

/**
 * The recipients of a campaign as an .xlsx stream, read in keyset batches by id as the list orders
 * them; phone numbers masked as in the list. The export is audited.
 */
export async function exportRecipients({ db, user, actor, now }: RequestContext, id: number, filter: RecipientFilter) {
  const campaign = await requireCampaign(db, user, id);
  await db.transaction().execute((trx) =>
    writeAudit(trx, actor, now, {
      action: 'reminder.campaign.export',
      entityType: 'reminder_campaign',
      entityId: String(id),
      after: { filter },
    }),
  );
  const filters: XlsxFilter[] = [{ label: '提醒任务', value: campaign.name }];
  if (filter.status) {
    filters.push({ label: campaign.channel === 'sms' ? '状态' : '结果', value: recipientStatusNames[filter.status] });
  }
  const isSms = campaign.channel === 'sms';
  async function* rows() {
    let afterId: number | null = null;
    let written = 0;
    for (;;) {
      const limit = Math.min(RECIPIENT_EXPORT_BATCH, EXPORT_MAX_ROWS - written);
      const batch: Array<Record<string, unknown> & { id: number }> = isSms
        ? (await repo.findSmsRecipientBatch(db, id, filter, afterId, limit)).map((r) => ({
            id: r.id,
            taxpayerName: r.taxpayerName,
            taxpayerId: r.taxpayerId,
            phone: maskPhone(r.phone),
            status: smsStatusNames[r.status],
            attempts: r.attempts,
            sentAt: formatShanghai(r.sentAt),
            deliveredAt: formatShanghai(r.deliveredAt),
            lastError: r.lastError ?? '',
          }))
        : (await repo.findCallbackRecipientBatch(db, id, filter, afterId, limit)).map((r) => ({
            id: r.id,
            taxpayerName: r.taxpayerName,
            taxpayerId: r.taxpayerId,
            phone: maskPhone(r.phone),
            agentName: r.agentName,
            result: r.result ? callbackResultNames[r.result] : taskStatusNames[r.status],
            attempts: r.attempts,
            note: r.note ?? '',
            doneAt: formatShanghai(r.doneAt),
          }));
      yield* batch;
      written += batch.length;
      if (batch.length < limit) return;
      afterId = batch.at(-1)!.id;
      if (written >= EXPORT_MAX_ROWS) {
        const more = isSms
          ? await repo.findSmsRecipientBatch(db, id, filter, afterId, 1)
          : await repo.findCallbackRecipientBatch(db, id, filter, afterId, 1);
        if (more.length > 0) yield { taxpayerName: `已达单次导出上限 ${EXPORT_MAX_ROWS} 行，请缩小筛选范围后分批导出` };
        return;
      }
    }
  }
  const common = [
    { header: '纳税人', key: 'taxpayerName', width: 24 },
    { header: '纳税人识别号', key: 'taxpayerId', width: 22 },
    { header: '手机号码', key: 'phone', width: 14 },
  ];
  return streamXlsx({
    exportedAt: now,
    sheets: [
      {
        name: '提醒对象',
        filters,
        columns: isSms
          ? [
              ...common,
              { header: '状态', key: 'status', width: 12 },
              { header: '发送次数', key: 'attempts', width: 8 },
              { header: '发送时间', key: 'sentAt', width: 20 },
              { header: '送达时间', key: 'deliveredAt', width: 20 },
              { header: '说明', key: 'lastError', width: 30 },
            ]
          : [
              ...common,
              { header: '坐席', key: 'agentName', width: 10 },
              { header: '结果', key: 'result', width: 12 },
              { header: '拨打次数', key: 'attempts', width: 8 },
              { header: '备注', key: 'note', width: 30 },
              { header: '完成时间', key: 'doneAt', width: 20 },
            ],
        rows: rows(),
      },
    ],
  });
}

/** Stops a campaign: queued SMS are not sent, pending callback tasks are withdrawn. */
export async function cancelCampaign({ db, user, actor, now }: RequestContext, id: number) {
  const campaign = await requireCampaign(db, user, id);
  const from = campaign.status;
  if (!canMoveCampaign(from, 'cancelled')) throw conflict('CAMPAIGN_NOT_CANCELLABLE', '该提醒任务已结束，不能取消');
  await db.transaction().execute(async (trx) => {
    if (!(await repo.moveCampaign(trx, id, from, 'cancelled', { completed_at: now.toISOString() }))) {
      throw conflict('CAMPAIGN_CHANGED', '提醒任务状态已变化，请刷新后重试');
    }
    if (campaign.channel === 'sms') await repo.cancelOpenSms(trx, id, now);
    else await repo.cancelPendingCallbacks(trx, id, now);
    await writeAudit(trx, actor, now, {
      action: 'reminders.campaign_cancel',
      entityType: 'reminder_campaign',
      entityId: id,
      before: { status: from },
      after: { status: 'cancelled' },
    });
  });
  return getCampaign(db, user, id);
}

// ---- callback tasks ----

/** The caller's own callback tasks, with the full phone number they need to call. */
export async function listMyTasks(db: Db, user: CurrentUser, status: 'pending' | 'done') {
  return (await repo.findTasksOfAgent(db, user.id, status)).map((t) => ({
    ...t,
    amountDueFen: t.amountDueFen === null ? null : Number(t.amountDueFen),
    kindName: reminderKindNames[t.kind],
    resultName: t.result ? callbackResultNames[t.result] : null,
  }));
}

/**
 * Records the result of a call. `unreachable` keeps the task open for another try until the third
 * call; any other result closes it. Only the agent who holds the task records it.
 */
export async function recordCallResult(
  { db, user, actor, now }: RequestContext,
  id: number,
  input: { result: CallbackResult; note: string | null },
) {
  return db.transaction().execute(async (trx) => {
    const task = await repo.findTask(trx, id);
    if (!task) throw notFound('TASK_NOT_FOUND', '回访任务不存在');
    if (task.agentId !== user.id) throw forbidden('TASK_NOT_YOURS', '这不是您的回访任务');
    if (task.status !== 'pending') throw conflict('TASK_CLOSED', '该回访任务已结束');
    const attempts = task.attempts + 1;
    const status: CallbackTaskStatus =
      input.result === 'unreachable' && attempts < MAX_CALL_ATTEMPTS ? 'pending' : 'done';
    if (
      !(await repo.updateTask(trx, id, task.attempts, {
        status,
        result: input.result,
        note: input.note,
        attempts,
        now,
      }))
    ) {
      throw conflict('TASK_CHANGED', '回访任务已被更新，请刷新后重试');
    }
    await writeAudit(trx, actor, now, {
      action: 'reminders.callback_result',
      entityType: 'callback_task',
      entityId: id,
      before: { status: task.status, result: task.result, attempts: task.attempts },
      after: { status, result: input.result, attempts },
    });
    if (status === 'done' && (await repo.countPendingCallbacks(trx, task.campaignId)) === 0) {
      await repo.moveCampaign(trx, task.campaignId, 'active', 'completed', { completed_at: now.toISOString() });
    }
    return { id, status, result: input.result, resultName: callbackResultNames[input.result], attempts };
  });
}

/** Marks active SMS campaigns with nothing left to send as completed; resumes queuing cut off by a restart. */
export async function sweepCampaigns(db: Db, now: Date): Promise<{ completed: number; resumed: number }> {
  let completed = 0;
  let resumed = 0;
  for (const c of await repo.findCampaignsInStatus(db, 'active', 'sms')) {
    if ((await repo.countOpenSms(db, c.id)) === 0) {
      if (await repo.moveCampaign(db, c.id, 'active', 'completed', { completed_at: now.toISOString() })) completed += 1;
    }
  }
  const stalledBefore = new Date(now.getTime() - 5 * 60_000).toISOString();
  for (const c of await repo.findCampaignsInStatus(db, 'queuing', 'sms')) {
    if (c.startedAt && c.startedAt < stalledBefore) {
      await queueSmsCampaign(db, c.id, now);
      resumed += 1;
    }
  }
  await repo.failStalledLists(db, new Date(now.getTime() - 60 * 60_000), now);
  return { completed, resumed };
}
