import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { CredentialCache } from '../../server/auth/credential-cache.js';
import { SESSION_COOKIE } from '../../server/auth/cookies.js';
import { sha256Hex } from '../../server/auth/secrets.js';
import { createUser, updateUser } from '../../server/auth/user-store.js';
import { testAppStore } from '../support/app-store.js';
import { signIn, testApp, testUsers } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';

let driver: Driver;
let app: Express;
/** The app's memory of checked credentials, so a test can make it forget. */
const credentials = new CredentialCache();
const PASSWORD = 'a long test passphrase 1';

/** A user of one's own, so that disabling it or changing its password disturbs no other test. */
async function freshUser(role: 'investigator' | 'analyst' | 'admin' = 'analyst'): Promise<string> {
  const username = `auth-login-${Math.random().toString(36).slice(2, 10)}`;
  await createUser(await testAppStore(), { username, role, password: PASSWORD });
  return username;
}

function cookieOf(res: request.Response): string | undefined {
  const lines = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return lines.find((line) => line.startsWith(`${SESSION_COOKIE}=`));
}

const valueOf = (setCookie: string) => setCookie.split(';')[0]!.slice(SESSION_COOKIE.length + 1);

useTestApp(
  {
    as: 'anonymous',
    deps: { credentials },
  },
  (made) => ({ driver, app } = made),
);

describe('POST /api/auth/login', () => {
  it('when the password is right, then a HttpOnly, SameSite=Strict session cookie and the CSRF token come back', async () => {
    const username = await freshUser();
    const res = await request(app).post('/api/auth/login').send({ username, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      username,
      role: 'analyst',
      via: 'session',
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
    });
    const cookie = cookieOf(res)!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Secure/);
    expect(valueOf(cookie)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('when the request came over HTTPS (via the trusted proxy), then the cookie is Secure', async () => {
    const username = await freshUser();
    const res = await request(app)
      .post('/api/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ username, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(cookieOf(res)).toMatch(/; Secure/);
  });

  it('when the name is unknown, the password wrong or the user disabled, then the same 401 and no cookie', async () => {
    const disabled = await freshUser();
    const enabled = await freshUser();
    await updateUser(await testAppStore(), disabled, { disabled: true });
    for (const body of [
      { username: 'auth-login-nobody', password: PASSWORD },
      { username: enabled, password: `${PASSWORD}x` },
      { username: disabled, password: PASSWORD },
    ]) {
      const res = await request(app).post('/api/auth/login').send(body);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' },
      });
      expect(cookieOf(res)).toBeUndefined();
    }
  });

  it('when the body is not a JSON object with both fields, then 422 (a form post cannot sign anyone in)', async () => {
    expect((await request(app).post('/api/auth/login').send({ username: 'x' })).status).toBe(422);
    const form = await request(app)
      .post('/api/auth/login')
      .type('form')
      .send({ username: 'x', password: 'y' });
    expect(form.status).toBe(422);
  });

  it('when signing in again with the old cookie, then a new id is issued and the old one is dead', async () => {
    const username = await freshUser();
    const first = valueOf(
      cookieOf(await request(app).post('/api/auth/login').send({ username, password: PASSWORD }))!,
    );
    const second = cookieOf(
      await request(app)
        .post('/api/auth/login')
        .set('Cookie', `${SESSION_COOKIE}=${first}`)
        .send({ username, password: PASSWORD }),
    )!;
    expect(valueOf(second)).not.toBe(first);
    expect((await request(app).get('/api/auth/me').set('Cookie', `${SESSION_COOKIE}=${first}`)).status).toBe(
      401,
    );
    expect((await request(app).get('/api/auth/me').set('Cookie', second.split(';')[0]!)).status).toBe(200);
  });

  it('when a session exists, then the app store holds only its SHA-256, never the id, and the graph nothing', async () => {
    const username = await freshUser();
    const id = valueOf(
      cookieOf(await request(app).post('/api/auth/login').send({ username, password: PASSWORD }))!,
    );
    const store = await testAppStore();
    const sessions = await store.db
      .selectFrom('sessions')
      .selectAll()
      .where('username', '=', username)
      .execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.id_hash).toBe(sha256Hex(id));
    expect(JSON.stringify(sessions)).not.toContain(id);
    const users = await store.db.selectFrom('users').selectAll().where('username', '=', username).execute();
    expect(users).toHaveLength(1);
    expect(JSON.stringify(users)).not.toContain(PASSWORD);
    const { records } = await driver.executeQuery(
      'MATCH (n) WHERE n.username = $username OR n.idHash = $idHash RETURN count(n) AS n',
      { username, idHash: sha256Hex(id) },
    );
    expect(Number(records[0]!.get('n'))).toBe(0);
  });
});

