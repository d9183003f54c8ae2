/**
 * The clusters of entities judged the same, as the merged view needs them: every judgement read
 * from the graph in one query (`cypher/merge/judgements.cypher`), resolved (`clusters.ts`) and kept
 * per graph version, so a neighbour page pays a map look-up per node, never a query.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import { cypher } from '../cypher-files.js';
import type { GraphTarget } from '../db/graph-target.js';
import type { GraphChanges } from '../graph-state/graph-state.js';
import { PerGraphVersion } from '../graph-state/per-version.js';
import { toJson } from '../mapping/values.js';
import { resolveJudgements, type Judgement, type Resolution } from './clusters.js';
import { verdictOfType } from './judgement-types.js';

export interface IdentityState extends Resolution {
  /** Every judgement in the graph (all verdicts). */
  judgements: Judgement[];
  /** Canonical id → its cluster's members, sorted (canonical first). */
  members: ReadonlyMap<string, readonly string[]>;
}

/** Nothing judged: what a graph without judgements resolves to. */
export const NO_CLUSTERS: IdentityState = {
  judgements: [],
  clusters: [],
  canonical: new Map(),
  refused: [],
  members: new Map(),
};

export function identityState(judgements: Judgement[]): IdentityState {
  const resolution = resolveJudgements(judgements);
  const members = new Map<string, readonly string[]>();
  for (const cluster of resolution.clusters) members.set(cluster[0]!, cluster);
  return { ...resolution, judgements, members };
}

export async function readJudgements(tx: ManagedTransaction): Promise<Judgement[]> {
  const result = await tx.run(cypher('merge/judgements'));
  const judgements: Judgement[] = [];
  for (const record of result.records) {
    const verdict = verdictOfType(String(record.get('type')));
    const [id, a, b, at] = ['id', 'a', 'b', 'at'].map((key) => toJson(record.get(key)));
    if (verdict && typeof id === 'string' && typeof a === 'string' && typeof b === 'string')
      judgements.push({ id, a, b, verdict, at: typeof at === 'string' ? at : '' });
  }
  return judgements;
}

/** One app's clusters, per graph version (see `PerGraphVersion`). */
export class IdentityClusters {
  private readonly cache: PerGraphVersion<IdentityState>;

  constructor(target: GraphTarget, changes?: GraphChanges) {
    this.cache = new PerGraphVersion(target, async (tx) => identityState(await readJudgements(tx)), changes);
  }

  state(): Promise<IdentityState> {
    return this.cache.get();
  }

  forget(): void {
    this.cache.forget();
  }
}
