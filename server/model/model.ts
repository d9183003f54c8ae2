/**
 * The domain model, read from `cypher/model.json`, and the case documents checked against it.
 *
 * This module owns three things and nothing else (no database, no HTTP):
 * - loading and validating the model file, so a broken model stops start-up with every problem named;
 * - the schema statements (constraints and indexes) the model implies for Neo4j 5 Community;
 * - `validateCase`, which checks a case / import document (entities, facts, sources) against the
 *   model and reports every problem at once with a JSON-pointer path.
 *
 * Labels and relationship types end up spliced into Cypher (they cannot be parameters), so the
 * only names that ever reach a statement are the ones this module has validated from the model file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// The model file
// ---------------------------------------------------------------------------------------------

/** Where the model lives when no path is given: `<repo>/cypher/model.json`. */
export const DEFAULT_MODEL_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../cypher/model.json',
);

/** Node labels: PascalCase, so they are safe to splice into Cypher without quoting. */
export const LABEL_PATTERN = /^[A-Z][A-Za-z0-9]*$/;
/** Relationship types: UPPER_SNAKE, for the same reason. */
export const RELATIONSHIP_TYPE_PATTERN = /^[A-Z][A-Z0-9_]*$/;
/** Property keys: camelCase; they also reach Cypher (index definitions, SET clauses). */
export const PROPERTY_KEY_PATTERN = /^[a-z][A-Za-z0-9]*$/;

/** The label every case node carries besides its own, so one constraint guards ids across types. */
export const ENTITY_LABEL = 'Entity';
/** Name of the one full-text index over all node types. */
export const FULLTEXT_INDEX_NAME = 'entity_search';
/**
 * Node property holding the aliases joined into one string: full-text indexes only index
 * string properties, not lists, so the importer writes this next to the `aliases` list.
 */
export const ALIAS_TEXT_PROPERTY = 'aliasText';

/** Keys the importer writes itself; a model or a document may not declare them as properties. */
const RESERVED_PROPERTY_KEYS = new Set(['id', ALIAS_TEXT_PROPERTY]);

/** The value types a property may have. Dates are ISO strings of year, month or day precision. */
export const PROPERTY_TYPES = ['string', 'string[]', 'number', 'integer', 'boolean', 'date'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/** Node shapes Cytoscape.js draws; anything else would silently fall back to an ellipse. */
export const CYTOSCAPE_SHAPES = [
  'ellipse',
  'triangle',
  'round-triangle',
  'rectangle',
  'round-rectangle',
  'bottom-round-rectangle',
  'cut-rectangle',
  'barrel',
  'rhomboid',
  'right-rhomboid',
  'diamond',
  'round-diamond',
  'pentagon',
  'round-pentagon',
  'hexagon',
  'round-hexagon',
  'concave-hexagon',
  'heptagon',
  'round-heptagon',
  'octagon',
  'round-octagon',
  'star',
  'tag',
  'round-tag',
  'vee',
] as const;

const propertySpecSchema = z.strictObject({
  type: z.enum(PROPERTY_TYPES),
  required: z.boolean().optional(),
  description: z.string().optional(),
  /** For strings: the closed list of allowed values (a controlled vocabulary such as `kind`). */
  values: z.array(z.string().min(1)).min(1).optional(),
});

const propertiesSchema = z.record(
  z.string().regex(PROPERTY_KEY_PATTERN, 'property keys must be camelCase letters and digits'),
  propertySpecSchema,
);

const nodeTypeSchema = z.strictObject({
  description: z.string().min(1),
  key: z.literal('id', { message: 'the key property is always "id"' }),
  display: z.string().regex(PROPERTY_KEY_PATTERN),
  aliases: z.string().regex(PROPERTY_KEY_PATTERN),
  style: z.strictObject({
    color: z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'colour must be #RRGGBB'),
    icon: z.string().regex(/^[a-z][a-z0-9-]*$/, 'icon must be a simple lower-case word'),
    shape: z.enum(CYTOSCAPE_SHAPES),
  }),
  properties: propertiesSchema,
});

const relationshipTypeSchema = z.strictObject({
  from: z.array(z.string()).min(1),
  to: z.array(z.string()).min(1),
  meaning: z.string().min(1),
  event: z.boolean(),
  properties: propertiesSchema.optional(),
});

