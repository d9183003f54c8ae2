/**
 * `npm run model -- infer [FILE] [--sample N]`: surveys the graph and writes a model file for it
 * (`server/survey/infer-model.ts`): the case model's types plus one type per label and
 * relationship type it does not know, for a person to review. Then `CASEGRAPH_MODEL=FILE` runs the
 * server on it. FILE defaults to `model.inferred.json`; `-` writes to standard output.
 * `npm run model -- check FILE`: validates a model file and lists every problem.
 * Exit 0 done, 2 bad usage or an invalid model, 1 failure.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { activeModelFilePath, loadModel, ModelError, parseModel } from '../model/model.js';
import { surveyGraph } from '../survey/graph-survey.js';
import { inferModel } from '../survey/infer-model.js';
import { runGraphTask } from './with-graph.js';

const USAGE = [
  'usage: npm run model -- infer [FILE | -] [--sample N]   write a model inferred from the graph',
  '       npm run model -- check FILE                      validate a model file',
].join('\n');

let command: string;
let file: string | undefined;
let sample: number;
try {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { sample: { type: 'string', default: '1000' } },
    strict: true,
  });
  [command = '', file] = positionals;
  sample = Number(values.sample);
  if (!['infer', 'check'].includes(command)) throw new Error(`unknown command "${command}"`);
  if (command === 'check' && !file) throw new Error('check needs a FILE');
  if (positionals.length > 2) throw new Error('too many arguments');
  if (!Number.isInteger(sample) || sample < 1 || sample > 100_000) throw new Error('--sample is 1..100000');
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

if (command === 'check') {
  try {
    const model = loadModel(file);
    const types = Object.values(model.nodeTypes);
    console.error(
      `${file}: valid (${types.length} node types, ${types.filter((t) => t.key === null).length} read from the graph; ${Object.keys(model.relationshipTypes).length} relationship types)`,
    );
    process.exit(0);
  } catch (error) {
    console.error(error instanceof ModelError ? error.message : `${file}: ${(error as Error).message}`);
    process.exit(2);
  }
}

const output = file ?? 'model.inferred.json';
await runGraphTask(async (graph) => {
  console.error(`Surveying database "${graph.database}" (${sample} nodes and relationships per type)...`);
  const survey = await surveyGraph(graph, { sample });
  const { model, notes } = inferModel(survey, graph.model, {
    database: graph.database,
    at: new Date().toISOString(),
  });
  parseModel(model); // what we write must load: a failure here is a bug, reported as such
  const text = `${JSON.stringify(model, null, 2)}\n`;
  if (output === '-') process.stdout.write(text);
  else fs.writeFileSync(output, text);
  console.error(`Based on ${activeModelFilePath()}; added:`);
  console.error(`  node types: ${notes.added.nodeTypes.join(', ') || '(none)'}`);
  console.error(`  relationship types: ${notes.added.relationshipTypes.join(', ') || '(none)'}`);
  if (notes.skipped.length > 0) {
    console.error(`  left out (ends without labels): ${notes.skipped.join(', ')}`);
  }
  if (output !== '-') {
    console.error(`Wrote ${output}. Review it, then start the server with CASEGRAPH_MODEL=${output}`);
  }
  return 0;
});
