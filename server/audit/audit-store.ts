/**
 * Reading the audit log: newest first, in pages, optionally for one user or one action.
 */
import neo4j, { type Node } from 'neo4j-driver';
import { cypher } from '../cypher-files.js';
import type { AuditEvent, AuditPage } from '../auth/auth-contract.js';
import type { GraphTarget } from '../db/graph-target.js';

export interface AuditQuery {
  limit: number;
  cursor?: string | undefined;
  username?: string | undefined;
  action?: string | undefined;
}

function eventFromNode(node: Node): AuditEvent {
  const p = node.properties as Record<string, unknown>;
  const text = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : null);
  const status = p.status;
  return {
    id: text('id') ?? '',
    at: text('at') ?? '',
    username: text('username'),
    action: text('action') ?? '',
    target: text('target'),
    status: typeof status === 'number' ? status : neo4j.isInt(status) ? status.toNumber() : 0,
    ip: text('ip'),
  };
}

/** One page of the log, newest first; `nextCursor` is null on the oldest page. */
export async function readAuditPage(target: GraphTarget, query: AuditQuery): Promise<AuditPage> {
  const { records } = await target.driver.executeQuery(
    cypher('audit/page'),
    {
      cursor: query.cursor ?? null,
      username: query.username ?? null,
      action: query.action ?? null,
      limit: neo4j.int(query.limit + 1),
    },
    { database: target.database, routing: neo4j.routing.READ },
  );
  const events = records.map((record) => eventFromNode(record.get('e') as Node));
  const more = events.length > query.limit;
  if (more) events.length = query.limit;
  return { events, nextCursor: more ? events[events.length - 1]!.id : null };
}
