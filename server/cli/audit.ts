/**
 * `npm run audit -- verify | export [--out FILE]`: the audit log in the configured app store.
 *
 *   verify   walks the hash chain in seq order, page by page; exit 0 and "chain intact: N events,
 *            head <hash>", or exit 1 naming the first broken event and why. Keep the printed head
 *            somewhere else: it is what proves later that no newest events were cut off the end.
 *   export   every event, oldest first, as JSON lines (one object per line) on standard output
 *            or into FILE.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { openAppStore } from '../app-store/app-store.js';
import { describeAppStore } from '../app-store/app-store-location.js';
import { ChainVerifier } from '../audit/audit-chain.js';
import { readChain } from '../audit/audit-store.js';
import { configFromEnvironment } from '../env.js';

const USAGE = 'usage: npm run audit -- verify | export [--out FILE]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  if ((command !== 'verify' && command !== 'export') || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const config = configFromEnvironment();
  const store = await openAppStore(config.appStore);
  try {
    if (command === 'verify') {
      const verifier = new ChainVerifier();
      for await (const event of readChain(store)) {
        if (verifier.push(event)) break;
      }
      const verdict = verifier.verdict();
      if (verdict.ok) {
        console.log(`chain intact: ${verdict.count} events, head ${verdict.head}`);
        return 0;
      }
      console.error(
        `chain BROKEN at seq ${verdict.seq}: ${verdict.reason} (${describeAppStore(config.appStore)})`,
      );
      return 1;
    }
    const out = parsed.values.out === undefined ? process.stdout : fs.createWriteStream(parsed.values.out);
    let count = 0;
    for await (const event of readChain(store)) {
      // Respect back-pressure: a large log is streamed, not buffered.
      if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
      count += 1;
    }
    if (out !== process.stdout) {
      out.end();
      await once(out, 'finish');
      console.error(`exported ${count} events to ${parsed.values.out}`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
