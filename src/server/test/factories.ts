/**
 * Test data factories: a suite creates the rows it needs instead of leaning on shared demo rows.
 * Rows go in through the owning module's repository (the same statements the services run), with
 * defaults a test overrides column by column; accounts go through the admin API, so that their
 * passwords, roles and audit rows are what the application itself writes.
 */
import type { Insertable } from 'kysely';
import { expect } from 'vitest';
import type { Satisfaction, SurveyMethod } from '../../shared/contacts';
import type { Role } from '../../shared/permissions';
import type { Db } from '../db/connection';
import * as accounts from '../modules/accounts/accounts.repository';
import * as cases from '../modules/cases/cases.repository';
import * as contacts from '../modules/contacts/contacts.repository';
import type { ContactTable, TransferTable } from '../modules/contacts/contacts.tables';
import * as cti from '../modules/contacts/cti.repository';
import type { CallTable } from '../modules/contacts/cti.tables';
import * as surveys from '../modules/contacts/surveys.repository';
import { type Session, sessionRequests, type TestApp } from './harness';

let sequence = 0;
/** A number unique within the test file, for contact numbers and other keys a factory invents. */
const nextNumber = () => ++sequence;

// ---- ids of rows by their natural keys ----

/** The id of the org unit with `code` (SF, SF-DC, …). */
export async function orgUnitIdOf(db: Db, code: string): Promise<number> {
  const row = await accounts.findOrgUnitByCode(db, code);
  if (!row) throw new Error(`no org unit ${code}`);
  return row.id;
}

/** The id of the department with `code` (VAT, INCOME, …). */
export async function departmentIdOf(db: Db, code: string): Promise<number> {
  const row = await accounts.findDepartmentByCode(db, code);
  if (!row) throw new Error(`no department ${code}`);
  return row.id;
}

/** The id of the user `username`. */
export async function userIdOf(db: Db, username: string): Promise<number> {
  const row = await accounts.findUserIdByUsername(db, username);
  if (!row) throw new Error(`no user ${username}`);
  return row.id;
}

// ---- accounts ----

export const FACTORY_PASSWORD = 'Welcome2026';

export interface UserSpec {
  username: string;
  name: string;
  roles: Role[];
  /** Code of the user's org unit. */
  orgUnit: string;
  /** Code of the user's department, for department staff. */
  department?: string | undefined;
  password?: string | undefined;
}

/** An account created by the administrator through the admin API, signed in. */
export async function buildUser(t: TestApp, spec: UserSpec): Promise<Session> {
  const db = t.database.db;
  const admin = await t.login('admin');
  const password = spec.password ?? FACTORY_PASSWORD;
  const created = await sessionRequests(() => t).post(admin, '/api/admin/users', {
    username: spec.username,
    name: spec.name,
    password,
    roles: spec.roles,
    orgUnitId: await orgUnitIdOf(db, spec.orgUnit),
    ...(spec.department ? { departmentId: await departmentIdOf(db, spec.department) } : {}),
  });
  expect(created.statusCode, created.body).toBe(200);
  return t.login(spec.username, password);
}

// ---- contacts, transfers, surveys, calls ----

export type ContactSpec = Partial<Insertable<ContactTable>> &
  Pick<Insertable<ContactTable>, 'agent_id' | 'org_unit_id'>;

/**
 * A two-minute contact, answered on the spot unless told otherwise, at `started_at` (ended, created and
 * updated at the same instant unless given), with a contact number of its own.
 */
export async function buildContact(db: Db, spec: ContactSpec): Promise<number> {
  const startedAt = spec.started_at ?? '2026-11-02T01:00:00.000Z';
  const row: Insertable<ContactTable> = {
    contact_no: `LDTEST${String(nextNumber()).padStart(6, '0')}`,
    channel: 'phone',
    type: 'consult',
    status: 'closed',
    outcome: 'answered',
    caller_phone: '13800000000',
    subject: '增值税申报',
    content: '咨询增值税申报期限',
    callback_attempts: 0,
    started_at: startedAt,
    ended_at: startedAt,
    duration_seconds: 120,
    created_at: startedAt,
    updated_at: startedAt,
    ...spec,
  };
  return db.transaction().execute((trx) => contacts.insertContact(trx, row));
}

