import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../server/contract.js';
import { displayKeyRank, isNameLikeKey } from '../../server/model/name-keys.js';
import { mergeHits, scanScore } from '../../server/search/search-service.js';

describe('isNameLikeKey', () => {
  it('when keys name things in a graph’s own words, then they count as names', () => {
    for (const key of [
      'name',
      'full_name',
      'companyName',
      'title',
      'nickname',
      'aliases',
      'aliasText',
      'label',
    ]) {
      expect(isNameLikeKey(key), key).toBe(true);
    }
  });

  it('when keys hold codes, counts or other words, then they do not', () => {
    for (const key of ['id', 'imo', 'namespace', 'username_hash', 'labels', 'code', 'designation']) {
      expect(isNameLikeKey(key), key).toBe(false);
    }
  });
});

describe('displayKeyRank', () => {
  it('when keys are ranked for display, then name beats title beats other names beats the rest', () => {
    const keys = ['imo', 'aliases', 'vessel_name', 'title', 'name'];
    expect([...keys].sort((a, b) => displayKeyRank(a) - displayKeyRank(b))).toEqual([
      'name',
      'title',
      'vessel_name',
      'aliases',
      'imo',
    ]);
  });
});

describe('scanScore', () => {
  const node = (properties: Record<string, unknown>) => ({ properties });

  it('when a name starts with the text, then 1; a later word, 0.75; inside a word, 0.5', () => {
    expect(scanScore(node({ vessel_name: 'Ocean Harbinger' }), 'ocean')).toBe(1);
    expect(scanScore(node({ vessel_name: 'Ocean Harbinger' }), 'harbinger')).toBe(0.75);
    expect(scanScore(node({ vessel_name: 'Ocean Harbinger' }), 'binger')).toBe(0.5);
  });

  it('when only a key that holds no name matches, then it does not lift the score', () => {
    expect(scanScore(node({ imo: 'harbinger', title: 'x harbinger' }), 'harbinger')).toBe(0.75);
  });

  it('when the text holds regular-expression characters, then they match literally', () => {
    expect(scanScore(node({ name: 'A (b) c' }), '(b)')).toBe(0.75);
  });
});

describe('mergeHits', () => {
  const hit = (id: string, score: number): SearchHit => ({ id, type: 'T', label: id, score, aliases: [] });

  it('when there are no scan hits, then index hits keep their scores', () => {
    expect(mergeHits([hit('a', 7.5), hit('b', 2)], [], 10)).toEqual([hit('a', 7.5), hit('b', 2)]);
  });

  it('when both kinds are present, then index scores are scaled to the best, ties keep index hits first, and duplicates go', () => {
    const merged = mergeHits([hit('a', 8), hit('b', 4)], [hit('s', 1), hit('b', 0.5), hit('t', 0.5)], 4);
    expect(merged.map((h) => [h.id, h.score])).toEqual([
      ['a', 1],
      ['s', 1],
      ['b', 0.5],
      ['t', 0.5],
    ]);
  });
});
