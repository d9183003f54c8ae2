/**
 * A real Neo4j 5.26 Community server on 127.0.0.1, without Docker.
 *
 * Maven fetches `org.neo4j:neo4j` and its dependencies once into a jar cache
 * (`neo4j/pom.xml` pins the version); we then run the server's own entry point,
 * `org.neo4j.server.CommunityEntryPoint`, with every setting on the command line.
 * This module owns that life cycle: jars, home folder, first password, start,
 * wait-until-Bolt-answers, stop. Used by `npm run db:*`, `npm start` and the tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { cypher } from '../cypher-files.js';
import { PROJECT_ROOT } from '../project-root.js';

const projectRoot = PROJECT_ROOT;
const pomFile = path.join(projectRoot, 'neo4j', 'pom.xml');
const jarCacheDir = path.join(projectRoot, '.cache', 'neo4j', 'lib');
const jarCacheMarker = path.join(jarCacheDir, '.complete');

const PID_FILE = 'casegraph-neo4j.pid';
const PASSWORD_FILE = 'casegraph-neo4j.password';
const INITIALISED_MARKER = 'casegraph-neo4j.initialised';
const CONSOLE_LOG = path.join('logs', 'console.log');

export class LocalNeo4jError extends Error {
  constructor(
    readonly code:
      | 'JAVA_MISSING'
      | 'MAVEN_MISSING'
      | 'JAR_FETCH_FAILED'
      | 'PORT_IN_USE'
      | 'ALREADY_RUNNING'
      | 'START_FAILED'
      | 'AUTH_MISMATCH',
    message: string,
  ) {
    super(message);
    this.name = 'LocalNeo4jError';
  }
}

export interface LocalNeo4jOptions {
  /** The server's home: data, logs, pid and password live here. */
  homeDir: string;
  boltPort: number;
  /** Taken from configuration; when absent a random one is made once and kept in the home. */
  password?: string | undefined;
  heap: string;
  pageCache: string;
  txTimeoutMs: number;
  /** Detached servers outlive this process (`npm run db:start`). */
  detached?: boolean;
  log?: (message: string) => void;
  /** How long to wait for Bolt to answer. */
  startTimeoutMs?: number;
  /** More `-c` settings, applied last (so they override ours); for benchmarks and tools. */
  extraSettings?: Record<string, string>;
}

export interface LocalNeo4jHandle {
  uri: string;
  user: string;
  password: string;
  pid: number;
  version: string;
  homeDir: string;
  /** SIGTERM, wait for a clean exit (SIGKILL after `graceMs`), remove the pid file. */
  stop(graceMs?: number): Promise<void>;
}

/** Version pinned in neo4j/pom.xml; the pom is the single source of truth. */
export function pinnedNeo4jVersion(): string {
  const pom = fs.readFileSync(pomFile, 'utf8');
  const match = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(pom);
  if (!match?.[1]) throw new Error(`neo4j/pom.xml has no <neo4j.version> property`);
  return match[1];
}

function javaMajorVersion(): number | undefined {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr + result.stdout);
  if (!match?.[1]) return undefined;
  const major = Number(match[1]);
  // Java 8 and older report "1.8".
  return major === 1 ? Number(match[2]) : major;
}

/**
 * Makes sure the Neo4j jars are in the cache, fetching them with Maven the
 * first time. Returns the classpath. A warm cache never calls Maven.
 */
