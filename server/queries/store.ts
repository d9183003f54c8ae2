/**
 * Users' saved queries, kept in Neo4j as `(:SavedQuery {id, title, description, cypher,
 * parametersJson, owner, visibility, createdAt, updatedAt})`. Parameter specs are stored as JSON
 * text because Neo4j properties cannot hold maps; they are re-validated when read back.
 */
import { randomUUID } from 'node:crypto';
import neo4j, { type Node } from 'neo4j-driver';
import type { QueryParameterSpec, SavedQuery } from '../contract.js';
import { cypher } from '../cypher-files.js';
import { readTransaction, writeTransaction } from '../db/graph-target.js';
import type { ExplorerContext } from '../graph/context.js';
import { parameterSpecsSchema } from './parameters.js';

export const USER_QUERY_ID_PREFIX = 'uq:';
/** Most queries one list returns; a user with more has a different problem. */
const MAX_LISTED = 1_000;

export interface SavedQueryFields {
  title: string;
  description: string;
  cypher: string;
  parameters: QueryParameterSpec[];
  visibility: 'private' | 'shared';
}

function fromNode(node: Node): SavedQuery {
  const p = node.properties as Record<string, unknown>;
  const text = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : '');
  let parameters: QueryParameterSpec[] = [];
  try {
    const parsed = parameterSpecsSchema.safeParse(JSON.parse(text('parametersJson') || '[]'));
    if (parsed.success) parameters = parsed.data as QueryParameterSpec[];
  } catch {
    // A hand-edited node with broken JSON: the query still lists, without parameters.
  }
  return {
    id: text('id'),
    title: text('title'),
    description: text('description'),
    cypher: text('cypher'),
    parameters,
    origin: 'user',
    owner: text('owner'),
    visibility: p.visibility === 'shared' ? 'shared' : 'private',
    createdAt: text('createdAt'),
    updatedAt: text('updatedAt'),
  };
}

/** Stores a new query owned by `owner`, with a fresh `uq:` id and timestamps. */
export async function createSavedQuery(
  context: ExplorerContext,
  owner: string,
  fields: SavedQueryFields,
): Promise<SavedQuery> {
  const now = new Date().toISOString();
  const query = {
    id: USER_QUERY_ID_PREFIX + randomUUID(),
    title: fields.title,
    description: fields.description,
    cypher: fields.cypher,
    parametersJson: JSON.stringify(fields.parameters),
    owner,
    visibility: fields.visibility,
    createdAt: now,
    updatedAt: now,
  };
  return writeTransaction(context, async (tx) => {
    const result = await tx.run(cypher('saved-queries/create'), { query });
    return fromNode(result.records[0]!.get('q') as Node);
  });
}

/** One stored query by id, whoever owns it (visibility is the caller's to check). */
export async function getSavedQuery(context: ExplorerContext, id: string): Promise<SavedQuery | undefined> {
  return readTransaction(context, async (tx) => {
    const result = await tx.run(cypher('saved-queries/by-id'), { id });
    const record = result.records[0];
    return record ? fromNode(record.get('q') as Node) : undefined;
  });
}

/** The stored queries `owner` may see: their own and the shared ones. */
export async function listSavedQueries(context: ExplorerContext, owner: string): Promise<SavedQuery[]> {
  return readTransaction(context, async (tx) => {
    const result = await tx.run(cypher('saved-queries/visible'), { owner, limit: neo4j.int(MAX_LISTED) });
    return result.records.map((record) => fromNode(record.get('q') as Node));
  });
}

/** Replaces a stored query's fields (not its owner or creation time); undefined when gone. */
export async function updateSavedQuery(
  context: ExplorerContext,
  id: string,
  fields: SavedQueryFields,
): Promise<SavedQuery | undefined> {
  const changes = {
    title: fields.title,
    description: fields.description,
    cypher: fields.cypher,
    parametersJson: JSON.stringify(fields.parameters),
    visibility: fields.visibility,
    updatedAt: new Date().toISOString(),
  };
  return writeTransaction(context, async (tx) => {
    const result = await tx.run(cypher('saved-queries/update'), { id, changes });
    const record = result.records[0];
    return record ? fromNode(record.get('q') as Node) : undefined;
  });
}

/** Deletes a stored query; deleting one that is gone is not an error. */
export async function deleteSavedQuery(context: ExplorerContext, id: string): Promise<void> {
  await writeTransaction(context, async (tx) => {
    await tx.run(cypher('saved-queries/delete'), { id });
  });
}
