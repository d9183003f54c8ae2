/**
 * Source ablation ("what if this source were wrong?") as pure functions over what the client
 * holds. A fact breaks when it cites sources and every one of them is ablated (a fact without a
 * sources list cannot be undermined by a source, so it stays). An entity fades when it has facts
 * on the canvas and every one of them breaks: nothing left on the canvas ties it in. An entity with
 * no facts drawn stays as it is (it was not put there by any source's fact). A path breaks when
 * any of its links breaks. The server does the same for facts in its path search (`without=`).
 */

interface Sourced {
  sources?: string[];
}

/** Whether a fact rests only on ablated sources. */
export function factBreaks(edge: Sourced, ablated: ReadonlySet<string>): boolean {
  const sources = edge.sources ?? [];
  return sources.length > 0 && sources.every((s) => ablated.has(s));
}

/** What an ablation takes away on the canvas: the facts that break and the entities left bare. */
export function ablationEffect(
  nodes: readonly { id: string }[],
  edges: readonly (Sourced & { id: string; source: string; target: string })[],
  ablated: ReadonlySet<string>,
): { facts: Set<string>; nodes: Set<string> } {
  const facts = new Set<string>();
  const touched = new Map<string, boolean>();
  if (!ablated.size) return { facts, nodes: new Set() };
  for (const edge of edges) {
    const breaks = factBreaks(edge, ablated);
    if (breaks) facts.add(edge.id);
    for (const end of [edge.source, edge.target]) touched.set(end, (touched.get(end) ?? true) && breaks);
  }
  return { facts, nodes: new Set(nodes.map((n) => n.id).filter((id) => touched.get(id) === true)) };
}

/**
 * For each path, whether it breaks under the ablation. A link the look-up cannot find is kept:
 * the client cannot know what it rests on, and the server's answer with `without=` decides.
 */
export function brokenPaths(
  paths: readonly { edges: readonly string[] }[],
  edge: (id: string) => Sourced | undefined,
  ablated: ReadonlySet<string>,
): boolean[] {
  return paths.map((p) =>
    p.edges.some((id) => {
      const e = edge(id);
      return e !== undefined && factBreaks(e, ablated);
    }),
  );
}
