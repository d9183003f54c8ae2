/**
 * `exportCaseCsv`: the whole case as two spreadsheet-ready tables, `nodes.csv` (one row per
 * entity, Sources included, every model property a column) and `links.csv` (one row per fact with
 * its provenance: claim, status, confidence, the ids and titles of its sources, dates).
 *
 * It reads with the import-format export's statements (cypher/export/*.cypher) and its row
 * mappers, page by page in short read transactions, so it streams a graph of any size and its
 * rows come in the same stable order. Cells follow the shared CSV rule (csv-cell.ts): RFC 4180
 * quoting and formula defusing, because a case's text comes from documents nobody vetted.
 */
import type { JsonValue } from '../contract.js';
import type { CaseModel } from '../model/model.js';
import type { ExportDeps, ExportSink } from './case-export.js';
import { DEFAULT_EXPORT_PAGE_SIZE, pageReader } from './case-export.js';
import { csvLine } from './csv-cell.js';
import { toEntity, toFact, type FactRecord, type NodeRecord } from './export-rows.js';

export interface CsvSinks {
  nodes: ExportSink;
  links: ExportSink;
}

export interface CsvExportOptions {
  pageSize?: number;
  onProgress?: (progress: { part: 'nodes' | 'links'; done: number }) => void;
}

export interface CsvExportSummary {
  nodes: number;
  links: number;
}

/** A value as one cell: lists joined with "; " (as the GraphML/GEXF export does), objects as JSON. */
export function cellValue(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(cellValue).join('; ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const NODE_BASE = ['id', 'type', 'labels', 'name', 'aliases', 'sources'] as const;
const LINK_BASE = [
  'id',
  'type',
  'source',
  'target',
  'claim',
  'status',
  'confidence',
  'sources',
  'source titles',
  'validFrom',
  'validTo',
  'date',
  'attribution',
] as const;
/** Properties outside the model still leave: as JSON in one last column, not dropped. */
const OTHER = 'other properties';

/** Every property the model declares for some type, sorted, without those the base columns hold. */
function modelProperties(
  specs: Record<string, { properties?: Record<string, unknown> }>,
  base: readonly string[],
) {
  const keys = new Set(Object.values(specs).flatMap((spec) => Object.keys(spec.properties ?? {})));
  return [...keys].filter((key) => !base.includes(key)).sort();
}

/** The columns of nodes.csv for this model. */
export function nodeColumns(model: CaseModel): string[] {
  return [...NODE_BASE, ...modelProperties(model.nodeTypes, NODE_BASE), OTHER];
}

/** The columns of links.csv for this model. */
export function linkColumns(model: CaseModel): string[] {
  return [...LINK_BASE, ...modelProperties(model.relationshipTypes, LINK_BASE), OTHER];
}

/** A node row in the order of `columns` (from `nodeColumns`). */
export function nodeRow(model: CaseModel, columns: readonly string[], row: NodeRecord): string[] {
  const entity = toEntity(model, row);
  const props = entity.properties as Record<string, JsonValue>;
  const base: Record<string, JsonValue> = {
    id: entity.id,
    type: entity.type,
    labels: row.labels,
    name: entity.name,
    aliases: entity.aliases,
    sources: entity.sources,
  };
  return withOther(columns, base, props);
}

/** A link row in the order of `columns`; `titles` maps source ids to their titles. */
export function linkRow(
  columns: readonly string[],
  row: FactRecord,
  titles: ReadonlyMap<string, string>,
): string[] {
  const fact = toFact(row) as unknown as Record<string, JsonValue> & { sources: string[] };
  const base: Record<string, JsonValue> = {
    id: fact.id!,
    type: fact.type!,
    source: fact.from!,
    target: fact.to!,
    claim: fact.claim ?? null,
    status: fact.status ?? null,
    confidence: fact.confidence ?? null,
    sources: fact.sources,
    // A source the graph does not hold (cited but never imported) keeps an empty slot, so the
    // two lists stay aligned item by item.
    'source titles': fact.sources.map((id) => titles.get(id) ?? ''),
    validFrom: fact.validFrom ?? null,
    validTo: fact.validTo ?? null,
    date: fact.date ?? null,
    attribution: fact.attribution ?? null,
  };
  return withOther(columns, base, (fact.properties ?? {}) as Record<string, JsonValue>);
}

function withOther(
  columns: readonly string[],
  base: Record<string, JsonValue>,
  props: Record<string, JsonValue>,
): string[] {
  const named = new Set(columns);
  const other = Object.fromEntries(Object.entries(props).filter(([key]) => !named.has(key)));
  return columns.map((column) => {
    if (column === OTHER) return Object.keys(other).length ? JSON.stringify(other) : '';
    return cellValue(column in base ? base[column] : props[column]);
  });
}

/** Writes nodes.csv and links.csv to their sinks; returns the row counts. */
export async function exportCaseCsv(
  deps: ExportDeps,
  sinks: CsvSinks,
  options: CsvExportOptions = {},
): Promise<CsvExportSummary> {
  const pageSize = options.pageSize ?? DEFAULT_EXPORT_PAGE_SIZE;
  const read = pageReader(deps, pageSize);

  // Sources are few (one per document read): their titles are held to name each fact's sources.
  const titles = new Map<string, string>();
  for (let after = ''; ;) {
    const rows = await read('export/source-page', ['n'], { after });
    for (const record of rows) {
      const row = record.toObject() as NodeRecord;
      const name = row.props.name;
      if (typeof name === 'string') titles.set(row.id, name);
    }
    if (rows.length < pageSize) break;
    after = rows.at(-1)!.get('id') as string;
  }

  const nColumns = nodeColumns(deps.model);
  await sinks.nodes(csvLine(nColumns));
  let nodes = 0;
  for (let after = ''; ;) {
    const rows = await read('export/entity-page', ['n'], { after });
    if (rows.length)
      await sinks.nodes(
        rows
          .map((record) => csvLine(nodeRow(deps.model, nColumns, record.toObject() as NodeRecord)))
          .join(''),
      );
    nodes += rows.length;
    options.onProgress?.({ part: 'nodes', done: nodes });
    if (rows.length < pageSize) break;
    after = rows.at(-1)!.get('id') as string;
  }

  const lColumns = linkColumns(deps.model);
  await sinks.links(csvLine(lColumns));
  let links = 0;
  for (let after = { afterFrom: '', afterType: '', afterId: '' }; ;) {
    const rows = await read('export/fact-page', ['a', 'b'], after, ['r']);
    if (rows.length)
      await sinks.links(
        rows.map((record) => csvLine(linkRow(lColumns, record.toObject() as FactRecord, titles))).join(''),
      );
    links += rows.length;
    options.onProgress?.({ part: 'links', done: links });
    if (rows.length < pageSize) break;
    const last = rows.at(-1)!;
    after = {
      afterFrom: last.get('from') as string,
      afterType: last.get('type') as string,
      afterId: last.get('id') as string,
    };
  }
  return { nodes, links };
}
