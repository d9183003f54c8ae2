/**
 * A throwaway PostgreSQL for the tests that run the app store on both dialects: Debian's
 * `postgresql` binaries (/usr/lib/postgresql/<version>/bin, or TEST_PG_BIN) make a cluster in a
 * fresh temporary folder, on a free port on 127.0.0.1 with its unix socket in that folder, trust
 * authentication, no fsync. It starts on first use (test files that never ask never pay for it),
 * serves one database per `createPostgresDatabase` call, and `stopTestPostgres` (or, at the
 * latest, the test process's exit) stops it and removes the folder.
 *
 * PostgreSQL refuses to run as root, and the tests do run as root in CI: then every command runs
 * as the `postgres` system user (`runuser`), which owns the folder.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../server/local-neo4j/local-neo4j.js';

const run = promisify(execFile);

interface Cluster {
  folder: string;
  data: string;
  port: number;
  /** The maintenance database's URL; test databases differ only in the name. */
  url: (database: string) => string;
}

let starting: Promise<Cluster> | undefined;

/** The newest installed PostgreSQL's bin folder, or TEST_PG_BIN. */
function binFolder(): string {
  if (process.env.TEST_PG_BIN) return process.env.TEST_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL is not installed: `apt-get install postgresql` (or set TEST_PG_BIN)');
  }
  return path.join(root, versions[0]!, 'bin');
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL tool, as the `postgres` user when we are root. */
function tool(name: string, args: string[]) {
  const binary = path.join(binFolder(), name);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', binary, ...args]) : run(binary, args);
}

function stopSync(cluster: Cluster): void {
  try {
    const binary = path.join(binFolder(), 'pg_ctl');
    const args = ['-D', cluster.data, '-m', 'immediate', '-w', 'stop'];
    execFileSync(asRoot ? 'runuser' : binary, asRoot ? ['-u', 'postgres', '--', binary, ...args] : args, {
      stdio: 'ignore',
    });
  } catch {
    // Already stopped.
  }
  fs.rmSync(cluster.folder, { recursive: true, force: true });
}

function serverOptions(cluster: Cluster): string {
  return `-p ${cluster.port} -k ${cluster.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
}

async function startCluster(): Promise<Cluster> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-test-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(folder, uid, gid);
  }
  const data = path.join(folder, 'data');
  const port = await freePort();
  const cluster: Cluster = {
    folder,
    data,
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
  };
  process.once('exit', () => stopSync(cluster));
  await tool('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--no-instructions',
  ]);
  await startServer(cluster);
  return cluster;
}

async function startServer(cluster: Cluster): Promise<void> {
  const log = path.join(cluster.folder, 'server.log');
  await tool('pg_ctl', ['-D', cluster.data, '-o', serverOptions(cluster), '-l', log, '-w', 'start']);
}

/** Stops the test PostgreSQL's server, keeping its data, for fault tests (`resumeTestPostgres`). */
export async function pauseTestPostgres(): Promise<void> {
  const cluster = await testPostgres();
  await tool('pg_ctl', ['-D', cluster.data, '-m', 'fast', '-w', 'stop']);
}

/** Starts the paused test PostgreSQL again, on the same port, with the same databases. */
export async function resumeTestPostgres(): Promise<void> {
  await startServer(await testPostgres());
}

/** Starts the run's PostgreSQL on first call; later calls get the same one. */
function testPostgres(): Promise<Cluster> {
  starting ??= startCluster();
  return starting;
}

/** A new, empty database on the test PostgreSQL; returns its `postgres://` URL. */
export async function createPostgresDatabase(): Promise<string> {
  const cluster = await testPostgres();
  const name = `casegraph_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: cluster.url('postgres') });
  await client.connect();
  try {
    // A name of our own making (hex), not input: safe to put in the statement.
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return cluster.url(name);
}

/** Stops the test PostgreSQL, if this process started one, and removes its folder. */
export async function stopTestPostgres(): Promise<void> {
  if (!starting) return;
  const cluster = await starting.catch(() => undefined);
  starting = undefined;
  if (cluster) stopSync(cluster);
}
