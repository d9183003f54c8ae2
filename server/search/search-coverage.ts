/**
 * What the full-text index covers, and what search must scan instead.
 *
 * The index `entity_search` is made over the model's labels at start-up and extended over every
 * label with a name-like property by `npm run index` (`search-index.ts`). A graph loaded beside
 * the case by other tools brings labels it does not cover yet, and a graph casegraph may only read
 * may have no index at all. For those labels search runs a bounded scan; this module says which
 * labels those are and how many nodes each holds, so search can say when a scan stopped early.
 * Both answers come from schema and count-store reads (cheap) and are kept for a short while.
 */
import { Neo4jError } from 'neo4j-driver';
import { cypher } from '../cypher-files.js';
import { readTransaction, type GraphTarget } from '../db/graph-target.js';
import type { SchemaNames } from '../graph/schema-names.js';
import { ENTITY_LABEL, FULLTEXT_INDEX_NAME, isInternalLabel } from '../model/model.js';
import { isNameLikeKey } from '../model/name-keys.js';
import { surveyLabels } from '../survey/graph-survey.js';

/** Nodes sampled per unindexed label to learn whether it holds names at all. */
const NAME_SAMPLE = 200;

const CACHE_MS = 30_000;

/** The full-text index as it stands. */
export interface SearchIndexDefinition {
  labels: string[];
  properties: string[];
  /** ONLINE when it can answer; POPULATING while it is (re)built; FAILED when broken. */
  state: string;
}

/** Where search looks: the index (when it can answer) and the labels it must scan. */
export interface SearchCoverage {
  /** The index, when it exists and is ONLINE. */
  index: SearchIndexDefinition | null;
  /**
   * Case labels in the graph the index does not cover and whose nodes hold name-like properties,
   * each with its node count.
   */
  unindexed: { label: string; nodes: number }[];
  readAt: number;
}

/** Reads and caches the coverage of one app's graph. */
export class SearchCoverageReader {
  private cached: SearchCoverage | undefined;
  private pending: Promise<SearchCoverage> | undefined;

  constructor(
    private readonly target: GraphTarget,
    private readonly names: SchemaNames,
  ) {}

  /** The coverage, at most `maxAgeMs` old. */
  async coverage(maxAgeMs = CACHE_MS): Promise<SearchCoverage> {
    const cached = this.cached;
    if (cached && Date.now() - cached.readAt < maxAgeMs) return cached;
    this.pending ??= this.read().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets the cached answer (after `npm run index` in this process, or in tests). */
  forget(): void {
    this.cached = undefined;
  }

  private async read(): Promise<SearchCoverage> {
    const [definition, names] = await Promise.all([
      readSearchIndexDefinition(this.target),
      this.names.databaseNames(0),
    ]);
    const index = definition?.state === 'ONLINE' ? definition : null;
    const covered = new Set(index?.labels ?? []);
    const labels = names.labels.filter(
      (label) => !isInternalLabel(label) && label !== ENTITY_LABEL && !covered.has(label),
    );
    // A label whose sampled nodes hold no name-like property has nothing search could match.
    const surveyed = await surveyLabels(this.target, labels, NAME_SAMPLE);
    const unindexed = surveyed
      .filter((label) => label.keys.some((key) => isNameLikeKey(key.key)))
      .map(({ label, nodes }) => ({ label, nodes }));
    const coverage: SearchCoverage = { index, unindexed, readAt: Date.now() };
    this.cached = coverage;
    return coverage;
  }
}

/** The index named `entity_search`, or null when there is none. */
export async function readSearchIndexDefinition(target: GraphTarget): Promise<SearchIndexDefinition | null> {
  try {
    return await readTransaction(target, async (tx) => {
      const result = await tx.run(cypher('search/index-definition'), { name: FULLTEXT_INDEX_NAME });
      const record = result.records[0];
      if (!record) return null;
      return {
        labels: (record.get('labels') as string[] | null) ?? [],
        properties: (record.get('properties') as string[] | null) ?? [],
        state: String(record.get('state')),
      };
    });
  } catch (error) {
    // A user without the right to list indexes (a locked-down read-only graph): no index known.
    if (error instanceof Neo4jError && error.code === 'Neo.ClientError.Security.Forbidden') return null;
    throw error;
  }
}
