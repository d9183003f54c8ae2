import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode, NeighboursPage } from '../../server/contract.js';
import { exhausted, fillNew, freshCursor } from '../../client/src/expand.js';

const HUB = 'org:hub';
const node = (id: string): GraphNode => ({
  id,
  labels: ['Person'],
  type: 'Person',
  label: id,
  properties: {},
});

/** A fake neighbours route over `n` links, offset cursors like the fixture API; records the limits asked. */
function fakeServer(n: number) {
  const links: GraphEdge[] = Array.from({ length: n }, (_, i) => ({
    id: `fact:${String(i).padStart(3, '0')}`,
    type: 'MEMBER_OF',
    source: `p:${String(i).padStart(3, '0')}`,
    target: HUB,
    properties: {},
  }));
  const limits: number[] = [];
  const fetch = (cursor: string | undefined, limit: number): Promise<NeighboursPage> => {
    limits.push(limit);
    const from = Number(cursor ?? 0);
    const edges = links.slice(from, from + limit);
    const next = from + limit < n ? String(from + limit) : null;
    return Promise.resolve({
      center: HUB,
      nodes: [node(HUB), ...edges.map((e) => node(e.source))],
      edges,
      truncated: next !== null,
      nextCursor: next,
      remaining: [],
      total: n,
    });
  };
  return { fetch, limits, id: (i: number) => `p:${String(i).padStart(3, '0')}` };
}

describe('fillNew (load the next neighbours not on the canvas)', () => {
  it('when the first 75 neighbours are already drawn, then one call still brings 25 new ones', async () => {
    const server = fakeServer(200);
    const drawn = new Set([HUB, ...Array.from({ length: 75 }, (_, i) => server.id(i))]);
    const result = await fillNew(HUB, freshCursor(), server.fetch, {
      want: 25,
      isDrawn: (id) => drawn.has(id),
      drawnInGroup: 75,
    });
    expect(result.newIds).toEqual(Array.from({ length: 25 }, (_, i) => server.id(75 + i)));
    expect(result.rounds).toBe(1);
    expect(server.limits).toEqual([100]);
  });

  it('when nothing says how many are drawn, then it keeps fetching until it finds new ones', async () => {
    const server = fakeServer(200);
    const drawn = new Set(Array.from({ length: 75 }, (_, i) => server.id(i)));
    const result = await fillNew(HUB, freshCursor(), server.fetch, {
      want: 25,
      isDrawn: (id) => drawn.has(id),
    });
    expect(result.newIds).toHaveLength(25);
    expect(result.newIds[0]).toBe(server.id(75));
    expect(result.rounds).toBe(4);
  });

  it('when a page brings more new neighbours than wanted, then the rest wait in the buffer for the next call', async () => {
    const server = fakeServer(60);
    const drawn = new Set([server.id(0), server.id(1)]);
    const first = await fillNew(HUB, freshCursor(), server.fetch, {
      want: 10,
      isDrawn: (id) => drawn.has(id),
      drawnInGroup: 20,
    });
    expect(first.newIds).toEqual(Array.from({ length: 10 }, (_, i) => server.id(2 + i)));
    expect(first.cursor.buffer.edges.length).toBeGreaterThan(0);
    first.newIds.forEach((id) => drawn.add(id));
    const second = await fillNew(HUB, first.cursor, server.fetch, {
      want: 10,
      isDrawn: (id) => drawn.has(id),
    });
    expect(second.newIds).toEqual(Array.from({ length: 10 }, (_, i) => server.id(12 + i)));
    expect(second.edges.every((e) => e.target === HUB)).toBe(true);
  });

  it('when the links run out, then it returns what there is and the cursor is exhausted', async () => {
    const server = fakeServer(30);
    const result = await fillNew(HUB, freshCursor(), server.fetch, { want: 50, isDrawn: () => false });
    expect(result.newIds).toHaveLength(30);
    expect(exhausted(result.cursor)).toBe(true);
  });

  it('when cancelled, then it stops between requests and reports progress on the way', async () => {
    const server = fakeServer(300);
    const seen: number[] = [];
    const result = await fillNew(HUB, freshCursor(), (c) => server.fetch(c, 50), {
      want: 300,
      isDrawn: () => false,
      onProgress: (n) => seen.push(n),
      cancelled: () => seen.length >= 2,
    });
    expect(seen).toEqual([50, 100]);
    expect(result.newIds).toHaveLength(100);
    expect(exhausted(result.cursor)).toBe(false);
  });

  it('when the scan finds nothing new, then it stops after the round limit', async () => {
    const server = fakeServer(400);
    const result = await fillNew(HUB, freshCursor(), server.fetch, {
      want: 5,
      isDrawn: () => true,
      maxRounds: 3,
    });
    expect(result.newIds).toEqual([]);
    expect(result.rounds).toBe(3);
  });
});
