/**
 * What user Cypher may call: one list, read by the gate (on the text) and by the plan check
 * (`assertReadOnlyPlan`, on the procedures Neo4j's EXPLAIN says it would call), so the two layers
 * can never disagree about what is allowed.
 */

/** Procedures an analyst may call: read-only introspection and the full-text search. */
export const ALLOWED_PROCEDURES: ReadonlySet<string> = new Set([
  'db.labels',
  'db.relationshipTypes',
  'db.propertyKeys',
  'db.schema.visualization',
  'db.schema.nodeTypeProperties',
  'db.schema.relTypeProperties',
  'db.index.fulltext.queryNodes',
  'db.index.fulltext.queryRelationships',
  'db.index.vector.queryNodes',
  'dbms.components',
]);

/**
 * Namespaced functions an analyst may call (names compared case-insensitively, as Neo4j does for
 * built-in functions). Un-namespaced functions are Cypher's own and always allowed.
 */
export const ALLOWED_FUNCTION_NAMESPACES: readonly string[] = [
  'date',
  'datetime',
  'localdatetime',
  'localtime',
  'time',
  'duration',
  'point',
  'vector.similarity',
];
/** Namespaced functions allowed one by one (lower case). */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set(['db.namefromelementid']);
