/**
 * `caseToFtm`: a case document as FollowTheMoney entities, one per source, entity and fact, plus
 * one `Note` line for the case itself. Pure: no database.
 *
 * Each element is written with the nearest FtM schema (ftm-mapping.ts) and as many FtM properties
 * as FtM has a place for: names and aliases as `name`/`alias`, sources as `proof` (links to the
 * sources' Document entities), a fact's claim as `summary`, its dates as `startDate`/`endDate`/
 * `date`, its attribution as `publisher`. What FtM has no property for (the casegraph type, a fact's
 * status and confidence, numbers, booleans, properties FtM lacks) and the casegraph id (FtM ids
 * allow only letters, digits, dots and dashes) go in one top-level `casegraph` object per line,
 * which FtM readers ignore and `ftmToCase` reads back: a round trip loses nothing.
 *
 * Every property is checked by reading it back the way `ftmToCase` will; a value that would not
 * come back identical stays in the `casegraph` object instead, so the round trip holds by
 * construction, not by hope.
 */
import { createHash } from 'node:crypto';
import type { Schema } from '@opensanctions/followthemoney';
import {
  sourceToEntity,
  type CaseDocument,
  type CaseModel,
  type EntityInput,
  type FactInput,
  type PropertyValue,
} from '../model/model.js';
import { resolveJudgements, type Judgement } from '../merge/clusters.js';
import { verdictOfType } from '../merge/judgement-types.js';
import type { CasegraphExtras, FtmEntity } from './ftm-lines.js';
import {
  FALLBACK_LINK_SCHEMA,
  LINK_SCHEMATA,
  PROPERTY_RENAMES,
  ftmSchema,
  schemaForNode,
} from './ftm-mapping.js';

/** FtM properties a node line uses for its structure; never a casegraph property of the same name. */
export const NODE_STRUCTURE = new Set(['name', 'alias', 'proof', 'title']);
/** FtM properties a link line uses for its structure (plus its edge's source and target). */
export const LINK_STRUCTURE = new Set([
  'summary',
  'startDate',
  'endDate',
  'date',
  'proof',
  'publisher',
  'role',
]);

/** The FtM schema of the line that carries the case's title and summary. */
export const CASE_SCHEMA = 'Note';

/**
 * The casegraph property an FtM property stands for on an element of `type`, or undefined.
 * Shared by export and import, so the two directions cannot drift apart.
 */
export function casegraphKeyFor(
  model: CaseModel,
  type: string,
  ftmProperty: string,
  structure: ReadonlySet<string>,
): string | undefined {
  if (structure.has(ftmProperty)) return undefined;
  const renames = PROPERTY_RENAMES[type] ?? {};
  const node = Object.hasOwn(model.nodeTypes, type)
    ? model.nodeTypes[type as keyof typeof model.nodeTypes]
    : undefined;
  const rel = Object.hasOwn(model.relationshipTypes, type)
    ? model.relationshipTypes[type as keyof typeof model.relationshipTypes]
    : undefined;
  const declared = node?.properties ?? rel?.properties ?? {};
  const topLevel = node ? new Set([node.display, node.aliases]) : new Set<string>();
  const renamed = Object.entries(renames).find(([, rename]) => rename.ftm === ftmProperty);
  const key = renamed ? renamed[0] : Object.hasOwn(renames, ftmProperty) ? undefined : ftmProperty;
  if (key === undefined || !Object.hasOwn(declared, key) || topLevel.has(key)) return undefined;
  return key;
}

/** An FtM property's values as the casegraph property `key` of `type` (its declared type). */
export function decodeValues(
  model: CaseModel,
  type: string,
  key: string,
  values: string[],
): PropertyValue | undefined {
  const node = Object.hasOwn(model.nodeTypes, type)
    ? model.nodeTypes[type as keyof typeof model.nodeTypes]
    : undefined;
  const rel = Object.hasOwn(model.relationshipTypes, type)
    ? model.relationshipTypes[type as keyof typeof model.relationshipTypes]
    : undefined;
  const spec = (node?.properties ?? rel?.properties ?? {})[key];
  const decode = PROPERTY_RENAMES[type]?.[key]?.decode ?? ((v: string) => v);
  const decoded = values.map(decode);
  if (!spec || decoded.length === 0) return undefined;
  switch (spec.type) {
    case 'string[]':
      return decoded;
    case 'number':
    case 'integer': {
      const n = Number(decoded[0]);
      return Number.isFinite(n) ? n : decoded[0];
    }
    case 'boolean':
      return decoded[0] === 'true' ? true : decoded[0] === 'false' ? false : decoded[0];
    case 'date':
      return toPartialDate(decoded[0]!);
    default:
      // FtM may hold several values where casegraph holds one; none is dropped.
      return decoded.join('; ');
  }
}

