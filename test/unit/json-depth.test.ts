import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../../server/http/json-depth.js';

describe('nestsDeeperThan', () => {
  it('when values nest up to the limit, then they pass; one level more, they do not', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: {} }] }, 3)).toBe(true);
  });

  it('when a body nests 100,000 levels deep, then it is measured without overflowing the stack', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(nestsDeeperThan(deep, 64)).toBe(true);
  });
});
