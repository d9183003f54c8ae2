/**
 * `npm run model -- infer`: a model file for a graph casegraph never saw, written for a person to
 * review. Pure: it turns a survey (`graph-survey.ts`) and the model in use into a model object.
 *
 * The case model's types are kept as they are, so the case keeps importing and the demo keeps
 * working beside the other data. Every other label and relationship type becomes a type "read from
 * the graph" (`key: null`): a description saying how many there are, properties with the value
 * type seen most (and `required` when every sampled node had it), a display property guessed from
 * the keys' names (`name-keys.ts`), a colour no other type has and a shape, and for relationship
 * types the labels seen at their ends. Nothing here decides what the data means: the file says
 * what was seen, and the reviewer renames descriptions and colours as they see fit.
 */
import { CYTOSCAPE_SHAPES, type CaseModel, type PropertySpec, type PropertyType } from '../model/model.js';
import { displayKeyRank, isNameLikeKey } from '../model/name-keys.js';
import type { GraphSurvey, SurveyedKey } from './graph-survey.js';

/** Keys casegraph writes for itself; never properties of a type. */
const INTERNAL_KEYS = new Set(['aliasText', 'summaryJson', 'summaryUpdatedAt', '_staged']);

/** Shapes given to inferred types in turn (the ones that read well at small sizes). */
const INFERRED_SHAPES: readonly (typeof CYTOSCAPE_SHAPES)[number][] = [
  'ellipse',
  'round-rectangle',
  'diamond',
  'round-triangle',
  'hexagon',
  'round-pentagon',
  'barrel',
  'star',
  'tag',
  'octagon',
];

/** What the inference did not turn into types, for the person reviewing the file. */
export interface InferenceNotes {
  added: { nodeTypes: string[]; relationshipTypes: string[] };
  /** Relationship types whose ends carry no label: the model cannot name their ends. */
  skipped: string[];
}

/** The model object (validate it with `parseModel`) and notes on what was added or left out. */
export function inferModel(
  survey: GraphSurvey,
  base: CaseModel,
  meta: { database: string; at: string },
): { model: Record<string, unknown>; notes: InferenceNotes } {
  const usedColours = new Set(Object.values(base.nodeTypes).map((spec) => spec.style.color.toUpperCase()));
  const colours = colourSequence(usedColours);
  const nodeTypes: Record<string, unknown> = structuredClone(base.nodeTypes) as Record<string, unknown>;
  const added: string[] = [];

  for (const surveyed of survey.labels) {
    if (Object.hasOwn(base.nodeTypes, surveyed.label)) continue;
    const properties = inferProperties(surveyed.keys, surveyed.sampled);
    const stringKeys = Object.keys(properties).filter((key) => properties[key]!.type === 'string');
    const display =
      [...stringKeys].sort((a, b) => displayKeyRank(a) - displayKeyRank(b) || a.localeCompare(b))[0] ??
      'name';
    const aliases =
      Object.keys(properties).find((key) => properties[key]!.type === 'string[]' && isNameLikeKey(key)) ??
      'aliases';
    nodeTypes[surveyed.label] = {
      description: `Read from the graph: ${surveyed.nodes} nodes (properties from a sample of ${surveyed.sampled}).`,
      key: null,
      display,
      aliases,
      style: {
        color: colours.next().value,
        icon: 'pin',
        shape: INFERRED_SHAPES[added.length % INFERRED_SHAPES.length]!,
      },
      properties,
    };
    added.push(surveyed.label);
  }

  const knownLabels = new Set(Object.keys(nodeTypes));
  const relationshipTypes: Record<string, unknown> = structuredClone(base.relationshipTypes) as Record<
    string,
    unknown
  >;
  const addedTypes: string[] = [];
  const skipped: string[] = [];
  for (const surveyed of survey.relationshipTypes) {
    if (Object.hasOwn(base.relationshipTypes, surveyed.type)) continue;
    const from = new Set<string>();
    const to = new Set<string>();
    for (const end of surveyed.ends) {
      for (const label of end.from) if (knownLabels.has(label)) from.add(label);
      for (const label of end.to) if (knownLabels.has(label)) to.add(label);
    }
    if (from.size === 0 || to.size === 0) {
      skipped.push(surveyed.type);
      continue;
    }
    const properties = inferProperties(surveyed.keys, surveyed.sampled);
    relationshipTypes[surveyed.type] = {
      key: null,
      from: [...from].sort(),
      to: [...to].sort(),
      meaning: `Read from the graph: ${surveyed.relationships} relationships.`,
      event: false,
      ...(Object.keys(properties).length > 0 && { properties }),
    };
    addedTypes.push(surveyed.type);
  }

  return {
    model: {
      version: 1,
      inferred: meta,
      nodeTypes,
      relationshipTypes,
      statuses: [...base.statuses],
    },
    notes: { added: { nodeTypes: added, relationshipTypes: addedTypes }, skipped },
  };
}

/** Property specs from sampled keys: the most seen value type, required when always set. */
export function inferProperties(keys: readonly SurveyedKey[], sampled: number): Record<string, PropertySpec> {
  const properties: Record<string, PropertySpec> = {};
  for (const key of keys) {
    if (INTERNAL_KEYS.has(key.key)) continue;
    const type = propertyType(key.types);
    const spec: PropertySpec = { type };
    if (sampled > 0 && key.seen >= sampled) spec.required = true;
    if (type === 'other') spec.description = `Values seen: ${Object.keys(key.types).sort().join(', ')}`;
    properties[key.key] = spec;
  }
  return properties;
}

/** Maps Cypher `valueType` names to a model property type; mixed or exotic values are `other`. */
export function propertyType(types: Record<string, number>): PropertyType {
  const kinds = new Set(Object.keys(types).map((name) => name.replace(/ NOT NULL/g, '')));
  if (kinds.size === 2 && kinds.has('INTEGER') && kinds.has('FLOAT')) return 'number';
  if (kinds.size !== 1) return 'other';
  switch ([...kinds][0]) {
    case 'STRING':
      return 'string';
    case 'LIST<STRING>':
      return 'string[]';
    case 'INTEGER':
      return 'integer';
    case 'FLOAT':
      return 'number';
    case 'BOOLEAN':
      return 'boolean';
    case 'DATE':
      return 'date';
    default:
      return 'other';
  }
}

/**
 * Distinct colours for new types: hues stepped by the golden angle at a saturation and lightness
 * that read on white, skipping any colour already taken.
 */
function* colourSequence(taken: Set<string>): Generator<string, never> {
  for (let i = 0; ; i++) {
    const hue = (i * 137.508 + 20) % 360;
    const lightness = i % 2 === 0 ? 40 : 32;
    const colour = hslToHex(hue, 55, lightness);
    if (taken.has(colour)) continue;
    taken.add(colour);
    yield colour;
  }
}

function hslToHex(h: number, s: number, l: number): string {
  const sat = s / 100;
  const light = l / 100;
  const a = sat * Math.min(light, 1 - light);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const value = light - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`.toUpperCase();
}
