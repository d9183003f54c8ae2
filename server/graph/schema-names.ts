/**
 * The allowlist for names that Cypher cannot take as parameters (labels, relationship types):
 * the model's names plus the ones the database actually uses, so the explorer works on graphs it
 * has never seen. A request naming anything else is refused with 400 before any Cypher is built;
 * so is one naming an app label (`server/model/case-data.ts`), with the very same answer.
 *
 * The database's names are cached briefly and re-read once when a request names something not
 * (yet) known, so a freshly imported type is usable at once without a query per request.
 */
import type { Driver } from 'neo4j-driver';
import { cypher, quoteName, type CypherFragment } from '../cypher-files.js';
import { BadRequestError } from '../errors.js';
import { isInternalLabel, isKnownLabel, isKnownRelationshipType, type CaseModel } from '../model/model.js';

const CACHE_MS = 30_000;
const MIN_REFRESH_INTERVAL_MS = 1_000;

interface DatabaseNames {
  labels: string[];
  relationshipTypes: string[];
  readAt: number;
}

/** The name allowlist of one app: the model's names plus the database's, cached briefly. */
export class SchemaNames {
  private cached: DatabaseNames | undefined;
  private pending: Promise<DatabaseNames> | undefined;

  constructor(
    private readonly driver: Driver,
    private readonly database: string,
    private readonly model: CaseModel,
  ) {}

  /** Labels and relationship types in use in the database (cached for a short while). */
  async databaseNames(maxAgeMs = CACHE_MS): Promise<DatabaseNames> {
    const cached = this.cached;
    if (cached && Date.now() - cached.readAt < maxAgeMs) return cached;
    this.pending ??= this.read().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async read(): Promise<DatabaseNames> {
    const { records } = await this.driver.executeQuery(
      cypher('graph/database-names'),
      {},
      { database: this.database, routing: 'READ' },
    );
    const record = records[0];
    const names: DatabaseNames = {
      labels: (record?.get('labels') as string[] | undefined) ?? [],
      relationshipTypes: (record?.get('relationshipTypes') as string[] | undefined) ?? [],
      readAt: Date.now(),
    };
    this.cached = names;
    return names;
  }

  /** Relationship types in use, sorted: what a summary or an unfiltered expansion looks at. */
  async relationshipTypesInUse(): Promise<string[]> {
    return [...(await this.databaseNames()).relationshipTypes].sort();
  }

  /**
   * Checks requested relationship types against the model and the database and returns them
   * quoted for splicing; any unknown name is a 400 naming it.
   */
  async relationshipTypes(requested: readonly string[], what = 'types'): Promise<CypherFragment[]> {
    await this.check(requested, 'relationshipTypes', what);
    return requested.map(quoteName);
  }

  /** Same for labels. */
  async labels(requested: readonly string[], what = 'labels'): Promise<CypherFragment[]> {
    await this.check(requested, 'labels', what);
    return requested.map(quoteName);
  }

  private async check(
    requested: readonly string[],
    kind: 'labels' | 'relationshipTypes',
    what: string,
  ): Promise<void> {
    // An app label is no node type, wherever it comes from: naming one is answered exactly as
    // naming a label that does not exist, so internal labels cannot be probed.
    const allowed = (name: string) => kind === 'relationshipTypes' || !isInternalLabel(name);
    const inModel = (name: string) =>
      kind === 'labels' ? isKnownLabel(this.model, name) : isKnownRelationshipType(this.model, name);
    const inDatabase = (names: DatabaseNames, name: string) => allowed(name) && names[kind].includes(name);
    let unknown = requested.filter((name) => !(inModel(name) && allowed(name)));
    if (unknown.length === 0) return;
    let names = await this.databaseNames();
    if (
      unknown.some((name) => !inDatabase(names, name)) &&
      Date.now() - names.readAt > MIN_REFRESH_INTERVAL_MS
    ) {
      names = await this.databaseNames(0);
    }
    unknown = unknown.filter((name) => !inDatabase(names, name));
    if (unknown.length > 0) {
      throw new BadRequestError(
        `Unknown ${kind === 'labels' ? 'node type' : 'relationship type'}${unknown.length > 1 ? 's' : ''} in ${what}: ${unknown.join(', ')}`,
        { parameter: what, unknown },
      );
    }
  }
}
