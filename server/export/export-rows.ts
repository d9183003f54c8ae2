/**
 * Graph rows back into the import format: the inverse of `planFor` (server/import/import-service.ts).
 * An entity's or fact's top-level fields come out of its properties; what the import derives
 * itself (`aliasText`, neighbourhood summaries) stays behind, because importing the file writes it
 * again. Pure: no database here, so the mapping is unit-tested on its own.
 */
import type { JsonValue } from '../contract.js';
import { INTERNAL_NODE_PROPERTIES } from '../mapping/graph-mapper.js';
import { propertiesToJson } from '../mapping/values.js';
import {
  ENTITY_LABEL,
  isKnownLabel,
  type CaseModel,
  type EntityInput,
  type FactInput,
  type SourceInput,
} from '../model/model.js';

/** A node row as the export statements return it. */
export interface NodeRecord {
  id: string;
  labels: string[];
  props: Record<string, unknown>;
}

/** A relationship row as the export statements return it. */
export interface FactRecord {
  id: string;
  type: string;
  from: string;
  to: string;
  props: Record<string, unknown>;
}

/** Node properties that are top-level fields of an entity (or derived), not `properties`. */
const NODE_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'name',
  'aliases',
  'sources',
  ...INTERNAL_NODE_PROPERTIES,
]);

/** Relationship properties that are top-level fields of a fact. */
const FACT_FIELDS = [
  'claim',
  'status',
  'confidence',
  'validFrom',
  'validTo',
  'date',
  'recorded',
  'attribution',
] as const;
const FACT_KEYS: ReadonlySet<string> = new Set(['id', 'sources', ...FACT_FIELDS]);

/** The optional fields of a source entry (everything but `id` and `title`). */
const SOURCE_FIELDS = ['publisher', 'author', 'date', 'reference', 'url', 'kind', 'notes'] as const;

/**
 * A node's type: the first label the model knows, else the first that is not `Entity` (a label
 * the model does not know is exported as it is, and the import will name it).
 */
export function entityType(model: CaseModel, labels: readonly string[]): string {
  return (
    labels.find((label) => isKnownLabel(model, label)) ??
    labels.find((label) => label !== ENTITY_LABEL) ??
    ENTITY_LABEL
  );
}

function text(value: JsonValue | undefined): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function textList(value: JsonValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** A node of any type other than Source, as an entity entry. */
export function toEntity(model: CaseModel, row: NodeRecord): EntityInput {
  const all = propertiesToJson(row.props);
  return {
    type: entityType(model, row.labels),
    id: row.id,
    name: text(all.name) ?? '',
    aliases: textList(all.aliases),
    properties: propertiesToJson(row.props, NODE_FIELDS) as EntityInput['properties'],
    sources: textList(all.sources),
  };
}

/**
 * True when a Source node is exactly what a source entry imports as (no aliases, citing only
 * itself, only source fields): then it goes to `sources`. Any other Source node (one a document
 * listed under `entities`, with aliases, a description or other citations) is exported as an
 * entity of type Source, which keeps all of that.
 */
export function isPlainSource(row: NodeRecord): boolean {
  if (!row.labels.includes('Source')) return false;
  const all = propertiesToJson(row.props);
  const sources = textList(all.sources);
  if (typeof all.name !== 'string') return false;
  if (textList(all.aliases).length > 0 || sources.length !== 1 || sources[0] !== row.id) return false;
  const fields = new Set<string>([...NODE_FIELDS, ...SOURCE_FIELDS]);
  return Object.entries(all).every(
    ([key, value]) => fields.has(key) && (NODE_FIELDS.has(key) || typeof value === 'string'),
  );
}

/** A plain Source node (`isPlainSource`) as a source entry: `name` back to `title`. */
export function toSource(row: NodeRecord): SourceInput {
  const all = propertiesToJson(row.props);
  const source: Record<string, JsonValue> = { id: row.id, title: text(all.name) ?? '' };
  for (const field of SOURCE_FIELDS) if (all[field] !== undefined) source[field] = all[field]!;
  return source as unknown as SourceInput;
}

/** A relationship as a fact entry, its provenance lifted out of its properties. */
export function toFact(row: FactRecord): FactInput {
  const all = propertiesToJson(row.props);
  const fact: Record<string, JsonValue> = {
    id: row.id,
    type: row.type,
    from: row.from,
    to: row.to,
    claim: text(all.claim) ?? '',
    status: text(all.status) ?? '',
    confidence: all.confidence ?? null,
  };
  for (const field of ['validFrom', 'validTo', 'date', 'recorded', 'attribution'] as const) {
    if (all[field] !== undefined && all[field] !== null) fact[field] = all[field];
  }
  fact.sources = textList(all.sources);
  fact.properties = propertiesToJson(row.props, FACT_KEYS);
  return fact as unknown as FactInput;
}
