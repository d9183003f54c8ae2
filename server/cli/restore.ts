/**
 * `npm run restore -- FILE [--force]`: a backup made by `npm run backup` into the configured app
 * store, all or nothing in one transaction. The store must be empty (freshly made: the schema is
 * migrated on opening) unless --force, which replaces everything in it. Either dialect restores
 * either's backup. Exit 0 done, 2 bad usage, file or a store that is not empty, 1 failure.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { restoreAppStore } from '../app-store/backup.js';
import { describeAppStore } from '../app-store/app-store-location.js';
import { configFromEnvironment } from '../env.js';
import { runStoreTask } from './with-app-store.js';

const USAGE =
  'usage: npm run restore -- FILE [--force]   (--force replaces everything in a store that is not empty)';

let file: string;
let force: boolean;
try {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    options: { force: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new Error('give exactly one backup file');
  file = positionals[0]!;
  force = values.force === true;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
// Checked before the store is opened (and, for a new SQLite store, made).
if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
  console.error(`No such backup file: ${file}`);
  process.exit(2);
}

await runStoreTask(async (store) => {
  const { rows, from } = await restoreAppStore(store, fs.createReadStream(file), { force });
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  console.error(
    `Restored ${total} rows (a ${from} backup) into ${describeAppStore(configFromEnvironment().appStore)}: ` +
      Object.entries(rows)
        .map(([table, n]) => `${table} ${n}`)
        .join(', '),
  );
  return 0;
});
