/**
 * `npm run export -- FILE.json` (or `-` for standard output): the whole case graph in the import
 * format, streamed page by page. `npm run import -- FILE.json` into an empty graph rebuilds it.
 * `npm run export -- --format ftm FILE.ftm.jsonl`: the same as FollowTheMoney entity lines
 * (server/ftm/), which `npm run import -- FILE.ftm.jsonl` reads back.
 * Exit 0 done, 2 bad usage or path, 1 failure. Progress and the summary go to standard error, so
 * `-` gives a clean document on standard output. `--format csv FOLDER` writes the case as
 * nodes.csv and links.csv instead (export-csv.ts).
 */
import { parseArgs } from 'node:util';
import { exportCase } from '../export/case-export.js';
import { exportCaseFtm } from '../export/ftm-export.js';
import { openCliAuditOrExit } from './cli-audit.js';
import { runCsvExport } from './export-csv.js';
import { openOutputOrExit } from './output-file.js';
import { runGraphTask } from './with-graph.js';

const USAGE =
  'usage: npm run export -- [--format json|ftm] FILE | -   (- writes to standard output; ftm: FollowTheMoney lines)\n' +
  '       npm run export -- --format csv FOLDER   (writes FOLDER/nodes.csv and FOLDER/links.csv)';

let target: string;
let format: 'json' | 'ftm' | 'csv';
try {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: { format: { type: 'string', default: 'json' } },
  });
  if (positionals.length !== 1) throw new Error('give exactly one output file');
  if (values.format !== 'json' && values.format !== 'ftm' && values.format !== 'csv')
    throw new Error(`unknown format "${values.format}"`);
  format = values.format;
  target = positionals[0]!;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (format === 'csv') await runCsvExport(target);

const output = openOutputOrExit(target);

// The whole case leaving the system is worth a line in the audit trail, as an import is.
const audit = await openCliAuditOrExit(() => output.abort());

await runGraphTask(async (graph) => {
  let lastPrint = 0;
  try {
    const write = format === 'ftm' ? exportCaseFtm : exportCase;
    const summary = await write(graph, (chunk) => output.write(chunk), {
      onProgress: ({ part, done }) => {
        if (Date.now() - lastPrint > 1000) {
          lastPrint = Date.now();
          console.error(`  ${part} ${done}`);
        }
      },
    });
    await output.finish();
    await audit.record('cli.export', target, { ...summary, format });
    await audit.close();
    console.error(
      `Exported ${summary.sources} sources, ${summary.entities} entities and ${summary.facts} facts to ${output.name}`,
    );
    if (summary.leftOut === null) {
      console.error(
        'Could not count what the import format cannot carry (the graph is too big to scan in time)',
      );
    } else if (summary.leftOut.nodes + summary.leftOut.relationships > 0) {
      console.error(
        `Left out (the import format cannot carry them): ${summary.leftOut.nodes} case nodes without the Entity label or an id, ` +
          `${summary.leftOut.relationships} relationships without an id or between such nodes`,
      );
    }
    return 0;
  } catch (error) {
    output.abort();
    await audit.close().catch(() => {});
    throw error;
  }
});
