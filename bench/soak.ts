/**
 * `npm run soak -- [--minutes 60] [--connections 8] [--entities 100000]`
 *
 * A long mixed load on loopback, to see whether the API's memory settles. It starts everything
 * fresh: its own Neo4j (temporary home), a generated graph of `--entities` entities loaded
 * through the app's import, and the compiled API (`dist/server/index.js`) with a new app store in
 * a temporary folder and the read cache on. A user is put in that store; the soak signs in as it
 * through the API and asks the API for a token, as a script's author would. Then `--connections`
 * loops send mixed reads with that token (search, entity, neighbours, paths, saved-query runs)
 * while a small, changing case document is imported through the API every 10 minutes.
 *
 * Every answer that is not 2xx is an error, a 401 included, and any error fails the run. The
 * API's RSS is read from /proc every 10 s beside the load average; the run fails too when the
 * least-squares slope over the last 30 minutes is above 0.2 MB/min. The report goes to
 * bench/results/soak-<timestamp>.json (every sample) and .md (the summary).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAppStore } from '../server/app-store/app-store.js';
import { randomSecret } from '../server/auth/secrets.js';
import { createUser } from '../server/auth/user-store.js';
import { importCaseDocument } from '../server/import/import-service.js';
import { loadModel, type CaseDocument } from '../server/model/model.js';
import { applySchema } from '../server/schema/apply-schema.js';
import { spawnApi } from './lib/api-process.js';
import { memoryFor, ROOT, startBenchNeo4j } from './lib/bench-neo4j.js';
import { cleanupAll, registerCleanup } from './lib/cleanup.js';
import { benchCase } from './lib/dataset.js';
import { machineInfo } from './lib/machine.js';
import { round } from './lib/stats.js';
import {
  buildSoakReport,
  classifyStatus,
  KindTally,
  lastMinutes,
  renderSoakMarkdown,
  slopeMbPerMinute,
  type MemorySample,
  type SoakReport,
  type SoakSettings,
} from './lib/soak-report.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
}

const SAMPLE_EVERY_MS = 10_000;
const IMPORT_EVERY_MINUTES = 10;
/** The first import comes early, so that a short run imports too. */
const FIRST_IMPORT_AFTER_MS = 60_000;
const REQUEST_TIMEOUT_MS = 60_000;
const READ_CACHE_MB = 64;
const USERNAME = 'soak';
/** The API's default USER_CYPHER_RUNS_PER_USER. */
const QUERY_RUNS_PER_USER = 2;

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return Math.round((kb / 1024) * 10) / 10;
  } catch {
    return 0;
  }
}

/** A fresh app store in a temporary folder with the soak's user; returns the file and password. */
async function freshAppStore(): Promise<{ file: string; password: string }> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-soak-app-store-'));
  registerCleanup(async () => fs.rmSync(folder, { recursive: true, force: true }));
  const file = path.join(folder, 'casegraph.sqlite');
  const password = randomSecret(18);
  const store = await openAppStore({ dialect: 'sqlite', file });
  try {
    // An admin: the same token must be allowed to import.
    await createUser(store, { username: USERNAME, role: 'admin', password });
  } finally {
    await store.close();
  }
  return { file, password };
}

/** Signs in through the API and creates an API token there, as a script's author would. */
async function tokenThroughApi(url: string, password: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USERNAME, password }),
  });
  if (login.status !== 200) throw new Error(`sign-in answered ${login.status}: ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const me = (await login.json()) as { csrfToken: string | null };
  const created = await fetch(`${url}/api/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken ?? '' },
    body: JSON.stringify({ name: 'soak', expiresInDays: 1 }),
  });
  if (created.status !== 201) throw new Error(`token creation answered ${created.status}`);
  const { token } = (await created.json()) as { token: string };
  const check = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  const via = ((await check.json()) as { via?: string }).via;
  if (check.status !== 200 || via !== 'token')
    throw new Error(`the new token is not accepted (${check.status})`);
  return token;
}

