import type { Db, DialectName } from '../db/connection';
import type { Clock } from './clock';

/** What every module's routes receive from buildApp. */
export interface AppDeps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  version: string;
  isProduction: boolean;
}
