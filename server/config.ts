/**
 * Configuration: the one place that reads the environment.
 *
 * `loadConfig(env)` validates every variable with a schema, applies defaults and
 * returns a frozen object. A missing or malformed value throws a `ConfigError`
 * whose message names the variable, so start-up fails fast and says why.
 */
import { z } from 'zod';
import { parseAppStoreUrl, type AppStoreLocation } from './app-store/app-store-location.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * What casegraph may do to the case graph: `write` (imports, seeding, schema) or only `read` (a
 * graph owned by someone else, or a read-only database); app data lives in the app store either way.
 */
const graphAccessModes = ['read', 'write'] as const;

/** Blank strings count as "not set": `.env` files often hold `KEY=`. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const port = (fallback: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .refine((n) => n > 0 && n < 65536, 'must be a port between 1 and 65535')
      .optional()
      .transform((n) => n ?? fallback),
  );

const durationMs = (fallback: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of milliseconds')
      .transform(Number)
      .optional()
      .transform((n) => n ?? fallback),
  );

const memorySize = (fallback: string) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d+[kmg]$/i, 'must be a size such as 512m or 2g')
      .optional()
      .transform((s) => s ?? fallback),
  );

const wholeNumber = (fallback: number, min: number, max: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`)
      .optional()
      .transform((n) => n ?? fallback),
  );

/** `https://a.example,http://localhost:5173`: exact origins, no paths, no wildcards. */
const originList = optionalText.pipe(
  z
    .string()
    .optional()
    .transform((text) =>
      (text ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must be origins such as https://a.example'),
      ),
    ),
);

/**
 * Which proxies in front may say what the client's address and scheme were (`X-Forwarded-*`):
 * Express's `trust proxy` value. `false` trusts none; a number trusts that many hops; otherwise
 * comma-separated names (`loopback`, `uniquelocal`, …), addresses or CIDR ranges.
 */
const trustProxy = optionalText.pipe(
  z
    .string()
    .regex(/^(false|true|\d{1,2}|[A-Za-z0-9.:/, ]+)$/, 'must be false, a hop count, or addresses/CIDRs')
    .optional()
    .transform((text): string | number | boolean => {
      if (text === undefined) return 'loopback';
      if (text === 'false' || text === 'true') return text === 'true';
      return /^\d+$/.test(text) ? Number(text) : text;
    }),
);

const envSchema = z.object({
  NODE_ENV: optionalText.pipe(z.enum(['development', 'production', 'test']).optional()),
  HOST: optionalText.transform((v) => v ?? '127.0.0.1'),
  PORT: port(3000),
  TRUST_PROXY: trustProxy,
  TLS_CERT_FILE: optionalText,
  TLS_KEY_FILE: optionalText,
  LOG_LEVEL: optionalText.pipe(
    z
      .enum(logLevels)
      .optional()
      .transform((v) => v ?? 'info'),
  ),
  NEO4J_URI: optionalText.pipe(
    z
      .string()
      .regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\/[^\s]+$/, 'must be a bolt:// or neo4j:// URI')
      .optional(),
  ),
  NEO4J_USER: optionalText.transform((v) => v ?? 'neo4j'),
  NEO4J_PASSWORD: optionalText.pipe(
    z.string().min(8, 'must be at least 8 characters (Neo4j refuses shorter ones)').optional(),
  ),
  NEO4J_DATABASE: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9.-]{2,62}$/, 'must be a valid Neo4j database name')
      .optional()
      .transform((v) => v ?? 'neo4j'),
  ),
  NEO4J_ACCESS: optionalText.pipe(
    z
      .enum(graphAccessModes, { message: 'must be read or write' })
      .optional()
      .transform((v) => v ?? 'write'),
  ),
  NEO4J_LOCAL_DATA_DIR: optionalText.transform((v) => v ?? '.data/neo4j'),
  NEO4J_LOCAL_BOLT_PORT: port(7687),
  NEO4J_LOCAL_HEAP: memorySize('2g'),
  NEO4J_LOCAL_PAGECACHE: memorySize('2g'),
  NEO4J_TX_TIMEOUT_MS: durationMs(30_000),
  SHUTDOWN_GRACE_MS: durationMs(10_000),
  SESSION_IDLE_MINUTES: wholeNumber(30, 1, 24 * 60),
  SESSION_ABSOLUTE_HOURS: wholeNumber(12, 1, 24 * 30),
  CORS_ORIGINS: originList,
  LOGIN_RATE_LIMIT_PER_MINUTE: wholeNumber(10, 1, 10_000),
  READ_CACHE_MB: wholeNumber(64, 0, 64 * 1024),
  USER_CYPHER_POOL_SIZE: wholeNumber(10, 1, 1_000),
  USER_CYPHER_RUNS_PER_USER: wholeNumber(2, 1, 1_000),
  USER_CYPHER_RUNS_TOTAL: wholeNumber(8, 1, 1_000),
  APP_STORE_URL: optionalText,
  APP_STORE_FILE: optionalText.transform((v) => v ?? '.data/casegraph.sqlite'),
  CASEGRAPH_MODEL: optionalText,
});

