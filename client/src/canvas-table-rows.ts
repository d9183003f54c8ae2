/**
 * The canvas table's pure parts: an entity or a link as a row of plain cells, the columns of each
 * tab, the text filter and the sort (the query results table's `sortedRowIndexes`, so both tables
 * order numbers, text and empty cells alike). No DOM and no Cytoscape: unit tests cover it headless.
 */
import type { GraphPayload, JsonValue } from '../../server/contract.js';
import { sortedRowIndexes, type SortDirection } from './result-table.js';

export type Cell = string | number | null;
export interface Row {
  /** The element's id on the canvas. */
  id: string;
  cells: Record<string, Cell>;
}

export interface Column {
  key: string;
  label: string;
  /** Numbers are right-aligned and sort numerically. */
  numeric?: boolean;
  /** Long text (names, properties) that may wrap; the rest stays on one line. */
  wrap?: boolean;
}

export type TableTab = 'entities' | 'links';

export const COLUMNS: Record<TableTab, Column[]> = {
  entities: [
    { key: 'label', label: 'Name', wrap: true },
    { key: 'type', label: 'Type' },
    { key: 'degree', label: 'Degree', numeric: true },
    { key: 'onCanvas', label: 'Links on canvas', numeric: true },
    { key: 'properties', label: 'Key properties', wrap: true },
  ],
  links: [
    { key: 'source', label: 'Source', wrap: true },
    { key: 'type', label: 'Link' },
    { key: 'target', label: 'Target', wrap: true },
    { key: 'status', label: 'Status' },
    { key: 'confidence', label: 'Confidence', numeric: true },
    { key: 'sources', label: 'Sources', numeric: true },
  ],
};

/** Long free text (descriptions) says little in a table cell; short facts (kind, iso2) do. */
const KEY_PROPERTY_MAX = 40;
const KEY_PROPERTIES_SHOWN = 3;
const NOT_KEY = new Set(['id', 'name', 'description', 'aliases', 'label']);

/** An entity's short scalar properties as "kind: cartel · iso2: MX". */
export function keyProperties(properties: Record<string, JsonValue> | undefined): string {
  return Object.entries(properties ?? {})
    .filter(
      ([key, value]) =>
        !NOT_KEY.has(key) &&
        (typeof value === 'number' ||
          typeof value === 'boolean' ||
          (typeof value === 'string' && value !== '' && value.length <= KEY_PROPERTY_MAX)),
    )
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, KEY_PROPERTIES_SHOWN)
    .map(([key, value]) => `${key}: ${typeof value === 'boolean' ? (value ? 'yes' : 'no') : value}`)
    .join(' · ');
}

export interface EntityInput {
  id: string;
  label?: string;
  type?: string;
  degree?: number;
  properties?: Record<string, JsonValue>;
}

/** An entity as a row; `onCanvas` is the number of its links drawn now. */
export function entityRow(data: EntityInput, onCanvas: number): Row {
  return {
    id: data.id,
    cells: {
      label: data.label || data.id,
      type: data.type ?? '',
      degree: typeof data.degree === 'number' ? data.degree : null,
      onCanvas,
      properties: keyProperties(data.properties),
    },
  };
}

export interface LinkInput {
  id: string;
  type: string;
  source: string;
  target: string;
  status?: string;
  confidence?: number;
  sources?: string[];
}

/** A link as a row, its ends by name (`nameOf` falls back to the id for an unknown one). */
export function linkRow(data: LinkInput, nameOf: (id: string) => string): Row {
  return {
    id: data.id,
    cells: {
      source: nameOf(data.source),
      type: data.type.replace(/_/g, ' ').toLowerCase(),
      target: nameOf(data.target),
      status: data.status ?? '',
      confidence: typeof data.confidence === 'number' ? data.confidence : null,
      sources: Array.isArray(data.sources) ? data.sources.length : null,
    },
  };
}

/** A cell as it reads in the table. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : cell.toFixed(2);
  return cell;
}

/** Rows any of whose cells contains every word of `query` (case and accents ignored). */
export function filterRows(rows: readonly Row[], columns: readonly Column[], query: string): Row[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return [...rows];
  return rows.filter((row) => {
    const text = fold(columns.map((c) => cellText(row.cells[c.key] ?? null)).join('\u0000'));
    return words.every((w) => text.includes(w));
  });
}

const NO_GRAPH: GraphPayload = { nodes: [], edges: [] };

/** Rows sorted by one column: stable, numbers numerically, empty cells last either way. */
export function sortRows(rows: readonly Row[], key: string, direction: SortDirection): Row[] {
  const cells: JsonValue[][] = rows.map((r) => {
    const c = r.cells[key] ?? null;
    return [c === '' ? null : c];
  });
  return sortedRowIndexes(cells, 0, direction, NO_GRAPH).map((i) => rows[i]!);
}
