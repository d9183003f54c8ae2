/**
 * The schema statements the model implies for Neo4j 5 Community. The statements are templates in
 * `cypher/schema/`; names (labels, types, keys, and the constraint and index names made from them)
 * are filled in quoted, and only from the model.
 */
import { fillTemplate, quoteName, trustedFragment } from '../cypher-files.js';
import {
  ALIAS_TEXT_PROPERTY,
  ENTITY_LABEL,
  FULLTEXT_INDEX_NAME,
  modelLabel,
  modelRelationshipType,
  caseNodeTypeNames,
  caseRelationshipTypeNames,
  propertyKey,
  type CaseModel,
} from './model-file.js';

/**
 * The idempotent schema for Neo4j 5 Community, derived from the model: a uniqueness constraint on
 * `id` of the shared `Entity` label (every node type carries it, and every look-up by id goes
 * through it), a uniqueness constraint on fact ids per relationship type, a range index on each
 * type's display property, and one full-text index over every node type. Every statement uses
 * `IF NOT EXISTS`, so running them on each start is safe.
 *
 * The full-text index is eventually consistent: Lucene is updated in the background instead of
 * inside each committing transaction, which made node imports 10-15 % faster here. An import
 * waits for it to catch up before it returns (`awaitSearchIndex`); a write made outside
 * casegraph is searchable a moment after it commits.
 */
export function schemaStatements(model: CaseModel): string[] {
  const statements: string[] = [];
  // Types read from a graph (key null) get nothing: that graph's owners keep its schema.
  const labels = caseNodeTypeNames(model);
  statements.push(
    fillTemplate('schema/node-id-constraint', {
      name: quoteName(`${snake(ENTITY_LABEL)}_id`),
      label: quoteName(ENTITY_LABEL),
    }),
  );
  for (const type of caseRelationshipTypeNames(model)) {
    statements.push(
      fillTemplate('schema/fact-id-constraint', {
        name: quoteName(`${type.toLowerCase()}_fact_id`),
        type: modelRelationshipType(model, type),
      }),
    );
  }
  for (const label of labels) {
    const display = model.nodeTypes[label]!.display;
    // Range index so name lookups and ORDER BY name within one type do not scan the label.
    statements.push(
      fillTemplate('schema/property-index', {
        name: quoteName(`${snake(label)}_${snake(display)}`),
        label: modelLabel(model, label),
        property: propertyKey(display),
      }),
    );
  }
  const displayKeys = [...new Set(labels.map((label) => model.nodeTypes[label]!.display))];
  const searched = [...displayKeys, ALIAS_TEXT_PROPERTY].map((key) => `n.${propertyKey(key)}`);
  statements.push(
    fillTemplate('schema/fulltext-index', {
      name: quoteName(FULLTEXT_INDEX_NAME),
      labels: trustedFragment(labels.map((label) => modelLabel(model, label)).join('|')),
      properties: trustedFragment(searched.join(', ')),
    }),
  );
  return statements;
}

/**
 * What earlier schemas had and this one drops, as idempotent statements: the per-type `id`
 * uniqueness constraints. `Entity.id` already implies them (every typed node is an Entity), and
 * each one cost an index update per node: dropping them made node imports about 1.5× faster.
 */
export function obsoleteSchemaStatements(model: CaseModel): string[] {
  return caseNodeTypeNames(model).map((label) =>
    fillTemplate('schema/drop-constraint', { name: quoteName(`${snake(label)}_id`) }),
  );
}

/** `EmailAddress` -> `email_address`, for readable constraint and index names. */
function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
