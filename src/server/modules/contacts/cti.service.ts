import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type CallEventInput,
  type CallFilters,
  type IncomingCall,
  type IntegrationKind,
  repeatableCallEvents,
} from '../../../shared/contacts';
import { maskPhone } from '../../../shared/taxpayer-id';
import type { Db, Tx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import type { CurrentUser } from '../../platform/auth/current-user';
import { scopeOf } from '../../platform/auth/scope';
import { isSealed, openValue } from '../../platform/crypto';
import { addDays, shanghaiMidnight, toShanghaiIso } from '../../platform/dates';
import { conflict, invalidField, notFound, unauthorized } from '../../platform/errors';
import type { AnonymousContext, RequestContext } from '../../platform/request-context';
import { streamXlsx, type XlsxFilter } from '../../platform/xlsx';
import { listUsersWithRoles } from '../accounts';
import { satisfactionOfIvrPath } from './contact';
import { mayLookUpReporters } from './contact-access';
import { findUserNames } from './contacts.repository';
import * as repo from './cti.repository';
import { assertCallerLookupAllowed } from './lookup-limit';
import { recordIvrSurvey, recordSmsReply } from './surveys.service';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The integration a bearer token belongs to: `default` (TAXLINE_CTI_TOKEN) or `integration:<id>`; 401 otherwise. */
export async function authenticateIntegration(
  db: Db,
  defaultCtiToken: string | undefined,
  authorization: string | undefined,
  kind: IntegrationKind,
): Promise<string> {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) throw unauthorized('INTEGRATION_TOKEN_MISSING', '缺少接口令牌（Authorization: Bearer …）');
  const hash = sha256(token);
  if (kind === 'cti' && defaultCtiToken) {
    const expected = Buffer.from(sha256(defaultCtiToken));
    if (timingSafeEqual(Buffer.from(hash), expected)) return 'default';
  }
  const integration = await repo.findActiveIntegrationByHash(db, hash);
  if (!integration || integration.kind !== kind)
    throw unauthorized('INTEGRATION_TOKEN_INVALID', '接口令牌无效或已停用');
  return `integration:${integration.id}`;
}

async function resolveAgent(trx: Tx, user: string | undefined) {
  if (!user) return undefined;
  const agent = await repo.findUserByUsernameOrExtension(trx, user);
  if (!agent)
    throw invalidField(
      'user',
      'CTI_USER_UNKNOWN',
      `找不到用户名或分机号为 ${user} 的坐席，请先在“分机与CTI”中配置分机`,
    );
  return agent;
}

async function pushIncomingCall(trx: Tx, agentId: number, call: IncomingCall, now: Date) {
  await repo.insertPushEvent(trx, { userId: agentId, kind: 'call.incoming', payload: call, now });
}

/**
 * Applies one PBX event. Idempotent: the same event of the same call again (for the repeatable
 * hold/unhold: at the same PBX time) changes nothing and reports `duplicate`. Times come from the
 * PBX's `at` (the receipt time when an original event omits it), so the call-centre figures never
 * depend on when taxline heard of an event. `newCall` (or `answer`) to an agent pops the call in that
 * agent's browser; `hangup` stores the duration and, when the caller rated in the IVR, the survey.
 */
