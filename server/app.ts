/**
 * The Express application as a value: `createApp(deps)` wires middleware and
 * feature routers and never listens, so tests drive it with supertest and
 * `server/index.ts` decides where it runs.
 */
import { idempotentCreates } from './http/idempotency.js';
import { DEFAULT_MAX_IMPORT_BYTES } from './import/read-document.js';
import fs from 'node:fs';
import path from 'node:path';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './http/json-depth.js';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { AppStore } from './app-store/app-store.js';
import type { GraphAccess } from './contract.js';
import type { Driver } from 'neo4j-driver';
import type { GraphTarget } from './db/graph-target.js';
import { DEFAULT_RUN_SLOTS, RunSlots } from './user-cypher/run-slots.js';
import { InProcessRunner, type UserCypherRunner } from './user-cypher/user-cypher-runner.js';
import {
  AppError,
  NotFoundError,
  PayloadTooLargeError,
  BadRequestError,
  toAppError,
  TooManyRunsError,
  ValidationError,
} from './errors.js';
import { healthRoutes } from './health/health-routes.js';
import { startupGate, type Lifecycle } from './health/lifecycle.js';
import { openApiRoutes } from './openapi/openapi-routes.js';
import { consoleRoutes } from './cypher-console/console-routes.js';
import { explorerContext } from './graph/context.js';
import { graphRoutes } from './graph/graph-routes.js';
import { queriesRoutes } from './queries/queries-routes.js';
import { searchRoutes } from './search/search-routes.js';
import { mergeRoutes } from './merge/merge-routes.js';
import { importRoutes } from './import/import-routes.js';
import { ftmExportRoutes } from './export/ftm-routes.js';
import { dossierRoutes } from './dossier/dossier-routes.js';
import { workspaceRoutes } from './workspaces/workspace-routes.js';
import { userNamesRoutes } from './workspaces/user-names-routes.js';
import { notesRoutes } from './notes/notes-routes.js';
import { accessControl, readsOwnBody } from './auth/access-control.js';
import { adminRoutes } from './auth/admin-routes.js';
import { authContext } from './auth/auth-context.js';
import { authRoutes } from './auth/auth-routes.js';
import type { CredentialCache } from './auth/credential-cache.js';
import { corsForOrigins } from './auth/cors.js';
import type { SecuritySettings } from './auth/settings.js';
import type { AuditSink } from './audit/audit-log.js';
import { auditRoutes } from './audit/audit-routes.js';
import { auditTrail } from './audit/audit-trail.js';
import { GraphChanges } from './graph-state/graph-state.js';
import type { Logger } from './logger.js';
import {
  DEFAULT_READ_CACHE,
  graphStateSource,
  ReadCache,
  type ReadCacheSettings,
} from './read-cache/read-cache.js';

/** Everything the app needs from outside: the graph (`GraphTarget`), the logger and the settings. */
export interface AppDeps extends GraphTarget {
  logger: Logger;
  /** casegraph's own records (users, sessions, tokens, saved queries, workspaces, the audit log), opened and migrated by the caller. */
  appStore: AppStore;
  /** Flipped by start-up and the shutdown sequence: readiness and the start-up gate read it. */
  lifecycle: Lifecycle;
  /** The built client (vite build output); absent in API-only tests. */
  clientDir?: string | undefined;
  /** Largest accepted import body, in bytes. */
  maxImportBytes?: number;
  /** Session time-outs, CORS origins, the sign-in rate limit (server/auth/settings.ts defaults). */
  security?: Partial<SecuritySettings>;
  /** Where audit events go; when absent, the app store's hash chain (server/audit/). */
  audit?: AuditSink;
  /** The read cache of graph answers (server/read-cache/); `maxBytes: 0` turns it off. */
  readCache?: Partial<ReadCacheSettings>;
  /** Credentials checked lately (server/auth/credential-cache.ts); when absent, a new one. */
  credentials?: CredentialCache;
  /** TRUST_PROXY: which proxies may say the request came over HTTPS; default loopback only. */
  trustProxy?: string | number | boolean;
  /** NEO4J_ACCESS: `read` refuses imports with 409 and tells the client; default `write`. */
  graphAccess?: GraphAccess;
  /**
   * User-written Cypher: its own driver (its own pool; `driver` when absent) and how many runs may
   * be in flight per user and in all (server/user-cypher/run-slots.ts defaults).
   */
  userCypher?: {
    driver?: Driver;
    /** Where runs happen; default: on this thread, on `driver` (the server passes a WorkerRunner). */
    runner?: UserCypherRunner;
    runsPerUser?: number;
    runsTotal?: number;
    retryAfterSeconds?: number;
  };
}

