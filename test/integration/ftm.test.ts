/**
 * FollowTheMoney in and out against a real Neo4j: the seeded case exported as FtM, the graph
 * emptied and the FtM file imported back gives the same graph checksum; a foreign FtM file goes
 * through `POST /api/admin/import` with its report; a bad file is refused and writes nothing. The
 * file leaves the graph seeded as it found it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCaseFtm } from '../../server/export/ftm-export.js';
import { readFtmDocument } from '../../server/ftm/read-ftm.js';
import { importCaseDocument } from '../../server/import/import-service.js';
import { loadModel } from '../../server/model/model.js';
import { resetGraph, seedDatabase } from '../../server/seed/seed.js';
import { testAppStore } from '../support/app-store.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testApp, testDriver, testNeo4j } from '../support/neo4j.js';

const model = loadModel();
const root = path.resolve(import.meta.dirname, '../..');
const foreign = fs.readFileSync(path.join(root, 'test/fixtures/ftm/foreign-sample.ftm.jsonl'));

describe('FtM round trip', () => {
  let driver: Driver;
  const database = () => testNeo4j().database;
  const deps = () => ({ driver, database: database(), model });
  // As in case-export.test.ts: the summary stamp is the time of the import, not case data.
  const checksum = () =>
    graphChecksum(driver, database(), { caseDataOnly: true, ignoreProperties: ['summaryUpdatedAt'] });

  async function exportFtm() {
    const chunks: string[] = [];
    const summary = await exportCaseFtm(
      deps(),
      async (chunk) => {
        chunks.push(chunk);
      },
      // A fixed case block: the default one carries the time of the export.
      { caseInfo: { id: 'case:ftm', title: 'FtM round trip', summary: 'The graph, as FtM.' } },
    );
    return { text: chunks.join(''), summary };
  }

  beforeAll(async () => {
    driver = testDriver();
    await resetGraph(driver, database());
    await seedDatabase(deps());
  });
  afterAll(async () => {
    await resetGraph(driver, database());
    await seedDatabase(deps());
    await driver.close();
  });

  it('when the seeded case is exported as FtM, emptied and imported back, then the graph checksum is unchanged', async () => {
    const before = await checksum();
    const { text, summary } = await exportFtm();
    const lines = text.trim().split('\n');
    // One line per source, entity and fact, and one for the case.
    expect(lines).toHaveLength(1 + summary.sources + summary.entities + summary.facts);
    await resetGraph(driver, database());
    const read = readFtmDocument(Buffer.from(text), model, Number.MAX_SAFE_INTEGER);
    expect(read.ftm.leftOut).toEqual([]);
    await importCaseDocument(deps(), read.document, { locate: read.locate });
    expect(await checksum()).toBe(before);
    expect((await exportFtm()).text).toBe(text);
  });

  describe('POST /api/export/ftm', () => {
    it('when two canvas entities are exported, then the file holds them, the facts between them and the sources they cite', async () => {
      const res = await request(testApp(driver))
        .post('/api/export/ftm')
        .send({ entities: ['person:vincent-ramos', 'org:phantom-secure', 'nothing:here'] });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = res.text
        .trim()
        .split('\n')
        .map(
          (l) => JSON.parse(l) as { schema: string; casegraph: { kind: string; id: string; type?: string } },
        );
      const ids = lines.map((l) => l.casegraph.id);
      expect(ids).toEqual(
        expect.arrayContaining([
          'person:vincent-ramos',
          'org:phantom-secure',
          'src:insight-crime-2018-03-phantom-secure-arrest',
        ]),
      );
      expect(lines.filter((l) => l.casegraph.kind === 'entity')).toHaveLength(2);
      expect(
        lines
          .filter((l) => l.casegraph.kind === 'fact')
          .map((l) => l.casegraph.type)
          .sort(),
      ).toEqual(['FOUNDED', 'LEADS']);
      // The file reads back as a valid import.
      expect(readFtmDocument(Buffer.from(res.text), model, Number.MAX_SAFE_INTEGER).ftm.leftOut).toEqual([]);
    });

    it('when the body names no entities or is not a list of ids, then 422 (as every body the app validates)', async () => {
      for (const body of [{ entities: [] }, { entities: 'x' }, {}, { entities: ['x'], extra: 1 }]) {
        const res = await request(testApp(driver)).post('/api/export/ftm').send(body);
        expect(res.status).toBe(422);
      }
    });
  });

  describe('GET /api/workspaces/:id/export/ftm', () => {
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

    it('when a workspace is exported, then the file holds its entities and the facts among them; others get 403 or 404', async () => {
      const store = await testAppStore();
      const admin = testApp(driver, { appStore: store });
      const created = await request(admin).post('/api/workspaces').send({ name: 'FtM workspace', state });
      expect(created.status).toBe(201);
      const res = await request(admin).get(`/api/workspaces/${created.body.id}/export/ftm`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = res.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { casegraph: { kind: string; id: string; type?: string } });
      expect(
        lines
          .filter((l) => l.casegraph.kind === 'entity')
          .map((l) => l.casegraph.id)
          .sort(),
      ).toEqual(['org:phantom-secure', 'person:vincent-ramos']);
      expect(
        lines
          .filter((l) => l.casegraph.kind === 'fact')
          .map((l) => l.casegraph.type)
          .sort(),
      ).toEqual(['FOUNDED', 'LEADS']);
      expect(res.text).toContain('FtM workspace');

      const stranger = testApp(driver, { appStore: store, as: 'investigator' });
      const refused = await request(stranger).get(`/api/workspaces/${created.body.id}/export/ftm`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('WORKSPACE_NOT_SHARED');
      expect((await request(admin).get('/api/workspaces/ws:none-such/export/ftm')).status).toBe(404);
    });
  });

  describe('POST /api/admin/import with application/x-ndjson', () => {
    const post = (body: Buffer | string) =>
      request(testApp(driver))
        .post('/api/admin/import')
        .set('content-type', 'application/x-ndjson')
        .serialize((b: unknown) => b as string)
        .send(body);

    it('when a file has a bad line, then 422 names the line and the graph is unchanged', async () => {
      const before = await checksum();
      const res = await post(
        '{"id":"a","schema":"Person","properties":{"name":["A"]}}\n{"id":"b","schema":"Spaceship"}\n',
      );
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('IMPORT_INVALID');
      expect(res.body.error.details).toEqual([
        { path: 'line 2', field: 'schema', message: 'unknown FtM schema "Spaceship"' },
      ]);
      expect(await checksum()).toBe(before);
    });

    it('when a line is valid FtM but invalid for the model (a bad date), then 422 points at its line and nothing is written', async () => {
      const before = await checksum();
      const res = await post(
        '{"id":"a","schema":"Person","properties":{"name":["A"],"birthDate":["1971-02-30"]}}\n',
      );
      expect(res.status).toBe(422);
      expect(res.body.error.details[0]).toMatchObject({ path: 'line 1', field: 'properties/birthDate' });
      expect(await checksum()).toBe(before);
    });

    it('when a foreign FtM file is posted, then it is imported with a report of what was left out', async () => {
      const res = await post(foreign);
      expect(res.status).toBe(200);
      expect(res.body.entities.created).toBe(3);
      expect(res.body.facts.created).toBe(3);
      expect(res.body.ftm).toMatchObject({ entities: 3, facts: 3, sources: 4 });
      expect(res.body.ftm.leftOut).toHaveLength(2);
      const { records } = await driver.executeQuery(
        `MATCH (:Entity {id: 'ftm:p-mara-olsen'})-[r:LEADS]->(:Entity {id: 'ftm:co-bluefin'})
         RETURN r.validFrom AS validFrom, r.validTo AS validTo`,
        {},
        { database: database() },
      );
      expect(records.map((r) => [String(r.get('validFrom')), String(r.get('validTo'))])).toEqual([
        ['2015-03', '2020-11-30'],
      ]);
      // Undo like any import: the graph is as before.
      const undone = await request(testApp(driver)).post(`/api/admin/import/${res.body.importId}/undo`);
      expect(undone.status).toBe(200);
    });
  });
});
