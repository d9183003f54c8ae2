/**
 * Issue 14, item 5: every route of the policy table fuzzed with fast-check. Each run is one
 * arbitrary request (path parameters, query string, body: JSON with `__proto__`/`constructor`
 * keys, deep nesting past the 64-level bound, huge and odd strings, invalid UTF-8, odd content
 * types) sent as one caller, the callers taking turns: nobody, investigator, analyst, admin.
 *
 * Per request: no 5xx (a 503 with Retry-After is an allowed refusal, counted), no Neo4j error
 * text or stack echoed. Per route: the graph checksum is unchanged (fuzz bodies are never valid
 * imports: they carry no entities of the model). Figures per route (runs, statuses, p50/p95) are
 * printed and written to test-results/route-fuzz.{json,md}.
 *
 * FUZZ_RUNS sets runs per route (default 1,000), FUZZ_SEED the seed (default: random, printed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY, type PolicyRule } from '../../server/auth/policy.js';
import { ROLES, type Role } from '../../server/auth/roles.js';
import { explorerContext } from '../../server/graph/context.js';
import { testAppStore } from '../support/app-store.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { listenOnLoopback, type LiveApp } from '../support/live-app.js';
import { signIn, testApp, testDriver, testNeo4j, testUsers } from '../support/neo4j.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1_000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Requests in flight at once: enough to keep two cores busy, few enough to keep p95 honest. */
const CONCURRENCY = 8;
const CALLERS = ['anonymous', ...ROLES] as const;
type Caller = (typeof CALLERS)[number];

/** What must never reach a client: Neo4j's codes and texts, Java and Node stack frames. */
const ECHO =
  /Neo\.(ClientError|DatabaseError|TransientError)|org\.neo4j|Invalid input '|Variable `|\.java:\d+\)|^\s+at .+:\d+:\d+\)?$/m;

let driver: Driver;
let live: LiveApp;
const sessions = {} as Record<Role, { cookie: string; csrfToken: string }>;

beforeAll(async () => {
  driver = testDriver();
  const store = await testAppStore();
  const app = testApp(driver, { as: 'anonymous', appStore: store });
  for (const role of ROLES) sessions[role] = await signIn(app, role);
  live = await listenOnLoopback(app);
  // The fact lookup (a UNION ALL over every relationship type of the model) takes Neo4j seconds
  // to plan the first time; planned cold by 8 requests at once, each hits the transaction
  // timeout (408) and none gets cached. Planned once here, so the batch measures the route.
  const statement = explorerContext({ driver, database: testNeo4j().database }).factByIdStatement;
  if (statement) {
    await driver
      .executeQuery(
        statement,
        { id: 'fuzz:warm-up' },
        { database: testNeo4j().database, transactionConfig: { timeout: 170_000 } },
      )
      .catch((error: unknown) =>
        console.warn(`route fuzz: the fact lookup could not be planned ahead: ${String(error)}`),
      );
  }
}, 180_000);

afterAll(async () => {
  await live?.close();
  await driver?.close();
});

// ---- the arbitraries ----

const ODD_TEXT = [
  '\u2028',
  '\u2029',
  '\r',
  '\r\n',
  '\u0000',
  '\uD800',
  '\uDFFF',
  '\uFEFF',
  '%FF',
  "'",
  '`',
  '"',
  '\\',
  '{',
  '$x',
  '../',
];
const SPECIAL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
/** Body and query keys the routes read, so that fuzz values reach the validators and beyond. */
const KNOWN_KEYS = [
  'title',
  'cypher',
  'ids',
  'name',
  'username',
  'password',
  'role',
  'disabled',
  'rowLimit',
  'parameters',
  'state',
  'description',
  'q',
  'types',
  'cursor',
  'from',
  'to',
  'limit',
  'action',
  'maxHops',
  'entities',
  'facts',
];

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom(...ODD_TEXT, 'a', 'é', '😀'), { maxLength: 12 })
      .map((parts) => parts.join('')),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'lib:arrests',
      'person:p1',
      'ws:x',
      'RETURN 1',
      'MATCH (n) DETACH DELETE n',
      'admin',
    ),
  },
);
const key = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KNOWN_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_KEYS) },
  { weight: 2, arbitrary: text },
);
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(1e308, -0, 2 ** 53 + 1),
);
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('json'), { maxLength: 5 }),
    fc.dictionary(key, tie('json'), { maxKeys: 5 }),
  ),
}));

/** JSON text nested `depth` levels (past the 64 bound too), built as text so any depth is cheap. */
const deepText = fc
  .tuple(
    fc.integer({ min: 60, max: 5_000 }),
    fc.constantFrom('array', 'object'),
    fc.constantFrom(...KNOWN_KEYS),
  )
  .map(([depth, kind, field]) => {
    const inner =
      kind === 'array'
        ? '['.repeat(depth) + ']'.repeat(depth)
        : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    return `{"${field}": ${inner}}`;
  });
