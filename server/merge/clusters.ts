/**
 * Judgements ("these two entities are the same", "not the same", "unsure") resolved into clusters.
 *
 * A judgement is a claim about two entities, recorded with who made it and when; it never
 * rewrites either entity. The view merges what the judgements say is one: `same` joins two
 * clusters (A = B and B = C make one cluster of three), `not-same` between any members of two
 * clusters blocks their joining, and the later judgement on one pair replaces the earlier one.
 * The graph keeps one judgement per pair (`judgement-types.ts`); a split retracts `same`
 * judgements, and the cluster falls back to what the other judgements say.
 *
 * Judgements are replayed in the order they were made, so a `same` that arrives after a
 * `not-same` it would contradict is refused with the judgement that blocks it; one made before is
 * kept and the later `not-same` that contradicts the cluster is refused instead. Either way the
 * caller is told why, and nothing is merged that anyone said is different.
 */

export type Verdict = 'same' | 'not-same' | 'unsure';

export interface Judgement {
  id: string;
  /** The two entities judged, in any order. */
  a: string;
  b: string;
  verdict: Verdict;
  /** ISO time: the replay order (ties broken by id so the outcome never depends on input order). */
  at: string;
}

export interface Refusal {
  judgement: Judgement;
  /** The `not-same` judgement it contradicts (absent: the `same` judgements that made the cluster). */
  blockedBy?: Judgement;
  reason: string;
}

export interface Resolution {
  /** Clusters of two or more entities, each sorted, listed by their first member. */
  clusters: string[][];
  /** Each clustered entity → its cluster's canonical entity (the cluster's smallest id). */
  canonical: Map<string, string>;
  /** Judgements that were not applied, with why. */
  refused: Refusal[];
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** The latest judgement on each pair: a later verdict on the same pair replaces the earlier one. */
export function latestPerPair(judgements: readonly Judgement[]): Judgement[] {
  const ordered = [...judgements].sort((x, y) =>
    x.at === y.at ? x.id.localeCompare(y.id) : x.at < y.at ? -1 : 1,
  );
  const latest = new Map<string, Judgement>();
  for (const j of ordered) if (j.a !== j.b) latest.set(pairKey(j.a, j.b), j);
  return [...latest.values()].sort((x, y) =>
    x.at === y.at ? x.id.localeCompare(y.id) : x.at < y.at ? -1 : 1,
  );
}

/** Resolves judgements into clusters; see the module comment for the rules. */
export function resolveJudgements(judgements: readonly Judgement[]): Resolution {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    // Path compression keeps repeated look-ups flat.
    let node = x;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  /** `not-same` judgements between clusters, re-keyed by root as clusters join. */
  const apart: Judgement[] = [];
  const refused: Refusal[] = [];

  const blocking = (rootA: string, rootB: string) =>
    apart.find((j) => {
      const [x, y] = [find(j.a), find(j.b)];
      return (x === rootA && y === rootB) || (x === rootB && y === rootA);
    });

  for (const j of latestPerPair(judgements)) {
    if (j.verdict === 'unsure') continue;
    const [rootA, rootB] = [find(j.a), find(j.b)];
    if (j.verdict === 'not-same') {
      if (rootA === rootB) {
        refused.push({
          judgement: j,
          reason: `${j.a} and ${j.b} are already one cluster by earlier "same" judgements; split it first`,
        });
        continue;
      }
      apart.push(j);
      continue;
    }
    if (rootA === rootB) continue;
    const block = blocking(rootA, rootB);
    if (block) {
      refused.push({
        judgement: j,
        blockedBy: block,
        reason: `${block.a} and ${block.b} were judged not the same (${block.id}), which keeps ${j.a} and ${j.b} apart`,
      });
      continue;
    }
    // The smaller id becomes the root, so the canonical entity does not depend on judgement order.
    const [root, child] = rootA < rootB ? [rootA, rootB] : [rootB, rootA];
    parent.set(root, root);
    parent.set(child, root);
  }

  const members = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    members.set(root, [...(members.get(root) ?? []), id]);
  }
  const clusters = [...members.values()]
    .filter((m) => m.length > 1)
    .map((m) => [...new Set(m)].sort())
    .sort((x, y) => x[0]!.localeCompare(y[0]!));
  const canonical = new Map<string, string>();
  for (const cluster of clusters) for (const id of cluster) canonical.set(id, cluster[0]!);
  return { clusters, canonical, refused };
}
