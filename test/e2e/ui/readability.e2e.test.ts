/**
 * A canvas that stays readable (issue 16): in Chromium at 1366×768, on the
 * case expanded two hops around Phantom Secure and on a 300-node expansion,
 * in every layout, once the canvas is at rest: no two drawn labels overlap
 * and no two nodes overlap. "Drawn" is measured from the outside, the way
 * Cytoscape decides to paint a label: the element is visible, its label is
 * not empty, its text opacity is above zero and its font is at least the
 * minimum zoomed font size on screen. Writes the screenshots of each layout
 * for docs/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphPayload } from '../../../server/contract.js';
import { nodePoint, settle } from '../explorer-steps.js';
import { openFixtureExplorer, type FixtureSession } from '../fixture-session.js';

const PHANTOM = 'org:phantom-secure';
const LAYOUTS = ['preset', 'fcose', 'concentric', 'breadthfirst', 'grid'] as const;
const DOCS = path.resolve(import.meta.dirname, '../../../docs/screenshots');

type Cy = import('cytoscape').Core;
interface Handle {
  casegraph: {
    canvas: {
      cy: Cy;
      placeLabelsNow(): number;
      labelsSettled(): boolean;
      addCommand(p: GraphPayload, o: { near?: string; label: string }): { command: unknown } | null;
    };
    explorer: {
      expand(id: string): Promise<void>;
      addEntity(id: string): Promise<void>;
      layout(name: string): Promise<void>;
      clear(): void;
      history: { run(c: unknown): void };
    };
  };
}

interface Readability {
  nodes: number;
  drawnLabels: number;
  /** Ids of the elements whose label is drawn. */
  labelled: string[];
  labelOverlaps: string[];
  nodeOverlaps: string[];
}

/** Waits until nothing animates and the label pass has run on the final picture. */
async function atRest(page: Page): Promise<void> {
  const still = () => {
    const { cy, labelsSettled } = (window as unknown as Handle).casegraph.canvas;
    return (
      !cy.animated() &&
      cy.nodes().every((n) => !(n as unknown as { animated(): boolean }).animated()) &&
      labelsSettled.call((window as unknown as Handle).casegraph.canvas)
    );
  };
  // Twice, apart: an animation may start from a timer just after the first look.
  await page.waitForFunction(still);
  await settle(page, 300);
  await page.waitForFunction(still);
}

/** Measures what is drawn, independently of the canvas's own pass. */
function measure(page: Page): Promise<Readability> {
  return page.evaluate(() => {
    const cy = (window as unknown as Handle).casegraph.canvas.cy;
    const zoom = cy.zoom();
    type B = { x1: number; y1: number; x2: number; y2: number; id: string };
    const overlap = (a: B, b: B) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
    const drawn = (el: import('cytoscape').SingularElementArgument) => {
      if (!el.visible() || !String(el.style('label') ?? '')) return false;
      if (Number(el.style('text-opacity')) === 0 || Number(el.style('opacity')) === 0) return false;
      const font = parseFloat(String(el.style('font-size')));
      const min = parseFloat(String(el.style('min-zoomed-font-size')));
      return font * zoom >= min;
    };
    const labels: B[] = [];
    cy.elements().forEach((el) => {
      if (!drawn(el)) return;
      const bb = el.boundingBox({
        includeNodes: false,
        includeEdges: false,
        includeLabels: true,
        includeOverlays: false,
      } as import('cytoscape').BoundingBoxOptions);
      if (bb.w > 0 && bb.h > 0) labels.push({ ...bb, id: el.id() });
    });
    const discs: B[] = cy
      .nodes()
      .filter((n) => n.visible())
      .map((n) => ({ ...n.boundingBox({ includeLabels: false, includeOverlays: false }), id: n.id() }));
    const pairs = (boxes: B[]) => {
      const out: string[] = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++)
          if (overlap(boxes[i]!, boxes[j]!)) out.push(`${boxes[i]!.id} × ${boxes[j]!.id}`);
      return out;
    };
    return {
      nodes: discs.length,
      drawnLabels: labels.length,
      labelled: labels.map((l) => l.id),
      labelOverlaps: pairs(labels),
      nodeOverlaps: pairs(discs),
    };
  });
}

async function runLayout(page: Page, name: (typeof LAYOUTS)[number]): Promise<void> {
  if (name !== 'preset')
    await page.evaluate((n) => (window as unknown as Handle).casegraph.explorer.layout(n), name);
  await atRest(page);
}

/** A hub with 299 neighbours of four types, linked to it and a little among themselves, as one expansion. */
function hubExpansion(): GraphPayload {
  const types = ['Person', 'Organisation', 'Device', 'Server'];
  const nodes: GraphPayload['nodes'] = [
    {
      id: 'gen:hub',
      labels: ['Organisation'],
      type: 'Organisation',
      label: 'Generated Holding Group',
      properties: {},
      degree: 299,
    },
  ];
  const edges: GraphPayload['edges'] = [];
  for (let i = 1; i < 300; i++) {
    const type = types[i % types.length]!;
    nodes.push({
      id: `gen:n${i}`,
      labels: [type],
      type,
      label: i % 7 === 0 ? `A rather long generated entity name number ${i}` : `${type} ${i}`,
      properties: {},
      degree: 1 + (i % 5),
    });
    edges.push({
      id: `gen:e${i}`,
      type: 'LINKED_TO',
      source: 'gen:hub',
      target: `gen:n${i}`,
      properties: {},
      status: 'reported',
    });
    if (i % 3 === 0 && i > 3)
      edges.push({
        id: `gen:x${i}`,
        type: 'KNOWS',
        source: `gen:n${i}`,
        target: `gen:n${i - 3}`,
        properties: {},
        status: 'alleged',
      });
  }
  return { nodes, edges };
}

