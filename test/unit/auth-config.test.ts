import { afterAll, describe, expect, it } from 'vitest';
import { createAppStore, migrateAppStore, type AppStore } from '../../server/app-store/app-store.js';
import { checkForAdmin, FIRST_ADMIN_HINT } from '../../server/auth/bootstrap.js';
import { loadConfig } from '../../server/config.js';
import type { Logger } from '../../server/logger.js';

describe('loadConfig: sessions, CORS and the sign-in limit', () => {
  it('when nothing is set, then sessions idle out after 30 minutes, end after 12 hours, and no origin is allowed', () => {
    expect(loadConfig({}).security).toEqual({
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      corsOrigins: [],
      loginRateLimitPerMinute: 10,
    });
  });

  it('when set, then the values are read and the origins split', () => {
    const config = loadConfig({
      SESSION_IDLE_MINUTES: '15',
      SESSION_ABSOLUTE_HOURS: '8',
      CORS_ORIGINS: 'https://cases.example, http://localhost:5173',
      LOGIN_RATE_LIMIT_PER_MINUTE: '5',
    });
    expect(config.security).toEqual({
      sessionIdleMinutes: 15,
      sessionAbsoluteHours: 8,
      corsOrigins: ['https://cases.example', 'http://localhost:5173'],
      loginRateLimitPerMinute: 5,
    });
  });

  it('when a value is malformed, then the variable is named', () => {
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES: must be between/);
    expect(() => loadConfig({ SESSION_ABSOLUTE_HOURS: 'long' })).toThrow(/SESSION_ABSOLUTE_HOURS/);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/LOGIN_RATE_LIMIT_PER_MINUTE/);
  });
});

describe('start-up without an enabled admin', () => {
  const stores: AppStore[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close();
  });
  /** An embedded in-memory app store with `users` users, the first `activeAdmins` enabled admins. */
  const storeWith = async (users: number, activeAdmins: number) => {
    const store = createAppStore({ dialect: 'sqlite', file: ':memory:' });
    stores.push(store);
    await migrateAppStore(store);
    const at = '2026-01-01T00:00:00.000Z';
    for (let i = 0; i < users; i++) {
      await store.db
        .insertInto('users')
        .values({
          username: `user-${i}`,
          role: i < activeAdmins ? 'admin' : i % 2 === 0 ? 'admin' : 'analyst',
          // Admins beyond the enabled ones are disabled.
          disabled: i < activeAdmins ? 0 : 1,
          password_hash: 'x',
          created_at: at,
          updated_at: at,
          password_changed_at: at,
        })
        .execute();
    }
    return store;
  };
  const collect = () => {
    const lines: string[] = [];
    return { lines, logger: { warn: (message: string) => lines.push(message) } as unknown as Logger };
  };

  it('when users exist but no enabled admin, then start-up says how to create one, with no default password', async () => {
    const { lines, logger } = collect();
    expect(await checkForAdmin(await storeWith(2, 0), logger)).toBe(false);
    expect(lines.join('\n')).toContain('npm run users -- create --username <name> --role admin');
    expect(FIRST_ADMIN_HINT).not.toMatch(/password\s*[:=]/i);
  });

  it('when two processes start together on an empty store, then one admin is made, its password shown once', async () => {
    const store = await storeWith(0, 0);
    const shown: string[] = [];
    const { logger } = collect();
    const results = await Promise.all([
      checkForAdmin(store, logger, (m) => shown.push(m)),
      checkForAdmin(store, logger, (m) => shown.push(m)),
    ]);
    expect(results).toEqual([true, true]);
    expect(shown).toHaveLength(1);
    expect((await store.db.selectFrom('users').select('username').execute()).map((u) => u.username)).toEqual([
      'admin',
    ]);
  });

  it('when an enabled admin exists, then nothing is said', async () => {
    const { lines, logger } = collect();
    expect(await checkForAdmin(await storeWith(3, 1), logger)).toBe(true);
    expect(lines).toEqual([]);
  });
});
