/**
 * The dossier against a real Neo4j and app store: `npm run dossier` writes the seeded case with a
 * row for every case fact in the graph (counted here with Cypher), the workspace and canvas routes
 * answer a download holding what they cover (a workspace's note included, escaped), refuse others'
 * workspaces as opening them does, and bad input is a clear 4xx or exit 2, never a 500.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseDataPredicate, caseFactPredicate } from '../../server/model/case-data.js';
import { loadModel } from '../../server/model/model.js';
import { resetGraph, seedDatabase } from '../../server/seed/seed.js';
import { fileAppStore, testAppStore } from '../support/app-store.js';
import { runCli } from '../support/cli.js';
import { testApp, testDriver, testNeo4j } from '../support/neo4j.js';

const model = loadModel();
const hostile = '<img src=x onerror=alert(1)>';

const state = {
  nodes: [
    { id: 'org:phantom-secure', x: 10, y: 20 },
    { id: 'person:vincent-ramos', x: -40, y: 5 },
  ],
  filters: {
    hiddenNodeTypes: [],
    hiddenRelTypes: [],
    statuses: [],
    minConfidence: 0,
    sources: [],
    asOf: null,
  },
  layout: 'fcose',
};

const rows = (html: string, kind: 'entity' | 'fact') =>
  [...html.matchAll(new RegExp(`<tr [^>]*data-${kind}-id="([^"]+)"`, 'g'))].map((m) => m[1]!);

describe('the dossier', () => {
  let driver: Driver;
  const database = () => testNeo4j().database;
  const deps = () => ({ driver, database: database(), model });
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-dossier-'));

  /** Case entities and facts in the graph, counted directly. */
  async function graphCounts() {
    const [n, a, b, r] = [
      caseDataPredicate('n'),
      caseDataPredicate('a'),
      caseDataPredicate('b'),
      caseFactPredicate('r'),
    ].map(String);
    const count = async (cypher: string) =>
      Number((await driver.executeQuery(cypher, {}, { database: database() })).records[0]!.get('c'));
    return {
      nodes: await count(`MATCH (n:Entity) WHERE ${n} RETURN count(n) AS c`),
      sources: await count(`MATCH (n:Source) WHERE ${n} RETURN count(n) AS c`),
      facts: await count(
        `MATCH (a:Entity)-[r]->(b:Entity) WHERE ${a} AND ${b} AND ${r} AND r.id IS NOT NULL RETURN count(r) AS c`,
      ),
    };
  }

  beforeAll(async () => {
    driver = testDriver();
    await resetGraph(driver, database());
    await seedDatabase(deps());
  });
  afterAll(async () => {
    fs.rmSync(folder, { recursive: true, force: true });
    await driver.close();
  });

  describe('npm run dossier', () => {
    it('when the whole case is written, then it has a row for every case fact and entity of the graph', async () => {
      const file = path.join(folder, 'case.html');
      const run = await runCli('dossier', ['--title', 'Phantom Secure', file]);
      expect(run.stderr).toContain('Wrote the dossier');
      expect(run.code).toBe(0);
      const html = fs.readFileSync(file, 'utf8');
      const counts = await graphCounts();
      expect(rows(html, 'fact')).toHaveLength(counts.facts);
      expect(new Set(rows(html, 'fact')).size).toBe(counts.facts);
      // Plain sources are listed as sources, every other case node is an entity row.
      const sources = [...html.matchAll(/<li [^>]*data-source-id=/g)].length;
      expect(rows(html, 'entity').length + sources).toBe(counts.nodes);
      expect(sources).toBeLessThanOrEqual(counts.sources);
      expect(html).toContain('<h1>Phantom Secure</h1>');
      expect(html.match(/<circle /g)).toHaveLength(rows(html, 'entity').length);
    });

    it('when it is written to standard output for two entities, then it holds them and the facts between them', async () => {
      const run = await runCli('dossier', ['--entities', 'org:phantom-secure,person:vincent-ramos', '-']);
      expect(run.code).toBe(0);
      expect(rows(run.stdout, 'entity').sort()).toEqual(['org:phantom-secure', 'person:vincent-ramos']);
      expect(rows(run.stdout, 'fact').length).toBeGreaterThan(0);
    });

    it('when a workspace is named, then its notes are in the dossier, seen as its owner sees them', async () => {
      const { file: storeFile } = fileAppStore();
      const admin = testApp(driver);
      const created = await request(admin)
        .post('/api/workspaces')
        .send({ name: 'CLI dossier workspace', state });
      expect(created.status).toBe(201);
      const note = await request(admin).post('/api/notes').send({
        target: 'org:phantom-secure',
        text: 'Written for the CLI dossier',
        workspaceId: created.body.id,
      });
      expect(note.status).toBe(201);
      const run = await runCli('dossier', ['--workspace', created.body.id, '-'], {
        env: { APP_STORE_FILE: storeFile },
      });
      expect(run.stderr).toContain('Wrote the dossier');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Written for the CLI dossier');
      expect(run.stdout).toContain('<h1>CLI dossier workspace</h1>');
    });

    it('when the arguments are wrong, then it exits 2 with a clear message and writes nothing', async () => {
      const file = path.join(folder, 'bad.html');
      const cases: [string[], RegExp][] = [
        [[], /exactly one output file/],
        [['--workspace', 'nope', file], /not a workspace id/],
        [['--workspace', 'ws:x', '--entities', 'a', file], /not both/],
        [['--entities', ',', file], /names no entity/],
        [['--colour', 'red', file], /Unknown option/],
        [[path.join(folder, 'missing', 'x.html')], /does not exist/],
        [['--workspace', 'ws:none-such', file], /No such workspace/],
      ];
      for (const [args, message] of cases) {
        const run = await runCli('dossier', args);
        expect(run.stderr, args.join(' ')).toMatch(message);
        expect(run.code, args.join(' ')).toBe(2);
      }
      expect(fs.existsSync(file)).toBe(false);
    });
  });

  describe('GET /api/workspaces/:id/export/dossier', () => {
    it('when a workspace with a note is exported, then the download holds its entities, facts and note; others get what opening it gives', async () => {
      const store = await testAppStore();
      const admin = testApp(driver, { appStore: store });
      const created = await request(admin)
        .post('/api/workspaces')
        .send({ name: `Dossier ${hostile}`, state });
      expect(created.status).toBe(201);
      const note = await request(admin)
        .post('/api/notes')
        .send({
          target: 'person:vincent-ramos',
          text: `Check the 2018 plea ${hostile}`,
          workspaceId: created.body.id,
        });
      expect(note.status).toBe(201);

      const res = await request(admin).get(`/api/workspaces/${created.body.id}/export/dossier`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.html"/);
      expect(rows(res.text, 'entity').sort()).toEqual(['org:phantom-secure', 'person:vincent-ramos']);
      expect(rows(res.text, 'fact').length).toBeGreaterThan(0);
      expect(res.text).toContain('Check the 2018 plea &lt;img src=x onerror=alert(1)&gt;');
      expect(res.text).toContain('Dossier &lt;img');
      expect(res.text).not.toContain('<img');

      const stranger = testApp(driver, { appStore: store, as: 'investigator' });
      const opened = await request(stranger).get(`/api/workspaces/${created.body.id}`);
      const refused = await request(stranger).get(`/api/workspaces/${created.body.id}/export/dossier`);
      expect(refused.status).toBe(opened.status);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('WORKSPACE_NOT_SHARED');

      // The canvas route takes the open workspace's notes too, only for those who may open it.
      const canvas = await request(admin)
        .post('/api/export/dossier')
        .send({ entities: ['person:vincent-ramos'], workspace: created.body.id });
      expect(canvas.status).toBe(200);
      expect(canvas.text).toContain('Check the 2018 plea &lt;img');
      const notYours = await request(stranger)
        .post('/api/export/dossier')
        .send({ entities: ['person:vincent-ramos'], workspace: created.body.id });
      expect(notYours.status).toBe(404);
      expect(notYours.text).not.toContain('Check the 2018 plea');
      expect((await request(admin).get('/api/workspaces/ws:none-such/export/dossier')).status).toBe(404);
      expect((await request(admin).get('/api/workspaces/not-an-id/export/dossier')).status).toBe(404);
    });
  });

  describe('POST /api/export/dossier', () => {
    it('when canvas entities and positions are posted, then the dossier holds them and draws them where they were', async () => {
      const res = await request(testApp(driver))
        .post('/api/export/dossier')
        .send({
          entities: ['person:vincent-ramos', 'org:phantom-secure', 'nothing:here'],
          positions: { 'person:vincent-ramos': { x: 0, y: 0 }, 'org:phantom-secure': { x: 400, y: 0 } },
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(rows(res.text, 'entity').sort()).toEqual(['org:phantom-secure', 'person:vincent-ramos']);
      const ys = [...res.text.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => m[1]);
      expect(ys).toHaveLength(2);
      expect(ys[0]).toBe(ys[1]);
    });

    it('when the body is not a list of ids with finite positions, then 422 (never a 500)', async () => {
      const bodies = [
        {},
        { entities: [] },
        { entities: 'x' },
        { entities: ['x'], extra: 1 },
        { entities: ['x'], positions: { x: { x: 'a', y: 0 } } },
        { entities: ['x'], positions: { x: { x: 1 } } },
        { entities: ['x'], positions: [1, 2] },
        { entities: ['x'], workspace: 'not-a-workspace' },
        { entities: Array.from({ length: 2_001 }, (_, i) => `e:${i}`) },
      ];
      for (const body of bodies) {
        const res = await request(testApp(driver)).post('/api/export/dossier').send(body);
        expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      }
    });
  });
});
