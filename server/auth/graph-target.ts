/**
 * Where auth and audit data live: the case database, under labels of their own (`_User`,
 * `_Session`, `_ApiToken`, `_AuditEvent`) that are never `Entity`, so explorer queries, search
 * and `resetGraph` leave them alone.
 */
import { cypher, loadCypher } from '../cypher-files.js';
import type { GraphTarget } from '../db/graph-target.js';
import { awaitIndexesStatement } from '../schema/apply-schema.js';

/**
 * Creates the constraints and indexes of users, sessions, tokens and the audit log: every
 * statement in `cypher/auth/schema/` (all idempotent), then waits until they are online.
 */
export async function applyAuthSchema(target: GraphTarget): Promise<void> {
  const names = Object.keys(loadCypher())
    .filter((name) => name.startsWith('auth/schema/'))
    .sort();
  for (const name of names) {
    await target.driver.executeQuery(cypher(name), {}, { database: target.database });
  }
  await target.driver.executeQuery(awaitIndexesStatement(120), {}, { database: target.database });
}
