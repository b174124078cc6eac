import { randomBytes } from 'node:crypto';
import type { Role } from '../../shared/permissions';
import type { Db, Tx } from '../db/connection';
import {
  countOrgUnits,
  findOrgUnitByCode,
  insertDepartment,
  insertOrgUnit,
  insertUser,
} from '../modules/accounts/accounts.repository';
import { seedDemoTeams } from '../modules/performance';
import { seedDemoTraining } from '../modules/training';
import { systemActor, writeAudit } from '../platform/audit';
import { hashPassword } from '../platform/auth/password';

interface DemoOrgUnit {
  code: string;
  name: string;
  level: 'province' | 'city' | 'district' | 'station';
  address: string;
  phone: string;
  children?: DemoOrgUnit[];
}

const serviceHours = '工作日 09:00–12:00，13:30–17:30';

const orgTree: DemoOrgUnit = {
  code: 'SF',
  name: '国家税务总局示范省税务局',
  level: 'province',
  address: '示范省省府路 1 号',
  phone: '12366',
  children: [
    {
      code: 'SF-DC',
      name: '国家税务总局东城市税务局',
      level: 'city',
      address: '东城市人民路 88 号',
      phone: '0571-12366',
      children: [
        {
          code: 'SF-DC-ZS',
          name: '国家税务总局东城市中山区税务局',
          level: 'district',
          address: '东城市中山区解放路 20 号',
          phone: '0571-87001234',
          children: [
            {
              code: 'SF-DC-ZS-01',
              name: '国家税务总局东城市中山区税务局第一税务所',
              level: 'station',
              address: '东城市中山区解放路 20 号一楼',
              phone: '0571-87001235',
            },
          ],
        },
        {
          code: 'SF-DC-BJ',
          name: '国家税务总局东城市滨江区税务局',
          level: 'district',
          address: '东城市滨江区江南大道 300 号',
          phone: '0571-87005678',
        },
      ],
    },
    {
      code: 'SF-XC',
      name: '国家税务总局西城市税务局',
      level: 'city',
      address: '西城市建设路 66 号',
      phone: '0572-12366',
      children: [
        {
          code: 'SF-XC-CG',
          name: '国家税务总局西城市城关区税务局',
          level: 'district',
          address: '西城市城关区北街 5 号',
          phone: '0572-86001111',
        },
        {
          code: 'SF-XC-GX',
          name: '国家税务总局西城市高新区税务局',
          level: 'district',
          address: '西城市高新区科技路 9 号',
          phone: '0572-86002222',
        },
      ],
    },
  ],
};

const departments: Array<{ orgUnit: string; code: string; name: string }> = [
  { orgUnit: 'SF', code: 'VAT', name: '货物和劳务税处' },
  { orgUnit: 'SF', code: 'INCOME', name: '所得税处' },
  { orgUnit: 'SF', code: 'COLLECTION', name: '征管和科技发展处' },
  { orgUnit: 'SF', code: 'SERVICE', name: '纳税服务处' },
  { orgUnit: 'SF', code: 'PROPERTY', name: '财产和行为税处' },
  { orgUnit: 'SF', code: 'SOCIAL', name: '社会保险费处' },
  { orgUnit: 'SF-DC', code: 'DC-VAT', name: '东城市税务局货物和劳务税科' },
  { orgUnit: 'SF-DC', code: 'DC-INCOME', name: '东城市税务局所得税科' },
  { orgUnit: 'SF-XC', code: 'XC-COLLECTION', name: '西城市税务局征收管理科' },
];

