/**
 * The audit log's writer. `record()` queues an event and returns a promise that settles when the
 * event is committed to the app store (or cannot be): requests that must not be answered before
 * their event is stored (changes, query runs) wait for it; reads do not. Events queued while a
 * batch is being written go together in the next one (group commit): one transaction, one lock.
 *
 * An event nobody waits for is kept and tried again when its batch fails, up to a bound: beyond
 * `maxQueued` waiting events the oldest are dropped, and that is logged. An event somebody waits
 * for is not retried: its request is answered 503 (access-control.ts) and the client may repeat.
 *
 * Ids sort by time (`<ms since epoch, base36><sequence><random>`); the chain order is `seq`.
 */
import { randomBytes } from 'node:crypto';
import type { AppStore } from '../app-store/app-store.js';
import type { AuditEvent, StoredAuditEvent } from '../auth/auth-contract.js';
import type { Logger } from '../logger.js';
import type { UnchainedAuditEvent } from './audit-chain.js';
import { appendAuditEvents, probeAuditStore } from './audit-store.js';

export type AuditInput = Omit<AuditEvent, 'id' | 'at'>;

export interface RecordOptions {
  /** Nobody waits: on failure the event is kept and retried (reads, denials). */
  background?: boolean;
}

/** Where audit events go; the app takes any (unit tests use `MemoryAuditLog`). */
export interface AuditSink {
  /**
   * Queues an event; the promise resolves once it is stored and rejects when it cannot be. The
   * promise never causes an unhandled rejection when ignored.
   */
  record(event: AuditInput, options?: RecordOptions): Promise<void>;
  /** Resolves when the store takes writes now, rejects when it does not. */
  probe(): Promise<void>;
  /** Writes what is queued (tests, shutdown); never rejects. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Longest target text kept: enough for a console query, not a whole import. */
export const MAX_TARGET_LENGTH = 2_000;
/** Largest `details` kept, as JSON text: enough for row counts and typical parameters. */
export const MAX_DETAILS_BYTES = 8_192;
/** Longest parameter value kept when details must shrink. */
const MAX_PARAMETER_TEXT = 200;

let sequence = 0;

/** A new event id that sorts after every id this process made before (within one ms: 36^4). */
export function auditId(now = Date.now()): string {
  sequence = (sequence + 1) % 36 ** 4;
  return (
    now.toString(36).padStart(9, '0') +
    sequence.toString(36).padStart(4, '0') +
    randomBytes(4).toString('hex')
  );
}

/** PostgreSQL text and jsonb cannot hold U+0000: replaced, so one odd request cannot fail a batch. */
function storable(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storable(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storableJson(v)]));
  }
  // Numbers that JSON cannot carry (NaN, Infinity) would come back as null: store them as null.
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/**
 * Details as stored: plain JSON, at most MAX_DETAILS_BYTES. Too large, parameter values are
 * shortened first (`parameters` keeps its keys), then everything but the small fields goes.
 */
export function capDetails(details: unknown): Record<string, unknown> | null {
  if (details === null || details === undefined || typeof details !== 'object' || Array.isArray(details)) {
    return null;
  }
  let capped = storableJson(JSON.parse(JSON.stringify(details))) as Record<string, unknown>;
  const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
  if (size(capped) <= MAX_DETAILS_BYTES) return capped;
  const parameters = capped.parameters;
  if (parameters !== null && typeof parameters === 'object' && !Array.isArray(parameters)) {
    const short = Object.fromEntries(
      Object.entries(parameters).map(([key, value]) => {
        const text = JSON.stringify(value) ?? 'null';
        return [key, text.length <= MAX_PARAMETER_TEXT ? value : `${text.slice(0, MAX_PARAMETER_TEXT)}…`];
      }),
    );
    capped = { ...capped, parameters: short, truncatedDetails: true };
    if (size(capped) <= MAX_DETAILS_BYTES) return capped;
  }
  const small = Object.fromEntries(
    Object.entries(capped).filter(([, value]) => value === null || typeof value !== 'object'),
  );
  return { ...small, truncatedDetails: true };
}

/** Stamps an input with id and time, and trims what could be large. */
export function completeEvent(input: AuditInput, now = Date.now()): UnchainedAuditEvent {
  return {
    id: auditId(now),
    at: new Date(now).toISOString(),
    username: input.username === null ? null : storable(input.username.slice(0, 200)),
    action: storable(input.action.slice(0, 100)),
    target: input.target === null ? null : storable(input.target.slice(0, MAX_TARGET_LENGTH)),
    status: input.status,
    ip: input.ip === null ? null : storable(input.ip),
    details: capDetails(input.details),
  };
}