describe('readability of the canvas (issue 16)', () => {
  let session: FixtureSession;
  let page: Page;

  beforeAll(async () => {
    session = await openFixtureExplorer();
    page = session.page;
    session.context.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('when the case is expanded two hops around Phantom Secure, then in every layout no labels and no nodes overlap', async () => {
    await page.evaluate(async (id) => {
      const { explorer, canvas } = (window as unknown as Handle).casegraph;
      await explorer.addEntity(id);
      await explorer.expand(id);
      const first = canvas.cy.nodes().map((n) => n.id());
      for (const n of first) if (n !== id) await explorer.expand(n);
    }, PHANTOM);
    await atRest(page);
    for (const layout of LAYOUTS) {
      await runLayout(page, layout);
      const r = await measure(page);
      fs.mkdirSync(DOCS, { recursive: true });
      await page.screenshot({ path: path.join(DOCS, `readable-case-${layout}.png`) });
      expect.soft(r.labelOverlaps, `labels overlapping in ${layout}`).toEqual([]);
      expect.soft(r.nodeOverlaps, `nodes overlapping in ${layout}`).toEqual([]);
      expect(r.nodes).toBeGreaterThan(40);
      // The pass hides only what collides: many labels stay; the selected and the best-connected entity's always.
      expect.soft(r.drawnLabels, `labels drawn in ${layout}`).toBeGreaterThan(r.nodes * 0.25);
      expect
        .soft(r.labelled, `key labels in ${layout}`)
        .toEqual(expect.arrayContaining([PHANTOM, 'network:phantom-secure']));
    }
  });

  it('when the pointer rests on an entity whose label was left out, then its full name shows above the others', async () => {
    const target = await page.evaluate(() => {
      const cy = (window as unknown as Handle).casegraph.canvas.cy;
      const ext = cy.extent();
      const hidden = cy.nodes('.label-off').filter((n) => {
        const p = n.position();
        return p.x > ext.x1 + 40 && p.x < ext.x2 - 40 && p.y > ext.y1 + 40 && p.y < ext.y2 - 40;
      });
      return hidden.nonempty() ? hidden[0]!.id() : '';
    });
    expect(target, 'some label is left out on the grid layout').not.toBe('');
    const point = await nodePoint(page, target);
    await page.mouse.move(point.x, point.y);
    await page.waitForFunction(
      (id) => (window as unknown as Handle).casegraph.canvas.cy.getElementById(id).hasClass('label-hover'),
      target,
    );
    const shown = await page.evaluate((id) => {
      const n = (window as unknown as Handle).casegraph.canvas.cy.getElementById(id);
      return {
        opacity: Number(n.style('text-opacity')),
        label: String(n.style('label')),
        full: String(n.data('label')),
      };
    }, target);
    expect(shown.opacity).toBe(1);
    expect(shown.label).toBe(shown.full);
    await page.screenshot({ path: path.join(DOCS, 'readable-hover.png') });
    await page.mouse.move(2, 400);
  });

  it('when a hub brings 300 nodes, then in every layout no labels and no nodes overlap, and zooming in shows more labels', async () => {
    await page.evaluate((json) => {
      const payload = JSON.parse(json) as GraphPayload;
      const { explorer, canvas } = (window as unknown as Handle).casegraph;
      explorer.clear();
      const hub = { nodes: [payload.nodes[0]!], edges: [] };
      explorer.history.run(canvas.addCommand(hub, { label: 'add hub' })!.command);
      explorer.history.run(canvas.addCommand(payload, { near: 'gen:hub', label: 'expand hub' })!.command);
      canvas.cy.fit(undefined, 40);
    }, JSON.stringify(hubExpansion()));
    await atRest(page);
    for (const layout of LAYOUTS) {
      await runLayout(page, layout);
      const r = await measure(page);
      await page.screenshot({ path: path.join(DOCS, `readable-300-${layout}.png`) });
      expect(r.nodes).toBe(300);
      expect.soft(r.labelOverlaps, `labels overlapping in ${layout}`).toEqual([]);
      expect.soft(r.nodeOverlaps, `nodes overlapping in ${layout}`).toEqual([]);
      expect.soft(r.drawnLabels, `labels drawn in ${layout}`).toBeGreaterThan(10);
      expect.soft(r.labelled, `hub label in ${layout}`).toContain('gen:hub');
    }
    // Level of detail: zooming in on the centre makes room for labels the pass had turned off.
    const before = await measure(page);
    await page.evaluate(() => {
      const cy = (window as unknown as Handle).casegraph.canvas.cy;
      cy.zoom({ level: cy.zoom() * 3, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    });
    await atRest(page);
    const zoomed = await measure(page);
    expect(zoomed.labelOverlaps).toEqual([]);
    const drawnIn = await page.evaluate(() => {
      const cy = (window as unknown as Handle).casegraph.canvas.cy;
      const ext = cy.extent();
      let inView = 0;
      cy.nodes().forEach((n) => {
        const p = n.position();
        if (!n.hasClass('label-off') && p.x > ext.x1 && p.x < ext.x2 && p.y > ext.y1 && p.y < ext.y2)
          inView++;
      });
      return inView;
    });
    expect(drawnIn).toBeGreaterThan(0);
    expect(zoomed.drawnLabels).not.toBe(before.drawnLabels);
  });
});
