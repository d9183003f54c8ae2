/**
 * Issue 14: `=~` in user Cypher. Java's backtracking regex is not interrupted by the transaction
 * timeout, so the gate lets a pattern through only as a string literal that recheck finds at most
 * linear, without backreferences, lookaround or other constructs recheck cannot model.
 */
import { describe, expect, it } from 'vitest';
import { checkReadOnlyCypher } from '../../server/user-cypher/gate.js';
import { decodeCypherString, unsafeRegexReason } from '../../server/user-cypher/regex-check.js';

const refusal = (cypher: string) => {
  const result = checkReadOnlyCypher(cypher);
  return result.ok ? undefined : result.reason;
};

describe('checkReadOnlyCypher on =~', () => {
  it('when the issue 14 pattern is sent, then it is refused at once, before it could run', () => {
    const started = performance.now();
    expect(refusal("RETURN $s =~ '^((a|a)*)\\1b$'")).toMatch(/Backreferences/);
    expect(refusal("RETURN $s =~ '^((a|a)*)b$'")).toMatch(/exponential/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('when a pattern is exponential, polynomial (even quadratic), or uses unmodelled constructs, then refused', () => {
    for (const [cypher, reason] of [
      ["MATCH (n) WHERE n.name =~ '(a+)+$' RETURN n", /exponential/],
      ["MATCH (n) WHERE n.name =~ '(\\\\w+\\\\s?)+' RETURN n", /exponential/],
      ["MATCH (n) WHERE n.name =~ '.*a.*b.*c.*' RETURN n", /polynomial/],
      // Quadratic: `.` stops at a line break, so each "phantom" before one restarts a scan. On a
      // string a query builds (a million characters) that is 10^12 steps nothing interrupts.
      ["MATCH (n) WHERE n.name =~ '(?i).*phantom.*' RETURN n", /quadratic.*\(\?s\)/],
      ["MATCH (n) WHERE n.name =~ '(?=a).*' RETURN n", /Lookaround/],
      ["MATCH (n) WHERE n.name =~ 'a(?<!b)c' RETURN n", /Lookaround/],
      ["MATCH (n) WHERE n.name =~ '(?<x>a)\\\\k<x>' RETURN n", /Lookaround|Backreferences/],
      ["MATCH (n) WHERE n.name =~ 'a(?i)b' RETURN n", /embedded flags/],
      ["MATCH (n) WHERE n.name =~ '(?x)a' RETURN n", /embedded flags/],
      ["MATCH (n) WHERE n.name =~ '[a-z&&[^b]]+' RETURN n", /character classes/],
      ["MATCH (n) WHERE n.name =~ '\\\\Q(a+)+\\\\E' RETURN n", /quoting/],
      ["MATCH (n) WHERE n.name =~ '(a)\\u005c1' RETURN n", /Backreferences/],
      ['MATCH (n) WHERE n.name =~ $pattern RETURN n', /string literal/],
      ["MATCH (n) WHERE n.name =~ '(a|' + $rest RETURN n", /string literal/],
      ["MATCH (n) WHERE n.name =~ 'a' || $rest RETURN n", /string literal/],
      ['MATCH (n) WHERE n.name =~ n.pattern RETURN n', /string literal/],
      ["RETURN ~ 'a'", /only allowed in =~/],
    ] as const) {
      expect(refusal(cypher), cypher).toMatch(reason);
    }
  });

  it('when ordinary investigator patterns are used, then they pass', () => {
    for (const cypher of [
      "MATCH (n) WHERE n.name =~ '(?is).*phantom.*' RETURN n",
      "MATCH (n) WHERE n.name =~ '(?i)phantom secure.*' AND n.id STARTS WITH 'fx:' RETURN n",
      "MATCH (n) WHERE n.name =~ '(?is).*(secure|phantom).*' RETURN n",
      "MATCH (n) WHERE n.phone =~ '\\\\+?[0-9 ()-]{6,20}' RETURN n",
      "MATCH (n) WHERE n.validFrom =~ '\\\\d{4}-\\\\d{2}(-\\\\d{2})?' RETURN n",
      "MATCH (n) WHERE n.email =~ '[^@]+@[^@]+' RETURN n",
      "MATCH (n) WHERE n.name =~ '[A-Z][a-z]+ [A-Z][a-z]+' RETURN n",
      "MATCH (n) WHERE (n.name =~ 'V.*') RETURN n",
      "RETURN [x IN ['a', 'b'] WHERE x =~ '[ab]'] AS xs",
    ]) {
      expect(refusal(cypher), cypher).toBeUndefined();
    }
  });

  it('when a literal is decoded, then escapes read as Neo4j reads them (unknown ones kept)', () => {
    expect(decodeCypherString("'\\\\d\\n\\u0041'")).toBe('\\d\nA');
    expect(decodeCypherString("'\\1'")).toBe('\\1');
    expect(unsafeRegexReason('x'.repeat(600))).toMatch(/longer/);
  });
});
