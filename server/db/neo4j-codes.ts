/**
 * The Neo4j error codes the server acts on, in one place. Errors are told apart by `code`, never
 * by message text.
 */
import { Neo4jError } from 'neo4j-driver';

/** A uniqueness constraint refused a write (an id that already exists). */
export const CONSTRAINT_FAILED = 'Neo.ClientError.Schema.ConstraintValidationFailed';

/**
 * A schema rule equal to the one being created appeared meanwhile: `IF NOT EXISTS` checks before
 * it creates, so two processes applying the schema at once can both pass the check.
 */
export const EQUIVALENT_SCHEMA_RULE = 'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists';

/** Codes meaning "the transaction ran out of time" (server or client timeout, or stopped waiting on a lock). */
export const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
  'Neo.TransientError.Transaction.LockClientStopped',
]);

/**
 * Codes meaning "this database refuses every write". Neo4j 5.26 answers a write to a database
 * made read-only (`server.databases.default_to_read_only=true`, `server.databases.read_only=<db>`)
 * with `WriteOnReadOnlyAccessDatabase` (seen on the real server: test/integration/read-only-graph
 * .test.ts); `ForbiddenOnReadOnlyDatabase` is the documented code of the same refusal elsewhere.
 */
export const READ_ONLY_DATABASE_CODES: ReadonlySet<string> = new Set([
  'Neo.ClientError.General.WriteOnReadOnlyAccessDatabase',
  'Neo.ClientError.General.ForbiddenOnReadOnlyDatabase',
]);

/** True when Neo4j refused a write because the database is read-only. */
export function isReadOnlyDatabase(error: unknown): boolean {
  return error instanceof Neo4jError && READ_ONLY_DATABASE_CODES.has(error.code);
}

/** True when the driver error is a broken uniqueness constraint. */
export function isConstraintFailure(error: unknown): boolean {
  return error instanceof Neo4jError && error.code === CONSTRAINT_FAILED;
}

/** True when the driver error means "the transaction ran out of time". */
export function isTimeout(error: unknown): boolean {
  return error instanceof Neo4jError && TIMEOUT_CODES.has(error.code);
}
