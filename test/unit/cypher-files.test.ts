import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CYPHER_DIR,
  cypher,
  fillTemplate,
  integerLiteral,
  loadCypher,
  quoteName,
  trustedFragment,
} from '../../server/cypher-files.js';

const SERVER_DIRS = ['graph', 'search', 'queries', 'cypher-console', 'mapping'].map((dir) =>
  path.resolve(CYPHER_DIR, '../server', dir),
);

describe('named Cypher (cypher/<feature>/<name>.cypher)', () => {
  it('when loaded, then statements are named by folder and file, without the library or case data', () => {
    const names = Object.keys(loadCypher());
    expect(names).toEqual(
      expect.arrayContaining(['graph/node-by-id', 'search/fulltext', 'saved-queries/create']),
    );
    expect(names.some((name) => name.startsWith('queries/') || name.startsWith('cases/'))).toBe(false);
  });

  it('when the server code names a statement, then that statement exists', () => {
    const used = new Set<string>();
    for (const dir of SERVER_DIRS) {
      for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
        const text = fs.readFileSync(path.join(dir, file), 'utf8');
        for (const match of text.matchAll(/(?:cypher|namedCypher|fillTemplate)\('([a-z-]+\/[a-z-]+)'/g)) {
          used.add(match[1]!);
        }
      }
    }
    expect(used.size).toBeGreaterThan(10);
    for (const name of used) expect(() => cypher(name), name).not.toThrow();
  });

  it('when a template is filled, then every slot needs a fragment and every fragment a slot', () => {
    const filled = fillTemplate('graph/neighbour-labels', { relationship: trustedFragment('-[r:`X`]->') });
    expect(filled).toContain('MATCH (n)-[r:`X`]->(m)');
    expect(() => fillTemplate('graph/neighbour-labels', {})).toThrow(/needs slot/);
    expect(() =>
      fillTemplate('graph/neighbour-labels', {
        relationship: trustedFragment(''),
        extra: trustedFragment(''),
      }),
    ).toThrow(/has no slot/);
  });

  it('when a name is quoted, then backticks inside it cannot end the identifier', () => {
    expect(quoteName('SUPPLIED')).toBe('`SUPPLIED`');
    expect(quoteName('a`) DETACH DELETE n //')).toBe('`a``) DETACH DELETE n //`');
    expect(() => quoteName('')).toThrow();
  });

  it('when an integer literal is out of bounds or not whole, then it is refused', () => {
    expect(integerLiteral(6, 1, 10)).toBe('6');
    expect(() => integerLiteral(11, 1, 10)).toThrow();
    expect(() => integerLiteral(1.5, 1, 10)).toThrow();
  });
});