export async function handleCallEvent({ db, actor, now }: AnonymousContext, source: string, input: CallEventInput) {
  const at = input.at === undefined ? now : new Date(input.at);
  const atIso = at.toISOString();
  return db.transaction().execute(async (trx) => {
    if (input.event === 'newCall') {
      const agent = await resolveAgent(trx, input.user);
      const id = await repo.insertCall(trx, {
        source,
        call_id: input.callId,
        from_number: input.from,
        to_number: input.to,
        direction: input.direction,
        agent_id: agent?.id ?? null,
        queue: input.queue ?? null,
        ivr_path: input.ivrPath ?? null,
        cause: null,
        recording_url: null,
        started_at: atIso,
        answered_at: null,
        ended_at: null,
        queued_at: null,
        ringing_at: null,
        abandoned_at: null,
        abandon_where: null,
        held_since: null,
        voicemail_url: null,
        duration_seconds: null,
        survey_key: null,
        contact_id: null,
        created_at: now.toISOString(),
      });
      if (id === undefined) {
        const existing = (await repo.findCall(trx, source, input.callId))!;
        return { status: 'duplicate' as const, callRecordId: existing.id };
      }
      await repo.insertCallEvent(trx, {
        callRef: id,
        event: 'newCall',
        dedupKey: 'newCall',
        payload: input,
        occurredAt: at,
        now,
      });
      if (agent && input.direction === 'in') {
        await pushIncomingCall(
          trx,
          agent.id,
          {
            callRecordId: id,
            callId: input.callId,
            from: input.from,
            to: input.to,
            queue: input.queue ?? null,
            ivrPath: input.ivrPath ?? null,
            at: toShanghaiIso(at),
          },
          now,
        );
      }
      return { status: 'recorded' as const, callRecordId: id };
    }

    const call = await repo.findCall(trx, source, input.callId);
    if (!call) throw notFound('CALL_NOT_FOUND', `未找到通话 ${input.callId}：请先发送 newCall 事件`);
    // The events of a call registered as a reporter's contact keep its caller sealed, like the call.
    const payload = isSealed(call.from_number) ? repo.sealedEventPayload(input) : input;
    const dedupKey = repeatableCallEvents.includes(input.event) ? `${input.event}@${atIso}` : input.event;
    const isNew = await repo.insertCallEvent(trx, {
      callRef: call.id,
      event: input.event,
      dedupKey,
      payload,
      occurredAt: at,
      now,
    });
    if (!isNew) return { status: 'duplicate' as const, callRecordId: call.id };
    const recorded = { status: 'recorded' as const, callRecordId: call.id };
    /** Seconds of a hold still open at `at`, added to the call's hold time when it ends. */
    const closedHold = () =>
      call.held_since === null
        ? {}
        : {
            held_since: null,
            hold_seconds: call.hold_seconds + secondsBetween(call.held_since, at),
          };

    switch (input.event) {
      case 'queued':
        await repo.updateCall(trx, call.id, { queued_at: atIso, ...(input.queue ? { queue: input.queue } : {}) });
        return recorded;
      case 'ringing':
        // The first offer to an agent counts: ring-to-answer is measured from it.
        if (call.ringing_at === null) await repo.updateCall(trx, call.id, { ringing_at: atIso });
        return recorded;
      case 'hold':
        if (call.held_since === null) await repo.updateCall(trx, call.id, { held_since: atIso });
        return recorded;
      case 'unhold':
        if (call.held_since !== null) await repo.updateCall(trx, call.id, closedHold());
        return recorded;
      case 'abandon':
        await repo.updateCall(trx, call.id, { abandoned_at: atIso, abandon_where: input.where ?? null });
        return recorded;
      case 'voicemail':
        await repo.updateCall(trx, call.id, { voicemail_url: input.recordingUrl ?? null });
        return recorded;
      case 'answer':
        break;
      case 'hangup': {
        const talkStart = call.answered_at ?? call.started_at;
        const rating = satisfactionOfIvrPath(input.ivrPath);
        await repo.updateCall(trx, call.id, {
          ended_at: atIso,
          duration_seconds: secondsBetween(talkStart, at),
          cause: input.cause ?? null,
          recording_url: input.recordingUrl ?? null,
          ...closedHold(),
          ...(input.ivrPath ? { ivr_path: input.ivrPath } : {}),
          ...(rating && call.contact_id === null ? { survey_key: rating } : {}),
        });
        if (rating && call.contact_id !== null) {
          await recordIvrSurvey({ db: trx, actor, now }, call.contact_id, rating);
        }
        return recorded;
      }
    }

    const agent = await resolveAgent(trx, input.user);
    await repo.updateCall(trx, call.id, {
      answered_at: atIso,
      ...(agent ? { agent_id: agent.id } : {}),
      ...(input.queue ? { queue: input.queue } : {}),
    });
    // A queued call reaches its agent only when answered: that is when their browser pops.
    if (agent && call.agent_id !== agent.id && call.direction === 'in') {
      await pushIncomingCall(
        trx,
        agent.id,
        {
          callRecordId: call.id,
          callId: call.call_id,
          from: openValue(call.from_number),
          to: call.to_number,
          queue: input.queue ?? call.queue,
          ivrPath: call.ivr_path,
          at: toShanghaiIso(at),
        },
        now,
      );
    }
    return recorded;
  });
}