/** The `round`-th import: a person renamed each time and a new person and fact, so it writes. */
function importDocument(round: number, deviceId: string): CaseDocument {
  return {
    case: { id: 'case:soak', title: 'Soak', summary: `Imported by the soak, round ${round}.` },
    sources: [{ id: 'src:soak', title: 'Soak source' }],
    entities: [
      {
        type: 'Person',
        id: 'person:soak',
        name: `Soak Person ${round}`,
        aliases: [],
        properties: {},
        sources: ['src:soak'],
      },
      {
        type: 'Person',
        id: `person:soak-${round}`,
        name: `Soak Newcomer ${round}`,
        aliases: [],
        properties: {},
        sources: ['src:soak'],
      },
    ],
    facts: [
      {
        id: `fact:soak-${round}`,
        type: 'USED',
        from: `person:soak-${round}`,
        to: deviceId,
        claim: `Soak link ${round}.`,
        status: 'reported',
        confidence: 0.5,
        sources: ['src:soak'],
        properties: {},
      },
    ],
  } as CaseDocument;
}

/** Mostly low indexes (the hubs and the entities investigators keep opening), with a long tail. */
function skewed<T>(list: readonly T[]): T {
  return list[Math.floor(list.length * Math.random() ** 3)]!;
}

interface SavedQueryInfo {
  id: string;
  parameters: { name: string; type: string; required: boolean; entityTypes?: string[] }[];
}

