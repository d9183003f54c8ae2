/**
 * Hubs (issue 16, point 3) in Chromium at 1366×768 against the in-memory API with its synthetic
 * hub (330 links): loading more after a workspace is reopened adds new neighbours, the page size
 * is a choice that is kept, "load all" shows progress and is one undo step, and an expanded hub
 * shows its unloaded neighbours as "N more" bundles that load in place (screenshot
 * docs/screenshots/hub-bundles.png).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceState } from '../../../server/contract.js';
import { defaultFilters } from '../../../client/src/filters.js';
import { axeScan } from '../../support/browser.js';
import { rightClickNode } from '../explorer-steps.js';
import { HUB_ID, hubMember } from '../fixture-api.js';
import { openFixtureExplorer, type FixtureSession } from '../fixture-session.js';

type Cy = import('cytoscape').Core;
interface Handle {
  casegraph: {
    explorer: { loadState(state: WorkspaceState): Promise<void> };
    canvas: { cy: Cy; workspaceState(f: unknown): WorkspaceState; counts(): { nodes: number } };
  };
}

/** Entities on the canvas (bundles, which are not entities, left out). */
const entityCount = (page: Page) =>
  page.evaluate(() => (window as unknown as Handle).casegraph.canvas.cy.nodes(':not(.bundle)').length);

async function waitForEntities(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (count) => (window as unknown as Handle).casegraph.canvas.cy.nodes(':not(.bundle)').length === count,
    n,
    { timeout: 10_000 },
  );
}

/** Keeps every text the progress bar shows: the fixture answers too fast to race for one. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const el = document.querySelector('#load-progress')!;
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      if (!(el as HTMLElement).hidden) seen.push(el.textContent ?? '');
    }).observe(el, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/** A saved canvas holding the hub and its first `n` Person members, as a reopened workspace has it. */
function stateWithMembers(n: number): WorkspaceState {
  const nodes = [{ id: HUB_ID, x: 0, y: 0 }];
  const edges: string[] = [];
  for (let i = 1; i <= n; i++) {
    const angle = (2 * Math.PI * i) / n;
    nodes.push({
      id: hubMember(i),
      x: Math.round(400 * Math.cos(angle)),
      y: Math.round(400 * Math.sin(angle)),
    });
    edges.push(`fact:hub-a-${String(i).padStart(3, '0')}`);
  }
  return { nodes, edges, filters: defaultFilters(), layout: 'preset' };
}