export function ensureNeo4jJars(log: (m: string) => void = () => {}): string {
  const version = pinnedNeo4jVersion();
  const classpath = path.join(jarCacheDir, '*');
  if (fs.existsSync(jarCacheMarker) && fs.readFileSync(jarCacheMarker, 'utf8').trim() === version) {
    return classpath;
  }
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (mvn.error || mvn.status !== 0) {
    throw new LocalNeo4jError(
      'MAVEN_MISSING',
      'Maven (mvn) is needed once to fetch the Neo4j jars, and was not found on PATH. ' +
        'Install it (Debian: apt-get install maven) or set NEO4J_URI to an existing Neo4j.',
    );
  }
  log(`Fetching Neo4j ${version} jars with Maven (once; cached in .cache/neo4j)...`);
  fs.rmSync(jarCacheDir, { recursive: true, force: true });
  const fetch = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      pomFile,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${jarCacheDir}`,
      '-DincludeScope=runtime',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (fetch.status !== 0) {
    throw new LocalNeo4jError(
      'JAR_FETCH_FAILED',
      `Maven could not fetch the Neo4j jars:\n${(fetch.stdout + fetch.stderr).slice(-2000)}`,
    );
  }
  fs.writeFileSync(jarCacheMarker, version);
  return classpath;
}

function pidFile(homeDir: string): string {
  return path.join(homeDir, PID_FILE);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a server running on this home, if any (a stale pid file is ignored). */
export function runningPid(homeDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(pidFile(homeDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function readPort(homeDir: string): number | undefined {
  try {
    const port = Number(fs.readFileSync(path.join(homeDir, 'casegraph-neo4j.port'), 'utf8'));
    return Number.isInteger(port) ? port : undefined;
  } catch {
    return undefined;
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A port the OS says is free right now (for throwaway test servers). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The password kept in the home, created on first use. Never a constant in code. */
export function homePassword(homeDir: string, configured: string | undefined): string {
  const file = path.join(homeDir, PASSWORD_FILE);
  if (configured) return configured;
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const generated = randomBytes(18).toString('base64url');
  fs.mkdirSync(homeDir, { recursive: true });
  fs.writeFileSync(file, generated, { mode: 0o600 });
  return generated;
}

/** Settings passed with `-c`: 5.x names. HTTP off, Bolt on loopback only. */
function serverSettings(options: LocalNeo4jOptions): Record<string, string> {
  return {
    'server.default_listen_address': '127.0.0.1',
    'server.bolt.listen_address': `127.0.0.1:${options.boltPort}`,
    'server.bolt.advertised_address': `127.0.0.1:${options.boltPort}`,
    'server.http.enabled': 'false',
    'server.https.enabled': 'false',
    'dbms.usage_report.enabled': 'false',
    'db.tx_log.preallocate': 'false',
    'db.transaction.timeout': `${options.txTimeoutMs}ms`,
    'dbms.security.allow_csv_import_from_file_urls': 'false',
    'dbms.security.auth_enabled': 'true',
    'server.memory.pagecache.size': options.pageCache,
    'server.directories.data': path.join(options.homeDir, 'data'),
    'server.directories.logs': path.join(options.homeDir, 'logs'),
    'server.directories.import': path.join(options.homeDir, 'import'),
    'server.directories.plugins': path.join(options.homeDir, 'plugins'),
    ...options.extraSettings,
  };
}

/** JVM flags the neo4j launcher script would add, minus the ones a dev box does not need. */
function jvmFlags(options: LocalNeo4jOptions): string[] {
  return [
    `-Xms${options.heap}`,
    `-Xmx${options.heap}`,
    '-XX:+UseG1GC',
    '-XX:-OmitStackTraceInFastThrow',
    '-XX:+UnlockExperimentalVMOptions',
    '-XX:+TrustFinalNonStaticFields',
    '-XX:+DisableExplicitGC',
    '-Djdk.nio.maxCachedBufferSize=1024',
    '-Dio.netty.tryReflectionSetAccessible=true',
    '-Dlog4j2.disable.jmx=true',
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '--add-opens=java.base/java.lang=ALL-UNNAMED',
    '--enable-native-access=ALL-UNNAMED',
  ];
}

function tailOfLog(homeDir: string, lines = 30): string {
  try {
    return fs.readFileSync(path.join(homeDir, CONSOLE_LOG), 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until Bolt answers a real query with `auth`, or the process dies, or time runs out.
 * Returns the auth error when the server answers but refuses the credentials.
 */
async function waitForBolt(
  uri: string,
  user: string,
  password: string,
  child: ChildProcess | undefined,
  pid: number,
  deadline: number,
): Promise<'ready' | 'unauthorised' | 'credentials-expired'> {
  for (;;) {
    if (child ? child.exitCode !== null || child.signalCode !== null : !isAlive(pid)) {
      throw new LocalNeo4jError('START_FAILED', 'Neo4j exited while starting');
    }
    const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), {
      connectionTimeout: 2000,
      maxConnectionPoolSize: 1,
      logging: { level: 'error', logger: () => {} },
    });
    try {
      // The home database must answer too, not only the server.
      await driver.executeQuery(cypher('db/ping'));
      return 'ready';
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code === 'Neo.ClientError.Security.Unauthorized') return 'unauthorised';
      if (code === 'Neo.ClientError.Security.CredentialsExpired') return 'credentials-expired';
      const stillStarting =
        code === 'ServiceUnavailable' ||
        code === 'SessionExpired' ||
        code.startsWith('Neo.TransientError.') ||
        code === 'Neo.ClientError.Database.DatabaseNotFound';
      if (!stillStarting) throw error;
      if (Date.now() > deadline) {
        throw new LocalNeo4jError('START_FAILED', `Bolt did not answer in time: ${String(error)}`);
      }
    } finally {
      await driver.close();
    }
    await sleep(250);
  }
}

/**
 * Sets the password of a fresh server: Neo4j starts with neo4j/neo4j marked
 * "must change", which only allows ALTER CURRENT USER on the system database.
 */
async function setInitialPassword(uri: string, password: string): Promise<void> {
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'neo4j'), {
    logging: { level: 'error', logger: () => {} },
  });
  try {
    await driver.executeQuery(
      'ALTER CURRENT USER SET PASSWORD FROM $old TO $new',
      { old: 'neo4j', new: password },
      { database: 'system' },
    );
  } finally {
    await driver.close();
  }
}

/**
 * Starts a local Neo4j on `options.homeDir`, waits until Bolt really answers a
 * query, and returns how to reach it. Refuses clearly when Java 17+ or Maven
 * is missing, the port is taken, or the home already has a running server.
 */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4jHandle> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const homeDir = path.resolve(options.homeDir);

  const java = javaMajorVersion();
  if (java === undefined) {
    throw new LocalNeo4jError(
      'JAVA_MISSING',
      'Java 17 or newer is needed to run the local Neo4j, and `java` was not found on PATH. ' +
        'Install it (Debian: apt-get install openjdk-17-jre-headless) or set NEO4J_URI.',
    );
  }
  if (java < 17) {
    throw new LocalNeo4jError(
      'JAVA_MISSING',
      `Neo4j 5.26 needs Java 17 or newer; \`java\` on PATH is Java ${java}.`,
    );
  }
  const existing = runningPid(homeDir);
  if (existing !== undefined) {
    throw new LocalNeo4jError(
      'ALREADY_RUNNING',
      `A Neo4j (pid ${existing}) is already running on ${homeDir}. ` +
        'Stop it first (npm run db:stop) or use another NEO4J_LOCAL_DATA_DIR.',
    );
  }
  if (!(await portIsFree(options.boltPort))) {
    throw new LocalNeo4jError(
      'PORT_IN_USE',
      `Port ${options.boltPort} on 127.0.0.1 is already in use. ` +
        'Set NEO4J_LOCAL_BOLT_PORT to a free port, or NEO4J_URI to the server listening there.',
    );
  }

  const classpath = ensureNeo4jJars(log);
  const version = pinnedNeo4jVersion();
  fs.mkdirSync(path.join(homeDir, 'logs'), { recursive: true });
  fs.mkdirSync(path.join(homeDir, 'import'), { recursive: true });
  const password = homePassword(homeDir, options.password);

  const args = [
    ...jvmFlags(options),
    '-cp',
    classpath,
    'org.neo4j.server.CommunityEntryPoint',
    `--home-dir=${homeDir}`,
    '--console-mode',
    ...Object.entries(serverSettings(options)).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
  ];
  const logFd = fs.openSync(path.join(homeDir, CONSOLE_LOG), 'a');
  const child = spawn('java', args, {
    cwd: homeDir,
    detached: options.detached ?? false,
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new LocalNeo4jError('START_FAILED', 'Could not spawn java');
  fs.writeFileSync(pidFile(homeDir), String(pid));
  fs.writeFileSync(path.join(homeDir, 'casegraph-neo4j.port'), String(options.boltPort));
  if (options.detached) child.unref();

  const uri = `bolt://127.0.0.1:${options.boltPort}`;
  const handle: LocalNeo4jHandle = {
    uri,
    user: 'neo4j',
    password,
    pid,
    version,
    homeDir,
    stop: (graceMs) => stopPid(homeDir, pid, graceMs),
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  const initialisedMarker = path.join(homeDir, INITIALISED_MARKER);
  try {
    let state = await waitForBolt(uri, 'neo4j', password, child, pid, deadline);
    if (state !== 'ready' && !fs.existsSync(initialisedMarker)) {
      await setInitialPassword(uri, password);
      state = await waitForBolt(uri, 'neo4j', password, child, pid, deadline);
    }
    if (state !== 'ready') {
      throw new LocalNeo4jError(
        'AUTH_MISMATCH',
        `The Neo4j in ${homeDir} refuses the configured password. Use the password it was ` +
          'created with, or start afresh with another NEO4J_LOCAL_DATA_DIR.',
      );
    }
    fs.writeFileSync(initialisedMarker, new Date().toISOString());
  } catch (error) {
    await handle.stop(5_000).catch(() => {});
    if (error instanceof LocalNeo4jError && error.code === 'START_FAILED') {
      throw new LocalNeo4jError(
        'START_FAILED',
        `${error.message}. Last lines of ${path.join(homeDir, CONSOLE_LOG)}:\n${tailOfLog(homeDir)}`,
      );
    }
    throw error;
  }
  log(`Neo4j ${version} ready at ${uri} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return handle;
}

async function stopPid(homeDir: string, pid: number, graceMs = 60_000): Promise<void> {
  if (isAlive(pid)) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(100);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }
  try {
    if (Number(fs.readFileSync(pidFile(homeDir), 'utf8')) === pid) fs.rmSync(pidFile(homeDir));
  } catch {
    // already gone
  }
}

/** Stops the server running on `homeDir`, if any. Returns whether one was running. */
export async function stopLocalNeo4j(homeDir: string, graceMs?: number): Promise<boolean> {
  const pid = runningPid(path.resolve(homeDir));
  if (pid === undefined) return false;
  await stopPid(path.resolve(homeDir), pid, graceMs);
  return true;
}