/** The demo accounts of ../shared/contract.md. */
export const demoAccounts: Array<{
  username: string;
  name: string;
  roles: Role[];
  orgUnit: string;
  department?: string;
  extension?: string;
}> = [
  { username: 'admin', name: '系统管理员', roles: ['admin'], orgUnit: 'SF' },
  { username: 'director', name: '陈主任', roles: ['director'], orgUnit: 'SF' },
  { username: 'lead1', name: '李班长', roles: ['team_lead'], orgUnit: 'SF', extension: '8000' },
  { username: 'agent1', name: '王晓燕', roles: ['agent'], orgUnit: 'SF', extension: '8001' },
  { username: 'agent2', name: '刘志强', roles: ['agent'], orgUnit: 'SF', extension: '8002' },
  { username: 'dept_vat', name: '赵磊', roles: ['department'], orgUnit: 'SF', department: 'VAT' },
  { username: 'dept_income', name: '孙丽', roles: ['department'], orgUnit: 'SF', department: 'INCOME' },
  { username: 'leader1', name: '周处长', roles: ['leader'], orgUnit: 'SF' },
  { username: 'intake1', name: '吴婷', roles: ['intake'], orgUnit: 'SF' },
  { username: 'intake2', name: '郑凯', roles: ['intake'], orgUnit: 'SF-DC' },
  { username: 'investigator1', name: '冯涛', roles: ['investigator'], orgUnit: 'SF' },
  { username: 'feedback1', name: '何静', roles: ['feedback'], orgUnit: 'SF' },
];

export interface DemoSeedResult {
  created: boolean;
  password?: string;
  passwordWasGenerated?: boolean;
}

/**
 * Fills an empty database with the demo org tree, departments and accounts; does nothing otherwise.
 * `inSameTransaction` runs inside the seeding transaction (startup records there what is left to do).
 */
export async function seedDemoData(
  db: Db,
  options: {
    password?: string | undefined;
    now: Date;
    /**
     * Hashes of `password`, one per account in demoAccounts' order, each with its own salt (the test
     * harness reuses precomputed ones); by default every account's is computed here.
     */
    passwordHashes?: readonly string[];
    inSameTransaction?: (trx: Tx) => Promise<void>;
  },
): Promise<DemoSeedResult> {
  if ((await countOrgUnits(db)) > 0) return { created: false };
  const password = options.password ?? randomBytes(9).toString('base64url');
  // A salt per account: one shared hash would tell anyone who reads the table that they share a password.
  const passwordHashes =
    options.passwordHashes && options.password !== undefined
      ? options.passwordHashes
      : await Promise.all(demoAccounts.map(() => hashPassword(password)));
  const now = options.now;

  await db.transaction().execute(async (trx) => {
    const orgIds = new Map<string, number>();
    const insertTree = async (unit: DemoOrgUnit, parent: { id: number; path: string } | null) => {
      const id = await insertOrgUnit(trx, {
        parentId: parent?.id ?? null,
        parentPath: parent?.path ?? '/',
        name: unit.name,
        level: unit.level,
        code: unit.code,
        address: unit.address,
        phone: unit.phone,
        serviceHours,
        now,
      });
      orgIds.set(unit.code, id);
      const path = `${parent?.path ?? '/'}${id}/`;
      for (const child of unit.children ?? []) await insertTree(child, { id, path });
    };
    await insertTree(orgTree, null);

    const departmentIds = new Map<string, number>();
    for (const d of departments) {
      departmentIds.set(
        d.code,
        await insertDepartment(trx, { orgUnitId: orgIds.get(d.orgUnit)!, name: d.name, code: d.code, now }),
      );
    }
    for (const [index, account] of demoAccounts.entries()) {
      const passwordHash = passwordHashes[index];
      if (!passwordHash) throw new Error(`no password hash for demo account ${account.username}`);
      await insertUser(trx, {
        username: account.username,
        name: account.name,
        passwordHash,
        hasDemoPassword: true,
        orgUnitId: orgIds.get(account.orgUnit)!,
        departmentId: account.department ? departmentIds.get(account.department)! : null,
        phone: null,
        extension: account.extension ?? null,
        roles: account.roles,
        now,
      });
    }
    await seedDemoTeams(trx, orgIds.get('SF')!, now);
    await seedDemoTraining(trx, orgIds.get('SF')!, now);
    await writeAudit(trx, systemActor, now, {
      action: 'demo.seed',
      entityType: 'org_unit',
      entityId: String((await findOrgUnitByCode(trx, 'SF'))?.id ?? ''),
      after: { orgUnits: orgIds.size, departments: departmentIds.size, users: demoAccounts.length },
    });
    await options.inSameTransaction?.(trx);
  });
  return { created: true, password, passwordWasGenerated: options.password === undefined };
}