describe('hubs (issue 16, fixture API)', () => {
  let session: FixtureSession;
  let page: Page;

  beforeAll(async () => {
    session = await openFixtureExplorer({ hub: true });
    page = session.page;
  });
  afterAll(async () => {
    await session?.close();
  });

  it('when a reopened canvas already shows 75 of a hub’s neighbours, then Expand and "load more" each add 25 new ones', async () => {
    await page.evaluate(
      (state) => (window as unknown as Handle).casegraph.explorer.loadState(state),
      stateWithMembers(75),
    );
    await waitForEntities(page, 76);
    await rightClickNode(page, HUB_ID);
    await page.locator('[data-testid="menu-expand-all"]').click();
    await waitForEntities(page, 101);
    const drawn = await page.evaluate(
      (ids) =>
        ids.map((id) => (window as unknown as Handle).casegraph.canvas.cy.getElementById(id).nonempty()),
      [hubMember(76), hubMember(100), hubMember(101)],
    );
    expect(drawn).toEqual([true, true, false]);
    await page.getByRole('button', { name: 'Load 25 more' }).click();
    await waitForEntities(page, 126);
  });

  it('when 50 is chosen as the page size, then "load more" adds 50 and the choice is kept', async () => {
    await rightClickNode(page, HUB_ID);
    const menuIssues = (await axeScan(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(menuIssues, JSON.stringify(menuIssues.map((v) => v.id))).toEqual([]);
    await page.locator('[data-testid="menu-page-size-50"]').click();
    expect(await page.evaluate(() => localStorage.getItem('casegraph.pageSize'))).toBe('50');
    await rightClickNode(page, HUB_ID);
    expect(await page.locator('[data-testid="menu-page-size-50"]').getAttribute('aria-checked')).toBe('true');
    await page.locator('[data-testid="menu-load-more"]').first().click();
    await waitForEntities(page, 176);
    await page.evaluate(() => localStorage.removeItem('casegraph.pageSize'));
  });

  it('when "load all" runs, then progress shows, the rest arrives and one undo takes it all back', async () => {
    const before = await entityCount(page);
    await rightClickNode(page, HUB_ID);
    await recordProgress(page);
    await page.locator('[data-testid="menu-load-all"]').click();
    await waitForEntities(page, 331);
    await page.locator('#load-progress').waitFor({ state: 'hidden' });
    expect(await entityCount(page)).toBe(before + 155);
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen.some((t) => /Loading 100 of 155…/.test(t))).toBe(true);
    await page.locator('#undo-btn').click();
    await waitForEntities(page, before);
  });

  it('when a hub is expanded, then its other groups show as "N more" bundles that load in place and never count as entities', async () => {
    const bundle = (group: string) => page.locator(`#bundle-layer .bundle[data-group="${group}"]`);
    await page.evaluate(
      (state) => (window as unknown as Handle).casegraph.explorer.loadState(state),
      stateWithMembers(0),
    );
    await waitForEntities(page, 1);
    await expect.poll(() => page.locator('#bundle-layer .bundle').count()).toBe(0);
    await rightClickNode(page, HUB_ID);
    await page.locator('[data-testid="menu-expand-all"]').click();
    await waitForEntities(page, 26);
    await bundle('MEMBER_OF|in|Person').waitFor();
    expect(await bundle('MEMBER_OF|in|Person').textContent()).toBe('215 more · MEMBER_OF ← Person');
    expect(await bundle('MEMBER_OF|in|Organisation').textContent()).toBe(
      '60 more · MEMBER_OF ← Organisation',
    );
    expect(await bundle('USED|out|Device').textContent()).toBe('30 more · USED → Device');

    // A bundle loads the next page of exactly its group, and counts down.
    // A short timeout: a chip under a toast (seen) is retried until the toast goes, 15 s later.
    await bundle('USED|out|Device').click({ timeout: 3000 });
    await waitForEntities(page, 51);
    await expect.poll(() => bundle('USED|out|Device').textContent()).toBe('5 more · USED → Device');
    const devices = await page.evaluate(
      () => (window as unknown as Handle).casegraph.canvas.cy.nodes('[type = "Device"]').length,
    );
    expect(devices).toBe(25);
    expect(await bundle('MEMBER_OF|in|Person').textContent()).toBe('215 more · MEMBER_OF ← Person');

    // View-only: not in the saved state nor in the counts.
    const saved = await page.evaluate(() => {
      const { canvas } = (window as unknown as Handle).casegraph;
      return { state: canvas.workspaceState({}).nodes.length, counted: canvas.counts().nodes };
    });
    expect(saved).toEqual({ state: 51, counted: 51 });

    const serious = (await axeScan(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious, JSON.stringify(serious.map((v) => v.id))).toEqual([]);
    await page.waitForTimeout(1600); // the "just added" glow fades
    await page.screenshot({
      path: path.resolve(import.meta.dirname, '../../../docs/screenshots/hub-bundles.png'),
    });

    // Emptied, a bundle goes; undo brings it back with its count.
    await bundle('USED|out|Device').click();
    await waitForEntities(page, 56);
    await expect.poll(() => bundle('USED|out|Device').count()).toBe(0);
    await page.locator('#undo-btn').click();
    await waitForEntities(page, 51);
    await expect.poll(() => bundle('USED|out|Device').textContent()).toBe('5 more · USED → Device');

    // Load all: the rest of the hub (330 links, 50 drawn) with progress, then no bundle is left;
    // one undo takes the whole load back and the bundles return.
    await recordProgress(page);
    await rightClickNode(page, HUB_ID);
    await page.locator('[data-testid="menu-load-all"]').click();
    await waitForEntities(page, 331);
    await page.locator('#load-progress').waitFor({ state: 'hidden' });
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(
      seen.some((t) => /Loading 100 of 280…/.test(t)),
      seen.join(' | '),
    ).toBe(true);
    await expect.poll(() => page.locator('#bundle-layer .bundle').count()).toBe(0);
    await page.locator('#undo-btn').click();
    await waitForEntities(page, 51);
    await expect.poll(() => page.locator('#bundle-layer .bundle').count()).toBe(3);
  });

  it('when "load all" is cancelled, then it stops, keeps what came as one undo step and says so', async () => {
    // Slow answers, so there is time to press Cancel between two chunks.
    await page.route('**/api/entities/*/neighbours*', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    try {
      const before = await entityCount(page);
      await rightClickNode(page, HUB_ID);
      await page.locator('[data-testid="menu-load-all"]').click();
      await page.locator('#load-progress', { hasText: 'Loading 100 of 280…' }).waitFor();
      const barIssues = (await axeScan(page)).filter(
        (v) => v.impact === 'serious' || v.impact === 'critical',
      );
      expect(barIssues, JSON.stringify(barIssues.map((v) => v.id))).toEqual([]);
      await page.locator('[data-testid="load-cancel"]').click();
      await page.locator('#load-progress').waitFor({ state: 'hidden' });
      await page.locator('#toasts .toast', { hasText: /^Stopped: added (100|200)\./ }).waitFor();
      const after = await entityCount(page);
      expect([before + 100, before + 200]).toContain(after);
      await page.locator('#undo-btn').click();
      await waitForEntities(page, before);
    } finally {
      await page.unroute('**/api/entities/*/neighbours*');
    }
  });
});