/** A rare huge string: up to just over the 1 MB body limit. */
const hugeText = fc
  .tuple(fc.integer({ min: 100_000, max: 1_100_000 }), fc.constantFrom(...KNOWN_KEYS))
  .map(([length, field]) => JSON.stringify({ [field]: 'z'.repeat(length) }));

/** Bytes that are not UTF-8 (lone continuation bytes, overlongs, encoded surrogates). */
const badBytes = fc.constantFrom(
  [0xff],
  [0xc3, 0x28],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0xe0, 0x80],
  [0xf8, 0x88, 0x80],
);

interface FuzzBody {
  bytes?: Buffer;
  contentType?: string;
  contentEncoding?: string;
}

const jsonBody = fc
  .record({
    known: fc.dictionary(fc.constantFrom(...KNOWN_KEYS), json, { maxKeys: 4 }),
    extra: fc.dictionary(key, json, { maxKeys: 3 }),
  })
  .map(({ known, extra }) => JSON.stringify({ ...extra, ...known }));

const ordinaryBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  {
    weight: 12,
    arbitrary: jsonBody.map((t) => ({ bytes: Buffer.from(t), contentType: 'application/json' })),
  },
  {
    weight: 3,
    arbitrary: json.map((v) => ({
      bytes: Buffer.from(JSON.stringify(v) ?? 'null'),
      contentType: 'application/json',
    })),
  },
  { weight: 2, arbitrary: deepText.map((t) => ({ bytes: Buffer.from(t), contentType: 'application/json' })) },
  {
    weight: 2,
    arbitrary: fc.tuple(jsonBody, badBytes).map(([t, bad]) => {
      const cut = Math.max(1, t.length - 2);
      return {
        bytes: Buffer.concat([Buffer.from(t.slice(0, cut)), Buffer.from(bad), Buffer.from(t.slice(cut))]),
        contentType: 'application/json',
      };
    }),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        jsonBody,
        fc.constantFrom(
          'application/json; charset=utf-16',
          'application/json; charset=koi8-r',
          'application/json; charset=latin1',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'text/csv',
          'application/vnd.api+json',
          'application/json; charset=',
          '*/*',
          '',
        ),
      )
      .map(([t, type]) => ({ bytes: Buffer.from(t), contentType: type })),
  },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ maxLength: 64 })
      .map((b) => ({ bytes: Buffer.from(b), contentType: 'application/json', contentEncoding: 'gzip' })),
  },
  { weight: 1, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.constant({ bytes: Buffer.from(''), contentType: 'application/json' }) },
);
/** 1 in 500 a huge string: slow to send and read, and a few are enough. */
const body: fc.Arbitrary<FuzzBody> = fc
  .nat(499)
  .chain((n) =>
    n === 0
      ? hugeText.map((t) => ({ bytes: Buffer.from(t), contentType: 'application/json' }))
      : ordinaryBody,
  );

/** Percent-encodes the UTF-8 of `value` (lone surrogates become U+FFFD; encodeURIComponent would throw). */
function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~:]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

const urlPart = fc.oneof(
  { weight: 6, arbitrary: text.map(percentEncode) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 4 })
      .map((bytes) => bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%2F', '..', '%00', '%C0%AF', 'x%20y') },
);
const queryString = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...KNOWN_KEYS), key.map(percentEncode)), urlPart), {
        maxLength: 5,
      })
      .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...KNOWN_KEYS), fc.integer({ min: 10, max: 400 }))
      .map(([k, depth]) => `${k}${'[a]'.repeat(depth)}=x`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...KNOWN_KEYS), fc.integer({ min: 2, max: 1_200 }))
      .map(([k, n]) => Array.from({ length: n }, (_, i) => `${k}=${i}`).join('&')),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('__proto__[admin]=1', 'constructor[prototype][x]=1', 'q=%FF%FE', '&&&=&', 'q'),
  },
);

interface FuzzRequest {
  path: string;
  body: FuzzBody;
}

/** Names the test users have: fuzzed user routes must not disable or demote them. */
const reserved = () => new Set(Object.values(testUsers()).map((user) => user.username.toLowerCase()));