const modelSchema = z.strictObject({
  version: z.literal(1),
  nodeTypes: z.record(
    z.string().regex(LABEL_PATTERN, 'node type names must be PascalCase letters and digits'),
    nodeTypeSchema,
  ),
  relationshipTypes: z.record(
    z.string().regex(RELATIONSHIP_TYPE_PATTERN, 'relationship type names must be UPPER_SNAKE'),
    relationshipTypeSchema,
  ),
  statuses: z.array(z.string().min(1)).min(1),
});

export type PropertySpec = z.infer<typeof propertySpecSchema>;
export type NodeTypeSpec = z.infer<typeof nodeTypeSchema>;
export type RelationshipTypeSpec = z.infer<typeof relationshipTypeSchema>;
/** The validated model: node types, relationship types and fact statuses. */
export type CaseModel = z.infer<typeof modelSchema>;

/** The model file is unusable; `problems` names every issue, one per line. */
export class ModelError extends Error {
  readonly code = 'MODEL_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid model:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ModelError';
  }
}

/**
 * Validates an already-parsed model object: its shape, then the cross-references zod cannot see
 * (endpoint types exist, display and alias properties are declared with the right type, colours
 * are distinct so types stay tellable apart on screen). Throws `ModelError` listing all problems.
 */
export function parseModel(raw: unknown): CaseModel {
  const parsed = modelSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ModelError(parsed.error.issues.map((issue) => `${toPointer(issue.path)}: ${issue.message}`));
  }
  const model = parsed.data;
  const problems: string[] = [];
  const colourOwner = new Map<string, string>();

  for (const [typeName, spec] of Object.entries(model.nodeTypes)) {
    const at = `/nodeTypes/${typeName}`;
    const display = spec.properties[spec.display];
    if (!display) problems.push(`${at}/display: "${spec.display}" is not one of its properties`);
    else if (display.type !== 'string' || !display.required) {
      problems.push(`${at}/display: "${spec.display}" must be a required string`);
    }
    const aliases = spec.properties[spec.aliases];
    if (!aliases) problems.push(`${at}/aliases: "${spec.aliases}" is not one of its properties`);
    else if (aliases.type !== 'string[]')
      problems.push(`${at}/aliases: "${spec.aliases}" must be a string[]`);
    for (const key of Object.keys(spec.properties)) {
      if (RESERVED_PROPERTY_KEYS.has(key)) {
        problems.push(`${at}/properties/${key}: "${key}" is reserved and written by the importer`);
      }
    }
    const colour = spec.style.color.toUpperCase();
    const owner = colourOwner.get(colour);
    if (owner) problems.push(`${at}/style/color: ${colour} is already used by ${owner}`);
    else colourOwner.set(colour, typeName);
  }

  if (!model.nodeTypes.Source) {
    // Every case cites sources, and sources become Source nodes, so the type must exist.
    problems.push('/nodeTypes: a "Source" node type is required');
  }

  for (const [relName, spec] of Object.entries(model.relationshipTypes)) {
    for (const end of ['from', 'to'] as const) {
      spec[end].forEach((typeName, i) => {
        if (!model.nodeTypes[typeName]) {
          problems.push(`/relationshipTypes/${relName}/${end}/${i}: "${typeName}" is not a node type`);
        }
      });
    }
  }

  if (new Set(model.statuses).size !== model.statuses.length) {
    problems.push('/statuses: statuses must be distinct');
  }

  if (problems.length > 0) throw new ModelError(problems);
  return model;
}

const modelCache = new Map<string, CaseModel>();

/**
 * Reads and validates the model file once per path; later calls return the same frozen value.
 * Throws `ModelError` (bad content) or the file-system error (missing file) so start-up fails fast.
 */
export function loadModel(file: string = DEFAULT_MODEL_FILE): CaseModel {
  const resolved = path.resolve(file);
  const cached = modelCache.get(resolved);
  if (cached) return cached;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(resolved, 'utf8'));
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new ModelError([`${resolved}: not valid JSON (${error.message})`]);
    throw error;
  }
  const model = deepFreeze(parseModel(raw));
  modelCache.set(resolved, model);
  return model;
}

/** The node type names (labels), in file order. */
export function nodeTypeNames(model: CaseModel): string[] {
  return Object.keys(model.nodeTypes);
}

