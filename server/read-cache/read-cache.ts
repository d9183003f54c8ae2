/**
 * The read cache: serialised answers of the explorer's graph reads (entity detail, neighbour
 * pages, facts, paths, search), kept by URL and served as stored bytes while the case graph has
 * not changed. Investigators of one case open the same hubs, neighbourhoods and paths again and
 * again; a hub's 500-link page costs Neo4j about 20 ms and JSON about 2 ms, a stored copy costs
 * neither.
 *
 * When is a stored answer current? Every writer of case data bumps the graph version
 * (`server/graph-state/`), and an answer is served only under the version it was computed at,
 * and never while an import is writing. The version is read from Neo4j at most once per
 * `checkIntervalMs` (a request that finds it older waits for that one cheap read), so:
 *   - a change made through this process (the import route, seed) is seen at once;
 *   - a change made by another casegraph process (the import CLI, a second server) within
 *     `checkIntervalMs`;
 *   - a write made behind casegraph's back (Neo4j Browser on the same database) bumps nothing,
 *     which is why every entry also expires after `ttlMs`.
 * A request sent with `Cache-Control: no-cache` skips the stored copy (and refreshes it).
 *
 * Answers are the same for everyone allowed to read them (access control runs before any route),
 * so one copy serves all users. Memory is bounded by `maxBytes`, least recently used first out.
 */
import type { GraphTarget } from '../db/graph-target.js';
import { readGraphState, type GraphChanges, type GraphState } from '../graph-state/graph-state.js';

export interface ReadCacheSettings {
  /** Total bytes of stored answers; 0 turns the cache off. */
  maxBytes: number;
  /** How stale the graph version may be before a request reads it again. */
  checkIntervalMs: number;
  /** The longest any answer is kept, whatever the version says. */
  ttlMs: number;
}

export const DEFAULT_READ_CACHE: ReadCacheSettings = {
  maxBytes: 64 * 1024 * 1024,
  checkIntervalMs: 1_000,
  ttlMs: 5 * 60_000,
};

/** An answer larger than this share of the cache is not kept: it would evict everything else. */
const MAX_ENTRY_SHARE = 0.125;

interface Entry {
  body: Buffer;
  version: number;
  until: number;
}

/** Where the cache learns the graph's state and hears of this process's changes. */
export interface GraphStateSource {
  read(): Promise<GraphState>;
  subscribe(listener: () => void): () => void;
}

/** The state of the case graph at `target`, and the changes the app makes (`changes`). */
export function graphStateSource(target: GraphTarget, changes: GraphChanges): GraphStateSource {
  return {
    read: () => readGraphState(target.driver, target.database),
    subscribe: (listener) => changes.subscribe(listener),
  };
}

/** What a look-up found: the stored bytes, or a ticket to store the fresh answer under. */
export type Lookup =
  { kind: 'hit'; body: Buffer } | { kind: 'miss'; store: (body: Buffer) => void } | { kind: 'bypass' };

export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private state: { value: GraphState; at: number } | undefined;
  private pending: Promise<GraphState | undefined> | undefined;
  /** Bumped by every change this process makes: answers computed across one are not kept. */
  private generation = 0;

  /**
   * `source` reads the graph state and subscribes to this process's changes (`graphStateSource`
   * for Neo4j; tests pass their own).
   */
  constructor(
    private readonly source: GraphStateSource,
    readonly settings: ReadCacheSettings = DEFAULT_READ_CACHE,
    private readonly now: () => number = Date.now,
  ) {
    // A change made by this process: forget the version we knew, read it again on next use.
    // The subscription lives as long as `source`, which is the app's lifetime.
    source.subscribe(() => this.invalidate());
  }

  get enabled(): boolean {
    return this.settings.maxBytes > 0;
  }

  /** Stored answers and their bytes, for tests and diagnostics. */
  get stats(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /**
   * Looks `key` up. A hit is the stored answer of the current graph version; a miss hands out
   * `store`, which keeps the caller's fresh answer only if the graph did not change meanwhile.
   * `bypass` means: answer from Neo4j and keep nothing (importing, or the version is unknown).
   */
  async lookup(key: string, options: { refresh?: boolean } = {}): Promise<Lookup> {
    if (!this.enabled) return { kind: 'bypass' };
    const state = await this.currentState();
    if (!state || state.importing) return { kind: 'bypass' };
    const entry = this.entries.get(key);
    if (entry && !options.refresh && entry.version === state.version && this.now() < entry.until) {
      // Most recently used goes last: Map order is the eviction order.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return { kind: 'hit', body: entry.body };
    }
    if (entry) this.remove(key, entry);
    const generation = this.generation;
    return {
      kind: 'miss',
      store: (body) => {
        // Computed across a change this process made, or one the latest read of the state saw.
        const latest = this.state?.value;
        if (this.generation !== generation || !latest || latest.importing) return;
        if (latest.version !== state.version) return;
        this.put(key, { body, version: state.version, until: this.now() + this.settings.ttlMs });
      },
    };
  }

  /** Forgets the known graph version; the next look-up reads it again. */
  invalidate(): void {
    this.generation++;
    this.state = undefined;
    this.pending = undefined;
  }

  private put(key: string, entry: Entry): void {
    const size = entry.body.byteLength;
    if (size > this.settings.maxBytes * MAX_ENTRY_SHARE) return;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    // A small Buffer is a view into Node's shared 8 KB pool slab; kept as is, it would pin the
    // whole slab for as long as it is stored, up to 8 times the bytes counted here. Keep a copy
    // that owns exactly its bytes (allocUnsafeSlow never takes from the pool).
    if (entry.body.buffer.byteLength !== size) {
      const own = Buffer.allocUnsafeSlow(size);
      entry.body.copy(own);
      entry = { ...entry, body: own };
    }
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [oldestKey, oldest] of this.entries) {
      if (this.bytes <= this.settings.maxBytes) break;
      this.remove(oldestKey, oldest);
    }
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.body.byteLength;
  }

  /** The graph state, read again when older than the check interval; undefined when unreadable. */
  private async currentState(): Promise<GraphState | undefined> {
    const known = this.state;
    if (known && this.now() - known.at < this.settings.checkIntervalMs) return known.value;
    // One read in flight at a time, shared by every request that needs it.
    if (!this.pending) {
      const reading = this.readState().finally(() => {
        if (this.pending === reading) this.pending = undefined;
      });
      this.pending = reading;
    }
    return this.pending;
  }

  private async readState(): Promise<GraphState | undefined> {
    const generation = this.generation;
    try {
      const value = await this.source.read();
      // Invalidated while reading: this answer may predate the change, so it is not trusted.
      if (this.generation !== generation) return undefined;
      this.state = { value, at: this.now() };
      return value;
    } catch {
      // Neo4j not answering: serve nothing stored; the route's own query reports the outage.
      return undefined;
    }
  }
}
