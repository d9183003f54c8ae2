/**
 * Runs a CLI task against the graph: config, connection (starting a local
 * Neo4j when none is configured and none is running), the one driver, and a
 * clean stop afterwards whatever happens.
 */
import { connectOrStartNeo4j } from '../db/connect.js';
import { createDriver } from '../db/driver.js';
import { configFromEnvironment } from '../env.js';
import { LocalNeo4jError } from '../local-neo4j/local-neo4j.js';
import type { ImportDeps } from '../import/import-service.js';
import { loadModel, useModelFile } from '../model/model.js';
import { isReadOnlyDatabase } from '../db/neo4j-codes.js';
import { AppError, GraphReadOnlyError, toAppError } from '../errors.js';

/**
 * Runs `task`. `changesCaseData` says how a task changes the case graph (seed, import): with
 * NEO4J_ACCESS=read such a task is refused before connecting. Exit codes: 0 done, 1 failed, 2 bad
 * input (validation, usage) or a graph casegraph may only read (configured, or a read-only database
 * whose refusal Neo4j reports).
 */
export async function runGraphTask(
  task: (graph: ImportDeps) => Promise<number>,
  changesCaseData?: string,
): Promise<never> {
  let code: number;
  const config = configFromEnvironment();
  useModelFile(config.modelFile);
  if (changesCaseData !== undefined && config.graphAccess === 'read') {
    const refusal = new GraphReadOnlyError(changesCaseData);
    console.error(`${refusal.code}: ${refusal.message}`);
    process.exit(2);
  }
  const target = await connectOrStartNeo4j(config, (m) => console.error(m)).catch((error: unknown) => {
    console.error(error instanceof LocalNeo4jError ? `${error.code}: ${error.message}` : error);
    process.exit(1);
  });
  const driver = createDriver(target);
  try {
    code = await task({ driver, database: target.database, model: loadModel() });
  } catch (thrown) {
    code = reportFailure(isReadOnlyDatabase(thrown) ? toAppError(thrown) : thrown);
  } finally {
    await driver.close();
    await target.started?.stop();
  }
  process.exit(code);
}

/**
 * Prints why a CLI task failed and returns its exit code: 2 for what the user can fix (an
 * `AppError` below 500: validation, usage, a read-only graph), 1 for anything else.
 */
export function reportFailure(error: unknown): number {
  if (error instanceof AppError) {
    console.error(`${error.code}: ${error.message}`);
    if (Array.isArray(error.details)) {
      for (const problem of error.details as { path: string; field?: string; message: string }[]) {
        console.error(`  ${problem.path}${problem.field ? ` [${problem.field}]` : ''}: ${problem.message}`);
      }
    }
    return error.status < 500 ? 2 : 1;
  }
  console.error(error);
  return 1;
}
