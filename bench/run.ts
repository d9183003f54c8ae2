/**
 * `npm run bench -- [--sizes 100k,1m] [--only import,latency,throughput,browser] [--quick]
 *                   [--cases NAME,...] (latency cases whose names contain one of these)
 *                   [--wait-quiet MINUTES] [--max-load 1.5]`
 *
 * The side-by-side benchmarks of issue 8. For each size it starts a Neo4j of its own (a fresh
 * temporary home on a free port; NEO4J_URI to use an existing one instead), builds the generated
 * case in it through the app's import path (the import section does that while timing it, beside
 * LOAD CSV and neo4j-admin), then measures the API against the raw driver, the HTTP layer against
 * a plain `node:http` server, and the explorer in headless Chromium. Prints one table per section
 * and writes the same figures as JSON (and the tables as Markdown) under bench/results/.
 * Not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { importCaseDocument } from '../server/import/import-service.js';
import { loadModel } from '../server/model/model.js';
import { applySchema } from '../server/schema/apply-schema.js';
import { documentCounts, runAppImportBench, runReferenceImports } from './import-bench.js';
import { memoryFor, ROOT, startBenchNeo4j, type BenchNeo4j } from './lib/bench-neo4j.js';
import { benchCase } from './lib/dataset.js';
import { machineInfo } from './lib/machine.js';
import { cleanupAll } from './lib/cleanup.js';
import { parseSize, round, sizeLabel } from './lib/stats.js';
import { renderTables, SECTIONS, type BenchReport, type Section, type SizeResult } from './report.js';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = process.argv[at + 1];
  return value && !value.startsWith('--') ? value : '';
}

const quick = process.argv.includes('--quick');
const sizes = (option('sizes') || (quick ? '10k' : '100k,1m')).split(',').map(parseSize);
const only = new Set<Section>(
  (option('only') || SECTIONS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is Section => {
      if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section ${s}`);
      return true;
    }),
);
const waitQuietMinutes = Number(option('wait-quiet') || '0');
const maxLoad = Number(option('max-load') || '1.5');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const DATA_DIR = path.join(ROOT, '.data', 'bench');

/** A million entities and their write plan need more than Node's default heap. */
function ensureHeap(): void {
  const wantMb = Math.max(...sizes) >= 500_000 ? 12_288 : 4_096;
  const limitMb = v8.getHeapStatistics().heap_size_limit / 2 ** 20;
  if (limitMb >= wantMb * 0.9 || process.env.CASEGRAPH_BENCH_CHILD) return;
  const child = spawn(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${wantMb}`, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, CASEGRAPH_BENCH_CHILD: '1' } },
  );
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 1));
  throw new Restarted();
}
class Restarted extends Error {}

const log = (message: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Waits (polling each minute) until the 1-minute load average drops below `maxLoad`. */
async function waitForQuiet(): Promise<{ quiet: boolean; load: number; waitedMinutes: number }> {
  const started = Date.now();
  for (;;) {
    const load = os.loadavg()[0]!;
    const waited = (Date.now() - started) / 60_000;
    if (load < maxLoad) return { quiet: true, load: round(load), waitedMinutes: round(waited, 1) };
    if (waited >= waitQuietMinutes)
      return { quiet: false, load: round(load), waitedMinutes: round(waited, 1) };
    log(`load average ${load.toFixed(2)} ≥ ${maxLoad}: waiting (up to ${waitQuietMinutes} min)…`);
    await new Promise((resolve) => setTimeout(resolve, 60_000));
  }
}

/** Graph for the read sections when the import section did not build it (or NEO4J_URI has it). */
async function ensureGraph(
  neo4j: BenchNeo4j,
  size: number,
  doc: ReturnType<typeof benchCase>,
): Promise<void> {
  const model = loadModel();
  const { entities, facts } = documentCounts(doc);
  const { records } = await neo4j.driver.executeQuery(
    `MATCH (n:Entity) WITH count(n) AS nodes
     OPTIONAL MATCH (hub:Entity {id: 'organisation:gen-0'})
     RETURN nodes, hub IS NOT NULL AS hasHub`,
    {},
    { database: neo4j.database },
  );
  if (Number(records[0]?.get('nodes')) >= entities && records[0]?.get('hasHub') === true) {
    log(`  reusing the graph already in ${neo4j.uri}`);
    return;
  }
  log(
    `  building the ${sizeLabel(size)} graph through the app's import (${entities} entities, ${facts} facts)…`,
  );
  await applySchema(neo4j.driver, neo4j.database, model);
  const t = performance.now();
  await importCaseDocument({ driver: neo4j.driver, database: neo4j.database, model }, doc);
  log(`  built in ${round((performance.now() - t) / 1000, 1)} s`);
}