export interface AppStoreAuditLogOptions {
  /** How long an event may wait for others to join its batch; 0: the next turn of the event loop. */
  flushDelayMs?: number;
  /**
   * How long a background event (a read, a refusal) waits for others: nobody waits for it, so
   * reads share one transaction instead of each paying a synchronous SQLite commit on the event
   * loop. An event someone waits for takes the waiting ones along at once.
   */
  backgroundDelayMs?: number;
  maxBatch?: number;
  /** Beyond this many background events waiting (the store is down), the oldest are dropped. */
  maxQueued?: number;
  /** Pause before background events of a failed batch are tried again. */
  retryDelayMs?: number;
}

interface Queued {
  event: UnchainedAuditEvent;
  background: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** The audit sink of the running app and the command line: the hash chain in the app store. */
export class AppStoreAuditLog implements AuditSink {
  private queue: Queued[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The timer is the pause after a failure or the background delay (a waiting request cuts either short). */
  private timerIsLazy = false;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly flushDelayMs: number;
  private readonly backgroundDelayMs: number;
  private readonly maxBatch: number;
  private readonly maxQueued: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly store: AppStore,
    private readonly logger: Logger,
    options: AppStoreAuditLogOptions = {},
  ) {
    this.flushDelayMs = options.flushDelayMs ?? 0;
    this.backgroundDelayMs = options.backgroundDelayMs ?? 200;
    this.maxBatch = options.maxBatch ?? 500;
    this.maxQueued = options.maxQueued ?? 10_000;
    this.retryDelayMs = options.retryDelayMs ?? 5_000;
  }

  record(input: AuditInput, options: RecordOptions = {}): Promise<void> {
    if (this.closed) return settled(Promise.reject(new Error('The audit log is closed')));
    const promise = new Promise<void>((resolve, reject) => {
      this.queue.push({
        event: completeEvent(input),
        background: options.background ?? false,
        resolve,
        reject,
      });
    });
    this.dropOverflow();
    if (this.timer && this.timerIsLazy && !options.background) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (options.background) this.schedule(this.backgroundDelayMs, true);
    else this.schedule(this.flushDelayMs);
    return settled(promise);
  }

  probe(): Promise<void> {
    return probeAuditStore(this.store);
  }

  /** Writes everything queued so far; never rejects. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // One batch at a time: what arrives meanwhile forms the next batch.
    this.writing = this.writing.then(() => this.drain());
    return this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const item of this.queue.splice(0)) item.reject(new Error('The audit log is closed'));
  }

  private schedule(delayMs: number, lazy = false): void {
    if (this.timer) return;
    this.timerIsLazy = lazy;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
    // A pending batch must not keep a finished process (or test run) alive.
    this.timer.unref();
  }

  private dropOverflow(): void {
    if (this.queue.length <= this.maxQueued) return;
    const excess = this.queue.length - this.maxQueued;
    const dropped: Queued[] = [];
    this.queue = this.queue.filter((item) => {
      if (dropped.length < excess && item.background) {
        dropped.push(item);
        return false;
      }
      return true;
    });
    for (const item of dropped) item.reject(new Error('Dropped: too many audit events waiting'));
    if (dropped.length > 0) {
      this.logger.error(
        { dropped: dropped.length, actions: [...new Set(dropped.map((d) => d.event.action))] },
        'audit log: too many events waiting (is the app store down?); oldest dropped',
      );
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await appendAuditEvents(
          this.store,
          batch.map((item) => item.event),
        );
        for (const item of batch) item.resolve();
      } catch (error) {
        const retried = batch.filter((item) => item.background);
        this.logger.error(
          { err: error, failed: batch.length, retried: retried.length },
          'audit log: could not write events',
        );
        for (const item of batch) if (!item.background) item.reject(error);
        if (retried.length > 0) {
          // Kept in front, in their order, for the next attempt; new arrivals go after them.
          this.queue.unshift(...retried);
          this.dropOverflow();
          if (!this.closed) this.schedule(this.retryDelayMs, true);
        }
        return;
      }
    }
  }
}

/** The promise itself, marked as handled: ignoring it cannot crash the process. */
function settled(promise: Promise<void>): Promise<void> {
  promise.catch(() => undefined);
  return promise;
}

/** Keeps events in memory: for unit and browser tests with no app store to write to. */
export class MemoryAuditLog implements AuditSink {
  readonly events: StoredAuditEvent[] = [];
  async record(input: AuditInput): Promise<void> {
    const event = completeEvent(input);
    this.events.push({
      ...event,
      details: event.details ?? null,
      seq: this.events.length + 1,
      prevHash: '',
      hash: '',
    });
  }
  async probe(): Promise<void> {}
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
