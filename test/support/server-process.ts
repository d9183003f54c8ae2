/**
 * The real server, compiled (`node dist/server/index.js`, what `npm start` runs; the integration
 * tests' global setup builds it), in a process of its own, for tests that need more than the in-process app: several processes, signals, start-up.
 * It talks to the shared test Neo4j unless `env` says otherwise, and to the app store `env` names.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
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
  const child = spawn(process.execPath, ['dist/server/index.js'], {
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
  const base = `${env.TLS_CERT_FILE ? 'https' : 'http'}://127.0.0.1:${port}`;
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
    const ok = await getStatus(`${base}/api/ready`).then(
      (status) => status === 200,
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

/**
 * GET over HTTP or HTTPS; a test server's self-signed certificate is accepted (Node's fetch has
 * no switch for that). Resolves with the status and headers once the body is read.
 */
export function getAnswer(
  url: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { rejectUnauthorized: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    request.on('error', reject);
  });
}

async function getStatus(url: string): Promise<number> {
  return (await getAnswer(url)).status;
}
