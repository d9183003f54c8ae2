/**
 * The read-only gate: the second of four layers between an analyst's Cypher and the database
 * (READ access mode, this gate, Neo4j's own EXPLAIN query type, a timeout and a row cap).
 *
 * It is a small tokenizer, not a set of regexes over raw text: string literals, comments and
 * backticked names are consumed as whole tokens, so `RETURN 'CREATE'`, `// DELETE` and
 * `` n.`SET` `` are harmless while `CREATE` in code is not. It refuses, in keyword position,
 * write clauses, schema and admin commands, `LOAD CSV`, `USE`, `SHOW`, `CALL … IN TRANSACTIONS`,
 * query prefixes (`EXPLAIN`, `PROFILE`, `CYPHER`), more than one statement, and any procedure or
 * namespaced function outside an allowlist. It errs on the side of refusing: a variable that
 * happens to be called `set` must be quoted as `` `set` ``, and the message says so.
 */

import { ALLOWED_FUNCTION_NAMESPACES, ALLOWED_FUNCTIONS, ALLOWED_PROCEDURES } from './allowlist.js';
import { decodeCypherString, unsafeRegexReason } from './regex-check.js';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'parameter' | 'punct';

export interface Token {
  kind: TokenKind;
  /** For words and quoted names the name itself (backticks removed); else the source text. */
  text: string;
  offset: number;
  line: number;
  column: number;
}

/** Where in the query a problem is (1-based line and column). */
export interface SourcePosition {
  line: number;
  column: number;
}

/** The text cannot be cut into Cypher tokens (an unclosed string, comment or quoted name). */
export class CypherLexError extends Error {
  constructor(
    message: string,
    readonly position: SourcePosition,
  ) {
    super(message);
    this.name = 'CypherLexError';
  }
}

const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{N}_]/u;
const DIGIT = /[0-9]/;

/**
 * Splits Cypher into tokens, dropping whitespace and comments. Throws `CypherLexError` on an
 * unterminated string, comment or quoted name, and on a backslash outside a string (Cypher has
 * no use for one there, and refusing it leaves no room for escape tricks).
 */
