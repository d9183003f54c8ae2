/**
 * Entities and facts by stable key: `GET /api/entities/:id`, `GET /api/facts/:id` and the
 * subgraph of a saved canvas. Every lookup is an index or element-id seek; nothing here walks a
 * node's relationships except through `neighbourhood.ts`, whose cost is bounded.
 */
import neo4j, { type ManagedTransaction, type Node, type Relationship } from 'neo4j-driver';
import type { EntityDetail, FactDetail, GraphPayload, SourceRef } from '../contract.js';
import { cypher } from '../cypher-files.js';
import { NotFoundError } from '../errors.js';
import { parseKey } from '../mapping/keys.js';
import { toJson } from '../mapping/values.js';
import { readTransaction } from '../db/graph-target.js';
import { caseDataStatement, caseStatement } from '../model/model.js';
import type { ExplorerContext } from './context.js';
import { degreeCells, neighbourhoodSummary } from './neighbourhood.js';

export interface ResolvedNode {
  node: Node;
  elementId: string;
  degree: number;
}

function asNumber(value: unknown): number {
  const json = toJson(value);
  return typeof json === 'number' ? json : Number(json);
}

/** Finds a node by key (`id` or `eid:<elementId>`); undefined when there is none. */
export async function resolveNode(
  tx: Pick<ManagedTransaction, 'run'>,
  key: string,
): Promise<ResolvedNode | undefined> {
  const parsed = parseKey(key);
  const result =
    parsed.by === 'id'
      ? await tx.run(caseDataStatement('graph/node-by-id', 'n'), { id: parsed.id })
      : await tx.run(caseDataStatement('graph/node-by-element-id', 'n'), { elementId: parsed.elementId });
  const record = result.records[0];
  if (!record) return undefined;
  return {
    node: record.get('n') as Node,
    elementId: record.get('elementId') as string,
    degree: asNumber(record.get('degree')),
  };
}

/** Like `resolveNode`, but a missing node is a 404 naming what was asked for. */
export async function requireNode(
  tx: ManagedTransaction,
  key: string,
  what = 'entity',
): Promise<ResolvedNode> {
  const resolved = await resolveNode(tx, key);
  if (!resolved) throw new NotFoundError(`No ${what} with key ${JSON.stringify(key)}`);
  return resolved;
}

/** The string ids in a `sources` property, whatever else a foreign graph keeps there. */
export function sourceIds(properties: Record<string, unknown>): string[] {
  const sources = properties.sources;
  if (!Array.isArray(sources)) return [];
  return [...new Set(sources.filter((s): s is string => typeof s === 'string' && s.length > 0))];
}

/**
 * Source documents for citation ids, in citation order. An id with no Source node still appears
 * (title = the id) so a dangling citation is visible rather than silently dropped.
 */
export async function resolveSources(tx: ManagedTransaction, ids: readonly string[]): Promise<SourceRef[]> {
  if (ids.length === 0) return [];
  const result = await tx.run(cypher('graph/sources-by-ids'), { ids });
  const byId = new Map<string, SourceRef>();
  for (const record of result.records) {
    const properties = (record.get('s') as Node).properties as Record<string, unknown>;
    const text = (key: string) => {
      const value = toJson(properties[key]);
      return typeof value === 'string' && value.length > 0 ? value : undefined;
    };
    const id = text('id');
    if (!id) continue;
    const ref: SourceRef = { id, title: text('title') ?? text('name') ?? id };
    for (const key of ['publisher', 'date', 'reference', 'kind', 'notes'] as const) {
      const value = text(key);
      if (value !== undefined) ref[key] = value;
    }
    byId.set(id, ref);
  }
  return ids.map((id) => byId.get(id) ?? { id, title: id });
}

/** `GET /api/entities/:id`. */
export async function entityDetail(context: ExplorerContext, key: string): Promise<EntityDetail> {
  const relTypes = await context.names.relationshipTypesInUse();
  return readTransaction(context, async (tx) => {
    const { node, elementId, degree } = await requireNode(tx, key);
    const { cells } = await degreeCells(tx, elementId, relTypes);
    const summary = await neighbourhoodSummary(tx, context.mapper, node, cells);
    const sources = await resolveSources(tx, sourceIds(node.properties as Record<string, unknown>));
    return { node: context.mapper.node(node, degree), sources, degree, summary };
  });
}

/** `GET /api/facts/:id`: the edge, both ends, its sources and who says so. */
export async function factDetail(context: ExplorerContext, key: string): Promise<FactDetail> {
  return readTransaction(context, async (tx) => {
    const parsed = parseKey(key);
    let records;
    if (parsed.by === 'elementId') {
      records = (
        await tx.run(caseStatement('graph/fact-by-element-id', ['a', 'b'], ['r']), {
          elementId: parsed.elementId,
        })
      ).records;
    } else {
      const statement = context.factByIdStatement;
      records = statement ? (await tx.run(statement, { id: parsed.id })).records : [];
    }
    const record = records[0];
    if (!record) throw new NotFoundError(`No fact with key ${JSON.stringify(key)}`);
    const from = context.mapper.node(record.get('a') as Node, asNumber(record.get('fromDegree')));
    const to = context.mapper.node(record.get('b') as Node, asNumber(record.get('toDegree')));
    const relationship = record.get('r') as Relationship;
    const edge = context.mapper.edge(relationship, from.id, to.id);
    const properties = relationship.properties as Record<string, unknown>;
    const detail: FactDetail = {
      edge,
      from,
      to,
      sources: await resolveSources(tx, sourceIds(properties)),
    };
    const attribution = toJson(properties.attribution);
    if (typeof attribution === 'string' && attribution.length > 0) detail.attribution = attribution;
    return detail;
  });
}

/** Most nodes a subgraph request may name; the pairwise edge check grows with its square. */
export const MAX_SUBGRAPH_KEYS = 300;
const MAX_SUBGRAPH_EDGES = 5_000;

/** `POST /api/graph/subgraph {ids}`: the given entities and every fact among them. */
export async function subgraph(context: ExplorerContext, keys: readonly string[]): Promise<GraphPayload> {
  const ids: string[] = [];
  const elementIds: string[] = [];
  for (const key of keys) {
    const parsed = parseKey(key);
    if (parsed.by === 'id') ids.push(parsed.id);
    else elementIds.push(parsed.elementId);
  }
  return readTransaction(context, async (tx) => {
    const nodesResult = await tx.run(caseDataStatement('graph/subgraph-nodes', 'n'), { ids, elementIds });
    const nodeKeys = new Map<string, string>();
    const nodes = nodesResult.records.map((record) => {
      const node = record.get('n') as Node;
      const mapped = context.mapper.node(node, asNumber(record.get('degree')));
      nodeKeys.set(node.elementId, mapped.id);
      return mapped;
    });
    if (nodes.length < 2) return { nodes, edges: [] };
    const edgesResult = await tx.run(caseStatement('graph/subgraph-edges', [], ['r']), {
      elementIds: [...nodeKeys.keys()],
      limit: neo4j.int(MAX_SUBGRAPH_EDGES),
    });
    const edges = edgesResult.records.map((record) => {
      const relationship = record.get('r') as Relationship;
      return context.mapper.edge(
        relationship,
        nodeKeys.get(relationship.startNodeElementId)!,
        nodeKeys.get(relationship.endNodeElementId)!,
      );
    });
    return { nodes, edges };
  });
}
