import { describe, expect, it } from 'vitest';
import { concentricRings, spreadRows, type RowNode } from '../../client/src/layout-shaping.js';

describe('spreadRows', () => {
  it('when labels of one row would touch, then the row is spread to their widths, keeping order and centre', () => {
    const nodes: RowNode[] = [
      { id: 'a', x: -20, y: 0, w: 120, h: 40 },
      { id: 'b', x: 0, y: 0, w: 120, h: 40 },
      { id: 'c', x: 20, y: 0, w: 120, h: 40 },
    ];
    const out = spreadRows(nodes, 16, 10_000);
    expect(out.b).toEqual({ x: 0, y: 0 });
    expect(out.a!.x).toBe(-136);
    expect(out.c!.x).toBe(136);
  });

  it('when a hub has 300 children on one row, then the row wraps onto lines and no two boxes overlap', () => {
    const nodes: RowNode[] = [{ id: 'hub', x: 0, y: 0, w: 80, h: 60 }];
    for (let i = 0; i < 300; i++) nodes.push({ id: `c${i}`, x: i, y: 100, w: 100, h: 40 });
    nodes.push({ id: 'grandchild', x: 0, y: 200, w: 100, h: 40 });
    const out = spreadRows(nodes);
    const xs = nodes.filter((n) => n.id.startsWith('c')).map((n) => out[n.id]!);
    const width = Math.max(...xs.map((p) => p.x)) - Math.min(...xs.map((p) => p.x));
    expect(width).toBeLessThan(4000);
    // The row below moved down past the wrapped lines.
    expect(out.grandchild!.y).toBeGreaterThan(Math.max(...xs.map((p) => p.y)));
    for (let i = 0; i < xs.length; i++)
      for (let j = i + 1; j < xs.length; j++) {
        const overlap = Math.abs(xs[i]!.x - xs[j]!.x) < 100 && Math.abs(xs[i]!.y - xs[j]!.y) < 40;
        expect(overlap).toBe(false);
      }
  });
});

describe('concentricRings', () => {
  it('puts the most important node alone in the centre and at most 8k nodes on ring k', () => {
    const ids = Array.from({ length: 60 }, (_, i) => `n${i}`);
    const rings = concentricRings(ids);
    expect(rings.get('n0')).toBe(0);
    const counts = new Map<number, number>();
    for (const r of rings.values()) counts.set(r, (counts.get(r) ?? 0) + 1);
    expect(counts.get(0)).toBe(1);
    expect(counts.get(1)).toBe(8);
    expect(counts.get(2)).toBe(16);
    for (const [ring, n] of counts) if (ring > 0) expect(n).toBeLessThanOrEqual(8 * ring);
  });
});
