/**
 * `npm run export`: the case graph out in the import format and back in. The proof is the graph
 * checksum: export, empty the graph, import the file, and every node and relationship with every
 * property is as before. The file leaves the graph seeded as it found it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCase, type ExportOptions } from '../../server/export/case-export.js';
import { generateCase } from '../../server/generate/generate-case.js';
import { importCaseDocument } from '../../server/import/import-service.js';
import { loadModel } from '../../server/model/model.js';
import { resetGraph, seedDatabase } from '../../server/seed/seed.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testDriver, testNeo4j } from '../support/neo4j.js';
import { runCli } from '../support/cli.js';

const model = loadModel();
const root = path.resolve(import.meta.dirname, '../..');
const CASE_INFO = { id: 'case:round-trip', title: 'Round trip', summary: 'The graph, exported.' };

describe('exporting the case graph', () => {
  let driver: Driver;
  const database = () => testNeo4j().database;
  const deps = () => ({ driver, database: database(), model });
  // An import stamps each dense node's neighbourhood summary with the time it computed it: derived
  // data no case file carries, so a re-import changes that stamp and nothing else (the summary
  // text, summaryJson, is compared like every other property).
  const checksum = () =>
    graphChecksum(driver, database(), { caseDataOnly: true, ignoreProperties: ['summaryUpdatedAt'] });

  /** The export as text, through the same sink a file gets. */
  async function exportText(options: ExportOptions = {}) {
    const chunks: string[] = [];
    const summary = await exportCase(
      deps(),
      async (chunk) => {
        chunks.push(chunk);
      },
      { caseInfo: CASE_INFO, ...options },
    );
    return { text: chunks.join(''), summary };
  }

  /** Empties the graph and imports `document` into it. */
  async function reimport(document: unknown) {
    await resetGraph(driver, database());
    await importCaseDocument(deps(), document);
  }

  beforeAll(async () => {
    driver = testDriver();
    await resetGraph(driver, database());
    await seedDatabase(deps());
  });
  afterAll(async () => {
    // As found: the shipped case, seeded.
    await resetGraph(driver, database());
    await seedDatabase(deps());
    await driver.close();
  });

  it('when the seeded case is exported, emptied and imported back, then the graph checksum is unchanged', async () => {
    const before = await checksum();
    const { text, summary } = await exportText();
    const shipped = JSON.parse(fs.readFileSync(path.join(root, 'cypher/cases/phantom-secure.json'), 'utf8'));
    // The shipped case lists a Source with aliases and its own citation under entities: so does the export.
    expect(summary).toEqual({
      sources: shipped.sources.length,
      entities: shipped.entities.length,
      facts: shipped.facts.length,
      leftOut: { nodes: 0, relationships: 0 },
    });
    expect(JSON.parse(text).entities).toContainEqual(
      expect.objectContaining({
        type: 'Source',
        id: 'doc:fbi-complaint-against-ramos',
        aliases: ['the complaint'],
      }),
    );
    await reimport(JSON.parse(text));
    expect(await checksum()).toBe(before);
    // The same graph exports to the same bytes: a fixed order and sorted keys.
    expect((await exportText()).text).toBe(text);
  });

  it('when the graph holds case data the import format cannot carry, then it is counted, not written', async () => {
    await driver.executeQuery(
      `CREATE (:Stray {name: 'no Entity label'})
       WITH 1 AS one MATCH (a:Entity {id: 'org:phantom-secure'}), (b:Entity {id: 'org:sinaloa-cartel'})
       CREATE (a)-[:SUPPLIED {claim: 'no id'}]->(b)`,
      {},
      { database: database() },
    );
    try {
      const { text, summary } = await exportText();
      expect(summary.leftOut).toEqual({ nodes: 1, relationships: 1 });
      expect(text).not.toContain('no Entity label');
      expect(text).not.toContain('"claim":"no id"');
    } finally {
      await driver.executeQuery(
        `MATCH (n:Stray) DETACH DELETE n
         WITH 1 AS one MATCH ()-[r:SUPPLIED]->() WHERE r.id IS NULL DELETE r`,
        {},
        { database: database() },
      );
    }
  });

  it('when a generated case of a few thousand entities goes round in small pages, then the checksum is unchanged', async () => {
    const generated = generateCase({ entities: 3_000, seed: 7 });
    await reimport(generated);
    const before = await checksum();
    // Pages far smaller than the graph, so every page boundary (and a hub's links across pages) is crossed.
    const { text, summary } = await exportText({ pageSize: 97 });
    const whole = await exportText();
    expect(whole.text).toBe(text);
    const document = JSON.parse(text) as { entities: unknown[]; facts: unknown[]; sources: unknown[] };
    expect(summary.entities).toBe(generated.entities.length);
    expect(summary.sources).toBe(generated.sources.length);
    expect(document.entities.length).toBe(generated.entities.length);
    expect(summary.facts).toBe(generated.facts.length);
    expect(document.facts.length).toBe(summary.facts);
    // A hub past the dense-node threshold, so its stored summary goes round too.
    expect(text).toContain('"id":"organisation:gen-0"');
    const dense = await driver.executeQuery(
      'MATCH (n:Entity) WHERE n.summaryJson IS NOT NULL RETURN count(n) AS n',
      {},
      { database: database() },
    );
    expect(Number(dense.records[0]!.get('n'))).toBeGreaterThan(0);
    await reimport(document);
    expect(await checksum()).toBe(before);
  }, 300_000);
});

/** Runs the export command (the same script `npm run export` runs) against the test Neo4j. */
function exportCli(args: string[]) {
  return runCli('export', args);
}

describe('npm run export', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-export-'));
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('when given a file, then it holds a document the import takes, and no partial file is left', async () => {
    const file = path.join(folder, 'case.json');
    const run = await exportCli([file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Exported \d+ sources, \d+ entities and \d+ facts/);
    const document = JSON.parse(fs.readFileSync(file, 'utf8')) as { entities: unknown[] };
    expect(document.entities.length).toBeGreaterThan(0);
    expect(fs.readdirSync(folder)).toEqual(['case.json']);
  });

  it('when given -, then the document is on standard output and nothing else is', async () => {
    const run = await exportCli(['-']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('facts');
  });

  it.each([
    ['a missing folder', () => path.join(folder, 'no-such-folder', 'case.json'), /folder .* does not exist/],
    ['a folder', () => folder, /it is a folder/],
  ])('when given %s, then it exits 2 with the reason and writes nothing', async (_what, target, message) => {
    const before = fs.readdirSync(folder);
    const run = await exportCli([target()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(fs.readdirSync(folder)).toEqual(before);
  });

  it('when given no file, then it exits 2 with the usage', async () => {
    const run = await exportCli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/usage: npm run export/);
  });
});
