/**
 * "When did we learn it?": the recorded date of each fact, kept apart from when it was true.
 *
 * A fact's recorded date is its own `recorded` property when the case sets one (the mapper lifts
 * it), else the earliest `date` of the sources it cites. Source dates are read in one query and
 * kept while the graph version (`server/graph-state/`) stays the same, so mapping a neighbour page
 * of 500 facts costs a map look-up per fact, never a query per edge.
 */
import type { GraphEdge } from '../contract.js';
import { cypher } from '../cypher-files.js';
import type { ManagedTransaction } from 'neo4j-driver';
import type { GraphTarget } from '../db/graph-target.js';
import type { GraphChanges } from '../graph-state/graph-state.js';
import { PerGraphVersion } from '../graph-state/per-version.js';
import { toJson } from '../mapping/values.js';

/** Source id → its date as written (partial dates allowed: `2018`, `2018-03`). */
export type SourceDateMap = ReadonlyMap<string, string>;

/** A partial date's first day, so `2018-03` and `2018-03-15` compare as dates. */
function startOf(value: string): string {
  if (/^\d{4}$/.test(value)) return `${value}-01-01`;
  if (/^\d{4}-\d{2}$/.test(value)) return `${value}-01`;
  return value;
}

/** The earliest date among `sources` (as written), or undefined when none is dated. */
export function earliestSourceDate(sources: readonly string[], dates: SourceDateMap): string | undefined {
  let best: string | undefined;
  for (const id of sources) {
    const date = dates.get(id);
    if (date !== undefined && (best === undefined || startOf(date) < startOf(best))) best = date;
  }
  return best;
}

/** Sets `recorded` on each edge without its own, from the dates of the sources it cites. */
export function stampRecorded(edges: readonly GraphEdge[], dates: SourceDateMap): void {
  for (const edge of edges) {
    if (edge.recorded !== undefined || !edge.sources?.length) continue;
    const date = earliestSourceDate(edge.sources, dates);
    if (date !== undefined) edge.recorded = date;
  }
}

/** Reads and caches the source dates of one app's graph, per graph version. */
export class SourceDates {
  private readonly cache: PerGraphVersion<SourceDateMap>;

  /**
   * `changes`: this app's own writes (imports, undo) drop the dates at once, rather than up to a
   * second later, so a fact imported a moment ago already shows when its source is dated.
   */
  constructor(target: GraphTarget, changes?: GraphChanges) {
    this.cache = new PerGraphVersion(target, readSourceDates, changes);
  }

  /** The source dates, current to within a second of the graph version. */
  dates(): Promise<SourceDateMap> {
    return this.cache.get();
  }

  /** Stamps `recorded` on `edges` (in place) and returns them. */
  async stamp<T extends readonly GraphEdge[]>(edges: T): Promise<T> {
    if (edges.some((e) => e.recorded === undefined && e.sources?.length))
      stampRecorded(edges, await this.dates());
    return edges;
  }

  /** Forgets the cached dates: the next read asks the graph. */
  forget(): void {
    this.cache.forget();
  }
}

async function readSourceDates(tx: ManagedTransaction): Promise<SourceDateMap> {
  const result = await tx.run(cypher('graph/source-dates'));
  const map = new Map<string, string>();
  for (const record of result.records) {
    const id = toJson(record.get('id'));
    const date = toJson(record.get('date'));
    if (typeof id === 'string' && typeof date === 'string') map.set(id, date);
  }
  return map;
}