async function main(): Promise<void> {
  const minutes = option('minutes', 60);
  const connections = option('connections', 8);
  const entities = option('entities', 100_000);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping what the soak started…`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }

  log(`starting Neo4j for ${entities} entities…`);
  const neo4j = await startBenchNeo4j({ ...memoryFor(entities), log });
  const doc = benchCase(entities);
  const idsByType = new Map<string, string[]>();
  for (const e of doc.entities) idsByType.set(e.type, [...(idsByType.get(e.type) ?? []), e.id]);
  idsByType.set(
    'Source',
    doc.sources.map((s) => s.id),
  );
  log(`loading ${doc.entities.length} entities and ${doc.facts.length} facts through the app's import…`);
  const model = loadModel();
  await applySchema(neo4j.driver, neo4j.database, model);
  const loadStarted = performance.now();
  await importCaseDocument({ driver: neo4j.driver, database: neo4j.database, model }, doc);
  log(`  loaded in ${Math.round((performance.now() - loadStarted) / 1000)} s`);

  const appStore = await freshAppStore();
  const probeFile = path.join(path.dirname(appStore.file), 'memory-probe.jsonl');
  const api = await spawnApi(
    neo4j,
    appStore.file,
    log,
    { READ_CACHE_MB: String(READ_CACHE_MB), SOAK_MEMORY_PROBE: probeFile },
    ['--import', path.join(ROOT, 'bench/lib/memory-probe.mjs')],
  );
  const token = await tokenThroughApi(api.url, appStore.password);
  log('  signed in and created an API token through the API');
  const auth = { authorization: `Bearer ${token}` };

  const people = idsByType.get('Person') ?? [];
  const devices = idsByType.get('Device') ?? [];
  const anyEntity = doc.entities.map((e) => e.id);
  const queries = (
    (await (await fetch(`${api.url}/api/queries`, { headers: auth })).json()) as {
      queries: SavedQueryInfo[];
    }
  ).queries;
  // A run needs a value for each required parameter; entity ones get an id of the first type named.
  const runnable = queries.flatMap((q) => {
    const required = q.parameters.filter((p) => p.required);
    const pools = required.map((p) =>
      p.type === 'entity' ? idsByType.get(p.entityTypes?.[0] ?? '') : undefined,
    );
    if (pools.some((ids) => !ids?.length)) return [];
    return [{ id: q.id, required: required.map((p, i) => ({ name: p.name, ids: pools[i]! })) }];
  });
  log(`  ${runnable.length} of ${queries.length} saved queries can run`);

  const get = (p: string) =>
    fetch(`${api.url}${p}`, { headers: auth, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const post = (p: string, body: unknown) =>
    fetch(`${api.url}${p}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  const searchWords = ['Person', 'Device', 'Organisation', 'Server', 'Country', 'Soak'];
  const kinds: [string, number, () => Promise<Response>][] = [
    [
      'search',
      30,
      () =>
        get(
          `/api/search?q=${encodeURIComponent(`${searchWords[Math.floor(Math.random() * searchWords.length)]!} ${Math.floor(Math.random() * 500)}`)}`,
        ),
    ],
    ['entity', 25, () => get(`/api/entities/${encodeURIComponent(skewed(anyEntity))}`)],
    [
      'neighbours',
      20,
      () => get(`/api/entities/${encodeURIComponent(skewed(anyEntity))}/neighbours?limit=50`),
    ],
    [
      'paths',
      10,
      () =>
        get(
          `/api/paths?from=${encodeURIComponent(skewed(people))}&to=${encodeURIComponent(skewed(devices))}&mode=shortest`,
        ),
    ],
    [
      'saved-query',
      15,
      () => {
        const run = runnable[Math.floor(Math.random() * runnable.length)]!;
        const params = Object.fromEntries(run.required.map((p) => [p.name, skewed(p.ids)]));
        return post(`/api/queries/${encodeURIComponent(run.id)}/run`, { params, rowLimit: 200 });
      },
    ],
  ];
  const totalWeight = kinds.reduce((s, k) => s + k[1], 0);
  // The API lets one user run USER_CYPHER_RUNS_PER_USER (2) saved queries at once and answers 429
  // beyond; the soak behaves like a client that knows it and picks another read meanwhile.
  let queryRunsInFlight = 0;
  const pick = (): (typeof kinds)[number] => {
    let r = Math.random() * totalWeight;
    const kind = kinds.find((k) => (r -= k[1]) < 0) ?? kinds[0]!;
    return kind[0] === 'saved-query' && queryRunsInFlight >= QUERY_RUNS_PER_USER ? pick() : kind;
  };

  const tallies = new Map<string, KindTally>();
  const firstErrors: SoakReport['firstErrors'] = [];
  const imports: SoakReport['imports'] = [];
  const samples: MemorySample[] = [];
  const started = Date.now();
  const startedAt = new Date(started);
  const endAt = started + minutes * 60_000;
  const seconds = () => (Date.now() - started) / 1000;

  /** Sends one request, reads the whole answer, and tallies it. */
  const send = async (kind: string, request: () => Promise<Response>): Promise<number> => {
    const t = performance.now();
    let status = 0;
    let body: string;
    try {
      const res = await request();
      status = res.status;
      body = await res.text();
    } catch (error) {
      body = String(error);
    }
    const ms = performance.now() - t;
    const tally = tallies.get(kind) ?? new KindTally();
    tally.add(status, ms);
    tallies.set(kind, tally);
    if (classifyStatus(status) !== 'ok') {
      if (firstErrors.length < 20)
        firstErrors.push({ atSeconds: Math.round(seconds()), kind, status, body: body.slice(0, 300) });
      if (firstErrors.length <= 5) log(`  error: ${kind} → ${status} ${body.slice(0, 200)}`);
    }
    return status;
  };

  const sample = () => {
    samples.push({
      atSeconds: Math.round(seconds()),
      rssMb: rssMb(api.pid),
      load1m: Math.round(os.loadavg()[0]! * 100) / 100,
    });
  };
  sample();
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);
  const progress = setInterval(() => {
    const requests = [...tallies.values()].reduce((s, t) => s + t.latenciesMs.length, 0);
    const errors = [...tallies.values()].reduce((s, t) => s + t.errors, 0);
    const last = samples.at(-1);
    log(
      `  ${Math.round(seconds() / 60)} min: ${requests} requests, ${errors} errors, RSS ${last?.rssMb} MB, load ${last?.load1m}`,
    );
  }, 60_000);

  let importRound = 0;
  const runImport = async () => {
    const n = ++importRound;
    const t = performance.now();
    const status = await send('import', () =>
      post('/api/admin/import', importDocument(n, devices[n % devices.length]!)),
    );
    imports.push({ atSeconds: Math.round(seconds()), status, ms: Math.round(performance.now() - t) });
    log(`  import ${n} → ${status}`);
  };
  const importTimers: NodeJS.Timeout[] = [];
  for (let at = FIRST_IMPORT_AFTER_MS; at < minutes * 60_000; at += IMPORT_EVERY_MINUTES * 60_000)
    importTimers.push(setTimeout(() => void runImport(), at));

  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < endAt) {
        const [kind, , request] = pick();
        if (kind === 'saved-query') queryRunsInFlight++;
        await send(kind, request).finally(() => {
          if (kind === 'saved-query') queryRunsInFlight--;
        });
      }
    }),
  );
  const durationSeconds = seconds();
  clearInterval(sampler);
  clearInterval(progress);
  for (const timer of importTimers) clearTimeout(timer);
  sample();

  // The server's own view of its memory at the end (the probe's last line), beside RSS.
  const probeLines = fs.existsSync(probeFile) ? fs.readFileSync(probeFile, 'utf8').trim().split('\n') : [];
  const probe = probeLines.map((l) => JSON.parse(l) as Record<string, number>);
  const mb = (b: number | undefined) => Math.round(((b ?? 0) / 2 ** 20) * 10) / 10;
  // Per thread (0 is the main one; the others are user-Cypher workers, each with its own heap).
  const heapByThread = new Map<number, { atSeconds: number; rssMb: number }[]>();
  for (const p of probe) {
    const list = heapByThread.get(p.thread ?? 0) ?? [];
    list.push({ atSeconds: p.atSeconds!, rssMb: mb(p.heapUsed) });
    heapByThread.set(p.thread ?? 0, list);
  }
  const heapUsed = Object.fromEntries(
    [...heapByThread].map(([thread, list]) => [
      `thread ${thread}`,
      {
        lastMb: list.at(-1)?.rssMb,
        slopeWholeRunMbPerMinute: round(slopeMbPerMinute(list), 3),
        slopeWindowMbPerMinute: round(slopeMbPerMinute(lastMinutes(list, 30)), 3),
        samples: list.map((h) => [h.atSeconds, h.rssMb]),
      },
    ]),
  );
  const mainLast = probe.filter((p) => !p.thread).at(-1) ?? {};

  const settings: SoakSettings = {
    minutes,
    connections,
    entities,
    facts: doc.facts.length,
    importEveryMinutes: IMPORT_EVERY_MINUTES,
    readCacheMb: READ_CACHE_MB,
    maxSlopeMbPerMinute: 0.2,
    windowMinutes: 30,
  };
  const report = buildSoakReport({
    startedAt,
    settings,
    machine: { ...machineInfo(neo4j.version) },
    durationSeconds,
    kinds: tallies,
    firstErrors,
    imports,
    samples,
    serverEnd: {
      mainThreadLastMb: Object.fromEntries(
        Object.entries(mainLast)
          .filter(([k]) => k !== 'atSeconds' && k !== 'thread')
          .map(([k, v]) => [k, mb(v)]),
      ),
      // The V8 heaps' own slopes: a leak of JavaScript objects shows here, apart from RSS.
      heapUsed,
    },
  });
  await api.stop();
  await neo4j.stop();
  await cleanupAll();

  const results = path.join(ROOT, 'bench/results');
  fs.mkdirSync(results, { recursive: true });
  const base = path.join(results, `soak-${startedAt.toISOString().replace(/[:.]/g, '-')}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, renderSoakMarkdown(report));
  console.log(renderSoakMarkdown(report));
  log(`report: ${path.relative(ROOT, base)}.json and .md`);
  process.exit(report.verdict.passed ? 0 : 1);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await cleanupAll();
  process.exit(1);
});
