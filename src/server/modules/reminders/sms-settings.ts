/** The SMS gateway settings, stored in `settings` and changed on the 提醒服务 page. */
import { createHash, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { clockTime, smsGatewayFileName, smsGateways } from '../../../shared/reminders';
import type { DbOrTx } from '../../db/connection';
import { findSetting, upsertSetting } from '../../platform/calendar/calendar.repository';
import { consoleGateway, fileGateway, httpGateway, type SmsGateway } from './sms-gateway';

const SETTINGS_KEY = 'reminders.sms';

export const DEFAULT_GATEWAY_FILE = 'sms-gateway.jsonl';

/** A file name as stored; settings saved before names were required held an absolute path: keep its name only. */
const storedGatewayFileName = z.preprocess((value) => {
  if (typeof value !== 'string' || smsGatewayFileName.safeParse(value).success) return value;
  const name = path.basename(value);
  return smsGatewayFileName.safeParse(name).success ? name : DEFAULT_GATEWAY_FILE;
}, smsGatewayFileName);

export const smsSettingsSchema = z.strictObject({
  gateway: z.enum(smsGateways),
  /** A file name in the instance's data directory (see smsGatewayFileName). */
  filePath: storedGatewayFileName,
  httpUrl: z
    .url({ protocol: /^https?$/, error: '须为 http(s) 地址' })
    .max(500)
    .nullable(),
  httpBodyTemplate: z.string().max(2000),
  /** Sent as `Authorization: Bearer …`; never returned by the API once stored. */
  httpToken: z.string().max(500).nullable(),
  signature: z.string().trim().min(2).max(20),
  ratePerSecond: z.number().int().min(1).max(20_000),
  quietStart: clockTime,
  quietEnd: clockTime,
  maxAttempts: z.number().int().min(1).max(20),
  /** sha256 of the token the gateway presents with delivery reports and replies. */
  callbackTokenHash: z.string().nullable(),
});
export type SmsSettings = z.infer<typeof smsSettingsSchema>;

export const defaultHttpBodyTemplate = '{"phone":"{{phone}}","content":"{{content}}","outId":"{{messageId}}"}';

/** The settings before anybody saved any: the demo file gateway beside the database, 20 a second, quiet 21:00–08:00. */
export function defaultSmsSettings(): SmsSettings {
  return {
    gateway: 'file',
    filePath: DEFAULT_GATEWAY_FILE,
    httpUrl: null,
    httpBodyTemplate: defaultHttpBodyTemplate,
    httpToken: null,
    signature: '【示范省税务局】',
    ratePerSecond: 20,
    quietStart: '21:00',
    quietEnd: '08:00',
    maxAttempts: 5,
    callbackTokenHash: null,
  };
}

export async function loadSmsSettings(db: DbOrTx): Promise<SmsSettings> {
  const stored = await findSetting(db, SETTINGS_KEY);
  if (!stored) return defaultSmsSettings();
  return smsSettingsSchema.parse({ ...defaultSmsSettings(), ...(JSON.parse(stored) as object) });
}

/** The stored settings; null while nobody saved any (the sender then sends nothing). */
export async function findSmsSettings(db: DbOrTx): Promise<SmsSettings | null> {
  const stored = await findSetting(db, SETTINGS_KEY);
  return stored ? smsSettingsSchema.parse(JSON.parse(stored)) : null;
}

export async function saveSmsSettings(db: DbOrTx, settings: SmsSettings, now: Date): Promise<void> {
  await upsertSetting(db, SETTINGS_KEY, JSON.stringify(settings), now);
}

/** The settings as the API shows them: secrets replaced by whether they are set. */
export function publicSmsSettings(s: SmsSettings) {
  const { httpToken, callbackTokenHash, ...rest } = s;
  return { ...rest, hasHttpToken: httpToken !== null, hasCallbackToken: callbackTokenHash !== null };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** True when `token` is the callback token whose hash is stored. */
export function callbackTokenMatches(settings: SmsSettings | null, token: string | undefined): boolean {
  if (!settings?.callbackTokenHash || !token) return false;
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(settings.callbackTokenHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Where a gateway runs: the database holds the file gateway's record, the data directory its file. */
export interface GatewayPlace {
  db: DbOrTx;
  /** This instance's TAXLINE_DATA_DIR; the file gateway refuses to send without it. */
  dataDir: string | undefined;
  log: Pick<FastifyBaseLogger, 'info'>;
  /** The server's clock (the file gateway dates its record with it). */
  now: () => Date;
}

/** The file gateway's file on this instance: the stored name inside the instance's own data directory. */
export function gatewayFilePath(settings: SmsSettings, dataDir: string): string {
  return path.join(dataDir, smsGatewayFileName.parse(settings.filePath));
}

/** The gateway the settings describe. */
export function gatewayOf(settings: SmsSettings, place: GatewayPlace): SmsGateway {
  switch (settings.gateway) {
    case 'file':
      if (!place.dataDir) throw new Error('SMS file gateway: this process has no data directory');
      return fileGateway({ file: gatewayFilePath(settings, place.dataDir), db: place.db, now: place.now });
    case 'console':
      return consoleGateway(place.log);
    case 'http':
      if (!settings.httpUrl) throw new Error('SMS HTTP gateway has no URL');
      return httpGateway({
        url: settings.httpUrl,
        bodyTemplate: settings.httpBodyTemplate,
        token: settings.httpToken,
        timeoutMs: 10_000,
        concurrency: Math.min(32, Math.max(1, Math.ceil(settings.ratePerSecond / 10))),
      });
  }
}
