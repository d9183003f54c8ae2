/**
 * The Cypher the server runs, by name. Statements live in `cypher/<feature>/<name>.cypher`, one
 * statement per file, and are read once per process; code asks for them by `<feature>/<name>`.
 *
 * Some statements are templates with `{{slot}}` placeholders for what Cypher cannot take as a
 * parameter (relationship types, labels, a hop bound). Slots are filled only with
 * `CypherFragment`s, which the builders below make from names the model allows (`modelLabel`,
 * `modelRelationshipType`, `propertyKey` in `server/model/model-file.ts`; `server/graph/schema-names.ts`
 * adds the database's own names for the explorer); request data always travels as `$parameters`.
 * No server file holds Cypher text of its own: test/unit/cypher-files.test.ts scans for it.
 *
 * `cypher/queries/` (the saved-query library) and `cypher/cases/` (case data) are not statements
 * and are skipped here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './project-root.js';

export const CYPHER_DIR = path.join(PROJECT_ROOT, 'cypher');

/** Folders under `cypher/` that hold something other than named statements. */
const NOT_STATEMENTS = new Set(['queries', 'cases']);

let cache: Readonly<Record<string, string>> | undefined;

/**
 * Reads every named statement once and returns them by name (`graph/entity-by-id`). Later calls
 * return the same frozen record. Throws on an unreadable folder, so a broken checkout fails at
 * start-up rather than on the first request.
 */
export function loadCypher(dir: string = CYPHER_DIR): Readonly<Record<string, string>> {
  if (cache && dir === CYPHER_DIR) return cache;
  const statements: Record<string, string> = {};
  for (const file of walk(dir, dir)) {
    const name = path
      .relative(dir, file)
      .split(path.sep)
      .join('/')
      .replace(/\.cypher$/, '');
    statements[name] = fs.readFileSync(file, 'utf8').trim().replace(/;\s*$/, '');
  }
  const frozen = Object.freeze(statements);
  if (dir === CYPHER_DIR) cache = frozen;
  return frozen;
}

function walk(root: string, dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (dir === root && NOT_STATEMENTS.has(entry.name)) continue;
      found.push(...walk(root, full));
    } else if (entry.isFile() && entry.name.endsWith('.cypher') && dir !== root) {
      // Top-level `cypher/*.cypher` files belong to whoever owns the schema; statements live in
      // feature folders so names always say where they come from.
      found.push(full);
    }
  }
  return found.sort();
}

/** One named statement; throws (a programming error, so a 500) when the name is unknown. */
export function cypher(name: string): string {
  const statement = loadCypher()[name];
  if (statement === undefined) throw new Error(`No Cypher statement named "${name}" in cypher/`);
  return statement;
}

declare const fragmentBrand: unique symbol;
/** A piece of Cypher text that is safe to splice: made only by the builders in this codebase. */
export type CypherFragment = string & { readonly [fragmentBrand]: true };

/**
 * Marks text as a fragment. Only for text built from allowlisted names (`quoteName`) or fixed
 * literals in code; never for request data.
 */
export function trustedFragment(text: string): CypherFragment {
  return text as CypherFragment;
}

/**
 * Quotes a label, relationship type or property key with backticks (doubling inner backticks),
 * so a name the allowlist accepted can never end the identifier early.
 */
export function quoteName(name: string): CypherFragment {
  if (name.length === 0) throw new Error('Cannot quote an empty name');
  return trustedFragment('`' + name.replaceAll('`', '``') + '`');
}

/** A whole number spliced where Cypher wants a literal (hop bounds, `SHORTEST k`). */
export function integerLiteral(value: number, min: number, max: number): CypherFragment {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Integer literal ${value} is outside ${min}..${max}`);
  }
  return trustedFragment(String(value));
}

/**
 * Fills the `{{slot}}` placeholders of a named statement. Every placeholder needs a fragment and
 * every fragment a placeholder, so a renamed slot fails loudly instead of leaving `{{x}}` behind.
 */
export function fillTemplate(name: string, slots: Record<string, CypherFragment>): string {
  const template = cypher(name);
  const used = new Set<string>();
  const filled = template.replace(/\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g, (_match, slot: string) => {
    const fragment = slots[slot];
    if (fragment === undefined) throw new Error(`Statement "${name}" needs slot {{${slot}}}`);
    used.add(slot);
    return fragment;
  });
  for (const slot of Object.keys(slots)) {
    if (!used.has(slot)) throw new Error(`Statement "${name}" has no slot {{${slot}}}`);
  }
  return filled;
}
