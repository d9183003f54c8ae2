/**
 * Latency, API vs raw driver. For each case the API's own service code is run once in-process on
 * a recording driver (bench/lib/recording-driver.ts), which yields the exact statements, with
 * their parameters and transaction boundaries, that the API runs for that request. The raw side
 * replays those through neo4j-driver alone; the API side sends the HTTP request to the API
 * process (token auth, access control, audit, mapping, JSON: everything). The two alternate, in
 * random order, request by request. Saved queries replay without the console's EXPLAIN check and
 * without the entity-parameter check: those are the API's safety work, so they count as overhead.
 *
 * The API side sends `Cache-Control: no-cache`, so every answer is computed (Neo4j, mapping,
 * JSON) as the raw side's is. What the read cache then makes of a repeated GET is measured
 * apart, after the pairs (`cached`): the same requests without that header.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import type { NeighboursPage } from '../server/contract.js';
import { runUserCypher } from '../server/user-cypher/read-runner.js';
import { explorerContext, type ExplorerContext } from '../server/graph/context.js';
import { entityDetail } from '../server/graph/entity-service.js';
import { neighboursPage } from '../server/graph/neighbours-service.js';
import { findPaths, DEFAULT_MAX_HOPS, DEFAULT_PATHS_TIMEOUT_MS } from '../server/graph/paths-service.js';
import { createLogger } from '../server/logger.js';
import { LIBRARY_ID_PREFIX, loadLibrary } from '../server/queries/library.js';
import { toCypherValues, validateRunParameters } from '../server/queries/parameters.js';
import { DEFAULT_LIMITS } from '../server/user-cypher/limits.js';
import { search } from '../server/search/search-service.js';
import { openAppStore } from '../server/app-store/app-store.js';
import { resolveApiToken } from '../server/auth/token-store.js';
import { AppStoreAuditLog } from '../server/audit/audit-log.js';
import type { JsonValue } from '../server/contract.js';
import type { ApiProcess } from './lib/api-process.js';
import type { BenchNeo4j } from './lib/bench-neo4j.js';
import { HttpClient } from './lib/http.js';
import { recordingDriver, replay, type RecordedTransaction } from './lib/recording-driver.js';
import { percentiles, round, type Percentiles } from './lib/stats.js';

export interface LatencyCaseResult {
  name: string;
  request: string;
  statements: number;
  transactions: number;
  raw: Percentiles;
  api: Percentiles;
  ratio: { p50: number; p95: number; p99: number };
  /** The same GET requests answered from the read cache (absent for POSTs, which it never keeps). */
  cached?: Percentiles & { ratioP50: number };
  /** p50 ≤ 1.2× and p95 ≤ 1.3× the raw driver's. */
  met: boolean;
  apiBytes: number;
  rawRows: number;
  apiErrors: number;
  note?: string;
}

export interface LatencyBenchResult {
  /**
   * Where the API's extra time goes: the HTTP floor (`GET /api/health`: no sign-in, no Neo4j),
   * a signed-in request with no query of its own (`GET /api/model`: the token look-up only), and
   * the token look-up's query alone through the driver.
   */
  overhead: {
    health: Percentiles;
    model: Percentiles;
    tokenLookup: Percentiles;
    /** One audit event committed to the app store, as a change or query run waits for it. */
    auditWrite?: Percentiles;
    /** `POST /api/cypher` of `RETURN 1`: a query run whose answer waits for its audit event. */
    consoleTrivial?: Percentiles;
  };
  medianNode: { id: string; degree: number; medianDegree: number };
  supernode: { id: string; degree: number };
  cases: (LatencyCaseResult | { name: string; error: string })[];
  supernodeVsMedian: { supernodeP95: number; medianP95: number; ratio: number; met: boolean };
  /**
   * Keyset paging (issue 17): page 100 of the supernode's expansion against page 1, API p50.
   * "The cost stays flat": page 100 within 2× page 1. `hubDegree` says which hub (smaller in --quick).
   */
  deepPage?: { hubDegree: number; page1P50: number; page100P50: number; ratio: number; met: boolean };
}

