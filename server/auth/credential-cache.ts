/**
 * A short in-process memory of credentials already checked, so a busy client does not pay an
 * app-store read (a local SQLite read, or a PostgreSQL round trip) on every request.
 *
 * Only credentials found valid are kept, each for at most `CREDENTIAL_CACHE_MS` and never past its
 * own expiry. Every change this process makes through the stores (sign-out, token deletion, a
 * user disabled, re-roled or given a new password) forgets that user's entries at once. A change
 * made by another process (the `users` CLI, a second app on the same store) reaches this one
 * within `CREDENTIAL_CACHE_MS`: that is the price of the cache, and why it is well under the one
 * second in which a revoked token must stop working everywhere.
 *
 * One cache per app: `createApp` makes it (in its auth context) and the stores take it as an
 * argument; a store called without one (the `users` CLI) remembers nothing.
 */
import type { UserRecord } from './user-record.js';

export const CREDENTIAL_CACHE_MS = 500;
/** Beyond this many entries the oldest go first; a bound, not a tuning knob. */
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  user: UserRecord;
  until: number;
}

export class CredentialCache {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(
    private readonly ttlMs = CREDENTIAL_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value kept under `key` while it is fresh, else undefined. */
  get<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.until) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  /** Keeps `value` (which acts for `user`) until the TTL or `notAfter`, whichever is sooner. */
  set<T>(key: string, value: T, user: UserRecord, notAfter = Number.POSITIVE_INFINITY): void {
    if (this.ttlMs <= 0) return;
    const until = Math.min(this.now() + this.ttlMs, notAfter);
    this.entries.delete(key);
    this.entries.set(key, { value, user, until });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every credential that acts for `username`. */
  forgetUser(username: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.user.username === username) this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
