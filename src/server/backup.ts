import { ConfigError, loadConfig } from './config';
import { backUp, restore } from './db/backup';
import { checkRestoredDataKey } from './platform/data-key';

const usage = `usage: npm run backup -- DEST      back up the database and the attachments into DEST (a new folder)
       npm run restore -- BACKUP   restore BACKUP into TAXLINE_DATA_DIR (stop the server first)
Both read DATABASE_URL and TAXLINE_DATA_DIR like the server. The data key is never part of a backup.`;

/** `npm run backup` and `npm run restore` (see README, "Backups and restore"). */
async function main() {
  const [command, folder] = process.argv.slice(2);
  if (!folder || (command !== 'backup' && command !== 'restore')) {
    console.log(usage);
    process.exit(2);
  }
  process.umask(0o077);
  const config = loadConfig();
  const source = { dataDir: config.dataDir, databaseUrl: config.databaseUrl };
  const checkDataKey = (restored: typeof source) => checkRestoredDataKey(restored, config.dataKey, new Date());
  const result = command === 'backup' ? await backUp(source, folder) : await restore(folder, source, { checkDataKey });
  for (const line of result.lines) console.log(`taxline: ${line}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) console.error(`taxline: config: ${problem}`);
  } else {
    console.error(`taxline: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
