/**
 * What the admin's search-index rebuild does with the index as it stands. A covering index that
 * FAILED used to be awaited like one still filling, so the rebuild hung on an index that would
 * never come online; it is now made again.
 */
import { describe, expect, it } from 'vitest';
import { searchIndexAction, type SearchIndexPlan } from '../../server/search/search-index.js';

function plan(state: string | null, added: string[] = []): SearchIndexPlan {
  return {
    current: state === null ? null : { labels: ['Person'], properties: ['name'], state },
    labels: ['Person', ...added],
    properties: ['name'],
    added: { labels: added, properties: [] },
    statement: 'CREATE FULLTEXT INDEX ...',
  };
}

describe('searchIndexAction', () => {
  it('keeps a covering index that is online', () => {
    expect(searchIndexAction(plan('ONLINE'))).toBe('keep');
  });
  it('awaits a covering index still filling', () => {
    expect(searchIndexAction(plan('POPULATING'))).toBe('await');
  });
  it('rebuilds a covering index that failed', () => {
    expect(searchIndexAction(plan('FAILED'))).toBe('rebuild');
  });
  it('rebuilds when there is none, or when it misses a label', () => {
    expect(searchIndexAction(plan(null))).toBe('rebuild');
    expect(searchIndexAction(plan('ONLINE', ['Vessel']))).toBe('rebuild');
  });
});