export type LogLevel = (typeof logLevels)[number];
export type GraphAccess = (typeof graphAccessModes)[number];

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  database: string;
}

export interface LocalNeo4jSettings {
  dataDir: string;
  boltPort: number;
  heap: string;
  pageCache: string;
  txTimeoutMs: number;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Express's `trust proxy`: which proxies' `X-Forwarded-Proto: https` makes a request secure. */
  trustProxy: string | number | boolean;
  /** PEM files: when set, the server speaks HTTPS itself (and sends HSTS). */
  tls: { certFile: string; keyFile: string } | undefined;
  logLevel: LogLevel;
  /** `uri` undefined means "no Neo4j configured: start a local one". */
  neo4j: { uri: string | undefined; user: string; password: string | undefined; database: string };
  /** NEO4J_ACCESS: `read` means casegraph never writes to the graph (imports, seed, schema refused). */
  graphAccess: GraphAccess;
  local: LocalNeo4jSettings;
  shutdownGraceMs: number;
  /** Sessions, CORS and the login rate limit (server/auth). */
  security: {
    sessionIdleMinutes: number;
    sessionAbsoluteHours: number;
    corsOrigins: readonly string[];
    loginRateLimitPerMinute: number;
  };
  /** Memory for stored graph answers (server/read-cache/); 0 turns the cache off. */
  readCacheBytes: number;
  /** casegraph's own records (server/app-store/): a SQLite file, or PostgreSQL. */
  appStore: AppStoreLocation;
  /**
   * User-written Cypher (console, saved queries): its own driver pool, and how many runs may be in
   * flight per user and in all (429 beyond).
   */
  userCypher: { poolSize: number; runsPerUser: number; runsTotal: number };
  /**
   * CASEGRAPH_MODEL: the model file (e.g. one written by `npm run model -- infer`); undefined means
   * `cypher/model.json`.
   */
  modelFile: string | undefined;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration from `env` (normally `process.env`
 * after dotenv). Throws `ConfigError` naming every bad variable at once.
 */
export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const v = parsed.data;
  if (v.NEO4J_URI && !v.NEO4J_PASSWORD) {
    throw new ConfigError(['NEO4J_PASSWORD: is required when NEO4J_URI is set']);
  }
  if (Boolean(v.TLS_CERT_FILE) !== Boolean(v.TLS_KEY_FILE)) {
    throw new ConfigError(['TLS_CERT_FILE, TLS_KEY_FILE: set both (HTTPS) or neither (HTTP)']);
  }
  let appStore: AppStoreLocation;
  try {
    appStore = parseAppStoreUrl(v.APP_STORE_URL, v.APP_STORE_FILE);
  } catch (error) {
    throw new ConfigError([`APP_STORE_URL: ${(error as Error).message}`]);
  }
  const config: Config = {
    env: v.NODE_ENV ?? 'development',
    host: v.HOST,
    port: v.PORT,
    trustProxy: v.TRUST_PROXY,
    tls:
      v.TLS_CERT_FILE && v.TLS_KEY_FILE ? { certFile: v.TLS_CERT_FILE, keyFile: v.TLS_KEY_FILE } : undefined,
    logLevel: v.LOG_LEVEL,
    neo4j: {
      uri: v.NEO4J_URI,
      user: v.NEO4J_USER,
      password: v.NEO4J_PASSWORD,
      database: v.NEO4J_DATABASE,
    },
    graphAccess: v.NEO4J_ACCESS,
    local: {
      dataDir: v.NEO4J_LOCAL_DATA_DIR,
      boltPort: v.NEO4J_LOCAL_BOLT_PORT,
      heap: v.NEO4J_LOCAL_HEAP,
      pageCache: v.NEO4J_LOCAL_PAGECACHE,
      txTimeoutMs: v.NEO4J_TX_TIMEOUT_MS,
    },
    shutdownGraceMs: v.SHUTDOWN_GRACE_MS,
    security: {
      sessionIdleMinutes: v.SESSION_IDLE_MINUTES,
      sessionAbsoluteHours: v.SESSION_ABSOLUTE_HOURS,
      corsOrigins: Object.freeze(v.CORS_ORIGINS),
      loginRateLimitPerMinute: v.LOGIN_RATE_LIMIT_PER_MINUTE,
    },
    readCacheBytes: v.READ_CACHE_MB * 1024 * 1024,
    appStore,
    userCypher: Object.freeze({
      poolSize: v.USER_CYPHER_POOL_SIZE,
      runsPerUser: v.USER_CYPHER_RUNS_PER_USER,
      runsTotal: v.USER_CYPHER_RUNS_TOTAL,
    }),
    modelFile: v.CASEGRAPH_MODEL,
  };
  return Object.freeze(config);
}
