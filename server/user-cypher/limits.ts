/**
 * The limits of user-written Cypher (the console and saved queries): how long the text may be,
 * how long it may run, how many rows and bytes it may answer.
 */
import { PayloadTooLargeError } from '../errors.js';

export interface RunLimits {
  /** The whole run: Neo4j, reading the rows and mapping them (the route then writes at most `maxBytes`). */
  timeoutMs: number;
  rowLimit: number;
  /** Ceiling on the answer's estimated size; `MAX_RESULT_BYTES` when absent. */
  maxBytes?: number;
}

/** Longest query text accepted; real analyst queries are a few hundred characters. */
export const MAX_CYPHER_LENGTH = 20_000;
/**
 * Longest string a console parameter may hold: a regular expression match runs uninterrupted by
 * the timeout (the gate admits only patterns recheck finds linear), and a parameter is the one
 * input an analyst sends whole; a longer one is a 422.
 */
export const MAX_PARAMETER_STRING = 10_000;
export const DEFAULT_LIMITS: RunLimits = { timeoutMs: 15_000, rowLimit: 1_000 };
export const MAX_TIMEOUT_MS = 60_000;
export const MAX_ROW_LIMIT = 5_000;
/**
 * Rough ceiling on the answer's size, from the first row on: beyond it rows are cut and the outcome
 * is `truncated`; a first row alone beyond it is a 413 RESULT_TOO_LARGE.
 */
export const MAX_RESULT_BYTES = 8 * 1024 * 1024;

/**
 * 413 for a request body whose `cypher` is longer than `MAX_CYPHER_LENGTH`, checked before the
 * body's schema so that an oversized query is named as such.
 */
export function checkCypherLength(body: unknown): void {
  const text = (body as { cypher?: unknown } | undefined)?.cypher;
  if (typeof text === 'string' && text.length > MAX_CYPHER_LENGTH) {
    throw new PayloadTooLargeError(`The query is longer than ${MAX_CYPHER_LENGTH} characters`);
  }
}
