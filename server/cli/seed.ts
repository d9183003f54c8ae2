/**
 * `npm run seed [-- --reset [--yes]]`: schema + the cases in cypher/cases.
 * Idempotent; --reset empties the graph first (asks unless --yes).
 */
import readline from 'node:readline/promises';
import { graphCounts, resetGraph, seedDatabase } from '../seed/seed.js';
import { openCliAuditOrExit } from './cli-audit.js';
import { runGraphTask } from './with-graph.js';

const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((a) => !['--reset', '--yes', '-y'].includes(a));
if (unknown.length > 0) {
  console.error(`usage: npm run seed [-- --reset [--yes]]  (unknown: ${unknown.join(' ')})`);
  process.exit(2);
}

async function confirmReset(): Promise<boolean> {
  if (args.has('--yes') || args.has('-y')) return true;
  if (!process.stdin.isTTY) {
    console.error('--reset deletes the whole graph; add --yes to confirm when not at a terminal.');
    return false;
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(
    'This deletes every entity, source and fact in the graph (users, saved queries and workspaces stay). Type "reset" to go on: ',
  );
  rl.close();
  return answer.trim() === 'reset';
}

const change = args.has('--reset') ? 'resetting and seeding the graph' : 'seeding the graph';
// Before the graph: a change that cannot be audited is not made.
const audit = await openCliAuditOrExit();

await runGraphTask(async ({ driver, database, model }) => {
  if (args.has('--reset')) {
    if (!(await confirmReset())) {
      console.error('Reset cancelled; nothing changed.');
      return 2;
    }
    console.log('Emptying the graph...');
    await resetGraph(driver, database);
    await audit.record('cli.reset', database);
  }
  const result = await seedDatabase(
    { driver, database, model },
    {
      onProgress: (file, p) => {
        if (p.phase === 'nodes' || p.phase === 'facts')
          console.log(`  ${file}: ${p.phase} ${p.done}/${p.total}`);
      },
    },
  );
  console.log(`Schema: ${result.schemaStatements} statements applied (idempotent)`);
  for (const { file, summary } of result.cases) {
    const line = (name: string, c: { created: number; updated: number; unchanged: number }) =>
      `${name}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
    console.log(`${file} (${summary.elapsedMs} ms)`);
    console.log(`  ${line('sources', summary.sources)}`);
    console.log(`  ${line('entities', summary.entities)}`);
    console.log(`  ${line('facts', summary.facts)}`);
  }
  await audit.record('cli.seed', database, {
    cases: result.cases.map(({ file, summary }) => ({
      file,
      entities: summary.entities,
      facts: summary.facts,
      sources: summary.sources,
    })),
  });
  await audit.close();
  const counts = await graphCounts(driver, database);
  console.log('Graph now holds:');
  console.log(`  nodes ${JSON.stringify(counts.nodes)}`);
  console.log(`  relationships ${JSON.stringify(counts.relationships)}`);
  return 0;
}, change);
