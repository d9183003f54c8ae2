/**
 * `npm run import -- FILE.json` or `npm run import -- FILE.csv --mapping MAPPING.json`, or a
 * FollowTheMoney entity stream: `npm run import -- FILE.ftm.jsonl` (or any file with `--format ftm`),
 * whose report (what was mapped, approximated or left out) goes to standard error.
 * validates the whole file first (every problem listed, nothing written), then
 * imports it all-or-nothing. Exit 0 done, 2 invalid input, 1 failure.
 */
import fs from 'node:fs';
import { FTM_FILE, readFtmDocument } from '../ftm/read-ftm.js';
import { importCaseDocument } from '../import/import-service.js';
import path from 'node:path';
import { parseJsonText, readImportDocument, decodeUtf8 } from '../import/read-document.js';
import { openCliAuditOrExit } from './cli-audit.js';
import { runGraphTask } from './with-graph.js';

const argv = process.argv.slice(2);
const mappingAt = argv.indexOf('--mapping');
const mappingFile = mappingAt >= 0 ? argv[mappingAt + 1] : undefined;
const formatAt = argv.indexOf('--format');
const format = formatAt >= 0 ? argv[formatAt + 1] : undefined;
const isValue = (i: number) =>
  (mappingAt >= 0 && i === mappingAt + 1) || (formatAt >= 0 && i === formatAt + 1);
// The file is the one argument that is neither an option nor an option's value.
const file = argv.find((a, i) => !a.startsWith('--') && !isValue(i));
const ftm = format === 'ftm' || (format === undefined && file !== undefined && FTM_FILE.test(file));
if (
  !file ||
  (format !== undefined && format !== 'ftm' && format !== 'json') ||
  (file.toLowerCase().endsWith('.csv') && !mappingFile)
) {
  console.error(
    'usage: npm run import -- FILE.json | FILE.csv --mapping MAPPING.json | FILE.ftm.jsonl | FILE --format ftm',
  );
  process.exit(2);
}
for (const f of [file, mappingFile]) {
  if (f && !fs.existsSync(f)) {
    console.error(`No such file: ${f}`);
    process.exit(2);
  }
}

// Before the graph: a change that cannot be audited is not made.
const audit = await openCliAuditOrExit();

await runGraphTask(async (ctx) => {
  const bytes = fs.readFileSync(file);
  if (ftm) {
    const read = readFtmDocument(bytes, ctx.model, Number.MAX_SAFE_INTEGER, {
      fileName: path.basename(file),
    });
    console.error(`FollowTheMoney: ${JSON.stringify(read.ftm)}`);
    return importAndReport(ctx, read.document, read.locate);
  }
  const input = mappingFile
    ? {
        format: 'csv' as const,
        bytes,
        mapping: parseJsonText(decodeUtf8(fs.readFileSync(mappingFile), 'The mapping'), 'The mapping'),
      }
    : { format: 'json' as const, bytes };
  const { document, locate } = readImportDocument(input, Number.MAX_SAFE_INTEGER);
  return importAndReport(ctx, document, locate);
}, 'importing');

async function importAndReport(
  ctx: Parameters<Parameters<typeof runGraphTask>[0]>[0],
  document: unknown,
  locate: ((pointer: string) => string | undefined) | undefined,
): Promise<number> {
  let lastPrint = 0;
  const summary = await importCaseDocument(ctx, document, {
    ...(locate && { locate }),
    onProgress: (p) => {
      if (Date.now() - lastPrint > 1000 || p.done === p.total) {
        lastPrint = Date.now();
        console.error(`  ${p.phase} ${p.done}/${p.total}`);
      }
    },
  });
  await audit.record('cli.import', file!, {
    ...(mappingFile && { mapping: mappingFile }),
    ...(ftm && { format: 'ftm' }),
    entities: summary.entities,
    facts: summary.facts,
  });
  await audit.close();
  const seconds = summary.elapsedMs / 1000;
  console.log(JSON.stringify(summary));
  const entities = summary.entities.created + summary.entities.updated + summary.entities.unchanged;
  const facts = summary.facts.created + summary.facts.updated + summary.facts.unchanged;
  console.log(
    `Imported ${entities} entities and ${facts} facts in ${seconds.toFixed(1)} s ` +
      `(${Math.round(entities / seconds)} entities/s, ${Math.round(facts / seconds)} facts/s)`,
  );
  return 0;
}
