/**
 * FollowTheMoney entity streams as text: one JSON object per line, `{id, schema, properties}`
 * with every property a list of strings. `parseFtmLines` checks each line against the installed
 * FtM model (schema known, every property declared by it) and reports every problem at once with
 * its line number; `formatFtmLines` writes entities back out.
 *
 * casegraph's own export adds one top-level `casegraph` object per line (FtM readers ignore keys
 * they do not know): what FtM has no property for, so that a round trip loses nothing. See
 * case-to-ftm.ts.
 */
import type { ImportProblem } from '../contract.js';
import type { PropertyValue } from '../model/model.js';
import { ftmSchema } from './ftm-mapping.js';

/** What casegraph keeps on an FtM line beyond FtM's own properties. */
export interface CasegraphExtras {
  /** What the line was: the case itself, one of its sources, an entity, or a fact. */
  kind: 'case' | 'source' | 'entity' | 'fact';
  /** The casegraph id (FtM ids allow fewer characters). */
  id: string;
  /** The node or relationship type. */
  type?: string;
  status?: string;
  confidence?: number;
  /** Property values the line's FtM schema has no property for, with their casegraph types. */
  properties?: Record<string, PropertyValue>;
}

/** One FtM entity, as written on a line. */
export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
  /**
   * The ids of the records merged into this one (nomenklatura's and Aleph's composite entities:
   * `id` is the canonical id, `referents` the others). casegraph writes it on the canonical entity
   * of each cluster judged the same, and reads it as "same" judgements.
   */
  referents?: string[];
  /** Only on casegraph's own export; absent on FtM from elsewhere. */
  casegraph?: CasegraphExtras;
  /** OpenSanctions-style streams name the datasets an entity comes from. */
  datasets?: string[];
}

/** An entity and the line it was read from (1-based), for messages. */
export interface FtmLine {
  line: number;
  entity: FtmEntity;
}

export type ParseResult = { ok: true; lines: FtmLine[] } | { ok: false; problems: ImportProblem[] };

/** Problems listed at most, so a file of garbage gives a readable answer. */
const MAX_PROBLEMS = 100;

/**
 * Parses and checks an FtM entity stream. Blank lines are skipped. Fragments of one entity on
 * several lines (as FtM tools write them) are merged when they agree on the schema.
 */