describe('sessions', () => {
  it('when signed out, then the cookie is cleared and no longer works', async () => {
    const session = await signIn(app, 'investigator');
    const out = await request(app)
      .post('/api/auth/logout')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken);
    expect(out.status).toBe(204);
    expect(cookieOf(out)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await request(app).get('/api/model').set('Cookie', session.cookie)).status).toBe(401);
  });

  it('when idle longer than the idle time-out, or past the absolute time-out, then 401 and the session is gone', async () => {
    const username = await freshUser();
    const idle = valueOf(
      cookieOf(await request(app).post('/api/auth/login').send({ username, password: PASSWORD }))!,
    );
    const old = valueOf(
      cookieOf(await request(app).post('/api/auth/login').send({ username, password: PASSWORD }))!,
    );
    const me = (id: string) => request(app).get('/api/auth/me').set('Cookie', `${SESSION_COOKIE}=${id}`);
    expect((await me(idle)).status).toBe(200);
    const now = Date.now();
    const store = await testAppStore();
    await store.db
      .updateTable('sessions')
      .set({ last_seen_at: now - 31 * 60_000 })
      .where('id_hash', '=', sha256Hex(idle))
      .execute();
    await store.db
      .updateTable('sessions')
      .set({ expires_at: now - 1 })
      .where('id_hash', '=', sha256Hex(old))
      .execute();
    // Changed behind the app's back: it would see this within CREDENTIAL_CACHE_MS; skip the wait.
    credentials.forgetUser(username);
    for (const id of [idle, old]) {
      const res = await me(id);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
      const left = await store.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('id_hash', '=', sha256Hex(id))
        .execute();
      expect(left).toEqual([]);
    }
  });

  it('when the idle time-out is configured shorter, then the app uses it', async () => {
    const short = testApp(driver, { as: 'anonymous', security: { sessionIdleMinutes: 5 } });
    const session = await signIn(short, 'investigator');
    const id = session.cookie.split('=')[1]!;
    await (
      await testAppStore()
    ).db
      .updateTable('sessions')
      .set({ last_seen_at: Date.now() - 6 * 60_000 })
      .where('id_hash', '=', sha256Hex(id))
      .execute();
    expect((await request(short).get('/api/auth/me').set('Cookie', session.cookie)).status).toBe(401);
  });

  it('when a user is disabled, then their sessions end and their tokens are revoked; re-enabling brings neither back', async () => {
    const username = await freshUser();
    const cookie = cookieOf(
      await request(app).post('/api/auth/login').send({ username, password: PASSWORD }),
    )!;
    const me = await request(app).get('/api/auth/me').set('Cookie', cookie.split(';')[0]!);
    const token = await request(app)
      .post('/api/auth/tokens')
      .set('Cookie', cookie.split(';')[0]!)
      .set('X-CSRF-Token', me.body.csrfToken)
      .send({ name: 'script' });
    expect(token.status).toBe(201);
    // The admin's requests reach the same server: one app, one memory of checked credentials.
    const admin = testApp(driver, { credentials });
    expect((await request(admin).patch(`/api/admin/users/${username}`).send({ disabled: true })).status).toBe(
      200,
    );
    expect((await request(app).get('/api/model').set('Cookie', cookie.split(';')[0]!)).status).toBe(401);
    expect(
      (await request(app).get('/api/model').set('Authorization', `Bearer ${token.body.token}`)).status,
    ).toBe(401);
    const store = await testAppStore();
    expect(
      await store.db.selectFrom('sessions').select('id_hash').where('username', '=', username).execute(),
    ).toEqual([]);
    expect(
      await store.db.selectFrom('api_tokens').select('id').where('username', '=', username).execute(),
    ).toEqual([]);
    // Enabled again: neither the old token nor the old session works; a new sign-in does.
    expect(
      (await request(admin).patch(`/api/admin/users/${username}`).send({ disabled: false })).status,
    ).toBe(200);
    expect(
      (await request(app).get('/api/model').set('Authorization', `Bearer ${token.body.token}`)).status,
    ).toBe(401);
    expect((await request(app).get('/api/model').set('Cookie', cookie.split(';')[0]!)).status).toBe(401);
    expect((await request(app).post('/api/auth/login').send({ username, password: PASSWORD })).status).toBe(
      200,
    );
  });
});

