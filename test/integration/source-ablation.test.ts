/**
 * Source ablation and path evidence on the seeded Phantom Secure case. The case has one source
 * (the news report), so the test imports a second one with three facts that open other routes
 * from Vincent Ramos to the Sinaloa Cartel: one citing only the new source, one citing both, one
 * citing only the new source again. The import is undone at the end.
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PathsResponse } from '../../server/contract.js';
import { MAX_ABLATED_SOURCES, MAX_K } from '../../server/graph/paths-service.js';
import { loadModel } from '../../server/model/model.js';
import { resetGraph, seedDatabase } from '../../server/seed/seed.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testApp, testDriver, testNeo4j } from '../support/neo4j.js';

const model = loadModel();
const caseFile = JSON.parse(
  readFileSync(new URL('../../cypher/cases/phantom-secure.json', import.meta.url), 'utf8'),
) as { sources: { id: string }[] };
const REPORT = 'src:insight-crime-2018-03-phantom-secure-arrest';
const FILING = 'src:test-court-filing';
const RAMOS = 'person:vincent-ramos';
const SINALOA = 'org:sinaloa-cartel';
const HOPS = 3;

const ONLY_FILING = 'fact:test-ramos-supplied-sinaloa';
const BOTH = 'fact:test-ramos-spoke-to-clients';
const ONLY_FILING_2 = 'fact:test-sinaloa-member-of-clients';

const secondSource = {
  case: { id: 'case:test-second-source', title: 'Second source', summary: 'A court filing.' },
  // The report is listed as it is in the case (unchanged by the import) so that a fact may cite it.
  sources: [
    { id: FILING, title: 'A court filing (test)', publisher: 'Test court', date: '2018-04' },
    caseFile.sources.find((s) => s.id === REPORT)!,
  ],
  entities: [],
  facts: [
    {
      id: ONLY_FILING,
      type: 'SUPPLIED',
      from: RAMOS,
      to: SINALOA,
      claim: 'The filing says Ramos supplied the cartel himself.',
      status: 'alleged',
      attribution: 'The prosecution (in the test filing)',
      confidence: 0.5,
      sources: [FILING],
      properties: {},
    },
    {
      id: BOTH,
      type: 'SPOKE_TO',
      from: RAMOS,
      to: 'group:phantom-secure-clients',
      claim: 'Ramos spoke to his clients.',
      status: 'reported',
      confidence: 0.7,
      sources: [FILING, REPORT],
      properties: {},
    },
    {
      id: ONLY_FILING_2,
      type: 'MEMBER_OF',
      from: SINALOA,
      to: 'group:phantom-secure-clients',
      claim: 'The cartel was among the clients.',
      status: 'reported',
      confidence: 0.8,
      sources: [FILING],
      properties: {},
    },
  ],
};

describe('GET /api/paths?without= (source ablation)', () => {
  const driver = testDriver();
  const database = () => testNeo4j().database;
  const app = () => testApp(driver);
  let importId: string;
  let checksum: string;

  beforeAll(async () => {
    await resetGraph(driver, database());
    await seedDatabase({ driver, database: database(), model });
    checksum = await graphChecksum(driver);
    const res = await request(app())
      .post('/api/admin/import')
      .set('content-type', 'application/json')
      .send(JSON.stringify(secondSource));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    importId = res.body.importId as string;
  });
  afterAll(async () => {
    try {
      if (importId) {
        expect((await request(app()).post(`/api/admin/import/${importId}/undo`)).status).toBe(200);
        // The source node the import created is not a fact or an entity the undo may keep.
        await driver.executeQuery(
          'MATCH (s {id: $id}) DETACH DELETE s',
          { id: FILING },
          { database: database() },
        );
        expect(await graphChecksum(driver)).toBe(checksum);
      }
    } finally {
      await driver.close();
    }
  });

  const paths = async (query: Record<string, string | string[]>) => {
    const res = await request(app()).get('/api/paths').query(query);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as PathsResponse;
  };
  const key = (edges: string[]) => edges.join(' ');

  /** Every trail (no link twice, as the path search walks) of 1..HOPS links between the ends. */
  async function allTrails(): Promise<{ edges: string[]; sources: string[][] }[]> {
    const { records } = await driver.executeQuery(
      `MATCH p = (a {id: $from})-[*1..${HOPS}]-(b {id: $to})
       RETURN [r IN relationships(p) | r.id] AS edges, [r IN relationships(p) | coalesce(r.sources, [])] AS sources`,
      { from: RAMOS, to: SINALOA },
      { database: database() },
    );
    return records.map((r) => ({
      edges: r.get('edges') as string[],
      sources: r.get('sources') as string[][],
    }));
  }

  it('when the report is ablated, then exactly the paths with no fact resting only on it come back', async () => {
    const reference = await allTrails();
    // k must exceed the number of trails, or the answer would be a truncated sample.
    expect(reference.length).toBeLessThan(MAX_K);
    const query = { from: RAMOS, to: SINALOA, mode: 'k-paths', k: String(MAX_K), maxHops: String(HOPS) };

    const whole = await paths(query);
    expect(whole.outcome).toBe('complete');
    expect(new Set(whole.paths.map((p) => key(p.edges)))).toEqual(
      new Set(reference.map((t) => key(t.edges))),
    );

    const ablated = await paths({ ...query, without: REPORT });
    expect(ablated.outcome).toBe('complete');
    const restsOnReport = (sources: string[]) => sources.length > 0 && sources.every((s) => s === REPORT);
    const surviving = reference.filter((t) => !t.sources.some(restsOnReport)).map((t) => key(t.edges));
    expect(new Set(ablated.paths.map((p) => key(p.edges)))).toEqual(new Set(surviving));
    // The routes the second source opens survive, the fact cited by both sources among them.
    expect(surviving).toEqual(expect.arrayContaining([ONLY_FILING, key([BOTH, ONLY_FILING_2])]));
    // And every path of the case itself (all on the report alone) is gone.
    expect(surviving.length).toBeLessThan(reference.length);
  });

  it('when both sources are ablated, then no path survives', async () => {
    const body = await paths({
      from: RAMOS,
      to: SINALOA,
      mode: 'k-paths',
      k: '5',
      without: [REPORT, FILING],
    });
    expect(body).toMatchObject({ paths: [], outcome: 'complete' });
  });

  it('when paths are listed, then each carries its weakest link, its sources and whether all is alleged', async () => {
    const body = await paths({ from: RAMOS, to: SINALOA, mode: 'k-paths', k: '10', maxHops: String(HOPS) });
    const direct = body.paths.find((p) => key(p.edges) === ONLY_FILING)!;
    expect(direct.evidence).toEqual({
      weakest: { edge: ONLY_FILING, status: 'alleged', confidence: 0.5 },
      sources: [FILING],
      allAlleged: true,
      strength: 0.5,
    });
    const viaClients = body.paths.find((p) => key(p.edges) === key([BOTH, ONLY_FILING_2]))!;
    expect(viaClients.evidence).toMatchObject({
      weakest: { edge: BOTH, status: 'reported', confidence: 0.7 },
      allAlleged: false,
      strength: 0.7,
    });
    expect(new Set(viaClients.evidence.sources)).toEqual(new Set([FILING, REPORT]));
  });

  it('when order=strength, then the same paths come strongest first; by default shortest first', async () => {
    const query = { from: RAMOS, to: SINALOA, mode: 'k-paths', k: '10', maxHops: String(HOPS) };
    const byLength = await paths(query);
    const byStrength = await paths({ ...query, order: 'strength' });
    expect(new Set(byStrength.paths.map((p) => key(p.edges)))).toEqual(
      new Set(byLength.paths.map((p) => key(p.edges))),
    );
    const lengths = byLength.paths.map((p) => p.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    const strengths = byStrength.paths.map((p) => p.evidence.strength);
    expect(strengths).toEqual([...strengths].sort((a, b) => b - a));
    expect(byStrength.paths[0]!.evidence.strength).toBeGreaterThan(byLength.paths[0]!.evidence.strength);
  });

  it('when order or without is malformed, then 400 and no search runs', async () => {
    const bad = [
      { order: 'weakest' },
      { without: Array.from({ length: MAX_ABLATED_SOURCES + 1 }, (_, i) => `src:s${i}`) },
      { without: 'x'.repeat(101) },
    ];
    for (const extra of bad) {
      const res = await request(app())
        .get('/api/paths')
        .query({ from: RAMOS, to: SINALOA, ...extra });
      expect(res.status, JSON.stringify(extra)).toBe(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
    }
  });
});
