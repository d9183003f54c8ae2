/**
 * Builds the Lucene query behind `GET /api/search` from whatever the user typed.
 *
 * Rather than escaping Lucene's syntax (`+ - && || ! ( ) { } [ ] ^ " ~ * ? : \ /`, AND/OR/NOT)
 * and hoping the escaping is complete, the text is cut into words made only of letters and digits
 * (the same words the index's standard analyzer sees) and the query is assembled from those: no
 * character of the input can ever act as syntax. Each word matches exactly (boosted), as a prefix
 * (for search-as-you-type) and, when long enough, with one typo; several words also score a
 * phrase bonus.
 */

/** Words beyond this are ignored: they add little to ranking and a lot to query cost. */
export const MAX_TERMS = 8;
/** Longer words are cut; no real name has a 40-letter word. */
export const MAX_TERM_LENGTH = 40;
/** Words shorter than this get no fuzzy clause: `ab~1` matches half the index. */
const MIN_FUZZY_LENGTH = 4;

/** The searchable words of a text: lower-case runs of letters and digits, deduplicated. */
export function searchTerms(text: string): string[] {
  const words =
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms: string[] = [];
  for (const word of words) {
    const term = word.slice(0, MAX_TERM_LENGTH);
    if (!terms.includes(term)) terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

/** The Lucene query for a text, or null when it holds no searchable word. */
export function buildLuceneQuery(text: string): string | null {
  const terms = searchTerms(text);
  if (terms.length === 0) return null;
  const clauses = terms.map((term) => {
    const parts = [`${term}^3`, `${term}*`];
    if (term.length >= MIN_FUZZY_LENGTH) parts.push(`${term}~1`);
    return `(${parts.join(' OR ')})`;
  });
  if (terms.length > 1) clauses.unshift(`"${terms.join(' ')}"^4`);
  return clauses.join(' OR ');
}
