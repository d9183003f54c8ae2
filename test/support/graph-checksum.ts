/**
 * A fingerprint of the whole graph (every node's labels and properties, every
 * relationship's type, ends and properties), to prove that a refused request
 * wrote nothing. Fine for test-sized graphs.
 *
 * The graph-version counter (`_GraphState`) is left out: an import that was refused part-way or
 * rolled back bumps it on purpose (whatever was derived from the graph meanwhile is suspect),
 * while the case data it guards is exactly as before.
 */
import { createHash } from 'node:crypto';
import type { Driver } from 'neo4j-driver';

/**
 * `ignoreProperties` leaves out node and relationship properties by key: for `summaryUpdatedAt`,
 * the time the import computed a dense node's neighbourhood summary, which re-importing the same
 * case changes on purpose (the summary itself, `summaryJson`, is still compared).
 *
 * `caseDataOnly` also leaves out the import staging records (`_ImportRun`, `_ImportBatch`,
 * `_ImportUndo`): an import kept for undo holds them until the next import, which releases them
 * and keeps its own even when it changed no case data.
 */
export async function graphChecksum(
  driver: Driver,
  database = 'neo4j',
  options: { caseDataOnly?: boolean; ignoreProperties?: readonly string[] } = {},
): Promise<string> {
  const staging = options.caseDataOnly ? ' AND NOT (n:_ImportRun OR n:_ImportBatch OR n:_ImportUndo)' : '';
  const nodes = await driver.executeQuery(
    `MATCH (n) WHERE NOT n:_GraphState${staging} RETURN collect([labels(n), properties(n)]) AS rows`,
    {},
    { database },
  );
  const rels = await driver.executeQuery(
    `MATCH (a)-[r]->(b)
     RETURN collect([type(r), coalesce(a.id, elementId(a)), coalesce(b.id, elementId(b)), properties(r)]) AS rows`,
    {},
    { database },
  );
  const ignored = new Set(options.ignoreProperties ?? []);
  const withoutIgnored = (row: unknown[], at: number) => {
    if (ignored.size === 0) return row;
    const props = Object.entries(row[at] as Record<string, unknown>).filter(([key]) => !ignored.has(key));
    return row.map((cell, i) => (i === at ? Object.fromEntries(props) : cell));
  };
  const canonical = (rows: unknown[][], propsAt: number) =>
    rows
      .map((row) => withoutIgnored(row, propsAt))
      .map((row) => JSON.stringify(row, (_k, v: unknown) => sortKeys(v)))
      .sort()
      .join('\n');
  return createHash('sha256')
    .update(canonical(nodes.records[0]?.get('rows') as unknown[][], 1))
    .update('\u0000')
    .update(canonical(rels.records[0]?.get('rows') as unknown[][], 3))
    .digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if ('low' in value && 'high' in value) return String(value);
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
  }
  return value;
}
