/**
 * The audit log's writer. `record()` only queues the event and returns: events are written to
 * Neo4j in batches a moment later, so a request never waits for its audit line, and a failed
 * write is logged, never thrown at the user. `flush()` writes what is queued (tests, shutdown);
 * `close()` flushes and stops.
 *
 * Ids sort by time (`<ms since epoch, base36><sequence><random>`), so the log pages newest-first
 * by id alone, and a cursor is just the last id seen.
 */
import { randomBytes } from 'node:crypto';
import { cypher } from '../cypher-files.js';
import type { AuditEvent } from '../auth/auth-contract.js';
import type { GraphTarget } from '../db/graph-target.js';
import type { Logger } from '../logger.js';

export type AuditInput = Omit<AuditEvent, 'id' | 'at'>;

/** Where audit events go; the app takes any (tests use `MemoryAuditLog`). */
export interface AuditSink {
  record(event: AuditInput): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Longest target text kept: enough for a console query, not a whole import. */
export const MAX_TARGET_LENGTH = 2_000;

let sequence = 0;

/** A new event id that sorts after every id this process made before. */
export function auditId(now = Date.now()): string {
  sequence = (sequence + 1) % 36 ** 4;
  return (
    now.toString(36).padStart(9, '0') +
    sequence.toString(36).padStart(4, '0') +
    randomBytes(4).toString('hex')
  );
}

/** Stamps an input with id and time, and trims what could be large. */
export function completeEvent(input: AuditInput, now = Date.now()): AuditEvent {
  return {
    id: auditId(now),
    at: new Date(now).toISOString(),
    username: input.username === null ? null : input.username.slice(0, 200),
    action: input.action.slice(0, 100),
    target: input.target === null ? null : input.target.slice(0, MAX_TARGET_LENGTH),
    status: input.status,
    ip: input.ip,
  };
}

export interface Neo4jAuditLogOptions {
  /** How long an event may wait for its batch. */
  flushDelayMs?: number;
  maxBatch?: number;
  /** Beyond this many waiting events (the database is down), the oldest are dropped and logged. */
  maxQueued?: number;
}

/** The audit sink of the running app: batches events into `_AuditEvent` nodes in the background. */
export class Neo4jAuditLog implements AuditSink {
  private queue: AuditEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly flushDelayMs: number;
  private readonly maxBatch: number;
  private readonly maxQueued: number;

  constructor(
    private readonly target: GraphTarget,
    private readonly logger: Logger,
    options: Neo4jAuditLogOptions = {},
  ) {
    this.flushDelayMs = options.flushDelayMs ?? 250;
    this.maxBatch = options.maxBatch ?? 200;
    this.maxQueued = options.maxQueued ?? 10_000;
  }

  record(input: AuditInput): void {
    if (this.closed) return;
    this.queue.push(completeEvent(input));
    if (this.queue.length > this.maxQueued) {
      const dropped = this.queue.splice(0, this.queue.length - this.maxQueued);
      this.logger.error({ dropped: dropped.length }, 'audit log: too many events waiting; oldest dropped');
    }
    if (this.queue.length >= this.maxBatch) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushDelayMs);
      // A pending audit batch must not keep a finished process (or test run) alive.
      this.timer.unref();
    }
  }

  /** Writes everything queued so far; never rejects. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // Batches are written one after the other, so the log keeps its order.
    this.writing = this.writing.then(() => this.drain());
    return this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await writeAuditEvents(this.target, batch);
      } catch (error) {
        this.logger.error({ err: error, lost: batch.length }, 'audit log: could not write events');
      }
    }
  }
}

/** Writes events now (the command line, which has no request to keep fast). */
export async function writeAuditEvents(target: GraphTarget, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await target.driver.executeQuery(cypher('audit/write'), { events }, { database: target.database });
}

/** Keeps events in memory: for tests that must not write to the graph. */
export class MemoryAuditLog implements AuditSink {
  readonly events: AuditEvent[] = [];
  record(input: AuditInput): void {
    this.events.push(completeEvent(input));
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
