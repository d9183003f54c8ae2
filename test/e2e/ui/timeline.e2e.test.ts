/**
 * The timeline drawer driven from the keyboard (issue 19), in Chromium against the in-memory API
 * (fixture-api.ts, whose subscribers hold validity periods over 2010–2018): the legend's Time
 * section opens it, arrow keys move and Shift+arrows resize the brush, Escape clears it, and a
 * workspace saved before the timeline (filters with only `asOf`) still loads and filters.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceState } from '../../../server/contract.js';
import { axeScan, describeViolations } from '../../support/browser.js';
import { waitForStill } from '../explorer-steps.js';
import { openFixtureExplorer, type FixtureSession } from '../fixture-session.js';

type Cy = import('cytoscape').Core;
interface Handle {
  casegraph: {
    canvas: { cy: Cy };
    explorer: {
      expand(id: string): Promise<void>;
      addEntity(id: string): Promise<void>;
      loadState(state: WorkspaceState): Promise<void>;
      filters: { period?: { from: string; to: string } | null; asOf: string | null };
    };
  };
}

const period = (page: Page) =>
  page.evaluate(() => (window as unknown as Handle).casegraph.explorer.filters.period ?? null);

describe('the timeline drawer (fixture API)', () => {
  let session: FixtureSession;
  let page: Page;

  beforeAll(async () => {
    session = await openFixtureExplorer();
    page = session.page;
  });
  afterAll(async () => {
    await session?.close();
  });

  it('when the legend opens the timeline and the brush is moved with the keys, then the period follows and Escape clears it', async () => {
    await page.evaluate(async () => {
      const { explorer } = (window as unknown as Handle).casegraph;
      await explorer.addEntity('network:phantom-secure');
      await explorer.expand('network:phantom-secure');
    });
    await waitForStill(page);
    await page.locator('#flt-time-open').click();
    const hist = page.locator('#tl-hist');
    await hist.waitFor();
    await expect(page.locator('#timeline-btn').getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('tl-hist');

    await page.keyboard.press('ArrowRight');
    const one = await period(page);
    expect(one).not.toBeNull();
    await page.keyboard.press('Shift+ArrowRight');
    const wider = (await period(page))!;
    expect(wider.from).toBe(one!.from);
    expect(wider.to > one!.to).toBe(true);
    await page.keyboard.press('ArrowRight');
    const moved = (await period(page))!;
    expect(moved.from > wider.from).toBe(true);
    // Focus stays on the histogram as it is redrawn, so the keys keep working.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('tl-hist');
    await expect(hist.getAttribute('aria-valuetext')).resolves.toBe(`${moved.from} to ${moved.to}`);

    const serious = (await axeScan(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious, describeViolations(serious)).toEqual([]);

    await page.keyboard.press('Escape');
    expect(await period(page)).toBeNull();
  });

  it('when a workspace saved before the timeline (as-of only) loads, then it filters and the timeline offers to clear it', async () => {
    await page.evaluate(async () => {
      const { canvas, explorer } = (window as unknown as Handle).casegraph;
      const nodes = canvas.cy.nodes().map((n) => ({ id: n.id(), x: n.position('x'), y: n.position('y') }));
      await explorer.loadState({
        nodes,
        // Exactly what an older client saved: no period, undated or knownOn.
        filters: {
          hiddenNodeTypes: [],
          hiddenRelTypes: [],
          statuses: [],
          minConfidence: 0,
          sources: [],
          asOf: '2011-06-01',
        },
        layout: 'preset',
      });
    });
    await page.locator('#tl-asof-clear').waitFor();
    const hiddenBefore = await page.evaluate(
      () => (window as unknown as Handle).casegraph.canvas.cy.edges('.filtered').length,
    );
    expect(hiddenBefore).toBeGreaterThan(0);
    await page.locator('#tl-asof-clear').click();
    await expect(
      page.evaluate(() => (window as unknown as Handle).casegraph.explorer.filters.asOf),
    ).resolves.toBeNull();
    await expect(
      page.evaluate(() => (window as unknown as Handle).casegraph.canvas.cy.edges('.filtered').length),
    ).resolves.toBe(0);
  });
});
