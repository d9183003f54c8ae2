/**
 * The benchmark's JSON report (its shape, which `run.ts` fills) and its tables, rendered from it
 * (the same figures, nothing recomputed).
 */
import type { ImportBenchResult } from './import-bench.js';
import type { LatencyBenchResult } from './latency-bench.js';
import type { ThroughputBenchResult } from './throughput-bench.js';
import type { BrowserBenchResult } from './browser-bench.js';
import type { MachineInfo } from './lib/machine.js';
import { compact, markdownTable, round, sizeLabel, verdict } from './lib/stats.js';

export const SECTIONS = ['import', 'latency', 'throughput', 'browser'] as const;
export type Section = (typeof SECTIONS)[number];

export interface SizeResult {
  size: number;
  entities: number;
  facts: number;
  loadAtStart: number;
  import?: ImportBenchResult;
  latency?: unknown;
  throughput?: unknown;
  browser?: unknown;
  errors: Record<string, string>;
}

export interface BenchReport {
  startedAt: string;
  finishedAt?: string;
  quick: boolean;
  sections: Section[];
  machine: MachineInfo;
  quiet: { quiet: boolean; load: number; waitedMinutes: number; maxLoad: number };
  external: boolean;
  sizes: SizeResult[];
}

function importTable(results: { size: number; import: ImportBenchResult }[]): string {
  const rows: (string | number)[][] = [];
  for (const { size, import: r } of results) {
    const s = sizeLabel(size);
    rows.push([
      s,
      'app (importCaseDocument), 1st run',
      r.app.phases.totalS,
      compact(r.app.entitiesPerS),
      compact(r.app.factsPerS),
      compact(r.app.elementsPerS),
      `prepare ${r.app.phases.prepareS} s, nodes ${r.app.phases.nodesS} s, facts ${r.app.phases.factsS} s, commit ${r.app.phases.commitS} s`,
    ]);
    const second = r.appSecondRun;
    rows.push([
      s,
      'app, 2nd run (same document)',
      second.phases.totalS,
      compact(second.entitiesPerS),
      compact(second.factsPerS),
      compact(second.elementsPerS),
      `created ${second.created}, updated ${second.updated}; ${round(r.app.phases.totalS / second.phases.totalS, 2)}× faster than the 1st`,
    ]);
    if (r.loadCsv && 'totalS' in r.loadCsv) {
      rows.push([
        s,
        r.loadCsv.method,
        r.loadCsv.totalS,
        compact(r.loadCsv.entitiesPerS),
        compact(r.loadCsv.factsPerS),
        compact(r.loadCsv.elementsPerS),
        `nodes ${r.loadCsv.nodesS} s, facts ${r.loadCsv.factsS} s`,
      ]);
    } else if (r.loadCsv) {
      rows.push([s, 'LOAD CSV', '-', '-', '-', '-', r.loadCsv.error.split('\n')[0]!.slice(0, 120)]);
    }
    if (r.neo4jAdmin && 'totalS' in r.neo4jAdmin) {
      rows.push([
        s,
        'neo4j-admin database import full',
        r.neo4jAdmin.totalS,
        compact(r.neo4jAdmin.entitiesPerS),
        compact(r.neo4jAdmin.factsPerS),
        compact(r.neo4jAdmin.elementsPerS),
        `one wall time for both; + ${r.neo4jAdmin.schemaBuildS} s to build the schema afterwards (${compact(r.neo4jAdmin.withSchemaElementsPerS)} elements/s with it)`,
      ]);
    } else if (r.neo4jAdmin) {
      rows.push([s, 'neo4j-admin', '-', '-', '-', '-', r.neo4jAdmin.error.split('\n')[0]!.slice(0, 120)]);
    }
  }
  const table = markdownTable(
    ['size', 'method', 'seconds', 'entities/s', 'facts/s', 'elements/s', 'notes'],
    rows,
  );
  const targets = markdownTable(
    ['size', 'target', 'value', 'met'],
    results.flatMap(({ size, import: r }) => [
      [
        sizeLabel(size),
        'app entities/s ≥ 50k',
        compact(r.app.entitiesPerS),
        verdict(r.targets.entitiesPerS.met),
      ],
      [sizeLabel(size), 'app facts/s ≥ 30k', compact(r.app.factsPerS), verdict(r.targets.factsPerS.met)],
      ...(r.targets.shareOfAdmin
        ? [
            [
              sizeLabel(size),
              'app ≥ 10 % of neo4j-admin (time ratio)',
              `${round(r.targets.shareOfAdmin.value * 100, 1)} %`,
              verdict(r.targets.shareOfAdmin.met),
            ],
          ]
        : []),
      [
        sizeLabel(size),
        '2nd run creates nothing, is faster',
        `${r.appSecondRun.createdNothing ? 'nothing created' : 'CREATED'}, ${r.appSecondRun.fasterThanFirst ? 'faster' : 'SLOWER'}`,
        verdict(r.appSecondRun.createdNothing && r.appSecondRun.fasterThanFirst),
      ],
    ]),
  );
  return `${table}\n\n${targets}`;
}

