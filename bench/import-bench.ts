/**
 * Import, side by side, on the same generated case:
 *   - the app's own path (`importCaseDocument`: validation, then the staged writer), twice: the
 *     second run must create nothing and be faster;
 *   - Cypher `LOAD CSV … CALL {} IN TRANSACTIONS` of the same rows, on a Neo4j of its own;
 *   - `neo4j-admin database import full` on a stopped database of a separate home, then the
 *     same schema built on it once it runs (what an admin import still owes before it is usable).
 * Every path runs against the model's schema (constraints, range and full-text indexes), except
 * neo4j-admin, which cannot, and whose schema build is reported on its own line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { importCaseDocument, type ImportDeps } from '../server/import/import-service.js';
import type { WriteProgress } from '../server/import/staged-writer.js';
import { startLocalNeo4j, freePort } from '../server/local-neo4j/local-neo4j.js';
import { ENTITY_LABEL, loadModel, type CaseDocument, type CaseModel } from '../server/model/model.js';
import { applySchema } from '../server/schema/apply-schema.js';
import { resetGraph } from '../server/seed/seed.js';
import { generateCase } from '../server/generate/generate-case.js';
import { createDriver } from '../server/db/driver.js';
import { memoryFor, runAdminImport, startBenchNeo4j, type BenchNeo4j } from './lib/bench-neo4j.js';
import { loadCsvValue, readCsvSet, writeCsvSet, type CsvSet } from './lib/dataset.js';
import { round } from './lib/stats.js';
import { registerCleanup } from './lib/cleanup.js';

export interface PhaseTimes {
  /** Validation, external-reference look-ups and recovery, before the first batch. */
  prepareS: number;
  nodesS: number;
  factsS: number;
  /** Clearing the staging records. */
  commitS: number;
  totalS: number;
}

export interface AppImportResult {
  entities: number;
  facts: number;
  batchSize: number;
  phases: PhaseTimes;
  /** Entities over the node phase, facts over the fact phase. */
  entitiesPerS: number;
  factsPerS: number;
  /** (entities + facts) over the whole import, validation and commit included. */
  elementsPerS: number;
  /** Entities and facts each over the whole import (the generate CLI's figures). */
  endToEnd: { entitiesPerS: number; factsPerS: number };
  created: number;
  updated: number;
  unchanged: number;
}

export interface CypherImportResult {
  method: string;
  entities: number;
  facts: number;
  nodesS: number;
  factsS: number;
  totalS: number;
  entitiesPerS: number;
  factsPerS: number;
  elementsPerS: number;
  notes?: string;
}

export interface ImportBenchResult {
  size: number;
  app: AppImportResult;
  appSecondRun: AppImportResult & { createdNothing: boolean; fasterThanFirst: boolean };
  loadCsv?: CypherImportResult | { error: string };
  neo4jAdmin?:
    (CypherImportResult & { schemaBuildS: number; withSchemaElementsPerS: number }) | { error: string };
  targets: {
    entitiesPerS: { target: number; met: boolean };
    factsPerS: { target: number; met: boolean };
    shareOfAdmin?: { target: number; value: number; met: boolean };
  };
}

const secondsSince = (t: number) => (performance.now() - t) / 1000;

/** Counts of elements in a document: entities include sources (they are nodes too). */
export function documentCounts(doc: CaseDocument): { entities: number; facts: number } {
  return { entities: doc.entities.length + doc.sources.length, facts: doc.facts.length };
}

