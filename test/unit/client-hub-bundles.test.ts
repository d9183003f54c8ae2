import { describe, expect, it } from 'vitest';
import type { NeighbourhoodSummaryRow } from '../../server/contract.js';
import { bundleLabel, bundleOffsets, bundlesFor, groupKey } from '../../client/src/hub-bundles.js';

const row = (
  relType: string,
  direction: 'in' | 'out',
  neighbourType: string,
  count: number,
  approximate?: boolean,
): NeighbourhoodSummaryRow => ({
  relType,
  direction,
  neighbourType,
  count,
  ...(approximate ? { approximate } : {}),
});

describe('hub bundles', () => {
  const summary = [
    row('MEMBER_OF', 'in', 'Person', 240),
    row('MEMBER_OF', 'in', 'Organisation', 60),
    row('USED', 'out', 'Device', 30),
  ];

  it('when nothing is drawn, then there is one bundle per group with its whole count, largest first', () => {
    const bundles = bundlesFor('org:hub', summary, new Map());
    expect(bundles.map((b) => b.label)).toEqual([
      '240 more · MEMBER_OF ← Person',
      '60 more · MEMBER_OF ← Organisation',
      '30 more · USED → Device',
    ]);
    expect(bundles[0]!.id).toBe('bundle:org:hub|MEMBER_OF|in|Person');
  });

  it('when links of a group are drawn, then its count drops, and a group fully drawn has no bundle', () => {
    const drawn = new Map([
      [groupKey('MEMBER_OF', 'in', 'Person'), 202],
      [groupKey('USED', 'out', 'Device'), 30],
    ]);
    const bundles = bundlesFor('org:hub', summary, drawn);
    expect(bundles.map((b) => [b.neighbourType, b.count])).toEqual([
      ['Organisation', 60],
      ['Person', 38],
    ]);
  });

  it('when the canvas holds more than the summary counts, then the count stays at zero, not below', () => {
    expect(bundlesFor('h', [row('USED', 'out', 'Device', 3)], new Map([['USED|out|Device', 9]]))).toEqual([]);
  });

  it('when the split by neighbour type is an estimate, then the label says so', () => {
    expect(bundlesFor('h', [row('SUPPLIED', 'out', 'Person', 38, true)], new Map())[0]!.label).toBe(
      '~38 more · SUPPLIED → Person',
    );
    expect(
      bundleLabel({
        count: 5,
        relType: 'LEADS',
        direction: 'in',
        neighbourType: 'Person',
        approximate: false,
      }),
    ).toBe('5 more · LEADS ← Person');
  });

  it('when a node has many groups, then only the largest few get a bundle', () => {
    const many = Array.from({ length: 12 }, (_, i) => row(`T${i}`, 'out', 'Person', i + 1));
    const bundles = bundlesFor('h', many, new Map(), 8);
    expect(bundles).toHaveLength(8);
    expect(bundles[0]!.count).toBe(12);
    expect(bundles[7]!.count).toBe(5);
  });

  it('when bundles are placed, then they form a column right of the hub, centred on it', () => {
    expect(bundleOffsets(3, 50, 30)).toEqual([
      { x: 50, y: -30 },
      { x: 50, y: 0 },
      { x: 50, y: 30 },
    ]);
    expect(bundleOffsets(0, 50)).toEqual([]);
  });
});
