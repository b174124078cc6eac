import pretty from 'pino-pretty';
import type { Role } from '../shared/permissions';

export interface BannerOptions {
  /** The address the server listens on. */
  url: string;
  accounts: ReadonlyArray<{ username: string; name: string; roles: readonly Role[] }>;
  /** How the demo accounts' password is known: set in the environment, generated at this start, or earlier. */
  password: { source: 'environment' } | { source: 'generated'; value: string } | { source: 'earlier' };
  /** SQLite's data folder, or undefined on PostgreSQL. */
  sqliteDataDir: string | undefined;
}

/**
 * The few lines a developer needs after `npm start` outside production: where the app is, whom to sign
 * in as, where the password is, and how to start again from fresh demo data.
 */
export function developmentBanner(options: BannerOptions): string[] {
  const width = Math.max(...options.accounts.map((account) => account.username.length));
  const password =
    options.password.source === 'environment'
      ? 'the value of TAXLINE_DEMO_PASSWORD'
      : options.password.source === 'generated'
        ? `${options.password.value}   (generated now and shown only at this start; keep it)`
        : 'the one printed when the demo data was created (or TAXLINE_DEMO_PASSWORD, if it was set then)';
  const reset = options.sqliteDataDir
    ? `stop the server, delete ${options.sqliteDataDir}, run npm start again`
    : 'stop the server, drop and re-create the database of DATABASE_URL, run npm start again';
  return [
    '',
    '────────────────────────────────────────────────────────────',
    ` taxline (development) is running at ${options.url}`,
    '',
    ' Demo accounts:',
    ...options.accounts.map(
      (account) => `   ${account.username.padEnd(width)}  ${account.name}  (${account.roles.join(', ')})`,
    ),
    ` Password of every demo account: ${password}`,
    ` Fresh demo data: ${reset}`,
    '────────────────────────────────────────────────────────────',
    '',
  ];
}

/** Readable, coloured log lines for a person at a terminal (development only); production keeps JSON. */
export function prettyLogStream(): ReturnType<typeof pretty> {
  return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true });
}
