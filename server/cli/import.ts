/**
 * `npm run import -- FILE.json` or `npm run import -- FILE.csv --mapping MAPPING.json`:
 * validates the whole file first (every problem listed, nothing written), then
 * imports it all-or-nothing. Exit 0 done, 2 invalid input, 1 failure.
 */
import fs from 'node:fs';
import { importCaseDocument } from '../import/import-service.js';
import { parseJsonText, readImportDocument, decodeUtf8 } from '../import/read-document.js';
import { openCliAudit } from './cli-audit.js';
import { runGraphTask } from './with-graph.js';

const argv = process.argv.slice(2);
const mappingAt = argv.indexOf('--mapping');
const mappingFile = mappingAt >= 0 ? argv[mappingAt + 1] : undefined;
// The file is the one argument that is neither an option nor the mapping's value.
const file = argv.find((a, i) => !a.startsWith('--') && (mappingAt < 0 || i !== mappingAt + 1));
if (!file || (file.toLowerCase().endsWith('.csv') && !mappingFile)) {
  console.error('usage: npm run import -- FILE.json | FILE.csv --mapping MAPPING.json');
  process.exit(2);
}
for (const f of [file, mappingFile]) {
  if (f && !fs.existsSync(f)) {
    console.error(`No such file: ${f}`);
    process.exit(2);
  }
}

// Before the graph: a change that cannot be audited is not made.
const audit = await openCliAudit().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

await runGraphTask(async (ctx) => {
  const bytes = fs.readFileSync(file);
  const input = mappingFile
    ? {
        format: 'csv' as const,
        bytes,
        mapping: parseJsonText(decodeUtf8(fs.readFileSync(mappingFile), 'The mapping'), 'The mapping'),
      }
    : { format: 'json' as const, bytes };
  const { document, locate } = readImportDocument(input, Number.MAX_SAFE_INTEGER);
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
  await audit.record('cli.import', file, {
    ...(mappingFile && { mapping: mappingFile }),
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
}, 'importing');
