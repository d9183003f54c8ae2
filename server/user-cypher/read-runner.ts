/**
 * Runs user-written Cypher (the console and saved queries) read-only, in layers, each of which
 * would refuse a write on its own:
 *   (a) a READ access-mode transaction: Neo4j itself refuses writes in it;
 *   (b) the gate (`gate.ts`): no write clauses, admin commands, LOAD CSV, USE or foreign procedures;
 *   (c) `EXPLAIN` first: Neo4j's own query type must be `r`, and the plan may not load CSV, run
 *       transactions of its own or show/terminate anything;
 *   (d) a transaction timeout and a row cap: rows are pulled from the cursor and the rest is
 *       discarded, so the user's query text is never rewritten to add a LIMIT.
 * Timeouts are recognised by the Neo4j error code, never by message text.
 */
import neo4j, { type Node, type Transaction } from 'neo4j-driver';
import { isTimeout } from '../db/neo4j-codes.js';
import type { JsonValue, QueryOutcome, QueryRunResult } from '../contract.js';
import { QueryTimeoutError, ResultTooLargeError, ValidationError } from '../errors.js';
import { cypher as namedCypher } from '../cypher-files.js';
import type { GraphTarget } from '../db/graph-target.js';
import type { GraphMapper } from '../mapping/graph-mapper.js';
import { findElements, mapResult, missingEndpoints } from '../mapping/result-mapper.js';
import { checkReadOnlyCypher } from './gate.js';
import { ALLOWED_PROCEDURES } from './allowlist.js';
import { CypherNotAllowedError, userCypherError } from './cypher-errors.js';
import { DEFAULT_LIMITS, MAX_RESULT_BYTES, type RunLimits } from './limits.js';

/**
 * Neo4j planner options, sent as a `CYPHER key=value` prefix. Only library queries (files in the
 * repository) may set them; the gate refuses the prefix in anything a user writes.
 *
 * `statefulShortestPlanningMode=all_if_possible` exists for shortest-path queries with one bound
 * end (`SHORTEST … (person)--{1,3}(other)`): Neo4j's default heuristic sometimes plans them as a
 * scan of every node with a path search from each ("Into"), which on a graph with a 20k-link hub
 * ran past a minute where expanding from the bound end takes 0.2 s.
 */
export const PLANNER_OPTIONS = {
  statefulShortestPlanningMode: ['all_if_possible', 'into_only', 'cardinality_heuristic'],
} as const;
export type PlannerOptions = {
  -readonly [K in keyof typeof PLANNER_OPTIONS]?: (typeof PLANNER_OPTIONS)[K][number];
};

/** `CYPHER a=b c=d ` for the options given, or nothing. */
export function plannerPrefix(options: PlannerOptions | undefined): string {
  const pairs = Object.entries(options ?? {}).filter(([, value]) => value !== undefined);
  return pairs.length === 0 ? '' : `CYPHER ${pairs.map(([key, value]) => `${key}=${value}`).join(' ')} `;
}

/** Where user Cypher runs, and the mapper that turns its answers into the API's JSON. */
export interface RunTarget extends GraphTarget {
  mapper: GraphMapper;
}

/** DBMS-mode procedures that only read; Neo4j gives queries calling them the type `s`. */
const SYSTEM_READ_PROCEDURES: ReadonlySet<string> = new Set(['dbms.components']);

/** Plan operators that a read-only query type does not rule out but the console does. */
const REFUSED_OPERATORS = [/^LoadCSV$/, /^Transaction(Apply|Foreach)$/, /^Show/, /^Terminate/];

/** True when the driver error means "the transaction ran out of time" (the codes are the driver layer's). */
export { isTimeout };

/**
 * JSON parameters as Cypher values: whole numbers become Neo4j integers (JSON cannot tell 10
 * from 10.0, and `LIMIT $n` or `range()` need integers); everything else passes as it is.
 */
export function toCypherParameters(params: Record<string, JsonValue>): Record<string, unknown> {
  const convert = (value: JsonValue): unknown => {
    if (typeof value === 'number') return Number.isSafeInteger(value) ? neo4j.int(value) : value;
    if (Array.isArray(value)) return value.map(convert);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, convert(inner)]));
    }
    return value;
  };
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, convert(value)]));
}