/** Where a `//` comment ends: LF, CR (alone or before LF), LINE and PARAGRAPH SEPARATOR. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/g;

export function tokenizeCypher(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const position = (offset: number): SourcePosition => {
    // Recomputed from the last line start: `line` is kept current as newlines are consumed.
    return { line, column: offset - lineStart + 1 };
  };
  const advanceTo = (end: number) => {
    for (let j = i; j < end; j++) {
      if (source[j] === '\n') {
        line++;
        lineStart = j + 1;
      }
    }
    i = end;
  };
  const push = (kind: TokenKind, text: string, start: number, startPos: SourcePosition) =>
    tokens.push({ kind, text, offset: start, line: startPos.line, column: startPos.column });

  while (i < source.length) {
    const ch = source[i]!;
    const next = source[i + 1];
    const start = i;
    const startPos = position(i);

    if (/\s/u.test(ch)) {
      advanceTo(i + 1);
      continue;
    }
    if (ch === '/' && next === '/') {
      // Neo4j ends a line comment at any line terminator, not only \n: what follows a bare \r
      // is code to it, so it must be code to the gate too. Ending early is the safe side: text
      // Neo4j would still read as comment can only make the gate refuse more.
      LINE_TERMINATOR.lastIndex = i + 2;
      const end = LINE_TERMINATOR.exec(source)?.index ?? source.length;
      advanceTo(end);
      continue;
    }
    if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end === -1) throw new CypherLexError('A /* comment is never closed', startPos);
      advanceTo(end + 2);
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== ch) j += source[j] === '\\' ? 2 : 1;
      if (j >= source.length) throw new CypherLexError('A string is never closed', startPos);
      advanceTo(j + 1);
      push('string', source.slice(start, j + 1), start, startPos);
      continue;
    }
    if (ch === '`') {
      let j = i + 1;
      let name = '';
      for (;;) {
        if (j >= source.length) throw new CypherLexError('A `quoted name` is never closed', startPos);
        if (source[j] === '`') {
          if (source[j + 1] === '`') {
            name += '`';
            j += 2;
            continue;
          }
          break;
        }
        name += source[j];
        j++;
      }
      advanceTo(j + 1);
      push('quoted', name, start, startPos);
      continue;
    }
    if (ch === '$') {
      let j = i + 1;
      let name: string;
      if (source[j] === '`') {
        const end = source.indexOf('`', j + 1);
        if (end === -1) throw new CypherLexError('A `quoted name` is never closed', startPos);
        name = source.slice(j + 1, end);
        j = end + 1;
      } else {
        while (j < source.length && WORD_PART.test(source[j]!)) j++;
        name = source.slice(i + 1, j);
      }
      advanceTo(j);
      push('parameter', name, start, startPos);
      continue;
    }
    if (DIGIT.test(ch)) {
      let j = i + 1;
      while (j < source.length && WORD_PART.test(source[j]!)) j++;
      // A decimal point belongs to the number only when a digit follows (`1..3` is a range).
      if (source[j] === '.' && DIGIT.test(source[j + 1] ?? '')) {
        j++;
        while (j < source.length && WORD_PART.test(source[j]!)) j++;
      }
      advanceTo(j);
      push('number', source.slice(start, j), start, startPos);
      continue;
    }
    if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < source.length && WORD_PART.test(source[j]!)) j++;
      advanceTo(j);
      push('word', source.slice(start, j), start, startPos);
      continue;
    }
    if (ch === '\\') throw new CypherLexError('A backslash is only allowed inside a string', startPos);
    advanceTo(i + 1);
    push('punct', ch, start, startPos);
  }
  return tokens;
}

/** Words that change data, schema, users or databases, or reach outside the graph. */
const REFUSED_WORDS: ReadonlyMap<string, string> = new Map([
  ['CREATE', 'CREATE writes data or schema'],
  ['MERGE', 'MERGE writes data'],
  ['DELETE', 'DELETE writes data'],
  ['DETACH', 'DETACH DELETE writes data'],
  ['NODETACH', 'NODETACH DELETE writes data'],
  ['SET', 'SET writes data'],
  ['REMOVE', 'REMOVE writes data'],
  ['FOREACH', 'FOREACH exists to write data'],
  ['INSERT', 'INSERT writes data'],
  ['DROP', 'DROP changes the schema or databases'],
  ['ALTER', 'ALTER is an administration command'],
  ['RENAME', 'RENAME is an administration command'],
  ['GRANT', 'GRANT is an administration command'],
  ['DENY', 'DENY is an administration command'],
  ['REVOKE', 'REVOKE is an administration command'],
  ['START', 'START is an administration command'],
  ['STOP', 'STOP is an administration command'],
  ['ENABLE', 'ENABLE is an administration command'],
  ['DEALLOCATE', 'DEALLOCATE is an administration command'],
  ['REALLOCATE', 'REALLOCATE is an administration command'],
  ['TERMINATE', 'TERMINATE is an administration command'],
  ['SHOW', 'SHOW commands are not available in the console'],
  ['LOAD', 'LOAD CSV reads from outside the graph'],
  ['USE', 'USE switches databases'],
  ['TRANSACTIONS', 'CALL … IN TRANSACTIONS is not allowed'],
  ['PERIODIC', 'USING PERIODIC COMMIT is not allowed'],
  ['EXPLAIN', 'EXPLAIN and PROFILE are added by the console itself'],
  ['PROFILE', 'EXPLAIN and PROFILE are added by the console itself'],
  ['CYPHER', 'Query options (CYPHER …) are not allowed'],
]);

/** Refused words that are commands only as the first word of a statement. */
const STATEMENT_START_ONLY: ReadonlySet<string> = new Set(['START', 'STOP']);

export { ALLOWED_FUNCTION_NAMESPACES, ALLOWED_PROCEDURES } from './allowlist.js';

export type GateResult =
  { ok: true; parameters: string[] } | { ok: false; reason: string; position: SourcePosition };

const isPunct = (token: Token | undefined, text: string) => token?.kind === 'punct' && token.text === text;
const isName = (token: Token | undefined) => token?.kind === 'word' || token?.kind === 'quoted';

/**
 * Decides whether a query may run in the read-only console. Never throws: a lexing problem comes
 * back as a refusal with its position. On success, lists the `$parameters` the query uses.
 */
