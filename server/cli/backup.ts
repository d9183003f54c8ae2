/**
 * `npm run backup -- FILE` (or `-` for standard output): the whole app store (users, sessions,
 * API tokens, saved queries, workspaces, shares, notes, the audit log, idempotency answers) as
 * JSON lines, read in one snapshot while the server keeps running. Not the case graph: that is
 * `npm run export`. Exit 0 done, 2 bad usage or path, 1 failure.
 */
import { parseArgs } from 'node:util';
import { backupAppStore } from '../app-store/backup.js';
import { describeAppStore } from '../app-store/app-store-location.js';
import { configFromEnvironment } from '../env.js';
import { openOutputOrExit } from './output-file.js';
import { runStoreTask } from './with-app-store.js';

const USAGE = 'usage: npm run backup -- FILE | -   (- writes to standard output)';

let target: string;
try {
  const { positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new Error('give exactly one output file');
  target = positionals[0]!;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

const output = openOutputOrExit(target);

await runStoreTask(async (store) => {
  try {
    const counts = await backupAppStore(store, (chunk) => output.write(chunk));
    await output.finish();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.error(
      `Backed up ${total} rows of ${describeAppStore(configFromEnvironment().appStore)} to ${output.name}: ` +
        Object.entries(counts)
          .map(([table, n]) => `${table} ${n}`)
          .join(', '),
    );
    return 0;
  } catch (error) {
    output.abort();
    throw error;
  }
});
