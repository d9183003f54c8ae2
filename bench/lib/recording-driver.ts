/**
 * Records the Cypher the API runs for one request, so the raw-driver side of the latency
 * benchmark runs exactly the same statements with exactly the same parameters (and in the same
 * transactions). The API's own service functions are called once with a driver that passes
 * everything through to the real one and notes each `tx.run`; `replay` then runs the recorded
 * transactions with nothing but neo4j-driver.
 */
import neo4j, { type Driver, type Session } from 'neo4j-driver';

export interface RecordedStatement {
  text: string;
  params: Record<string, unknown>;
}

export interface RecordedTransaction {
  kind: 'managed-read' | 'managed-write' | 'explicit';
  accessMode: 'READ' | 'WRITE';
  timeoutMs?: number;
  fetchSize?: number;
  statements: RecordedStatement[];
}

type AnyFn = (...args: unknown[]) => unknown;

function recordingTx<T extends object>(tx: T, into: RecordedTransaction): T {
  return new Proxy(tx, {
    get(target, property) {
      const value = (target as Record<string | symbol, unknown>)[property];
      if (property === 'run') {
        return (text: string, params: Record<string, unknown> = {}) => {
          into.statements.push({ text, params });
          return (value as AnyFn).call(target, text, params);
        };
      }
      return typeof value === 'function' ? (value as AnyFn).bind(target) : value;
    },
  });
}

function timeoutOf(config: unknown): number | undefined {
  const timeout = (config as { timeout?: unknown } | undefined)?.timeout;
  return typeof timeout === 'number' ? timeout : undefined;
}

/** A driver that records every transaction's statements into `log` (executeQuery passes through). */
export function recordingDriver(real: Driver, log: RecordedTransaction[]): Driver {
  return new Proxy(real, {
    get(target, property) {
      if (property === 'session') {
        return (config: { defaultAccessMode?: string; fetchSize?: number } = {}) => {
          const session = target.session(config as Parameters<Driver['session']>[0]);
          return new Proxy(session, {
            get(s, p) {
              const value = (s as unknown as Record<string | symbol, unknown>)[p];
              if (p === 'executeRead' || p === 'executeWrite') {
                return (work: (tx: unknown) => unknown, txConfig?: unknown) => {
                  const recorded: RecordedTransaction = {
                    kind: p === 'executeRead' ? 'managed-read' : 'managed-write',
                    accessMode: p === 'executeRead' ? 'READ' : 'WRITE',
                    statements: [],
                  };
                  const timeoutMs = timeoutOf(txConfig);
                  if (timeoutMs !== undefined) recorded.timeoutMs = timeoutMs;
                  log.push(recorded);
                  return (value as AnyFn).call(
                    s,
                    (tx: object) => {
                      recorded.statements = []; // a retried attempt records afresh
                      return work(recordingTx(tx, recorded));
                    },
                    txConfig,
                  );
                };
              }
              if (p === 'beginTransaction') {
                return async (txConfig?: unknown) => {
                  const recorded: RecordedTransaction = {
                    kind: 'explicit',
                    accessMode: config.defaultAccessMode === neo4j.session.READ ? 'READ' : 'WRITE',
                    statements: [],
                  };
                  const timeoutMs = timeoutOf(txConfig);
                  if (timeoutMs !== undefined) recorded.timeoutMs = timeoutMs;
                  if (config.fetchSize !== undefined) recorded.fetchSize = config.fetchSize;
                  log.push(recorded);
                  const tx = await (value as AnyFn).call(s, txConfig);
                  return recordingTx(tx as object, recorded);
                };
              }
              return typeof value === 'function' ? (value as AnyFn).bind(s) : value;
            },
          }) as Session;
        };
      }
      const value = (target as unknown as Record<string | symbol, unknown>)[property];
      return typeof value === 'function' ? (value as AnyFn).bind(target) : value;
    },
  });
}

/**
 * Runs recorded transactions with the plain driver, each statement's rows pulled (at most
 * `rowLimit + 1` of them, like the console's row cap, then the transaction is rolled back).
 * `skip` drops statements the API runs only as a safety check (the console's EXPLAIN).
 */
export async function replay(
  driver: Driver,
  database: string,
  transactions: readonly RecordedTransaction[],
  options: { rowLimit?: number; skip?: (statement: RecordedStatement) => boolean } = {},
): Promise<number> {
  let rows = 0;
  for (const recorded of transactions) {
    const statements = recorded.statements.filter((s) => !options.skip?.(s));
    if (statements.length === 0) continue;
    const session = driver.session({
      database,
      defaultAccessMode: recorded.accessMode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      ...(recorded.fetchSize !== undefined && { fetchSize: recorded.fetchSize }),
    });
    const txConfig = recorded.timeoutMs !== undefined ? { timeout: recorded.timeoutMs } : undefined;
    try {
      if (recorded.kind === 'explicit') {
        const tx = await session.beginTransaction(txConfig);
        try {
          for (const statement of statements) {
            let n = 0;
            for await (const _record of tx.run(statement.text, statement.params)) {
              if (++n > (options.rowLimit ?? Infinity)) break;
            }
            rows += n;
          }
        } finally {
          if (tx.isOpen()) await tx.rollback().catch(() => undefined);
        }
      } else {
        const work = async (tx: {
          run(text: string, params: unknown): PromiseLike<{ records: unknown[] }>;
        }) => {
          let n = 0;
          for (const statement of statements)
            n += (await tx.run(statement.text, statement.params)).records.length;
          return n;
        };
        rows +=
          recorded.kind === 'managed-read'
            ? await session.executeRead(work, txConfig)
            : await session.executeWrite(work, txConfig);
      }
    } finally {
      await session.close();
    }
  }
  return rows;
}
