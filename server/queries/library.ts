/**
 * The saved-query library: `cypher/queries/*.cypher`, read-only, shipped with the code.
 *
 * Each file is one query with a header of `//` comment lines:
 *
 *   // @title Who supplied whom
 *   // @description Every SUPPLIED fact, strongest first.
 *   //   (further comment lines continue the description)
 *   // @param supplier: entity? | label: Supplier | entityTypes: Organisation, Group, Person
 *   // @param minConfidence: number = 0.5 | label: Minimum confidence | min: 0 | max: 1
 *   // @planner statefulShortestPlanningMode=all_if_possible
 *
 * A parameter line is `name: type`, `?` for optional, `= default` (JSON, or a bare word), then
 * `| key: value` options: label, description, entityTypes and options (comma lists), min, max.
 * A parameter without `?` or a default is required. The library must pass the same read-only gate
 * as the console; a broken file stops start-up with the file and line named. `@planner` sets a
 * Neo4j planner option from the allowlist in `read-runner.ts` (PLANNER_OPTIONS); the runner sends
 * it as a `CYPHER` prefix, which the gate refuses in user queries.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { JsonValue, QueryParameterSpec, SavedQuery } from '../contract.js';
import { CYPHER_DIR } from '../cypher-files.js';
import { checkReadOnlyCypher } from '../user-cypher/gate.js';
import { PLANNER_OPTIONS, type PlannerOptions } from '../user-cypher/read-runner.js';
import { parameterSpecsSchema } from './parameters.js';

export const LIBRARY_DIR = path.join(CYPHER_DIR, 'queries');
export const LIBRARY_ID_PREFIX = 'lib:';

export class LibraryError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'LibraryError';
  }
}

function humanise(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

function parseDefault(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/** Parses one `@param` line (without the `@param` word) into a raw spec for zod to check. */
export function parseParamLine(text: string): Record<string, unknown> {
  const [head = '', ...options] = text.split('|').map((part) => part.trim());
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([a-z]+(?:\[\])?)(\?)?\s*(?:=\s*(.+))?$/.exec(head);
  if (!match) throw new Error(`cannot read "${head}": expected "name: type[?] [= default]"`);
  const [, name = '', type, optional, defaultText] = match;
  const spec: Record<string, unknown> = { name, type, label: humanise(name) };
  if (defaultText !== undefined) spec.default = parseDefault(defaultText.trim());
  spec.required = optional === undefined && defaultText === undefined;
  for (const option of options) {
    const colon = option.indexOf(':');
    if (colon < 0) throw new Error(`cannot read option "${option}": expected "key: value"`);
    const key = option.slice(0, colon).trim();
    const value = option.slice(colon + 1).trim();
    switch (key) {
      case 'label':
      case 'description':
        spec[key] = value;
        break;
      case 'entityTypes':
      case 'options':
        spec[key] = value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean);
        break;
      case 'min':
      case 'max':
        spec[key] = Number(value);
        break;
      default:
        throw new Error(`unknown option "${key}"`);
    }
  }
  return spec;
}

/** Parses one `@planner key=value` line against the allowlist. */
export function parsePlannerLine(text: string, into: PlannerOptions): void {
  const match = /^(\w+)\s*=\s*(\w+)$/.exec(text.trim());
  if (!match) throw new Error(`cannot read "${text.trim()}": expected "option=value"`);
  const [, key = '', value = ''] = match;
  if (!Object.hasOwn(PLANNER_OPTIONS, key)) {
    throw new Error(`unknown planner option "${key}" (known: ${Object.keys(PLANNER_OPTIONS).join(', ')})`);
  }
  const allowed: readonly string[] = PLANNER_OPTIONS[key as keyof typeof PLANNER_OPTIONS];
  if (!allowed.includes(value)) throw new Error(`planner option ${key} takes one of: ${allowed.join(', ')}`);
  into[key as keyof PlannerOptions] = value as never;
}

/** Parses one library file's text into a SavedQuery. Throws LibraryError naming the line. */
export function parseLibraryQuery(file: string, text: string): SavedQuery {
  const lines = text.split(/\r?\n/);
  let title: string | undefined;
  const description: string[] = [];
  const rawParams: Record<string, unknown>[] = [];
  const planner: PlannerOptions = {};
  let current: 'title' | 'description' | undefined;
  let bodyStart = lines.length;
  for (const [i, line] of lines.entries()) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('//')) {
      if (trimmed === '' && title === undefined) continue;
      bodyStart = i;
      break;
    }
    const content = trimmed.slice(2).trim();
    const tag = /^@(\w+)\s*(.*)$/.exec(content);
    if (!tag) {
      if (current === 'description' && content) description.push(content);
      continue;
    }
    const [, name, rest = ''] = tag;
    try {
      if (name === 'title') {
        title = rest.trim();
        current = 'title';
      } else if (name === 'description') {
        description.push(rest.trim());
        current = 'description';
      } else if (name === 'param') {
        rawParams.push(parseParamLine(rest));
        current = undefined;
      } else if (name === 'planner') {
        parsePlannerLine(rest, planner);
        current = undefined;
      } else {
        throw new Error(`unknown tag @${name}`);
      }
    } catch (error) {
      throw new LibraryError(file, i + 1, (error as Error).message);
    }
  }
  if (!title) throw new LibraryError(file, 1, 'the header needs an @title line');
  const body = lines.slice(bodyStart).join('\n').trim().replace(/;\s*$/, '');
  if (!body) throw new LibraryError(file, bodyStart + 1, 'the file has no query after its header');

  const specs = parameterSpecsSchema.safeParse(rawParams);
  if (!specs.success) {
    const issue = specs.error.issues[0];
    throw new LibraryError(file, 1, `parameter ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const gate = checkReadOnlyCypher(body);
  if (!gate.ok) {
    throw new LibraryError(
      file,
      bodyStart + gate.position.line,
      `refused by the read-only gate: ${gate.reason}`,
    );
  }
  const declared = new Set(specs.data.map((spec) => spec.name));
  const undeclared = gate.parameters.filter((name) => !declared.has(name));
  if (undeclared.length > 0)
    throw new LibraryError(file, 1, `undeclared parameters: ${undeclared.join(', ')}`);

  return {
    id: LIBRARY_ID_PREFIX + path.basename(file, '.cypher'),
    title,
    description: description.join(' '),
    cypher: body,
    parameters: specs.data as QueryParameterSpec[],
    origin: 'library',
    ...(Object.keys(planner).length > 0 ? { plannerOptions: { ...planner } as Record<string, string> } : {}),
  };
}

let cache: readonly SavedQuery[] | undefined;

/** Every library query, sorted by title; read once per process. */
export function loadLibrary(dir: string = LIBRARY_DIR): readonly SavedQuery[] {
  if (cache && dir === LIBRARY_DIR) return cache;
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.cypher')) : [];
  const queries = files
    .map((name) => parseLibraryQuery(path.join(dir, name), fs.readFileSync(path.join(dir, name), 'utf8')))
    .sort((a, b) => a.title.localeCompare(b.title));
  if (dir === LIBRARY_DIR) cache = Object.freeze(queries);
  return queries;
}