describe('CSRF', () => {
  it('when a cookie request changes something without the right X-CSRF-Token, then 403 and nothing happens', async () => {
    const session = await signIn(app, 'analyst');
    const post = () =>
      request(app).post('/api/cypher').set('Cookie', session.cookie).send({ cypher: 'RETURN 1 AS one' });
    const missing = await post();
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('CSRF_FAILED');
    expect((await post().set('X-CSRF-Token', 'x'.repeat(43))).status).toBe(403);
    const other = await signIn(app, 'analyst');
    expect((await post().set('X-CSRF-Token', other.csrfToken)).status).toBe(403);
    expect((await post().set('X-CSRF-Token', session.csrfToken)).status).toBe(200);
  });

  it('when reading with the cookie or writing with a bearer token, then no CSRF token is needed', async () => {
    const session = await signIn(app, 'analyst');
    expect((await request(app).get('/api/model').set('Cookie', session.cookie)).status).toBe(200);
    const res = await request(app)
      .post('/api/cypher')
      .set('Authorization', `Bearer ${testUsers().analyst.token}`)
      .send({ cypher: 'RETURN 1 AS one' });
    expect(res.status).toBe(200);
  });

  it('when GET /api/auth/me is asked with the cookie, then it gives the same CSRF token as the sign-in', async () => {
    const session = await signIn(app, 'investigator');
    const me = await request(app).get('/api/auth/me').set('Cookie', session.cookie);
    expect(me.body).toMatchObject({
      username: 'test-investigator',
      role: 'investigator',
      csrfToken: session.csrfToken,
    });
    expect(me.headers['cache-control']).toBe('no-store');
  });
});

