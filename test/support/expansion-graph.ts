/**
 * A generated graph shaped like an investigator's expansion: a few hubs, each
 * with many leaves, plus random links between the leaves. Seeded, so tests and
 * the bench get the same graph every time.
 */
import type { LayoutRequest } from '../../client/src/layout-protocol.js';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `nodes` nodes: one hub per ~60 nodes (hubs linked in a chain), every other
 * node a spoke of one hub, and `nodes / 10` extra links between random nodes.
 * Each node's box is what the canvas measures for a label of 6–28 characters:
 * width max(size, 7 per character, capped at 140), height size + 16.
 */
export function expansionGraph(nodes: number, seed = 16): LayoutRequest {
  const rnd = random(seed);
  const hubs = Math.max(1, Math.round(nodes / 60));
  const out: LayoutRequest = { requestId: 1, nodes: [], edges: [] };
  for (let i = 0; i < nodes; i++) {
    const size = i < hubs ? 60 : 30;
    const chars = 6 + Math.floor(rnd() * 23);
    out.nodes.push({
      id: `n${i}`,
      x: 0,
      y: 0,
      size,
      width: Math.max(size, Math.min(140, chars * 7)),
      height: size + 16,
    });
  }
  let e = 0;
  const link = (a: number, b: number) => out.edges.push({ id: `e${e++}`, source: `n${a}`, target: `n${b}` });
  for (let h = 1; h < hubs; h++) link(h - 1, h);
  for (let i = hubs; i < nodes; i++) link(Math.floor(rnd() * hubs), i);
  for (let k = 0; k < Math.floor(nodes / 10); k++) {
    const a = Math.floor(rnd() * nodes);
    const b = Math.floor(rnd() * nodes);
    if (a !== b) link(a, b);
  }
  return out;
}
