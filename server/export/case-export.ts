/**
 * `exportCase`: the whole case graph written out in the import format (sources, entities, facts,
 * with their provenance), so that importing the file into an empty graph rebuilds the same graph.
 *
 * It streams: each page is one short read transaction keyed on the last id of the page before, so
 * a graph of any size needs neither one large query nor a long transaction, and memory holds one
 * page. The price is that pages are not one snapshot: an export taken while someone imports may
 * hold part of that import (as any online dump of a changing store). Output is in a fixed order
 * (ids, then type and fact id) with sorted property keys, so two exports of one graph are equal.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import type { CaseInfo } from '../model/model.js';
import { caseStatement, type CaseModel } from '../model/model.js';
import {
  isPlainSource,
  toEntity,
  toFact,
  toSource,
  type FactRecord,
  type NodeRecord,
} from './export-rows.js';

/** Rows per page: one page per read transaction. */
export const DEFAULT_EXPORT_PAGE_SIZE = 5_000;

export interface ExportDeps {
  driver: Driver;
  database: string;
  model: CaseModel;
}

export interface ExportOptions {
  /** The document's `case` block (the graph does not keep one); a neutral one by default. */
  caseInfo?: CaseInfo;
  pageSize?: number;
  /** Told after each page, for progress on a terminal. */
  onProgress?: (progress: { part: 'sources' | 'entities' | 'facts'; done: number }) => void;
}

/** What was written, and what the import format could not carry. */
export interface ExportSummary {
  sources: number;
  entities: number;
  facts: number;
  /**
   * Case nodes without the Entity label or an id, and relationships without an id or between
   * such nodes; null when they could not be counted.
   */
  leftOut: { nodes: number; relationships: number } | null;
}

/** Where the text goes; resolves once the chunk is accepted (a stream's back-pressure). */
export type ExportSink = (chunk: string) => Promise<void>;

/**
 * Reads one page of a named export statement (`cypher/export/`) in its own read transaction:
 * `variables` and `facts` name the statement's case-data slots, `params` the key to start after.
 */
export function pageReader(deps: ExportDeps, pageSize: number) {
  return async (name: string, variables: string[], params: Record<string, unknown>, facts: string[] = []) => {
    const { records } = await deps.driver.executeQuery(
      caseStatement(name, variables, facts),
      // LIMIT takes an integer; a JS number reaches Cypher as a float.
      { ...params, limit: neo4j.int(pageSize) },
      { database: deps.database, routing: 'READ' },
    );
    return records;
  };
}

/** The `case` block written when the caller gives none. */
export function defaultCaseInfo(database: string, now = new Date()): CaseInfo {
  return {
    id: 'case:export',
    title: `Export of graph ${database}`,
    summary: `Every source, entity and fact of the graph "${database}", exported on ${now.toISOString()}.`,
  };
}

/** Writes the document to `sink`; returns the counts. */
export async function exportCase(
  deps: ExportDeps,
  sink: ExportSink,
  options: ExportOptions = {},
): Promise<ExportSummary> {
  const pageSize = options.pageSize ?? DEFAULT_EXPORT_PAGE_SIZE;
  const caseInfo = options.caseInfo ?? defaultCaseInfo(deps.database);
  const read = pageReader(deps, pageSize);

  await sink(`{"case":${JSON.stringify(caseInfo)},\n`);
  const list = listWriter(sink);

  await list.open('sources');
  let sources = 0;
  for (let after = ''; ;) {
    const rows = await read('export/source-page', ['n'], { after });
    const plain = rows.map((record) => record.toObject() as NodeRecord).filter(isPlainSource);
    await list.items(plain.map(toSource));
    sources += plain.length;
    options.onProgress?.({ part: 'sources', done: sources });
    if (rows.length < pageSize) break;
    after = rows.at(-1)!.get('id') as string;
  }
  await list.close();

  await list.open('entities');
  let entities = 0;
  for (let after = ''; ;) {
    const rows = await read('export/entity-page', ['n'], { after });
    // Plain sources were written above; every other node, Source or not, is an entity.
    const others = rows.map((record) => record.toObject() as NodeRecord).filter((row) => !isPlainSource(row));
    await list.items(others.map((row) => toEntity(deps.model, row)));
    entities += others.length;
    options.onProgress?.({ part: 'entities', done: entities });
    if (rows.length < pageSize) break;
    after = rows.at(-1)!.get('id') as string;
  }
  await list.close();

  await list.open('facts');
  let facts = 0;
  for (let after = { afterFrom: '', afterType: '', afterId: '' }; ;) {
    const rows = await read('export/fact-page', ['a', 'b'], after, ['r']);
    await list.items(rows.map((record) => toFact(record.toObject() as FactRecord)));
    facts += rows.length;
    options.onProgress?.({ part: 'facts', done: facts });
    if (rows.length < pageSize) break;
    const last = rows.at(-1)!;
    after = {
      afterFrom: last.get('from') as string,
      afterType: last.get('type') as string,
      afterId: last.get('id') as string,
    };
  }
  await list.close(true);

  return { sources, entities, facts, leftOut: await countLeftOut(deps) };
}

/**
 * Counts what the export could not write. One pass over the whole graph, so on a graph too big
 * for the server's transaction time-out it gives up (null) rather than fail a finished export.
 */
async function countLeftOut(deps: ExportDeps): Promise<ExportSummary['leftOut']> {
  try {
    const { records } = await deps.driver.executeQuery(
      caseStatement('export/left-out', ['n', 'a', 'b'], ['r']),
      {},
      { database: deps.database, routing: 'READ' },
    );
    return {
      nodes: Number(records[0]?.get('nodes') ?? 0),
      relationships: Number(records[0]?.get('relationships') ?? 0),
    };
  } catch {
    return null;
  }
}

/** Writes `"name":[` … `]`, one item per line, commas between (the file stays diff-friendly). */
function listWriter(sink: ExportSink) {
  let first = true;
  return {
    open: (name: string) => {
      first = true;
      return sink(`${JSON.stringify(name)}:[`);
    },
    /** One chunk per page: a sink call per item would cost a promise per entity. */
    items: (values: unknown[]) => {
      if (values.length === 0) return Promise.resolve();
      const chunk = values.map((value) => JSON.stringify(value)).join(',\n');
      const lead = first ? '\n' : ',\n';
      first = false;
      return sink(lead + chunk);
    },
    close: (last = false) => sink(`${first ? '' : '\n'}]${last ? '}\n' : ',\n'}`),
  };
}
