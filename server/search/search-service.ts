/**
 * `GET /api/search`: ranked, alias-aware, typo-tolerant entity search on the full-text index
 * `entity_search` (names and alias text). On a graph without that index it falls back to a
 * bounded substring scan, so the explorer still finds things on graphs it has never seen.
 */
import neo4j, { Neo4jError, type Node } from 'neo4j-driver';
import type { SearchHit, SearchResponse } from '../contract.js';
import { readTransaction } from '../db/graph-target.js';
import type { ExplorerContext } from '../graph/context.js';
import { caseDataStatement, FULLTEXT_INDEX_NAME } from '../model/model.js';
import { toJson } from '../mapping/values.js';
import { buildLuceneQuery, searchTerms } from './lucene.js';

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;

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
  const params = { types: request.types, limit: neo4j.int(request.limit) };

  let records;
  try {
    records = await readTransaction(context, async (tx) => {
      const result = await tx.run(caseDataStatement('search/fulltext', 'node'), {
        ...params,
        index: FULLTEXT_INDEX_NAME,
        query: lucene,
      });
      return result.records;
    });
  } catch (error) {
    if (!(error instanceof Neo4jError && error.code === INDEX_UNUSABLE)) throw error;
    records = await readTransaction(context, async (tx) => {
      const result = await tx.run(caseDataStatement('search/fallback', 'node'), {
        ...params,
        text: searchTerms(request.q).join(' '),
      });
      return result.records;
    });
  }

  const hits: SearchHit[] = records.map((record) => {
    const node = record.get('node') as Node;
    const score = toJson(record.get('score'));
    return {
      id: context.mapper.nodeKey(node),
      type: context.mapper.nodeType(node.labels),
      label: context.mapper.displayLabel(node),
      score: typeof score === 'number' ? Math.round(score * 10_000) / 10_000 : 0,
      aliases: context.mapper.aliases(node),
    };
  });
  return { query, hits };
}
