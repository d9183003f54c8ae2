/**
 * What the explorer's features share: the driver, the model, the mapper and the name allowlist,
 * made once per app (the routers of one `createApp` call get the same context), and the one
 * helper that runs a read transaction with a timeout.
 */
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { AppDeps } from '../app.js';
import { GraphMapper } from '../mapping/graph-mapper.js';
import { loadModel, type CaseModel } from '../model/model.js';
import { loadCypher } from '../cypher-files.js';
import { SchemaNames } from './schema-names.js';

export interface ExplorerContext {
  driver: Driver;
  database: string;
  model: CaseModel;
  mapper: GraphMapper;
  names: SchemaNames;
}

/** Timeout of the explorer's own reads (entity, neighbours, search): they are all bounded. */
export const EXPLORER_READ_TIMEOUT_MS = 15_000;

const contexts = new WeakMap<AppDeps, ExplorerContext>();

/** The context of one app; the model file and the Cypher files are read here, at start-up. */
export function explorerContext(deps: AppDeps): ExplorerContext {
  let context = contexts.get(deps);
  if (!context) {
    loadCypher();
    const model = loadModel();
    context = {
      driver: deps.driver,
      database: deps.database,
      model,
      mapper: new GraphMapper(model),
      names: new SchemaNames(deps.driver, deps.database, model),
    };
    contexts.set(deps, context);
  }
  return context;
}

/** Runs `work` in a managed read transaction (retried on transient errors) with a timeout. */
export async function readTransaction<T>(
  context: ExplorerContext,
  work: (tx: ManagedTransaction) => Promise<T>,
  timeoutMs = EXPLORER_READ_TIMEOUT_MS,
): Promise<T> {
  const session = context.driver.session({
    database: context.database,
    defaultAccessMode: neo4j.session.READ,
  });
  try {
    return await session.executeRead(work, { timeout: timeoutMs });
  } finally {
    await session.close();
  }
}

/** Runs `work` in a managed write transaction (saved queries, summaries). */
export async function writeTransaction<T>(
  context: ExplorerContext,
  work: (tx: ManagedTransaction) => Promise<T>,
  timeoutMs = EXPLORER_READ_TIMEOUT_MS,
): Promise<T> {
  const session = context.driver.session({ database: context.database });
  try {
    return await session.executeWrite(work, { timeout: timeoutMs });
  } finally {
    await session.close();
  }
}
