/**
 * Which property keys hold a name: the rule search uses on labels no model knows.
 *
 * A graph casegraph has never seen names its things in its own words (`name`, `title`,
 * `full_name`, `companyName`, `nickname`, `label`, `caption`, `aliases`...). The rule is kept
 * deliberately plain: a key is name-like when, read as words, its last word is one of
 * `NAME_WORDS`, or it is an alias key. It is shared by the search scan (in Cypher, as a regular
 * expression) and by `npm run index` and `npm run model -- infer` (here, in TypeScript), so the
 * three agree on what "name-like" means.
 */

/** Last words that make a key name-like. */
const NAME_WORDS = ['name', 'title', 'label', 'caption', 'alias', 'aliases', 'aka'] as const;

/**
 * The rule as a Java regular expression over the key in lower case, for Cypher's `=~`
 * (`toLower(key) =~ $nameKeyPattern`). Matches `name`, `full_name`, `companyname`, `title`,
 * `aliastext`, but not `username_hash` or `namespace`.
 */
export const NAME_KEY_PATTERN = `.*(?:${NAME_WORDS.join('|')})|aliastext`;

const nameKeyRegex = new RegExp(`^(?:${NAME_KEY_PATTERN})$`);

/** True when a property key holds a name or an alias. */
export function isNameLikeKey(key: string): boolean {
  return nameKeyRegex.test(key.toLowerCase());
}

/**
 * How good a key is as the text shown on a node, lower is better: `name` first, then other
 * name-like keys, alias keys, then anything else. Used to guess a label's display property.
 */
export function displayKeyRank(key: string): number {
  const lower = key.toLowerCase();
  if (lower === 'name') return 0;
  if (lower === 'title') return 1;
  if (/(^|[^a-z])name$|name$/.test(lower) && !/alias|aka/.test(lower)) return 2;
  if (isNameLikeKey(key) && !/alias|aka/.test(lower)) return 3;
  if (isNameLikeKey(key)) return 4;
  return 10;
}
