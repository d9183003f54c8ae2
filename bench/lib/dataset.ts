/**
 * The benchmark's data: the generator's synthetic case (deterministic for a size and seed) and the
 * same rows as CSV files, for `LOAD CSV` and `neo4j-admin database import`. The CSVs are written
 * from the app's own write plan (`planFor`), so the three import paths store the same properties.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateCase } from '../../server/generate/generate-case.js';
import { planFor } from '../../server/import/import-service.js';
import { groupBy, type FactRow, type NodeRow, type PropertyMap } from '../../server/import/staged-writer.js';
import type { CaseDocument } from '../../server/model/model.js';

export const SEED = 42;

export function benchCase(entities: number): CaseDocument {
  return generateCase({ entities, seed: SEED });
}

export type ColumnType = 'string' | 'float' | 'boolean' | 'string[]';

export interface CsvFile {
  /** File name inside the folder it was written to. */
  name: string;
  /** Node label or relationship type. */
  kind: string;
  columns: { key: string; type: ColumnType }[];
  rows: number;
}

export interface CsvSet {
  dir: string;
  nodes: CsvFile[];
  relationships: CsvFile[];
}

function typeOf(value: unknown): ColumnType {
  if (Array.isArray(value)) return 'string[]';
  if (typeof value === 'number') return 'float';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

function columnsOf(rows: { props: PropertyMap }[]): { key: string; type: ColumnType }[] {
  const types = new Map<string, ColumnType>();
  for (const row of rows) {
    for (const [key, value] of Object.entries(row.props)) {
      if (value === undefined || value === null || key === 'id') continue;
      const type = typeOf(value);
      const seen = types.get(key);
      if (seen && seen !== type) throw new Error(`property ${key} has mixed types (${seen}, ${type})`);
      types.set(key, type);
    }
  }
  return [...types].sort(([a], [b]) => a.localeCompare(b)).map(([key, type]) => ({ key, type }));
}

/** RFC 4180 quoting; empty strings are written quoted so that they stay empty strings. */
function field(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = Array.isArray(value) ? value.join(';') : String(value);
  if (text === '' && !Array.isArray(value)) return '""';
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Buffered line writer: millions of small writeSync calls cost more than the CSV itself. */
function lineWriter(file: string): { line(text: string): void; close(): void } {
  const fd = fs.openSync(file, 'w');
  let buffer: string[] = [];
  let size = 0;
  const flush = () => {
    if (buffer.length === 0) return;
    fs.writeSync(fd, buffer.join(''));
    buffer = [];
    size = 0;
  };
  return {
    line(text) {
      buffer.push(text, '\n');
      size += text.length + 1;
      if (size > 1 << 20) flush();
    },
    close() {
      flush();
      fs.closeSync(fd);
    },
  };
}

/**
 * Writes one CSV per node label and per relationship type into `dir`, with neo4j-admin's typed
 * headers (`id:ID,aliasText,confidence:float,sources:string[]`, `:START_ID,:END_ID,id,…`) and
 * arrays joined with `;`. `LOAD CSV WITH HEADERS` reads the same files, naming the columns with
 * backticks (`row.\`confidence:float\``). Labels and types come from the file, not a column.
 */
export function writeCsvSet(doc: CaseDocument, dir: string): CsvSet {
  fs.mkdirSync(dir, { recursive: true });
  const plan = planFor(doc);
  const set: CsvSet = { dir, nodes: [], relationships: [] };
  for (const [type, rows] of groupBy<NodeRow>(plan.nodes, (r) => r.type)) {
    const columns = columnsOf(rows);
    const name = `nodes-${type}.csv`;
    const out = lineWriter(path.join(dir, name));
    out.line(['id:ID', ...columns.map(headerOf)].join(','));
    for (const row of rows)
      out.line([field(row.id), ...columns.map((c) => field(row.props[c.key]))].join(','));
    out.close();
    set.nodes.push({ name, kind: type, columns, rows: rows.length });
  }
  for (const [type, rows] of groupBy<FactRow>(plan.facts, (r) => r.type)) {
    const columns = columnsOf(rows);
    const name = `rels-${type}.csv`;
    const out = lineWriter(path.join(dir, name));
    out.line([':START_ID', ':END_ID', 'id', ...columns.map(headerOf)].join(','));
    for (const row of rows) {
      const cells = [field(row.from), field(row.to), field(row.id)];
      for (const c of columns) cells.push(field(row.props[c.key]));
      out.line(cells.join(','));
    }
    out.close();
    set.relationships.push({ name, kind: type, columns, rows: rows.length });
  }
  fs.writeFileSync(path.join(dir, 'set.json'), JSON.stringify(set, null, 2));
  return set;
}

/** The set written earlier into `dir`, if complete. */
export function readCsvSet(dir: string): CsvSet | undefined {
  try {
    const set = JSON.parse(fs.readFileSync(path.join(dir, 'set.json'), 'utf8')) as CsvSet;
    return { ...set, dir };
  } catch {
    return undefined;
  }
}

/** A column's header: `name` for strings, `name:type` otherwise. */
export function headerOf(column: { key: string; type: ColumnType }): string {
  return column.type === 'string' ? column.key : `${column.key}:${column.type}`;
}

/** The Cypher expression that turns the CSV text of a column back into the stored value. */
export function loadCsvValue(column: { key: string; type: ColumnType }): string {
  const ref = `row.\`${headerOf(column)}\``;
  switch (column.type) {
    case 'float':
      return `toFloat(${ref})`;
    case 'boolean':
      return `toBoolean(${ref})`;
    case 'string[]':
      return `CASE WHEN ${ref} IS NULL OR ${ref} = '' THEN [] ELSE split(${ref}, ';') END`;
    case 'string':
      return ref;
  }
}