interface HttpCall {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

interface LatencyCase {
  name: string;
  /** The API requests of one sample (2-hop expansion: several). */
  calls: HttpCall[];
  /** Runs the API's service code for the same request(s) on the recording context. */
  record(context: ExplorerContext): Promise<unknown>;
  rowLimit?: number;
  skipExplain?: boolean;
  note?: string;
}

const enc = encodeURIComponent;

async function pickNodes(driver: Driver, database: string) {
  const { records } = await driver.executeQuery(
    `MATCH (n:Entity) WITH COUNT { (n)--() } AS degree
     RETURN percentileDisc(degree, 0.5) AS median`,
    {},
    { database, routing: 'READ' },
  );
  const medianDegree = Number(records[0]?.get('median') ?? 0);
  // Two people of median degree, far apart in id order (so not neighbours by construction).
  const median = await driver.executeQuery(
    `MATCH (n:Person) WHERE COUNT { (n)--() } = $degree
     WITH n SKIP 100 LIMIT 5000 WITH collect(n.id) AS ids
     RETURN ids[0] AS id, ids[-1] AS other`,
    { degree: neo4j.int(medianDegree) },
    { database, routing: 'READ' },
  );
  const hub = await driver.executeQuery(
    `MATCH (n:Entity {id: 'organisation:gen-0'}) RETURN n.id AS id, COUNT { (n)--() } AS degree`,
    {},
    { database, routing: 'READ' },
  );
  return {
    median: { id: median.records[0]?.get('id') as string, degree: medianDegree, medianDegree },
    other: median.records[0]?.get('other') as string,
    hub: { id: 'organisation:gen-0', degree: Number(hub.records[0]?.get('degree') ?? 0) },
  };
}

/** Saved-query parameters for the benchmark graph (required ones need a value). */
function savedQueryParams(id: string, ids: { median: string; hub: string }): Record<string, JsonValue> {
  switch (id) {
    case 'customers-of-organisation':
      return { organisation: 'organisation:gen-10' };
    case 'facts-citing-source':
      return { source: 'src:gen-0' };
    case 'linked-to-person':
      return { person: ids.median, hops: 2 };
    case 'who-supplied-whom':
      return { supplier: 'organisation:gen-10' };
    default:
      return {};
  }
}

const DEEP_PAGE_CASE = 'expand supernode, page 100 (50)';

function cases(ids: { median: string; other: string; hub: string }, plain: ExplorerContext): LatencyCase[] {
  const list: LatencyCase[] = [];
  const q = 'Device 4242';
  list.push({
    name: 'search',
    calls: [{ method: 'GET', path: `/api/search?q=${enc(q)}` }],
    record: (c) => search(c, { q, types: [], limit: 20 }),
  });
  list.push({
    name: 'entity detail + summary (median node)',
    calls: [{ method: 'GET', path: `/api/entities/${enc(ids.median)}` }],
    record: (c) => entityDetail(c, ids.median),
  });
  list.push({
    name: 'entity detail + summary (supernode)',
    calls: [{ method: 'GET', path: `/api/entities/${enc(ids.hub)}` }],
    record: (c) => entityDetail(c, ids.hub),
  });
  const expand = (key: string) => ({
    key,
    types: [],
    direction: 'both' as const,
    neighbourTypes: [],
    limit: 50,
  });
  list.push({
    name: 'expand median node (50)',
    calls: [{ method: 'GET', path: `/api/entities/${enc(ids.median)}/neighbours?limit=50` }],
    record: (c) => neighboursPage(c, expand(ids.median)),
  });
  list.push({
    name: 'expand supernode (50)',
    calls: [{ method: 'GET', path: `/api/entities/${enc(ids.hub)}/neighbours?limit=50` }],
    record: (c) => neighboursPage(c, expand(ids.hub)),
  });
  // Page 100 of the hub's expansion: the cursor is walked to on a context that records nothing,
  // so the raw side replays page 100's statements alone.
  const deep: LatencyCase = {
    name: DEEP_PAGE_CASE,
    calls: [],
    record: async (c) => {
      let cursor: string | null = null;
      for (let page = 1; page < 100; page++) {
        cursor = (await neighboursPage(plain, { ...expand(ids.hub), cursor: cursor ?? undefined }))
          .nextCursor;
        if (!cursor) throw new Error(`the hub has fewer than 100 pages of 50 (ended at page ${page})`);
      }
      await neighboursPage(c, { ...expand(ids.hub), cursor: cursor! });
      deep.calls = [
        { method: 'GET', path: `/api/entities/${enc(ids.hub)}/neighbours?limit=50&cursor=${enc(cursor!)}` },
      ];
    },
  };
  list.push(deep);
  // Two hops: the median node, then each of its neighbours, as the explorer does it.
  const twoHop: LatencyCase = {
    name: '2-hop expansion (median node, then each neighbour)',
    calls: [],
    record: async (c) => {
      const first: NeighboursPage = await neighboursPage(c, expand(ids.median));
      const next = first.nodes.map((n) => n.id).filter((id) => id !== first.center);
      for (const id of next) await neighboursPage(c, expand(id));
      twoHop.calls = [first.center, ...next].map((id) => ({
        method: 'GET',
        path: `/api/entities/${enc(id)}/neighbours?limit=50`,
      }));
    },
  };
  list.push(twoHop);
  list.push({
    name: 'shortest path (two median people)',
    calls: [{ method: 'GET', path: `/api/paths?from=${enc(ids.median)}&to=${enc(ids.other)}&mode=shortest` }],
    record: (c) =>
      findPaths(c, {
        from: ids.median,
        to: ids.other,
        maxHops: DEFAULT_MAX_HOPS,
        types: [],
        mode: 'shortest',
        k: 3,
        timeoutMs: DEFAULT_PATHS_TIMEOUT_MS,
      }),
  });
  for (const query of loadLibrary()) {
    const short = query.id.slice(LIBRARY_ID_PREFIX.length);
    const params = savedQueryParams(short, { median: ids.median, hub: ids.hub });
    list.push({
      name: `saved query: ${short}`,
      calls: [{ method: 'POST', path: `/api/queries/${enc(query.id)}/run`, body: { params } }],
      record: (c) => {
        const values = validateRunParameters(query.parameters, params);
        return runUserCypher(c, query.cypher, toCypherValues(query.parameters, values), DEFAULT_LIMITS);
      },
      rowLimit: DEFAULT_LIMITS.rowLimit,
      skipExplain: true,
    });
  }
  return list;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

export async function runLatencyBench(options: {
  neo4j: BenchNeo4j;
  api: ApiProcess;
  size: number;
  quick: boolean;
  log: (m: string) => void;
}): Promise<LatencyBenchResult> {
  const { neo4j: db, api, quick, log } = options;
  const picked = await pickNodes(db.driver, db.database);
  log(
    `  median node ${picked.median.id} (degree ${picked.median.degree}), supernode ${picked.hub.id} (degree ${picked.hub.degree})`,
  );
  const recorded: RecordedTransaction[] = [];
  const deps = {
    driver: recordingDriver(db.driver, recorded),
    database: db.database,
    logger: createLogger('silent'),
    lifecycle: { shuttingDown: false },
  };
  const context = explorerContext(deps);
  const plain = explorerContext({ ...deps, driver: db.driver });
  // `--cases a,b`: only the cases whose names contain one of these (a shorter run).
  const only = caseFilter();
  const http = new HttpClient(api.url, { authorization: `Bearer ${api.token}`, 'cache-control': 'no-cache' });
  const cachedHttp = new HttpClient(api.url, { authorization: `Bearer ${api.token}` });
  const maxPairs = quick ? 30 : 200;
  const budgetMs = quick ? 8_000 : 45_000;
  const results: LatencyBenchResult['cases'] = [];
  const sample = async (work: () => Promise<unknown>, n: number) => {
    const ms: number[] = [];
    for (let i = 0; i < n + 5; i++) {
      const t = await timed(work);
      if (i >= 5) ms.push(t.ms);
    }
    return percentiles(ms);
  };
  // The token look-up as the API does it when nothing is remembered: one app-store read.
  const appStore = await openAppStore({ dialect: 'sqlite', file: api.appStoreFile });
  const benchAudit = new AppStoreAuditLog(appStore, createLogger('silent'));
  const overhead = {
    health: await sample(() => http.request('GET', '/api/health'), maxPairs),
    model: await sample(() => http.request('GET', '/api/model'), maxPairs),
    tokenLookup: await sample(() => resolveApiToken(appStore, api.token), maxPairs),
    // The same file as the API's own writer: the chain's lock is shared with the server.
    auditWrite: await sample(
      () =>
        benchAudit.record({
          username: 'bench-admin',
          action: 'console',
          target: 'MATCH (n) RETURN n LIMIT 1',
          status: 200,
          ip: '127.0.0.1',
          details: { rows: 1, outcome: 'complete', truncated: false, parameters: {} },
        }),
      maxPairs,
    ),
    consoleTrivial: await sample(
      () => http.request('POST', '/api/cypher', { cypher: 'RETURN 1 AS one', params: {} }),
      maxPairs,
    ),
  };
  await benchAudit.close();
  await appStore.close();
  log(
    `    overhead p50: GET /api/health ${overhead.health.p50} ms, GET /api/model ${overhead.model.p50} ms, token look-up alone ${overhead.tokenLookup.p50} ms, audit write ${overhead.auditWrite?.p50} ms, console RETURN 1 ${overhead.consoleTrivial?.p50} ms`,
  );
  try {
    for (const c of cases({ median: picked.median.id, other: picked.other, hub: picked.hub.id }, plain)) {
      if (only && !only.some((part) => c.name.includes(part))) continue;
      try {
        // Search's coverage (what the index covers) is read once per 30 s in the API and is not
        // part of a request: read it now, so the recorded statements are the request's alone.
        await context.searchCoverage.coverage();
        recorded.length = 0;
        await c.record(context);
        const transactions = recorded.map((t) => ({ ...t, statements: [...t.statements] }));
        const skip = c.skipExplain ? (s: { text: string }) => s.text.startsWith('EXPLAIN') : undefined;
        const raw = () =>
          replay(db.driver, db.database, transactions, {
            ...(c.rowLimit !== undefined && { rowLimit: c.rowLimit }),
            ...(skip && { skip }),
          });
        let apiErrors = 0;
        let apiBytes = 0;
        const callApi = async () => {
          for (const call of c.calls) {
            const answer = await http.request(call.method, call.path, call.body);
            if (answer.status >= 300) {
              apiErrors++;
              if (apiErrors === 1)
                log(`    ${c.name}: API answered ${answer.status} ${answer.body.toString().slice(0, 200)}`);
            }
            apiBytes = answer.bytes;
          }
        };
        // Warm-up, which also tells how many samples fit the time budget.
        const warm = quick ? 2 : 5;
        const started = performance.now();
        let rawRows = 0;
        for (let i = 0; i < warm; i++) {
          rawRows = (await timed(raw)).value;
          await callApi();
        }
        const pairMs = (performance.now() - started) / warm;
        const pairs = Math.max(5, Math.min(maxPairs, Math.floor(budgetMs / Math.max(pairMs, 1))));
        apiErrors = 0;
        const rawMs: number[] = [];
        const apiMs: number[] = [];
        for (let i = 0; i < pairs; i++) {
          const order = Math.random() < 0.5 ? ['raw', 'api'] : ['api', 'raw'];
          for (const side of order) {
            if (side === 'raw') rawMs.push((await timed(raw)).ms);
            else apiMs.push((await timed(callApi)).ms);
          }
        }
        const rawP = percentiles(rawMs);
        const apiP = percentiles(apiMs);
        let cached: LatencyCaseResult['cached'];
        if (c.calls.every((call) => call.method === 'GET')) {
          const callCached = async () => {
            for (const call of c.calls) await cachedHttp.request(call.method, call.path);
          };
          await callCached(); // fills the cache
          const cachedP = await sample(callCached, pairs);
          cached = { ...cachedP, ratioP50: round(cachedP.p50 / rawP.p50, 2) };
        }
        const ratio = {
          p50: round(apiP.p50 / rawP.p50, 2),
          p95: round(apiP.p95 / rawP.p95, 2),
          p99: round(apiP.p99 / rawP.p99, 2),
        };
        const result: LatencyCaseResult = {
          name: c.name,
          request: c.calls.map((call) => `${call.method} ${call.path}`).join(' + '),
          statements: transactions.reduce((s, t) => s + t.statements.filter((x) => !skip?.(x)).length, 0),
          transactions: transactions.length,
          raw: rawP,
          api: apiP,
          ratio,
          ...(cached && { cached }),
          met: ratio.p50 <= 1.2 && ratio.p95 <= 1.3 && apiErrors === 0,
          apiBytes,
          rawRows,
          apiErrors,
          ...(c.note && { note: c.note }),
        };
        if (apiErrors > 0) result.note = `${apiErrors} API errors`;
        log(
          `    ${c.name}: raw p50 ${rawP.p50} ms, API p50 ${apiP.p50} ms (${ratio.p50}×), p95 ${ratio.p95}×${cached ? `, cached p50 ${cached.p50} ms` : ''} [n=${pairs}]`,
        );
        results.push(result);
      } catch (error) {
        log(`    ${c.name} failed: ${String(error).split('\n')[0]}`);
        results.push({ name: c.name, error: String(error).slice(0, 500) });
      }
    }
  } finally {
    http.close();
    cachedHttp.close();
  }
  const find = (name: string) => results.find((r): r is LatencyCaseResult => r.name === name && 'api' in r);
  const superP95 = find('expand supernode (50)')?.api.p95 ?? Number.NaN;
  const medianP95 = find('expand median node (50)')?.api.p95 ?? Number.NaN;
  const ratio = round(superP95 / medianP95, 2);
  const page1 = find('expand supernode (50)')?.api.p50 ?? Number.NaN;
  const page100 = find(DEEP_PAGE_CASE)?.api.p50 ?? Number.NaN;
  const deepRatio = round(page100 / page1, 2);
  return {
    overhead,
    medianNode: picked.median,
    supernode: picked.hub,
    cases: results,
    supernodeVsMedian: { supernodeP95: superP95, medianP95, ratio, met: ratio <= 1.5 },
    deepPage: {
      hubDegree: picked.hub.degree,
      page1P50: page1,
      page100P50: page100,
      ratio: deepRatio,
      met: deepRatio <= 2,
    },
  };
}

function caseFilter(): string[] | undefined {
  const at = process.argv.indexOf('--cases');
  const value = at >= 0 ? process.argv[at + 1] : undefined;
  return value && !value.startsWith('--') ? value.split(',').map((part) => part.trim()) : undefined;
}