/** Whole seconds from an ISO instant to `to`, never negative (PBX clocks and retries may disagree). */
function secondsBetween(fromIso: string, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - new Date(fromIso).getTime()) / 1000));
}

/** An inbound SMS from the gateway: kept once per message id, and read as a survey reply when it is one. */
export async function handleInboundSms(
  { db, actor, now }: AnonymousContext,
  source: string,
  input: { messageId: string; from: string; text: string },
) {
  return db.transaction().execute(async (trx) => {
    const inboundId = await repo.insertSmsInbound(trx, { source, ...input, now });
    if (inboundId === undefined) return { status: 'duplicate' as const, surveyRecorded: false };
    const result = await recordSmsReply({ db: trx, actor, now }, { inboundId, from: input.from, text: input.text });
    return {
      status: 'recorded' as const,
      surveyRecorded: result.recorded,
      ...(result.reason ? { reason: result.reason } : {}),
    };
  });
}

/** Whether the session behind an open event stream is still live (checked while the stream is open). */
export const isSessionLive = (db: Db, sessionId: string, now: Date) => repo.isSessionLive(db, sessionId, now);

// ---- administration ----

/** Integrations (their token hints only) and whether the default CTI token is configured. */
export async function listIntegrations(db: Db, defaultCtiToken: string | undefined) {
  const rows = await repo.findIntegrations(db);
  return {
    defaultCtiConfigured: defaultCtiToken !== undefined,
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      tokenHint: r.token_hint,
      isActive: r.is_active === 1,
      createdAt: toShanghaiIso(new Date(r.created_at)),
      createdBy: r.created_by_name,
      revokedAt: r.revoked_at ? toShanghaiIso(new Date(r.revoked_at)) : null,
    })),
  };
}

/** A new integration with its own token: the token is returned this once and only its hash is stored. */
export async function createIntegration(
  { db, user, actor, now }: RequestContext,
  input: { name: string; kind: IntegrationKind },
) {
  const token = `tl_${randomBytes(24).toString('base64url')}`;
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertIntegration(trx, {
      name: input.name,
      kind: input.kind,
      tokenHash: sha256(token),
      tokenHint: `…${token.slice(-4)}`,
      createdBy: user.id,
      now,
    });
    await writeAudit(trx, actor, now, {
      action: 'integration.create',
      entityType: 'integration',
      entityId: id,
      after: { name: input.name, kind: input.kind },
    });
    return { id, name: input.name, kind: input.kind, token };
  });
}

export async function revokeIntegration({ db, actor, now }: RequestContext, id: number) {
  await db.transaction().execute(async (trx) => {
    if ((await repo.revokeIntegration(trx, id, now)) !== 1) {
      throw conflict('INTEGRATION_NOT_ACTIVE', '该接口不存在或已停用');
    }
    await writeAudit(trx, actor, now, { action: 'integration.revoke', entityType: 'integration', entityId: id });
  });
}

/**
 * The extension mapping: agents and team leads (with an extension or not) and anyone else holding an
 * extension, disabled accounts included; by extension (those without one first), then id. Read from
 * the accounts module's user directory.
 */