/** `2018-03-08T10:00:00` -> `2018-03-08`: casegraph dates stop at the day. */
export function toPartialDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
}

/** FtM ids: letters, digits, dots and dashes, starting and ending with a letter or digit. */
export function ftmIdMaker(): (casegraphId: string) => string {
  const taken = new Map<string, string>();
  const given = new Map<string, string>();
  return (casegraphId) => {
    const known = given.get(casegraphId);
    if (known) return known;
    let id = casegraphId
      .replace(':', '.')
      .replace(/[^0-9A-Za-z.-]/g, '-')
      .replace(/^[^0-9A-Za-z]+|[^0-9A-Za-z]+$/g, '');
    if (id === '' || taken.has(id)) {
      id = `${id || 'x'}-${createHash('sha1').update(casegraphId).digest('hex').slice(0, 10)}`;
    }
    taken.set(id, casegraphId);
    given.set(casegraphId, id);
    return id;
  };
}

/**
 * The case document as FtM entities: the case (a Note), its sources (Documents), its entities
 * and its facts (interval schemata), in document order.
 */
export function caseToFtm(model: CaseModel, document: CaseDocument): FtmEntity[] {
  const idOf = ftmIdMaker();
  // Ids first, in document order, so a clash is resolved the same way on every export.
  for (const element of [...document.sources, ...document.entities, ...document.facts]) idOf(element.id);
  const types = new Map<string, string>();
  for (const source of document.sources) types.set(source.id, 'Source');
  for (const entity of document.entities) types.set(entity.id, entity.type);

  const out: FtmEntity[] = [caseLine(document, idOf)];
  const schemaOf = new Map<string, Schema>();
  for (const source of document.sources) {
    const line = nodeLine(model, sourceToEntity(source), 'source', idOf);
    schemaOf.set(source.id, ftmSchema(line.schema)!);
    out.push(line);
  }
  const referents = referentsOf(document);
  for (const entity of document.entities) {
    const line = nodeLine(model, entity, 'entity', idOf);
    const merged = referents.get(entity.id);
    if (merged) line.referents = merged.map(idOf);
    schemaOf.set(entity.id, ftmSchema(line.schema)!);
    out.push(line);
  }
  for (const fact of document.facts) out.push(linkLine(model, fact, schemaOf, idOf));
  return out;
}

/**
 * The clusters the document's judgements make (`SAME_AS` joined, `NOT_SAME_AS` blocking, as the
 * merged view resolves them): canonical entity id → the other members. FtM readers that know
 * composite entities (nomenklatura, Aleph) read these as one entity; every member keeps its own
 * line as well, and the judgement facts their own lines, so nothing is lost either way.
 */
function referentsOf(document: CaseDocument): Map<string, string[]> {
  const judgements: Judgement[] = [];
  for (const fact of document.facts) {
    const verdict = verdictOfType(fact.type);
    if (!verdict) continue;
    const at = fact.properties.judgedAt;
    judgements.push({ id: fact.id, a: fact.from, b: fact.to, verdict, at: typeof at === 'string' ? at : '' });
  }
  const out = new Map<string, string[]>();
  for (const [first, ...rest] of resolveJudgements(judgements).clusters) out.set(first!, rest);
  return out;
}

function caseLine(document: CaseDocument, idOf: (id: string) => string): FtmEntity {
  const { id, title, summary, notes } = document.case;
  return {
    id: idOf(id),
    schema: CASE_SCHEMA,
    properties: { name: [title], summary: [summary], ...(notes !== undefined && { notes: [notes] }) },
    casegraph: { kind: 'case', id },
  };
}

