import { type Kysely, type Migration, Migrator } from 'kysely';
import * as foundation from './migrations/2026-11-27-0001-foundation';
import * as jobsOutbox from './migrations/2026-11-27-0002-jobs-outbox';
import * as contacts from './migrations/2026-11-27-0100-contacts';
import * as cases from './migrations/2026-11-27-0200-cases';
import * as tools from './migrations/2026-11-27-0300-tools';
import * as kb from './migrations/2026-11-27-0400-kb';
import * as reports from './migrations/2026-11-27-0500-reports';
import * as bulletins from './migrations/2026-11-27-0510-bulletins';
import * as performance from './migrations/2026-11-27-0520-performance';
import * as auditActor from './migrations/2026-11-27-0600-audit-actor';
import * as contactLookups from './migrations/2026-12-06-0100-contact-lookups';
import * as loginThrottle from './migrations/2026-12-06-0100-login-throttle';
import * as auditClientRequestId from './migrations/2026-12-06-0110-audit-client-request-id';
import * as reporterEncryption from './migrations/2026-12-06-0200-reporter-encryption';
import * as smsGatewaySends from './migrations/2026-12-06-0700-sms-gateway-sends';
import * as idempotencyKeys from './migrations/2026-12-06-0710-idempotency-keys';
import * as ctiTimeline from './migrations/2026-12-06-0800-cti-timeline';
import * as kbColloquialLexicon from './migrations/2026-12-06-0810-kb-colloquial-lexicon';
import * as exams from './migrations/2026-12-06-0820-exams';
import * as training from './migrations/2026-12-06-0830-training';

/** Every migration in order, by its frozen date-based name. */
const migrations: Record<string, Migration> = {
  '2026-11-27-0001-foundation': foundation,
  '2026-11-27-0002-jobs-outbox': jobsOutbox,
  '2026-11-27-0100-contacts': contacts,
  '2026-11-27-0200-cases': cases,
  '2026-11-27-0300-tools': tools,
  '2026-11-27-0400-kb': kb,
  '2026-11-27-0500-reports': reports,
  '2026-11-27-0510-bulletins': bulletins,
  '2026-11-27-0520-performance': performance,
  '2026-11-27-0600-audit-actor': auditActor,
  '2026-12-06-0100-contact-lookups': contactLookups,
  '2026-12-06-0200-reporter-encryption': reporterEncryption,
  '2026-12-06-0100-login-throttle': loginThrottle,
  '2026-12-06-0110-audit-client-request-id': auditClientRequestId,
  '2026-12-06-0700-sms-gateway-sends': smsGatewaySends,
  '2026-12-06-0710-idempotency-keys': idempotencyKeys,
  '2026-12-06-0800-cti-timeline': ctiTimeline,
  '2026-12-06-0810-kb-colloquial-lexicon': kbColloquialLexicon,
  '2026-12-06-0820-exams': exams,
  '2026-12-06-0830-training': training,
};

/** A migrator over every migration: each start runs it up to the latest; the tests also walk it down and up. */
export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/** Brings the schema up to date; throws on the first failed migration. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
