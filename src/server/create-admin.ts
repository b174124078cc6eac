import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type OrgUnitLevel, orgUnitLevels } from '../shared/permissions';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { createFirstAdministrator } from './modules/accounts';
import { installConfiguredDataKey } from './platform/data-key';
import { AppError } from './platform/errors';
import { systemContext } from './platform/request-context';

const usage = `usage: npm run create-admin -- [--username admin] [--name 系统管理员]
         [--org-unit-name 12366纳税服务中心] [--org-unit-code CENTER] [--org-unit-level city]
Creates a system administrator (and the root org unit when the database has none) in the database
that DATABASE_URL or TAXLINE_DATA_DIR names. The password is TAXLINE_ADMIN_PASSWORD, or a generated
one printed once.`;

/** A password that satisfies the password rules: 16 characters, letters and digits. */
function generatePassword(): string {
  const letters = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  const chars = [letters[randomInt(letters.length)]!, digits[randomInt(digits.length)]!];
  while (chars.length < 16) chars.push(all[randomInt(all.length)]!);
  return chars.join('');
}

/** The one-command bootstrap of a production installation: production never seeds demo accounts. */
async function main() {
  const { values } = parseArgs({
    options: {
      username: { type: 'string', default: 'admin' },
      name: { type: 'string', default: '系统管理员' },
      'org-unit-name': { type: 'string', default: '12366纳税服务中心' },
      'org-unit-code': { type: 'string', default: 'CENTER' },
      'org-unit-level': { type: 'string', default: 'city' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const level = values['org-unit-level'];
  if (!(orgUnitLevels as readonly string[]).includes(level)) {
    throw new Error(`--org-unit-level must be one of ${orgUnitLevels.join(', ')}`);
  }
  const config = loadConfig();
  process.umask(0o077);
  const password = config.adminPassword ?? generatePassword();
  const keyMessage = installConfiguredDataKey({
    envKey: config.dataKey,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
  });
  if (keyMessage) console.log(`taxline: ${keyMessage}`);
  const { db } = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(db);
    const created = await createFirstAdministrator(systemContext(db, new Date()), {
      username: values.username,
      name: values.name,
      password,
      orgUnit: { name: values['org-unit-name'], code: values['org-unit-code'], level: level as OrgUnitLevel },
    });
    if (created.createdOrgUnit)
      console.log(`taxline: created org unit ${created.orgUnit.name} (${created.orgUnit.code})`);
    console.log(`taxline: created administrator ${created.user.username} in ${created.orgUnit.name}`);
    if (!config.adminPassword) console.log(`taxline: the password, shown this once: ${password}`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) console.error(`taxline: config: ${problem}`);
  } else if (error instanceof AppError) {
    console.error(`taxline: ${error.message} (${error.code})`);
  } else {
    console.error('taxline: create-admin failed:', error instanceof Error ? error.message : error);
    console.error(usage);
  }
  process.exit(1);
});
