/**
 * What counts as case data: the one definition every route's answer is held to.
 *
 * The graph casegraph reads may also hold the app's own bookkeeping (import staging, the graph
 * version, and until they move out users, sessions, tokens, audit events, saved queries and
 * workspaces). A node is case data unless it carries an internal label: one starting with `_`,
 * or one of `APP_LABELS`. Labels the model does not know are case data (a graph casegraph has
 * never seen is explored as it is). Routes answer for a node that is not case data exactly as
 * for a node that does not exist; `caseDataPredicate` puts the rule into the Cypher so paging,
 * counts and limits already see only case data.
 *
 * An import being written is not case data yet: its new entities carry the internal label
 * `_Staged` and its new facts the property `_staged` until the whole import is in
 * (`server/import/staging.ts`); `caseFactPredicate` is the rule for relationships.
 */
import { fillTemplate, trustedFragment, type CypherFragment } from '../cypher-files.js';

/** Labels the app itself writes that do not start with `_` (kept for old graphs). */
export const APP_LABELS: readonly string[] = Object.freeze(['SavedQuery', 'Workspace']);

/** Every label starting with this is the app's own (`_User`, `_ImportRun`, `_GraphState`...). */
export const INTERNAL_LABEL_PREFIX = '_';

/** True when `label` marks a node as app data rather than case data. */
export function isInternalLabel(label: string): boolean {
  return label.startsWith(INTERNAL_LABEL_PREFIX) || APP_LABELS.includes(label);
}

/** The label an import's new entities carry until the import is published. */
export const STAGED_LABEL = '_Staged';

/** The property an import's new facts carry until the import is published. */
export const STAGED_PROPERTY = '_staged';

/** True when a relationship with these properties is case data (not part of an import being written). */
export function isCaseDataFact(properties: Record<string, unknown>): boolean {
  return properties[STAGED_PROPERTY] === undefined || properties[STAGED_PROPERTY] === null;
}

/** True when a node with these labels is case data (no internal label among them). */
export function isCaseDataLabels(labels: readonly string[]): boolean {
  return !labels.some(isInternalLabel);
}

const VARIABLE_PATTERN = /^[a-z][A-Za-z0-9]*$/;
const LITERAL_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A Cypher string literal of a fixed name of ours (never request data). */
function nameLiteral(text: string): string {
  if (!LITERAL_PATTERN.test(text)) throw new Error(`Not a plain label: ${text}`);
  return `'${text}'`;
}

/**
 * The Cypher predicate "`variable` is case data" (`cypher/graph/case-data.cypher`), the same rule
 * as `isCaseDataLabels`, ready to splice into a template slot.
 */
export function caseDataPredicate(variable: string): CypherFragment {
  if (!VARIABLE_PATTERN.test(variable)) throw new Error(`Not a Cypher variable: ${variable}`);
  const predicate = fillTemplate('graph/case-data', {
    node: trustedFragment(variable),
    prefix: trustedFragment(nameLiteral(INTERNAL_LABEL_PREFIX)),
    appLabels: trustedFragment(`[${APP_LABELS.map(nameLiteral).join(', ')}]`),
  });
  // The file's comment lines would swallow the rest of the line they are spliced into.
  return trustedFragment(
    predicate
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('//'))
      .join(' ')
      .trim(),
  );
}

/**
 * The Cypher predicate "relationship `variable` is case data": not a fact of an import still being
 * written. A property check on the relationship record the statement has already found.
 */
export function caseFactPredicate(variable: string): CypherFragment {
  if (!VARIABLE_PATTERN.test(variable)) throw new Error(`Not a Cypher variable: ${variable}`);
  return trustedFragment(`${variable}.${STAGED_PROPERTY} IS NULL`);
}

/** Template slots `{{caseFactR}}` and so on, as `caseDataSlots` for relationships. */
export function caseFactSlots(...variables: string[]): Record<string, CypherFragment> {
  const slots: Record<string, CypherFragment> = {};
  for (const variable of variables) {
    slots[`caseFact${variable.charAt(0).toUpperCase()}${variable.slice(1)}`] = caseFactPredicate(variable);
  }
  return slots;
}

/**
 * Template slots for statements that keep to case data: `{{caseDataN}}` for variable `n`,
 * `{{caseDataM}}` for `m` and so on (the slot is `caseData` + the variable, first letter upper).
 */
export function caseDataSlots(...variables: string[]): Record<string, CypherFragment> {
  const slots: Record<string, CypherFragment> = {};
  for (const variable of variables) {
    slots[`caseData${variable.charAt(0).toUpperCase()}${variable.slice(1)}`] = caseDataPredicate(variable);
  }
  return slots;
}

const filled = new Map<string, string>();

/**
 * A named statement whose only slots are case-data predicates for `variables`, filled once per
 * process (the rule and the statement never change while it runs).
 */
export function caseDataStatement(name: string, ...variables: string[]): string {
  return caseStatement(name, variables, []);
}

/** As `caseDataStatement`, with case-data slots for node `nodes` and relationship `facts` variables. */
export function caseStatement(name: string, nodes: readonly string[], facts: readonly string[]): string {
  const key = `${name}\u0000${nodes.join(',')}\u0000${facts.join(',')}`;
  let statement = filled.get(key);
  if (statement === undefined) {
    statement = fillTemplate(name, { ...caseDataSlots(...nodes), ...caseFactSlots(...facts) });
    filled.set(key, statement);
  }
  return statement;
}