export function parseFtmLines(text: string): ParseResult {
  const problems: ImportProblem[] = [];
  const byId = new Map<string, FtmLine>();
  const report = (line: number, message: string, field?: string) => {
    if (problems.length < MAX_PROBLEMS)
      problems.push({ path: `line ${line}`, ...(field && { field }), message });
  };
  const rows = text.split(/\r?\n/);
  rows.forEach((row, index) => {
    const line = index + 1;
    if (row.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(row);
    } catch (error) {
      report(line, `not valid JSON: ${(error as Error).message}`);
      return;
    }
    const entity = checkLine(raw, (message, field) => report(line, message, field));
    if (!entity) return;
    const seen = byId.get(entity.id);
    if (!seen) {
      byId.set(entity.id, { line, entity });
      return;
    }
    if (seen.entity.schema !== entity.schema) {
      report(
        line,
        `id "${entity.id}" was a ${seen.entity.schema} on line ${seen.line}, here a ${entity.schema}`,
        'schema',
      );
      return;
    }
    for (const [name, values] of Object.entries(entity.properties)) {
      const merged = new Set([...(seen.entity.properties[name] ?? []), ...values]);
      seen.entity.properties[name] = [...merged];
    }
    seen.entity.casegraph ??= entity.casegraph;
    if (entity.referents)
      seen.entity.referents = [...new Set([...(seen.entity.referents ?? []), ...entity.referents])];
  });
  if (byId.size === 0 && problems.length === 0)
    problems.push({ path: 'line 1', message: 'the file holds no entities' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, lines: [...byId.values()] };
}

/** One line's shape, checked against the FtM model; undefined (and reported) when it fails. */
function checkLine(raw: unknown, report: (message: string, field?: string) => void): FtmEntity | undefined {
  if (!isObject(raw)) {
    report('must be a JSON object with id, schema and properties');
    return undefined;
  }
  let ok = true;
  const fail = (message: string, field?: string) => {
    ok = false;
    report(message, field);
  };
  const { id, schema: schemaName, properties, casegraph, datasets, referents } = raw;
  if (typeof id !== 'string' || id.trim() === '') fail('"id" is required (a non-empty string)', 'id');
  if (typeof schemaName !== 'string') {
    fail('"schema" is required (an FtM schema name such as "Person")', 'schema');
    return undefined;
  }
  const schema = ftmSchema(schemaName);
  if (!schema) {
    fail(`unknown FtM schema "${schemaName}"`, 'schema');
    return undefined;
  }
  if (schema.abstract)
    fail(`"${schemaName}" is an abstract FtM schema; entities need a concrete one`, 'schema');
  const props: Record<string, string[]> = {};
  if (properties !== undefined && !isObject(properties)) fail('"properties" must be an object', 'properties');
  for (const [name, values] of Object.entries(isObject(properties) ? properties : {})) {
    const field = `properties.${name}`;
    if (!schema.hasProperty(name)) {
      fail(`"${name}" is not a property of the FtM schema ${schemaName}`, field);
      continue;
    }
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) {
      fail(`"${name}" must be a list of strings`, field);
      continue;
    }
    // Blank values carry nothing; the rest are kept exactly, so a round trip changes no text.
    const kept = values.filter((v) => v.trim() !== '');
    if (kept.length > 0) props[name] = kept;
  }
  if (datasets !== undefined && (!Array.isArray(datasets) || !datasets.every((d) => typeof d === 'string'))) {
    fail('"datasets" must be a list of strings', 'datasets');
  }
  if (
    referents !== undefined &&
    (!Array.isArray(referents) || !referents.every((r) => typeof r === 'string' && r.trim() !== ''))
  ) {
    fail('"referents" must be a list of entity ids', 'referents');
  }
  const extras = casegraph === undefined ? undefined : checkExtras(casegraph, fail);
  if (!ok) return undefined;
  return {
    id: id as string,
    schema: schemaName,
    properties: props,
    ...(extras && { casegraph: extras }),
    ...(Array.isArray(datasets) && datasets.length > 0 && { datasets: datasets as string[] }),
    ...(Array.isArray(referents) &&
      referents.length > 0 && { referents: (referents as string[]).filter((r) => r !== id) }),
  };
}

const EXTRA_KINDS = new Set(['case', 'source', 'entity', 'fact']);

function checkExtras(
  raw: unknown,
  fail: (message: string, field?: string) => void,
): CasegraphExtras | undefined {
  if (
    !isObject(raw) ||
    typeof raw.kind !== 'string' ||
    !EXTRA_KINDS.has(raw.kind) ||
    typeof raw.id !== 'string'
  ) {
    fail('"casegraph" must be an object with kind (case, source, entity or fact) and id', 'casegraph');
    return undefined;
  }
  if (raw.type !== undefined && typeof raw.type !== 'string')
    fail('"casegraph.type" must be a string', 'casegraph.type');
  if (raw.status !== undefined && typeof raw.status !== 'string')
    fail('"casegraph.status" must be a string', 'casegraph.status');
  if (raw.confidence !== undefined && typeof raw.confidence !== 'number') {
    fail('"casegraph.confidence" must be a number', 'casegraph.confidence');
  }
  if (raw.properties !== undefined && !isObject(raw.properties)) {
    fail('"casegraph.properties" must be an object', 'casegraph.properties');
  }
  // Property values are checked against the model once the document is built (validateCase).
  return raw as unknown as CasegraphExtras;
}

/** One entity per line, keys in a fixed order, so two exports of one graph are byte-equal. */
export function formatFtmLines(entities: readonly FtmEntity[]): string {
  return entities
    .map((entity) => {
      const properties = Object.fromEntries(
        Object.keys(entity.properties)
          .sort()
          .map((k) => [k, entity.properties[k]]),
      );
      return `${JSON.stringify({ id: entity.id, schema: entity.schema, properties, ...(entity.referents?.length && { referents: entity.referents }), ...(entity.casegraph && { casegraph: entity.casegraph }) })}\n`;
    })
    .join('');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