function requestFor(rule: PolicyRule): fc.Arbitrary<FuzzRequest> {
  const params = rule.path.split('/').filter((segment) => segment.startsWith(':'));
  return fc
    .record({
      params: fc.array(
        urlPart.filter((p) => p !== ''),
        { minLength: params.length, maxLength: params.length },
      ),
      query: fc.option(queryString, { freq: 2 }),
      body,
    })
    .filter(({ params: values }) =>
      values.every((value) => !reserved().has(safeDecode(value).toLowerCase().trim())),
    )
    .map(({ params: values, query, body: fuzzBody }) => {
      let i = 0;
      const filled = rule.path.replace(/:[a-zA-Z]+/g, () => values[i++]!);
      return {
        path: query === null ? filled : `${filled}?${query}`,
        body: rule.method === 'GET' ? {} : fuzzBody,
      };
    });
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// ---- sending and counting ----

interface Outcome {
  status: number;
  ms: number;
  problem?: string;
  /** What was asked, kept for slow answers (the report lists a few). */
  asked?: string;
}

/** Answers slower than this are listed in the figures with what was asked. */
const SLOW_MS = 2_000;

async function send(rule: PolicyRule, fuzz: FuzzRequest, caller: Caller): Promise<Outcome> {
  const headers: Record<string, string> = {};
  if (caller !== 'anonymous') {
    // Sign-out with a session would end the session the other runs use: it gets the token.
    if (rule.path === '/api/auth/logout') headers.Authorization = `Bearer ${testUsers()[caller].token}`;
    else {
      headers.Cookie = sessions[caller].cookie;
      headers['X-CSRF-Token'] = sessions[caller].csrfToken;
    }
  }
  if (fuzz.body.contentType !== undefined) headers['Content-Type'] = fuzz.body.contentType;
  if (fuzz.body.contentEncoding !== undefined) headers['Content-Encoding'] = fuzz.body.contentEncoding;
  const started = performance.now();
  const bytes = fuzz.body.bytes === undefined ? undefined : new Uint8Array(fuzz.body.bytes);
  const res = await fetch(live.baseUrl + fuzz.path, { method: rule.method, headers, body: bytes });
  const answer = await res.text();
  const ms = performance.now() - started;
  const describe = () =>
    `${caller} ${rule.method} ${fuzz.path.slice(0, 200)} [${fuzz.body.contentType ?? '-'}] ${fuzz.body.bytes?.subarray(0, 200).toString('utf8') ?? ''} -> ${res.status} ${answer.slice(0, 300)}`;
  if (res.status >= 500 && !(res.status === 503 && res.headers.get('retry-after')))
    return { status: res.status, ms, problem: `5xx: ${describe()}` };
  if (ECHO.test(answer)) return { status: res.status, ms, problem: `echo: ${describe()}` };
  return ms > SLOW_MS ? { status: res.status, ms, asked: describe() } : { status: res.status, ms };
}

async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

interface RouteFigures {
  route: string;
  runs: number;
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  problems: string[];
  slow: string[];
  graphChanged: boolean;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

const figures: RouteFigures[] = [];

afterAll(() => {
  if (figures.length === 0) return;
  const lines = [
    `route fuzz: ${RUNS} runs per route, seed ${SEED}, callers rotating (${CALLERS.join(', ')})`,
    '| route | runs | statuses | p50 ms | p95 ms |',
    '|---|---|---|---|---|',
    ...figures.map(
      (f) =>
        `| ${f.route} | ${f.runs} | ${Object.entries(f.statuses)
          .map(([s, n]) => `${s}:${n}`)
          .join(' ')} | ${f.p50.toFixed(1)} | ${f.p95.toFixed(1)} |`,
    ),
  ];
  console.log(lines.join('\n'));
  const folder = path.resolve('test-results');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'route-fuzz.md'), lines.join('\n') + '\n');
  fs.writeFileSync(
    path.join(folder, 'route-fuzz.json'),
    JSON.stringify({ runs: RUNS, seed: SEED, figures }, null, 2),
  );
});

// Sign-out last, as in the access matrix (it gets tokens anyway, but keeps the order familiar).
const rules = [...POLICY].sort(
  (a, b) => Number(a.path === '/api/auth/logout') - Number(b.path === '/api/auth/logout'),
);

describe(`every route fuzzed (${RUNS} runs each, every caller ≥ ${Math.floor(RUNS / CALLERS.length)})`, () => {
  for (const [index, rule] of rules.entries()) {
    it(
      `when ${rule.method} ${rule.path} gets arbitrary requests, then no 5xx, no echo, the graph unchanged`,
      { timeout: 120_000 },
      async () => {
        const requests = fc.sample(requestFor(rule), { numRuns: RUNS, seed: SEED + index });
        const before = await graphChecksum(driver, testNeo4j().database);
        const outcomes = await inPool(requests, CONCURRENCY, (fuzz, i) =>
          send(rule, fuzz, CALLERS[i % CALLERS.length]!),
        );
        const after = await graphChecksum(driver, testNeo4j().database);
        const statuses: Record<string, number> = {};
        for (const { status } of outcomes) statuses[status] = (statuses[status] ?? 0) + 1;
        const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
        const problems = outcomes.flatMap((o) => (o.problem ? [o.problem] : []));
        figures.push({
          route: `${rule.method} ${rule.path}`,
          runs: outcomes.length,
          statuses,
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          problems: problems.slice(0, 20),
          slow: outcomes.flatMap((o) => (o.asked ? [`${o.ms.toFixed(0)} ms: ${o.asked}`] : [])).slice(0, 10),
          graphChanged: before !== after,
        });
        expect(problems.slice(0, 10)).toEqual([]);
        expect(after, 'the graph checksum').toBe(before);
      },
    );
  }
});