/**
 * Helmet with the explorer's strict Content-Security-Policy: no inline scripts, no framing.
 * Exported so that test doubles of the API serve the client under the same policy.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'script-src': ["'self'"],
        // Cytoscape sets inline styles on its container; styles cannot run code.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'frame-ancestors': ["'none'"],
        // Served over plain HTTP on loopback by default; a TLS proxy in front adds these.
        'upgrade-insecure-requests': null,
      },
    },
    strictTransportSecurity: false,
  });
}

/**
 * HSTS, but only on answers that went out over HTTPS: served directly over TLS, or behind a
 * trusted proxy that says `X-Forwarded-Proto: https` (`req.secure` covers both). Browsers ignore
 * the header over plain HTTP, and sending it from the default loopback HTTP server would pin
 * nothing; a year, subdomains included, is what the header's own guidance asks of a served site.
 */
const strictTransportSecurity: RequestHandler = (req, res, next) => {
  if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  next();
};

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? 'loopback');

  app.use(securityHeaders());
  app.use(strictTransportSecurity);
  app.use(
    pinoHttp({
      logger: deps.logger,
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      // Method, URL and status are enough; headers carry cookies and tokens.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  // The shared contexts, made once here and handed to the routers that need them.
  const target: GraphTarget = { driver: deps.driver, database: deps.database };
  const auth = authContext({
    store: deps.appStore,
    target,
    logger: deps.logger,
    security: deps.security,
    audit: deps.audit,
    credentials: deps.credentials,
  });
  const changes = new GraphChanges();
  const explorer = explorerContext(target, changes);
  // Analysts' Cypher runs on a pool of its own, in a bounded number of slots.
  const userCypherDriver = deps.userCypher?.driver ?? deps.driver;
  const userCypher = {
    ...explorer,
    driver: userCypherDriver,
    runner:
      deps.userCypher?.runner ??
      new InProcessRunner({ driver: userCypherDriver, database: target.database, mapper: explorer.mapper }),
    slots: new RunSlots({
      perUser: deps.userCypher?.runsPerUser ?? DEFAULT_RUN_SLOTS.perUser,
      total: deps.userCypher?.runsTotal ?? DEFAULT_RUN_SLOTS.total,
      retryAfterSeconds: deps.userCypher?.retryAfterSeconds ?? DEFAULT_RUN_SLOTS.retryAfterSeconds,
    }),
  };
  const graphAccess = deps.graphAccess ?? 'write';
  const readCache = new ReadCache(graphStateSource(target, changes), {
    ...DEFAULT_READ_CACHE,
    ...deps.readCache,
  });
  // Answers carry case data behind a sign-in: no browser or proxy may keep them. With nothing
  // cached there is nothing to revalidate, so hashing each body for an ETag would be wasted work.
  app.set('etag', false);
  app.use('/api', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // Before anything that reads the app store: it may not be migrated yet.
  app.use('/api', startupGate(deps.lifecycle));
  // First, so that every refusal (CORS, sign-in, role, CSRF, rate limit) is on the record too.
  app.use('/api', auditTrail(auth));
  app.use('/api', corsForOrigins(auth.settings.corsOrigins));
  // The import route reads its own (larger) raw body; everything else is JSON up to 1 MB, parsed
  // before access control so that a malformed body is the same 400 for everyone.
  const json = express.json({ limit: '1mb' });
  app.use('/api', (req, res, next) => (readsOwnBody(req) ? next() : json(req, res, next)));
  app.use('/api', (req, _res, next) => {
    if (nestsDeeperThan(req.body, MAX_JSON_DEPTH)) {
      next(new ValidationError(`The body nests deeper than ${MAX_JSON_DEPTH} levels`));
      return;
    }
    next();
  });
  // The one gate before every /api router: who is asking, and may they.
  app.use('/api', accessControl(auth));
  // After access control (a key belongs to a user) and body parsing (the body is part of the request).
  app.use(
    '/api',
    idempotentCreates(deps.appStore, { rawBodyLimit: deps.maxImportBytes ?? DEFAULT_MAX_IMPORT_BYTES }),
  );
  app.use(
    '/api',
    importRoutes({
      graph: { ...target, model: explorer.model, changes },
      logger: deps.logger,
      maxBytes: deps.maxImportBytes,
      graphAccess,
    }),
  );

  app.use('/api', ftmExportRoutes({ ...target, model: explorer.model, store: deps.appStore }));
  app.use('/api', dossierRoutes({ ...target, model: explorer.model, store: deps.appStore }));
  app.use('/api', healthRoutes(target, deps.appStore, deps.lifecycle));
  app.use('/api', openApiRoutes());
  app.use('/api', authRoutes(auth));
  app.use('/api', adminRoutes(auth));
  app.use('/api', auditRoutes(auth));
  app.use('/api', graphRoutes(explorer, readCache, graphAccess));
  app.use('/api', searchRoutes(explorer, readCache, { graphAccess, changes }));
  app.use('/api', mergeRoutes(explorer, readCache, { graphAccess, changes }));
  app.use('/api', queriesRoutes(explorer, deps.appStore, userCypher));
  app.use('/api', consoleRoutes(userCypher));
  app.use('/api', workspaceRoutes(deps.appStore));
  app.use('/api', userNamesRoutes(deps.appStore));
  app.use('/api', notesRoutes(deps.appStore));

  app.use('/api', (req, _res, next) =>
    next(new NotFoundError(`No API route ${req.method} ${req.originalUrl.split('?')[0]}`)),
  );

  if (deps.clientDir && fs.existsSync(path.join(deps.clientDir, 'index.html'))) {
    const clientDir = deps.clientDir;
    app.use(express.static(clientDir, { index: 'index.html', maxAge: '1h' }));
    // Client-side routes (workspace links) all load the one page; a missing asset (a source map
    // the production build does not make, say) is a plain 404, not the page.
    app.get(/^\/(?!api\/|assets\/).*/, (_req, res) => res.sendFile(path.join(clientDir, 'index.html')));
  }

  app.use(errorHandler(deps.logger));
  return app;
}

/** zlib's own errors (`Z_DATA_ERROR`, `Z_BUF_ERROR`, …): what a broken compressed body raises. */
function isDecompressionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** The one error handler: known errors keep their status; anything else is a 500 without details. */
function errorHandler(logger: Logger): ErrorRequestHandler {
  return (rawError, req, res, _next) => {
    let error = toAppError(rawError);
    // body-parser signals its own problems with `type` and a status.
    const parserError = rawError as { type?: string; status?: number };
    if (parserError.type === 'entity.too.large') error = new PayloadTooLargeError();
    else if (parserError.type === 'entity.parse.failed')
      error = new BadRequestError('The body is not valid JSON');
    else if (parserError.type && parserError.status && parserError.status < 500) {
      error = new BadRequestError('The request body could not be read');
    } else if (isDecompressionError(rawError)) {
      // A broken gzip/deflate stream fails inside zlib, and body-parser passes that on without a `type`.
      error = new BadRequestError('The request body could not be decompressed');
    }

    if (error instanceof AppError) {
      if (error.status === 503) res.set('Retry-After', '5');
      if (error instanceof TooManyRunsError) res.set('Retry-After', String(error.retryAfterSeconds));
      const body: { code: string; message: string; details?: unknown } = {
        code: error.code,
        message: error.message,
      };
      if (error.details !== undefined) body.details = error.details;
      res.status(error.status).json({ error: body });
      return;
    }
    (req.log ?? logger).error({ err: rawError }, 'unhandled error');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Something went wrong on our side' } });
  };
}
