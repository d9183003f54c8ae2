import { describe, expect, it } from 'vitest';
import { CredentialCache } from '../../server/auth/credential-cache.js';
import type { UserRecord } from '../../server/auth/user-record.js';

const user = (username: string) => ({ username, role: 'analyst', disabled: false }) as unknown as UserRecord;

describe('CredentialCache', () => {
  it('when a credential is kept, then it serves until the TTL or its own expiry, whichever is sooner', () => {
    let now = 1_000;
    const cache = new CredentialCache(10_000, () => now);
    cache.set('a', 'A', user('ann'));
    cache.set('b', 'B', user('bob'), 5_000);
    now = 4_999;
    expect([cache.get('a'), cache.get('b')]).toEqual(['A', 'B']);
    now = 5_000;
    expect([cache.get('a'), cache.get('b')]).toEqual(['A', undefined]);
    now = 11_000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('when a user changes, then every credential acting for them is forgotten, and only theirs', () => {
    const cache = new CredentialCache();
    cache.set('t1', 1, user('ann'));
    cache.set('s1', 2, user('ann'));
    cache.set('t2', 3, user('bob'));
    cache.forgetUser('ann');
    expect([cache.get('t1'), cache.get('s1'), cache.get('t2')]).toEqual([undefined, undefined, 3]);
    cache.forget('t2');
    expect(cache.get('t2')).toBeUndefined();
  });

  it('when the TTL is 0, then nothing is kept', () => {
    const cache = new CredentialCache(0);
    cache.set('a', 'A', user('ann'));
    expect(cache.get('a')).toBeUndefined();
  });
});