/** One run of the app's import, with its phases timed from the writer's progress events. */
export async function timeAppImport(
  deps: ImportDeps,
  doc: CaseDocument,
  log: (m: string) => void,
  batchSize?: number,
): Promise<AppImportResult> {
  const { entities, facts } = documentCounts(doc);
  const marks: Partial<Record<'nodesStart' | 'nodesEnd' | 'factsStart' | 'factsEnd' | 'commit', number>> = {};
  let lastLog = 0;
  const started = performance.now();
  const onProgress = (p: WriteProgress) => {
    const now = performance.now();
    if (p.phase === 'nodes') {
      marks.nodesStart ??= now;
      if (p.done === p.total) marks.nodesEnd = now;
    } else if (p.phase === 'facts') {
      marks.factsStart ??= now;
      if (p.done === p.total) marks.factsEnd = now;
    } else if (p.phase === 'commit') marks.commit = now;
    if (now - lastLog > 10_000) {
      lastLog = now;
      log(`    ${p.phase} ${p.done}/${p.total} (${round((now - started) / 1000, 1)} s)`);
    }
  };
  const summary = await importCaseDocument(deps, doc, {
    onProgress,
    ...(batchSize !== undefined && { batchSize }),
  });
  const end = performance.now();
  const nodesStart = marks.nodesStart ?? started;
  const nodesEnd = marks.nodesEnd ?? nodesStart;
  const factsStart = marks.factsStart ?? nodesEnd;
  const factsEnd = marks.factsEnd ?? factsStart;
  const commit = marks.commit ?? factsEnd;
  const phases: PhaseTimes = {
    prepareS: round((nodesStart - started) / 1000, 3),
    nodesS: round((nodesEnd - nodesStart) / 1000, 3),
    factsS: round((factsEnd - nodesEnd) / 1000, 3),
    commitS: round((end - commit) / 1000, 3),
    totalS: round((end - started) / 1000, 3),
  };
  const all = [summary.entities, summary.sources, summary.facts];
  return {
    entities,
    facts,
    batchSize: batchSize ?? 0,
    phases,
    entitiesPerS: Math.round(entities / Math.max(phases.nodesS, 1e-3)),
    factsPerS: Math.round(facts / Math.max(phases.factsS, 1e-3)),
    elementsPerS: Math.round((entities + facts) / phases.totalS),
    endToEnd: {
      entitiesPerS: Math.round(entities / phases.totalS),
      factsPerS: Math.round(facts / phases.totalS),
    },
    created: all.reduce((s, c) => s + c.created, 0),
    updated: all.reduce((s, c) => s + c.updated, 0),
    unchanged: all.reduce((s, c) => s + c.unchanged, 0),
  };
}

/** The CSV files of a size, written once into .data/bench and reused by later runs. */
export function csvSetFor(
  size: number,
  doc: () => CaseDocument,
  dataDir: string,
  log: (m: string) => void,
): CsvSet {
  const dir = path.join(dataDir, `csv-${size}`);
  const existing = readCsvSet(dir);
  if (existing) return existing;
  log(`  writing CSV files for ${size} entities into ${path.relative(process.cwd(), dir)}`);
  fs.rmSync(dir, { recursive: true, force: true });
  return writeCsvSet(doc(), dir);
}

/** `LOAD CSV … CALL {} IN TRANSACTIONS OF n ROWS`: nodes with CREATE, facts with MATCH, MATCH, CREATE. */
export async function timeLoadCsv(
  neo4j: BenchNeo4j,
  csv: CsvSet,
  model: CaseModel,
  rowsPerTx: number,
): Promise<CypherImportResult> {
  await applySchema(neo4j.driver, neo4j.database, model);
  const session = () => neo4j.driver.session({ database: neo4j.database });
  const run = async (statement: string) => {
    const s = session();
    try {
      await s.run(statement);
    } finally {
      await s.close();
    }
  };
  const url = (name: string) => `file:///${name}`;
  // `limit` reads only the first rows of each file (the warm-up).
  const loadNodes = async (limit?: number) => {
    for (const file of csv.nodes) {
      const sets = file.columns.map((c) => `n.\`${c.key}\` = ${loadCsvValue(c)}`).join(', ');
      await run(
        `LOAD CSV WITH HEADERS FROM '${url(file.name)}' AS row ${limit ? `WITH row LIMIT ${limit}` : ''}
         CALL (row) { CREATE (n:${ENTITY_LABEL}:\`${file.kind}\`) SET n.id = row.\`id:ID\`, ${sets} }
         IN TRANSACTIONS OF ${rowsPerTx} ROWS`,
      );
    }
  };
  const loadFacts = async (limit?: number) => {
    for (const file of csv.relationships) {
      const sets = file.columns.map((c) => `r.\`${c.key}\` = ${loadCsvValue(c)}`).join(', ');
      await run(
        `LOAD CSV WITH HEADERS FROM '${url(file.name)}' AS row ${limit ? `WITH row LIMIT ${limit}` : ''}
         CALL (row) {
           MATCH (a:${ENTITY_LABEL} {id: row.\`:START_ID\`})
           MATCH (b:${ENTITY_LABEL} {id: row.\`:END_ID\`})
           CREATE (a)-[r:\`${file.kind}\`]->(b) SET r.id = row.id, ${sets}
         } IN TRANSACTIONS OF ${rowsPerTx} ROWS`,
      );
    }
  };
  // Warm-up on a fresh server (JIT, page cache, plans), like the app's import gets, then wiped.
  await loadNodes(WARM_UP_ENTITIES / 5);
  await loadFacts(WARM_UP_ENTITIES / 5);
  await resetGraph(neo4j.driver, neo4j.database);
  const nodesStarted = performance.now();
  await loadNodes();
  const nodesS = secondsSince(nodesStarted);
  const factsStarted = performance.now();
  await loadFacts();
  const factsS = secondsSince(factsStarted);
  const entities = csv.nodes.reduce((s, f) => s + f.rows, 0);
  const facts = csv.relationships.reduce((s, f) => s + f.rows, 0);
  await assertCounts(neo4j.driver, neo4j.database, entities, facts, 'LOAD CSV');
  const totalS = nodesS + factsS;
  return {
    method: `LOAD CSV, CALL {} IN TRANSACTIONS OF ${rowsPerTx} ROWS`,
    entities,
    facts,
    nodesS: round(nodesS, 3),
    factsS: round(factsS, 3),
    totalS: round(totalS, 3),
    entitiesPerS: Math.round(entities / nodesS),
    factsPerS: Math.round(facts / factsS),
    elementsPerS: Math.round((entities + facts) / totalS),
  };
}

