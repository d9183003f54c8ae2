/**
 * `npm run index`: extends the full-text search index over every label of the graph with a
 * name-like property (`server/search/search-index.ts`), so search finds what other tools loaded
 * beside the case. `npm run index -- --print` only shows the plan and the Cypher statement, which
 * is also what it does on a graph casegraph may only read (NEO4J_ACCESS=read): a DBA runs it there.
 * Exit 0 done (or nothing to do), 2 bad usage, 1 failure.
 */
import { parseArgs } from 'node:util';
import { configFromEnvironment } from '../env.js';
import { applySearchIndexPlan, planSearchIndex } from '../search/search-index.js';
import { runGraphTask } from './with-graph.js';
import { fillTemplate, quoteName } from '../cypher-files.js';
import { FULLTEXT_INDEX_NAME } from '../model/model.js';

const USAGE = 'usage: npm run index [-- --print]   (--print shows the plan and statement, changes nothing)';

let printOnly: boolean;
try {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { print: { type: 'boolean', default: false } },
    strict: true,
  });
  printOnly = values.print;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const readOnly = configFromEnvironment().graphAccess === 'read';

await runGraphTask(async (graph) => {
  const plan = await planSearchIndex(graph, graph.model);
  const current = plan.current;
  console.error(
    current
      ? `The search index covers ${current.labels.length} labels and ${current.properties.length} properties (${current.state}).`
      : 'The graph has no search index.',
  );
  if (plan.added.labels.length === 0 && plan.added.properties.length === 0 && current?.state === 'ONLINE') {
    console.error('It already covers every label with a name-like property: nothing to do.');
    return 0;
  }
  console.error(`Labels to add: ${plan.added.labels.join(', ') || '(none)'}`);
  console.error(`Properties to add: ${plan.added.properties.join(', ') || '(none)'}`);
  if (printOnly || readOnly) {
    if (readOnly) console.error('casegraph may only read this graph (NEO4J_ACCESS=read); a DBA can run:');
    console.log(
      `${fillTemplate('schema/drop-index', { name: quoteName(FULLTEXT_INDEX_NAME) })};\n${plan.statement};`,
    );
    return 0;
  }
  console.error('Rebuilding the index (search scans meanwhile)...');
  const started = Date.now();
  await applySearchIndexPlan(graph, plan);
  console.error(
    `The search index now covers ${plan.labels.length} labels and ${plan.properties.length} properties (online after ${((Date.now() - started) / 1000).toFixed(1)} s).`,
  );
  return 0;
});
