/** SMS settings and opt-outs: what the 提醒服务 page changes, and what the gateway reports back. */
import type { Db } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { forbidden, invalidField, notFound } from '../../platform/errors';
import type { AnonymousContext, RequestContext } from '../../platform/request-context';
import { isOptOutReply, normaliseMobile } from './reminders';
import * as repo from './reminders.repository';
import {
  findSmsSettings,
  hashToken,
  loadSmsSettings,
  publicSmsSettings,
  type SmsSettings,
  saveSmsSettings,
  smsSettingsSchema,
} from './sms-settings';

export async function getSmsSettings(db: Db) {
  return publicSmsSettings(await loadSmsSettings(db));
}

/** Stores the defaults the first time a campaign needs them, so the sender has something to work with. */
export async function ensureSmsSettings(db: Db, now: Date): Promise<void> {
  if (!(await findSmsSettings(db))) await saveSmsSettings(db, await loadSmsSettings(db), now);
}

export type SmsSettingsPatch = Partial<Omit<SmsSettings, 'callbackTokenHash'>> & {
  /** A new token for delivery reports and replies; null removes it. */
  callbackToken?: string | null | undefined;
};

const gatewayFields = ['gateway', 'filePath', 'httpUrl', 'httpBodyTemplate', 'httpToken', 'callbackToken'] as const;

/** Changes the settings; where messages go (the gateway, its address and its secrets) is for administrators only. */
export async function updateSmsSettings({ db, user, actor, now }: RequestContext, patch: SmsSettingsPatch) {
  if (gatewayFields.some((f) => patch[f] !== undefined) && !user.roles.includes('admin')) {
    throw forbidden('GATEWAY_ADMIN_ONLY', '只有系统管理员可以修改短信网关地址和密钥');
  }
  const before = await loadSmsSettings(db);
  const { callbackToken, ...rest } = patch;
  const merged = {
    ...before,
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    ...(callbackToken !== undefined
      ? { callbackTokenHash: callbackToken === null ? null : hashToken(callbackToken) }
      : {}),
  };
  const parsed = smsSettingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidField(String(issue?.path[0] ?? 'body'), 'INVALID_SMS_SETTINGS', issue?.message ?? '短信设置不正确');
  }
  const after = parsed.data;
  if (after.gateway === 'http' && !after.httpUrl)
    throw invalidField('httpUrl', 'GATEWAY_URL_REQUIRED', '使用 HTTP 网关须填写网关地址');
  if (after.gateway === 'http') {
    for (const key of ['{{phone}}', '{{content}}', '{{messageId}}']) {
      if (!after.httpBodyTemplate.includes(key)) {
        throw invalidField('httpBodyTemplate', 'GATEWAY_TEMPLATE_INCOMPLETE', `请求体模板须包含 ${key}`);
      }
    }
  }
  await db.transaction().execute(async (trx) => {
    await saveSmsSettings(trx, after, now);
    await writeAudit(trx, actor, now, {
      action: 'reminders.sms_settings_update',
      entityType: 'setting',
      entityId: 'reminders.sms',
      before: publicSmsSettings(before),
      after: publicSmsSettings(after),
    });
  });
  return publicSmsSettings(after);
}

export async function listOptOuts(db: Db, phone: string | undefined) {
  return repo.findOptOuts(db, phone ? (normaliseMobile(phone) ?? phone) : undefined, 200);
}

export async function addOptOut({ db, actor, now }: RequestContext, input: { phone: string; note: string | null }) {
  const phone = normaliseMobile(input.phone);
  if (!phone) throw invalidField('phone', 'PHONE_INVALID', '手机号码应为 11 位大陆手机号');
  await db.transaction().execute(async (trx) => {
    if (await repo.insertOptOut(trx, { phone, source: 'manual', note: input.note, createdBy: actor.userId, now })) {
      await writeAudit(trx, actor, now, {
        action: 'reminders.opt_out_add',
        entityType: 'sms_opt_out',
        entityId: phone,
        after: input,
      });
    }
  });
  return { phone };
}

export async function removeOptOut({ db, actor, now }: RequestContext, rawPhone: string) {
  const phone = normaliseMobile(rawPhone) ?? rawPhone;
  await db.transaction().execute(async (trx) => {
    if (!(await repo.deleteOptOut(trx, phone))) throw notFound('OPT_OUT_NOT_FOUND', '该号码未退订');
    await writeAudit(trx, actor, now, {
      action: 'reminders.opt_out_remove',
      entityType: 'sms_opt_out',
      entityId: phone,
    });
  });
}

/** A reply from a handset: an opt-out word adds the number to the opt-out list; anything else is ignored. */
export async function recordReply({ db, now }: AnonymousContext, input: { phone: string; text: string }) {
  const phone = normaliseMobile(input.phone);
  if (!phone) throw invalidField('phone', 'PHONE_INVALID', '手机号码应为 11 位大陆手机号');
  if (!isOptOutReply(input.text)) return { optedOut: false };
  await repo.insertOptOut(db, { phone, source: 'sms_reply', note: input.text.slice(0, 50), createdBy: null, now });
  return { optedOut: true };
}
