/**
 * The Neo4j a benchmark runs against: its own server on a fresh temporary home and a free port
 * (stopped and removed at the end), or the one NEO4J_URI names. Also owns the jar cache path and
 * the `neo4j-admin` runner, which works on a stopped database of a home of its own.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../../server/db/driver.js';
import {
  ensureNeo4jJars,
  freePort,
  pinnedNeo4jVersion,
  startLocalNeo4j,
  type LocalNeo4jHandle,
} from '../../server/local-neo4j/local-neo4j.js';
import { registerCleanup } from './cleanup.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface BenchNeo4j {
  uri: string;
  user: string;
  password: string;
  database: string;
  driver: Driver;
  /** The server's import folder (LOAD CSV file:/// URLs resolve here); absent with NEO4J_URI. */
  importDir?: string;
  /** True when we started the server (and may wipe it freely). */
  owned: boolean;
  version: string;
  stop(): Promise<void>;
}

export interface BenchNeo4jOptions {
  heap: string;
  pageCache: string;
  /** Allow `LOAD CSV FROM 'file:///…'` (only on our own server). */
  csvImport?: boolean;
  /** The folder `file:///` URLs resolve in (default: the home's import folder). */
  csvDir?: string;
  log: (message: string) => void;
}

/** Memory for a graph of `entities` entities: 4g/4g from 1M up (as the issue asks), else 2g/2g. */
export function memoryFor(entities: number): { heap: string; pageCache: string } {
  return entities >= 1_000_000 ? { heap: '4g', pageCache: '4g' } : { heap: '2g', pageCache: '2g' };
}

/** Starts a throwaway Neo4j (or connects to NEO4J_URI). Call `stop()` in a finally. */
export async function startBenchNeo4j(options: BenchNeo4jOptions): Promise<BenchNeo4j> {
  const version = pinnedNeo4jVersion();
  if (process.env.NEO4J_URI) {
    const settings = {
      uri: process.env.NEO4J_URI,
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
    };
    const driver = createDriver(settings);
    return {
      ...settings,
      database: process.env.NEO4J_DATABASE ?? 'neo4j',
      driver,
      owned: false,
      version,
      stop: () => driver.close(),
    };
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-bench-neo4j-'));
  let handle: LocalNeo4jHandle;
  try {
    handle = await startLocalNeo4j({
      homeDir: home,
      boltPort: await freePort(),
      password: randomBytes(16).toString('hex'),
      heap: options.heap,
      pageCache: options.pageCache,
      // Long enough for the slowest saved query on a million entities; the API sets its own.
      txTimeoutMs: 600_000,
      startTimeoutMs: 300_000,
      log: options.log,
      ...(options.csvImport && {
        extraSettings: {
          'dbms.security.allow_csv_import_from_file_urls': 'true',
          ...(options.csvDir && { 'server.directories.import': options.csvDir }),
        },
      }),
    });
  } catch (error) {
    fs.rmSync(home, { recursive: true, force: true });
    throw error;
  }
  const driver = createDriver({ uri: handle.uri, user: handle.user, password: handle.password });
  return {
    uri: handle.uri,
    user: handle.user,
    password: handle.password,
    database: 'neo4j',
    driver,
    importDir: options.csvDir ?? path.join(home, 'import'),
    owned: true,
    version: handle.version,
    stop: registerCleanup(async () => {
      await driver.close().catch(() => {});
      await handle.stop(120_000);
      fs.rmSync(home, { recursive: true, force: true });
    }),
  };
}

export interface AdminImportResult {
  seconds: number;
  exitCode: number;
  output: string;
}

/**
 * `neo4j-admin database import full` (org.neo4j.cli.AdminTool from the jar cache) into the
 * `neo4j` database of a fresh, never-started home. Returns the wall time of the tool itself.
 */
export async function runAdminImport(options: {
  home: string;
  heap: string;
  nodes: string[];
  relationships: string[];
  log: (message: string) => void;
}): Promise<AdminImportResult> {
  const classpath = ensureNeo4jJars(options.log);
  const conf = path.join(options.home, 'conf');
  fs.mkdirSync(conf, { recursive: true });
  fs.writeFileSync(
    path.join(conf, 'neo4j.conf'),
    [
      `server.directories.data=${path.join(options.home, 'data')}`,
      `server.directories.logs=${path.join(options.home, 'logs')}`,
      `server.directories.import=${path.join(options.home, 'import')}`,
      'dbms.usage_report.enabled=false',
      'db.tx_log.preallocate=false',
    ].join('\n') + '\n',
  );
  const args = [
    `-Xms${options.heap}`,
    `-Xmx${options.heap}`,
    '-XX:+UseG1GC',
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '--add-opens=java.base/java.lang=ALL-UNNAMED',
    '--enable-native-access=ALL-UNNAMED',
    '-cp',
    classpath,
    'org.neo4j.cli.AdminTool',
    'database',
    'import',
    'full',
    // The database first: --nodes and --relationships take any number of values.
    'neo4j',
    '--overwrite-destination=true',
    '--skip-bad-relationships=false',
    '--array-delimiter=;',
    `--threads=${os.availableParallelism()}`,
    `--max-off-heap-memory=${options.heap}`,
    ...options.nodes.map((file) => `--nodes=${file}`),
    ...options.relationships.map((file) => `--relationships=${file}`),
  ];
  const started = performance.now();
  const child = spawn('java', args, {
    cwd: options.home,
    env: { ...process.env, NEO4J_HOME: options.home, NEO4J_CONF: conf },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  return { seconds: (performance.now() - started) / 1000, exitCode, output: output.slice(-4000) };
}
