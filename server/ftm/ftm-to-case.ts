/**
 * `ftmToCase`: FollowTheMoney entities (checked by `parseFtmLines`) as a case document for the
 * ordinary import pipeline, which then validates it against the model, stages, audits and undoes
 * it like any other import. Pure: no database.
 *
 * Lines from casegraph's own export carry a `casegraph` object and come back exactly as they were
 * (see case-to-ftm.ts). FtM from elsewhere is mapped by ftm-mapping.ts: documents become sources,
 * people, organisations, accounts, addresses and projects become entities, edge (interval)
 * schemata become facts with their dates. What has no place in the model (a Vessel, a Family link,
 * a link to something left out, a property the model lacks) is left out and counted in the report,
 * never dropped silently. Every fact and entity cites a source: the Documents of its `proof`, else
 * a source made from its `sourceUrl`, its `publisher` or its `datasets`, else one made for the file;
 * the report says how many took each way. A composite entity's `referents` (the records merged
 * into it) become "same" judgements between records of the file.
 */
import { createHash } from 'node:crypto';
import type { Schema } from '@opensanctions/followthemoney';
import type {
  CaseDocument,
  CaseInfo,
  CaseModel,
  EntityInput,
  FactInput,
  PropertyValue,
  SourceInput,
} from '../model/model.js';
import {
  LINK_STRUCTURE,
  NODE_STRUCTURE,
  casegraphKeyFor,
  decodeValues,
  toPartialDate,
} from './case-to-ftm.js';
import { resolveJudgements } from '../merge/clusters.js';
import { JUDGEMENT_TYPES, isJudgementType, judgementId, orderedPair } from '../merge/judgement-types.js';
import type { FtmEntity, FtmLine } from './ftm-lines.js';
import { FACT_TYPES_FROM_FTM, FALLBACK_LINK_SCHEMA, NODE_TYPES_FROM_FTM, ftmSchema } from './ftm-mapping.js';

export interface FtmImportOptions {
  /** Names the source made for the file, when an element has no provenance of its own. */
  fileName?: string;
  /** Status and confidence of facts read from FtM from elsewhere (FtM has neither). */
  status?: string;
  confidence?: number;
}

/** What became of an FtM file: counts, what was left out and why, where provenance came from. */
export interface FtmImportReport {
  lines: number;
  /** Lines that came from casegraph's own export (read back exactly). */
  casegraphLines: number;
  sources: number;
  entities: number;
  facts: number;
  leftOut: { schema: string; reason: string; count: number }[];
  approximations: { schema: string; as: string; note: string; count: number }[];
  /** FtM properties with values the model has no place for, as `Schema.property`. */
  unmappedProperties: { property: string; count: number }[];
  /** How many entities and facts took their sources from each place. */
  provenance: { proof: number; sourceUrl: number; publisher: number; dataset: number; file: number };
  /** The source made for the file, when some element needed it. */
  fileSource?: string;
}

export interface FtmConversion {
  document: CaseDocument;
  report: FtmImportReport;
  /** `/facts/3/from` -> `line 17`, for the pipeline's problem list. */
  locate: (pointer: string) => string | undefined;
}

const DEFAULT_STATUS = 'reported';
/** Nothing in a foreign file says how sure anyone is: neither sure nor doubtful. */
const DEFAULT_CONFIDENCE = 0.5;
const FILE_SOURCE_ID = 'src:ftm-file';
const CASEGRAPH_ID = /^[a-z][a-z0-9-]*:[A-Za-z0-9][A-Za-z0-9._~@-]*$/;

