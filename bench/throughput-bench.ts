/**
 * Throughput: autocannon against the API at 1, 16 and 64 connections, beside two servers (each in
 * its own process too) returning the same JSON, captured from the API once: a plain `node:http`
 * server, and the API's HTTP stack alone (Express, helmet, pino-http, `res.json`) without access
 * control, audit, Neo4j or mapping. plain → express is what the HTTP layer costs; express → API is
 * what answering costs (token look-up, the queries, mapping). The API runs twice: as clients get
 * it (repeats come from the read cache, server/read-cache/), and with `Cache-Control: no-cache`
 * on every request (Neo4j, mapping and JSON every time). All servers and autocannon share the
 * machine's two cores (and the API shares them with Neo4j as well).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { ApiProcess } from './lib/api-process.js';
import { ROOT, type BenchNeo4j } from './lib/bench-neo4j.js';
import { HttpClient } from './lib/http.js';
import { round } from './lib/stats.js';

export interface CannonFigures {
  requestsPerS: number;
  bytesPerS: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export interface ThroughputCase {
  name: string;
  path: string;
  bytes: number;
  large: boolean;
  connections: number;
  /** The API as clients get it: after the first request, answers come from the read cache. */
  api: CannonFigures;
  /** The API with `Cache-Control: no-cache`: every answer computed. */
  apiUncached: CannonFigures;
  /** What the API said of the captured answer's second request (`X-Casegraph-Cache`). */
  cacheHeader: string;
  plain: CannonFigures;
  /** The API's HTTP stack alone serving the captured JSON. */
  express: CannonFigures;
  /** API bytes/s over the plain server's. */
  bytesRatio: number;
  /** Uncached API bytes/s over the plain server's. */
  uncachedRatio: number;
  /** The HTTP stack's bytes/s over the plain server's: what Express and its middleware cost. */
  expressRatio: number;
}

export interface ThroughputBenchResult {
  durationS: number;
  cases: ThroughputCase[];
  /** Large responses at ≥ 0.8× the plain server's bytes/s, at every connection count. */
  largeMet: boolean;
}

async function cannon(url: string, connections: number, durationS: number, headers: Record<string, string>) {
  const result = await autocannon({ url, connections, duration: durationS, headers, pipelining: 1 });
  return {
    requestsPerS: round(result.requests.average, 1),
    bytesPerS: Math.round(result.throughput.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  } satisfies CannonFigures;
}

async function startPlainServer(
  bodyFile: string,
  kind: 'plain' | 'express',
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(
    path.join(ROOT, 'node_modules/.bin/tsx'),
    [path.join(ROOT, 'bench/lib/plain-server.ts'), bodyFile, kind],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', () => reject(new Error('the plain server exited')));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function runThroughputBench(options: {
  neo4j: BenchNeo4j;
  api: ApiProcess;
  size: number;
  quick: boolean;
  log: (m: string) => void;
}): Promise<ThroughputBenchResult> {
  const { api, quick, log } = options;
  const durationS = quick ? 3 : 10;
  const headers = { authorization: `Bearer ${api.token}` };
  const responses = [
    {
      name: 'expand supernode, limit 500',
      path: '/api/entities/organisation%3Agen-0/neighbours?limit=500',
      large: true,
    },
    { name: 'entity detail, median person', path: '/api/entities/person%3Agen-4242', large: false },
  ];
  const client = new HttpClient(api.url, headers);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-bench-plain-'));
  const cases: ThroughputCase[] = [];
  try {
    for (const response of responses) {
      const captured = await client.request('GET', response.path);
      if (captured.status !== 200) throw new Error(`${response.path} answered ${captured.status}`);
      const cacheHeader = String(
        (await client.request('GET', response.path)).headers['x-casegraph-cache'] ?? 'none',
      );
      const file = path.join(dir, 'body.json');
      fs.writeFileSync(file, captured.body);
      const plain = await startPlainServer(file, 'plain');
      const stack = await startPlainServer(file, 'express');
      try {
        for (const connections of [1, 16, 64]) {
          const apiFigures = await cannon(`${api.url}${response.path}`, connections, durationS, headers);
          const uncachedFigures = await cannon(`${api.url}${response.path}`, connections, durationS, {
            ...headers,
            'cache-control': 'no-cache',
          });
          const plainFigures = await cannon(`${plain.url}${response.path}`, connections, durationS, headers);
          const expressFigures = await cannon(
            `${stack.url}${response.path}`,
            connections,
            durationS,
            headers,
          );
          const bytesRatio = round(apiFigures.bytesPerS / plainFigures.bytesPerS, 3);
          const uncachedRatio = round(uncachedFigures.bytesPerS / plainFigures.bytesPerS, 3);
          const expressRatio = round(expressFigures.bytesPerS / plainFigures.bytesPerS, 3);
          log(
            `    ${response.name} × ${connections}: API ${apiFigures.requestsPerS} req/s (uncached ${uncachedFigures.requestsPerS}), HTTP stack ${expressFigures.requestsPerS} req/s, plain ${plainFigures.requestsPerS} req/s (API ${bytesRatio}×, uncached ${uncachedRatio}×, stack ${expressRatio}× bytes/s)`,
          );
          cases.push({
            name: response.name,
            path: response.path,
            bytes: captured.bytes,
            large: response.large,
            connections,
            api: apiFigures,
            apiUncached: uncachedFigures,
            cacheHeader,
            plain: plainFigures,
            express: expressFigures,
            bytesRatio,
            uncachedRatio,
            expressRatio,
          });
        }
      } finally {
        await plain.stop();
        await stack.stop();
      }
    }
  } finally {
    client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return {
    durationS,
    cases,
    largeMet: cases.filter((c) => c.large).every((c) => c.bytesRatio >= 0.8),
  };
}