export interface CheckedReadOptions {
  /** false leaves only the READ transaction (tests only). */
  explainCheck?: boolean;
  planner?: PlannerOptions | undefined;
  /**
   * Checks to make first, in the same transaction (so no second round trip): e.g. that entity
   * parameters name entities. What it throws is the answer.
   */
  prepare?: ((tx: Transaction) => Promise<void>) | undefined;
  /**
   * true: answer only once the transaction is closed, without the deadline race below. For runs
   * in a worker thread, whose runner terminates the worker at the deadline instead; a worker that
   * answered at the deadline while its transaction still held a connection would take the next
   * run with one connection fewer, and a few such runs in a row left none (503).
   */
  settleBeforeAnswer?: boolean | undefined;
}

/**
 * The console's entry point: the gate, then `runCheckedRead`. Parameters the query uses but
 * the request does not give are a 422 naming them.
 */
export async function runUserCypher(
  target: RunTarget,
  cypherText: string,
  params: Record<string, unknown>,
  limits: RunLimits = DEFAULT_LIMITS,
  options: Pick<CheckedReadOptions, 'planner' | 'prepare' | 'settleBeforeAnswer'> = {},
): Promise<QueryRunResult> {
  const gate = checkReadOnlyCypher(cypherText);
  if (!gate.ok) throw new CypherNotAllowedError(gate.reason, gate.position);
  const missing = gate.parameters.filter((name) => !Object.hasOwn(params, name));
  if (missing.length > 0) {
    throw new ValidationError(`Missing parameter${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`, {
      missing,
    });
  }
  return runCheckedRead(target, cypherText, params, limits, options);
}

/**
 * Layers (a), (c) and (d) without the gate; exported so tests can show each layer refuses a
 * write on its own. `explainCheck: false` leaves only the READ transaction (tests only).
 */