/** The relationship type names, in file order. */
export function relationshipTypeNames(model: CaseModel): string[] {
  return Object.keys(model.relationshipTypes);
}

/** True when `label` is a node type of the model: the allowlist for labels in Cypher. */
export function isKnownLabel(model: CaseModel, label: string): boolean {
  return Object.hasOwn(model.nodeTypes, label);
}

/** True when `type` is a relationship type of the model: the allowlist for types in Cypher. */
export function isKnownRelationshipType(model: CaseModel, type: string): boolean {
  return Object.hasOwn(model.relationshipTypes, type);
}

/** The string stored in `aliasText` for the full-text index: aliases one per line. */
export function toAliasText(aliases: readonly string[]): string {
  return aliases.join('\n');
}

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
  const labels = nodeTypeNames(model);
  // Re-check even though parseModel did: this is the one place names are spliced into Cypher.
  for (const label of labels) assertSafe(label, LABEL_PATTERN, 'label');
  for (const type of relationshipTypeNames(model)) assertSafe(type, RELATIONSHIP_TYPE_PATTERN, 'type');

  statements.push(
    `CREATE CONSTRAINT ${snake(ENTITY_LABEL)}_id IF NOT EXISTS FOR (n:${ENTITY_LABEL}) REQUIRE n.id IS UNIQUE`,
  );
  for (const type of relationshipTypeNames(model)) {
    statements.push(
      `CREATE CONSTRAINT ${type.toLowerCase()}_fact_id IF NOT EXISTS FOR ()-[r:${type}]-() REQUIRE r.id IS UNIQUE`,
    );
  }
  for (const label of labels) {
    const display = assertSafe(model.nodeTypes[label]!.display, PROPERTY_KEY_PATTERN, 'property');
    // Range index so name lookups and ORDER BY name within one type do not scan the label.
    statements.push(
      `CREATE INDEX ${snake(label)}_${snake(display)} IF NOT EXISTS FOR (n:${label}) ON (n.${display})`,
    );
  }
  const displayKeys = [...new Set(labels.map((label) => model.nodeTypes[label]!.display))];
  const searched = [...displayKeys, ALIAS_TEXT_PROPERTY].map((key) => `n.${key}`).join(', ');
  statements.push(
    `CREATE FULLTEXT INDEX ${FULLTEXT_INDEX_NAME} IF NOT EXISTS FOR (n:${labels.join('|')}) ON EACH [${searched}]` +
      ' OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}}',
  );
  return statements;
}

/**
 * What earlier schemas had and this one drops, as idempotent statements: the per-type `id`
 * uniqueness constraints. `Entity.id` already implies them (every typed node is an Entity), and
 * each one cost an index update per node: dropping them made node imports about 1.5× faster.
 */
export function obsoleteSchemaStatements(model: CaseModel): string[] {
  return nodeTypeNames(model).map((label) => {
    assertSafe(label, LABEL_PATTERN, 'label');
    return `DROP CONSTRAINT ${snake(label)}_id IF EXISTS`;
  });
}

function assertSafe(name: string, pattern: RegExp, what: string): string {
  if (!pattern.test(name)) throw new ModelError([`${what} "${name}" is not a safe Cypher name`]);
  return name;
}

/** `EmailAddress` -> `email_address`, for readable constraint and index names. */
function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Case documents (also the JSON import format)
// ---------------------------------------------------------------------------------------------

/** A property value as a document may carry it; which one is allowed depends on the model. */
export type PropertyValue = string | number | boolean | string[];

/** The case a document belongs to. */
export interface CaseInfo {
  id: string;
  title: string;
  summary: string;
  /** Context that is not a fact between two entities (legal background, analysis). */
  notes?: string;
}

/** A document we actually read. Each becomes a `Source` node (its `title` stored as `name`). */
export interface SourceInput {
  id: string;
  title: string;
  publisher?: string;
  author?: string;
  date?: string;
  reference?: string;
  url?: string;
  kind?: string;
  notes?: string;
}

/** One node: a typed thing with a stable id, a display name, aliases and model-checked properties. */
export interface EntityInput {
  type: string;
  id: string;
  name: string;
  aliases: string[];
  properties: Record<string, PropertyValue>;
  /** Ids from the document's `sources`; at least one. */
  sources: string[];
}

