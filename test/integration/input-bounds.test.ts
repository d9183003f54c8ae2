/**
 * Issue 14, item 4: whatever a client sends, the answer is a 4xx, never a 500, and its audit
 * event is written. Body parser and decompression errors on every parser (the JSON one and the
 * import route's raw one), charsets, size limits, nesting in bodies and query strings, and
 * target fields that cannot be described as they are (deep, huge, odd keys).
 */
import { gzipSync } from 'node:zlib';
import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppStoreAuditLog } from '../../server/audit/audit-log.js';
import type { StoredAuditEvent } from '../../server/auth/auth-contract.js';
import { createLogger } from '../../server/logger.js';
import { testAppStore } from '../support/app-store.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { listenOnLoopback, type LiveApp } from '../support/live-app.js';
import { testApp, testDriver, testNeo4j, testUsers } from '../support/neo4j.js';

let driver: Driver;
let app: Express;
let audit: AppStoreAuditLog;
let live: LiveApp;

beforeAll(async () => {
  driver = testDriver();
  const store = await testAppStore();
  audit = new AppStoreAuditLog(store, createLogger('silent'));
  // A small import limit, so that "too large" needs no 64 MB upload.
  app = testApp(driver, { as: 'anonymous', appStore: store, audit, maxImportBytes: 64 * 1024 });
  live = await listenOnLoopback(app);
});

afterAll(async () => {
  await live.close();
  await audit.close();
  await driver.close();
});

const bearer = (role: 'admin' | 'analyst' | 'investigator') => ({
  Authorization: `Bearer ${testUsers()[role].token}`,
});

async function latest(action: string): Promise<StoredAuditEvent | undefined> {
  await audit.flush();
  const res = await request(app).get(`/api/admin/audit?limit=1&action=${action}`).set(bearer('admin'));
  expect(res.status).toBe(200);
  return (res.body.events as StoredAuditEvent[])[0];
}