export async function runCheckedRead(
  target: RunTarget,
  cypherText: string,
  params: Record<string, unknown>,
  limits: RunLimits = DEFAULT_LIMITS,
  options: CheckedReadOptions = {},
): Promise<QueryRunResult> {
  if (options.settleBeforeAnswer) return runWithinLimits(target, cypherText, params, limits, options);
  // Neo4j's timeout stops the query, but not the driver decoding a huge record it already sent
  // (`RETURN range(1, 6000000)` took 100 s there): the answer is given at the deadline regardless.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(new QueryTimeoutError(`The query took longer than ${limits.timeoutMs} ms and was stopped`)),
      limits.timeoutMs + DEADLINE_GRACE_MS,
    );
  });
  const run = runWithinLimits(target, cypherText, params, limits, options);
  // A run that fails after the deadline has answered fails unheard.
  run.catch(() => undefined);
  try {
    return await Promise.race([run, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Past Neo4j's own timeout, so that its `timed_out` partial answer wins when it comes. */
const DEADLINE_GRACE_MS = 1_000;

async function runWithinLimits(
  target: RunTarget,
  cypherText: string,
  params: Record<string, unknown>,
  limits: RunLimits,
  options: CheckedReadOptions,
): Promise<QueryRunResult> {
  const prefix = plannerPrefix(options.planner);
  const started = performance.now();
  // Neo4j's own timeout ends the query at timeoutMs with the rows read so far (`timed_out`); the
  // run's deadline, for reading and mapping, is the same as the answer's (with its grace), so a
  // partial answer Neo4j cut on time is not turned into a 408 by the check after mapping.
  const deadline = started + limits.timeoutMs + DEADLINE_GRACE_MS;
  const maxBytes = limits.maxBytes ?? MAX_RESULT_BYTES;
  const session = target.driver.session({
    database: target.database,
    defaultAccessMode: neo4j.session.READ,
    // Pull only what the cap can use: the server does not compute rows nobody will read.
    fetchSize: Math.min(limits.rowLimit + 1, 1_000),
  });
  let tx: Transaction | undefined;
  const rows: unknown[][] = [];
  let outcome: QueryOutcome = 'complete';
  try {
    tx = await session.beginTransaction({
      timeout: limits.timeoutMs,
      metadata: { app: 'casegraph', feature: 'console' },
    });
    await options.prepare?.(tx);
    if (options.explainCheck !== false) {
      const verdictKey = `${target.database}\u0000${prefix}\u0000${cypherText}`;
      if (!provenReadOnly.has(verdictKey)) {
        await assertReadOnlyPlan(tx, cypherText, params, prefix);
        rememberReadOnly(verdictKey);
      }
    }

    // On a line of its own, so Neo4j's error positions are the query's, one line down.
    const result = tx.run(prefix ? `${prefix}\n${cypherText}` : cypherText, params);
    const columns = [...(await result.keys())];
    let bytes = 0;
    try {
      for await (const record of result) {
        if (rows.length >= limits.rowLimit) {
          outcome = 'truncated';
          break;
        }
        const row = columns.map((key) => record.get(key));
        // The cap holds from the first row: the estimate stops counting once past what is left.
        bytes += approximateSize(row, 0, maxBytes - bytes + 1);
        if (bytes > maxBytes) {
          if (rows.length === 0) throw new ResultTooLargeError(maxBytes);
          outcome = 'truncated';
          break;
        }
        rows.push(row);
        if (performance.now() > deadline) throw timeUp();
      }
    } catch (error) {
      // Rows already read are worth showing; with none, a timeout is an error (408).
      if ((isTimeout(error) || error instanceof DeadlinePassed) && rows.length > 0) outcome = 'timed_out';
      else throw error;
    }

    const extraNodes: Node[] = [];
    if (outcome !== 'timed_out') {
      const missing = missingEndpoints(findElements(rows.flat()));
      if (missing.length > 0) {
        const fetched = await tx.run(namedCypher('graph/nodes-by-element-ids'), { elementIds: missing });
        for (const record of fetched.records) extraNodes.push(record.get('n') as Node);
      }
    }
    // Unfetched ends may be app data: their rows are withheld rather than shown half.
    const unknownEnds = outcome === 'timed_out' ? 'withhold' : 'keep';
    const mapped = mapResult(target.mapper, columns, rows, extraNodes, unknownEnds);
    // The time limit covers the whole run, mapping included; past it nothing more is done.
    if (performance.now() > deadline) throw timeUp();
    return {
      graph: mapped.graph,
      table: mapped.table,
      outcome,
      rowCount: mapped.table.rows.length,
      elapsedMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (isTimeout(error) || error instanceof DeadlinePassed) {
      throw new QueryTimeoutError(`The query took longer than ${limits.timeoutMs} ms and was stopped`);
    }
    throw userCypherError(error, { lineOffset: prefix ? 1 : 0 });
  } finally {
    if (tx?.isOpen()) await tx.rollback().catch(() => undefined);
    await session.close();
  }
}

/** The run's own deadline (Neo4j, reading rows and mapping them) passed; Neo4j's timeout covers only Neo4j. */
class DeadlinePassed extends Error {}
const timeUp = () => new DeadlinePassed('deadline passed');

/**
 * Layer (c) on its own, in a READ transaction of its own: for checking a query when it is saved.
 * Throws CypherNotAllowedError, CypherSyntaxError or another mapped error; returns when it would
 * run read-only.
 */
export async function explainUserCypher(
  target: RunTarget,
  cypherText: string,
  params: Record<string, unknown>,
): Promise<void> {
  const session = target.driver.session({ database: target.database, defaultAccessMode: neo4j.session.READ });
  let tx: Transaction | undefined;
  try {
    tx = await session.beginTransaction({ timeout: 5_000 });
    await assertReadOnlyPlan(tx, cypherText, params);
  } catch (error) {
    throw userCypherError(error);
  } finally {
    if (tx?.isOpen()) await tx.rollback().catch(() => undefined);
    await session.close();
  }
}

/**
 * Texts layer (c) has already passed, per database. Neo4j's query type and the plan's operators
 * depend on the text alone, never on parameter values, so a text that passed once passes again:
 * running a saved query or a console query a second time skips the EXPLAIN round trip (a third
 * of a cheap query's time). Only passes are kept; a refusal is asked again. Layer (a), the READ
 * transaction, still holds on every run.
 */
const provenReadOnly = new Set<string>();
const MAX_PROVEN = 2_000;

function rememberReadOnly(key: string): void {
  provenReadOnly.add(key);
  if (provenReadOnly.size > MAX_PROVEN) {
    const oldest = provenReadOnly.values().next().value;
    if (oldest !== undefined) provenReadOnly.delete(oldest);
  }
}

/**
 * Layer (c): asks Neo4j how it would run the query. Only plain reads pass: query type `r` and no
 * operator that reaches outside the graph or commits on its own.
 */
export async function assertReadOnlyPlan(
  tx: Transaction,
  cypherText: string,
  params: Record<string, unknown>,
  plannerPrefixText = '',
): Promise<void> {
  let summary;
  try {
    // On a line of its own, so Neo4j's error positions are the user's, one line down.
    summary = (await tx.run(`EXPLAIN ${plannerPrefixText}\n${cypherText}`, params)).summary;
  } catch (error) {
    throw userCypherError(error, { lineOffset: 1 });
  }
  const operators: { type: string; details: string }[] = [];
  const walk = (plan: PlanNode | false | undefined) => {
    if (!plan) return;
    operators.push({
      type: plan.operatorType.replace(/@.*$/, ''),
      details: String(plan.arguments?.Details ?? ''),
    });
    for (const child of plan.children) walk(child);
  };
  walk(summary.plan as PlanNode | false);

  // Every procedure the plan would call must be on the gate's allowlist, read from Neo4j's own
  // plan: the gate reads the text, and a text it misreads (a comment Neo4j ends where the gate
  // does not) must still not reach db.stats.retrieve or db.prepareForReplanning. Any operator
  // named like a procedure call counts; a name the plan does not show is refused.
  const procedures = operators
    .filter((operator) => /procedure/i.test(operator.type))
    .map((operator) => PROCEDURE_IN_DETAILS.exec(operator.details)?.[1] ?? '');
  for (const name of procedures) {
    if (!ALLOWED_PROCEDURES.has(name)) {
      throw new CypherNotAllowedError(
        name === ''
          ? 'The query calls a procedure the console cannot identify, so it does not run it'
          : `The procedure ${name} is not available in the console`,
      );
    }
  }
  // Neo4j types a call of a DBMS-mode procedure as `s` even when it only reads (dbms.components).
  const systemRead =
    summary.queryType === 's' &&
    procedures.length > 0 &&
    procedures.every((name) => SYSTEM_READ_PROCEDURES.has(name));
  if (summary.queryType !== 'r' && !systemRead) {
    throw new CypherNotAllowedError(
      summary.queryType === 's'
        ? 'The console is read-only: the query changes the schema or the system'
        : 'The console is read-only: the query would write to the graph',
    );
  }
  const refused = operators.find((operator) =>
    REFUSED_OPERATORS.some((pattern) => pattern.test(operator.type)),
  );
  if (refused) throw new CypherNotAllowedError(`The console does not run ${refused.type} operations`);
}

/** A ProcedureCall's Details begin with the qualified name: `db.labels() :: (label :: STRING)`. */
const PROCEDURE_IN_DETAILS = /^([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\(/;

interface PlanNode {
  operatorType: string;
  arguments?: Record<string, unknown>;
  children: PlanNode[];
}

/**
 * A cheap estimate of a value's JSON size, to stop before an answer grows unreasonably large.
 * With a `budget`, counting stops as soon as the estimate passes it (the answer is then "more than
 * budget"), so a single six-million-element list costs no more to refuse than the budget to count.
 */
export function approximateSize(value: unknown, depth = 0, budget = Number.POSITIVE_INFINITY): number {
  const counter = { sum: 0, budget };
  addSize(value, depth, counter);
  return counter.sum;
}

/** Adds `value`'s estimate to `counter.sum`; false once the budget is spent (stop counting). */
function addSize(value: unknown, depth: number, counter: { sum: number; budget: number }): boolean {
  const add = (n: number) => {
    counter.sum += n;
    return counter.sum <= counter.budget;
  };
  if (value === null || value === undefined) return add(4);
  if (typeof value === 'string') return add(value.length + 2);
  if (typeof value !== 'object' || depth > 32) return add(8);
  if (Array.isArray(value)) {
    if (!add(2)) return false;
    for (const item of value) if (!addSize(item, depth + 1, counter) || !add(1)) return false;
    return true;
  }
  if (neo4j.isNode(value) || neo4j.isRelationship(value)) {
    return add(64) && addSize(value.properties, depth + 1, counter);
  }
  if (neo4j.isPath(value)) {
    if (!addSize(value.start, depth + 1, counter)) return false;
    for (const segment of value.segments) {
      if (!addSize([segment.relationship, segment.end], depth + 1, counter)) return false;
    }
    return true;
  }
  if (neo4j.isInt(value)) return add(8);
  if (!add(2)) return false;
  for (const [key, inner] of Object.entries(value)) {
    if (!add(key.length + 3) || !addSize(inner, depth + 1, counter)) return false;
  }
  return true;
}
