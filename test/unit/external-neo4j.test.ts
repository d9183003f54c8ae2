/**
 * Unit tests for the choice of an external test database (test/support/external-neo4j.ts): only
 * the test-only variables name it, and a database holding data no test run created is refused.
 */
import { describe, expect, it } from 'vitest';
import { decideClaim, externalTestNeo4j, TEST_MARKER_LABEL } from '../support/external-neo4j.js';

describe('externalTestNeo4j', () => {
  it('when only the shell NEO4J_* variables are set, then there is no external test database', () => {
    const env = { NEO4J_URI: 'bolt://db:7687', NEO4J_PASSWORD: 'secret-pw', NEO4J_DATABASE: 'cases' };
    expect(externalTestNeo4j(env)).toBeUndefined();
    expect(externalTestNeo4j({ TEST_NEO4J_URI: '  ' })).toBeUndefined();
  });

  it('when TEST_NEO4J_URI is set, then it and its TEST_ companions are used, with defaults', () => {
    expect(
      externalTestNeo4j({ TEST_NEO4J_URI: 'bolt://t:7687', TEST_NEO4J_PASSWORD: 'pw', NEO4J_USER: 'app' }),
    ).toEqual({ uri: 'bolt://t:7687', user: 'neo4j', password: 'pw', database: 'neo4j' });
    expect(
      externalTestNeo4j({
        TEST_NEO4J_URI: 'neo4j://t',
        TEST_NEO4J_USER: 'tester',
        TEST_NEO4J_PASSWORD: 'pw',
        TEST_NEO4J_DATABASE: 'scratch',
      }),
    ).toEqual({ uri: 'neo4j://t', user: 'tester', password: 'pw', database: 'scratch' });
  });

  it('when TEST_NEO4J_URI is set without a password, then it says which variable is missing', () => {
    expect(() => externalTestNeo4j({ TEST_NEO4J_URI: 'bolt://t:7687', NEO4J_PASSWORD: 'x' })).toThrow(
      /TEST_NEO4J_PASSWORD is required/,
    );
  });
});

describe('decideClaim', () => {
  const where = 'database "neo4j" at bolt://t:7687';

  it('when the database is empty, then the tests mark it and use it', () => {
    expect(decideClaim({ nodes: 0, marked: false }, where)).toEqual({ action: 'mark' });
  });

  it('when an earlier test run marked it, then the tests use it, whatever else it holds', () => {
    expect(decideClaim({ nodes: 1, marked: true }, where)).toEqual({ action: 'use' });
    expect(decideClaim({ nodes: 250_000, marked: true }, where)).toEqual({ action: 'use' });
  });

  it('when it holds nodes and no marker, then the tests refuse, saying where, why and what to do', () => {
    const decision = decideClaim({ nodes: 42, marked: false }, where);
    expect(decision.action).toBe('refuse');
    if (decision.action !== 'refuse') return;
    expect(decision.reason).toContain(where);
    expect(decision.reason).toContain('42 node(s)');
    expect(decision.reason).toContain(TEST_MARKER_LABEL);
    expect(decision.reason).toMatch(/unset TEST_NEO4J_URI/);
  });
});
