/**
 * The first start after upgrading to the app store (issue 13): saved queries and workspaces that
 * earlier versions kept in the graph as `SavedQuery` and `Workspace` nodes are copied into the app
 * store, every property kept, in one app-store transaction, and then deleted from the graph.
 * `_AuditEvent` nodes are appended to the audit hash chain, oldest (by id) first, with new seqs
 * and hashes and no details (they had none), and then deleted from the graph likewise.
 *
 * Idempotent: a record already in the store (same id) is left as it is, so a start that copied
 * but could not delete (a graph casegraph may only read: the write fails) copies nothing twice and
 * never overwrites a later change; those nodes stay, with a warning, until a start may delete them.
 */
import neo4j from 'neo4j-driver';
import { appendAuditEvents } from '../audit/audit-store.js';
import type { UnchainedAuditEvent } from '../audit/audit-chain.js';
import { cypher } from '../cypher-files.js';
import { readTransaction, writeTransaction, type GraphTarget } from '../db/graph-target.js';
import type { Logger } from '../logger.js';
import type { AppStore } from './app-store.js';
import type { NewSavedQuery, NewWorkspace } from './tables.js';

/** Reading every old node is one bounded scan, but may be large on a busy graph. */
const GRAPH_TIMEOUT_MS = 120_000;
/** Rows per INSERT: well under SQLite's and PostgreSQL's limits on bound values. */
const BATCH = 200;

export interface MovedAppData {
  savedQueries: number;
  workspaces: number;
  /** Audit events found in the graph (those already in the store are not appended again). */
  auditEvents: number;
  /** Nodes without an id (no record can be made of them): left in the graph. */
  skipped: number;
  /** False when the graph refused the deletion (read-only): the nodes are still there. */
  removedFromGraph: boolean;
}

interface OldNode {
  elementId: string;
  properties: Record<string, unknown>;
}

/** A property as text: strings as they are, other values (temporal, numbers) as Neo4j prints them. */
function text(properties: Record<string, unknown>, key: string, fallback = ''): string {
  const value = properties[key];
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') return value;
  return (value as { toString(): string }).toString();
}

/** JSON text for a JSON column: the stored text when it is JSON, else that text as a JSON string. */
function jsonText(properties: Record<string, unknown>, key: string, fallback: string): string {
  const raw = text(properties, key, fallback);
  try {
    JSON.parse(raw);
    return raw;
  } catch {
    // Kept, not lost: readers treat a non-JSON value as they always did (no parameters).
    return JSON.stringify(raw);
  }
}

function visibility(properties: Record<string, unknown>): 'private' | 'shared' {
  return properties.visibility === 'shared' ? 'shared' : 'private';
}

function nullableText(properties: Record<string, unknown>, key: string): string | null {
  const value = properties[key];
  return value === null || value === undefined ? null : text(properties, key);
}

function auditEvent(p: Record<string, unknown>): UnchainedAuditEvent {
  const status = p.status;
  return {
    id: text(p, 'id'),
    at: text(p, 'at'),
    username: nullableText(p, 'username'),
    action: text(p, 'action'),
    target: nullableText(p, 'target'),
    status: neo4j.isInt(status) ? status.toNumber() : typeof status === 'number' ? status : 0,
    ip: nullableText(p, 'ip'),
    details: null,
  };
}

function savedQueryRow(p: Record<string, unknown>): NewSavedQuery {
  return {
    id: text(p, 'id'),
    owner: text(p, 'owner'),
    visibility: visibility(p),
    title: text(p, 'title'),
    description: text(p, 'description'),
    cypher: text(p, 'cypher'),
    parameters: jsonText(p, 'parametersJson', '[]'),
    created_at: text(p, 'createdAt'),
    updated_at: text(p, 'updatedAt'),
  };
}

function workspaceRow(p: Record<string, unknown>): NewWorkspace {
  return {
    id: text(p, 'id'),
    owner: text(p, 'owner'),
    visibility: visibility(p),
    name: text(p, 'name'),
    state: jsonText(p, 'stateJson', '{}'),
    created_at: text(p, 'createdAt'),
    updated_at: text(p, 'updatedAt'),
  };
}

async function readOldNodes(target: GraphTarget, statement: string): Promise<OldNode[]> {
  return readTransaction(
    target,
    async (tx) => {
      const result = await tx.run(cypher(statement));
      return result.records.map((record) => ({
        elementId: record.get('elementId') as string,
        properties: record.get('properties') as Record<string, unknown>,
      }));
    },
    GRAPH_TIMEOUT_MS,
  );
}

function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

/**
 * Moves `SavedQuery` and `Workspace` nodes from the graph into the app store (see the header).
 * Throws when the graph cannot be read or the store cannot be written (nothing is deleted then);
 * a failed deletion is only a warning.
 */
export async function moveAppDataFromGraph(
  store: AppStore,
  target: GraphTarget,
  logger: Logger,
): Promise<MovedAppData> {
  const queries = await readOldNodes(target, 'app-store-upgrade/saved-query-nodes');
  const workspaces = await readOldNodes(target, 'app-store-upgrade/workspace-nodes');
  const audit = await readOldNodes(target, 'app-store-upgrade/audit-event-nodes');
  const withId = (node: OldNode) => text(node.properties, 'id') !== '';
  const movable = {
    queries: queries.filter(withId),
    workspaces: workspaces.filter(withId),
    audit: audit.filter(withId),
  };
  const skipped =
    queries.length +
    workspaces.length +
    audit.length -
    movable.queries.length -
    movable.workspaces.length -
    movable.audit.length;
  const moved: MovedAppData = {
    savedQueries: movable.queries.length,
    workspaces: movable.workspaces.length,
    auditEvents: movable.audit.length,
    skipped,
    removedFromGraph: true,
  };
  if (skipped > 0) logger.warn({ skipped }, 'app-data nodes without an id stay in the graph');
  if (moved.savedQueries + moved.workspaces + moved.auditEvents === 0) return moved;

  await store.db.transaction().execute(async (trx) => {
    for (const batch of batches(movable.queries)) {
      await trx
        .insertInto('saved_queries')
        .values(batch.map((node) => savedQueryRow(node.properties)))
        .onConflict((conflict) => conflict.column('id').doNothing())
        .execute();
    }
    for (const batch of batches(movable.workspaces)) {
      await trx
        .insertInto('workspaces')
        .values(batch.map((node) => workspaceRow(node.properties)))
        .onConflict((conflict) => conflict.column('id').doNothing())
        .execute();
    }
  });
  // One locked append (the chain's own transaction); events copied by an earlier start are skipped.
  await appendAuditEvents(
    store,
    movable.audit.map((node) => auditEvent(node.properties)),
    { skipStoredIds: true },
  );

  const elementIds = [...movable.queries, ...movable.workspaces, ...movable.audit].map(
    (node) => node.elementId,
  );
  try {
    await writeTransaction(
      target,
      async (tx) => {
        await tx.run(cypher('app-store-upgrade/delete-nodes'), { elementIds });
      },
      GRAPH_TIMEOUT_MS,
    );
  } catch (error) {
    moved.removedFromGraph = false;
    logger.warn(
      { err: error, nodes: elementIds.length },
      'saved queries, workspaces and audit events were copied to the app store but could not be deleted from the graph (is it read-only?); they stay there until a later start can delete them',
    );
  }
  logger.info(moved, 'moved saved queries, workspaces and audit events from the graph to the app store');
  return moved;
}
