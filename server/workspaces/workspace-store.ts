/**
 * Saved canvases, kept in the app store's `workspaces` table (server/app-store/), apart from the
 * case graph. The state names entities by stable key, so a workspace survives a re-seed.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppStore } from '../app-store/app-store.js';
import { readJson, type WorkspaceRow } from '../app-store/tables.js';
import { FACT_STATUSES, type Workspace, type WorkspaceState, type WorkspaceSummary } from '../contract.js';

const MAX_LISTED = 500;

const nodeState = z.strictObject({
  id: z.string().min(1).max(300),
  x: z.number().finite(),
  y: z.number().finite(),
  pinned: z.boolean().optional(),
  hidden: z.boolean().optional(),
});

export const workspaceStateSchema = z.strictObject({
  nodes: z.array(nodeState).max(20_000),
  edges: z.array(z.string().max(300)).max(100_000).optional(),
  filters: z.strictObject({
    hiddenNodeTypes: z.array(z.string().max(100)).max(500),
    hiddenRelTypes: z.array(z.string().max(100)).max(500),
    statuses: z.array(z.enum(FACT_STATUSES)),
    minConfidence: z.number().min(0).max(1),
    sources: z.array(z.string().max(300)).max(1000),
    asOf: z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be an ISO date')
      .nullable(),
  }),
  layout: z.string().min(1).max(40),
});

export const workspaceInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  state: workspaceStateSchema,
  /**
   * Absent: a new workspace is private, a saved one keeps what it had. A default here made every
   * save that did not name it (the explorer's Save) private again, breaking links shared before.
   */
  visibility: z.enum(['private', 'shared']).optional(),
});
export type WorkspaceFields = z.output<typeof workspaceInputSchema>;

type SummaryRow = Pick<WorkspaceRow, 'id' | 'name' | 'owner' | 'visibility' | 'updated_at'>;

function summaryOf(row: SummaryRow): WorkspaceSummary & { visibility: 'private' | 'shared' } {
  return {
    id: row.id,
    name: row.name,
    owner: row.owner,
    visibility: row.visibility === 'shared' ? 'shared' : 'private',
    updatedAt: row.updated_at,
  };
}

function workspaceOf(row: WorkspaceRow): Workspace & { visibility: 'private' | 'shared' } {
  return { ...summaryOf(row), state: readJson(row.state) as WorkspaceState };
}

/** The workspaces `owner` may open: their own and everyone's shared ones, newest first. */
export async function listWorkspaces(store: AppStore, owner: string) {
  const rows = await store.db
    .selectFrom('workspaces')
    .select(['id', 'name', 'owner', 'visibility', 'updated_at'])
    .where((eb) => eb.or([eb('owner', '=', owner), eb('visibility', '=', 'shared')]))
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(MAX_LISTED)
    .execute();
  return rows.map(summaryOf);
}

/** One workspace, only if `owner` may see it (another user's private one is "not found"). */
export async function getWorkspace(store: AppStore, owner: string, id: string) {
  const row = await store.db
    .selectFrom('workspaces')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('owner', '=', owner), eb('visibility', '=', 'shared')]))
    .executeTakeFirst();
  return row ? workspaceOf(row) : undefined;
}

/**
 * Creates a workspace. With an idempotency key the id is derived from (owner, key), so a client
 * that retries after a lost answer gets the first copy back instead of a second one.
 */
export async function createWorkspace(
  store: AppStore,
  owner: string,
  fields: WorkspaceFields,
  idempotencyKey?: string,
) {
  const id = idempotencyKey
    ? `ws:${createHash('sha256').update(`${owner}\u0000${idempotencyKey}`).digest('hex').slice(0, 32)}`
    : `ws:${randomUUID()}`;
  const now = new Date().toISOString();
  await store.db
    .insertInto('workspaces')
    .values({
      id,
      owner,
      visibility: fields.visibility ?? 'private',
      name: fields.name,
      state: JSON.stringify(fields.state),
      created_at: now,
      updated_at: now,
    })
    // A retried POST finds the first copy and answers with it, unchanged.
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
  const row = await store.db
    .selectFrom('workspaces')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return workspaceOf(row);
}

/**
 * Replaces a workspace's name and state, and its visibility when given; only its owner may.
 * Undefined otherwise.
 */
export async function updateWorkspace(store: AppStore, owner: string, id: string, fields: WorkspaceFields) {
  const row = await store.db
    .updateTable('workspaces')
    .set({
      name: fields.name,
      state: JSON.stringify(fields.state),
      ...(fields.visibility ? { visibility: fields.visibility } : {}),
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', id)
    .where('owner', '=', owner)
    .returningAll()
    .executeTakeFirst();
  return row ? workspaceOf(row) : undefined;
}

/** Deletes one of `owner`'s workspaces; false when there was none. */
export async function deleteWorkspace(store: AppStore, owner: string, id: string): Promise<boolean> {
  const result = await store.db
    .deleteFrom('workspaces')
    .where('id', '=', id)
    .where('owner', '=', owner)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
