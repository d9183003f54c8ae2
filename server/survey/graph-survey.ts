/**
 * A survey of a graph casegraph has never seen: its labels and relationship types, how many of
 * each, the property keys with the value types seen on a sample, and which labels each type joins.
 *
 * Everything is bounded: counts come from the count store, keys and ends from the first `sample`
 * nodes or relationships of each label or type (label and type scans stopped by LIMIT), so a
 * survey of a graph of any size takes a few seconds. `npm run index` uses it to find name-like
 * properties, `npm run model -- infer` to write a model (`infer-model.ts`). Names come from the
 * database's own lists and are quoted; nothing here comes from a request.
 */
import neo4j, { type Record as Neo4jRecord } from 'neo4j-driver';
import { cypher, fillTemplate, integerLiteral, quoteName } from '../cypher-files.js';
import { readTransaction, type GraphTarget } from '../db/graph-target.js';
import { ENTITY_LABEL, isInternalLabel, STAGED_PROPERTY } from '../model/model.js';

/** Nodes or relationships read per label or type for keys and ends. */
export const DEFAULT_SURVEY_SAMPLE = 1_000;

/** A property key and the value types seen on it (Cypher `valueType` names), with counts. */
export interface SurveyedKey {
  key: string;
  /** e.g. `{'STRING NOT NULL': 990, 'INTEGER NOT NULL': 10}` */
  types: Record<string, number>;
  /** In how many of the sampled elements the key was set. */
  seen: number;
}

export interface SurveyedLabel {
  label: string;
  nodes: number;
  sampled: number;
  keys: SurveyedKey[];
}

export interface SurveyedRelationshipType {
  type: string;
  relationships: number;
  sampled: number;
  /** Pairs of labels at the two ends (all labels of each end node), most seen first. */
  ends: { from: string[]; to: string[]; seen: number }[];
  keys: SurveyedKey[];
}

export interface GraphSurvey {
  labels: SurveyedLabel[];
  relationshipTypes: SurveyedRelationshipType[];
}

/** Surveys every case label (no internal ones) and every relationship type of the graph. */
export async function surveyGraph(
  target: GraphTarget,
  options: { sample?: number; labels?: readonly string[] } = {},
): Promise<GraphSurvey> {
  const sample = options.sample ?? DEFAULT_SURVEY_SAMPLE;
  const names = await readTransaction(target, async (tx) => {
    const result = await tx.run(cypher('graph/database-names'));
    const record = result.records[0];
    return {
      labels: (record?.get('labels') as string[] | undefined) ?? [],
      types: (record?.get('relationshipTypes') as string[] | undefined) ?? [],
    };
  });
  const labels = (options.labels ?? names.labels).filter(
    (label) => !isInternalLabel(label) && label !== ENTITY_LABEL,
  );
  return {
    labels: await surveyLabels(target, labels, sample),
    relationshipTypes: options.labels ? [] : await surveyTypes(target, names.types, sample),
  };
}

/** Counts and sampled keys of `labels`. */
export async function surveyLabels(
  target: GraphTarget,
  labels: readonly string[],
  sample = DEFAULT_SURVEY_SAMPLE,
): Promise<SurveyedLabel[]> {
  if (labels.length === 0) return [];
  const counts = await labelCounts(target, labels);
  const keyRows = await runBranches(target, 'survey/node-keys', 'label', labels, sample);
  return labels.map((label, position) => {
    const nodes = counts.find((count) => count.label === label)?.nodes ?? 0;
    return {
      label,
      nodes,
      sampled: Math.min(nodes, sample),
      keys: collectKeys(keyRows.filter((row) => Number(row.get('position')) === position)),
    };
  });
}

async function surveyTypes(
  target: GraphTarget,
  types: readonly string[],
  sample: number,
): Promise<SurveyedRelationshipType[]> {
  if (types.length === 0) return [];
  const [countRows, endRows, keyRows] = [
    await runBranches(target, 'survey/relationship-count', 'type', types, sample),
    await runBranches(target, 'survey/relationship-ends', 'type', types, sample),
    await runBranches(target, 'survey/relationship-keys', 'type', types, sample),
  ];
  return types.map((type, position) => {
    const at = (rows: Neo4jRecord[]) => rows.filter((row) => Number(row.get('position')) === position);
    const relationships = Number(at(countRows)[0]?.get('relationships') ?? 0);
    const ends = at(endRows)
      .map((row) => ({
        from: caseLabels(row.get('fromLabels') as string[]),
        to: caseLabels(row.get('toLabels') as string[]),
        seen: Number(row.get('seen')),
      }))
      .filter((end) => end.from.length > 0 && end.to.length > 0)
      .sort((a, b) => b.seen - a.seen);
    const keys = collectKeys(at(keyRows)).filter((key) => key.key !== STAGED_PROPERTY);
    return { type, relationships, sampled: Math.min(relationships, sample), ends, keys };
  });
}

/** The labels of an end node that say what it is (not `Entity`, not the app's own). */
function caseLabels(labels: readonly string[]): string[] {
  return labels.filter((label) => label !== ENTITY_LABEL && !isInternalLabel(label));
}

async function runBranches(
  target: GraphTarget,
  template: string,
  slot: 'label' | 'type',
  names: readonly string[],
  sample: number,
): Promise<Neo4jRecord[]> {
  const statement = names
    .map((name, position) =>
      fillTemplate(template, {
        [slot]: quoteName(name),
        position: integerLiteral(position, 0, names.length),
      }),
    )
    .join('\nUNION ALL\n');
  return readTransaction(
    target,
    async (tx) => (await tx.run(statement, { sample: neo4j.int(sample) })).records,
    120_000,
  );
}

function collectKeys(rows: readonly Neo4jRecord[]): SurveyedKey[] {
  const byKey = new Map<string, SurveyedKey>();
  for (const row of rows) {
    const key = String(row.get('key'));
    const entry = byKey.get(key) ?? { key, types: {}, seen: 0 };
    const seen = Number(row.get('seen'));
    entry.types[String(row.get('type'))] = seen;
    entry.seen += seen;
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => b.seen - a.seen || a.key.localeCompare(b.key));
}

/** Node counts of `labels`, from the count store (one UNION ALL branch per label). */
export async function labelCounts(
  target: GraphTarget,
  labels: readonly string[],
): Promise<{ label: string; nodes: number }[]> {
  if (labels.length === 0) return [];
  const statement = labels
    .map((label, position) =>
      fillTemplate('search/label-counts', {
        label: quoteName(label),
        position: integerLiteral(position, 0, labels.length),
      }),
    )
    .join('\nUNION ALL\n');
  return readTransaction(target, async (tx) => {
    const result = await tx.run(statement);
    return result.records.map((record) => ({
      label: labels[Number(record.get('position'))]!,
      nodes: Number(record.get('nodes')),
    }));
  });
}