function latencyTable(results: { size: number; latency: LatencyBenchResult }[]): string {
  const rows: (string | number)[][] = [];
  for (const { size, latency } of results) {
    for (const c of latency.cases) {
      if ('error' in c) {
        rows.push([
          sizeLabel(size),
          c.name,
          '-',
          '-',
          '-',
          '-',
          '-',
          '-',
          '-',
          '-',
          '',
          '-',
          c.error.slice(0, 100),
        ]);
        continue;
      }
      rows.push([
        sizeLabel(size),
        c.name,
        c.raw.n,
        c.raw.p50,
        c.raw.p95,
        c.raw.p99,
        c.api.p50,
        c.api.p95,
        c.api.p99,
        `${c.ratio.p50}× / ${c.ratio.p95}×`,
        verdict(c.met),
        c.cached ? `${c.cached.p50} (${c.cached.ratioP50}×)` : '-',
        c.note ?? '',
      ]);
    }
  }
  const table = markdownTable(
    [
      'size',
      'case',
      'n',
      'raw p50 ms',
      'raw p95',
      'raw p99',
      'API p50 ms',
      'API p95',
      'API p99',
      'API/raw p50 / p95',
      'met',
      'cached API p50 ms (/raw)',
      'notes',
    ],
    rows,
  );
  const overhead = results
    .map(
      ({ size, latency }) =>
        `${sizeLabel(size)}: API floor p50/p95 — GET /api/health ${latency.overhead.health.p50}/${latency.overhead.health.p95} ms (no sign-in, no query); ` +
        `GET /api/model ${latency.overhead.model.p50}/${latency.overhead.model.p95} ms (token look-up only); ` +
        `the token look-up alone in the app store ${latency.overhead.tokenLookup.p50}/${latency.overhead.tokenLookup.p95} ms` +
        (latency.overhead.auditWrite
          ? `; one audit event committed to the app store (what a change or query run waits for) ${latency.overhead.auditWrite.p50}/${latency.overhead.auditWrite.p95} ms; ` +
            `POST /api/cypher of RETURN 1 (sign-in, gate, run, audit) ${latency.overhead.consoleTrivial!.p50}/${latency.overhead.consoleTrivial!.p95} ms.`
          : '.'),
    )
    .join('\n');
  const extra = results
    .map(
      ({ size, latency }) =>
        `${sizeLabel(size)}: supernode API p95 ${latency.supernodeVsMedian.supernodeP95} ms vs median node ${latency.supernodeVsMedian.medianP95} ms = ${latency.supernodeVsMedian.ratio}× (target ≤ 1.5×: ${verdict(latency.supernodeVsMedian.met)})` +
        (latency.deepPage
          ? `\n${sizeLabel(size)}: page 100 of the ${compact(latency.deepPage.hubDegree)}-link hub, API p50 ${latency.deepPage.page100P50} ms vs page 1 ${latency.deepPage.page1P50} ms = ${latency.deepPage.ratio}× (target ≤ 2×: ${verdict(latency.deepPage.met)})`
          : ''),
    )
    .join('\n');
  return `${table}\n\n${extra}\n\n${overhead}`;
}