export type TransferSpec = Partial<Insertable<TransferTable>> &
  Pick<Insertable<TransferTable>, 'contact_id' | 'department_id' | 'created_by' | 'created_at' | 'due_at'>;

/** A transfer of a contact to a department, open unless told otherwise. */
export async function buildTransfer(db: Db, spec: TransferSpec): Promise<number> {
  const row: Insertable<TransferTable> = { status: 'open', urge_count: 0, ...spec };
  return db.transaction().execute((trx) => contacts.insertTransfer(trx, row));
}

export interface SurveySpec {
  contactId: number;
  orgUnitId: number;
  satisfaction: Satisfaction;
  /** ISO instant. */
  collectedAt: string;
  method?: SurveyMethod | undefined;
}

/** A satisfaction rating of a contact, taken by its agent unless told otherwise. */
export async function buildSurvey(db: Db, spec: SurveySpec): Promise<number> {
  const id = await db.transaction().execute((trx) =>
    surveys.insertSurvey(trx, {
      contactId: spec.contactId,
      orgUnitId: spec.orgUnitId,
      satisfaction: spec.satisfaction,
      efficiency: null,
      accuracy: null,
      comment: null,
      method: spec.method ?? 'agent',
      collectedBy: null,
      now: new Date(spec.collectedAt),
    }),
  );
  if (id === undefined) throw new Error(`contact ${spec.contactId} has a survey already`);
  return id;
}

export type CallSpec = Partial<Insertable<CallTable>> & Pick<Insertable<CallTable>, 'started_at'>;

/** A call the default CTI integration reported, inbound to 12366. */
export async function buildCall(db: Db, spec: CallSpec): Promise<number> {
  const row: Insertable<CallTable> = {
    source: 'default',
    call_id: `call-${nextNumber()}`,
    from_number: '13900001111',
    to_number: '12366',
    direction: 'in',
    created_at: spec.started_at,
    ...spec,
  };
  const id = await db.transaction().execute((trx) => cti.insertCall(trx, row));
  if (id === undefined) throw new Error(`call ${row.call_id} exists already`);
  return id;
}

// ---- complaints and reports ----

export interface CaseProcessSpec {
  key: string;
  version: number;
  name: string;
  /** The definition as stored (JSON text). */
  definition: string;
  now: Date;
}

/** A stored version of a case process, by its key and version; returns its id. */
export async function buildCaseProcess(db: Db, spec: CaseProcessSpec): Promise<number> {
  await db.transaction().execute((trx) => cases.insertProcessVersion(trx, spec));
  const stored = await cases.findProcessVersion(db, spec.key, spec.version);
  if (!stored) throw new Error(`process ${spec.key} v${spec.version} was not stored`);
  return stored.id;
}

export type CaseSpec = Partial<cases.NewCaseRow> &
  Pick<cases.NewCaseRow, 'process_id' | 'org_unit_id' | 'registered_by' | 'registered_at'>;

/**
 * A complaint (anonymous, waiting for intake, nobody holding it) registered at `registered_at` in its
 * org unit; every step and due column empty unless given. A named reporter is registered through the
 * cases service instead: it seals the name and phone.
 */
export async function buildCase(db: Db, spec: CaseSpec): Promise<number> {
  const row: cases.NewCaseRow = {
    case_no: `TS-F${String(nextNumber()).padStart(6, '0')}`,
    category: 'complaint',
    step: 'intake',
    decision: null,
    previous_step: null,
    previous_holder_id: null,
    holder_user_id: null,
    claimed_at: null,
    registered_org_unit_id: spec.org_unit_id,
    source: 'phone',
    is_named: 0,
    reporter_name: null,
    reporter_phone: null,
    reporter_phone_hmac: null,
    subject_name: '某公司',
    content: '内容',
    complaint_type: null,
    contact_id: null,
    classification: null,
    rejection_reason: null,
    forward_org_unit_id: null,
    needs_acceptance: 0,
    result: null,
    due_at: '2026-12-31T10:00:00.000Z',
    step_entered_at: spec.registered_at,
    step_due_at: null,
    step_warn_at: null,
    step_warned_at: null,
    step_overdue_at: null,
    overdue_at: null,
    closed_at: null,
    revision: 0,
    updated_at: spec.registered_at,
    ...spec,
  };
  return db.transaction().execute((trx) => cases.insertCase(trx, row));
}
