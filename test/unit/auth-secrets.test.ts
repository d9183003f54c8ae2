import { describe, expect, it } from 'vitest';
import {
  ARGON2_SETTINGS,
  hashPassword,
  needsRehash,
  passwordProblem,
  verifyNobody,
  verifyPassword,
} from '../../server/auth/passwords.js';
import { constantTimeEqual, csrfTokenFor, randomSecret, sha256Hex } from '../../server/auth/secrets.js';

describe('passwords', () => {
  it('when hashed, then it is Argon2id at OWASP minimum or above, salted, and verifies', async () => {
    expect(ARGON2_SETTINGS.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(ARGON2_SETTINGS.timeCost).toBeGreaterThanOrEqual(2);
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(a, 'correct horse batterY')).toBe(false);
  });

  it('when the stored hash is malformed or weaker, then it never matches and is marked for re-hashing', async () => {
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(await verifyNobody('anything')).toBe(false);
    expect(needsRehash('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(false);
    expect(needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(needsRehash('$argon2i$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(needsRehash('$2b$10$bcrypt')).toBe(true);
  });

  it('when a new password is too short, too long or padded with spaces, then the problem is named', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('x'.repeat(257))).toMatch(/at most 256/);
    expect(passwordProblem(' twelve chars+ ')).toMatch(/spaces/);
    expect(passwordProblem('a long enough passphrase')).toBeUndefined();
    // Characters, not UTF-16 units: twelve emoji are twelve characters.
    expect(passwordProblem('🔑'.repeat(12))).toBeUndefined();
  });
});

describe('secrets', () => {
  it('when made, then session ids and tokens carry 256 random bits and are never repeated', () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => randomSecret()));
    expect(secrets.size).toBe(1000);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('when stored, then only a SHA-256 digest is kept', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('when compared, then equal strings match and different ones (of any length) do not', () => {
    expect(constantTimeEqual('same-token', 'same-token')).toBe(true);
    expect(constantTimeEqual('same-token', 'same-tokeN')).toBe(false);
    expect(constantTimeEqual('short', 'a much longer value')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('when a CSRF token is derived, then it is stable per session, differs between sessions, and is not the id', () => {
    const session = randomSecret();
    expect(csrfTokenFor(session)).toBe(csrfTokenFor(session));
    expect(csrfTokenFor(session)).not.toBe(csrfTokenFor(randomSecret()));
    expect(csrfTokenFor(session)).not.toContain(session);
  });
});
