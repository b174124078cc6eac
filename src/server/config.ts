import path from 'node:path';
import { z } from 'zod';
import { parseDataKey } from './platform/crypto';

const dataKeySchema = z
  .string()
  .refine((value) => parseDataKey(value) !== undefined, 'must be 32 bytes in base64 (openssl rand -base64 32)');

/** The one place that reads process.env. */
const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  TAXLINE_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  TAXLINE_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  TAXLINE_CTI_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TAXLINE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TAXLINE_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  TAXLINE_CLOCK: z.iso.datetime({ offset: true }).optional(),
  TAXLINE_TRUST_PROXY: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], 'must be IP addresses or CIDR ranges, comma-separated'),
      ),
    )
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TAXLINE_DATA_KEY: dataKeySchema.optional(),
  TAXLINE_NEW_DATA_KEY: dataKeySchema.optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demoPassword: string | undefined;
  ctiToken: string | undefined;
  /** The bearer token of GET /metrics; unset: no /metrics. */
  metricsToken: string | undefined;
  /** The first administrator's password for `npm run create-admin` (generated when unset). */
  adminPassword: string | undefined;
  clockStart: Date | undefined;
  logLevel: string;
  /**
   * TAXLINE_DATA_KEY, decoded: the key reporters' identities are sealed with. Required with DATABASE_URL;
   * without it the embedded SQLite setup uses the key file in the data directory.
   */
  dataKey: Buffer | undefined;
  /** TAXLINE_NEW_DATA_KEY, decoded: the key `npm run rotate-key` re-seals with (required with DATABASE_URL). */
  newDataKey: Buffer | undefined;
  /** Addresses (or CIDR ranges) of the reverse proxies whose X-Forwarded-For names the client. */
  trustProxy: string[];
};

/** Every bad key of the environment, one line each. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError listing every bad key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const emptyAsUnset = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = configSchema.safeParse(emptyAsUnset);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && c.TAXLINE_CLOCK) {
    throw new ConfigError(['TAXLINE_CLOCK: never honoured in production; unset it']);
  }
  if (c.DATABASE_URL && !c.TAXLINE_DATA_KEY) {
    throw new ConfigError([
      'TAXLINE_DATA_KEY: required with DATABASE_URL (every instance must seal with the same key; the key file is for the embedded SQLite setup only)',
    ]);
  }
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.TAXLINE_DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    demoPassword: c.TAXLINE_DEMO_PASSWORD,
    ctiToken: c.TAXLINE_CTI_TOKEN,
    metricsToken: c.TAXLINE_METRICS_TOKEN,
    adminPassword: c.TAXLINE_ADMIN_PASSWORD,
    clockStart: c.TAXLINE_CLOCK ? new Date(c.TAXLINE_CLOCK) : undefined,
    logLevel: c.LOG_LEVEL,
    dataKey: c.TAXLINE_DATA_KEY ? parseDataKey(c.TAXLINE_DATA_KEY) : undefined,
    newDataKey: c.TAXLINE_NEW_DATA_KEY ? parseDataKey(c.TAXLINE_NEW_DATA_KEY) : undefined,
    trustProxy: c.TAXLINE_TRUST_PROXY ?? [],
  };
}
