/**
 * Seeding: the schema from the model, then every case file in cypher/cases/
 * through the one import path. Running it twice changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { cypher, fillTemplate, quoteName } from '../cypher-files.js';
import type { ImportSummary } from '../contract.js';
import { importCaseDocument, type ImportDeps } from '../import/import-service.js';
import type { WriteProgress } from '../import/staged-writer.js';
import { markGraphChanged } from '../graph-state/graph-state.js';
import { applySchema } from '../schema/apply-schema.js';
import { PROJECT_ROOT } from '../project-root.js';

export const CASES_DIR = path.join(PROJECT_ROOT, 'cypher', 'cases');

export interface SeedResult {
  schemaStatements: number;
  cases: { file: string; summary: ImportSummary }[];
}

/** True when the database holds no case entity yet (app bookkeeping nodes do not count). */
export async function isGraphEmpty(driver: Driver, database: string): Promise<boolean> {
  const { records } = await driver.executeQuery(cypher('seed/any-entity'), {}, { database, routing: 'READ' });
  return records[0]?.get('any') !== true;
}

/**
 * How long emptying may take. The server's default transaction time-out (30 s on the local Neo4j)
 * is sized for requests; a million-entity case, or a busy machine, outlasts it, and a reset cut
 * off half-way leaves half a case.
 */
export const RESET_TIMEOUT_MS = 60 * 60_000;

/**
 * Empties the case data (entities, sources, facts, import staging), in batches so a large graph
 * needs no large transaction. Users, sessions, saved queries and workspaces are not case data
 * and stay.
 */
export async function resetGraph(driver: Driver, database: string): Promise<void> {
  const session = driver.session({ database });
  try {
    await session.run(cypher('seed/reset'), {}, { timeout: RESET_TIMEOUT_MS });
  } catch (error) {
    // Even a reset that failed part-way has deleted something; its own error is the one to report.
    await markGraphChanged(driver, database).catch(() => {});
    throw error;
  } finally {
    await session.close();
  }
  await markGraphChanged(driver, database);
}

/** Node counts by label and relationship counts by type, from Neo4j's count store (cheap). */
export async function graphCounts(
  driver: Driver,
  database: string,
): Promise<{ nodes: Record<string, number>; relationships: Record<string, number> }> {
  const nodes: Record<string, number> = {};
  const relationships: Record<string, number> = {};
  const labels = await driver.executeQuery(cypher('seed/labels'), {}, { database });
  for (const record of labels.records) {
    const label = record.get('label') as string;
    const { records } = await driver.executeQuery(
      // Names the database reports, quoted: this counts whatever is there, model or not.
      fillTemplate('seed/count-label', { label: quoteName(label) }),
      {},
      { database },
    );
    const n = Number(records[0]?.get('n') ?? 0);
    if (n > 0) nodes[label] = n;
  }
  const types = await driver.executeQuery(cypher('seed/relationship-types'), {}, { database });
  for (const record of types.records) {
    const type = record.get('relationshipType') as string;
    const { records } = await driver.executeQuery(
      fillTemplate('seed/count-type', { type: quoteName(type) }),
      {},
      { database },
    );
    const n = Number(records[0]?.get('n') ?? 0);
    if (n > 0) relationships[type] = n;
  }
  return { nodes, relationships };
}

export function caseFiles(dir = CASES_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Applies the schema and imports every case file. */
export async function seedDatabase(
  deps: ImportDeps,
  options: { files?: string[]; onProgress?: (file: string, p: WriteProgress) => void } = {},
): Promise<SeedResult> {
  const schemaStatements = await applySchema(deps.driver, deps.database, deps.model);
  const cases: SeedResult['cases'] = [];
  for (const file of options.files ?? caseFiles()) {
    const document: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    const summary = await importCaseDocument(deps, document, {
      onProgress: (p) => options.onProgress?.(file, p),
    });
    cases.push({ file: path.relative(process.cwd(), file), summary });
  }
  return { schemaStatements, cases };
}
