/**
 * Paths as readable text for the path list: every hop names its relationship
 * type and its direction, so that two paths through the same entities by
 * different links never read the same.
 */
import type { GraphEdge, PathsResponse } from '../../server/contract.js';

type Path = Pick<PathsResponse['paths'][number], 'nodes' | 'edges' | 'length'>;

/**
 * "A —OWNS→ B ←EMPLOYS— C". `edges` finds a hop's link by id (from the answer,
 * or the canvas); a link it cannot find still reads as a hop ("—?→").
 */
export function pathText(
  path: Path,
  label: (id: string) => string,
  edge: (id: string) => Pick<GraphEdge, 'type' | 'source' | 'target'> | undefined,
): string {
  const parts: string[] = [];
  path.nodes.forEach((id, i) => {
    if (i > 0) {
      const e = edge(path.edges[i - 1] ?? '');
      const prev = path.nodes[i - 1];
      // A hop read against its link's direction gets the arrow pointing back.
      const backwards = e !== undefined && e.source === id && e.target === prev;
      const type = e?.type ?? '?';
      parts.push(backwards ? ` ←${type}— ` : ` —${type}→ `);
    }
    parts.push(label(id));
  });
  return parts.join('');
}
