/**
 * GraphML and GEXF export of the canvas (issue 18), in Chromium at 1366×768 against the in-memory
 * API: the files a person saves from the Export menu are read back by an XML parser and hold what
 * the canvas shows. Also writes docs/screenshots/export-graphml-gexf.png (the menu open).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeScan, describeViolations } from '../../support/browser.js';
import { readGexf, readGraphMl } from '../../support/graph-readers.js';
import { searchAndAdd, waitForStill } from '../explorer-steps.js';
import { openFixtureExplorer, type FixtureSession } from '../fixture-session.js';

const DOCS = path.resolve(import.meta.dirname, '../../../docs/screenshots');
const RAMOS = 'person:vincent-ramos';

interface CanvasView {
  nodes: { id: string; x: number; y: number; colour: string; type: string }[];
  edges: { id: string; source: string; target: string; type: string }[];
}

/** What the canvas shows (visible elements), read through the debug handle. */
function canvasView(page: Page): Promise<CanvasView> {
  return page.evaluate(() => {
    const cy = (window as unknown as { casegraph: { canvas: { cy: import('cytoscape').Core } } }).casegraph
      .canvas.cy;
    return {
      nodes: cy.nodes(':visible').map((n) => ({
        id: n.id(),
        x: n.position().x,
        y: n.position().y,
        colour: String(n.style('background-color')),
        type: String(n.data('type')),
      })),
      edges: cy.edges(':visible').map((e) => ({
        id: e.id(),
        source: e.source().id(),
        target: e.target().id(),
        type: String(e.data('type')),
      })),
    };
  });
}

async function exportFile(
  page: Page,
  kind: 'graphml' | 'gexf' | 'ftm',
): Promise<{ name: string; text: string }> {
  await page.locator('#export-btn').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`[data-testid="export-${kind}"]`).click(),
  ]);
  return { name: download.suggestedFilename(), text: fs.readFileSync(await download.path(), 'utf8') };
}

const rgbText = (c: string) => (/\d+\s*,\s*\d+\s*,\s*\d+/.exec(c)?.[0] ?? c).replace(/\s/g, '');

describe('GraphML and GEXF export (issue 18, fixture API)', () => {
  let session: FixtureSession;
  let page: Page;
  let view: CanvasView;

  beforeAll(async () => {
    session = await openFixtureExplorer();
    page = session.page;
    await searchAndAdd(page, 'ramos', 'Vincent Ramos');
    await page.waitForFunction(() => document.querySelector('.entity-name')?.textContent === 'Vincent Ramos');
    await page.locator('.details-body .btn.primary', { hasText: /^Expand/ }).click();
    await page.waitForFunction(
      () =>
        (
          window as unknown as { casegraph: { canvas: { cy: import('cytoscape').Core } } }
        ).casegraph.canvas.cy.edges().length > 2,
    );
    await waitForStill(page);
    await page.keyboard.press('Escape');
    view = await canvasView(page);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('when the Export menu opens, then it offers GraphML and GEXF and passes axe', async () => {
    await page.locator('#export-btn').click();
    await page.locator('[data-testid="export-graphml"]').waitFor();
    await expect.poll(() => page.getByRole('menuitem', { name: 'GEXF (Gephi)' }).count()).toBe(1);
    const serious = (await axeScan(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious, describeViolations(serious)).toEqual([]);
    fs.mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: path.join(DOCS, 'export-graphml-gexf.png') });
    await page.keyboard.press('Escape');
  });

  it('when GraphML is saved, then a parser reads back the nodes and links of the canvas with types, colours and positions', async () => {
    const { name, text } = await exportFile(page, 'graphml');
    expect(name).toMatch(/\.graphml$/);
    const g = readGraphMl(text);
    expect(g.nodes.map((n) => n.id).sort()).toEqual(view.nodes.map((n) => n.id).sort());
    expect(g.edges.map((e) => `${e.source}>${e.target}`).sort()).toEqual(
      view.edges.map((e) => `${e.source}>${e.target}`).sort(),
    );
    const ramos = g.nodes.find((n) => n.id === RAMOS)!;
    const drawn = view.nodes.find((n) => n.id === RAMOS)!;
    expect(ramos.data.type).toBe('Person');
    expect(Number(ramos.data.x)).toBeCloseTo(drawn.x, 1);
    expect(Number(ramos.data.y)).toBeCloseTo(-drawn.y, 1);
    expect(`${ramos.data.r},${ramos.data.g},${ramos.data.b}`).toBe(rgbText(drawn.colour));
    for (const e of g.edges) expect(e.data.label).toBe(view.edges.find((v) => v.id === e.id)!.type);
  });

  it('when GEXF is saved, then a parser reads back the same counts and the viz colours and positions', async () => {
    const { name, text } = await exportFile(page, 'gexf');
    expect(name).toMatch(/\.gexf$/);
    const g = readGexf(text);
    expect(g.nodes).toHaveLength(view.nodes.length);
    expect(g.edges).toHaveLength(view.edges.length);
    const ramos = g.nodes.find((n) => n.id === RAMOS)!;
    const drawn = view.nodes.find((n) => n.id === RAMOS)!;
    expect(ramos.label).toBe('Vincent Ramos');
    expect(`${String(ramos.color['@r'])},${String(ramos.color['@g'])},${String(ramos.color['@b'])}`).toBe(
      rgbText(drawn.colour),
    );
    expect(Number(ramos.position['@x'])).toBeCloseTo(drawn.x, 1);
    // Links carry their provenance: at least one has a status and its sources.
    expect(g.edges.some((e) => e.values.status && e.values.sources)).toBe(true);
  });

  it('when FollowTheMoney is saved, then the server is asked for every entity of the canvas and its lines are the file', async () => {
    const asked = page.waitForRequest((r) => r.url().endsWith('/api/export/ftm') && r.method() === 'POST');
    const { name, text } = await exportFile(page, 'ftm');
    expect(name).toMatch(/\.ftm\.jsonl$/);
    const sent = (await asked).postDataJSON() as { entities: string[] };
    expect([...sent.entities].sort()).toEqual(view.nodes.map((n) => n.id).sort());
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; schema: string });
    expect(lines.map((l) => l.id).sort()).toEqual(view.nodes.map((n) => n.id).sort());
  });
});