async function assertCounts(driver: Driver, database: string, entities: number, facts: number, what: string) {
  const { records } = await driver.executeQuery(
    `MATCH (n:${ENTITY_LABEL}) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS facts`,
    {},
    { database },
  );
  const nodes = Number(records[0]?.get('nodes'));
  const rels = Number(records[0]?.get('facts'));
  if (nodes !== entities || rels !== facts) {
    throw new Error(`${what} stored ${nodes} entities and ${rels} facts; expected ${entities} and ${facts}`);
  }
}

/**
 * neo4j-admin into a fresh home (never started), then — started — the model's schema built on the
 * imported graph, timed separately.
 */
export async function timeAdminImport(
  csv: CsvSet,
  model: CaseModel,
  size: number,
  log: (m: string) => void,
): Promise<CypherImportResult & { schemaBuildS: number; withSchemaElementsPerS: number }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-bench-admin-'));
  const removeHome = registerCleanup(async () => fs.rmSync(home, { recursive: true, force: true }));
  const memory = memoryFor(size);
  try {
    const result = await runAdminImport({
      home,
      heap: memory.heap,
      nodes: csv.nodes.map((f) => `${ENTITY_LABEL}:${f.kind}=${path.join(csv.dir, f.name)}`),
      relationships: csv.relationships.map((f) => `${f.kind}=${path.join(csv.dir, f.name)}`),
      log,
    });
    if (result.exitCode !== 0)
      throw new Error(`neo4j-admin exited with ${result.exitCode}:\n${result.output}`);
    const entities = csv.nodes.reduce((s, f) => s + f.rows, 0);
    const facts = csv.relationships.reduce((s, f) => s + f.rows, 0);

    // Start the imported database and build what the app needs on it.
    const password = 'bench-' + Math.random().toString(36).slice(2, 14);
    const handle = await startLocalNeo4j({
      homeDir: home,
      boltPort: await freePort(),
      password,
      heap: memory.heap,
      pageCache: memory.pageCache,
      txTimeoutMs: 600_000,
      startTimeoutMs: 300_000,
      log,
    });
    const stopServer = registerCleanup(() => handle.stop(120_000));
    const driver = createDriver({ uri: handle.uri, user: handle.user, password: handle.password });
    let schemaBuildS: number;
    try {
      await assertCounts(driver, 'neo4j', entities, facts, 'neo4j-admin');
      const t = performance.now();
      await applySchema(driver, 'neo4j', model);
      schemaBuildS = secondsSince(t);
    } finally {
      await driver.close();
      await stopServer();
    }
    const importS = result.seconds;
    return {
      method: 'neo4j-admin database import full',
      entities,
      facts,
      // The tool reports one wall time for nodes and relationships together.
      nodesS: Number.NaN,
      factsS: Number.NaN,
      totalS: round(importS, 3),
      entitiesPerS: Math.round(entities / importS),
      factsPerS: Math.round(facts / importS),
      elementsPerS: Math.round((entities + facts) / importS),
      schemaBuildS: round(schemaBuildS, 3),
      withSchemaElementsPerS: Math.round((entities + facts) / (importS + schemaBuildS)),
      notes: 'JVM start included; no schema during the import (built afterwards, see schemaBuildS)',
    };
  } finally {
    await removeHome();
  }
}

/** Size of the warm-up import each transactional path gets on its fresh server. */
export const WARM_UP_ENTITIES = 20_000;

export const TARGETS = { entitiesPerS: 50_000, factsPerS: 30_000, shareOfAdmin: 0.1 };

