/**
 * Case documents (also the JSON import format) and their validation against the model:
 * `validateCase` checks a case / import document (entities, facts, sources) and reports every
 * problem at once with a JSON-pointer path.
 */
import { z } from 'zod';
import type { FactStatus } from '../contract.js';
import { escapePointer, toPointer } from './json-pointer.js';
import { isJudgementType, orderedPair } from '../merge/judgement-types.js';
import {
  RESERVED_PROPERTY_KEYS,
  caseNodeTypeNames,
  caseRelationshipTypeNames,
  isCaseNodeType,
  isCaseRelationshipType,
  isKnownLabel,
  isKnownRelationshipType,
  type CaseModel,
  type PropertySpec,
  type RelationshipTypeSpec,
} from './model-file.js';

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
  /** When the case learnt it, if not the date of its earliest source. */
  recorded?: string;
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

/** A fact with this status must say who makes the claim (typed, so a renamed status fails to compile). */
const ATTRIBUTED_STATUS: FactStatus = 'alleged';

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
  recorded: dateSchema.optional(),
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
    const spec = isCaseNodeType(model, entity.type) ? model.nodeTypes[entity.type] : undefined;
    if (!spec) {
      report(
        `${at}/type`,
        isKnownLabel(model, entity.type)
          ? `"${entity.type}" is a type read from the graph (key null in the model): casegraph does not import into it`
          : `unknown entity type "${entity.type}"; known: ${caseNodeTypeNames(model).join(', ')}`,
      );
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
    if (fact.status === ATTRIBUTED_STATUS && !fact.attribution?.trim()) {
      report(`${at}/attribution`, 'an alleged fact must say who alleges it');
    }
    let spec: RelationshipTypeSpec | undefined;
    if (fact.type !== undefined) {
      spec = isCaseRelationshipType(model, fact.type) ? model.relationshipTypes[fact.type] : undefined;
      if (!spec) {
        report(
          `${at}/type`,
          isKnownRelationshipType(model, fact.type)
            ? `"${fact.type}" is a type read from the graph (key null in the model): casegraph does not import it`
            : `unknown relationship type "${fact.type}"; known: ${caseRelationshipTypeNames(model).join(', ')}`,
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

  checkJudgements(
    facts.map(({ raw }) => looseView(raw)),
    report,
  );

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

/**
 * Judgements (`SAME_AS`, `NOT_SAME_AS`, `MAYBE_SAME_AS`) are facts about two different entities,
 * and a pair has one verdict at a time (the graph keeps one judgement per pair): a document that
 * judges a pair twice, or an entity against itself, is refused rather than half-applied.
 */
function checkJudgements(
  facts: readonly LooseView[],
  report: (pointer: string, message: string) => void,
): void {
  const judged = new Map<string, number>();
  facts.forEach((fact, i) => {
    if (fact.type === undefined || !isJudgementType(fact.type)) return;
    if (fact.from === undefined || fact.to === undefined) return;
    if (fact.from === fact.to) {
      report(`/facts/${i}/to`, `a ${fact.type} judgement needs two different entities`);
      return;
    }
    const pair = orderedPair(fact.from, fact.to).join('\u0000');
    const first = judged.get(pair);
    if (first === undefined) judged.set(pair, i);
    else
      report(
        `/facts/${i}`,
        `${fact.from} and ${fact.to} are already judged by /facts/${first}; a pair has one verdict`,
      );
  });
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
    case 'other':
      // Only types read from a graph have such properties, and nothing is imported into them.
      return 'cannot be written by an import';
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
