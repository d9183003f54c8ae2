/**
 * How many runs of user Cypher may be in flight: at most `perUser` for one user and `total` in all.
 * Beyond either, the run is refused at once with 429 and a `Retry-After` rather than queued, so a
 * user who fires many heavy queries cannot hold the user-Cypher pool (or the process's memory)
 * and a queue never grows behind a slow query.
 */
import { TooManyRunsError } from '../errors.js';
import type { ExplorerContext } from '../graph/context.js';
import type { UserCypherRunner } from './user-cypher-runner.js';

/** Where user Cypher runs: the explorer's context on the user-Cypher driver, with its run slots. */
export interface UserCypherContext extends ExplorerContext {
  slots: RunSlots;
  /** Where runs happen: in worker threads on the server, on this thread in tests. */
  runner: UserCypherRunner;
}

export interface RunSlotSettings {
  perUser: number;
  total: number;
  /** What `Retry-After` says, in seconds. */
  retryAfterSeconds: number;
}

export const DEFAULT_RUN_SLOTS: RunSlotSettings = { perUser: 2, total: 8, retryAfterSeconds: 2 };

export class RunSlots {
  private readonly byUser = new Map<string, number>();
  private inFlight = 0;

  constructor(readonly settings: RunSlotSettings = DEFAULT_RUN_SLOTS) {}

  /**
   * Takes a slot for `user` or throws TooManyRunsError (429). Call the returned function exactly
   * once when the run is over, whatever its outcome.
   */
  acquire(user: string): () => void {
    const mine = this.byUser.get(user) ?? 0;
    if (mine >= this.settings.perUser) {
      throw new TooManyRunsError(
        `You already have ${mine} queries running (at most ${this.settings.perUser}); wait for one to finish`,
        this.settings.retryAfterSeconds,
      );
    }
    if (this.inFlight >= this.settings.total) {
      throw new TooManyRunsError(
        `The server is running as many queries as it allows (${this.settings.total}); try again shortly`,
        this.settings.retryAfterSeconds,
      );
    }
    this.byUser.set(user, mine + 1);
    this.inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      const left = (this.byUser.get(user) ?? 1) - 1;
      if (left <= 0) this.byUser.delete(user);
      else this.byUser.set(user, left);
    };
  }

  /** Runs `work` in a slot of `user`'s, released when it settles. */
  async run<T>(user: string, work: () => Promise<T>): Promise<T> {
    const release = this.acquire(user);
    try {
      return await work();
    } finally {
      release();
    }
  }
}
