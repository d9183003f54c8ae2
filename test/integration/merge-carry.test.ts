/**
 * Judgements travel with the case against a real Neo4j (issue 20): a document that judges the
 * case's Panama and a register's "Republic of Panama" the same imports through the ordinary
 * pipeline; the merged view's clusters see it; the JSON export carries the judgement as a fact;
 * the FtM export writes the canonical Panama with its referent; and the FtM file, imported into an
 * emptied graph, gives back the same graph. The file leaves the graph seeded as it found it.
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCaseDocument, exportCaseFtm } from '../../server/export/ftm-export.js';
import { explorerContext } from '../../server/graph/context.js';
import { readFtmDocument } from '../../server/ftm/read-ftm.js';
import { importCaseDocument } from '../../server/import/import-service.js';
import { judgementId } from '../../server/merge/judgement-types.js';
import { loadModel } from '../../server/model/model.js';
import { resetGraph, seedDatabase } from '../../server/seed/seed.js';
import { REGISTER, countryRegister, registerPanama } from '../support/country-register.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testApp, testDriver, testNeo4j } from '../support/neo4j.js';

const model = loadModel();
const PAIR = ['country:panama', 'country:register-pa'] as const;

const registerDocument = countryRegister(
  [registerPanama],
  [
    {
      id: judgementId(...PAIR),
      type: 'SAME_AS',
      from: PAIR[0],
      to: PAIR[1],
      claim: 'Panama (country:panama) and Republic of Panama (country:register-pa) are the same entity.',
      status: 'reported',
      confidence: 0.9,
      attribution: 'Judged by test',
      sources: [REGISTER],
      properties: {
        reason: 'Same country: same name once normalised, same ISO code.',
        evidence: '[{"kind":"shared-identifier","detail":"iso2 PA","weight":0.5}]',
        judgedBy: 'test',
        judgedAt: '2026-12-04T12:00:00.000Z',
      },
    },
  ],
);

describe('judgements in import and export', () => {
  let driver: Driver;
  const database = () => testNeo4j().database;
  const deps = () => ({ driver, database: database(), model });
  const checksum = () =>
    graphChecksum(driver, database(), { caseDataOnly: true, ignoreProperties: ['summaryUpdatedAt'] });

  beforeAll(async () => {
    driver = testDriver();
    await resetGraph(driver, database());
    await seedDatabase(deps());
    const summary = await importCaseDocument(deps(), registerDocument);
    expect(summary.facts).toMatchObject({ created: 1 });
  });
  afterAll(async () => {
    await resetGraph(driver, database());
    await seedDatabase(deps());
    await driver.close();
  });

  it('when a document judges two records the same, then the import writes the judgement and the clusters see it', async () => {
    const state = await explorerContext({ driver, database: database() }).identity.state();
    expect(state.clusters).toEqual([[...PAIR]]);
    expect(state.canonical.get('country:register-pa')).toBe('country:panama');
  });

  it('when the library query of identity judgements is run, then it lists the judgement with its verdict, judge and reason', async () => {
    const res = await request(testApp(driver))
      .post('/api/queries/lib:identity-judgements/run')
      .send({ params: { verdict: 'same' } })
      .expect(200);
    const { columns, rows } = res.body.table as { columns: string[]; rows: unknown[][] };
    const row = Object.fromEntries(columns.map((c, i) => [c, rows[0]![i]]));
    expect(rows).toHaveLength(1);
    expect(row).toMatchObject({
      verdict: 'same',
      judgedBy: 'test',
      reason: registerDocument.facts[0]!.properties.reason,
    });
    const none = await request(testApp(driver))
      .post('/api/queries/lib:identity-judgements/run')
      .send({ params: { verdict: 'not-same' } })
      .expect(200);
    expect(none.body.table.rows).toEqual([]);
  });

  it('when the case is exported as JSON, then the judgement is one of its facts, as imported', async () => {
    const { document } = await exportCaseDocument(deps());
    const judged = document.facts.filter((f) => f.type === 'SAME_AS');
    expect(judged).toEqual([
      expect.objectContaining({
        ...registerDocument.facts[0],
        properties: registerDocument.facts[0]!.properties,
      }),
    ]);
  });

  it('when the case is exported as FtM, then Panama carries its referent, and the file imported into an empty graph gives the same graph', async () => {
    const before = await checksum();
    const chunks: string[] = [];
    await exportCaseFtm(
      deps(),
      async (chunk) => {
        chunks.push(chunk);
      },
      { caseInfo: { id: 'case:ftm', title: 'FtM round trip', summary: 'The graph, as FtM.' } },
    );
    const lines = chunks
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; referents?: string[]; casegraph?: { id: string } });
    const panama = lines.find((l) => l.casegraph?.id === 'country:panama')!;
    const register = lines.find((l) => l.casegraph?.id === 'country:register-pa')!;
    expect(panama.referents).toEqual([register.id]);

    await resetGraph(driver, database());
    const read = readFtmDocument(Buffer.from(chunks.join('')), model, Number.MAX_SAFE_INTEGER);
    expect(read.ftm.leftOut).toEqual([]);
    await importCaseDocument(deps(), read.document, { locate: read.locate });
    expect(await checksum()).toBe(before);
  });
});
