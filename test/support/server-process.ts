/**
 * The real server (`node --import tsx server/index.ts`) in a process of its own, as production
 * runs it, for tests that need more than the in-process app: several processes, signals, start-up.
 * It talks to the shared test Neo4j unless `env` says otherwise, and to the app store `env` names.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../server/local-neo4j/local-neo4j.js';
import { testNeo4j } from './neo4j.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  base: string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Starts a server and resolves once `/api/ready` answers 200 (rejects if it exits first). */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const { uri, user, password, database } = testNeo4j();
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NEO4J_URI: uri,
      NEO4J_USER: user,
      NEO4J_PASSWORD: password,
      NEO4J_DATABASE: database,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const stop = async (graceMs = 20_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    }
    return exited;
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} while starting`);
    const ok = await fetch(`${base}/api/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 480) {
      await stop(1_000);
      throw new Error('the server did not become ready in 2 minutes');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, child, stop };
}
