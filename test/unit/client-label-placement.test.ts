import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  boxesOverlap,
  displayLabel,
  placeLabels,
  type Box,
  type LabelCandidate,
} from '../../client/src/label-placement.js';
import { separateNodes, type SizedNode } from '../../client/src/node-separation.js';

const box = (x: number, y: number, w: number, h: number): Box => ({ x1: x, y1: y, x2: x + w, y2: y + h });

const arbitraryBox = fc
  .record({
    x: fc.integer({ min: -500, max: 500 }),
    y: fc.integer({ min: -500, max: 500 }),
    w: fc.integer({ min: 1, max: 160 }),
    h: fc.integer({ min: 1, max: 40 }),
  })
  .map(({ x, y, w, h }) => box(x, y, w, h));

function bruteForcePairs(boxes: Box[]): number {
  let n = 0;
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) if (boxesOverlap(boxes[i]!, boxes[j]!)) n++;
  return n;
}

describe('placeLabels', () => {
  it('when two labels collide, then the higher priority one is drawn', () => {
    const labels: LabelCandidate[] = [
      { id: 'a', owner: 'a', priority: 1, box: box(0, 0, 100, 14) },
      { id: 'b', owner: 'b', priority: 5, box: box(50, 5, 100, 14) },
    ];
    expect([...placeLabels(labels)]).toEqual(['b']);
  });

  it("when a label lies on its own node's disc, then it is drawn; on another node's disc, then not", () => {
    const discs = [
      { id: 'a', box: box(0, 0, 30, 30) },
      { id: 'b', box: box(200, 0, 30, 30) },
    ];
    const labels: LabelCandidate[] = [
      { id: 'a', owner: 'a', priority: 1, box: box(-10, 20, 50, 14) },
      { id: 'b', owner: 'b', priority: 1, box: box(150, 20, 30, 14) },
      { id: 'e', owner: 'e', priority: 0, box: box(190, 10, 30, 10) },
    ];
    expect([...placeLabels(labels, discs)].sort()).toEqual(['a', 'b']);
  });

  it("when a label covers a less important node's disc, then it is drawn; an equally important one's, then not", () => {
    const discs = [
      { id: 'hub', box: box(0, 0, 60, 60), priority: 50 },
      { id: 'leaf', box: box(40, 60, 30, 30), priority: 1 },
      { id: 'peer', box: box(200, 60, 30, 30), priority: 50 },
    ];
    const labels: LabelCandidate[] = [
      { id: 'hub', owner: 'hub', priority: 50, box: box(-10, 62, 90, 14) },
      { id: 'peer2', owner: 'peer2', priority: 50, box: box(190, 70, 20, 10) },
      // The leaf's own label is free, but its disc lies under the hub's label: it stays unlabelled.
      { id: 'leaf', owner: 'leaf', priority: 1, box: box(40, 300, 30, 10) },
    ];
    expect([...placeLabels(labels, discs)]).toEqual(['hub']);
  });

  it('never draws two overlapping labels, and draws every label that overlaps nothing', () => {
    fc.assert(
      fc.property(fc.array(arbitraryBox, { maxLength: 80 }), (boxes) => {
        const labels = boxes.map((b, i) => ({ id: `n${i}`, owner: `n${i}`, priority: i % 7, box: b }));
        const shown = placeLabels(labels);
        const drawn = labels.filter((l) => shown.has(l.id)).map((l) => l.box);
        expect(bruteForcePairs(drawn)).toBe(0);
        labels.forEach((l, i) => {
          // (no discs here, so nothing is covered)
          const alone = boxes.every((other, j) => j === i || !boxesOverlap(l.box, other));
          if (alone) expect(shown.has(l.id)).toBe(true);
        });
      }),
    );
  });

  it('gives the same answer whatever the input order', () => {
    const labels: LabelCandidate[] = [
      { id: 'x', owner: 'x', priority: 1, box: box(0, 0, 40, 10) },
      { id: 'y', owner: 'y', priority: 1, box: box(20, 0, 40, 10) },
    ];
    expect([...placeLabels(labels)]).toEqual([...placeLabels([...labels].reverse())]);
  });
});

describe('displayLabel', () => {
  it('when a label is short, then it is unchanged', () => {
    expect(displayLabel('Phantom Secure')).toBe('Phantom Secure');
  });
  it('when a label is long, then it wraps at spaces onto two lines and ends with an ellipsis', () => {
    const out = displayLabel('Royal Canadian Mounted Police Federal Serious and Organized Crime unit');
    const lines = out.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.length <= 22)).toBe(true);
    expect(out.endsWith('…')).toBe(true);
    expect(lines[0]).toBe('Royal Canadian Mounted');
  });
  it('when one word is longer than a line, then it is split hard', () => {
    expect(displayLabel('x'.repeat(30), 22, 2)).toBe(`${'x'.repeat(22)}\n${'x'.repeat(8)}`);
    expect(displayLabel('x'.repeat(60), 22, 2).split('\n')[1]).toBe(`${'x'.repeat(21)}…`);
  });
  it('never makes more lines than asked nor lines longer than the width', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const lines = displayLabel(text, 22, 2).split('\n');
        expect(lines.length).toBeLessThanOrEqual(2);
        for (const l of lines) expect(l.length).toBeLessThanOrEqual(22);
      }),
    );
  });
});

describe('separateNodes', () => {
  const nodeBoxes = (nodes: SizedNode[], pos: Record<string, { x: number; y: number }>) =>
    nodes.map((n) => box(pos[n.id]!.x - n.w / 2, pos[n.id]!.y - n.h / 2, n.w, n.h));

  it('when nodes pile up, then afterwards no two overlap', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.integer({ min: -60, max: 60 }),
            y: fc.integer({ min: -60, max: 60 }),
            s: fc.integer({ min: 20, max: 78 }),
          }),
          { maxLength: 60 },
        ),
        (raw) => {
          const nodes = raw.map((r, i) => ({ id: `n${i}`, x: r.x, y: r.y, w: r.s, h: r.s }));
          expect(bruteForcePairs(nodeBoxes(nodes, separateNodes(nodes)))).toBe(0);
        },
      ),
    );
  });

  it('when a node is pinned, then it keeps its place and the other moves', () => {
    const nodes = [
      { id: 'pinned', x: 0, y: 0, w: 40, h: 40, fixed: true },
      { id: 'free', x: 5, y: 0, w: 40, h: 40 },
    ];
    const out = separateNodes(nodes);
    expect(out.pinned).toEqual({ x: 0, y: 0 });
    expect(out.free!.x).toBeGreaterThanOrEqual(40);
  });

  it('when nothing overlaps, then nothing moves', () => {
    const nodes = [
      { id: 'a', x: 0, y: 0, w: 30, h: 30 },
      { id: 'b', x: 100, y: 0, w: 30, h: 30 },
    ];
    expect(separateNodes(nodes)).toEqual({ a: { x: 0, y: 0 }, b: { x: 100, y: 0 } });
  });
});
