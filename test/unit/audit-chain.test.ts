/**
 * The audit hash chain (server/audit/audit-chain.ts): linking, the canonical form, and that
 * verification names the first broken event for every kind of tampering.
 */
import { describe, expect, it } from 'vitest';
import {
  canonicalEvent,
  GENESIS_HASH,
  linkEvents,
  verifyChain,
  type UnchainedAuditEvent,
} from '../../server/audit/audit-chain.js';
import type { StoredAuditEvent } from '../../server/auth/auth-contract.js';

function event(i: number, details: Record<string, unknown> | null = null): UnchainedAuditEvent {
  return {
    id: `id-${String(i).padStart(4, '0')}`,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    username: i % 2 ? 'ana' : null,
    action: 'console',
    target: `RETURN ${i}`,
    status: 200,
    ip: '127.0.0.1',
    details,
  };
}

function chain(n: number): StoredAuditEvent[] {
  return linkEvents(
    { seq: 0, hash: GENESIS_HASH },
    Array.from({ length: n }, (_, i) => event(i + 1, { rows: i })),
  );
}

describe('audit chain', () => {
  it('when events are linked, then seqs run from 1 and each prev_hash is the hash before', async () => {
    const events = chain(5);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
    expect(await verifyChain(events)).toEqual({ ok: true, count: 5, head: events[4]!.hash });
  });

  it('when linked after a head, then the chain continues it', async () => {
    const first = chain(3);
    const more = linkEvents({ seq: 3, hash: first[2]!.hash }, [event(4), event(5)]);
    expect(more[0]).toMatchObject({ seq: 4, prevHash: first[2]!.hash });
    expect((await verifyChain([...first, ...more])).ok).toBe(true);
  });

  it('when details come back with keys in another order (jsonb), then the hash is the same', () => {
    const a = canonicalEvent(1, event(1, { rows: 1, parameters: { b: 1, a: [{ y: 1, x: 2 }] } }));
    const b = canonicalEvent(1, event(1, { parameters: { a: [{ x: 2, y: 1 }], b: 1 }, rows: 1 }));
    expect(a).toBe(b);
  });

  it('when an empty log is verified, then it is intact with the genesis head', async () => {
    expect(await verifyChain([])).toEqual({ ok: true, count: 0, head: GENESIS_HASH });
  });

  it('when a field is changed, then verify fails at that event', async () => {
    for (const change of [
      (e: StoredAuditEvent) => (e.status = 403),
      (e: StoredAuditEvent) => (e.username = 'someone-else'),
      (e: StoredAuditEvent) => (e.details = { rows: 999 }),
      (e: StoredAuditEvent) => (e.at = '2020-01-01T00:00:00.000Z'),
    ]) {
      const events = chain(6);
      change(events[3]!);
      expect(await verifyChain(events)).toMatchObject({ ok: false, seq: 4, reason: /content/ });
    }
  });

  it('when a row is deleted, then verify fails at the missing seq', async () => {
    const events = chain(6);
    events.splice(2, 1);
    expect(await verifyChain(events)).toMatchObject({ ok: false, seq: 3, reason: /missing/ });
  });

  it('when a row is deleted and the rest renumbered, then verify fails at the first renumbered', async () => {
    const events = chain(6);
    events.splice(2, 1);
    for (const [i, e] of events.entries()) e.seq = i + 1;
    expect(await verifyChain(events)).toMatchObject({ ok: false, seq: 3 });
  });

  it('when two rows are swapped, then verify fails at the first of them', async () => {
    const events = chain(6);
    [events[1], events[2]] = [events[2]!, events[1]!];
    expect(await verifyChain(events)).toMatchObject({ ok: false, seq: 2 });
    // Swapped and renumbered: the hashes no longer link.
    const renumbered = chain(6);
    const [b, c] = [renumbered[1]!, renumbered[2]!];
    [b.seq, c.seq] = [c.seq, b.seq];
    renumbered.sort((x, y) => x.seq - y.seq);
    expect(await verifyChain(renumbered)).toMatchObject({ ok: false, seq: 2 });
  });

  it('when a forged row is inserted, then verify fails where it went in', async () => {
    const events = chain(6);
    const forged = linkEvents({ seq: 3, hash: events[2]!.hash }, [event(99)])[0]!;
    const tampered = [
      ...events.slice(0, 3),
      forged,
      ...events.slice(3).map((e) => ({ ...e, seq: e.seq + 1 })),
    ];
    // The forged row itself links; the one after it no longer does.
    expect(await verifyChain(tampered)).toMatchObject({ ok: false, seq: 5, reason: /prev_hash/ });
  });

  it('when a later event is rehashed on its own, then verify still fails at the next one', async () => {
    const events = chain(6);
    const changed = { ...events[2]!, status: 500 };
    const [rehashed] = linkEvents({ seq: 2, hash: events[1]!.hash }, [changed]);
    events[2] = rehashed!;
    expect(await verifyChain(events)).toMatchObject({ ok: false, seq: 4, reason: /prev_hash/ });
  });
});
