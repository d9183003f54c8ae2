/**
 * A value derived from the whole case graph (source dates, judgement clusters), read in one query
 * and kept while the graph version (`graph-state.ts`) stays the same. The version is looked at
 * most once a second; this app's own writes (through `GraphChanges`) drop the value at once; a
 * write made behind casegraph's back bumps no version, so the value is read again after a TTL.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import { readTransaction, type GraphTarget } from '../db/graph-target.js';
import { readGraphState, type GraphChanges } from './graph-state.js';

/** How stale the graph version may be before it is read again (as the read cache does). */
const CHECK_MS = 1_000;
/** A write made behind casegraph's back bumps no version: read again after this long anyway. */
const TTL_MS = 5 * 60_000;

export class PerGraphVersion<T> {
  private cached: { value: T; version: number; readAt: number; checkedAt: number } | undefined;
  private pending: Promise<T> | undefined;

  constructor(
    private readonly target: GraphTarget,
    private readonly read: (tx: ManagedTransaction) => Promise<T>,
    changes?: GraphChanges,
  ) {
    changes?.subscribe(() => this.forget());
  }

  /** The value, current to within a second of the graph version. */
  async get(): Promise<T> {
    const cached = this.cached;
    const now = Date.now();
    if (cached && now - cached.checkedAt < CHECK_MS && now - cached.readAt < TTL_MS) return cached.value;
    this.pending ??= this.refresh().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets the cached value: the next read asks the graph. */
  forget(): void {
    this.cached = undefined;
  }

  private async refresh(): Promise<T> {
    const state = await readGraphState(this.target.driver, this.target.database);
    const now = Date.now();
    const cached = this.cached;
    if (cached && cached.version === state.version && !state.importing && now - cached.readAt < TTL_MS) {
      cached.checkedAt = now;
      return cached.value;
    }
    const value = await readTransaction(this.target, this.read);
    // While an import writes, the graph is changing batch by batch: use the value, keep nothing.
    this.cached = state.importing
      ? undefined
      : { value, version: state.version, readAt: now, checkedAt: now };
    return value;
  }
}
