/**
 * The query results table's pure parts: a cell as text a person reads (paths as chains of names
 * and link types, not JSON), the order of rows when a column is sorted, and whether a value is
 * long enough to fold. No DOM, so unit tests cover it headless.
 */
import type { GraphPayload, JsonValue, TablePathRef } from '../../server/contract.js';
import { cellText } from './export-format.js';
import { pathText } from './path-text.js';

/** Values longer than this are folded in the table (the full text is one click away). */
export const FOLD_AT = 120;

export type SortDirection = 'ascending' | 'descending';

function isPathRef(value: JsonValue | undefined): value is JsonValue & TablePathRef {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    value.kind === 'path' &&
    Array.isArray(value.nodes) &&
    Array.isArray(value.edges)
  );
}

/**
 * A cell as text. A path reads "Ramos —FOUNDED→ Phantom Secure ←SUPPLIED— …", its names and link
 * types taken from the run's graph (ids where the graph lacks them); the rest as `cellText`.
 */
export function resultCellText(value: JsonValue | undefined, graph: GraphPayload): string {
  if (isPathRef(value)) {
    const labels = new Map(graph.nodes.map((n) => [n.id, n.label]));
    const edges = new Map(graph.edges.map((e) => [e.id, e]));
    return pathText(
      { nodes: value.nodes, edges: value.edges, length: value.length },
      (id) => labels.get(id) ?? id,
      (id) => edges.get(id),
    );
  }
  if (Array.isArray(value) && value.some(isPathRef)) {
    return value.map((v) => resultCellText(v, graph)).join('; ');
  }
  return cellText(value);
}

/** What a cell sorts by: numbers as numbers, everything else by its text; empty cells last. */
function sortKey(value: JsonValue | undefined, graph: GraphPayload): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  const text = resultCellText(value, graph);
  return text === '' ? null : text;
}

/**
 * The row order for a sorted column: a stable sort (equal cells keep the order Cypher gave),
 * numbers numerically, text in the reader's language order, empty cells last either way.
 */
export function sortedRowIndexes(
  rows: readonly (readonly JsonValue[])[],
  column: number,
  direction: SortDirection,
  graph: GraphPayload,
): number[] {
  const keys = rows.map((row) => sortKey(row[column], graph));
  const sign = direction === 'ascending' ? 1 : -1;
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  return rows
    .map((_, i) => i)
    .sort((a, b) => {
      const ka = keys[a]!;
      const kb = keys[b]!;
      if (ka === null || kb === null) return ka === kb ? a - b : ka === null ? 1 : -1;
      const order =
        typeof ka === 'number' && typeof kb === 'number' ? ka - kb : collator.compare(String(ka), String(kb));
      return order === 0 ? a - b : sign * order;
    });
}

/** True when a cell's text is long enough to show folded. */
export function shouldFold(text: string): boolean {
  return text.length > FOLD_AT;
}