/** Converts parsed FtM lines into a case document and a report. */
export function ftmToCase(
  model: CaseModel,
  lines: readonly FtmLine[],
  options: FtmImportOptions = {},
): FtmConversion {
  const counter = () => new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const leftOut = counter();
  const approximations = counter();
  const unmapped = counter();
  const provenance = { proof: 0, sourceUrl: 0, publisher: 0, dataset: 0, file: 0 };

  const sources: SourceInput[] = [];
  const entities: EntityInput[] = [];
  const facts: FactInput[] = [];
  const sourceLines: number[] = [];
  const entityLines: number[] = [];
  const factLines: number[] = [];
  let caseInfo: CaseInfo | undefined;

  // Casegraph ids for every line first: links and proofs may point forward.
  const idOf = new Map<string, string>();
  const usedIds = new Set<string>();
  for (const { entity } of lines) {
    const id = entity.casegraph?.id ?? foreignId(entity.id, usedIds);
    usedIds.add(id);
    idOf.set(entity.id, id);
  }

  // Pass 1: sources and entities (every non-edge line); what a link may end at.
  const nodeType = new Map<string, string>(); // FtM id -> model type of what it became
  const leftOutIds = new Set<string>();
  const sourceIds = new Set<string>(); // FtM ids of lines that became sources
  for (const { entity } of lines) {
    const schema = ftmSchema(entity.schema)!;
    if (schema.edge) continue;
    const extras = entity.casegraph;
    if (extras?.kind === 'source' || (!extras && schema.isA('Document'))) sourceIds.add(entity.id);
  }
  const madeSources = new Map<string, SourceInput>();
  const makeSource = (key: string, build: () => Omit<SourceInput, 'id'>) => {
    const id = `src:ftm-${createHash('sha1').update(key).digest('hex').slice(0, 12)}`;
    if (!madeSources.has(id)) madeSources.set(id, { id, ...build() });
    return id;
  };
  /** The sources a foreign element cites, and which way they were found. */
  const citationsOf = (entity: FtmEntity): string[] => {
    const proofs = (entity.properties.proof ?? []).filter((p) => sourceIds.has(p)).map((p) => idOf.get(p)!);
    if (proofs.length > 0) {
      provenance.proof += 1;
      return [...new Set(proofs)];
    }
    const url = entity.properties.sourceUrl?.[0];
    if (url) {
      provenance.sourceUrl += 1;
      return [makeSource(`url:${url}`, () => ({ title: url, url }))];
    }
    const publisher = entity.properties.publisher?.[0];
    if (publisher) {
      provenance.publisher += 1;
      return [makeSource(`publisher:${publisher}`, () => ({ title: publisher, publisher }))];
    }
    const dataset = entity.datasets?.[0];
    if (dataset) {
      provenance.dataset += 1;
      return [makeSource(`dataset:${dataset}`, () => ({ title: `FtM dataset ${dataset}`, kind: 'dataset' }))];
    }
    provenance.file += 1;
    if (!madeSources.has(FILE_SOURCE_ID)) {
      const name = options.fileName ? ` ${options.fileName}` : '';
      madeSources.set(FILE_SOURCE_ID, {
        id: FILE_SOURCE_ID,
        title: `FollowTheMoney file${name}`,
        kind: 'ftm-file',
        notes: 'Made on import for the entities and links of the file that named no source of their own.',
      });
    }
    return [FILE_SOURCE_ID];
  };

  for (const { line, entity } of lines) {
    const schema = ftmSchema(entity.schema)!;
    if (schema.edge) continue;
    const extras = entity.casegraph;
    const id = idOf.get(entity.id)!;
    if (extras?.kind === 'case') {
      caseInfo = {
        id,
        title: entity.properties.name?.[0] ?? id,
        summary: entity.properties.summary?.[0] ?? '',
        ...(entity.properties.notes && { notes: entity.properties.notes[0]! }),
      };
      continue;
    }
    if (extras?.kind === 'source' || extras?.kind === 'entity') {
      const type = extras.type ?? '';
      const properties = readProperties(model, type, entity, NODE_STRUCTURE);
      Object.assign(properties, extras.properties ?? {});
      const name = entity.properties.name?.[0] ?? '';
      if (extras.kind === 'source') {
        sources.push({ id, title: name, ...(properties as Omit<SourceInput, 'id' | 'title'>) });
        sourceLines.push(line);
      } else {
        entities.push({
          type,
          id,
          name,
          aliases: entity.properties.alias ?? [],
          properties,
          sources: (entity.properties.proof ?? []).map((p) => idOf.get(p) ?? p),
        });
        entityLines.push(line);
      }
      nodeType.set(entity.id, extras.kind === 'source' ? 'Source' : type);
      continue;
    }
    if (extras) {
      // A casegraph object that says "fact" on a line whose schema is not a link.
      bump(leftOut, `${entity.schema}\u0000casegraph object of kind "${extras.kind}" on a non-link schema`);
      leftOutIds.add(entity.id);
      continue;
    }
    // FtM from elsewhere.
    if (schema.isA('Document')) {
      sources.push({ id, ...foreignSource(entity, schema, unmapped) });
      sourceLines.push(line);
      nodeType.set(entity.id, 'Source');
      continue;
    }
    const target = NODE_TYPES_FROM_FTM.find((entry) => schema.isA(entry.schema));
    if (!target || !Object.hasOwn(model.nodeTypes, target.type)) {
      bump(leftOut, `${entity.schema}\u0000no entity type in the model for this FtM schema`);
      leftOutIds.add(entity.id);
      continue;
    }
    const names = captionValues(entity, schema);
    const properties = readProperties(
      model,
      target.type,
      entity,
      NODE_STRUCTURE,
      unmapped,
      PROVENANCE_PROPERTIES,
    );
    const kindSpec = model.nodeTypes[target.type as keyof typeof model.nodeTypes]?.properties.kind;
    if (target.kind && kindSpec?.values?.includes(target.kind) && properties.kind === undefined) {
      properties.kind = target.kind;
    }
    entities.push({
      type: target.type,
      id,
      name: names[0] ?? entity.id,
      aliases: names.slice(1),
      properties,
      sources: citationsOf(entity),
    });
    entityLines.push(line);
    nodeType.set(entity.id, target.type);
  }

  // Pass 2: links.
  for (const { line, entity } of lines) {
    const schema = ftmSchema(entity.schema)!;
    const edge = schema.edge;
    if (!edge) continue;
    const extras = entity.casegraph;
    const id = idOf.get(entity.id)!;
    if (extras?.kind === 'fact') {
      const type = extras.type ?? '';
      const structure = new Set([...LINK_STRUCTURE, edge.source, edge.target]);
      const properties = readProperties(model, type, entity, structure);
      const role = entity.properties.role?.[0];
      if (role !== undefined && entity.schema !== FALLBACK_LINK_SCHEMA) properties.role = role;
      Object.assign(properties, extras.properties ?? {});
      const end = (name: string) => {
        const ftmId = entity.properties[name]?.[0] ?? '';
        return idOf.get(ftmId) ?? ftmId;
      };
      facts.push({
        id,
        type,
        from: end(edge.source),
        to: end(edge.target),
        claim: entity.properties.summary?.[0] ?? '',
        status: extras.status ?? '',
        confidence: extras.confidence ?? Number.NaN,
        ...timing(entity),
        ...(entity.properties.publisher && { attribution: entity.properties.publisher[0]! }),
        sources: (entity.properties.proof ?? []).map((p) => idOf.get(p) ?? p),
        properties,
      });
      factLines.push(line);
      continue;
    }
    if (extras) {
      bump(leftOut, `${entity.schema}\u0000casegraph object of kind "${extras.kind}" on a link schema`);
      continue;
    }
    // FtM from elsewhere: which model types could this link be?
    const known = FACT_TYPES_FROM_FTM[entity.schema];
    const role = entity.properties.role?.[0];
    const candidates =
      known?.types ??
      (entity.schema === FALLBACK_LINK_SCHEMA && role && Object.hasOwn(model.relationshipTypes, role)
        ? [role]
        : []);
    if (candidates.length === 0) {
      bump(leftOut, `${entity.schema}\u0000no relationship type in the model for this FtM link`);
      continue;
    }
    const froms = entity.properties[edge.source] ?? [];
    const tos = entity.properties[edge.target] ?? [];
    if (froms.length === 0 || tos.length === 0) {
      bump(leftOut, `${entity.schema}\u0000link without both ends`);
      continue;
    }
    let pair = 0;
    for (const fromFtm of froms) {
      for (const toFtm of tos) {
        const ends = [fromFtm, toFtm];
        if (ends.some((e) => leftOutIds.has(e))) {
          bump(leftOut, `${entity.schema}\u0000link to an entity that was left out`);
          continue;
        }
        if (ends.some((e) => !nodeType.has(e))) {
          bump(leftOut, `${entity.schema}\u0000link to an entity not in the file`);
          continue;
        }
        const fromType = nodeType.get(fromFtm)!;
        const toType = nodeType.get(toFtm)!;
        const type = candidates.find((t) => {
          const spec = model.relationshipTypes[t as keyof typeof model.relationshipTypes];
          return spec?.from.includes(fromType) && spec.to.includes(toType);
        });
        if (!type) {
          bump(
            leftOut,
            `${entity.schema}\u0000no relationship type in the model fits ${fromType} -> ${toType}`,
          );
          continue;
        }
        if (known?.note) bump(approximations, `${entity.schema}\u0000${type}\u0000${known.note}`);
        const structure = new Set([...LINK_STRUCTURE, edge.source, edge.target]);
        const properties = readProperties(model, type, entity, structure, unmapped, PROVENANCE_PROPERTIES);
        const spec = model.relationshipTypes[type as keyof typeof model.relationshipTypes]!;
        const roleValue = known?.role ?? (entity.schema === FALLBACK_LINK_SCHEMA ? undefined : role);
        if (roleValue && spec.properties?.role) properties.role = roleValue;
        const publisher = entity.properties.publisher?.[0];
        pair += 1;
        facts.push({
          id: pair === 1 ? id : `${id}-${pair}`,
          type,
          from: idOf.get(fromFtm)!,
          to: idOf.get(toFtm)!,
          claim: foreignClaim(entity, schema, nameOf(fromFtm), nameOf(toFtm)),
          status: options.status ?? DEFAULT_STATUS,
          confidence: options.confidence ?? DEFAULT_CONFIDENCE,
          ...foreignTiming(entity, spec.event),
          ...(publisher && { attribution: publisher }),
          sources: citationsOf(entity),
          properties,
        });
        factLines.push(line);
      }
    }
  }

  // Pass 3: referents. A composite entity (nomenklatura, Aleph) names the records merged into it;
  // each one in the file becomes a "same" judgement, unless the file already judges the pair
  // (casegraph's own export carries its judgements as facts and writes referents besides).
  const judgedPairs = new Set(
    facts.filter((f) => isJudgementType(f.type)).map((f) => orderedPair(f.from, f.to).join('\u0000')),
  );
  // What the file's own "same" judgements already join (A = B and B = C join A and C).
  const joined = resolveJudgements(
    facts
      .filter((f) => f.type === JUDGEMENT_TYPES.same)
      .map((f) => ({ id: f.id, a: f.from, b: f.to, verdict: 'same' as const, at: '' })),
  ).canonical;
  const alreadyOne = (a: string, b: string) => joined.has(a) && joined.get(a) === joined.get(b);
  for (const { line, entity } of lines) {
    if (!entity.referents || !nodeType.has(entity.id) || sourceIds.has(entity.id)) continue;
    const canonical = idOf.get(entity.id)!;
    for (const referent of entity.referents) {
      const type = nodeType.get(referent);
      if (type === undefined || leftOutIds.has(referent) || type === 'Source') {
        bump(leftOut, `${entity.schema}\u0000referent that is not an entity of the file`);
        continue;
      }
      const [from, to] = orderedPair(canonical, idOf.get(referent)!);
      const pair = `${from}\u0000${to}`;
      if (from === to || judgedPairs.has(pair) || alreadyOne(from, to)) continue;
      const spec = model.relationshipTypes[JUDGEMENT_TYPES.same as keyof typeof model.relationshipTypes];
      if (!spec?.from.includes(type) || !spec.to.includes(nodeType.get(entity.id)!)) {
        bump(leftOut, `${entity.schema}\u0000referent of a type the model cannot judge`);
        continue;
      }
      judgedPairs.add(pair);
      facts.push({
        id: judgementId(from, to),
        type: JUDGEMENT_TYPES.same,
        from,
        to,
        claim: `${nameOf(entity.id)} and ${nameOf(referent)} are the same entity.`,
        status: options.status ?? DEFAULT_STATUS,
        confidence: options.confidence ?? DEFAULT_CONFIDENCE,
        attribution: 'The imported FollowTheMoney file, which lists one as a referent of the other',
        sources: citationsOf(entity),
        properties: {
          reason: `"${referent}" is listed among the referents of "${entity.id}" in the imported file`,
          judgedBy: 'ftm-import',
        },
      });
      factLines.push(line);
    }
  }

  function nameOf(ftmId: string): string {
    const id = idOf.get(ftmId);
    return entities.find((e) => e.id === id)?.name ?? sources.find((s) => s.id === id)?.title ?? ftmId;
  }

  const allSources = [...sources, ...madeSources.values()];
  const document: CaseDocument = {
    case: caseInfo ?? {
      id: 'case:ftm-import',
      title: options.fileName ? `FollowTheMoney import of ${options.fileName}` : 'FollowTheMoney import',
      summary: 'Entities and links read from a FollowTheMoney entity stream.',
    },
    sources: allSources,
    entities,
    facts,
  };
  const split = (key: string) => key.split('\u0000');
  const report: FtmImportReport = {
    lines: lines.length,
    casegraphLines: lines.filter((l) => l.entity.casegraph).length,
    sources: allSources.length,
    entities: entities.length,
    facts: facts.length,
    leftOut: [...leftOut].map(([key, count]) => {
      const [schema, reason] = split(key);
      return { schema: schema!, reason: reason!, count };
    }),
    approximations: [...approximations].map(([key, count]) => {
      const [schema, as, note] = split(key);
      return { schema: schema!, as: as!, note: note!, count };
    }),
    unmappedProperties: [...unmapped].map(([property, count]) => ({ property, count })),
    provenance,
    ...(madeSources.has(FILE_SOURCE_ID) && { fileSource: FILE_SOURCE_ID }),
  };
  const locate = (pointer: string) => {
    const match = /^\/(sources|entities|facts)\/(\d+)/.exec(pointer);
    if (!match) return undefined;
    const rows = match[1] === 'sources' ? sourceLines : match[1] === 'entities' ? entityLines : factLines;
    const line = rows[Number(match[2])];
    return line === undefined ? undefined : `line ${line}`;
  };
  return { document, report, locate };
}