function throughputTable(results: { size: number; throughput: ThroughputBenchResult }[]): string {
  const rows: (string | number)[][] = [];
  for (const { size, throughput } of results) {
    for (const c of throughput.cases) {
      rows.push([
        sizeLabel(size),
        `${c.name} (${compact(c.bytes)} B; repeat: ${c.cacheHeader ?? 'n/a'})`,
        c.connections,
        compact(c.api.requestsPerS),
        compact(c.api.bytesPerS),
        c.api.p50Ms,
        c.api.p99Ms,
        c.apiUncached ? compact(c.apiUncached.requestsPerS) : '-',
        c.apiUncached ? c.apiUncached.p50Ms : '-',
        compact(c.express.requestsPerS),
        compact(c.express.bytesPerS),
        compact(c.plain.requestsPerS),
        compact(c.plain.bytesPerS),
        c.plain.p50Ms,
        `${c.expressRatio}×`,
        `${c.bytesRatio}×`,
        c.uncachedRatio === undefined ? '-' : `${c.uncachedRatio}×`,
        c.api.errors + c.api.non2xx + (c.apiUncached ? c.apiUncached.errors + c.apiUncached.non2xx : 0),
        c.large ? verdict(c.bytesRatio >= 0.8) : '',
      ]);
    }
  }
  return markdownTable(
    [
      'size',
      'response',
      'conns',
      'API req/s',
      'API B/s',
      'API p50 ms',
      'API p99 ms',
      'uncached req/s',
      'uncached p50 ms',
      'HTTP stack req/s',
      'HTTP stack B/s',
      'plain req/s',
      'plain B/s',
      'plain p50 ms',
      'stack/plain B/s',
      'API/plain B/s',
      'uncached/plain B/s',
      'errors',
      'large ≥ 0.8×',
    ],
    rows,
  );
}

function browserTable(results: { size: number; browser: BrowserBenchResult }[]): string {
  const rows: (string | number)[][] = [];
  for (const { size, browser } of results) {
    for (const c of browser.cases) {
      rows.push([
        sizeLabel(size),
        c.renderer,
        c.nodes,
        c.edges,
        c.fetchMs,
        c.firstFrameMs,
        c.layoutMs,
        c.layoutWarmMs ?? '',
        c.layoutApplyMs,
        c.panFps,
        c.zoomFps,
        c.overlappingBoxes ?? '',
        c.overlappingDiscs ?? '',
        c.note ?? '',
      ]);
    }
  }
  return markdownTable(
    [
      'graph',
      'renderer',
      'nodes',
      'edges',
      'API fetch ms',
      'answer → first frame ms',
      'fcose layout ms',
      'layout again ms',
      'layout → drawn ms',
      'pan fps',
      'zoom fps',
      'overlapping label boxes',
      'overlapping discs',
      'notes',
    ],
    rows,
  );
}

/** All tables of a report, as Markdown. */
export function renderTables(report: BenchReport): string {
  const withSection = <K extends 'import' | 'latency' | 'throughput' | 'browser'>(key: K) =>
    report.sizes.filter((s) => s[key] !== undefined) as (SizeResult &
      Record<K, NonNullable<SizeResult[K]>>)[];
  const parts: string[] = [];
  const m = report.machine;
  parts.push(
    `Run ${report.startedAt}${report.quick ? ' (--quick)' : ''}: ${m.nproc} cores, ${m.memoryGiB} GiB, ${m.cpuModel}; ` +
      `Node ${m.node}, ${m.java}, Neo4j ${m.neo4j}${m.chromium ? `, ${m.chromium}` : ''}. ` +
      `1-min load at start ${report.quiet.load} (${report.quiet.quiet ? 'quiet' : `NOT below ${report.quiet.maxLoad}`}).`,
  );
  const imports = withSection('import');
  if (imports.length > 0) parts.push('### Import\n\n' + importTable(imports as never));
  const latency = withSection('latency');
  if (latency.length > 0) parts.push('### Latency, API vs raw driver\n\n' + latencyTable(latency as never));
  const throughput = withSection('throughput');
  if (throughput.length > 0) {
    parts.push('### Throughput, API vs plain node:http\n\n' + throughputTable(throughput as never));
  }
  const browser = withSection('browser');
  if (browser.length > 0) parts.push('### Browser (headless Chromium)\n\n' + browserTable(browser as never));
  for (const size of report.sizes) {
    for (const [section, error] of Object.entries(size.errors)) {
      parts.push(`${sizeLabel(size.size)} ${section}: ${error.split('\n')[0]}`);
    }
  }
  return parts.join('\n\n');
}
