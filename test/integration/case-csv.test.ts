/**
 * `npm run export -- --format csv FOLDER`: the seeded case as nodes.csv and links.csv, read back
 * with csv-parse and held against the graph itself (counts of case data) and against one known
 * fact's provenance. Leaves the graph seeded as it found it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCaseCsv } from '../../server/export/case-csv.js';
import { caseDataPredicate, caseFactPredicate } from '../../server/model/case-data.js';
import { loadModel } from '../../server/model/model.js';
import { resetGraph, seedDatabase } from '../../server/seed/seed.js';
import { testDriver, testNeo4j } from '../support/neo4j.js';
import { runCli } from '../support/cli.js';

const model = loadModel();
const root = path.resolve(import.meta.dirname, '../..');
const FACT = 'fact:ramos-founded-phantom-secure';
const SOURCE = 'src:insight-crime-2018-03-phantom-secure-arrest';

type Row = Record<string, string>;
const read = (text: string): Row[] => parse(text, { columns: true, skip_empty_lines: true }) as Row[];

/** Runs the export command (the script `npm run export` runs) against the test Neo4j. */
function exportCli(args: string[]) {
  return runCli('export', args);
}

describe('exporting the case as CSV', () => {
  let driver: Driver;
  const database = () => testNeo4j().database;
  const deps = () => ({ driver, database: database(), model });
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-csv-'));

  /** Case data in the graph, counted directly. */
  async function graphCounts() {
    const n = String(caseDataPredicate('n'));
    const [a, b, r] = [caseDataPredicate('a'), caseDataPredicate('b'), caseFactPredicate('r')].map(String);
    const nodes = await driver.executeQuery(
      `MATCH (n:Entity) WHERE ${n} RETURN count(n) AS c`,
      {},
      { database: database() },
    );
    const links = await driver.executeQuery(
      `MATCH (a:Entity)-[r]->(b:Entity) WHERE ${a} AND ${b} AND ${r} RETURN count(r) AS c`,
      {},
      { database: database() },
    );
    return { nodes: Number(nodes.records[0]!.get('c')), links: Number(links.records[0]!.get('c')) };
  }

  beforeAll(async () => {
    driver = testDriver();
    await resetGraph(driver, database());
    await seedDatabase(deps());
  });
  afterAll(async () => {
    fs.rmSync(folder, { recursive: true, force: true });
    await resetGraph(driver, database());
    await seedDatabase(deps());
    await driver.close();
  });

  it('when the seeded case is exported in small pages, then the tables hold every entity and link of the graph', async () => {
    const text = { nodes: '', links: '' };
    const summary = await exportCaseCsv(
      deps(),
      {
        nodes: async (c) => void (text.nodes += c),
        links: async (c) => void (text.links += c),
      },
      // Pages smaller than the case: the keyset paging must neither skip nor repeat a row.
      { pageSize: 7 },
    );
    const nodes = read(text.nodes);
    const links = read(text.links);
    const counts = await graphCounts();
    expect(counts.nodes).toBeGreaterThan(10);
    expect(summary).toEqual(counts);
    expect({ nodes: nodes.length, links: links.length }).toEqual(counts);
    expect(new Set(nodes.map((r) => r.id)).size).toBe(nodes.length);
    expect(new Set(links.map((r) => r.id)).size).toBe(links.length);
    // Every link's ends are rows of nodes.csv.
    const ids = new Set(nodes.map((r) => r.id));
    expect(links.filter((l) => !ids.has(l.source!) || !ids.has(l.target!))).toEqual([]);
    expect(text.nodes.endsWith('\r\n')).toBe(true);
  });

  it('when a known fact is read from links.csv, then its provenance columns are those of the case file', async () => {
    const run = await exportCli(['--format', 'csv', folder]);
    expect(run.code, run.stderr).toBe(0);
    expect(fs.readdirSync(folder).sort()).toEqual(['links.csv', 'nodes.csv']);
    const links = read(fs.readFileSync(path.join(folder, 'links.csv'), 'utf8'));
    expect(links.find((l) => l.id === FACT)).toMatchObject({
      type: 'FOUNDED',
      source: 'person:vincent-ramos',
      target: 'org:phantom-secure',
      claim: 'Vincent Ramos set up Phantom Secure.',
      status: 'reported',
      confidence: '0.85',
      sources: SOURCE,
      'source titles': 'InSight Crime news analysis on the arrest of the head of Phantom Secure',
      attribution: 'InSight Crime',
    });
    const nodes = read(fs.readFileSync(path.join(folder, 'nodes.csv'), 'utf8'));
    expect(nodes.find((n) => n.id === 'person:vincent-ramos')).toMatchObject({
      type: 'Person',
      name: 'Vincent Ramos',
      aliases: 'Ramos',
      role: 'Founder and chief of Phantom Secure',
      sources: SOURCE,
    });
    expect(Object.keys(nodes[0]!)).toEqual(
      expect.arrayContaining(['labels', 'description', 'other properties']),
    );
  });

  it.each([
    ['standard output', ['--format', 'csv', '-'], /give a folder/],
    ['a file', ['--format', 'csv', path.join(root, 'package.json')], /it is a file/],
    [
      'a folder in a missing one',
      ['--format', 'csv', path.join(os.tmpdir(), 'no-such-casegraph', 'x')],
      /does not exist/,
    ],
    ['an unknown format', ['--format', 'xml', 'x'], /unknown format "xml"/],
  ])('when given %s, then it exits 2 with the reason', async (_what, args, message) => {
    const run = await exportCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
