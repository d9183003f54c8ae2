/**
 * `GET /api/search`: ranked, alias-aware, typo-tolerant entity search on the full-text index
 * `entity_search` (names and alias text), completed by a bounded scan of the labels the index does
 * not cover (`search-coverage.ts`): labels loaded beside the case by other tools before anyone ran
 * `npm run index`, or every label of a graph without the index (one casegraph may only read).
 *
 * The scan reads at most a fixed number of nodes per label and matches name-like properties
 * (`name-keys.ts`) by substring. When a label holds more nodes than the scan reads, the answer
 * says it may be incomplete and which labels were cut, so nobody takes "no hit" for "not there".
 */
import neo4j, { Neo4jError, type Node, type Record as Neo4jRecord } from 'neo4j-driver';
import type { SearchHit, SearchResponse } from '../contract.js';
import { fillTemplate, quoteName, trustedFragment } from '../cypher-files.js';
import { readTransaction } from '../db/graph-target.js';
import type { ExplorerContext } from '../graph/context.js';
import { caseDataSlots, caseDataStatement, FULLTEXT_INDEX_NAME } from '../model/model.js';
import { toJson } from '../mapping/values.js';
import { buildLuceneQuery, searchTerms } from './lucene.js';
import { isNameLikeKey, NAME_KEY_PATTERN } from '../model/name-keys.js';

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;

/** Nodes the scan reads of one label at most: a label scan this long stays well under a second. */
export const SCAN_NODES_PER_LABEL = 25_000;
/** Nodes the scan reads over all labels at most; many labels share it. */
export const SCAN_NODES_TOTAL = 200_000;
/** A label scan never reads fewer nodes than this, however many labels share the budget. */
const MIN_SCAN_NODES_PER_LABEL = 1_000;

export interface SearchRequest {
  q: string;
  types: string[];
  limit: number;
}

/** The index is missing (or otherwise unusable): the procedure fails with this code. */
const INDEX_UNUSABLE = 'Neo.ClientError.Procedure.ProcedureCallFailed';

/** Ranked hits for a text; `types` must be known labels (400 otherwise). */
export async function search(context: ExplorerContext, request: SearchRequest): Promise<SearchResponse> {
  await context.names.labels(request.types, 'types');
  const query = request.q.trim().slice(0, 200);
  const lucene = buildLuceneQuery(request.q);
  if (lucene === null) return { query, hits: [] };

  let coverage = await context.searchCoverage.coverage();
  let indexHits: SearchHit[] = [];
  if (coverage.index) {
    try {
      indexHits = await indexSearch(context, lucene, request);
    } catch (error) {
      if (!(error instanceof Neo4jError && error.code === INDEX_UNUSABLE)) throw error;
      // Dropped (or being rebuilt) since the coverage was read: scan everything this time.
      context.searchCoverage.forget();
      coverage = await context.searchCoverage.coverage();
    }
  }

  const wanted = (label: string) => request.types.length === 0 || request.types.includes(label);
  const toScan = coverage.unindexed.filter(({ label }) => wanted(label));
  if (toScan.length === 0) return { query, hits: indexHits };

  const perLabel = Math.max(
    MIN_SCAN_NODES_PER_LABEL,
    Math.min(SCAN_NODES_PER_LABEL, Math.floor(SCAN_NODES_TOTAL / toScan.length)),
  );
  const text = searchTerms(request.q).join(' ');
  const scanHits = await scanSearch(
    context,
    toScan.map(({ label }) => label),
    text,
    perLabel,
    request.limit,
  );
  const cut = toScan.filter(({ nodes }) => nodes > perLabel).map(({ label }) => label);
  return {
    query,
    hits: mergeHits(indexHits, scanHits, request.limit),
    scanned: toScan.map(({ label }) => label),
    incomplete: cut.length > 0,
    ...(cut.length > 0 && {
      notice:
        `Search may be incomplete: ${cut.join(', ')} ${cut.length > 1 ? 'are' : 'is'} not in the search index ` +
        `and only the first ${perLabel.toLocaleString('en')} nodes of each were read. ` +
        'An admin can add them to the index (npm run index, or Admin → Search index).',
    }),
  };
}

async function indexSearch(context: ExplorerContext, lucene: string, request: SearchRequest) {
  const records = await readTransaction(context, async (tx) => {
    const result = await tx.run(caseDataStatement('search/fulltext', 'node'), {
      types: request.types,
      limit: neo4j.int(request.limit),
      index: FULLTEXT_INDEX_NAME,
      query: lucene,
    });
    return result.records;
  });
  return records.map((record) => {
    const score = toJson(record.get('score'));
    return toHit(context, record, typeof score === 'number' ? score : 0);
  });
}

async function scanSearch(
  context: ExplorerContext,
  labels: readonly string[],
  text: string,
  perLabel: number,
  limit: number,
): Promise<SearchHit[]> {
  const branches = labels.map((label) =>
    fillTemplate('search/scan-label', { label: quoteName(label), ...caseDataSlots('node') }),
  );
  const statement = fillTemplate('search/scan', { branches: trustedFragment(branches.join('\nUNION\n')) });
  const records = await readTransaction(context, async (tx) => {
    const result = await tx.run(statement, {
      text,
      scanLimit: neo4j.int(perLabel),
      limit: neo4j.int(limit),
      nameKeyPattern: NAME_KEY_PATTERN,
    });
    return result.records;
  });
  return records.map((record) => toHit(context, record, scanScore(record.get('node') as Node, text)));
}

function toHit(context: ExplorerContext, record: Neo4jRecord, score: number): SearchHit {
  const node = record.get('node') as Node;
  return {
    id: context.mapper.nodeKey(node),
    type: context.mapper.nodeType(node.labels),
    label: context.mapper.displayLabel(node),
    score: Math.round(score * 10_000) / 10_000,
    aliases: context.mapper.aliases(node),
  };
}

/**
 * How well a scanned node matches, on a 0–1 scale: 1 when a name-like value is the text or starts
 * with it, 0.75 when a word inside it does, 0.5 for any other substring.
 */
export function scanScore(node: Pick<Node, 'properties'>, text: string): number {
  let best = 0.5;
  for (const [key, raw] of Object.entries(node.properties as Record<string, unknown>)) {
    if (!isNameLikeKey(key)) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value !== 'string') continue;
      const lower = value.toLowerCase();
      if (lower.startsWith(text)) return 1;
      if (new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(text)}`, 'u').test(lower)) best = 0.75;
    }
  }
  return best;
}

/**
 * Index hits and scan hits in one list. Lucene scores have no fixed scale, so when both kinds are
 * present index scores are divided by the best of them (the best index hit scores 1, as an exact
 * scan hit does); ties keep index hits first. A node found both ways is listed once.
 */
export function mergeHits(indexHits: SearchHit[], scanHits: SearchHit[], limit: number): SearchHit[] {
  if (scanHits.length === 0) return indexHits.slice(0, limit);
  const best = Math.max(0, ...indexHits.map((hit) => hit.score));
  const normalised = indexHits.map((hit) => ({
    ...hit,
    score: best > 0 ? Math.round((hit.score / best) * 10_000) / 10_000 : 0,
  }));
  const seen = new Set(normalised.map((hit) => hit.id));
  const merged = [...normalised, ...scanHits.filter((hit) => !seen.has(hit.id))];
  return merged
    .map((hit, order) => ({ hit, order }))
    .sort((a, b) => b.hit.score - a.hit.score || a.order - b.order)
    .slice(0, limit)
    .map(({ hit }) => hit);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