/**
 * The import section, first half: neo4j-admin and LOAD CSV, each on a Neo4j of its own. Run before
 * the app's Neo4j starts, so that no two servers of a million entities share the memory.
 */
export async function runReferenceImports(options: {
  size: number;
  doc: CaseDocument;
  dataDir: string;
  external: boolean;
  log: (m: string) => void;
}): Promise<Pick<ImportBenchResult, 'loadCsv' | 'neo4jAdmin'>> {
  const { size, doc, log } = options;
  const model = loadModel();
  const csv = csvSetFor(size, () => doc, options.dataDir, log);

  let admin: ImportBenchResult['neo4jAdmin'];
  log('  neo4j-admin database import full…');
  try {
    admin = await timeAdminImport(csv, model, size, log);
    log(`    ${admin.totalS} s (+ ${admin.schemaBuildS} s schema build)`);
  } catch (error) {
    admin = { error: String(error).slice(0, 2000) };
    log(`    failed: ${admin.error.split('\n')[0]}`);
  }

  let loadCsv: ImportBenchResult['loadCsv'];
  if (!options.external) {
    log('  LOAD CSV … IN TRANSACTIONS on a Neo4j of its own…');
    let csvNeo4j: BenchNeo4j | undefined;
    try {
      csvNeo4j = await startBenchNeo4j({ ...memoryFor(size), csvImport: true, csvDir: csv.dir, log });
      loadCsv = await timeLoadCsv(csvNeo4j, csv, model, 10_000);
      log(`    ${loadCsv.totalS} s`);
    } catch (error) {
      loadCsv = { error: String(error).slice(0, 2000) };
      log(`    failed: ${loadCsv.error.split('\n')[0]}`);
    } finally {
      await csvNeo4j?.stop();
    }
  } else {
    loadCsv = { error: 'skipped: NEO4J_URI is set (LOAD CSV needs our own server and its import folder)' };
  }
  return { loadCsv, neo4jAdmin: admin };
}

/**
 * The import section, second half: the app's own path into `appNeo4j` (left holding the graph
 * for the other sections), twice, beside the reference figures from `runReferenceImports`.
 */
export async function runAppImportBench(options: {
  size: number;
  doc: CaseDocument;
  appNeo4j: BenchNeo4j;
  reference: Pick<ImportBenchResult, 'loadCsv' | 'neo4jAdmin'>;
  log: (m: string) => void;
}): Promise<ImportBenchResult> {
  const { size, doc, appNeo4j, log } = options;
  const model = loadModel();
  const admin = options.reference.neo4jAdmin;
  const deps = { driver: appNeo4j.driver, database: appNeo4j.database, model };
  await applySchema(appNeo4j.driver, appNeo4j.database, model);
  // A fresh JVM runs its first hundred thousand writes several times slower than a warm one; a
  // server in use is warm. So a small case goes in first and is wiped (LOAD CSV gets the same).
  log(`  warm-up: ${WARM_UP_ENTITIES} entities imported and wiped…`);
  await importCaseDocument(deps, generateCase({ entities: WARM_UP_ENTITIES, seed: 7 }));
  await resetGraph(appNeo4j.driver, appNeo4j.database);
  log('  app import (importCaseDocument), first run…');
  const app = await timeAppImport(deps, doc, log);
  log(`    ${app.phases.totalS} s: ${app.entitiesPerS} entities/s, ${app.factsPerS} facts/s`);
  log('  app import, second run (nothing to create)…');
  const second = await timeAppImport(deps, doc, log);
  log(`    ${second.phases.totalS} s, created ${second.created}, updated ${second.updated}`);

  const shareOfAdmin =
    admin && 'totalS' in admin ? { value: round(admin.totalS / app.phases.totalS, 3) } : undefined;
  return {
    size,
    app,
    appSecondRun: {
      ...second,
      createdNothing: second.created === 0 && second.updated === 0,
      fasterThanFirst: second.phases.totalS < app.phases.totalS,
    },
    ...options.reference,
    targets: {
      entitiesPerS: { target: TARGETS.entitiesPerS, met: app.entitiesPerS >= TARGETS.entitiesPerS },
      factsPerS: { target: TARGETS.factsPerS, met: app.factsPerS >= TARGETS.factsPerS },
      ...(shareOfAdmin && {
        shareOfAdmin: {
          target: TARGETS.shareOfAdmin,
          value: shareOfAdmin.value,
          met: shareOfAdmin.value >= TARGETS.shareOfAdmin,
        },
      }),
    },
  };
}
