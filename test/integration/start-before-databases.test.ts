/**
 * Issue 17, item 2: the server starts while its databases are not there yet. It listens at once;
 * liveness answers, readiness is 503 saying what it waits for, every other API route a 503
 * STARTING with Retry-After (never a 500); and as soon as the database answers, start-up
 * completes with a log line per step: schema, seed, first admin on a fresh Neo4j that came up
 * 30 s after the app; migrations on a PostgreSQL app store that came back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startLocalNeo4j, type LocalNeo4jHandle } from '../../server/local-neo4j/local-neo4j.js';
import { testNeo4j } from '../support/neo4j.js';
import { createPostgresDatabase, pauseTestPostgres, resumeTestPostgres } from '../support/postgres.js';

const root = path.resolve(import.meta.dirname, '../..');

interface Started {
  base: string;
  child: ChildProcess;
  /** Log lines (pino JSON) so far. */
  log: { msg?: string; level?: number }[];
  stderr: () => string;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function startApp(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  });
  const log: Started['log'] = [];
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      try {
        log.push(JSON.parse(line) as Started['log'][number]);
      } catch {
        log.push({ msg: line });
      }
    }
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const base = `http://127.0.0.1:${port}`;
  await until(() => fetch(`${base}/api/health`).then((r) => r.ok), 60_000, 'the server to listen');
  return { base, child, log, stderr: () => stderr };
}

async function until(check: () => Promise<boolean>, withinMs: number, what: string): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`waited ${withinMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** While starting: liveness 200, readiness 503 naming `waitingFor`, other routes 503 STARTING. */
async function expectStarting(base: string, waitingFor: RegExp): Promise<void> {
  expect((await fetch(`${base}/api/health`)).status).toBe(200);
  const ready = await fetch(`${base}/api/ready`);
  expect(ready.status).toBe(503);
  expect(ready.headers.get('retry-after')).toBe('5');
  expect(((await ready.json()) as { reason: string }).reason).toMatch(waitingFor);
  for (const [method, url] of [
    ['GET', '/api/search?q=Phantom'],
    ['POST', '/api/auth/login'],
    ['GET', '/api/queries'],
  ] as const) {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(method === 'POST' && { body: JSON.stringify({ username: 'admin', password: 'x' }) }),
    });
    expect(res.status, url).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('STARTING');
  }
}

function messages(started: Started): string[] {
  return started.log.map((line) => String(line.msg ?? ''));
}

describe('when the server starts before its databases', () => {
  it('when Neo4j comes up 30 s after the app, then the app waits with 503s and then applies the schema, seeds and makes the first admin', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-late-neo4j-'));
    const boltPort = await freePort();
    const password = randomBytes(12).toString('hex');
    const late: { neo4j?: LocalNeo4jHandle } = {};
    cleanups.push(async () => {
      await late.neo4j?.stop(20_000);
      fs.rmSync(home, { recursive: true, force: true });
    });

    const startedAt = Date.now();
    const app = await startApp({
      NEO4J_URI: `bolt://127.0.0.1:${boltPort}`,
      NEO4J_USER: 'neo4j',
      NEO4J_PASSWORD: password,
      NEO4J_DATABASE: 'neo4j',
      // An empty store (not the test users' template): a newcomer's first start.
      APP_STORE_FILE: path.join(home, 'app-store', 'casegraph.sqlite'),
    });
    await expectStarting(app.base, /^starting: waiting for Neo4j$/);
    expect(messages(app)).toContain('casegraph is serving ' + app.base);
    expect(messages(app).some((m) => /^Neo4j is not answering yet/.test(m))).toBe(true);

    await new Promise((r) => setTimeout(r, Math.max(0, startedAt + 30_000 - Date.now())));
    await expectStarting(app.base, /^starting: waiting for Neo4j$/);
    late.neo4j = await startLocalNeo4j({
      homeDir: home,
      boltPort,
      password,
      heap: '512m',
      pageCache: '128m',
      txTimeoutMs: 30_000,
      // A fresh local Neo4j gets its password only once it has booted (neo4j/neo4j before): the
      // app's tries meanwhile are refused, and Neo4j's lock after 3 refusals would also shut out
      // the password change. A server with its password set before boot (Docker's NEO4J_AUTH)
      // has no such window.
      extraSettings: { 'dbms.security.auth_max_failed_attempts': '0' },
    });
    await until(() => fetch(`${app.base}/api/ready`).then((r) => r.ok), 180_000, 'readiness');

    // Each step said so, in order.
    const said = messages(app);
    const at = (pattern: RegExp) => said.findIndex((m) => pattern.test(m));
    const steps = [
      /^Neo4j answers$/,
      /^no interrupted import to recover$/,
      /^schema applied$/,
      /^the graph is empty: seeding/,
      /^seeded$/,
      /^Created the first admin user "admin"/,
      /^accounts checked$/,
      /^start-up complete/,
    ].map(at);
    expect(
      steps.every((index) => index >= 0),
      said.join('\n'),
    ).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);

    // The password shown once works, and the seeded case is there.
    const shown = /password:\n\s*│\s+(\S+)/.exec(app.stderr())?.[1];
    expect(shown).toBeDefined();
    const login = await fetch(`${app.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: shown }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const search = await fetch(`${app.base}/api/search?q=Phantom%20Secure`, { headers: { cookie } });
    expect(search.status).toBe(200);
    expect(JSON.stringify(await search.json())).toContain('org:phantom-secure');
  }, 300_000);

  it('when the PostgreSQL app store is down at start, then the app waits with 503s and migrates as soon as it is back', async () => {
    const url = await createPostgresDatabase();
    await pauseTestPostgres();
    let paused = true;
    cleanups.push(async () => {
      if (paused) await resumeTestPostgres();
    });
    const neo4j = testNeo4j();
    const app = await startApp({
      NEO4J_URI: neo4j.uri,
      NEO4J_USER: neo4j.user,
      NEO4J_PASSWORD: neo4j.password,
      NEO4J_DATABASE: neo4j.database,
      APP_STORE_URL: url,
    });
    await expectStarting(app.base, /^starting: waiting for the app store$/);
    expect(messages(app).some((m) => /^the app store is not answering yet/.test(m))).toBe(true);

    await resumeTestPostgres();
    paused = false;
    await until(() => fetch(`${app.base}/api/ready`).then((r) => r.ok), 120_000, 'readiness');
    const said = messages(app);
    expect(said).toContain('app store migrated');
    expect(said.some((m) => /^start-up complete/.test(m))).toBe(true);
    expect(app.child.exitCode).toBeNull();
  }, 200_000);
});
