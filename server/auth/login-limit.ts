/**
 * Rate limits on sign-in: per IP address and user name (guessing one account's password), and a
 * looser one per IP address alone (trying many accounts). Successful sign-ins do not count. Over
 * the limit the answer is 429 with Retry-After.
 *
 * The counters live in the app store's `login_attempts` table, not in process memory: a restart
 * does not reset them, and several processes behind one address count together (a guesser gains
 * nothing by landing on another server).
 */
import type { RequestHandler } from 'express';
import {
  ipKeyGenerator,
  rateLimit,
  type IncrementResponse,
  type Options,
  type Store,
} from 'express-rate-limit';
import { sql } from 'kysely';
import { millis, type AppStore } from '../app-store/app-store.js';
import { TooManyAttemptsError } from './auth-errors.js';

/** How many more attempts one IP may make, across user names, than per user name. */
const PER_IP_FACTOR = 5;
const WINDOW_MS = 60_000;

/**
 * An express-rate-limit store on the app store: one row per key, a fixed window that restarts at
 * the first attempt after it ended. Each increment is one atomic upsert, so two processes
 * counting the same key at once never lose a hit.
 */
export class AppStoreRateLimitStore implements Store {
  private windowMs = WINDOW_MS;
  /** Counters are shared between processes: the library must not assume it sees them all. */
  readonly localKeys = false;

  constructor(
    private readonly store: AppStore,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private key(key: string): string {
    return `${this.prefix}:${key}`;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = Date.now();
    const resetAt = now + this.windowMs;
    // A window that has ended starts again at this attempt.
    const ended = sql<boolean>`login_attempts.reset_at <= ${now}`;
    const row = await this.store.db
      .insertInto('login_attempts')
      .values({ key: this.key(key), hits: 1, reset_at: resetAt })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({
          hits: sql<number>`case when ${ended} then 1 else login_attempts.hits + 1 end`,
          reset_at: sql<number>`case when ${ended} then ${resetAt} else login_attempts.reset_at end`,
        }),
      )
      .returning(['hits', 'reset_at'])
      .executeTakeFirstOrThrow();
    // Old rows of keys never seen again: cleared now and then, by whoever counts.
    if (Math.random() < 0.01) {
      await this.store.db.deleteFrom('login_attempts').where('reset_at', '<=', now).execute();
    }
    return { totalHits: Number(row.hits), resetTime: new Date(millis(row.reset_at)) };
  }

  async decrement(key: string): Promise<void> {
    await this.store.db
      .updateTable('login_attempts')
      .set({ hits: sql<number>`case when hits > 0 then hits - 1 else 0 end` })
      .where('key', '=', this.key(key))
      .execute();
  }

  async resetKey(key: string): Promise<void> {
    await this.store.db.deleteFrom('login_attempts').where('key', '=', this.key(key)).execute();
  }
}

export function loginRateLimits(perMinute: number, store: AppStore): RequestHandler[] {
  const common = {
    windowMs: WINDOW_MS,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    handler: ((_req, _res, next) => next(new TooManyAttemptsError())) as RequestHandler,
  };
  const ip = (req: { ip?: string | undefined }) => ipKeyGenerator(req.ip ?? 'unknown');
  const username = (req: { body?: unknown }) => {
    const name = (req.body as { username?: unknown } | undefined)?.username;
    return typeof name === 'string' ? name.trim().toLowerCase().slice(0, 100) : '';
  };
  return [
    rateLimit({
      ...common,
      identifier: 'login-user',
      limit: perMinute,
      keyGenerator: (req) => `${ip(req)}|${username(req)}`,
      store: new AppStoreRateLimitStore(store, 'login-user'),
    }),
    rateLimit({
      ...common,
      identifier: 'login-ip',
      limit: perMinute * PER_IP_FACTOR,
      keyGenerator: (req) => ip(req),
      store: new AppStoreRateLimitStore(store, 'login-ip'),
    }),
  ];
}
