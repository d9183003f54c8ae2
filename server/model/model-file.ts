/**
 * The domain model file, `cypher/model.json`: reading it, validating it (a broken model stops
 * start-up with every problem named), and the names it allows into Cypher.
 *
 * Labels, relationship types and property keys cannot be Cypher parameters. The model is the one
 * allowlist for them: `modelLabel`, `modelRelationshipType` and `propertyKey` return the quoted
 * fragment only for a name the model has (or, for keys, one of the model's key shape), and every
 * template slot that takes a name is filled from them. No database, no HTTP here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { quoteName, type CypherFragment } from '../cypher-files.js';
import { toPointer } from './json-pointer.js';
import { PROJECT_ROOT } from '../project-root.js';

// ---------------------------------------------------------------------------------------------
// The model file
// ---------------------------------------------------------------------------------------------

/** Where the model lives when no path is given: `<repo>/cypher/model.json`. */
export const DEFAULT_MODEL_FILE = path.join(PROJECT_ROOT, 'cypher', 'model.json');

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
export const RESERVED_PROPERTY_KEYS = new Set(['id', ALIAS_TEXT_PROPERTY]);

/**
 * The value types a property may have. Dates are ISO strings of year, month or day precision.
 * `other` (a datetime, point, duration, mixed list...) is only for types read from a graph
 * (`key: null`): casegraph shows such values but never writes them.
 */
export const PROPERTY_TYPES = [
  'string',
  'string[]',
  'number',
  'integer',
  'boolean',
  'date',
  'other',
] as const;
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

// Names are checked in `parseModel`: case types (key "id") keep to the strict patterns, since
// casegraph writes them; types read from a graph keep that graph's own names (always quoted).
const propertiesSchema = z.record(z.string().min(1), propertySpecSchema);

/**
 * `key: "id"`: a case type, which casegraph imports, keys by `id` and guards with constraints.
 * `key: null`: a type read from a graph casegraph did not write (`npm run model -- infer`): shown,
 * styled, filtered and searched, but never imported into and never given constraints.
 */
const typeKeySchema = z.union([z.literal('id'), z.null()], {
  message: 'key is "id" (a case type) or null (a type read from the graph)',
});

const nodeTypeSchema = z.strictObject({
  description: z.string().min(1),
  key: typeKeySchema,
  display: z.string().min(1),
  aliases: z.string().min(1),
  style: z.strictObject({
    color: z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'colour must be #RRGGBB'),
    icon: z.string().regex(/^[a-z][a-z0-9-]*$/, 'icon must be a simple lower-case word'),
    shape: z.enum(CYTOSCAPE_SHAPES),
  }),
  properties: propertiesSchema,
});

const relationshipTypeSchema = z.strictObject({
  /** As for node types; absent means "id". */
  key: typeKeySchema.optional(),
  from: z.array(z.string()).min(1),
  to: z.array(z.string()).min(1),
  meaning: z.string().min(1),
  event: z.boolean(),
  properties: propertiesSchema.optional(),
});

