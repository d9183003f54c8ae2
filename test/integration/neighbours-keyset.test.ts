/**
 * Neighbour pages under change: a link added or removed between two pages must not make the
 * next page repeat or skip any other link (issue 17). Runs on a hub of its own (`ks:` ids), so
 * the shared API fixture stays as it is.
 */
import neo4j from 'neo4j-driver';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { NeighboursPage } from '../../server/contract.js';
import { SEEK_MIN_LINKS } from '../../server/graph/neighbours-service.js';
import { useTestApp } from '../support/use-test-app.js';

const HUB = 'ks:org:hub';
/** Above SEEK_MIN_LINKS, and the whole of its type here: its id pages seek the id index. */
const CUSTOMERS = SEEK_MIN_LINKS + 200;
/** Links of the same cell that casegraph did not write: no `id`, a number, an empty string. */
const FOREIGN = 4;

const test = useTestApp(
  {
    setup: async ({ driver }) => {
      await driver.executeQuery(
        `CREATE (hub:Entity:Organisation {id: $hub, name: 'Keyset Hub', aliases: [], aliasText: ''})
         WITH hub UNWIND range(1, $customers) AS i
         CREATE (c:Entity:Person {id: 'ks:person:' + i, name: 'Customer ' + i, aliases: [], aliasText: ''})
         CREATE (c)-[:CUSTOMER_OF {id: 'ks:fact:' + i, claim: 'c', status: 'reported', confidence: 0.5}]->(hub)`,
        { hub: HUB, customers: neo4j.int(CUSTOMERS) },
      );
      await driver.executeQuery(
        `MATCH (hub:Entity {id: $hub})
         UNWIND [null, null, 7, ''] AS odd
         CREATE (c:Entity:Person {id: 'ks:foreign:' + randomUUID(), name: 'Foreign', aliases: [], aliasText: ''})
         CREATE (c)-[r:CUSTOMER_OF {claim: 'f'}]->(hub) SET r.id = odd`,
        { hub: HUB },
      );
    },
    cleanup: async ({ driver }) => {
      await driver.executeQuery("MATCH (n:Entity) WHERE n.id STARTS WITH 'ks:' DETACH DELETE n");
    },
  },
  () => {},
);

async function page(cursor: string | null, limit = 50): Promise<NeighboursPage> {
  const query: Record<string, string> = { types: 'CUSTOMER_OF', limit: String(limit) };
  if (cursor) query.cursor = cursor;
  const res = await request(test.app)
    .get(`/api/entities/${encodeURIComponent(HUB)}/neighbours`)
    .query(query);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as NeighboursPage;
}

/** Follows the cursor from `first` to the end; every edge id of every page, in order. */
async function walkFrom(first: NeighboursPage, limit = 50): Promise<string[][]> {
  const pages = [first.edges.map((e) => e.id)];
  let cursor = first.nextCursor;
  while (cursor) {
    const next = await page(cursor, limit);
    pages.push(next.edges.map((e) => e.id));
    cursor = next.nextCursor;
  }
  return pages;
}

async function allLinkIds(): Promise<string[]> {
  return (await walkFrom(await page(null, 500), 500)).flat();
}

function expectEachOnce(seen: string[], expected: Iterable<string>) {
  const counts = new Map<string, number>();
  for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
  const repeated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  expect(repeated, 'links repeated').toEqual([]);
  const missing = [...expected].filter((id) => !counts.has(id));
  expect(missing, 'links skipped').toEqual([]);
}

describe('GET /api/entities/:id/neighbours (keyset pages)', () => {
  it('when the pages are walked to the end, then every link comes exactly once, with or without an id', async () => {
    const seen = (await walkFrom(await page(null, 37), 37)).flat();
    expect(seen).toHaveLength(CUSTOMERS + FOREIGN);
    expectEachOnce(seen, await allLinkIds());
  });

  it('when a link is added between page 1 and page 2, then no other link is repeated or skipped', async () => {
    const before = await allLinkIds();
    const first = await page(null);
    await test.driver.executeQuery(
      `MATCH (hub:Entity {id: $hub})
       CREATE (c:Entity:Person {id: 'ks:person:late', name: 'Late', aliases: [], aliasText: ''})
       CREATE (c)-[:CUSTOMER_OF {id: 'ks:fact:0-late', claim: 'c', status: 'reported', confidence: 0.5}]->(hub)`,
      { hub: HUB },
    );
    try {
      const seen = (await walkFrom(first)).flat().filter((id) => id !== 'ks:fact:0-late');
      expect(seen).toHaveLength(before.length);
      expectEachOnce(seen, before);
    } finally {
      await test.driver.executeQuery("MATCH (c:Entity {id: 'ks:person:late'}) DETACH DELETE c");
    }
  });

  it('when a link of page 1 is deleted before page 2, then no other link is repeated or skipped', async () => {
    const before = await allLinkIds();
    const first = await page(null);
    const gone = first.edges[0]!.id;
    const { records } = await test.driver.executeQuery(
      `MATCH (c)-[r:CUSTOMER_OF {id: $id}]->(:Entity {id: $hub})
       WITH c, r, properties(r) AS props DELETE r RETURN c.id AS from, props`,
      { id: gone, hub: HUB },
    );
    expect(records).toHaveLength(1);
    try {
      const seen = (await walkFrom(first)).flat();
      expect(seen).toHaveLength(before.length);
      expectEachOnce(seen, before);
    } finally {
      await test.driver.executeQuery(
        `MATCH (c:Entity {id: $from}), (hub:Entity {id: $hub}) CREATE (c)-[r:CUSTOMER_OF]->(hub) SET r = $props`,
        { from: records[0]!.get('from'), hub: HUB, props: records[0]!.get('props') },
      );
    }
  });

  it.each([
    ['not base64 JSON', 'garbage'],
    ['JSON of the wrong shape', Buffer.from('{"v":2}').toString('base64url')],
    ['an offset cursor of the old form', Buffer.from('{"v":1,"f":"x","o":{},"x":[]}').toString('base64url')],
    ['long garbage', 'a'.repeat(10_000)],
  ])('when the cursor is %s, then 400 with a clear message', async (_what, cursor) => {
    const res = await request(test.app)
      .get(`/api/entities/${encodeURIComponent(HUB)}/neighbours`)
      .query({ types: 'CUSTOMER_OF', cursor });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/cursor/i);
  });

  it('when a cursor is tampered with (a key that is no string), then 400, never 500', async () => {
    const first = await page(null);
    const state = JSON.parse(Buffer.from(first.nextCursor!, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const tampered = JSON.stringify(state).replace(/"a":"[^"]*"/, '"a":{"$gt":1}');
    const res = await request(test.app)
      .get(`/api/entities/${encodeURIComponent(HUB)}/neighbours`)
      .query({ types: 'CUSTOMER_OF', cursor: Buffer.from(tampered).toString('base64url') });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/cursor/i);
  });
});
