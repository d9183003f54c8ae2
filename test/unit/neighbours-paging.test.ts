import { describe, expect, it } from 'vitest';
import {
  allocate,
  decodeCursor,
  encodeCursor,
  SEEK_MIN_LINKS,
  seeksIndex,
} from '../../server/graph/neighbours-service.js';

describe('allocate', () => {
  it('when cells have plenty, then the page is shared evenly', () => {
    expect(allocate(50, [20_000, 3, 100])).toEqual([24, 3, 23]);
    expect(allocate(10, [100, 100])).toEqual([5, 5]);
  });

  it('when cells run short, then what they cannot use goes to the others', () => {
    expect(allocate(50, [2, 1, 1000])).toEqual([2, 1, 47]);
  });

  it('when there is less than one per cell, then earlier cells go first', () => {
    expect(allocate(2, [5, 5, 5])).toEqual([1, 1, 0]);
  });

  it('when nothing remains, then nothing is allocated', () => {
    expect(allocate(50, [0, 0])).toEqual([0, 0]);
    expect(allocate(50, [])).toEqual([]);
  });
});

describe('neighbour cursors', () => {
  const state = {
    v: 2 as const,
    f: 'abc',
    c: {
      'in:CUSTOMER_OF': { p: 'id' as const, a: 'fact:gen-49', n: 50 },
      'out:LEADS': { p: 'done' as const, a: '', n: 3 },
    },
  };

  it('when a cursor is encoded and decoded with the same filters, then it comes back as it was', () => {
    expect(decodeCursor(encodeCursor(state), 'abc')).toEqual(state);
  });

  it('when a cursor is made up, then it is refused with 400', () => {
    expect(() => decodeCursor('not-a-cursor', 'abc')).toThrow(/cursor/);
    expect(() => decodeCursor(Buffer.from('{"v":2}').toString('base64url'), 'abc')).toThrow(/cursor/);
    const tampered = { ...state, c: { 'in:CUSTOMER_OF': { p: 'id', a: 7, n: 50 } } };
    expect(() => decodeCursor(encodeCursor(tampered as never), 'abc')).toThrow(/not one this API gave out/);
  });

  it('when a cursor holds offsets (the SKIP pages before keyset paging), then 400 says to start again', () => {
    const old = { v: 1, f: 'abc', o: { 'in:CUSTOMER_OF': 50 }, x: [] };
    expect(() => decodeCursor(Buffer.from(JSON.stringify(old)).toString('base64url'), 'abc')).toThrow(
      /older version.*start again/,
    );
  });

  it('when a cursor belongs to other filters, then it is refused with 400', () => {
    expect(() => decodeCursor(encodeCursor(state), 'other')).toThrow(/another entity or other filters/);
  });
});

describe('seeksIndex', () => {
  it('when a hub holds most of its type, then its pages seek the id index', () => {
    expect(seeksIndex(1_000_000, 12, 1_000_000, true)).toBe(true);
    expect(seeksIndex(20_000, 50, 20_300, true)).toBe(true);
  });

  it('when the type has no id index, or the cell is small, then the node is expanded', () => {
    expect(seeksIndex(1_000_000, 12, 1_000_000, false)).toBe(false);
    expect(seeksIndex(SEEK_MIN_LINKS, 12, SEEK_MIN_LINKS, true)).toBe(false);
  });

  it("when the node holds a sliver of its type's links, then the node is expanded", () => {
    // 5,000 of 10M BASED_IN links: a seek would read ~1M index entries for 50 links.
    expect(seeksIndex(5_000, 50, 10_000_000, true)).toBe(false);
  });
});