describe('rate limit on sign-in', () => {
  it('when one name is guessed too often from one address, then 429 with Retry-After; another name still may try', async () => {
    const limited = testApp(driver, { as: 'anonymous', security: { loginRateLimitPerMinute: 3 } });
    const username = await freshUser();
    const attempt = (name: string, password: string) =>
      request(limited).post('/api/auth/login').send({ username: name, password });
    for (let i = 0; i < 3; i++) expect((await attempt(username, 'wrong password!')).status).toBe(401);
    const blocked = await attempt(username, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Upper case or padding is the same name, so it does not dodge the limit.
    expect((await attempt(` ${username.toUpperCase()} `, PASSWORD)).status).toBe(429);
    expect((await attempt(testUsers().investigator.username, testUsers().investigator.password)).status).toBe(
      200,
    );
  });

  it('when successful, then sign-ins do not count against the limit', async () => {
    const limited = testApp(driver, { as: 'anonymous', security: { loginRateLimitPerMinute: 2 } });
    for (let i = 0; i < 4; i++) await signIn(limited, 'investigator');
  });
});

describe('CORS', () => {
  const origin = 'https://cases.example';
  const withCors = () => testApp(driver, { security: { corsOrigins: [origin] } });

  it('when a configured origin asks, then it is allowed (with credentials); preflight says what may be sent', async () => {
    const res = await request(withCors()).get('/api/model').set('Origin', origin);
    expect(res.headers['access-control-allow-origin']).toBe(origin);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const preflight = await request(withCors())
      .options('/api/cypher')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-CSRF-Token/);
  });

  it('when any other origin asks, then no CORS header is given and its preflight is refused', async () => {
    const res = await request(withCors()).get('/api/model').set('Origin', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(withCors())
      .options('/api/cypher')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const none = await request(testApp(driver)).get('/api/model').set('Origin', origin);
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('/api/auth/tokens', () => {
  it('when an analyst makes a token, then it is shown once, stored hashed, works as Bearer, and can be revoked', async () => {
    const session = await signIn(app, 'analyst');
    const made = await request(app)
      .post('/api/auth/tokens')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .send({ name: 'nightly export' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ id: expect.stringMatching(/^tok:/), name: 'nightly export' });
    const token = made.body.token as string;
    expect(token).toMatch(/^cgt_[A-Za-z0-9_-]{43}$/);

    const list = await request(app).get('/api/auth/tokens').set('Cookie', session.cookie);
    expect(list.body.tokens.map((t: { id: string }) => t.id)).toContain(made.body.id);
    expect(JSON.stringify(list.body)).not.toContain(token);
    const stored = await (
      await testAppStore()
    ).db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', made.body.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(sha256Hex(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const me = await request(app).get('/api/auth/me').set('Authorization', `Bearer ${token}`);
    expect(me.body).toEqual({ username: 'test-analyst', role: 'analyst', via: 'token', csrfToken: null });

    const gone = await request(app)
      .delete(`/api/auth/tokens/${made.body.id}`)
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken);
    expect(gone.status).toBe(204);
    expect((await request(app).get('/api/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
  });

  it('when a token asks to manage tokens, or someone deletes another user’s token, then it is refused', async () => {
    const viaToken = await request(app)
      .post('/api/auth/tokens')
      .set('Authorization', `Bearer ${testUsers().analyst.token}`)
      .send({ name: 'minted by a token' });
    expect(viaToken.status).toBe(403);
    expect(viaToken.body.error.code).toBe('SESSION_REQUIRED');

    const analyst = await signIn(app, 'analyst');
    const made = await request(app)
      .post('/api/auth/tokens')
      .set('Cookie', analyst.cookie)
      .set('X-CSRF-Token', analyst.csrfToken)
      .send({ name: 'mine' });
    const admin = await signIn(app, 'admin');
    const stolen = await request(app)
      .delete(`/api/auth/tokens/${made.body.id}`)
      .set('Cookie', admin.cookie)
      .set('X-CSRF-Token', admin.csrfToken);
    expect(stolen.status).toBe(404);
    expect(
      (await request(app).get('/api/auth/me').set('Authorization', `Bearer ${made.body.token}`)).status,
    ).toBe(200);
  });

  it('when a bearer token is malformed, unknown or sent with a cookie, then the token alone decides', async () => {
    for (const header of ['Bearer', 'Bearer nope', 'Basic dGVzdDp0ZXN0', `Bearer cgt_${'A'.repeat(43)}`]) {
      expect((await request(app).get('/api/model').set('Authorization', header)).status, header).toBe(401);
    }
    const session = await signIn(app, 'admin');
    const res = await request(app)
      .get('/api/admin/users')
      .set('Cookie', session.cookie)
      .set('Authorization', 'Bearer nope');
    expect(res.status).toBe(401);
  });
});
