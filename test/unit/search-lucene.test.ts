import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLuceneQuery, MAX_TERMS, searchTerms } from '../../server/search/lucene.js';

/** Everything the built query may contain: words, and the syntax we put there ourselves. */
const BUILT_QUERY = /^[\p{L}\p{N}]+|[\s()^*~"]|OR|[0-9]$/u;
const LUCENE_SPECIALS = ['+', '-', '&&', '||', '!', '{', '}', '[', ']', ':', '\\', '/', '?'];

describe('buildLuceneQuery', () => {
  it('when one word is given, then it matches exactly (boosted), as a prefix and with one typo', () => {
    expect(buildLuceneQuery('Phantom')).toBe('(phantom^3 OR phantom* OR phantom~1)');
  });

  it('when several words are given, then each gets its clauses and the phrase scores a bonus', () => {
    expect(buildLuceneQuery('Vincent  Ramos')).toBe(
      '"vincent ramos"^4 OR (vincent^3 OR vincent* OR vincent~1) OR (ramos^3 OR ramos* OR ramos~1)',
    );
  });

  it('when a word is short, then it gets no fuzzy clause', () => {
    expect(buildLuceneQuery('PS')).toBe('(ps^3 OR ps*)');
  });

  it("when the text is nothing but Lucene's special characters and operators, then they are plain words or nothing", () => {
    expect(buildLuceneQuery('+ - && || ! ( ) { } [ ] ^ " ~ * ? : \\ /')).toBeNull();
    expect(buildLuceneQuery('AND OR NOT')).toBe(
      '"and or not"^4 OR (and^3 OR and*) OR (or^3 OR or*) OR (not^3 OR not*)',
    );
    expect(buildLuceneQuery('name:"x" OR title:(y*)')).toBe(
      '"name x or title y"^4 OR (name^3 OR name* OR name~1) OR (x^3 OR x*) OR (or^3 OR or*) OR (title^3 OR title* OR title~1) OR (y^3 OR y*)',
    );
  });

  it('when text is long, then only the first words count', () => {
    expect(searchTerms('a b c d e f g h i j k l')).toHaveLength(MAX_TERMS);
    expect(searchTerms('a a a b')).toEqual(['a', 'b']);
  });

  it('when any text is given, then the query holds no character of Lucene syntax that we did not put there', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const query = buildLuceneQuery(text);
        if (query === null) return;
        for (const special of LUCENE_SPECIALS) expect(query).not.toContain(special);
        // Quotes only as one phrase pair, at the start.
        expect((query.match(/"/g) ?? []).length).toBeLessThanOrEqual(2);
        for (const token of query.split(/\s+/)) expect(token).toMatch(BUILT_QUERY);
      }),
      { numRuns: 3_000 },
    );
  });
});
