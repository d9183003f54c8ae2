/**
 * Regular expressions in user Cypher (`x =~ 'pattern'`). Neo4j matches them with Java's
 * backtracking engine, and the transaction timeout does not interrupt a match in progress: issue
 * 14's `'^((a|a)*)\1b$'` ran 72 s past a 1 s timeout on a 29-character string. So a pattern must
 * be a string literal (its text known before the query runs) that `recheck` finds linear, and that
 * uses only constructs whose backtracking recheck can model; anything else is refused with the
 * reason.
 *
 * Why linear and not "polynomial on bounded strings": the strings a pattern meets are not
 * bounded. A query builds them (`reduce(s = '', i IN range(1, 1000000) | s + 'phantom')`), and a
 * team's graph holds documents; a quadratic pattern on a million characters is 10^12 steps that
 * nothing interrupts. Most quadratic patterns an investigator writes are `.*word.*`, quadratic
 * only because `.` stops at a line break; `(?s).*word.*` is linear, and the refusal says so.
 */
import { checkSync } from 'recheck';

/** Longest pattern checked; real investigator patterns are a few dozen characters. */
export const MAX_PATTERN_LENGTH = 500;

/** Java flags a pattern may open with, as the JavaScript flags recheck understands. */
const LEADING_FLAGS = /^\(\?([imsu]+)\)/;
const JS_FLAG: Readonly<Record<string, string>> = { i: 'i', m: 'm', s: 's', u: '' };

const verdicts = new Map<string, string | undefined>();
const MAX_VERDICTS = 1_000;

/** The text of a Cypher string literal (quotes included): escapes decoded as Neo4j does. */
export function decodeCypherString(literal: string): string {
  const body = literal.slice(1, -1);
  const simple: Record<string, string> = {
    t: '\t',
    b: '\b',
    n: '\n',
    r: '\r',
    f: '\f',
    "'": "'",
    '"': '"',
    '\\': '\\',
  };
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/gsu, (whole, escape: string) => {
    if (escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    // Neo4j keeps an unknown escape as it is (`'\1'` is two characters); so does the check.
    return simple[escape] ?? whole;
  });
}

/**
 * Why a Java regular expression may not run, or undefined when it may. Refuses backreferences,
 * lookaround and other `(?…)` groups, embedded flags other than a leading `(?i)`, `(?s)`,
 * `(?m)`, `(?u)`, nested or intersected character classes, `\Q…\E` and `\p{…}` (Java meanings
 * recheck would misread), and whatever recheck finds exponential or worse than quadratic.
 */
export function unsafeRegexReason(pattern: string): string | undefined {
  if (verdicts.has(pattern)) return verdicts.get(pattern);
  const reason = judge(pattern);
  verdicts.set(pattern, reason);
  if (verdicts.size > MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
  return reason;
}

const DEGREE_WORDS: Readonly<Record<number, string>> = { 2: 'quadratic', 3: 'cubic' };

function judge(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `The regular expression is longer than ${MAX_PATTERN_LENGTH} characters`;
  }
  let body = pattern;
  let flags = '';
  for (let match = LEADING_FLAGS.exec(body); match; match = LEADING_FLAGS.exec(body)) {
    for (const flag of match[1]!) flags += JS_FLAG[flag] ?? '';
    body = body.slice(match[0].length);
  }
  flags = [...new Set(flags)].join('');

  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    const next = body[i + 1] ?? '';
    if (ch === '\\') {
      if (/[1-9]/.test(next) || next === 'k') return 'Backreferences are not allowed in a regular expression';
      if (next === 'Q' || next === 'E') return '\\Q…\\E quoting is not allowed in a regular expression';
      if (next === 'p' || next === 'P') return '\\p{…} classes are not allowed in a regular expression';
      i++;
      continue;
    }
    if (inClass) {
      if (ch === '[' || (ch === '&' && next === '&')) {
        return 'Nested or intersected character classes are not allowed in a regular expression';
      }
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      // A `]` or `^]` right after `[` is a literal, not the end of the class.
      if (body[i + 1] === '^') i++;
      if (body[i + 1] === ']') i++;
      continue;
    }
    if (ch === '(' && next === '?' && body[i + 2] !== ':') {
      return 'Lookaround, named groups and embedded flags (other than a leading (?i), (?s), (?m)) are not allowed in a regular expression';
    }
  }

  // Cypher's =~ matches the whole string, as Java's matches() does: anchor it for recheck.
  let result;
  try {
    result = checkSync(`^(?:${body})$`, flags, { timeout: 2_000 });
  } catch {
    return 'The regular expression could not be checked';
  }
  if (result.status === 'safe') return undefined;
  if (result.status === 'vulnerable' && result.complexity.type === 'polynomial') {
    return (
      `The regular expression can take ${DEGREE_WORDS[result.complexity.degree] ?? 'polynomial'} time to match on a long string; ` +
      "simplify it, or use CONTAINS or STARTS WITH; a leading (?s) makes '.*word.*' linear"
    );
  }
  if (result.status === 'vulnerable') {
    return 'The regular expression can take exponential time to match (nested or overlapping repetition); simplify it';
  }
  return 'The regular expression could not be shown to be safe to run; simplify it';
}
