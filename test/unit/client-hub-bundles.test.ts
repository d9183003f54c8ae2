import { describe, expect, it } from 'vitest';
import type { NeighbourhoodSummaryRow } from '../../server/contract.js';
import { bundleLabel, bundlesFor, groupKey, placeBundles } from '../../client/src/hub-bundles.js';

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
});

describe('placeBundles', () => {
  const hub = { x1: 0, y1: 0, x2: 40, y2: 40 };
  const chips = [
    { w: 100, h: 20 },
    { w: 80, h: 20 },
  ];

  it('when nothing is near, then the chips stack right of the hub, centred on it', () => {
    expect(placeBundles(hub, chips, [hub], { clear: 10, gap: 4 })).toEqual([
      { x: 50, y: -2 },
      { x: 50, y: 22 },
    ]);
  });

  it('when a node sits right of the hub, then the chips go further out or to another side, never on it', () => {
    const node = { x1: 60, y1: 0, x2: 100, y2: 40 };
    const at = placeBundles(hub, chips, [hub, node], { clear: 10, step: 20, gap: 4 });
    const boxes = at.map((p, i) => ({ x1: p.x, y1: p.y, x2: p.x + chips[i]!.w, y2: p.y + chips[i]!.h }));
    for (const b of boxes)
      expect(b.x1 < node.x2 && node.x1 < b.x2 && b.y1 < node.y2 && node.y1 < b.y2).toBe(false);
    // Left of the hub is free at the first distance: the column is right-aligned there.
    expect(at).toEqual([
      { x: -110, y: -2 },
      { x: -90, y: 22 },
    ]);
  });

  it('when the hub is surrounded, then the column moves out until it is clear of every node', () => {
    const ring = [-1, 0, 1].flatMap((i) =>
      [-1, 0, 1].map((j) => ({ x1: i * 60, y1: j * 60, x2: i * 60 + 40, y2: j * 60 + 40 })),
    );
    const at = placeBundles(hub, chips, ring, { clear: 10, step: 20, gap: 4 });
    expect(at[0]!.x).toBeGreaterThanOrEqual(100);
  });
});

describe('placeBundles in a crowded view', () => {
  it('when no place is free, then the chips stay inside the view where they cover fewest nodes', () => {
    const hub = { x1: 0, y1: 0, x2: 40, y2: 40 };
    const bounds = { x1: -200, y1: -200, x2: 240, y2: 240 };
    // Nodes on every side at every distance tried: no candidate is free.
    const nodes = [
      { x1: 60, y1: 0, x2: 100, y2: 40 },
      { x1: 120, y1: 0, x2: 160, y2: 40 },
      { x1: -60, y1: 0, x2: -20, y2: 40 },
      { x1: 0, y1: 60, x2: 40, y2: 100 },
      { x1: 0, y1: -60, x2: 40, y2: -20 },
      { x1: -140, y1: 0, x2: -100, y2: 40 },
      { x1: 0, y1: 140, x2: 40, y2: 180 },
      { x1: 0, y1: -140, x2: 40, y2: -100 },
      { x1: 200, y1: 0, x2: 240, y2: 40 },
      { x1: -200, y1: 0, x2: -160, y2: 40 },
      { x1: 0, y1: 200, x2: 40, y2: 240 },
      { x1: 0, y1: -200, x2: 40, y2: -160 },
    ];
    const at = placeBundles(hub, [{ w: 30, h: 20 }], [hub, ...nodes], { clear: 10, step: 20, bounds });
    const b = { x1: at[0]!.x, y1: at[0]!.y, x2: at[0]!.x + 30, y2: at[0]!.y + 20 };
    expect(b.x1 >= bounds.x1 && b.x2 <= bounds.x2 && b.y1 >= bounds.y1 && b.y2 <= bounds.y2).toBe(true);
    const covered = nodes.filter((o) => b.x1 < o.x2 && o.x1 < b.x2 && b.y1 < o.y2 && o.y1 < b.y2).length;
    expect(covered).toBeLessThanOrEqual(1);
  });
});

describe('placeBundles and what floats over the canvas', () => {
  it('when a toast covers the best place, then the chips go elsewhere even if they cover a node there', () => {
    const hub = { x1: 0, y1: 0, x2: 40, y2: 40 };
    const bounds = { x1: -100, y1: -100, x2: 300, y2: 140 };
    const toast = { x1: 40, y1: -100, x2: 300, y2: 140 };
    const at = placeBundles(hub, [{ w: 30, h: 20 }], [hub], {
      clear: 10,
      step: 20,
      bounds,
      blocked: [toast],
    });
    expect(at[0]!.x + 30).toBeLessThanOrEqual(0);
  });
});
