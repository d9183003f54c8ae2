/**
 * Small canvas bugs that show only in the browser (issue 15), each driven as a person meets it,
 * in Chromium at 1366×768 against the in-memory API (fixture-api.ts). Also writes the
 * screenshots of the k-paths list and of the exported SVG for docs/screenshots/.
 */
import { pathEvidence } from '../../../server/graph/path-evidence.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityDetail, FactDetail, PathsResponse } from '../../../server/contract.js';
import { RESULTS_DIR, screenshot } from '../../support/browser.js';
import { clickMenu, edgePoint, searchAndAdd, settle, waitForStill } from '../explorer-steps.js';
import { openFixtureExplorer, type FixtureSession } from '../fixture-session.js';

const RAMOS = 'person:vincent-ramos';
const PHANTOM = 'org:phantom-secure';
const SINALOA = 'org:sinaloa-cartel';
const FOUNDED = 'fact:ramos-founded-phantom-secure';
const LEADS = 'fact:ramos-leads-phantom-secure';
const SUPPLIED = 'fact:phantom-secure-supplied-sinaloa-cartel';

type Cy = import('cytoscape').Core;
interface Handle {
  casegraph: {
    canvas: { cy: Cy };
    explorer: {
      expand(id: string): Promise<void>;
      hide(ids: string[]): void;
      error(err: unknown): void;
      addEntity(id: string): Promise<void>;
    };
  };
}

async function rightClickEdge(page: Page, id: string): Promise<void> {
  await waitForStill(page);
  const p = await edgePoint(page, id);
  await page.mouse.click(p.x, p.y, { button: 'right' });
  await page.locator('#context-menu').waitFor({ state: 'visible' });
}

