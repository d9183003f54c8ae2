/**
 * The domain model, in four parts (no database, no HTTP in any of them):
 * - `model-file.ts`: loading and validating `cypher/model.json`, and the names it allows into Cypher;
 * - `case-document.ts`: case / import documents and `validateCase`;
 * - `schema-statements.ts`: the constraints and indexes the model implies;
 * - `case-data.ts`: which nodes are case data (not the app's own), in TS and in Cypher.
 * This module re-exports them so callers import "the model" from one place.
 */
export * from './model-file.js';
export * from './case-document.js';
export * from './schema-statements.js';
export * from './case-data.js';
