/**
 * `npm run generate -- --entities N [--seed S] [--out FILE]`: writes a
 * synthetic case file and loads it through the same import path as every
 * other import, printing entities/s and facts/s.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateCase } from '../generate/generate-case.js';
import { importCaseDocument } from '../import/import-service.js';
import { runGraphTask } from './with-graph.js';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const entities = Number(option('entities') ?? '100000');
const seed = Number(option('seed') ?? '42');
const out = option('out') ?? `.data/generated-${entities}.json`;
if (!Number.isInteger(entities) || entities < 100) {
  console.error('usage: npm run generate -- --entities N (N >= 100) [--seed S] [--out FILE]');
  process.exit(2);
}

/** Written piece by piece: a million-entity case is larger than one JS string may be. */
function writeDocument(file: string, doc: ReturnType<typeof generateCase>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  const list = (name: string, items: unknown[], last = false) => {
    fs.writeSync(fd, `"${name}":[\n`);
    items.forEach((item, i) =>
      fs.writeSync(fd, JSON.stringify(item) + (i < items.length - 1 ? ',\n' : '\n')),
    );
    fs.writeSync(fd, last ? ']' : '],');
  };
  fs.writeSync(fd, `{"case":${JSON.stringify(doc.case)},`);
  list('sources', doc.sources);
  list('entities', doc.entities);
  list('facts', doc.facts, true);
  fs.writeSync(fd, '}\n');
  fs.closeSync(fd);
}

await runGraphTask(async (ctx) => {
  const doc = generateCase({ entities, seed });
  writeDocument(out, doc);
  console.log(
    `Wrote ${out}: ${doc.entities.length} entities, ${doc.facts.length} facts, ${doc.sources.length} sources`,
  );
  let lastPrint = 0;
  const summary = await importCaseDocument(ctx, doc, {
    onProgress: (p) => {
      if (Date.now() - lastPrint > 2000 || p.done === p.total) {
        lastPrint = Date.now();
        console.log(`  ${p.phase} ${p.done}/${p.total}`);
      }
    },
  });
  const seconds = summary.elapsedMs / 1000;
  const entityCount = doc.entities.length + doc.sources.length;
  console.log(JSON.stringify(summary));
  console.log(
    `Loaded in ${seconds.toFixed(1)} s: ${Math.round(entityCount / seconds)} entities/s, ` +
      `${Math.round(doc.facts.length / seconds)} facts/s`,
  );
  return 0;
}, 'importing a generated case');
