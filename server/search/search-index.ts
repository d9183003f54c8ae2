/**
 * `npm run index` (and Admin → Search index): makes the full-text index `entity_search` cover
 * every label of the graph that has a name-like property, not only the model's.
 *
 * The plan is the union of what the index covers now, what the model needs (its labels, display
 * properties and alias text) and what a survey of the graph finds (labels whose sampled nodes hold
 * name-like string properties, `name-keys.ts`). The index never shrinks here, so running it twice
 * changes nothing the second time. A full-text index cannot be altered: extending it means
 * dropping and creating it again; while it repopulates, search scans instead (`search-service.ts`).
 */
import type { Driver } from 'neo4j-driver';
import { cypher, fillTemplate, quoteName, trustedFragment } from '../cypher-files.js';
import type { GraphTarget } from '../db/graph-target.js';
import { markGraphChanged, type GraphChanges } from '../graph-state/graph-state.js';
import { awaitIndexesStatement } from '../schema/apply-schema.js';
import { ALIAS_TEXT_PROPERTY, FULLTEXT_INDEX_NAME, nodeTypeNames, type CaseModel } from '../model/model.js';
import { surveyGraph } from '../survey/graph-survey.js';
import { isNameLikeKey } from '../model/name-keys.js';
import { readSearchIndexDefinition, type SearchIndexDefinition } from './search-coverage.js';

/** What the index covers now and what it should cover. */
export interface SearchIndexPlan {
  current: SearchIndexDefinition | null;
  labels: string[];
  properties: string[];
  /** Labels and properties the plan adds to the current index. */
  added: { labels: string[]; properties: string[] };
  /** The statement that makes the planned index (for a DBA when casegraph may only read). */
  statement: string;
}

/** Plans the index over the model and every surveyed label with a name-like property. */
export async function planSearchIndex(target: GraphTarget, model: CaseModel): Promise<SearchIndexPlan> {
  const current = await readSearchIndexDefinition(target);
  const survey = await surveyGraph(target, { labels: await graphLabels(target) });
  const labels = new Set([...(current?.labels ?? []), ...nodeTypeNames(model)]);
  const properties = new Set([
    ...(current?.properties ?? []),
    ...nodeTypeNames(model).map((label) => model.nodeTypes[label]!.display),
    ALIAS_TEXT_PROPERTY,
  ]);
  for (const surveyed of survey.labels) {
    // Full-text indexes read string properties only (a list of strings is not indexed).
    const names = surveyed.keys.filter(
      (key) => isNameLikeKey(key.key) && Object.keys(key.types).some((type) => type.startsWith('STRING')),
    );
    if (names.length === 0) continue;
    labels.add(surveyed.label);
    for (const key of names) properties.add(key.key);
  }
  const sortedLabels = [...labels].sort();
  const sortedProperties = [...properties].sort();
  return {
    current,
    labels: sortedLabels,
    properties: sortedProperties,
    added: {
      labels: sortedLabels.filter((label) => !current?.labels.includes(label)),
      properties: sortedProperties.filter((key) => !current?.properties.includes(key)),
    },
    statement: fillTemplate('schema/fulltext-index', {
      name: quoteName(FULLTEXT_INDEX_NAME),
      labels: trustedFragment(sortedLabels.map(quoteName).join('|')),
      properties: trustedFragment(sortedProperties.map((key) => `n.${quoteName(key)}`).join(', ')),
    }),
  };
}

/**
 * Applies a plan: when it adds anything (or the index is missing or failed), drops the index,
 * creates the planned one and waits until it is online. Returns whether the index changed.
 */
/**
 * What a rebuild does with the index as it stands: keep one that covers everything and is online;
 * await one that covers everything and is still filling (just created, here or elsewhere) rather
 * than drop it and start over; rebuild otherwise, including a covering index that FAILED, which
 * would never come online by waiting.
 */
export function searchIndexAction(plan: SearchIndexPlan): 'keep' | 'await' | 'rebuild' {
  const covers =
    plan.current !== null && plan.added.labels.length === 0 && plan.added.properties.length === 0;
  if (!covers) return 'rebuild';
  if (plan.current?.state === 'ONLINE') return 'keep';
  if (plan.current?.state === 'POPULATING') return 'await';
  return 'rebuild';
}

export async function applySearchIndexPlan(
  target: GraphTarget & { driver: Driver },
  plan: SearchIndexPlan,
  changes?: GraphChanges,
): Promise<boolean> {
  const { driver, database } = target;
  const action = searchIndexAction(plan);
  if (action === 'keep') return false;
  if (action === 'await') {
    await driver.executeQuery(cypher('schema/await-fulltext'), {}, { database });
    return false;
  }
  if (plan.current) {
    await driver.executeQuery(
      fillTemplate('schema/drop-index', { name: quoteName(FULLTEXT_INDEX_NAME) }),
      {},
      { database },
    );
  }
  await driver.executeQuery(plan.statement, {}, { database });
  await driver.executeQuery(awaitIndexesStatement(3_600), {}, { database });
  await driver.executeQuery(cypher('schema/await-fulltext'), {}, { database });
  // Cached search answers (the read cache) were computed without the new labels.
  await markGraphChanged(driver, database, changes);
  return true;
}

async function graphLabels(target: GraphTarget): Promise<string[]> {
  const { records } = await target.driver.executeQuery(
    cypher('graph/database-names'),
    {},
    { database: target.database, routing: 'READ' },
  );
  return (records[0]?.get('labels') as string[] | undefined) ?? [];
}