export async function listExtensions(db: Db) {
  const [staff, holders] = await Promise.all([
    listUsersWithRoles(db, { roles: ['agent', 'team_lead'], activeOnly: false }),
    listUsersWithRoles(db, { hasExtension: true, activeOnly: false }),
  ]);
  const byId = new Map([...staff, ...holders].map((u) => [u.id, u]));
  return [...byId.values()]
    .sort((a, b) => {
      if (a.extension === b.extension) return a.id - b.id;
      if (a.extension === null) return -1;
      if (b.extension === null) return 1;
      return a.extension < b.extension ? -1 : 1;
    })
    .map((u) => ({
      userId: u.id,
      username: u.username,
      name: u.name,
      extension: u.extension,
      orgUnitName: u.orgUnitName,
      isDisabled: u.isDisabled,
    }));
}

/** GET /api/cti/calls: a page of the call log; a search by phone counts against the user's lookups. */
export async function searchCalls(
  { db, user, now }: RequestContext,
  query: CallFilters,
  cursor: { startedAt: string; id: number } | null,
  limit: number,
) {
  if (query.phone) await assertCallerLookupAllowed(db, user, now);
  return listCalls(db, user, callFilterOf(query), cursor, limit);
}

/**
 * The call log: agents see their own calls, users who monitor (team leads, director) the calls of
 * agents in their scope and calls that reached no agent. The caller of a reporter's contact is masked
 * for everybody, as its case shows the reporter, and a search by phone never finds it (but for those
 * who may see reporters).
 */
