/**
 * The errors the API speaks. Each carries a stable `code` and an HTTP status;
 * the one error middleware renders them as `{error: {code, message}}`.
 * Neo4j errors are mapped by their `code`, never by message text.
 */
import { Neo4jError } from 'neo4j-driver';
import { READ_ONLY_DATABASE_CODES, TIMEOUT_CODES } from './db/neo4j-codes.js';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, details?: unknown) {
    super(400, 'BAD_REQUEST', message, details);
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super(422, 'VALIDATION_FAILED', message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(404, 'NOT_FOUND', message);
  }
}

/** 403: understood, and refused by policy (read-only console, library queries, ownership). */
export class ForbiddenError extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(403, code, message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message = 'The request body is too large') {
    super(413, 'PAYLOAD_TOO_LARGE', message);
  }
}

export class QueryTimeoutError extends AppError {
  constructor(message = 'The query took longer than allowed and was stopped') {
    super(408, 'QUERY_TIMEOUT', message);
  }
}

export class DatabaseUnavailableError extends AppError {
  constructor(message = 'The graph database is not reachable right now') {
    super(503, 'DATABASE_UNAVAILABLE', message);
  }
}

/**
 * 503: every connection of the pool was in use for the whole acquisition timeout. The request was
 * fine; the client may repeat it after `Retry-After` (which the error handler sets for every 503).
 */
export class DatabaseBusyError extends AppError {
  constructor(message = 'The graph database is busy right now; try again shortly') {
    super(503, 'DATABASE_BUSY', message);
  }
}

/** 429: too many runs of user Cypher in flight (per user or in all); carries its `Retry-After`. */
export class TooManyRunsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'TOO_MANY_RUNS', message);
  }
}

/**
 * 413: even the first row of an answer is larger than the answer may be, so there is nothing to
 * show; the query should return less (fewer or smaller columns, `LIMIT`, `size(list)`).
 */
export class ResultTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super(
      413,
      'RESULT_TOO_LARGE',
      `The first row of the answer is larger than ${Math.round(maxBytes / 1024)} kB; return less per row`,
    );
  }
}

/**
 * 409: a write to a graph casegraph may only read. Refused before Neo4j is touched when
 * NEO4J_ACCESS=read; Neo4j's own refusal of a read-only database gets the same code.
 */
export class GraphReadOnlyError extends AppError {
  constructor(what: string, reason: 'configured' | 'database' = 'configured') {
    super(
      409,
      'GRAPH_READ_ONLY',
      reason === 'configured'
        ? `casegraph has read-only access to this graph (NEO4J_ACCESS=read): ${what} is not possible`
        : `The graph database is read-only (Neo4j refused the write): ${what} is not possible`,
    );
  }
}

/**
 * The driver's code for errors it raises itself without a server code. The only one that reaches a
 * request is the pool's acquisition timeout (every connection busy); the driver gives it no code of
 * its own, and message text is not matched, so "driver-side, no code" is read as "busy".
 */
const DRIVER_SIDE_CODE = 'N/A';

/** Codes of driver errors meaning "the database cannot be reached" (not "your query is wrong"). */
const unavailableCodes = new Set(['ServiceUnavailable', 'SessionExpired', 'ConnectionRefused']);

/**
 * Turns a thrown value into an AppError when we know what it means, so routes
 * can `next(err)` whatever the driver threw. Unknown errors stay as they are
 * (and become a 500 without details).
 */
export function toAppError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof Neo4jError) {
    const code = error.code;
    if (unavailableCodes.has(code) || code === 'Neo.TransientError.General.DatabaseUnavailable') {
      return new DatabaseUnavailableError();
    }
    if (READ_ONLY_DATABASE_CODES.has(code)) {
      return new GraphReadOnlyError('changing the graph', 'database');
    }
    if (TIMEOUT_CODES.has(code)) {
      return new QueryTimeoutError();
    }
    if (code === DRIVER_SIDE_CODE) {
      return new DatabaseBusyError();
    }
    if (code === 'Neo.ClientError.Security.Unauthorized') {
      return new DatabaseUnavailableError('The server could not sign in to the graph database');
    }
  }
  return error;
}
