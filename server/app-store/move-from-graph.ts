/**
 * The first start after upgrading to the app store (issue 13): the app data that earlier versions
 * kept in the graph (`SavedQuery`, `Workspace`, `_User`, `_Session` and `_ApiToken` nodes) is
 * copied into the app store, every property kept, in one app-store transaction, and then deleted
 * from the graph. `_AuditEvent` nodes are appended to the audit hash chain, oldest (by id) first,
 * with new seqs and hashes and no details (they had none), and then deleted from the graph likewise.
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
import type { AppDatabase, NewSavedQuery, NewWorkspace } from './tables.js';

/** Reading every old node is one bounded scan, but may be large on a busy graph. */
const GRAPH_TIMEOUT_MS = 120_000;
/** Rows per INSERT: well under SQLite's and PostgreSQL's limits on bound values. */
const BATCH = 200;

export interface MovedAppData {
  savedQueries: number;
  workspaces: number;
  users: number;
  sessions: number;
  apiTokens: number;
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

/** A number property (Neo4j integers come back as objects): NaN when absent, so it never passes a check. */
function number(properties: Record<string, unknown>, key: string): number {
  const value = properties[key];
  if (typeof value === 'number') return value;
  if (value && typeof (value as { toNumber?: unknown }).toNumber === 'function') {
    return (value as { toNumber(): number }).toNumber();
  }
  return Number.NaN;
}

function userRow(p: Record<string, unknown>) {
  const createdAt = text(p, 'createdAt');
  return {
    username: text(p, 'username'),
    role: text(p, 'role'),
    password_hash: text(p, 'passwordHash'),
    disabled: p.disabled === true ? 1 : 0,
    created_at: createdAt,
    updated_at: text(p, 'updatedAt', createdAt),
    password_changed_at: text(p, 'passwordChangedAt', createdAt),
  };
}

function sessionRow(p: Record<string, unknown>) {
  // A session with a damaged time is kept as expired (0), never as one that lives for ever.
  const time = (key: string) => (Number.isFinite(number(p, key)) ? number(p, key) : 0);
  return {
    id_hash: text(p, 'idHash'),
    username: text(p, 'username'),
    created_at: time('createdAt'),
    last_seen_at: time('lastSeenAt'),
    expires_at: time('expiresAt'),
  };
}

function apiTokenRow(p: Record<string, unknown>) {
  return {
    id: text(p, 'id'),
    token_hash: text(p, 'tokenHash'),
    username: text(p, 'username'),
    name: text(p, 'name'),
    created_at: text(p, 'createdAt'),
    expires_at: p.expiresAt === null || p.expiresAt === undefined ? null : text(p, 'expiresAt'),
  };
}

/** One kind of old node: the statement that reads them, the property that is its key, its row. */
interface Kind {
  key: keyof Omit<MovedAppData, 'skipped' | 'removedFromGraph'>;
  statement: string;
  idProperty: string;
  table: keyof AppDatabase;
  row: (properties: Record<string, unknown>) => Record<string, unknown>;
}

const KINDS: Kind[] = [
  {
    key: 'savedQueries',
    statement: 'app-store-upgrade/saved-query-nodes',
    idProperty: 'id',
    table: 'saved_queries',
    row: savedQueryRow,
  },
  {
    key: 'workspaces',
    statement: 'app-store-upgrade/workspace-nodes',
    idProperty: 'id',
    table: 'workspaces',
    row: workspaceRow,
  },
  {
    key: 'users',
    statement: 'app-store-upgrade/user-nodes',
    idProperty: 'username',
    table: 'users',
    row: userRow,
  },
  {
    key: 'sessions',
    statement: 'app-store-upgrade/session-nodes',
    idProperty: 'idHash',
    table: 'sessions',
    row: sessionRow,
  },
  {
    key: 'apiTokens',
    statement: 'app-store-upgrade/token-nodes',
    idProperty: 'id',
    table: 'api_tokens',
    row: apiTokenRow,
  },
];

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

export interface MoveOptions {
  /**
   * False on a graph casegraph may only read (NEO4J_ACCESS=read): the nodes are copied and no
   * deletion is even attempted. Default true.
   */
  deleteFromGraph?: boolean;
}

/**
 * Moves the old app-data nodes from the graph into the app store (see the header). Throws when
 * the graph cannot be read or the store cannot be written (nothing is deleted then); a failed
 * deletion is only a warning.
 */
export async function moveAppDataFromGraph(
  store: AppStore,
  target: GraphTarget,
  logger: Logger,
  options: MoveOptions = {},
): Promise<MovedAppData> {
  const moved: MovedAppData = {
    savedQueries: 0,
    workspaces: 0,
    users: 0,
    sessions: 0,
    apiTokens: 0,
    auditEvents: 0,
    skipped: 0,
    removedFromGraph: true,
  };
  const found: { kind: Kind; nodes: OldNode[] }[] = [];
  for (const kind of KINDS) {
    const nodes = await readOldNodes(target, kind.statement);
    const movable = nodes.filter((node) => text(node.properties, kind.idProperty) !== '');
    moved.skipped += nodes.length - movable.length;
    moved[kind.key] = movable.length;
    found.push({ kind, nodes: movable });
  }
  const oldAudit = await readOldNodes(target, 'app-store-upgrade/audit-event-nodes');
  const audit = oldAudit.filter((node) => text(node.properties, 'id') !== '');
  moved.skipped += oldAudit.length - audit.length;
  moved.auditEvents = audit.length;
  if (moved.skipped > 0)
    logger.warn({ skipped: moved.skipped }, 'app-data nodes without an id stay in the graph');
  const elementIds = [...found.flatMap(({ nodes }) => nodes), ...audit].map((node) => node.elementId);
  if (elementIds.length === 0) return moved;

  await store.db.transaction().execute(async (trx) => {
    for (const { kind, nodes } of found) {
      for (const batch of batches(nodes)) {
        // A record already in the store (same key, or the same token hash) is never overwritten.
        await trx
          .insertInto(kind.table)
          .values(batch.map((node) => kind.row(node.properties)) as never)
          .onConflict((conflict) => conflict.doNothing())
          .execute();
      }
    }
  });
  // One locked append (the chain's own transaction); events copied by an earlier start are skipped.
  await appendAuditEvents(
    store,
    audit.map((node) => auditEvent(node.properties)),
    { skipStoredIds: true },
  );

  if (options.deleteFromGraph === false) {
    moved.removedFromGraph = false;
    logger.info(
      moved,
      'copied app data from the graph to the app store; the nodes stay in the graph, which casegraph may only read',
    );
    return moved;
  }
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
      'app data was copied to the app store but could not be deleted from the graph (is it read-only?); it stays there until a later start can delete it',
    );
  }
  logger.info(moved, 'moved app data from the graph to the app store');
  return moved;
}
