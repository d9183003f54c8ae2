/**
 * Users: the admin API and the `npm run users` command line (how the first admin comes to exist).
 */
import type { Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { fileAppStore } from '../support/app-store.js';
import { openAppStore } from '../../server/app-store/app-store.js';
import { verifyChain } from '../../server/audit/audit-chain.js';
import { readChain } from '../../server/audit/audit-store.js';
import { signIn, testUsers } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';
import { runCli } from '../support/cli.js';

const PASSWORD = 'a long test passphrase 1';
let app: Express;
const name = (label: string) => `auth-users-${label}-${Math.random().toString(36).slice(2, 8)}`;
const admin = () => ({ Authorization: `Bearer ${testUsers().admin.token}` });

useTestApp({ as: 'anonymous' }, (made) => ({ app } = made));

/** The `name=value` of the session cookie a sign-in set. */
const cookieOf = (res: request.Response) =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]!.split(';')[0]!;

const login = (username: string, password: string) =>
  request(app).post('/api/auth/login').send({ username, password });

describe('/api/admin/users', () => {
  it('when an admin creates a user, then it can sign in, is listed without its hash, and a second one of that name is 409', async () => {
    const username = name('new');
    const created = await request(app)
      .post('/api/admin/users')
      .set(admin())
      .send({ username, role: 'investigator', password: PASSWORD });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      username,
      role: 'investigator',
      disabled: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await login(username, PASSWORD)).status).toBe(200);
    const list = await request(app).get('/api/admin/users').set(admin());
    expect(list.body.users.map((u: { username: string }) => u.username)).toContain(username);
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|passwordHash/);
    const again = await request(app)
      .post('/api/admin/users')
      .set(admin())
      .send({ username, role: 'admin', password: PASSWORD });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('USER_EXISTS');
    const upper = await request(app)
      .post('/api/admin/users')
      .set(admin())
      .send({ username: username.toUpperCase(), role: 'admin', password: PASSWORD });
    expect(upper.status).toBe(409);
  });

  it('when the input is bad, then 422 names the field', async () => {
    for (const body of [
      { username: name('weak'), role: 'analyst', password: 'short' },
      { username: 'no spaces allowed', role: 'analyst', password: PASSWORD },
      { username: name('role'), role: 'superuser', password: PASSWORD },
      { username: name('extra'), role: 'analyst', password: PASSWORD, admin: true },
    ]) {
      const res = await request(app).post('/api/admin/users').set(admin()).send(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect(
      (
        await request(app)
          .patch(`/api/admin/users/${name('ghost')}`)
          .set(admin())
          .send({ role: 'analyst' })
      ).status,
    ).toBe(404);
    expect((await request(app).patch('/api/admin/users/test-analyst').set(admin()).send({})).status).toBe(
      422,
    );
  });

  it('when a role is changed, then it applies to the next request of an existing session', async () => {
    const username = name('role');
    await request(app)
      .post('/api/admin/users')
      .set(admin())
      .send({ username, role: 'analyst', password: PASSWORD });
    const res = await login(username, PASSWORD);
    const cookie = cookieOf(res);
    const runConsole = () =>
      request(app)
        .post('/api/cypher')
        .set('Cookie', cookie)
        .set('X-CSRF-Token', res.body.csrfToken)
        .send({ cypher: 'RETURN 1 AS one' });
    expect((await runConsole()).status).toBe(200);
    expect(
      (await request(app).patch(`/api/admin/users/${username}`).set(admin()).send({ role: 'investigator' }))
        .body.role,
    ).toBe('investigator');
    expect((await runConsole()).status).toBe(403);
  });

  it('when a password is reset, then the old one fails, the new one works and old sessions are over', async () => {
    const username = name('reset');
    await request(app)
      .post('/api/admin/users')
      .set(admin())
      .send({ username, role: 'investigator', password: PASSWORD });
    const before = await login(username, PASSWORD);
    const cookie = cookieOf(before);
    const changed = await request(app)
      .patch(`/api/admin/users/${username}`)
      .set(admin())
      .send({ password: `${PASSWORD} new` });
    expect(changed.status).toBe(200);
    expect((await request(app).get('/api/auth/me').set('Cookie', cookie)).status).toBe(401);
    expect((await login(username, PASSWORD)).status).toBe(401);
    expect((await login(username, `${PASSWORD} new`)).status).toBe(200);
  });

  it('when a session is used instead of a token, then the admin API needs the CSRF token too', async () => {
    const session = await signIn(app, 'admin');
    const body = { username: name('csrf'), role: 'investigator', password: PASSWORD };
    expect(
      (await request(app).post('/api/admin/users').set('Cookie', session.cookie).send(body)).status,
    ).toBe(403);
    const ok = await request(app)
      .post('/api/admin/users')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .send(body);
    expect(ok.status).toBe(201);
  });
});

