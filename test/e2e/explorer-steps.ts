/**
 * The steps of an investigator's walk through the explorer, shared by the
 * fixture-API test and the real-app test: each one acts like a person would
 * (typing, clicking on the canvas, the context menu, the keyboard) and waits
 * for what a person would see.
 */
import type { Page } from 'playwright-core';

/** Counts of what the canvas holds, read through the debug handle main.ts exposes. */
export async function canvasCounts(
  page: Page,
): Promise<{ nodes: number; edges: number; visibleEdges: number }> {
  return page.evaluate(() => {
    const cy = (window as unknown as { casegraph: { canvas: { cy: import('cytoscape').Core } } }).casegraph
      .canvas.cy;
    return { nodes: cy.nodes().length, edges: cy.edges().length, visibleEdges: cy.edges(':visible').length };
  });
}

/** The viewport point of a node's centre, to click on it. */
export async function nodePoint(page: Page, id: string): Promise<{ x: number; y: number }> {
  return page.evaluate((nodeId) => {
    const { cy } = (window as unknown as { casegraph: { canvas: { cy: import('cytoscape').Core } } })
      .casegraph.canvas;
    const p = cy.getElementById(nodeId).renderedPosition();
    const box = cy.container()!.getBoundingClientRect();
    // One pixel off the exact centre: Cytoscape 3.34's hit test misses the exact centre of a
    // diamond, star or vee (its point-in-polygon test), where a person's click is never exact.
    return { x: box.left + p.x + 1, y: box.top + p.y + 1 };
  }, id);
}

/** The viewport point of the middle of an edge. */
export async function edgePoint(page: Page, id: string): Promise<{ x: number; y: number }> {
  return page.evaluate((edgeId) => {
    const { cy } = (window as unknown as { casegraph: { canvas: { cy: import('cytoscape').Core } } })
      .casegraph.canvas;
    const p = cy.getElementById(edgeId).renderedMidpoint();
    const box = cy.container()!.getBoundingClientRect();
    // One pixel off the exact centre: Cytoscape 3.34's hit test misses the exact centre of a
    // diamond, star or vee (its point-in-polygon test), where a person's click is never exact.
    return { x: box.left + p.x + 1, y: box.top + p.y + 1 };
  }, id);
}

export async function hasNode(page: Page, id: string): Promise<boolean> {
  return page.evaluate(
    (nodeId) =>
      (window as unknown as { casegraph: { canvas: { has(id: string): boolean } } }).casegraph.canvas.has(
        nodeId,
      ),
    id,
  );
}

/** Waits for the canvas to settle (animations and the layout worker). */
export async function settle(page: Page, ms = 500): Promise<void> {
  await page.waitForTimeout(ms);
}

/** Waits until neither the view nor any node is animating, then a moment more for redraws. */
export async function waitForStill(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const cy = (window as unknown as { casegraph: { canvas: { cy: import('cytoscape').Core } } }).casegraph
      .canvas.cy;
    return !cy.animated() && cy.nodes().every((n) => !(n as unknown as { animated(): boolean }).animated());
  });
  await settle(page, 300);
}

/** Types into the main search and picks the suggestion containing `label` with the keyboard. */
export async function searchAndAdd(page: Page, query: string, label: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('body').press('/');
  await page.keyboard.type(query, { delay: 30 });
  // Only the suggestions: the layout <select> has options too.
  const suggestions = page.locator('#search-slot [role="option"]');
  await suggestions
    .filter({ hasText: new RegExp(label, 'i') })
    .first()
    .waitFor({ timeout: 10_000 });
  const options = await suggestions.allTextContents();
  const index = options.findIndex((t) => t.toLowerCase().includes(label.toLowerCase()));
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
}

export async function rightClickNode(page: Page, id: string): Promise<void> {
  // Click only once nothing moves: a node still gliding to its place, or a viewport still
  // panning, would take the click somewhere else (seen on a busy machine).
  await page.waitForFunction(() => {
    const { cy } = (window as unknown as { casegraph: { canvas: { cy: import('cytoscape').Core } } })
      .casegraph.canvas;
    return !cy.animated() && cy.nodes().every((n) => !(n as unknown as { animated(): boolean }).animated());
  });
  await settle(page, 300);
  const p = await nodePoint(page, id);
  await page.mouse.click(p.x, p.y, { button: 'right' });
  await page.locator('#context-menu').waitFor({ state: 'visible' });
  // The menu fills in once the neighbourhood summary has arrived.
  await page.locator('#context-menu [data-testid^="menu-expand-"]').first().waitFor();
}

export async function clickMenu(page: Page, name: RegExp | string): Promise<void> {
  await page.locator('#context-menu').getByRole('menuitem', { name }).first().click();
}

/** Signs in through the sign-in dialog, as a person would. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Sign in to casegraph' });
  await dialog.waitFor();
  await page.locator('#login-user').fill(username);
  await page.locator('#login-password').fill(password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await dialog.waitFor({ state: 'hidden' });
}
