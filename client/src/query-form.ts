/**
 * Pure helpers of the saved-queries panel: turning the raw values of a
 * generated form into typed `$parameters` (with messages for what is wrong),
 * and finding the `$parameters` a hand-written query uses.
 */
import type { JsonValue, QueryParameterSpec, QueryParameterType } from '../../server/contract.js';

export type RawValue = string | boolean | null | undefined;

/** YYYY, YYYY-MM or YYYY-MM-DD, and a real month and day (no 30 February). */
export function isPartialDate(text: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!m) return false;
  const month = m[2] === undefined ? 1 : Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  return day >= 1 && day <= new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
}

/** How a parameter's default reads in its form ("2016", "a, b", "yes"), or null without one. */
export function defaultText(spec: QueryParameterSpec): string | null {
  if (spec.default === undefined || spec.default === null) return null;
  if (Array.isArray(spec.default)) return spec.default.join(', ');
  if (typeof spec.default === 'boolean') return spec.default ? 'yes' : 'no';
  return String(spec.default);
}

/** Converts one raw form value; returns an error message instead when it does not fit the spec. */
export function parseParam(spec: QueryParameterSpec, raw: RawValue): { value?: JsonValue; error?: string } {
  const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
  if (empty && spec.type !== 'boolean') {
    if (spec.default !== undefined) return { value: spec.default };
    return spec.required ? { error: `${spec.label} is required` } : {};
  }
  const text = typeof raw === 'string' ? raw.trim() : '';
  switch (spec.type) {
    case 'boolean':
      return { value: raw === true || raw === 'true' };
    case 'integer':
    case 'number': {
      const n = Number(text);
      if (!Number.isFinite(n)) return { error: `${spec.label} must be a number` };
      if (spec.type === 'integer' && !Number.isInteger(n))
        return { error: `${spec.label} must be a whole number` };
      if (spec.min !== undefined && n < spec.min)
        return { error: `${spec.label} must be at least ${spec.min}` };
      if (spec.max !== undefined && n > spec.max)
        return { error: `${spec.label} must be at most ${spec.max}` };
      return { value: n };
    }
    case 'date':
      // The server takes partial dates (server/queries/parameters.ts): a year, a month or a day.
      return isPartialDate(text)
        ? { value: text }
        : { error: `${spec.label} must be a date written YYYY, YYYY-MM or YYYY-MM-DD` };
    case 'string[]':
      return {
        value: text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    case 'string':
      if (spec.options?.length && !spec.options.includes(text)) {
        return { error: `${spec.label} must be one of ${spec.options.join(', ')}` };
      }
      return { value: text };
    case 'entity':
      return { value: text };
  }
}

/** All parameters at once: the values to send, and every problem keyed by parameter name. */
export function collectParams(
  specs: QueryParameterSpec[],
  raw: Record<string, RawValue>,
): { params: Record<string, JsonValue>; errors: Record<string, string> } {
  const params: Record<string, JsonValue> = {};
  const errors: Record<string, string> = {};
  for (const spec of specs) {
    const r = parseParam(spec, raw[spec.name]);
    if (r.error) errors[spec.name] = r.error;
    else if (r.value !== undefined) params[spec.name] = r.value;
  }
  return { params, errors };
}

/** The `$names` a Cypher text uses, in order of first use (ignoring comments and strings). */
export function detectParameters(cypher: string): string[] {
  const stripped = cypher
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
  const names: string[] = [];
  for (const m of stripped.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (!names.includes(m[1]!)) names.push(m[1]!);
  }
  return names;
}

/** A spec for a detected parameter, with a guess at its type from its name. */
export function guessSpec(name: string): QueryParameterSpec {
  let type: QueryParameterType = 'string';
  if (/(^id$|Id$|entity|^from$|^to$)/i.test(name)) type = 'entity';
  else if (/(limit|max|min|hops|depth|count|^k$)/i.test(name)) type = 'integer';
  else if (/(date|asOf|since|until)/i.test(name)) type = 'date';
  const label = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
  return { name, type, label, required: true };
}