/** Runs `npm run users -- …` (the same script) against the test Neo4j. */
function cli(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  return runCli('users', args, {
    // The same SQLite file as the app under test: the CLI is another process on one store.
    env: { APP_STORE_FILE: fileAppStore().file, ...options.env },
    ...(options.stdin !== undefined && { stdin: options.stdin }),
  });
}

describe('npm run users', () => {
  it('when an admin is created from stdin, then they can sign in; the same name again fails clearly', async () => {
    const username = name('cli');
    const created = await cli(['create', '--username', username, '--role', 'admin'], {
      stdin: `${PASSWORD}\n`,
    });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`Created ${username} (admin)`);
    const res = await login(username, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.role).toBe('admin');
    const again = await cli(['create', '--username', username, '--role', 'admin'], { stdin: PASSWORD });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('USER_EXISTS');
  });

  it('when the user is listed, re-roled, disabled, enabled and given a new password, then each takes effect', async () => {
    const username = name('cli');
    expect(
      (
        await cli(['create', '--username', username, '--role', 'analyst'], {
          env: { CASEGRAPH_PASSWORD: PASSWORD },
        })
      ).code,
    ).toBe(0);
    expect((await cli(['list'])).stdout).toMatch(new RegExp(`${username}\\s+analyst\\s+enabled`));
    expect((await cli(['set-role', '--username', username, '--role', 'investigator'])).code).toBe(0);
    const session = await login(username, PASSWORD);
    expect(session.body.role).toBe('investigator');
    const disabled = await cli(['disable', '--username', username]);
    expect(disabled.stdout).toMatch(/disabled \(1 session ended\)/);
    expect((await login(username, PASSWORD)).status).toBe(401);
    expect((await cli(['enable', '--username', username])).code).toBe(0);
    expect((await cli(['reset-password', '--username', username], { stdin: `${PASSWORD} 2` })).code).toBe(0);
    expect((await login(username, `${PASSWORD} 2`)).status).toBe(200);
    // Each change is an event in the app store's hash chain, by the OS user.
    const store = await openAppStore({ dialect: 'sqlite', file: fileAppStore().file });
    const events = [];
    for await (const event of readChain(store)) events.push(event);
    const verified = await verifyChain(events);
    expect(verified.ok, JSON.stringify(verified)).toBe(true);
    await store.close();
    // The app's own events (the sign-ins above) share the chain; the command line's are by `cli:…`.
    const mine = events.filter((e) => e.target === username && e.username?.startsWith('cli'));
    expect(mine.every((e) => e.status === 0)).toBe(true);
    expect(mine.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'user.create',
        'user.set-role',
        'user.disable',
        'user.enable',
        'user.reset-password',
      ]),
    );
  });

  it('when the input is wrong, then exit 2 with the usage and nothing is created', async () => {
    const username = name('cli');
    const weak = await cli(['create', '--username', username, '--role', 'admin'], { stdin: 'short' });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    expect((await cli([])).code).toBe(2);
    expect(
      (await cli(['create', '--username', username, '--role', 'root'], { stdin: PASSWORD })).stderr,
    ).toMatch(/--role must be one of/);
    expect((await cli(['create', '--username', username, '--role', 'admin', '--password', 'x'])).code).toBe(
      2,
    );
    expect((await login(username, PASSWORD)).status).toBe(401);
  });
});