async function main(): Promise<void> {
  ensureHeap();
  // Interrupted: stop the servers we started and remove their homes before going.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping what the benchmark started…`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const quiet = { ...(await waitForQuiet()), maxLoad };
  if (!quiet.quiet)
    log(`load average still ${quiet.load} ≥ ${maxLoad}: running anyway (recorded in the results)`);
  const { pinnedNeo4jVersion } = await import('../server/local-neo4j/local-neo4j.js');
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    quick,
    sections: [...only],
    machine: machineInfo(pinnedNeo4jVersion(), process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
    quiet,
    external: Boolean(process.env.NEO4J_URI),
    sizes: [],
  };
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const jsonFile = path.join(RESULTS_DIR, `bench-${stamp}.json`);
  const save = () => {
    fs.writeFileSync(jsonFile, JSON.stringify(report, null, 2) + '\n');
    fs.writeFileSync(path.join(RESULTS_DIR, 'latest.md'), renderTables(report) + '\n');
  };

  // Built once per run, before the first API process starts (it serves what it finds then).
  let clientBuilt = false;
  for (const size of sizes) {
    log(`size ${sizeLabel(size)}: generating the case…`);
    const doc = benchCase(size);
    const counts = documentCounts(doc);
    const result: SizeResult = { size, ...counts, loadAtStart: round(os.loadavg()[0]!), errors: {} };
    report.sizes.push(result);
    log(`  ${counts.entities} entities, ${counts.facts} facts`);
    const external = Boolean(process.env.NEO4J_URI);
    let reference: Awaited<ReturnType<typeof runReferenceImports>> | undefined;
    if (only.has('import') && !external) {
      log('import (reference paths):');
      reference = await runReferenceImports({ size, doc, dataDir: DATA_DIR, external, log });
      result.errors.importPending = `reference figures so far: ${JSON.stringify(reference).slice(0, 1500)}`;
      save();
    }
    log('  starting the Neo4j for the app…');
    const neo4j = await startBenchNeo4j({ ...memoryFor(size), log: (m) => log(`  ${m}`) });
    try {
      if (only.has('import')) {
        if (!reference) {
          result.errors.import = 'skipped: NEO4J_URI is set and the import section needs an empty graph';
        } else {
          log('import (the app):');
          result.import = await runAppImportBench({ size, doc, appNeo4j: neo4j, reference, log });
          delete result.errors.importPending;
        }
        save();
      }
      const reads = (['latency', 'throughput', 'browser'] as const).filter((s) => only.has(s));
      if (reads.length > 0) {
        if (!result.import) await ensureGraph(neo4j, size, doc);
        if (reads.includes('browser') && !clientBuilt) {
          const { buildClient } = await import('./browser-bench.js');
          buildClient(log);
          clientBuilt = true;
        }
        const { startApiProcess } = await import('./lib/api-process.js');
        const api = await startApiProcess(neo4j, log);
        try {
          for (const section of reads) {
            log(`${section}:`);
            try {
              if (section === 'latency') {
                const { runLatencyBench } = await import('./latency-bench.js');
                result.latency = await runLatencyBench({ neo4j, api, size, quick, log });
              } else if (section === 'throughput') {
                const { runThroughputBench } = await import('./throughput-bench.js');
                result.throughput = await runThroughputBench({ neo4j, api, size, quick, log });
              } else {
                const { runBrowserBench } = await import('./browser-bench.js');
                result.browser = await runBrowserBench({ api, quick, log });
              }
            } catch (error) {
              log(`  ${section} failed: ${String(error)}`);
              result.errors[section] = String(error).slice(0, 2000);
            }
            save();
          }
        } finally {
          await api.stop();
        }
      }
    } catch (error) {
      log(`size ${sizeLabel(size)} failed: ${String(error)}`);
      result.errors.size = String(error).slice(0, 2000);
    } finally {
      save();
      log('  stopping Neo4j…');
      await neo4j.stop();
    }
  }
  report.finishedAt = new Date().toISOString();
  save();
  console.log(renderTables(report));
  console.log(`\nJSON: ${path.relative(process.cwd(), jsonFile)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof Restarted) return;
    console.error(error);
    process.exit(1);
  },
);
