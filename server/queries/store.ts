/**
 * Users' saved queries, kept in the app store's `saved_queries` table (server/app-store/), apart
 * from the case graph. Parameter specs are stored as JSON and re-validated when read back.
 */
import { randomUUID } from 'node:crypto';
import type { AppStore } from '../app-store/app-store.js';
import { readJson, type SavedQueryRow } from '../app-store/tables.js';
import type { QueryParameterSpec, SavedQuery } from '../contract.js';
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

function fromRow(row: SavedQueryRow): SavedQuery {
  let parameters: QueryParameterSpec[] = [];
  try {
    const parsed = parameterSpecsSchema.safeParse(readJson(row.parameters));
    if (parsed.success) parameters = parsed.data as QueryParameterSpec[];
  } catch {
    // Broken JSON (carried over from a hand-edited graph node): the query still lists, without parameters.
  }
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    cypher: row.cypher,
    parameters,
    origin: 'user',
    owner: row.owner,
    visibility: row.visibility === 'shared' ? 'shared' : 'private',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Stores a new query owned by `owner`, with a fresh `uq:` id and timestamps. */
export async function createSavedQuery(
  store: AppStore,
  owner: string,
  fields: SavedQueryFields,
): Promise<SavedQuery> {
  const now = new Date().toISOString();
  const row = await store.db
    .insertInto('saved_queries')
    .values({
      id: USER_QUERY_ID_PREFIX + randomUUID(),
      owner,
      visibility: fields.visibility,
      title: fields.title,
      description: fields.description,
      cypher: fields.cypher,
      parameters: JSON.stringify(fields.parameters),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return fromRow(row);
}

/** One stored query by id, whoever owns it (visibility is the caller's to check). */
export async function getSavedQuery(store: AppStore, id: string): Promise<SavedQuery | undefined> {
  const row = await store.db.selectFrom('saved_queries').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

/** The stored queries `owner` may see: their own and the shared ones, by title. */
export async function listSavedQueries(store: AppStore, owner: string): Promise<SavedQuery[]> {
  const rows = await store.db
    .selectFrom('saved_queries')
    .selectAll()
    .where((eb) => eb.or([eb('owner', '=', owner), eb('visibility', '=', 'shared')]))
    .orderBy('title')
    .orderBy('id')
    .limit(MAX_LISTED)
    .execute();
  return rows.map(fromRow);
}

/** Replaces a stored query's fields (not its owner or creation time); undefined when gone. */
export async function updateSavedQuery(
  store: AppStore,
  id: string,
  fields: SavedQueryFields,
): Promise<SavedQuery | undefined> {
  const row = await store.db
    .updateTable('saved_queries')
    .set({
      title: fields.title,
      description: fields.description,
      cypher: fields.cypher,
      parameters: JSON.stringify(fields.parameters),
      visibility: fields.visibility,
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

/** Deletes a stored query; deleting one that is gone is not an error. */
export async function deleteSavedQuery(store: AppStore, id: string): Promise<void> {
  await store.db.deleteFrom('saved_queries').where('id', '=', id).execute();
}
