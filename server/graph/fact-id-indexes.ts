/**
 * Which relationship types can be paged by seeking their `id` index: the types whose fact-id
 * constraint (or any range index on `id`) is online. Neighbour pages hint that index only for
 * these, since a hint naming a missing index fails the whole query. Read with `SHOW INDEXES`
 * outside the page's transaction and cached briefly, like the name allowlist.
 */
import type { Driver } from 'neo4j-driver';
import { Neo4jError } from 'neo4j-driver';
import { cypher } from '../cypher-files.js';

const CACHE_MS = 30_000;

/** The set of relationship types with an online range index on `id`, cached for a short while. */
export class FactIdIndexes {
  private cached: { types: ReadonlySet<string>; readAt: number } | undefined;
  private pending: Promise<ReadonlySet<string>> | undefined;

  constructor(
    private readonly driver: Driver,
    private readonly database: string,
  ) {}

  /** The indexed types (a fresh read at most every CACHE_MS). */
  async types(): Promise<ReadonlySet<string>> {
    const cached = this.cached;
    if (cached && Date.now() - cached.readAt < CACHE_MS) return cached.types;
    this.pending ??= this.read().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async read(): Promise<ReadonlySet<string>> {
    let types: ReadonlySet<string>;
    try {
      const { records } = await this.driver.executeQuery(
        cypher('graph/fact-id-indexes'),
        {},
        { database: this.database, routing: 'READ' },
      );
      types = new Set((records[0]?.get('types') as string[] | undefined) ?? []);
    } catch (error) {
      // A user without the SHOW INDEX privilege still pages, only by expanding each cell; any
      // other failure (Neo4j down) belongs to the page's own query, which reports it.
      if (!(error instanceof Neo4jError) || !error.code.startsWith('Neo.ClientError.Security.')) throw error;
      types = new Set();
    }
    this.cached = { types, readAt: Date.now() };
    return types;
  }
}
