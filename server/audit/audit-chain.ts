/**
 * The audit log's hash chain, pure (no database): the canonical form of an event, the hash that
 * links it to the one before, and the check that a sequence of stored events is unbroken.
 *
 *   hash(seq) = sha256_hex(prevHash + canonical(event))     prevHash(1) = 64 zeros
 *
 * The canonical form is JSON of the fields in a fixed order, with the keys of `details` sorted
 * at every depth: PostgreSQL's `jsonb` hands objects back in its own key order, so hashing the
 * text as written would not survive a round trip.
 *
 * What the chain proves: no stored event was changed, removed, reordered or slipped in between
 * others without every later hash being rewritten. It cannot by itself notice the newest events
 * being cut off the end: compare the head hash `verify` prints with one kept elsewhere.
 */
import { createHash } from 'node:crypto';
import type { StoredAuditEvent } from '../auth/auth-contract.js';

export const GENESIS_HASH = '0'.repeat(64);

/** An event about to be linked: everything but its place and hashes. */
export type UnchainedAuditEvent = Omit<StoredAuditEvent, 'seq' | 'prevHash' | 'hash'>;

/** A JSON value with object keys in code-point order at every depth. */
function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = sortedJson(item);
    }
    return out;
  }
  return value;
}

/** The exact text that is hashed for an event at `seq`. */
export function canonicalEvent(seq: number, event: UnchainedAuditEvent): string {
  return JSON.stringify([
    seq,
    event.id,
    event.at,
    event.username,
    event.action,
    event.target,
    event.status,
    event.ip,
    sortedJson(event.details ?? null),
  ]);
}

/** The hash of an event at `seq` that follows the event hashed `prevHash`. */
export function chainHash(prevHash: string, seq: number, event: UnchainedAuditEvent): string {
  return createHash('sha256').update(prevHash).update(canonicalEvent(seq, event)).digest('hex');
}

/** Links events after a head (`{seq: 0, hash: GENESIS_HASH}` for an empty log), in order. */
export function linkEvents(
  head: { seq: number; hash: string },
  events: readonly UnchainedAuditEvent[],
): StoredAuditEvent[] {
  let { seq, hash } = head;
  return events.map((event) => {
    seq += 1;
    const prevHash = hash;
    hash = chainHash(prevHash, seq, event);
    return { ...event, details: event.details ?? null, seq, prevHash, hash };
  });
}

export type ChainVerdict =
  { ok: true; count: number; head: string } | { ok: false; count: number; seq: number; reason: string };

/**
 * Checks events one at a time, in the order they are stored (by seq), so a long log is verified
 * page by page without being held in memory. `push` returns the first problem, then keeps it.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private lastHash = GENESIS_HASH;
  private count = 0;
  private broken: { seq: number; reason: string } | undefined;

  /** Checks the next event; returns the (first) break, if any. */
  push(event: StoredAuditEvent): { seq: number; reason: string } | undefined {
    if (this.broken) return this.broken;
    this.count += 1;
    const at = this.expectedSeq;
    if (event.seq !== at) {
      this.broken =
        event.seq > at
          ? { seq: at, reason: `event ${at} is missing (the next stored event is ${event.seq})` }
          : { seq: at, reason: `event ${event.seq} appears again or out of order` };
    } else if (event.prevHash !== this.lastHash) {
      this.broken = { seq: at, reason: `its prev_hash is not the hash of event ${at - 1}` };
    } else if (chainHash(event.prevHash, event.seq, event) !== event.hash) {
      this.broken = { seq: at, reason: 'its content does not match its hash (changed after writing)' };
    }
    if (this.broken) return this.broken;
    this.expectedSeq += 1;
    this.lastHash = event.hash;
    return undefined;
  }

  verdict(): ChainVerdict {
    if (this.broken) return { ok: false, count: this.count, ...this.broken };
    return { ok: true, count: this.count, head: this.lastHash };
  }
}

/** Verifies a whole chain given in seq order (sync or async iterable): the first break, or ok. */
export async function verifyChain(
  events: Iterable<StoredAuditEvent> | AsyncIterable<StoredAuditEvent>,
): Promise<ChainVerdict> {
  const verifier = new ChainVerifier();
  for await (const event of events) {
    if (verifier.push(event)) break;
  }
  return verifier.verdict();
}
