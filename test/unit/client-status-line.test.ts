import { describe, expect, it } from 'vitest';
import { statusLine } from '../../client/src/filters.js';

describe('statusLine', () => {
  it('when nothing is hidden or filtered, then it counts entities and links', () => {
    expect(statusLine({ nodes: 3, hidden: 0, filtered: 0, links: 1, shownLinks: 1 })).toBe(
      '3 entities, 1 link',
    );
  });

  it('when nodes are hidden, then it says how many are shown and how many are hidden, links included', () => {
    expect(statusLine({ nodes: 5, hidden: 2, filtered: 0, links: 6, shownLinks: 3 })).toBe(
      '3 of 5 entities shown, 3 of 6 links · 2 hidden',
    );
  });

  it('when nodes are hidden and others filtered, then each is counted apart', () => {
    expect(statusLine({ nodes: 5, hidden: 1, filtered: 2, links: 4, shownLinks: 1 })).toBe(
      '2 of 5 entities shown, 1 of 4 links · 1 hidden, 2 filtered out',
    );
  });

  it('when the canvas is empty, then it says nothing', () => {
    expect(statusLine({ nodes: 0, hidden: 0, filtered: 0, links: 0, shownLinks: 0 })).toBe('');
  });
});