/** Provenance properties: read as sources, not as entity properties. */
const PROVENANCE_PROPERTIES = new Set(['sourceUrl', 'publisher', 'proof']);

/** The properties of a line the model declares for `type`; the others counted in `unmapped`. */
function readProperties(
  model: CaseModel,
  type: string,
  entity: FtmEntity,
  structure: ReadonlySet<string>,
  unmapped?: Map<string, number>,
  quiet: ReadonlySet<string> = new Set(),
): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [name, values] of Object.entries(entity.properties)) {
    const key = casegraphKeyFor(model, type, name, structure);
    const value = key === undefined ? undefined : decodeValues(model, type, key, values);
    if (key !== undefined && value !== undefined) out[key] = value;
    else if (unmapped && !structure.has(name) && !quiet.has(name)) {
      const property = `${entity.schema}.${name}`;
      unmapped.set(property, (unmapped.get(property) ?? 0) + 1);
    }
  }
  return out;
}

/** A foreign Document as a source of the case. */
function foreignSource(
  entity: FtmEntity,
  schema: Schema,
  unmapped: Map<string, number>,
): Omit<SourceInput, 'id'> {
  const p = entity.properties;
  const first = (name: string) => p[name]?.[0];
  const date = first('publishedAt') ?? first('date') ?? first('authoredAt');
  const used = new Set([
    'title',
    'name',
    'fileName',
    'publisher',
    'author',
    'publishedAt',
    'date',
    'authoredAt',
    'sourceUrl',
    'notes',
    'summary',
    'description',
  ]);
  for (const name of Object.keys(p)) {
    if (!used.has(name))
      unmapped.set(`${entity.schema}.${name}`, (unmapped.get(`${entity.schema}.${name}`) ?? 0) + 1);
  }
  const notes = [first('summary'), first('description'), first('notes')].filter((n) => n !== undefined);
  return {
    title: captionValues(entity, schema)[0] ?? entity.id,
    ...(first('publisher') && { publisher: first('publisher')! }),
    ...(first('author') && { author: first('author')! }),
    ...(date && { date: toPartialDate(date) }),
    ...(first('sourceUrl') && { url: first('sourceUrl')! }),
    ...(notes.length > 0 && { notes: notes.join('\n\n') }),
  };
}