async function listCalls(
  db: Db,
  user: CurrentUser,
  filter: Omit<repo.CallFilter, 'scope'>,
  cursor: { startedAt: string; id: number } | null,
  limit: number,
) {
  const monitors = user.permissions.includes('transfers.monitor');
  const scoped = { ...filter, mayMatchReporters: mayLookUpReporters(user) };
  const rows = await repo.findCallPage(
    db,
    monitors ? { ...scoped, scope: scopeOf(user) } : { ...scoped, agentId: user.id },
    cursor,
    limit + 1,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((k) => ({
      id: k.id,
      callId: k.call_id,
      from: k.agent_id === user.id && k.case_no === null ? k.from_number : maskPhone(openValue(k.from_number)),
      to: k.to_number,
      direction: k.direction,
      agentId: k.agent_id,
      agentName: k.agent_name,
      agentExtension: k.agent_extension,
      queue: k.queue,
      ivrPath: k.ivr_path,
      cause: k.cause,
      recordingUrl: k.recording_url,
      startedAt: toShanghaiIso(new Date(k.started_at)),
      answeredAt: k.answered_at ? toShanghaiIso(new Date(k.answered_at)) : null,
      endedAt: k.ended_at ? toShanghaiIso(new Date(k.ended_at)) : null,
      durationSeconds: k.duration_seconds,
      contactId: k.contact_id,
      contactNo: k.contact_no,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor({ startedAt: last.started_at, id: last.id }) : null,
  };
}

export function encodeCursor(cursor: { startedAt: string; id: number }): string {
  return Buffer.from(`${cursor.startedAt}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(value: string | undefined): { startedAt: string; id: number } | null {
  if (!value) return null;
  const [startedAt, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!startedAt || !id || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(startedAt) || !/^\d+$/.test(id)) {
    throw invalidField('cursor', 'INVALID_CURSOR', '翻页参数无效，请从第一页重新查询');
  }
  return { startedAt, id: Number(id) };
}

/** A call-log query turned into the repository's filter (Shanghai days → UTC instants, end exclusive). */
export function callFilterOf(query: CallFilters): Omit<repo.CallFilter, 'scope'> {
  return {
    from: query.from ? shanghaiMidnight(query.from).toISOString() : undefined,
    to: query.to ? shanghaiMidnight(addDays(query.to, 1)).toISOString() : undefined,
    agentId: query.agentId,
    phone: query.phone,
  };
}

/** Excel's sheet holds 1,048,576 rows: one export stops at a round million below it (as the contact log's). */
const EXPORT_MAX_ROWS = 1_000_000;
// Small batches, as in the contact-log export: a batch lives while the writer waits for the socket.
const CALL_EXPORT_BATCH = 250;
const formatShanghai = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') : '');

/**
 * The filtered call log as an .xlsx stream (通话记录), read in keyset batches of the list's own query
 * with the list's visibility (own calls for agents, the scope for monitors) and masking (others'
 * caller numbers masked). The export is audited.
 */
export async function exportCalls({ db, user, actor, now }: RequestContext, query: CallFilters) {
  if (query.phone) await assertCallerLookupAllowed(db, user, now);
  await db.transaction().execute((trx) =>
    writeAudit(trx, actor, now, {
      action: 'call.export',
      entityType: 'calls',
      entityId: 'export',
      // A number searched for may be a reporter's: the audit log keeps it masked.
      after: { filter: query.phone ? { ...query, phone: maskPhone(query.phone) } : query },
    }),
  );
  const filters: XlsxFilter[] = [];
  if (query.from) filters.push({ label: '开始日期', value: query.from });
  if (query.to) filters.push({ label: '结束日期', value: query.to });
  if (query.agentId !== undefined) {
    const names = await findUserNames(db, [query.agentId]);
    filters.push({ label: '坐席', value: names.get(query.agentId) ?? String(query.agentId) });
  }
  if (query.phone) filters.push({ label: '主叫号码', value: maskPhone(query.phone) });
  const filter = callFilterOf(query);
  async function* rows() {
    let cursor: { startedAt: string; id: number } | null = null;
    let written = 0;
    for (;;) {
      const limit = Math.min(CALL_EXPORT_BATCH, EXPORT_MAX_ROWS - written);
      const page = await listCalls(db, user, filter, cursor, limit);
      written += page.items.length;
      for (const k of page.items) {
        yield {
          startedAt: formatShanghai(k.startedAt),
          from: k.from,
          to: k.to,
          direction: k.direction === 'in' ? '呼入' : '呼出',
          agent: k.agentName ? `${k.agentName}（${k.agentExtension ?? '—'}）` : '未接入坐席',
          queue: k.queue ?? '',
          ivrPath: k.ivrPath ?? '',
          answeredAt: formatShanghai(k.answeredAt),
          endedAt: formatShanghai(k.endedAt),
          durationSeconds: k.durationSeconds,
          cause: k.cause ?? '',
          recordingUrl: k.recordingUrl ?? '',
          contactNo: k.contactNo ?? '未登记',
        };
      }
      if (!page.nextCursor) return;
      if (written >= EXPORT_MAX_ROWS) {
        yield { startedAt: `已达单次导出上限 ${EXPORT_MAX_ROWS} 行，请缩小筛选范围后分批导出` };
        return;
      }
      cursor = decodeCursor(page.nextCursor);
    }
  }
  return streamXlsx({
    exportedAt: now,
    sheets: [
      {
        name: '通话记录',
        filters,
        columns: [
          { header: '开始时间', key: 'startedAt', width: 20 },
          { header: '主叫', key: 'from', width: 16 },
          { header: '被叫', key: 'to', width: 14 },
          { header: '方向', key: 'direction', width: 8 },
          { header: '坐席', key: 'agent', width: 16 },
          { header: '队列', key: 'queue', width: 10 },
          { header: '按键', key: 'ivrPath', width: 12 },
          { header: '接听时间', key: 'answeredAt', width: 20 },
          { header: '挂机时间', key: 'endedAt', width: 20 },
          { header: '时长（秒）', key: 'durationSeconds', width: 10 },
          { header: '挂机原因', key: 'cause', width: 14 },
          { header: '录音', key: 'recordingUrl', width: 40 },
          { header: '来电登记', key: 'contactNo', width: 20 },
        ],
        rows: rows(),
      },
    ],
  });
}
