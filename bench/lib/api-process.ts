/**
 * The API under test, as it runs in production: the compiled server (`node dist/server/index.js`,
 * like `npm run serve`; built first with `npm run build:server`) in a process of its own, on a free loopback port, against the benchmark's Neo4j,
 * with logging at `warn`, and an app store of its own (a SQLite file in a temporary folder). A
 * benchmark user and an API token are created directly in that store beforehand (as the test
 * set-up does), so every request goes through the real access control.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomSecret } from '../../server/auth/secrets.js';
import { openAppStore } from '../../server/app-store/app-store.js';
import { createSession } from '../../server/auth/session-store.js';
import { createApiToken } from '../../server/auth/token-store.js';
import { createUser } from '../../server/auth/user-store.js';
import { DEFAULT_SECURITY } from '../../server/auth/settings.js';
import { freePort } from '../../server/local-neo4j/local-neo4j.js';
import { ROOT, type BenchNeo4j } from './bench-neo4j.js';
import { registerCleanup } from './cleanup.js';

export interface ApiProcess {
  url: string;
  /** Bearer token of the benchmark's admin user. */
  token: string;
  /** A signed-in browser session of the same user (the `casegraph_session` cookie). */
  sessionId: string;
  /** The API's SQLite app store (users, sessions, tokens, audit). */
  appStoreFile: string;
  /** The node process serving HTTP. */
  serverPid(): number;
  stop(): Promise<void>;
}

export const BENCH_USER = 'bench-admin';

/** A fresh app-store file with the benchmark user, its token and a session (removed at exit). */
async function benchCredentials(): Promise<{ file: string; token: string; sessionId: string }> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-bench-app-store-'));
  registerCleanup(async () => fs.rmSync(folder, { recursive: true, force: true }));
  const file = path.join(folder, 'casegraph.sqlite');
  const store = await openAppStore({ dialect: 'sqlite', file });
  try {
    await createUser(store, { username: BENCH_USER, role: 'admin', password: randomSecret(18) });
    const { token } = await createApiToken(store, BENCH_USER, 'bench');
    const session = await createSession(store, BENCH_USER, {
      idleMs: DEFAULT_SECURITY.sessionIdleMinutes * 60_000,
      absoluteMs: DEFAULT_SECURITY.sessionAbsoluteHours * 3_600_000,
    });
    return { file, token, sessionId: session.id };
  } finally {
    await store.close();
  }
}

/** Compiles the server as `npm start` does (incremental: seconds when nothing changed). */
export function buildServer(): void {
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

/** The compiled server, running: where it listens, its process, how to stop it. */
export interface RunningApi {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the compiled server against `neo4j` with the app store in `appStoreFile` and waits until
 * /api/ready answers 200. `nodeArgs` go to Node before the script (BENCH_API_NODE_ARGS adds more).
 */
export async function spawnApi(
  neo4j: BenchNeo4j,
  appStoreFile: string,
  log: (m: string) => void,
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<RunningApi> {
  const port = await freePort();
  // BENCH_API_NODE_ARGS passes Node flags to the API alone, e.g. to profile it:
  //   BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench -- --only latency
  const extraArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  buildServer();
  const child = spawn(process.execPath, [...nodeArgs, ...extraArgs, 'dist/server/index.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NEO4J_URI: neo4j.uri,
      NEO4J_USER: neo4j.user,
      NEO4J_PASSWORD: neo4j.password,
      NEO4J_DATABASE: neo4j.database,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      APP_STORE_FILE: appStoreFile,
      ...extraEnv,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('the API exited while starting');
    try {
      if ((await fetch(`${url}/api/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error('the API did not become ready in 3 minutes');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  log(`  API ready at ${url}`);
  return {
    url,
    pid: child.pid!,
    stop: registerCleanup(async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }),
  };
}

/** Starts the compiled server against `neo4j` and waits until /api/ready answers 200. */
export async function startApiProcess(
  neo4j: BenchNeo4j,
  log: (m: string) => void,
  extraEnv: Record<string, string> = {},
): Promise<ApiProcess> {
  const { file: appStoreFile, token, sessionId } = await benchCredentials();
  const api = await spawnApi(neo4j, appStoreFile, log, extraEnv);
  return { url: api.url, token, sessionId, appStoreFile, serverPid: () => api.pid, stop: api.stop };
}
