/**
 * User Cypher in worker threads: one run per worker at a time, at most `size` workers (the
 * number of run slots in all, so a run never waits here), started one ahead of need and kept.
 *
 * What a worker buys: the driver's decoding of a huge record (`RETURN range(1, 6000000)`: about
 * a second of work and a quarter GB of objects), the mapping and the JSON all happen off the
 * event loop that answers sign-in, search and `/api/health`; a run still going at its deadline
 * (Neo4j's timeout plus grace) is ended by terminating its worker, whatever it is doing; and a
 * worker's heap is capped, so a record too large to decode ends as a 413, not as a process out
 * of memory.
 */
import { Worker } from 'node:worker_threads';
import { AppError, QueryTimeoutError, ResultTooLargeError, TooManyRunsError } from '../errors.js';
import type { Logger } from '../logger.js';
import { MAX_RESULT_BYTES } from './limits.js';
import type { RunAnswer, UserCypherRun, UserCypherRunner } from './user-cypher-runner.js';
import type { RunWorkerData, WorkerReply } from './worker-protocol.js';

/**
 * How long past the run's own timeout a worker may take before it is terminated. Neo4j ends the
 * query at the timeout and the worker's own deadline check ends reading and mapping at timeout +
 * 1 s (read-runner.ts); the worker answers once its transaction is closed, so it always comes
 * back with its connections free. This is for a worker stuck decoding a huge record or waiting.
 */
const TERMINATE_GRACE_MS = 2_000;
/** A worker's heap: the decoded rows of an 8 MB answer, its mapping and JSON fit well within. */
const WORKER_HEAP_MB = 384;

export interface WorkerRunnerSettings extends RunWorkerData {
  size: number;
  logger?: Logger | undefined;
}

export class WorkerRunner implements UserCypherRunner {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private closed = false;

  constructor(private readonly settings: WorkerRunnerSettings) {}

  run(run: UserCypherRun): Promise<RunAnswer> {
    if (this.closed) return Promise.reject(new Error('the user-Cypher workers are closed'));
    if (this.idle.length === 0 && this.busy.size >= this.settings.size) {
      // Only when run slots allow more runs than there are workers (a misconfiguration).
      return Promise.reject(new TooManyRunsError('Too many queries are running; try again shortly', 2));
    }
    const worker = this.idle.pop() ?? this.start();
    this.busy.add(worker);
    this.keepSpare();
    return new Promise<RunAnswer>((resolve, reject) => {
      const settle = (outcome: () => void, reuse: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        this.busy.delete(worker);
        if (reuse && !this.closed) this.idle.push(worker);
        else void worker.terminate();
        outcome();
      };
      const onMessage = (reply: WorkerReply) => {
        if (reply.ok) settle(() => resolve(reply.answer), true);
        else if ('error' in reply) settle(() => reject(appErrorFrom(reply.error)), true);
        else {
          this.settings.logger?.error({ err: reply.unexpected }, 'user Cypher run failed in its worker');
          settle(() => reject(new Error('user Cypher run failed')), true);
        }
      };
      const onError = (error: Error & { code?: string }) => {
        settle(
          () =>
            reject(
              error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ResultTooLargeError(MAX_RESULT_BYTES) : error,
            ),
          false,
        );
      };
      const onExit = () => settle(() => reject(new Error('the user-Cypher worker stopped')), false);
      const timer = setTimeout(
        () =>
          settle(
            () =>
              reject(
                new QueryTimeoutError(
                  `The query took longer than ${run.limits.timeoutMs} ms and was stopped`,
                ),
              ),
            false,
          ),
        run.limits.timeoutMs + TERMINATE_GRACE_MS,
      );
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(run);
    });
  }

  /**
   * Starts a worker ahead of need. A worker takes a moment to start (on a busy machine, seconds:
   * it loads the app's modules and opens its driver), time a run would otherwise spend before
   * its query even reached Neo4j. The server warms one at start-up; each run then keeps one spare.
   */
  warm(): void {
    this.keepSpare();
  }

  private keepSpare(): void {
    if (this.closed || this.idle.length > 0) return;
    if (this.busy.size + this.idle.length >= this.settings.size) return;
    this.idle.push(this.start());
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle, ...this.busy];
    this.idle.length = 0;
    await Promise.all(all.map((worker) => worker.terminate()));
  }

  private start(): Worker {
    const data: RunWorkerData = {
      neo4j: this.settings.neo4j,
      database: this.settings.database,
      modelFile: this.settings.modelFile,
    };
    const options = {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    };
    const worker = import.meta.url.endsWith('.ts')
      ? // Sources run by tsx or vitest: the worker loads TypeScript through tsx too.
        new Worker(
          `import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(
            new URL('./run-worker.ts', import.meta.url).href,
          )}); })`,
          { ...options, eval: true },
        )
      : new Worker(new URL('./run-worker.js', import.meta.url), options);
    // Always listened to: an 'error' no one hears would end the process. A worker that stops
    // (crash, out of memory, terminated) leaves the pool; the next run starts a new one.
    worker.on('error', (error) => this.settings.logger?.warn({ err: error }, 'a user-Cypher worker failed'));
    worker.on('exit', () => {
      this.busy.delete(worker);
      const index = this.idle.indexOf(worker);
      if (index >= 0) this.idle.splice(index, 1);
    });
    // An idle worker must not keep the process alive on its own.
    worker.unref();
    return worker;
  }
}

/** tsx's ESM API by its `import` condition (a require() resolution finds its CommonJS build). */
function tsxApi(): string {
  return import.meta.resolve('tsx/esm/api');
}

function appErrorFrom(error: {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  retryAfterSeconds?: number;
}): AppError {
  if (error.retryAfterSeconds !== undefined)
    return new TooManyRunsError(error.message, error.retryAfterSeconds);
  return new AppError(error.status, error.code, error.message, error.details);
}
