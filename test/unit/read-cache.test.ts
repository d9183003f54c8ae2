import { describe, expect, it } from 'vitest';
import type { GraphState } from '../../server/graph-state/graph-state.js';
import { ReadCache, type GraphStateSource, type Lookup } from '../../server/read-cache/read-cache.js';

/** A graph-state source whose state the test sets, counting reads; `change()` acts as this process. */
interface FakeSource extends GraphStateSource {
  state: GraphState;
  reads: number;
  failing: boolean;
  change(state: GraphState): void;
}

function fakeSource(initial: GraphState = { version: 1, importing: false }): FakeSource {
  let listeners: (() => void)[] = [];
  const source: FakeSource = {
    state: initial,
    reads: 0,
    failing: false,
    read: async () => {
      source.reads++;
      if (source.failing) throw new Error('Neo4j is down');
      return source.state;
    },
    subscribe: (listener: () => void) => {
      listeners.push(listener);
      return () => (listeners = listeners.filter((l) => l !== listener));
    },
    change: (state: GraphState) => {
      source.state = state;
      for (const listener of listeners) listener();
    },
  };
  return source;
}

const body = (text: string) => Buffer.from(text);
const settings = { maxBytes: 1_000, checkIntervalMs: 1_000, ttlMs: 60_000 };

async function fill(cache: ReadCache, key: string, text: string): Promise<Lookup['kind']> {
  const found = await cache.lookup(key);
  if (found.kind === 'miss') found.store(body(text));
  return found.kind;
}

describe('ReadCache', () => {
  it('when an answer is stored, then the same key hits with the same bytes until the version changes', async () => {
    let now = 0;
    const source = fakeSource();
    const cache = new ReadCache(source, settings, () => now);
    expect(await fill(cache, '/a', 'A1')).toBe('miss');
    const hit = await cache.lookup('/a');
    expect(hit.kind === 'hit' && hit.body.toString()).toBe('A1');
    expect(source.reads).toBe(1);

    // Another process bumps the version: seen once the check interval has passed.
    source.state = { version: 2, importing: false };
    expect((await cache.lookup('/a')).kind).toBe('hit');
    now = 1_000;
    expect((await cache.lookup('/a')).kind).toBe('miss');
    expect(source.reads).toBe(2);
  });

  it('when this process changes the graph, then nothing stored before is served, at once', async () => {
    const source = fakeSource();
    const cache = new ReadCache(source, settings, () => 0);
    await fill(cache, '/a', 'A1');
    source.change({ version: 2, importing: false });
    expect((await cache.lookup('/a')).kind).toBe('miss');
  });

  it('when an import is writing, then nothing is served or stored', async () => {
    const source = fakeSource();
    const cache = new ReadCache(source, settings, () => 0);
    await fill(cache, '/a', 'A1');
    source.change({ version: 2, importing: true });
    expect((await cache.lookup('/a')).kind).toBe('bypass');
    source.change({ version: 3, importing: false });
    expect(await fill(cache, '/a', 'A3')).toBe('miss');
    const hit = await cache.lookup('/a');
    expect(hit.kind === 'hit' && hit.body.toString()).toBe('A3');
  });

  it('when the graph changes while an answer is computed, then that answer is not kept', async () => {
    const source = fakeSource();
    const cache = new ReadCache(source, settings, () => 0);
    const found = await cache.lookup('/a');
    source.change({ version: 2, importing: false });
    if (found.kind === 'miss') found.store(body('computed before the change'));
    expect((await cache.lookup('/a')).kind).toBe('miss');
  });

  it('when the state cannot be read, then the cache steps aside and recovers on the next read', async () => {
    const source = fakeSource();
    source.failing = true;
    const cache = new ReadCache(source, settings, () => 0);
    expect((await cache.lookup('/a')).kind).toBe('bypass');
    source.failing = false;
    expect((await cache.lookup('/a')).kind).toBe('miss');
  });

  it('when many requests need the state at once, then it is read once', async () => {
    const source = fakeSource();
    const cache = new ReadCache(source, settings, () => 0);
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.lookup(`/k${i}`)));
    expect(source.reads).toBe(1);
  });

  it('when a fresh answer is asked for, then the stored one is skipped and replaced', async () => {
    const cache = new ReadCache(fakeSource(), settings, () => 0);
    await fill(cache, '/a', 'old');
    const fresh = await cache.lookup('/a', { refresh: true });
    expect(fresh.kind).toBe('miss');
    if (fresh.kind === 'miss') fresh.store(body('new'));
    const hit = await cache.lookup('/a');
    expect(hit.kind === 'hit' && hit.body.toString()).toBe('new');
  });

  it('when entries outgrow the budget, then the least recently used go first; oversized ones are never kept', async () => {
    const cache = new ReadCache(fakeSource(), { ...settings, maxBytes: 400 }, () => 0);
    await fill(cache, '/a', 'a'.repeat(40));
    await fill(cache, '/b', 'b'.repeat(40));
    expect((await cache.lookup('/a')).kind).toBe('hit'); // /a is now the most recent
    for (let i = 0; i < 9; i++) await fill(cache, `/c${i}`, 'c'.repeat(40));
    expect(cache.stats.bytes).toBeLessThanOrEqual(400);
    expect((await cache.lookup('/b')).kind).toBe('miss');
    await fill(cache, '/huge', 'h'.repeat(51)); // over an eighth of the budget
    expect((await cache.lookup('/huge')).kind).toBe('miss');
  });

  it('when a small answer shares the Node buffer pool, then the stored copy owns exactly its bytes', async () => {
    // Buffer.from(string) under 4 KB is a view into a shared 8 KB slab: keeping that view would
    // pin the whole slab, so a cache counted at 64 MB of small answers could hold up to 8 times that.
    const cache = new ReadCache(fakeSource(), settings, () => 0);
    const pooled = Buffer.from('{"small":true}');
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    const found = await cache.lookup('/small');
    if (found.kind === 'miss') found.store(pooled);
    const hit = await cache.lookup('/small');
    expect(hit.kind).toBe('hit');
    if (hit.kind !== 'hit') return;
    expect(hit.body.toString()).toBe('{"small":true}');
    expect(hit.body.buffer.byteLength).toBe(hit.body.byteLength);
    expect(cache.stats.bytes).toBe(pooled.byteLength);
  });

  it('when an entry outlives its TTL, then it is not served even if the version is unchanged', async () => {
    let now = 0;
    const cache = new ReadCache(
      fakeSource(),
      { ...settings, ttlMs: 5_000, checkIntervalMs: 60_000 },
      () => now,
    );
    await fill(cache, '/a', 'A');
    now = 5_000;
    expect((await cache.lookup('/a')).kind).toBe('miss');
  });

  it('when the budget is 0, then the cache is off', async () => {
    const source = fakeSource();
    const cache = new ReadCache(source, { ...settings, maxBytes: 0 }, () => 0);
    expect((await cache.lookup('/a')).kind).toBe('bypass');
    expect(source.reads).toBe(0);
  });
});