/** One relationship with its provenance: who claims it, how sure we are, when it held or happened. */
export interface FactInput {
  id: string;
  type: string;
  from: string;
  to: string;
  claim: string;
  status: string;
  confidence: number;
  /** For states (non-event types): when the fact began / ended to hold. */
  validFrom?: string;
  validTo?: string;
  /** For events only: when it happened. */
  date?: string;
  attribution?: string;
  sources: string[];
  properties: Record<string, PropertyValue>;
}

/** A whole case or import document. */
export interface CaseDocument {
  case: CaseInfo;
  sources: SourceInput[];
  entities: EntityInput[];
  facts: FactInput[];
}

/** One problem in a document, located by a JSON pointer such as `/facts/12/from`. */
export interface CaseValidationError {
  path: string;
  message: string;
}

export type CaseValidationResult =
  { ok: true; value: CaseDocument } | { ok: false; errors: CaseValidationError[] };

/**
 * Ids already in the database that facts may point at. A Map (id -> node type) lets endpoint types
 * be checked too; a Set only vouches that the id exists.
 */
export type KnownEntities = ReadonlySet<string> | ReadonlyMap<string, string>;

const DATE_MESSAGE = 'must be a real date written YYYY, YYYY-MM or YYYY-MM-DD';

/**
 * True for a real calendar date at year, month or day precision (`2018`, `2018-03`, `2018-03-08`).
 * Rejects `2018-02-30` and `2018-13`, which a regex alone would let through.
 */
export function isPartialDate(value: string): boolean {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  if (match[2] === undefined) return true;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return false;
  if (match[3] === undefined) return true;
  const day = Number(match[3]);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth;
}

// Ids end up in URLs and must survive a re-seed, so they are readable `prefix:slug` strings.
const idSchema = z
  .string()
  .max(200)
  .regex(/^[a-z][a-z0-9-]*:[A-Za-z0-9][A-Za-z0-9._~@-]*$/, 'must look like "prefix:readable-slug"');
const text = z.string().trim().min(1, 'must not be empty');
const dateSchema = z.string().refine(isPartialDate, DATE_MESSAGE);
const sourceRefs = (what: string) =>
  z.array(z.string()).min(1, `every ${what} must cite at least one source`);
const propertyBag = z.record(z.string(), z.unknown()).default({});

const caseInfoSchema = z.strictObject({
  id: idSchema,
  title: text,
  summary: text,
  notes: z.string().optional(),
});

const sourceSchema = z.strictObject({
  id: idSchema,
  title: text,
  publisher: z.string().optional(),
  author: z.string().optional(),
  date: dateSchema.optional(),
  reference: z.string().optional(),
  url: z.string().optional(),
  kind: z.string().optional(),
  notes: z.string().optional(),
});

const entitySchema = z.strictObject({
  type: z.string(),
  id: idSchema,
  name: text,
  aliases: z.array(text).default([]),
  properties: propertyBag,
  sources: sourceRefs('entity'),
});

const factSchema = z.strictObject({
  id: idSchema,
  type: z.string(),
  from: z.string(),
  to: z.string(),
  claim: text,
  status: z.string(),
  confidence: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
  validFrom: dateSchema.optional(),
  validTo: dateSchema.optional(),
  date: dateSchema.optional(),
  attribution: z.string().optional(),
  sources: sourceRefs('fact'),
  properties: propertyBag,
});

const documentShellSchema = z.strictObject({
  case: z.unknown(),
  sources: z.array(z.unknown()),
  entities: z.array(z.unknown()),
  facts: z.array(z.unknown()).default([]),
});

/**
 * Turns a source entry into the entity it becomes in the graph (a `Source` node), so the importer
 * and the validator share one mapping: `title` becomes the display `name`, the rest properties.
 */
export function sourceToEntity(source: SourceInput): EntityInput {
  const { id, title, ...rest } = source;
  const properties: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) properties[key] = value;
  return { type: 'Source', id, name: title, aliases: [], properties, sources: [id] };
}

