/**
 * What production runs: `npm start` builds, then runs compiled JavaScript with plain `node` (no
 * tsx, which is a development tool only); over HTTPS the server sends HSTS, directly or behind
 * a proxy it trusts that says the client used HTTPS; the built explorer carries no source maps.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { createAppStore } from '../../server/app-store/app-store.js';
import { createLogger } from '../../server/logger.js';
import { getAnswer, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { tempAppStoreFile } from '../support/app-store.js';

const root = path.resolve(import.meta.dirname, '../..');
const HSTS = 'max-age=31536000; includeSubDomains';

describe('npm start', () => {
  it('runs compiled JavaScript with node, and tsx is only a development dependency', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.scripts.start).toBe('npm run build && node dist/server/index.js');
    expect(pkg.dependencies).not.toHaveProperty('tsx');
    expect(pkg.devDependencies).toHaveProperty('tsx');
    // Every script a deployment runs (start, serve and the admin commands) avoids tsx.
    for (const name of ['start', 'serve', 'seed', 'import', 'users', 'audit', 'db:start']) {
      expect(pkg.scripts[name], name).not.toMatch(/tsx/);
    }
    // The global setup compiled the server the way `npm run build` does.
    expect(fs.existsSync(path.join(root, 'dist', 'server', 'index.js'))).toBe(true);
    expect(fs.readdirSync(path.join(root, 'dist', 'server')).some((file) => file.endsWith('.map'))).toBe(
      false,
    );
  });
});

describe('served over HTTPS by the compiled server', () => {
  let folder: string;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-tls-'));
    const key = path.join(folder, 'key.pem');
    const cert = path.join(folder, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    server = await startServerProcess({
      TLS_CERT_FILE: cert,
      TLS_KEY_FILE: key,
      APP_STORE_FILE: tempAppStoreFile(),
    });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('answers over TLS and tells browsers to keep to HTTPS', async () => {
    expect(server!.base).toMatch(/^https:/);
    const answer = await getAnswer(`${server!.base}/api/health`);
    expect(answer.status).toBe(200);
    expect(answer.headers['strict-transport-security']).toBe(HSTS);
  });
});

describe('HSTS behind a proxy', () => {
  // No database is asked: /api/health answers from the process alone.
  const appBehind = (trustProxy?: string | number | boolean) =>
    createApp({
      driver: neo4j.driver('bolt://127.0.0.1:1'),
      database: 'neo4j',
      logger: createLogger('silent'),
      lifecycle: { shuttingDown: false },
      appStore: createAppStore({ dialect: 'sqlite', file: ':memory:' }),
      ...(trustProxy === undefined ? {} : { trustProxy }),
    });

  it('is sent when a trusted proxy (loopback by default) says the client used HTTPS', async () => {
    const response = await request(appBehind()).get('/api/health').set('X-Forwarded-Proto', 'https');
    expect(response.status).toBe(200);
    expect(response.headers['strict-transport-security']).toBe(HSTS);
  });

  it('is not sent over plain HTTP, where it would mean nothing', async () => {
    const response = await request(appBehind()).get('/api/health');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('is not sent when the proxy saying so is not trusted (TRUST_PROXY=false)', async () => {
    const response = await request(appBehind(false)).get('/api/health').set('X-Forwarded-Proto', 'https');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });
});