const modelSchema = z.strictObject({
  version: z.literal(1),
  /** Set by `npm run model -- infer`: which graph the file was read from, and when. */
  inferred: z.strictObject({ database: z.string(), at: z.string() }).optional(),
  nodeTypes: z.record(z.string().min(1), nodeTypeSchema),
  relationshipTypes: z.record(z.string().min(1), relationshipTypeSchema),
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
    if (spec.key === null) {
      problems.push(...graphNodeTypeProblems(typeName, spec));
      const colour = spec.style.color.toUpperCase();
      const owner = colourOwner.get(colour);
      if (owner) problems.push(`${at}/style/color: ${colour} is already used by ${owner}`);
      else colourOwner.set(colour, typeName);
      continue;
    }
    if (!LABEL_PATTERN.test(typeName)) {
      problems.push(`${at}: node type names must be PascalCase letters and digits`);
    }
    for (const [key, property] of Object.entries(spec.properties)) {
      if (!PROPERTY_KEY_PATTERN.test(key)) {
        problems.push(`${at}/properties/${key}: property keys must be camelCase letters and digits`);
      }
      if (property.type === 'other') {
        problems.push(`${at}/properties/${key}: "other" is only for types read from a graph (key null)`);
      }
    }
    if (!PROPERTY_KEY_PATTERN.test(spec.display)) problems.push(`${at}/display: must be camelCase`);
    if (!PROPERTY_KEY_PATTERN.test(spec.aliases)) problems.push(`${at}/aliases: must be camelCase`);
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

  if (model.nodeTypes.Source?.key !== 'id') {
    // Every case cites sources, and sources become Source nodes, so the type must exist.
    problems.push('/nodeTypes: a "Source" node type is required');
  }

  for (const [relName, spec] of Object.entries(model.relationshipTypes)) {
    if (spec.key !== null && !RELATIONSHIP_TYPE_PATTERN.test(relName)) {
      problems.push(`/relationshipTypes/${relName}: relationship type names must be UPPER_SNAKE`);
    }
    for (const [key, property] of Object.entries(spec.properties ?? {})) {
      if (spec.key !== null && !PROPERTY_KEY_PATTERN.test(key)) {
        problems.push(`/relationshipTypes/${relName}/properties/${key}: property keys must be camelCase`);
      }
      if (spec.key !== null && property.type === 'other') {
        problems.push(
          `/relationshipTypes/${relName}/properties/${key}: "other" is only for types read from a graph (key null)`,
        );
      }
    }
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

/** What a type read from a graph must still satisfy: a name that is no app label, a known display. */
function graphNodeTypeProblems(typeName: string, spec: NodeTypeSpec): string[] {
  const at = `/nodeTypes/${typeName}`;
  const problems: string[] = [];
  if (typeName.startsWith('_') || typeName === ENTITY_LABEL) {
    problems.push(`${at}: "${typeName}" is a label casegraph keeps for itself`);
  }
  const display = spec.properties[spec.display];
  if (display && display.type !== 'string')
    problems.push(`${at}/display: "${spec.display}" must be a string`);
  return problems;
}

const modelCache = new Map<string, CaseModel>();

/** The model file `loadModel()` reads when given no path: the default, or CASEGRAPH_MODEL. */
let activeModelFile = DEFAULT_MODEL_FILE;

/**
 * Makes `file` the model every later `loadModel()` without a path reads (CASEGRAPH_MODEL, set once
 * at start-up by the server and the CLIs, before anything loads the model).
 */
export function useModelFile(file: string | undefined): void {
  activeModelFile = file ? path.resolve(file) : DEFAULT_MODEL_FILE;
}

/** The model file in use. */
export function activeModelFilePath(): string {
  return activeModelFile;
}

/**
 * Reads and validates the model file once per path; later calls return the same frozen value.
 * Throws `ModelError` (bad content) or the file-system error (missing file) so start-up fails fast.
 */
export function loadModel(file: string = activeModelFile): CaseModel {
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

/** The node type names (labels), in file order, read from the graph ones included. */
export function nodeTypeNames(model: CaseModel): string[] {
  return Object.keys(model.nodeTypes);
}

/** The relationship type names, in file order, read from the graph ones included. */
export function relationshipTypeNames(model: CaseModel): string[] {
  return Object.keys(model.relationshipTypes);
}

/** The case node types (key "id"): the ones casegraph imports into and guards with constraints. */
export function caseNodeTypeNames(model: CaseModel): string[] {
  return nodeTypeNames(model).filter((name) => model.nodeTypes[name]!.key === 'id');
}

/** The case relationship types (key "id", or no key given): facts casegraph imports and looks up by id. */
export function caseRelationshipTypeNames(model: CaseModel): string[] {
  return relationshipTypeNames(model).filter((name) => isCaseRelationshipType(model, name));
}

/** True when `type` is a case relationship type (its facts have ids a constraint guards). */
export function isCaseRelationshipType(model: CaseModel, type: string): boolean {
  return isKnownRelationshipType(model, type) && model.relationshipTypes[type]!.key !== null;
}

/** True when `label` is a case node type. */
export function isCaseNodeType(model: CaseModel, label: string): boolean {
  return isKnownLabel(model, label) && model.nodeTypes[label]!.key === 'id';
}

/** True when `label` is a node type of the model: the allowlist for labels in Cypher. */
export function isKnownLabel(model: CaseModel, label: string): boolean {
  return Object.hasOwn(model.nodeTypes, label);
}

/** True when `type` is a relationship type of the model: the allowlist for types in Cypher. */
export function isKnownRelationshipType(model: CaseModel, type: string): boolean {
  return Object.hasOwn(model.relationshipTypes, type);
}

/** A node type of the model, quoted for a template slot; any other name is refused (a bug). */
export function modelLabel(model: CaseModel, name: string): CypherFragment {
  if (!isKnownLabel(model, name)) throw new Error(`Label not allowed: ${name}`);
  return quoteName(name);
}

/** A relationship type of the model, quoted for a template slot; any other name is refused. */
export function modelRelationshipType(model: CaseModel, type: string): CypherFragment {
  if (!isKnownRelationshipType(model, type)) throw new Error(`Type not allowed: ${type}`);
  return quoteName(type);
}

/**
 * A property key quoted for a template slot, when it has the model's key shape (camelCase).
 * Keys written by the importer come from the model's properties, the document's fixed fields and
 * `RESERVED_PROPERTY_KEYS`, all of that shape.
 */
export function propertyKey(key: string): CypherFragment {
  if (!PROPERTY_KEY_PATTERN.test(key)) throw new Error(`Property key not allowed: ${key}`);
  return quoteName(key);
}

/** The string stored in `aliasText` for the full-text index: aliases one per line. */
export function toAliasText(aliases: readonly string[]): string {
  return aliases.join('\n');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