/**
 * Checks a case / import document against the model and returns either the typed document
 * (defaults filled in) or every problem found, each with a JSON-pointer path.
 *
 * Checks: shape and field types; unknown node and relationship types; duplicate ids (one namespace
 * for sources, entities and facts, since all of them become addressable graph elements); facts whose
 * endpoints are neither in the document, nor among its sources, nor in `knownEntities`; endpoint
 * types the relationship type does not allow; missing or unknown source citations; dates that are
 * not real dates, `date` on a non-event or `validFrom`/`validTo` on an event, validFrom after
 * validTo; statuses outside the model; confidence outside 0..1; alleged facts without attribution;
 * properties the model does not declare or whose values have the wrong type.
 *
 * It never stops at the first problem: an element that fails its shape check is still checked for
 * meaning through a loose view of its well-typed fields, and still registers its id, so one bad
 * entity neither hides its other faults nor cascades into a dangling-reference error on every fact.
 */
export function validateCase(
  model: CaseModel,
  data: unknown,
  knownEntities?: KnownEntities,
): CaseValidationResult {
  const errors: CaseValidationError[] = [];
  const report = (pointer: string, message: string) => errors.push({ path: pointer, message });
  const reportIssues = (base: string, issues: readonly z.core.$ZodIssue[]) => {
    for (const issue of issues) report(base + toPointer(issue.path), issueMessage(issue));
  };

  const shell = documentShellSchema.safeParse(data, documentErrors);
  if (!shell.success) {
    reportIssues('', shell.error.issues);
    return { ok: false, errors };
  }

  // Pass 1: shape of each element on its own, so every element gets checked.
  const caseInfo = caseInfoSchema.safeParse(shell.data.case, documentErrors);
  if (!caseInfo.success) reportIssues('/case', caseInfo.error.issues);
  const sources = shell.data.sources.map((raw, i) => {
    const parsed = sourceSchema.safeParse(raw, documentErrors);
    if (!parsed.success) reportIssues(`/sources/${i}`, parsed.error.issues);
    return { raw, parsed: parsed.success ? parsed.data : undefined };
  });
  const entities = shell.data.entities.map((raw, i) => {
    const parsed = entitySchema.safeParse(raw, documentErrors);
    if (!parsed.success) reportIssues(`/entities/${i}`, parsed.error.issues);
    return { raw, parsed: parsed.success ? parsed.data : undefined };
  });
  const facts = shell.data.facts.map((raw, i) => {
    const parsed = factSchema.safeParse(raw, documentErrors);
    if (!parsed.success) reportIssues(`/facts/${i}`, parsed.error.issues);
    return { raw, parsed: parsed.success ? parsed.data : undefined };
  });

  // Pass 2: ids. Elements with a bad shape still register their id (when it is a string).
  const seen = new Map<string, string>();
  const claimId = (id: unknown, pointer: string) => {
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first) report(`${pointer}/id`, `duplicate id "${id}" (first used at ${first})`);
    else seen.set(id, pointer);
  };
  const sourceIds = new Set<string>();
  const entityTypes = new Map<string, string | undefined>();
  sources.forEach(({ raw }, i) => {
    const id = idOf(raw);
    claimId(id, `/sources/${i}`);
    if (typeof id === 'string') {
      sourceIds.add(id);
      entityTypes.set(id, 'Source');
    }
  });
  entities.forEach(({ raw }, i) => {
    const id = idOf(raw);
    claimId(id, `/entities/${i}`);
    if (typeof id === 'string') entityTypes.set(id, typeOf(raw));
  });
  facts.forEach(({ raw }, i) => claimId(idOf(raw), `/facts/${i}`));

  const checkCitations = (cited: string[], pointer: string) => {
    cited.forEach((id, j) => {
      if (!sourceIds.has(id)) report(`${pointer}/sources/${j}`, `cites "${id}", which is not in /sources`);
    });
  };

  // Pass 3: meaning, against the model.
  const sourceSpec = model.nodeTypes.Source;
  sources.forEach(({ parsed }, i) => {
    if (!parsed || !sourceSpec) return;
    // The title becomes the display name; every other field must be a declared Source property.
    const provided = new Set([sourceSpec.display, sourceSpec.aliases]);
    checkProperties(
      sourceSpec.properties,
      sourceToEntity(parsed).properties,
      `/sources/${i}`,
      report,
      provided,
    );
  });

  // Entities and facts are judged from a loose view of the raw element, not only from the parsed
  // one: a fact with a bad confidence must still have its endpoints, sources and status checked.
  entities.forEach(({ raw }, i) => {
    const at = `/entities/${i}`;
    const entity = looseView(raw);
    if (entity.sources) checkCitations(entity.sources, at);
    if (entity.type === undefined) return; // zod has reported the missing or mistyped type
    const spec = isKnownLabel(model, entity.type) ? model.nodeTypes[entity.type] : undefined;
    if (!spec) {
      report(`${at}/type`, `unknown entity type "${entity.type}"; known: ${nodeTypeNames(model).join(', ')}`);
      return;
    }
    if (!entity.properties) return;
    const topLevel = new Set([spec.display, spec.aliases]);
    for (const key of Object.keys(entity.properties)) {
      if (topLevel.has(key) || RESERVED_PROPERTY_KEYS.has(key)) {
        report(
          `${at}/properties/${escapePointer(key)}`,
          `"${key}" is set at the top level of the entity, not in properties`,
        );
      }
    }
    const rest = Object.fromEntries(Object.entries(entity.properties).filter(([key]) => !topLevel.has(key)));
    checkProperties(spec.properties, rest, `${at}/properties`, report, topLevel);
  });

  facts.forEach(({ raw }, i) => {
    const at = `/facts/${i}`;
    const fact = looseView(raw);
    if (fact.sources) checkCitations(fact.sources, at);
    if (fact.status !== undefined && !model.statuses.includes(fact.status)) {
      report(`${at}/status`, `unknown status "${fact.status}"; allowed: ${model.statuses.join(', ')}`);
    }
    if (fact.status === 'alleged' && !fact.attribution?.trim()) {
      report(`${at}/attribution`, 'an alleged fact must say who alleges it');
    }
    let spec: RelationshipTypeSpec | undefined;
    if (fact.type !== undefined) {
      spec = isKnownRelationshipType(model, fact.type) ? model.relationshipTypes[fact.type] : undefined;
      if (!spec) {
        report(
          `${at}/type`,
          `unknown relationship type "${fact.type}"; known: ${relationshipTypeNames(model).join(', ')}`,
        );
      }
    }
    // Endpoints must exist even when the type is unknown, so both problems surface at once.
    for (const end of ['from', 'to'] as const) {
      const id = fact[end];
      if (id !== undefined) checkEndpoint(id, spec?.[end], `${at}/${end}`, fact.type ?? '', end);
    }
    if (spec) {
      checkTiming(fact, spec.event, at, report);
      if (fact.properties)
        checkProperties(spec.properties ?? {}, fact.properties, `${at}/properties`, report);
    }
  });

  function checkEndpoint(
    id: string,
    allowed: string[] | undefined,
    pointer: string,
    relType: string,
    end: 'from' | 'to',
  ) {
    let type: string | undefined;
    if (entityTypes.has(id)) type = entityTypes.get(id);
    else if (knownEntities?.has(id)) type = knownEntities instanceof Map ? knownEntities.get(id) : undefined;
    else {
      report(pointer, `"${id}" is neither an entity nor a source of this document, nor a known entity`);
      return;
    }
    // An endpoint of unknown type (bad entity, or a Set of known ids) has been reported or cannot be judged.
    if (!allowed || type === undefined || !isKnownLabel(model, type)) return;
    if (!allowed.includes(type)) {
      report(
        pointer,
        `${relType} cannot ${end === 'from' ? 'start at' : 'end at'} a ${type} ("${id}"); allowed: ${allowed.join(', ')}`,
      );
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  // No errors means every element parsed and every property value matched its declared type,
  // so the parsed values are the document types.
  return {
    ok: true,
    value: {
      case: caseInfo.data!,
      sources: sources.map((s) => s.parsed!),
      entities: entities.map((e) => e.parsed as EntityInput),
      facts: facts.map((f) => f.parsed as FactInput),
    },
  };
}

/** Events carry `date`; states carry `validFrom`/`validTo`, in order. */
function checkTiming(
  fact: { date?: string; validFrom?: string; validTo?: string },
  isEvent: boolean,
  at: string,
  report: (pointer: string, message: string) => void,
) {
  if (isEvent) {
    if (fact.validFrom !== undefined) report(`${at}/validFrom`, 'an event has a date, not validFrom');
    if (fact.validTo !== undefined) report(`${at}/validTo`, 'an event has a date, not validTo');
  } else if (fact.date !== undefined) {
    report(`${at}/date`, 'only event relationship types take a date; use validFrom/validTo');
  }
  if (fact.validFrom && fact.validTo && isPartialDate(fact.validFrom) && isPartialDate(fact.validTo)) {
    // Compare at the coarser precision: 2018 and 2018-03 overlap, so neither is "after" the other.
    const precision = Math.min(fact.validFrom.length, fact.validTo.length);
    if (fact.validFrom.slice(0, precision) > fact.validTo.slice(0, precision)) {
      report(`${at}/validTo`, `ends (${fact.validTo}) before it starts (${fact.validFrom})`);
    }
  }
}

/**
 * Checks a property bag against the declared properties: every key declared, every value of the
 * declared type (and vocabulary), every required key present unless `providedElsewhere` covers it.
 */
function checkProperties(
  declared: Record<string, PropertySpec>,
  values: Record<string, unknown>,
  at: string,
  report: (pointer: string, message: string) => void,
  providedElsewhere: ReadonlySet<string> = new Set(),
) {
  for (const [key, value] of Object.entries(values)) {
    const pointer = `${at}/${escapePointer(key)}`;
    const spec = Object.hasOwn(declared, key) ? declared[key] : undefined;
    if (!spec) {
      const known = Object.keys(declared).filter((k) => !providedElsewhere.has(k));
      report(pointer, `unknown property "${key}"; declared: ${known.join(', ') || '(none)'}`);
      continue;
    }
    const problem = propertyValueProblem(spec, value);
    if (problem) report(pointer, problem);
  }
  for (const [key, spec] of Object.entries(declared)) {
    if (spec.required && !providedElsewhere.has(key) && values[key] === undefined) {
      report(`${at}/${escapePointer(key)}`, `required property "${key}" is missing`);
    }
  }
}

function propertyValueProblem(spec: PropertySpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (spec.values && !spec.values.includes(value)) return `must be one of: ${spec.values.join(', ')}`;
      return undefined;
    case 'string[]':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        return 'must be a list of strings';
      if (spec.values) {
        const bad = value.find((v) => !spec.values!.includes(v as string));
        if (bad !== undefined) return `"${String(bad)}" is not one of: ${spec.values.join(', ')}`;
      }
      return undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'integer':
      return Number.isSafeInteger(value) ? undefined : 'must be a whole number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof value === 'string' && isPartialDate(value) ? undefined : DATE_MESSAGE;
  }
}

