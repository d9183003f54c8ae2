/**
 * Driver values to plain JSON: the boundary every value crosses before it leaves the server.
 *
 * Integers become JS numbers when they fit exactly and decimal strings when they do not (so no
 * `{low, high}` ever reaches a client); temporals become ISO-8601 strings; points become
 * `{kind: 'point', srid, x, y, z?}`; byte arrays become `{kind: 'bytes', base64}`. Graph elements
 * are rendered by the caller's `ElementRenderer`, because only it knows their stable keys.
 */
import neo4j, { type Node, type Path, type Relationship } from 'neo4j-driver';
import type { JsonValue } from '../contract.js';

/** How graph elements inside a value are written out (references by stable key, in practice). */
export interface ElementRenderer {
  node(node: Node): JsonValue;
  relationship(relationship: Relationship): JsonValue;
  path(path: Path): JsonValue;
}

/** Without a renderer, elements are described without any id: nothing internal leaks. */
const anonymousElements: ElementRenderer = {
  node: (node) => ({ kind: 'node', labels: [...node.labels] }),
  relationship: (relationship) => ({ kind: 'relationship', type: relationship.type }),
  path: (path) => ({ kind: 'path', length: path.length }),
};

/** An Integer or bigint as a JS number when exact, else as its decimal string. */
export function integerToJson(value: { toString(): string } & object): number | string {
  if (neo4j.isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  return String(value);
}

function bigintToJson(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

function numberToJson(value: number): number | string {
  // JSON has no NaN or Infinity; a string keeps the information without breaking the payload.
  return Number.isFinite(value) ? value : String(value);
}

/**
 * Converts any value the driver can return (or a plain JS value) into JSON. Maps and lists are
 * converted deeply.
 */
export function toJson(value: unknown, elements: ElementRenderer = anonymousElements): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return numberToJson(value);
    case 'bigint':
      return bigintToJson(value);
    case 'object':
      break;
    default:
      return String(value);
  }
  if (neo4j.isInt(value)) return integerToJson(value);
  if (neo4j.isNode(value)) return elements.node(value);
  if (neo4j.isRelationship(value)) return elements.relationship(value);
  if (neo4j.isPath(value)) return elements.path(value);
  if (neo4j.isUnboundRelationship(value)) return { kind: 'relationship', type: value.type };
  if (
    neo4j.isDate(value) ||
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isTime(value)
  ) {
    return value.toString();
  }
  if (neo4j.isDuration(value)) {
    // The driver writes `P1YT` for a duration without a time part; ISO 8601 drops the `T`.
    return value.toString().replace(/T$/, '');
  }
  if (neo4j.isPoint(value)) {
    const point: { [key: string]: JsonValue } = {
      kind: 'point',
      srid: toJson(value.srid),
      x: numberToJson(value.x),
      y: numberToJson(value.y),
    };
    if (value.z !== undefined) point.z = numberToJson(value.z);
    return point;
  }
  if (neo4j.isVector(value)) {
    return Array.from(value.asTypedArray() as ArrayLike<number | bigint>, (item) => toJson(item));
  }
  if (neo4j.isUnsupportedType(value)) return { kind: 'unsupported', name: value.name };
  if (value instanceof Uint8Array) {
    return { kind: 'bytes', base64: Buffer.from(value).toString('base64') };
  }
  if (Array.isArray(value)) return value.map((item) => toJson(item, elements));
  if (value instanceof Date) return value.toISOString();
  const out: { [key: string]: JsonValue } = {};
  for (const [key, inner] of Object.entries(value)) out[key] = toJson(inner, elements);
  return out;
}

/** Converts a property map (node or relationship properties), leaving out the given keys. */
export function propertiesToJson(
  properties: Record<string, unknown>,
  omit: ReadonlySet<string> = new Set(),
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(properties).sort()) {
    if (!omit.has(key)) out[key] = toJson(properties[key]);
  }
  return out;
}
