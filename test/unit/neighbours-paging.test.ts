import { describe, expect, it } from 'vitest';
import { allocate, decodeCursor, encodeCursor } from '../../server/graph/neighbours-service.js';

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
  const state = { v: 1 as const, f: 'abc', o: { 'in:CUSTOMER_OF': 50 }, x: ['out:LEADS'] };

  it('when a cursor is encoded and decoded with the same filters, then it comes back as it was', () => {
    expect(decodeCursor(encodeCursor(state), 'abc')).toEqual(state);
  });

  it('when a cursor is made up, then it is refused with 400', () => {
    expect(() => decodeCursor('not-a-cursor', 'abc')).toThrow(/cursor/);
    expect(() => decodeCursor(Buffer.from('{"v":2}').toString('base64url'), 'abc')).toThrow(/cursor/);
  });

  it('when a cursor belongs to other filters, then it is refused with 400', () => {
    expect(() => decodeCursor(encodeCursor(state), 'other')).toThrow(/another entity or other filters/);
  });
});
