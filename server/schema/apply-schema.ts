/**
 * Applies the schema the model implies (constraints, indexes, the full-text
 * index) plus the indexes the import's staging records need. Idempotent: every
 * statement says IF NOT EXISTS, so it runs on every seed and start.
 */
import { Neo4jError, type Driver } from 'neo4j-driver';
import { EQUIVALENT_SCHEMA_RULE } from '../db/neo4j-codes.js';
import { cypher, fillTemplate, integerLiteral, loadCypher, quoteName } from '../cypher-files.js';
import {
  FULLTEXT_INDEX_NAME,
  obsoleteSchemaStatements,
  schemaStatements,
  type CaseModel,
} from '../model/model.js';

/**
 * App data beside the case, `cypher/schema/app/`: indexes of import staging records, and drops of
 * constraints earlier versions made for data that now lives in the app store.
 */
function appStatements(): string[] {
  return Object.keys(loadCypher())
    .filter((name) => name.startsWith('schema/app/'))
    .sort()
    .map(cypher);
}

/** `CALL db.awaitIndexes(seconds)`; shared with the auth schema. */
export function awaitIndexesStatement(seconds: number): string {
  return fillTemplate('schema/await-indexes', { seconds: integerLiteral(seconds, 1, 3_600) });
}

/**
 * Brings the schema to what the model says: drops what earlier versions had and this one does
 * not, runs every schema statement, then waits until the indexes are online. Returns how many
 * statements ran.
 */
export async function applySchema(driver: Driver, database: string, model: CaseModel): Promise<number> {
  const statements = [...obsoleteSchemaStatements(model), ...schemaStatements(model), ...appStatements()];
  await dropSearchIndexIfOutdated(driver, database);
  for (const statement of statements) {
    try {
      await driver.executeQuery(statement, {}, { database });
    } catch (error) {
      // Another process (a second server starting beside this one) made the same rule first.
      if (!(error instanceof Neo4jError && error.code === EQUIVALENT_SCHEMA_RULE)) throw error;
    }
  }
  await driver.executeQuery(awaitIndexesStatement(300), {}, { database });
  return statements.length;
}

/**
 * A full-text index made by an earlier version is updated inside every transaction; `IF NOT
 * EXISTS` would keep it so. Dropped here, it is made again eventually consistent by the schema
 * statements; while it repopulates, search falls back to a substring scan (search-service.ts).
 */
async function dropSearchIndexIfOutdated(driver: Driver, database: string): Promise<void> {
  const { records } = await driver.executeQuery(
    cypher('schema/fulltext-options'),
    { name: FULLTEXT_INDEX_NAME },
    { database },
  );
  if (records.length > 0 && records[0]!.get('eventuallyConsistent') !== true) {
    await driver.executeQuery(
      fillTemplate('schema/drop-index', { name: quoteName(FULLTEXT_INDEX_NAME) }),
      {},
      { database },
    );
  }
}

/**
 * Waits until the eventually consistent full-text index holds every committed write, so that
 * what an import wrote is searchable when the import returns.
 */
export async function awaitSearchIndex(driver: Driver, database: string): Promise<void> {
  await driver.executeQuery(cypher('schema/await-fulltext'), {}, { database });
}