describe('canvas bugs (issue 15, fixture API)', () => {
  let session: FixtureSession;
  let page: Page;

  beforeAll(async () => {
    session = await openFixtureExplorer();
    page = session.page;
  });
  afterAll(async () => {
    await session?.close();
  });

  it('when "Expand" is pressed in the details, then the neighbourhood counts show what is now drawn', async () => {
    await searchAndAdd(page, 'ramos', 'Vincent Ramos');
    await page.waitForFunction(() => document.querySelector('.entity-name')?.textContent === 'Vincent Ramos');
    const rows = page.locator('.details-body .summary-row .count');
    await rows.first().waitFor();
    expect((await rows.allTextContents()).some((t) => t.includes('/'))).toBe(false);
    await page.locator('.details-body .btn.primary', { hasText: /^Expand/ }).click();
    // Every link of Ramos is drawn now: each row reads "n/n".
    await expect
      .poll(async () => (await rows.allTextContents()).every((t) => /^(\d+)\/\1$/.test(t)), { timeout: 5000 })
      .toBe(true);
  });

  it('when a node is hidden, then the status line says so and no longer counts its links as shown', async () => {
    const status = page.locator('#canvas-status');
    const before = await status.textContent();
    expect(before).not.toMatch(/hidden/);
    await page.evaluate((id) => (window as unknown as Handle).casegraph.explorer.hide([id]), PHANTOM);
    await expect.poll(() => status.textContent()).toMatch(/\b1 hidden\b/);
    const text = (await status.textContent())!;
    const [, shownLinks, allLinks] = /(\d+) of (\d+) links/.exec(text) ?? [];
    expect(Number(shownLinks)).toBeLessThan(Number(allLinks));
    await page.locator('#undo-btn').click();
    await expect.poll(() => status.textContent()).not.toMatch(/hidden/);
  });

  it('when "Why is this link here?" is asked of a second link, then the canvas selects the link the details show', async () => {
    // The first link is selected by a click, the second is asked about from its menu.
    await page.evaluate(() =>
      (window as unknown as Handle).casegraph.canvas.cy.nodes().removeClass('hidden'),
    );
    await waitForStill(page);
    const p = await edgePoint(page, FOUNDED);
    await page.mouse.click(p.x, p.y);
    await page.locator('.details-body', { hasText: `fact ${FOUNDED}` }).waitFor();
    await rightClickEdge(page, LEADS);
    await clickMenu(page, 'Why is this link here?');
    await page.locator('.details-body', { hasText: `fact ${LEADS}` }).waitFor();
    const selected = await page.evaluate(() =>
      (window as unknown as Handle).casegraph.canvas.cy.elements(':selected').map((e) => e.id()),
    );
    expect(selected).toEqual([LEADS]);
  });

  it('when the confidence slider is moved by several arrow keys, then one undo takes the whole move back', async () => {
    const slider = page.locator('#flt-confidence');
    const value = () => slider.inputValue();
    expect(await value()).toBe('0');
    await slider.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(value).toBe('0.2');
    await page.locator('#undo-btn').click();
    await expect.poll(value).toBe('0');
    expect(await page.locator('#undo-btn').getAttribute('title')).not.toMatch(/confidence/);
  });

  it('when an error is shown while the queries drawer is open, then the toast does not cover the drawer', async () => {
    await page.locator('#queries-btn').click();
    const drawer = page.locator('#queries-drawer');
    await drawer.waitFor({ state: 'visible' });
    await page.evaluate(() =>
      (window as unknown as Handle).casegraph.explorer.error(new Error('Test failure')),
    );
    const toast = page.locator('#toasts .toast.error').last();
    await toast.waitFor();
    await settle(page, 300);
    const t = (await toast.boundingBox())!;
    const d = (await drawer.boundingBox())!;
    await screenshot(page, 'bugs-toast-drawer');
    expect(t.y + t.height, 'toast bottom vs drawer top').toBeLessThanOrEqual(d.y);
    await page.locator('#queries-close').click();
    await page.keyboard.press('Escape');
  });

  it('when k paths pass the same entities by different links, then the list tells them apart', async () => {
    // The fixture API answers one shortest path whatever the mode: stand in for the server's
    // k-paths with the two real paths of the case from Ramos to the Sinaloa Cartel.
    const get = async <T>(url: string): Promise<T> =>
      (await (await page.request.get(session.server.url + url)).json()) as T;
    const nodes = await Promise.all(
      [RAMOS, PHANTOM, SINALOA].map(async (id) => (await get<EntityDetail>(`/api/entities/${id}`)).node),
    );
    const edges = await Promise.all(
      [FOUNDED, LEADS, SUPPLIED].map(async (id) => (await get<FactDetail>(`/api/facts/${id}`)).edge),
    );
    const evidenceOf = (ids: string[]) => pathEvidence(ids, (id) => edges.find((e) => e.id === id));
    await page.route('**/api/paths?*', async (route) => {
      const body: PathsResponse = {
        nodes,
        edges,
        paths: [
          {
            nodes: [RAMOS, PHANTOM, SINALOA],
            edges: [FOUNDED, SUPPLIED],
            length: 2,
            evidence: evidenceOf([FOUNDED, SUPPLIED]),
          },
          {
            nodes: [RAMOS, PHANTOM, SINALOA],
            edges: [LEADS, SUPPLIED],
            length: 2,
            evidence: evidenceOf([LEADS, SUPPLIED]),
          },
        ],
        sources: [],
        outcome: 'complete',
        elapsedMs: 4,
      };
      await route.fulfill({ json: body });
    });
    // The mode picker sits in the path bar, shown while a person picks the ends; set it directly.
    await page.evaluate(() => {
      (window as unknown as { casegraph: { explorer: { pathMode: string } } }).casegraph.explorer.pathMode =
        'k-paths';
    });
    await page.evaluate(
      ([from, to]) =>
        (
          window as unknown as { casegraph: { explorer: { findPath(a: string, b: string): Promise<void> } } }
        ).casegraph.explorer.findPath(from!, to!),
      [RAMOS, SINALOA],
    );
    const items = page.locator('.path-list .summary-row');
    await expect.poll(() => items.count()).toBe(2);
    // Without its number: "Path 1" and "Path 2" alone must not be what tells them apart.
    const texts = (await items.allTextContents()).map((t) => t.replace(/^Path \d+ · /, ''));
    expect(new Set(texts).size, texts.join(' | ')).toBe(2);
    expect(texts[0]).toContain('FOUNDED');
    expect(texts[1]).toContain('LEADS');
    await waitForStill(page);
    await screenshot(page, 'k-paths');
    await page.unroute('**/api/paths?*');
    await page.keyboard.press('Escape');
  });

  it('when the drawing is exported as SVG, then no label is cut at its edges', async () => {
    await page.locator('#export-btn').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="export-svg"]').click(),
    ]);
    const svg = fs.readFileSync(await download.path(), 'utf8');
    const file = path.join(RESULTS_DIR, 'svg-export.svg');
    fs.writeFileSync(file, svg);
    const view = await session.context.newPage();
    await view.setViewportSize({ width: 1366, height: 768 });
    await view.setContent(
      `<!doctype html><html><body style="margin:0;background:#eef0f3;display:grid;place-items:center;height:100vh">` +
        `<div style="width:1366px;height:768px;display:grid;place-items:center">${svg.replace(
          /<svg /,
          '<svg style="max-width:1346px;max-height:748px;width:auto;height:auto" ',
        )}</div></body></html>`,
    );
    // Every label's box lies inside the drawing's view box.
    const outside = await view.evaluate(() => {
      const root = document.querySelector('svg')!;
      const vb = root.viewBox.baseVal;
      return [...root.querySelectorAll<SVGTextElement>('g.nodes text')]
        .map((t) => ({ text: t.textContent, box: t.getBBox() }))
        .filter(({ box }) => box.x < vb.x || box.x + box.width > vb.x + vb.width)
        .map(({ text }) => text);
    });
    await screenshot(view, 'svg-export');
    await view.close();
    expect(outside).toEqual([]);
  });
});
