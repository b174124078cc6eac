import type { Db, DialectName } from '../db/connection';
import type { Clock } from './clock';
import type { PoolStats } from './metrics.sources';

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
  /** TAXLINE_METRICS_TOKEN: /metrics exists only when set. */
  metricsToken?: string | undefined;
  /** The PostgreSQL pool's figures for /metrics (absent on SQLite). */
  dbPoolStats?: (() => PoolStats) | undefined;
}