/**
 * Error map for every document parse: zod's own wording for a missing key ("expected string,
 * received undefined") hides the point, so a missing value simply reads "is required".
 */
const documentErrors = {
  error: (issue: z.core.$ZodRawIssue) =>
    issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined,
};

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
  return issue.message;
}

/** The fields of an entity or fact that have the right primitive type; the rest read as absent. */
interface LooseView {
  type?: string;
  from?: string;
  to?: string;
  status?: string;
  attribution?: string;
  date?: string;
  validFrom?: string;
  validTo?: string;
  sources?: string[];
  properties?: Record<string, unknown>;
}

function looseView(raw: unknown): LooseView {
  const object = isPlainObject(raw) ? raw : {};
  const text = (key: string) => (typeof object[key] === 'string' ? (object[key] as string) : undefined);
  const sources = object.sources;
  return {
    type: text('type'),
    from: text('from'),
    to: text('to'),
    status: text('status'),
    attribution: text('attribution'),
    date: text('date'),
    validFrom: text('validFrom'),
    validTo: text('validTo'),
    sources: Array.isArray(sources) && sources.every((s) => typeof s === 'string') ? sources : undefined,
    properties: isPlainObject(object.properties) ? object.properties : undefined,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(raw: unknown): unknown {
  return raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
}

function typeOf(raw: unknown): string | undefined {
  const type = raw && typeof raw === 'object' ? (raw as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : undefined;
}

/** RFC 6901: `~` and `/` inside a key are escaped so the pointer stays unambiguous. */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toPointer(segments: readonly PropertyKey[]): string {
  return segments.map((segment) => `/${escapePointer(String(segment))}`).join('');
}
