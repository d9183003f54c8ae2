/**
 * `npm run soak -- [--minutes 10] [--connections 8] [--url http://127.0.0.1:3000 [--pid P]] [--token T]`
 *
 * A bounded mixed load on loopback: search, entity detail, expansion, paths,
 * saved queries and (idempotent) imports, for a set duration. Reports errors,
 * latency percentiles per kind and the server's memory over time, and says
 * whether memory kept growing. Without --url it starts the app itself
 * (`node dist/server/index.js`, compiled first, which starts a local Neo4j when none is configured)
 * so that it can read the server process's memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../server/local-neo4j/local-neo4j.js';
import { buildServer } from './lib/api-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

const minutes = Number(option('minutes', '10'));
const connections = Number(option('connections', '8'));
const token = option('token', process.env.CASEGRAPH_TOKEN ?? '');
const sampleEveryMs = 10_000;

interface Sample {
  atSeconds: number;
  rssMb: number;
}

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  buildServer();
  const child = spawn(process.execPath, ['dist/server/index.js'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('the server exited while starting');
    try {
      if ((await fetch(`${url}/api/ready`)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the server did not become ready in 3 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Resident memory of a process, from /proc (Linux). */
function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Least-squares slope in MB per minute. */
function slopePerMinute(samples: Sample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mx = samples.reduce((s, x) => s + x.atSeconds, 0) / n;
  const my = samples.reduce((s, x) => s + x.rssMb, 0) / n;
  const num = samples.reduce((s, x) => s + (x.atSeconds - mx) * (x.rssMb - my), 0);
  const den = samples.reduce((s, x) => s + (x.atSeconds - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}

const importDoc = {
  case: { id: 'case:soak', title: 'Soak', summary: 'Re-imported again and again by the soak test.' },
  sources: [{ id: 'src:soak', title: 'Soak source' }],
  entities: [
    {
      type: 'Person',
      id: 'person:soak',
      name: 'Soak Person',
      aliases: [],
      properties: {},
      sources: ['src:soak'],
    },
  ],
  facts: [],
};

async function main(): Promise<void> {
  const external = option('url', '');
  const server = external ? { url: external, child: undefined } : await startServer();
  const pidOption = Number(option('pid', '0'));
  const pid = server.child?.pid ?? (pidOption > 0 ? pidOption : undefined);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const get = (p: string) => fetch(`${server.url}${p}`, { headers });
  const post = (p: string, body: unknown) =>
    fetch(`${server.url}${p}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  // Pick real ids and a saved query from the running server.
  const search = (await (await get('/api/search?q=phantom&limit=5')).json()) as { hits?: { id: string }[] };
  const ids = (search.hits ?? []).map((h) => h.id);
  const from = ids[0] ?? 'org:phantom-secure';
  const to = 'person:vincent-ramos';
  const queries = (await (await get('/api/queries')).json()) as {
    queries?: { id: string; parameters: { required: boolean }[] }[];
  };
  const runnable = (queries.queries ?? []).filter((q) => q.parameters.every((p) => !p.required));

  const kinds: [string, () => Promise<Response>][] = [
    [
      'search',
      () =>
        get(
          `/api/search?q=${encodeURIComponent(['phan', 'ramos', 'cartel', 'server', 'panama'][Math.floor(Math.random() * 5)]!)}`,
        ),
    ],
    ['entity', () => get(`/api/entities/${encodeURIComponent(from)}`)],
    ['neighbours', () => get(`/api/entities/${encodeURIComponent(from)}/neighbours?limit=50`)],
    [
      'paths',
      () => get(`/api/paths?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&mode=shortest`),
    ],
    [
      'saved-query',
      () =>
        runnable.length > 0
          ? post(
              `/api/queries/${encodeURIComponent(runnable[Math.floor(Math.random() * runnable.length)]!.id)}/run`,
              {},
            )
          : get('/api/queries'),
    ],
    ['import', () => post('/api/admin/import', importDoc)],
  ];
  const weights = [30, 20, 20, 10, 15, 5];
  const pick = () => {
    let r = Math.random() * 100;
    for (let i = 0; i < kinds.length; i++) if ((r -= weights[i]!) < 0) return kinds[i]!;
    return kinds[0]!;
  };

  const latencies = new Map<string, number[]>();
  const statuses = new Map<string, number>();
  let requests = 0;
  let errors = 0;
  const samples: Sample[] = [];
  const started = Date.now();
  const endAt = started + minutes * 60_000;
  const sample = () => {
    if (pid) samples.push({ atSeconds: Math.round((Date.now() - started) / 1000), rssMb: rssMb(pid) });
  };
  sample();
  const sampler = setInterval(sample, sampleEveryMs);

  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < endAt) {
        const [kind, send] = pick();
        const t = performance.now();
        let status: number;
        try {
          const res = await send();
          await res.arrayBuffer();
          status = res.status;
        } catch {
          status = 0;
        }
        const ms = performance.now() - t;
        requests++;
        if (status === 0 || status >= 500) errors++;
        statuses.set(`${kind} ${status}`, (statuses.get(`${kind} ${status}`) ?? 0) + 1);
        const list = latencies.get(kind) ?? [];
        list.push(ms);
        latencies.set(kind, list);
      }
    }),
  );
  clearInterval(sampler);
  sample();

  const all = [...latencies.values()].flat().sort((a, b) => a - b);
  const report = {
    minutes,
    connections,
    requests,
    errors,
    requestsPerSecond: Math.round(requests / ((Date.now() - started) / 1000)),
    latencyMs: { p50: Math.round(percentile(all, 50)), p99: Math.round(percentile(all, 99)) },
    byKind: Object.fromEntries(
      [...latencies].map(([kind, list]) => {
        const sorted = list.sort((a, b) => a - b);
        return [
          kind,
          {
            n: sorted.length,
            p50: Math.round(percentile(sorted, 50)),
            p99: Math.round(percentile(sorted, 99)),
          },
        ];
      }),
    ),
    statuses: Object.fromEntries(statuses),
    memory: pid
      ? {
          startMb: samples[0]?.rssMb,
          endMb: samples.at(-1)?.rssMb,
          maxMb: Math.max(...samples.map((s) => s.rssMb)),
          // Growth over the second half, after warm-up (JIT, caches, pools).
          secondHalfSlopeMbPerMinute: Number(
            slopePerMinute(samples.slice(Math.floor(samples.length / 2))).toFixed(2),
          ),
          samples,
        }
      : 'not measured (external --url without --pid)',
  };
  fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  const file = path.join(
    root,
    'bench/results',
    `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(
    JSON.stringify(
      { ...report, memory: pid ? { ...(report.memory as object), samples: undefined } : report.memory },
      null,
      2,
    ),
  );
  console.log(`Full report: ${path.relative(root, file)}`);

  if (server.child) {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child!.once('exit', r));
  }
  const growing = typeof report.memory === 'object' && report.memory.secondHalfSlopeMbPerMinute > 5;
  if (growing) console.error('Memory kept growing over the second half of the run.');
  process.exit(errors > 0 || growing ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