function nodeLine(
  model: CaseModel,
  entity: EntityInput,
  kind: 'source' | 'entity',
  idOf: (id: string) => string,
): FtmEntity {
  const schemaName = schemaForNode(entity.type, entity.properties);
  const schema = ftmSchema(schemaName)!;
  const properties: Record<string, string[]> = { name: [entity.name] };
  // Documents are captioned by their title in FtM tools.
  if (schema.hasProperty('title')) properties.title = [entity.name];
  if (entity.aliases.length > 0) properties.alias = [...entity.aliases];
  // A source is its own citation; other entities cite the case's sources.
  if (kind === 'entity') properties.proof = entity.sources.map(idOf);
  const rest = mapProperties(model, entity.type, entity.properties, schema, NODE_STRUCTURE, properties);
  const extras: CasegraphExtras = { kind, id: entity.id, type: entity.type };
  if (Object.keys(rest).length > 0) extras.properties = rest;
  return { id: idOf(entity.id), schema: schemaName, properties, casegraph: extras };
}

function linkLine(
  model: CaseModel,
  fact: FactInput,
  schemaOf: ReadonlyMap<string, Schema>,
  idOf: (id: string) => string,
): FtmEntity {
  const from = schemaOf.get(fact.from);
  const to = schemaOf.get(fact.to);
  // An endpoint outside the document (the import format allows ids already in the graph) is
  // unknown here: only the catch-all link takes any Thing at both ends.
  const schemaName =
    (from &&
      to &&
      (LINK_SCHEMATA[fact.type] ?? []).find((name) => {
        const edge = ftmSchema(name)!;
        return (
          from.isA(edge.getProperty(edge.edge!.source).getRange()) &&
          to.isA(edge.getProperty(edge.edge!.target).getRange())
        );
      })) ||
    FALLBACK_LINK_SCHEMA;
  const schema = ftmSchema(schemaName)!;
  const edge = schema.edge!;
  const properties: Record<string, string[]> = {
    [edge.source]: [idOf(fact.from)],
    [edge.target]: [idOf(fact.to)],
    summary: [fact.claim],
    proof: fact.sources.map(idOf),
  };
  if (fact.validFrom !== undefined) properties.startDate = [fact.validFrom];
  if (fact.validTo !== undefined) properties.endDate = [fact.validTo];
  if (fact.date !== undefined) properties.date = [fact.date];
  if (fact.attribution !== undefined) properties.publisher = [fact.attribution];
  const own = { ...fact.properties };
  if (schemaName === FALLBACK_LINK_SCHEMA) {
    // FtM tools caption an UnknownLink with its role: the relationship type says what the link is.
    properties.role = [fact.type];
  } else if (typeof own.role === 'string' && own.role !== '' && schema.hasProperty('role')) {
    properties.role = [own.role];
    delete own.role;
  }
  const structure = new Set([...LINK_STRUCTURE, edge.source, edge.target]);
  const rest = mapProperties(model, fact.type, own, schema, structure, properties);
  const extras: CasegraphExtras = {
    kind: 'fact',
    id: fact.id,
    type: fact.type,
    status: fact.status,
    confidence: fact.confidence,
  };
  if (Object.keys(rest).length > 0) extras.properties = rest;
  return { id: idOf(fact.id), schema: schemaName, properties, casegraph: extras };
}

/**
 * Writes each casegraph property FtM has a place for into `out`; returns the rest. A value goes
 * to FtM only when reading it back (`casegraphKeyFor` + `decodeValues`) gives the same value.
 */
function mapProperties(
  model: CaseModel,
  type: string,
  values: Record<string, PropertyValue>,
  schema: Schema,
  structure: ReadonlySet<string>,
  out: Record<string, string[]>,
): Record<string, PropertyValue> {
  const rest: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(values)) {
    const rename = PROPERTY_RENAMES[type]?.[key];
    const ftm = rename?.ftm ?? key;
    const encode = rename?.encode ?? ((v: string) => v);
    const strings = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
    const fits =
      strings !== undefined &&
      strings.length > 0 &&
      strings.every((s) => s.trim() !== '') &&
      schema.hasProperty(ftm) &&
      schema.getProperty(ftm).type.name !== 'entity' &&
      out[ftm] === undefined &&
      casegraphKeyFor(model, type, ftm, structure) === key;
    const encoded = fits ? strings.map(encode) : [];
    if (fits && same(decodeValues(model, type, key, encoded), value)) out[ftm] = encoded;
    else rest[key] = value;
  }
  return rest;
}

function same(a: PropertyValue | undefined, b: PropertyValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