/** Names in caption order (`name` first, then the schema's other caption properties), unique. */
function captionValues(entity: FtmEntity, schema: Schema): string[] {
  // Captions may be identifiers or amounts (a company's registration number): not names.
  const captions = schema.caption.filter(
    (p) => !['identifier', 'number', 'date'].includes(schema.getProperty(p).type.name),
  );
  const order = ['name', 'title', ...captions, 'alias'];
  const names: string[] = [];
  for (const prop of order)
    for (const v of entity.properties[prop] ?? []) if (!names.includes(v)) names.push(v);
  return names;
}

/** Casegraph's own dates, as exported. */
function timing(entity: FtmEntity): Pick<FactInput, 'validFrom' | 'validTo' | 'date'> {
  const p = entity.properties;
  return {
    ...(p.startDate && { validFrom: p.startDate[0]! }),
    ...(p.endDate && { validTo: p.endDate[0]! }),
    ...(p.date && { date: p.date[0]! }),
  };
}

/**
 * Foreign dates for a fact of an event type (`date`) or of a state (`validFrom`/`validTo`). A
 * state known only by one date (a payment) held on that date.
 */
function foreignTiming(
  entity: FtmEntity,
  isEvent: boolean,
): Pick<FactInput, 'validFrom' | 'validTo' | 'date'> {
  const first = (name: string) => {
    const value = entity.properties[name]?.[0];
    return value === undefined ? undefined : toPartialDate(value);
  };
  const start = first('startDate');
  const end = first('endDate');
  const date = first('date');
  if (isEvent) {
    const when = date ?? start;
    return when ? { date: when } : {};
  }
  const from = start ?? date;
  const to = end ?? (start === undefined ? date : undefined);
  return { ...(from && { validFrom: from }), ...(to && { validTo: to }) };
}

/** The claim of a foreign link: its summary or description, else what the link says in words. */
function foreignClaim(entity: FtmEntity, schema: Schema, from: string, to: string): string {
  const p = entity.properties;
  const written = p.summary?.[0] ?? p.description?.[0];
  if (written) return written;
  const details = [
    p.role?.[0],
    p.relationship?.[0],
    p.percentage && `${p.percentage[0]}%`,
    p.amount && [p.amount[0], p.currency?.[0]].filter(Boolean).join(' '),
    p.purpose?.[0],
  ].filter((d): d is string => typeof d === 'string' && d !== '');
  const label = schema.edge?.label ?? 'linked to';
  return `${schema.label}: ${from} ${label} ${to}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

/** A casegraph id for a foreign FtM id: `ftm:` and the id, made safe and unique. */
function foreignId(ftmId: string, used: ReadonlySet<string>): string {
  const slug = ftmId
    .replace(/[^A-Za-z0-9._~@-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 150);
  const id = `ftm:${slug}`;
  if (slug !== '' && CASEGRAPH_ID.test(id) && !used.has(id)) return id;
  return `ftm:${slug || 'x'}-${createHash('sha1').update(ftmId).digest('hex').slice(0, 10)}`;
}