/** POSTs exactly these bytes (supertest would JSON-encode a Buffer sent with a JSON type). */
async function postBytes(
  path: string,
  role: 'admin' | 'analyst' | 'investigator',
  headers: Record<string, string>,
  body: string | Uint8Array,
): Promise<{ status: number; text: string }> {
  const res = await fetch(live.baseUrl + path, {
    method: 'POST',
    headers: { ...bearer(role), 'Content-Type': 'application/json', ...headers },
    // fetch's types take Uint8Array<ArrayBuffer> only; a Buffer may sit on a shared pool.
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, text: await res.text() };
}

/** `[[[…]]]` `depth` levels deep, as JSON text (JSON.stringify itself would overflow). */
const deepArrayText = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('audit events of requests whose target cannot be described as it is', () => {
  it('when body:title is a 10,000-deep array, then the request is refused and its event is written with a placeholder', async () => {
    const res = await request(app)
      .post('/api/queries')
      .set(bearer('analyst'))
      .set('Content-Type', 'application/json')
      .send(`{"title": ${deepArrayText(10_000)}}`);
    expect(res.status).toBe(422);
    const event = await latest('query.create');
    expect(event?.status).toBe(422);
    expect(event?.target).toBe('[value nested too deeply to describe]');
  });

  it('when body:ids of a read (subgraph) is 10,000 deep, then the server stays up and the event is written', async () => {
    const res = await request(app)
      .post('/api/graph/subgraph')
      .set(bearer('investigator'))
      .set('Content-Type', 'application/json')
      .send(`{"ids": ${deepArrayText(10_000)}}`);
    expect(res.status).toBe(422);
    const event = await latest('subgraph');
    expect(event?.status).toBe(422);
    expect(event?.target).toBe('[value nested too deeply to describe]');
  });

  it('when body:title is a 900 KB string, then the event keeps its first 2,000 characters', async () => {
    const title = 'x'.repeat(900_000);
    const res = await request(app).post('/api/queries').set(bearer('analyst')).send({ title });
    expect(res.status).toBe(422);
    const event = await latest('query.create');
    expect(event?.target).toBe('x'.repeat(2_000));
  });

  it('when body:title is an object with __proto__ and constructor keys, then it is described as JSON', async () => {
    const res = await request(app)
      .post('/api/queries')
      .set(bearer('analyst'))
      .set('Content-Type', 'application/json')
      .send('{"title": {"__proto__": {"admin": true}, "constructor": {"prototype": 1}}}');
    expect(res.status).toBe(422);
    const event = await latest('query.create');
    expect(event?.target).toBe('{"__proto__":{"admin":true},"constructor":{"prototype":1}}');
  });
});

describe('body parser and decompression errors, on every parser', () => {
  const gzip = { 'Content-Encoding': 'gzip' };

  it('when a JSON body is broken, gzip is broken, the charset is foreign or the encoding unknown, then 400', async () => {
    const cases: [string, Record<string, string>, string | Uint8Array][] = [
      ['broken JSON', {}, '{"title": '],
      ['broken gzip', gzip, Buffer.from('not gzip')],
      ['truncated gzip', gzip, gzipSync('{"title": "x"}').subarray(0, 12)],
      ['broken deflate', { 'Content-Encoding': 'deflate' }, Buffer.from('nope')],
      ['unknown encoding', { 'Content-Encoding': 'compress' }, '{}'],
      [
        'utf-16 charset',
        { 'Content-Type': 'application/json; charset=utf-16' },
        Buffer.from('{"title": "x"}'),
      ],
      ['koi8-r charset', { 'Content-Type': 'application/json; charset=koi8-r' }, '{}'],
      ['unknown charset', { 'Content-Type': 'application/json; charset=x-nonsense' }, '{}'],
      ['a bare string', {}, '"just text"'],
    ];
    for (const [name, headers, body] of cases) {
      const res = await postBytes('/api/queries', 'analyst', headers, body);
      expect(res.status, `${name}: ${res.text}`).toBe(400);
      expect(JSON.parse(res.text).error.code, name).toBe('BAD_REQUEST');
    }
  });

  it('when a JSON body has invalid UTF-8 bytes, then it is read (bytes replaced), never a 500', async () => {
    const body = Buffer.concat([
      Buffer.from('{"title": "a'),
      Buffer.from([0xc3, 0x28, 0xff, 0xed, 0xa0, 0x80]),
      Buffer.from('"}'),
    ]);
    const res = await postBytes('/api/queries', 'analyst', {}, body);
    expect(res.status).toBe(422);
  });

  it('when a JSON body is over 1 MB, plain or gzipped, then 413', async () => {
    const big = JSON.stringify({ title: 'y'.repeat(1_100_000) });
    expect((await postBytes('/api/queries', 'analyst', {}, big)).status).toBe(413);
    expect((await postBytes('/api/queries', 'analyst', gzip, gzipSync(big))).status).toBe(413);
  });

  it('when an import body is broken, too large, not UTF-8 or deeply nested, then a 4xx and the graph is unchanged', async () => {
    const before = await graphChecksum(driver, testNeo4j().database);
    const post = (headers: Record<string, string>, body: string | Uint8Array) =>
      postBytes('/api/admin/import', 'admin', headers, body).then((res) => res.status);
    const tooLarge = Buffer.alloc(70 * 1024, 0x20);
    const answers = {
      brokenGzip: await post(gzip, Buffer.from('not gzip')),
      unknownEncoding: await post({ 'Content-Encoding': 'compress' }, '{}'),
      tooLarge: await post({}, tooLarge),
      tooLargeZipped: await post(gzip, gzipSync(tooLarge)),
      invalidUtf8: await post({}, Buffer.from([0x7b, 0xff, 0x7d])),
      deepDocument: await post({}, `{"entities": ${deepArrayText(10_000)}}`),
      deepFact: await post(
        {},
        `{"entities": [], "facts": [{"properties": ${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}]}`,
      ),
      deepMapping: await post(
        { 'Content-Type': 'text/csv', 'X-Casegraph-Mapping': deepArrayText(3_000) },
        'a,b\n1,2\n',
      ),
    };
    expect(answers).toEqual({
      brokenGzip: 400,
      unknownEncoding: 400,
      tooLarge: 413,
      tooLargeZipped: 413,
      invalidUtf8: 415,
      deepDocument: 422,
      deepFact: 422,
      deepMapping: 422,
    });
    expect(await graphChecksum(driver, testNeo4j().database)).toBe(before);
    const event = await latest('import');
    expect(event?.status).toBe(422);
  });
});

describe('query strings and path parameters', () => {
  it('when a query string nests deeply or repeats a key thousands of times, then it stays flat and bounded: no 5xx', async () => {
    const deep = `q${'[a]'.repeat(2_000)}=x`;
    const deepRes = await request(app).get(`/api/search?${deep}`).set(bearer('investigator'));
    expect(deepRes.status).toBeLessThan(500);
    const repeated = Array.from({ length: 1_500 }, () => 'q=a').join('&');
    const repeatedRes = await request(app).get(`/api/search?${repeated}`).set(bearer('investigator'));
    expect(repeatedRes.status).toBeLessThan(500);
    const event = await latest('search');
    expect(event?.target?.length).toBeLessThanOrEqual(2_000);
  });

  it('when a path parameter or query has bad percent-encoding, then no 5xx (a path is 4xx)', async () => {
    for (const path of [
      '/api/entities/%E0%A4%A',
      '/api/entities/%FF%FE',
      '/api/search?q=%FF%FE%C3',
      '/api/search?q=%',
    ]) {
      const res = await fetch(live.baseUrl + path, { headers: bearer('investigator') });
      expect(res.status, path).toBeLessThan(500);
      if (path.startsWith('/api/entities')) expect(res.status, path).toBeGreaterThanOrEqual(400);
    }
  });
});
