/**
 * Evidence-weighted paths and source ablation on the real app and the seeded case (issue 19):
 * k paths from Vincent Ramos to the organised crime groups, each with its weakest link and its
 * sources, ordered strongest first on request; then "what if the report were wrong?" fades every
 * case fact (the case has one source) and says every path breaks, and Undo restores. Screenshots
 * at 1366×768 in docs/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations } from '../../support/browser.js';
import { clickMenu, rightClickNode, searchAndAdd, waitForStill } from '../explorer-steps.js';
import { openExplorerSession, seriousViolations, shootForDocs, type ExplorerSession } from './real-app.js';

const RAMOS = 'person:vincent-ramos';
const OCG = 'group:organised-crime-groups';
const REPORT_TITLE = 'InSight Crime news analysis';

type Cy = import('cytoscape').Core;
const cyCounts = (page: Page) =>
  page.evaluate(() => {
    const { cy } = (window as unknown as { casegraph: { canvas: { cy: Cy } } }).casegraph.canvas;
    return {
      edges: cy.edges().length,
      ablatedEdges: cy.edges('.ablated').length,
      ablatedNodes: cy.nodes('.ablated').length,
    };
  });

/** The weakest link's confidence of each listed path, in the order listed (from its "· 60%"). */
const weakestConfidences = async (page: Page) =>
  (await page.locator('.details-body > .path-list .weakest-link').allTextContents()).map((t) => {
    const m = /(\d+)%/.exec(t);
    return m ? Number(m[1]) : 0;
  });

describe('evidence-weighted paths and source ablation (real app)', () => {
  let session: ExplorerSession | undefined;
  let page: Page;

  beforeAll(async () => {
    session = await openExplorerSession();
    ({ page } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('when k paths are found, then each shows its weakest link and sources, and strongest first reorders them', async () => {
    await searchAndAdd(page, 'vincent ramos', 'Vincent Ramos');
    await page.waitForFunction((id) => {
      const { cy } = (window as unknown as { casegraph: { canvas: { cy: Cy } } }).casegraph.canvas;
      return cy.getElementById(id).length > 0;
    }, RAMOS);
    await searchAndAdd(page, 'organised crime', 'Organised crime groups');
    await page.waitForFunction((id) => {
      const { cy } = (window as unknown as { casegraph: { canvas: { cy: Cy } } }).casegraph.canvas;
      return cy.getElementById(id).length > 0;
    }, OCG);
    await waitForStill(page);
    await rightClickNode(page, RAMOS);
    await clickMenu(page, 'Path from here');
    await page.locator('#path-mode').selectOption('k-paths');
    await rightClickNode(page, OCG);
    await clickMenu(page, 'Path to here');
    const items = page.locator('.details-body > .path-list > .path-item');
    await items.first().waitFor();
    const count = await items.count();
    expect(count).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < count; i++) {
      const item = items.nth(i);
      expect(await item.locator('.weakest-link').textContent()).toMatch(
        /(alleged|reported|confirmed|unsourced)/,
      );
      expect(await item.locator('.path-sources').textContent()).toContain(REPORT_TITLE);
    }

    const before = (await page.locator('.details-body > .path-list .summary-row').allTextContents()).sort();
    await page.locator('#path-order').selectOption('strength');
    // The list is asked for again and redrawn strongest first (the server's order may differ).
    const sorted = (xs: number[]) =>
      xs.length === count && xs.join() === [...xs].sort((a, b) => b - a).join();
    await expect.poll(async () => sorted(await weakestConfidences(page))).toBe(true);
    expect(await page.locator('#path-order').inputValue()).toBe('strength');
    // The same paths, in another order (their numbers follow the order).
    const after = await page.locator('.details-body > .path-list .summary-row').allTextContents();
    const strip = (t: string) => t.replace(/^Path \d+ · /, '');
    expect(after.map(strip).sort()).toEqual(before.map(strip).sort());

    await waitForStill(page);
    const serious = await seriousViolations(page);
    expect(serious, describeViolations(serious)).toEqual([]);
    await shootForDocs(page, 'evidence-paths');
  });

  it('when the report is ablated, then every case fact fades, every path breaks, and Undo restores', async () => {
    await page.locator('.path-ablation .ablate-btn').first().click();
    await page.locator('#ablation-banner').waitFor({ state: 'visible' });
    expect(await page.locator('#ablation-banner').textContent()).toContain(REPORT_TITLE);
    // Every fact of the case cites the report alone: all of them fade.
    await expect.poll(async () => (await cyCounts(page)).ablatedEdges).toBeGreaterThan(0);
    const counts = await cyCounts(page);
    expect(counts.ablatedEdges).toBe(counts.edges);
    expect(counts.ablatedNodes).toBeGreaterThan(0);
    // The paths list, asked again, marks every path broken and finds no survivor.
    await page.locator('.ablation-note').waitFor();
    expect(await page.locator('.ablation-note').textContent()).toMatch(/all \d+ paths? break/);
    const listed = await page.locator('.details-body > .path-list > .path-item').count();
    expect(await page.locator('.details-body > .path-list > .path-item.broken').count()).toBe(listed);
    expect(await page.locator('.alternatives').textContent()).toContain('No path survives');

    await waitForStill(page);
    const serious = await seriousViolations(page);
    expect(serious, describeViolations(serious)).toEqual([]);
    await shootForDocs(page, 'source-ablation');

    await page.locator('#ablation-undo').click();
    await page.locator('#ablation-banner').waitFor({ state: 'hidden' });
    await expect.poll(async () => (await cyCounts(page)).ablatedEdges).toBe(0);
    expect((await cyCounts(page)).ablatedNodes).toBe(0);
    await expect.poll(async () => page.locator('.details-body .path-item.broken').count()).toBe(0);
    expect(await page.locator('.alternatives').count()).toBe(0);
  });

  it('when "rests on one source" is on, then the facts citing the report alone stay and the filter counts as active', async () => {
    const single = page.locator('#flt-single-source');
    await single.check();
    await expect.poll(async () => page.locator('#legend .pill').textContent()).toBe('1 active');
    const hidden = await page.evaluate(() => {
      const { cy } = (window as unknown as { casegraph: { canvas: { cy: Cy } } }).casegraph.canvas;
      return cy.edges('.filtered').length;
    });
    expect(hidden).toBe(0);
    await single.uncheck();
  });

  it('when the legend offers ablation, then its button sits inside the legend and ablates the source', async () => {
    const button = page.locator('#legend .source-row .ablate-btn').first();
    const legend = (await page.locator('#legend').boundingBox())!;
    const box = (await button.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(legend.x + legend.width);
    await button.click();
    await page.locator('#ablation-banner').waitFor({ state: 'visible' });
    await expect.poll(async () => (await cyCounts(page)).ablatedEdges).toBeGreaterThan(0);
    await page.locator('#legend .source-row .ablate-btn').first().click();
    await page.locator('#ablation-banner').waitFor({ state: 'hidden' });
    expect((await cyCounts(page)).ablatedEdges).toBe(0);
  });
});