export function checkReadOnlyCypher(source: string): GateResult {
  let tokens: Token[];
  try {
    tokens = tokenizeCypher(source);
  } catch (error) {
    if (error instanceof CypherLexError)
      return { ok: false, reason: error.message, position: error.position };
    throw error;
  }
  const refuse = (token: Token, reason: string): GateResult => ({
    ok: false,
    reason,
    position: { line: token.line, column: token.column },
  });
  if (tokens.length === 0)
    return { ok: false, reason: 'The query is empty', position: { line: 1, column: 1 } };

  const parameters = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const previous = tokens[i - 1];
    const following = tokens[i + 1];

    if (token.kind === 'parameter') {
      parameters.add(token.text);
      continue;
    }
    if (isPunct(token, ';')) {
      if (i !== tokens.length - 1) return refuse(token, 'Only one statement can run at a time');
      continue;
    }
    if (isPunct(token, '~')) {
      const reason = regexReason(tokens, i);
      if (reason) return refuse(token, reason);
      continue;
    }
    if (!isName(token)) continue;

    // A qualified name `a.b.c`: a procedure after CALL, a function when `(` follows.
    const startsQualified = !isPunct(previous, '.') && isPunct(following, '.') && isName(tokens[i + 2]);
    const afterCall = previous?.kind === 'word' && previous.text.toUpperCase() === 'CALL';
    if (afterCall) {
      // `CALL {` and `CALL (x) {` are subqueries: their bodies are checked like the rest.
      let end = i;
      const parts = [token.text];
      while (isPunct(tokens[end + 1], '.') && isName(tokens[end + 2])) {
        parts.push(tokens[end + 2]!.text);
        end += 2;
      }
      const name = parts.join('.');
      if (!ALLOWED_PROCEDURES.has(name)) {
        return refuse(token, `The procedure ${name} is not available in the console`);
      }
      i = end;
      continue;
    }
    if (startsQualified) {
      let end = i;
      const parts = [token.text];
      while (isPunct(tokens[end + 1], '.') && isName(tokens[end + 2])) {
        parts.push(tokens[end + 2]!.text);
        end += 2;
      }
      if (isPunct(tokens[end + 1], '(')) {
        const name = parts.join('.').toLowerCase();
        const namespace = parts.slice(0, -1).join('.').toLowerCase();
        if (!ALLOWED_FUNCTIONS.has(name) && !ALLOWED_FUNCTION_NAMESPACES.includes(namespace)) {
          return refuse(token, `The function ${parts.join('.')} is not available in the console`);
        }
        i = end;
        continue;
      }
      // Property access (`n.name`): the first part is a variable; the rest are keys, not keywords.
      i = end;
      continue;
    }

    if (token.kind === 'quoted') {
      // `` `apoc.coll.sum`(x) ``: one quoted name holding a whole qualified function name.
      if (isPunct(following, '(') && !isPunct(previous, '.') && token.text.includes('.')) {
        const name = token.text.toLowerCase();
        const namespace = name.slice(0, name.lastIndexOf('.'));
        if (!ALLOWED_FUNCTIONS.has(name) && !ALLOWED_FUNCTION_NAMESPACES.includes(namespace)) {
          return refuse(token, `The function ${token.text} is not available in the console`);
        }
      }
      continue;
    }
    const upper = token.text.toUpperCase();
    const reason = REFUSED_WORDS.get(upper);
    if (!reason) continue;
    // START and STOP only begin admin commands (`START DATABASE x`); elsewhere they are the
    // common variable names of path queries (`MATCH (start)-[*]-(stop)`).
    if (STATEMENT_START_ONLY.has(upper) && i > 0) continue;
    // Not a keyword: a label or type (`:Set`), a property key (`n.set`) or a map key (`{set: 1}`).
    if (isPunct(previous, ':') || isPunct(previous, '.') || isPunct(following, ':')) continue;
    return refuse(
      token,
      `${reason}; the console is read-only (if ${token.text} is a name, quote it as \`${token.text}\`)`,
    );
  }
  return { ok: true, parameters: [...parameters] };
}

/**
 * Tokens that may follow the pattern of `=~` without making it part of a larger expression
 * (`'a' + $x`, `'a'[0]`, `'a' || $x` would be computed, so not known before the query runs).
 */
const ENDS_PATTERN: ReadonlySet<string> = new Set([')', ']', '}', ',', ';', '=', '<', '>', '!']);

/** Why the `=~` at `tokens[index]` (its `~`) may not run, or undefined: see regex-check.ts. */
function regexReason(tokens: readonly Token[], index: number): string | undefined {
  if (!isPunct(tokens[index - 1], '=')) return 'A ~ is only allowed in =~';
  const pattern = tokens[index + 1];
  const after = tokens[index + 2];
  const literal =
    pattern?.kind === 'string' &&
    (after === undefined || after.kind === 'word' || ENDS_PATTERN.has(after.text));
  if (!literal) {
    return 'The right-hand side of =~ must be a string literal (patterns from parameters or expressions are not allowed)';
  }
  return unsafeRegexReason(decodeCypherString(pattern.text));
}
