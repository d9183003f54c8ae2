/**
 * Saved canvases, kept in Neo4j apart from case data as
 * `(:Workspace {id, name, owner, visibility, stateJson, createdAt, updatedAt})`.
 * The state names entities by stable key, so a workspace survives a re-seed.
 * State is JSON text because Neo4j properties cannot hold maps.
 */
import { createHash, randomUUID } from 'node:crypto';
import neo4j, { type Node } from 'neo4j-driver';
import { z } from 'zod';
import { FACT_STATUSES, type Workspace, type WorkspaceState, type WorkspaceSummary } from '../contract.js';
import { cypher } from '../cypher-files.js';
import { readTransaction, writeTransaction } from '../db/graph-target.js';
import type { ExplorerContext } from '../graph/context.js';

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
  visibility: z.enum(['private', 'shared']).default('private'),
});
export type WorkspaceFields = z.output<typeof workspaceInputSchema>;

function fromNode(node: Node, withState: true): Workspace & { visibility: 'private' | 'shared' };
function fromNode(node: Node, withState: false): WorkspaceSummary & { visibility: 'private' | 'shared' };
function fromNode(node: Node, withState: boolean) {
  const p = node.properties as Record<string, string>;
  const summary = {
    id: p.id!,
    name: p.name!,
    owner: p.owner!,
    visibility: p.visibility === 'shared' ? ('shared' as const) : ('private' as const),
    updatedAt: p.updatedAt!,
  };
  if (!withState) return summary;
  return { ...summary, state: JSON.parse(p.stateJson ?? '{}') as WorkspaceState };
}

export async function listWorkspaces(context: ExplorerContext, owner: string) {
  return readTransaction(context, async (tx) => {
    const result = await tx.run(cypher('workspaces/visible'), { owner, limit: neo4j.int(MAX_LISTED) });
    return result.records.map((r) => fromNode(r.get('w') as Node, false));
  });
}

export async function getWorkspace(context: ExplorerContext, owner: string, id: string) {
  return readTransaction(context, async (tx) => {
    const result = await tx.run(cypher('workspaces/by-id'), { id, owner });
    const node = result.records[0]?.get('w') as Node | undefined;
    return node ? fromNode(node, true) : undefined;
  });
}

/**
 * Creates a workspace. With an idempotency key the id is derived from (owner, key), so a client
 * that retries after a lost answer gets the first copy back instead of a second one.
 */
export async function createWorkspace(
  context: ExplorerContext,
  owner: string,
  fields: WorkspaceFields,
  idempotencyKey?: string,
) {
  const id = idempotencyKey
    ? `ws:${createHash('sha256').update(`${owner}\u0000${idempotencyKey}`).digest('hex').slice(0, 32)}`
    : `ws:${randomUUID()}`;
  const workspace = {
    id,
    name: fields.name,
    owner,
    visibility: fields.visibility,
    stateJson: JSON.stringify(fields.state),
  };
  return writeTransaction(context, async (tx) => {
    const result = await tx.run(cypher('workspaces/create'), { workspace, now: new Date().toISOString() });
    return fromNode(result.records[0]!.get('w') as Node, true);
  });
}

export async function updateWorkspace(
  context: ExplorerContext,
  owner: string,
  id: string,
  fields: WorkspaceFields,
) {
  return writeTransaction(context, async (tx) => {
    const result = await tx.run(cypher('workspaces/update'), {
      id,
      owner,
      name: fields.name,
      stateJson: JSON.stringify(fields.state),
      visibility: fields.visibility,
      now: new Date().toISOString(),
    });
    const node = result.records[0]?.get('w') as Node | undefined;
    return node ? fromNode(node, true) : undefined;
  });
}

export async function deleteWorkspace(context: ExplorerContext, owner: string, id: string): Promise<boolean> {
  return writeTransaction(context, async (tx) => {
    const result = await tx.run(cypher('workspaces/delete'), { id, owner });
    return Number(result.records[0]?.get('deleted') ?? 0) > 0;
  });
}
