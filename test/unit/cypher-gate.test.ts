import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReadOnlyCypher, tokenizeCypher } from '../../server/user-cypher/gate.js';
import { REFUSED_CYPHER as REFUSED_QUERIES } from '../support/api-fixture.js';

/** Reads the console must let through. */
const ALLOWED_QUERIES = [
  'MATCH (n) RETURN n LIMIT 10',
  "MATCH (n) WHERE n.name = 'CREATE (m)' RETURN n",
  'MATCH (n) WHERE n.note = "DELETE everything; DROP it" RETURN n',
  'MATCH (n) // CREATE (x) in a comment\nRETURN n',
  'MATCH (n) /* SET n.x = 1 */ RETURN n',
  'MATCH (n) RETURN n.`set` AS s, n.delete AS d, n.create',
  'MATCH (n:`CREATE`) RETURN n',
  'MATCH (n)-[r:SET]->(m) RETURN r',
  'RETURN {create: 1, delete: 2} AS m',
  'MATCH (n) RETURN n{.name, .set}',
  'CALL db.labels() YIELD label RETURN label',
  'CALL db.relationshipTypes()',
  'CALL db.schema.visualization()',
  'CALL db.index.fulltext.queryNodes("entity_search", "phantom") YIELD node, score RETURN node, score',
  'CALL dbms.components() YIELD name, versions RETURN name, versions',
  'CALL `db`.`labels`()',
  'MATCH (n) CALL (n) { MATCH (n)--(m) RETURN count(m) AS c } RETURN n, c',
  'MATCH (n) CALL { WITH n RETURN n.name AS name } RETURN name',
  'RETURN date("2018-03-07") AS d, datetime.fromepochmillis(0) AS t, duration.between(date(), date()) AS x',
  'RETURN point.distance(point({x: 0, y: 0}), point({x: 1, y: 1})) AS d',
  'RETURN db.nameFromElementId("4:x:1") AS name',
  'MATCH p = SHORTEST 1 (a)-[*1..6]-(b) WHERE a.id = $from AND b.id = $to RETURN p',
  'MATCH (n) WHERE n.validFrom STARTS WITH "2018" RETURN n',
  'RETURN \'it\\\'s\' AS quote, "say \\"hi\\"" AS q2',
  'RETURN `a``b` AS weird',
  'MATCH (n) RETURN n;',
  'UNWIND range(1, 10) AS i RETURN i',
  'MATCH (n) RETURN count { (n)--() } AS degree, exists { (n)-->() } AS out',
  'MATCH p = (start:Person)-[*1..3]-(stop) RETURN start, stop, p',
];

describe('tokenizeCypher', () => {
  it('when a query has strings, comments and quoted names, then each is one token and comments vanish', () => {
    const tokens = tokenizeCypher("MATCH (n:`My Label`) // note\nWHERE n.x = 'a // b' RETURN $p");
    expect(tokens.map((t) => [t.kind, t.text])).toEqual([
      ['word', 'MATCH'],
      ['punct', '('],
      ['word', 'n'],
      ['punct', ':'],
      ['quoted', 'My Label'],
      ['punct', ')'],
      ['word', 'WHERE'],
      ['word', 'n'],
      ['punct', '.'],
      ['word', 'x'],
      ['punct', '='],
      ['string', "'a // b'"],
      ['word', 'RETURN'],
      ['parameter', 'p'],
    ]);
  });

  it('when tokens are on later lines, then they carry 1-based line and column', () => {
    const tokens = tokenizeCypher('MATCH (n)\n  RETURN n');
    expect(tokens.find((t) => t.text === 'RETURN')).toMatchObject({ line: 2, column: 3 });
  });

  it('when a backtick is doubled inside a quoted name, then it is part of the name', () => {
    expect(tokenizeCypher('RETURN `a``b`')[1]).toMatchObject({ kind: 'quoted', text: 'a`b' });
  });

  it('when a range follows a number, then the dots are not eaten by the number', () => {
    const texts = tokenizeCypher('[*1..3]').map((t) => t.text);
    expect(texts).toEqual(['[', '*', '1', '.', '.', '3', ']']);
  });
});

describe('checkReadOnlyCypher', () => {
  it.each(REFUSED_QUERIES)('when the query is %j, then it is refused', (query) => {
    const result = checkReadOnlyCypher(query);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason.length).toBeGreaterThan(0);
      expect(result.position.line).toBeGreaterThanOrEqual(1);
    }
  });

  it.each(ALLOWED_QUERIES)('when the query is %j, then it passes', (query) => {
    expect(checkReadOnlyCypher(query)).toMatchObject({ ok: true });
  });

  it('when there are at least 30 refused forms, then the list covers the issue', () => {
    expect(REFUSED_QUERIES.length).toBeGreaterThanOrEqual(30);
  });

  it('when a query uses parameters, then they are listed once each', () => {
    expect(checkReadOnlyCypher('MATCH (n) WHERE n.id = $id OR n.name = $name OR n.x = $id RETURN n')).toEqual(
      {
        ok: true,
        parameters: ['id', 'name'],
      },
    );
  });

  it('when a write clause hides on a later line, then the refusal points at it', () => {
    const result = checkReadOnlyCypher('MATCH (n)\nWITH n\n  DETACH DELETE n');
    expect(result).toMatchObject({ ok: false, position: { line: 3, column: 3 } });
  });

  it('when any text is given, then the gate answers and never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = checkReadOnlyCypher(text);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2_000 },
    );
  });

  it('when a write keyword only appears inside a string literal or comment, then it does not matter', () => {
    const keyword = fc.constantFrom('CREATE', 'DELETE', 'SET', 'MERGE', 'LOAD CSV', 'DROP', 'CALL apoc.x()');
    fc.assert(
      fc.property(keyword, fc.string({ maxLength: 30 }), (word, noise) => {
        const safe = noise.replace(/["\\\n]/g, ' ').replace(/\*\//g, ' ');
        expect(checkReadOnlyCypher(`RETURN "${safe} ${word}" AS x`)).toMatchObject({ ok: true });
        expect(checkReadOnlyCypher(`RETURN 1 /* ${safe} ${word} */`)).toMatchObject({ ok: true });
      }),
    );
  });
});

describe('where a // comment ends (issue 14)', () => {
  // Neo4j ends a line comment at any line terminator, not only at \n: text after \r is code to it.
  const terminators = {
    CR: '\r',
    CRLF: '\r\n',
    LF: '\n',
    'LINE SEPARATOR': '\u2028',
    'PARAGRAPH SEPARATOR': '\u2029',
  };

  it.each(Object.entries(terminators))(
    'when a procedure hides after a comment ended by %s, then the gate sees it and refuses it',
    (_name, terminator) => {
      const query = `WITH 1 AS one // c${terminator}CALL db.stats.retrieve('QUERIES') YIELD data RETURN data`;
      expect(checkReadOnlyCypher(query).ok).toBe(false);
      expect(tokenizeCypher(query).map((t) => t.text)).toContain('CALL');
    },
  );

  it('when a write hides after a comment ended by \\r, then it is refused', () => {
    expect(checkReadOnlyCypher('MATCH (n) // x\rDETACH DELETE n').ok).toBe(false);
  });
});
