/**
 * Judgements through the API against a real Neo4j (issue 20): "same" joins records into clusters
 * (A = B and B = C make one of three), a "not same" between clusters blocks a join and says which
 * judgement does, bad requests write nothing, the records themselves are never written, a split
 * retracts what it should, and the audit log keeps the judgement and what a split retracted.
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JudgementList, JudgementResult, SplitResult } from '../../server/contract.js';
import type { AuditInput, AuditSink } from '../../server/audit/audit-log.js';
import { importCaseDocument } from '../../server/import/import-service.js';
import { loadModel } from '../../server/model/model.js';
import { resetGraph, seedDatabase } from '../../server/seed/seed.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testApp, testDriver, testNeo4j } from '../support/neo4j.js';

const model = loadModel();
const REGISTER = 'src:test-register';
const [A, B, C, D] = ['country:test-a', 'country:test-b', 'country:test-c', 'country:test-d'];

const document = {
  case: {
    id: 'case:test-register',
    title: 'Register (test)',
    summary: 'Four records of look-alike countries.',
  },
  sources: [{ id: REGISTER, title: 'A register', kind: 'register' }],
  entities: [A, B, C, D].map((id, i) => ({
    type: 'Country',
    id,
    name: `Testland ${'ABCD'[i]}`,
    aliases: [],
    properties: { iso2: 'TL' },
    sources: [REGISTER],
  })),
  facts: [],
};

describe('judgements', () => {
  let driver: Driver;
  let app: Express;
  const events: AuditInput[] = [];
  /** The audit events the app records, kept in memory. */
  const audit: AuditSink = {
    record: async (event) => {
      events.push(event);
    },
    probe: async () => {},
    flush: async () => {},
    close: async () => {},
  };
  const database = () => testNeo4j().database;
  const deps = () => ({ driver, database: database(), model });
  const checksum = () =>
    graphChecksum(driver, database(), { caseDataOnly: true, ignoreProperties: ['summaryUpdatedAt'] });
  const judgeRequest = (a: string, b: string, verdict: string, reason = 'Same register code.') =>
    request(app).post('/api/judgements').send({ a, b, verdict, reason });
  const entityProperties = async () =>
    (
      await driver.executeQuery(
        'MATCH (n:Country) WHERE n.id STARTS WITH "country:test-" RETURN n.id AS id, properties(n) AS p ORDER BY id',
        {},
        { database: database() },
      )
    ).records.map((r) => JSON.stringify([r.get('id'), r.get('p')]));

  beforeAll(async () => {
    driver = testDriver();
    await resetGraph(driver, database());
    await seedDatabase(deps());
    await importCaseDocument(deps(), document);
    app = testApp(driver, { as: 'investigator', audit });
  });
  beforeEach(async () => {
    // Each test starts with no judgements.
    await driver.executeQuery(
      'MATCH ()-[r:SAME_AS|NOT_SAME_AS|MAYBE_SAME_AS]->() DELETE r',
      {},
      { database: database() },
    );
    events.length = 0;
  });
  afterAll(async () => {
    await resetGraph(driver, database());
    await seedDatabase(deps());
    await driver.close();
  });

  it('when A = B and B = C are judged, then the three are one cluster and the records are unchanged', async () => {
    const records = await entityProperties();
    const first = (await judgeRequest(A, B, 'same').expect(201)).body as JudgementResult;
    expect(first.judgement).toMatchObject({
      verdict: 'same',
      judgedBy: expect.any(String),
      sources: [REGISTER],
    });
    expect(first.judgement.claim).toMatch(/are the same entity/);
    expect(first.cluster.members.map((m) => m.id)).toEqual([A, B]);
    const second = (await judgeRequest(C, B, 'same').expect(201)).body as JudgementResult;
    expect(second.cluster).toMatchObject({ canonical: A });
    expect(second.cluster.members.map((m) => m.id)).toEqual([A, B, C]);
    const list = (await request(app).get(`/api/judgements?entity=${C}`).expect(200)).body as JudgementList;
    expect(list.judgements.map((j) => [j.a.id, j.b.id])).toEqual([
      [A, B],
      [B, C],
    ]);
    expect(await entityProperties()).toEqual(records);
  });

  it('when a "not same" keeps two clusters apart, then a "same" across them is a 409 naming it, and nothing is written', async () => {
    await judgeRequest(A, B, 'same').expect(201);
    const apart = (await judgeRequest(B, C, 'not-same', 'Different register codes.').expect(201))
      .body as JudgementResult;
    const before = await checksum();
    const refused = await judgeRequest(A, C, 'same').expect(409);
    expect(refused.body.error).toMatchObject({
      code: 'JUDGEMENT_BLOCKED',
      details: { blockedBy: apart.judgement.id },
    });
    expect(refused.body.error.message).toMatch(/not the same/);
    // A "not same" inside a cluster is refused too: split it first.
    await judgeRequest(A, D, 'same').expect(201);
    const inside = await judgeRequest(B, D, 'not-same').expect(409);
    expect(inside.body.error.message).toMatch(/already one cluster/);
    // A new verdict on a judged pair replaces the old one (one judgement per pair), but only when
    // the judge confirms it: otherwise a 409 says who judged it, when and why, and nothing changes.
    const unseen = await checksum();
    const exists = await judgeRequest(A, B, 'not-same', 'Different codes after all.').expect(409);
    expect(exists.body.error).toMatchObject({ code: 'JUDGEMENT_EXISTS' });
    expect(exists.body.error.message).toMatch(/judged "same" by .*Same register code/);
    expect(await checksum()).toBe(unseen);
    const candidates = await request(app).get(`/api/entities/${A}/merge-candidates`).expect(200);
    expect(
      candidates.body.candidates.find((c: { entity: { id: string } }) => c.entity.id === B),
    ).toMatchObject({
      judgement: 'same',
    });
    await request(app)
      .post('/api/judgements')
      .send({ a: A, b: B, verdict: 'not-same', reason: 'Different codes after all.', replace: true })
      .expect(201);
    const list = (await request(app).get(`/api/judgements?entity=${A}`).expect(200)).body as JudgementList;
    expect(list.judgements.filter((j) => j.b.id === B).map((j) => j.verdict)).toEqual(['not-same']);
    expect(list.cluster.members.map((m) => m.id)).toEqual([A, D]);
    expect(await checksum()).not.toBe(before);
  });

  it('when a judgement is malformed or names what does not exist, then it is refused and writes nothing', async () => {
    const before = await checksum();
    await judgeRequest(A, 'country:nowhere', 'same').expect(404);
    await judgeRequest(A, A, 'same').expect(422);
    await judgeRequest(A, B, 'maybe').expect(422);
    await request(app).post('/api/judgements').send({ a: A, b: B, verdict: 'same' }).expect(422);
    await request(app)
      .post('/api/judgements')
      .send({ a: A, b: B, verdict: 'same', reason: 'x', sources: ['src:nowhere'] })
      .expect(422);
    await request(app)
      .post('/api/judgements')
      .send({ a: A, b: B, verdict: 'same', reason: 'x', extra: 1 })
      .expect(422);
    await judgeRequest(A, REGISTER, 'same').expect(422);
    await request(app).post(`/api/entities/${A}/split`).send({}).expect(409);
    expect(await checksum()).toBe(before);
  });

  it('when a merge is split, then the graph is as before and the audit log keeps the judgement and what the split retracted', async () => {
    const before = await checksum();
    const made = (await judgeRequest(A, B, 'same', 'One register code.').expect(201)).body as JudgementResult;
    const split = (await request(app).post(`/api/entities/${B}/split`).send({}).expect(200))
      .body as SplitResult;
    expect(split.retracted).toEqual([made.judgement.id]);
    expect(split.clusters.map((c) => c.members.map((m) => m.id))).toEqual([[A], [B]]);
    expect(await checksum()).toBe(before);
    const judged = events.find((e) => e.action === 'merge.judge');
    expect(judged?.details).toMatchObject({
      judgement: made.judgement.id,
      verdict: 'same',
      reason: 'One register code.',
    });
    const retracted = events.find((e) => e.action === 'merge.split');
    expect(retracted?.details).toMatchObject({
      retracted: [
        expect.objectContaining({ id: made.judgement.id, reason: 'One register code.', from: A, to: B }),
      ],
    });
  });

  it('when only one member is taken out, then the rest of the cluster stays', async () => {
    await judgeRequest(A, B, 'same').expect(201);
    await judgeRequest(B, C, 'same').expect(201);
    await judgeRequest(A, C, 'same').expect(201);
    const split = (await request(app).post(`/api/entities/${C}/split`).send({ scope: 'entity' }).expect(200))
      .body as SplitResult;
    expect(split.clusters.map((c) => c.members.map((m) => m.id))).toEqual([[A, B], [C]]);
  });
});
