import type { Db, DialectName } from '../db/connection';
import type { Clock } from './clock';

/** What every module's routes receive from buildApp. */
export interface AppDeps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  version: string;
  isProduction: boolean;
  /** TAXLINE_DATA_DIR: where stored files (attachments, imports) live beside the SQLite database. */
  dataDir: string;
  /** TAXLINE_CTI_TOKEN: the token of the default CTI integration, when set. */
  ctiToken: string | undefined;
  /** Waits before a throttled sign-in attempt is checked (default: a timer; tests pass their own). */
  sleep?: (ms: number) => Promise<void>;
}
