/**
 * The explorer against the real app: `createApp` on an ephemeral port, the
 * test Neo4j seeded with the Phantom Secure case, driven by Chromium. The
 * same investigator's walk as explorer-ui.e2e.test.ts (which uses an
 * in-memory API), so a failure here and not there points at the API.
 * Screenshots land in test-results/real-*.png.
 */
import fs from 'node:fs';
import type { Driver } from 'neo4j-driver';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SavedQuery } from '../../server/contract.js';
import { createApp } from '../../server/app.js';
import { MemoryAuditLog } from '../../server/audit/audit-log.js';
import { createLogger } from '../../server/logger.js';
import { loadModel } from '../../server/model/model.js';
import { resetGraph, seedDatabase } from '../../server/seed/seed.js';
import {
  CLIENT_DIR,
  axeScan,
  describeViolations,
  launchBrowser,
  openPage,
  screenshot,
  serve,
  type PageProblems,
} from '../support/browser.js';
import { testAppStore } from '../support/app-store.js';
import { testDriver, testNeo4j, testUsers } from '../support/neo4j.js';
import {
  canvasCounts,
  clickMenu,
  edgePoint,
  hasNode,
  rightClickNode,
  searchAndAdd,
  settle,
  signIn,
} from './explorer-steps.js';

const RAMOS = 'person:vincent-ramos';
const SINALOA = 'org:sinaloa-cartel';
const FOUNDED = 'fact:ramos-founded-phantom-secure';

describe('explorer (real app, seeded Neo4j)', () => {
  let driver: Driver;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    driver = testDriver();
    const database = testNeo4j().database;
    await resetGraph(driver, database);
    await seedDatabase({ driver, database, model: loadModel() });
    const app = createApp({
      driver,
      database,
      logger: createLogger('silent'),
      lifecycle: { shuttingDown: false },
      clientDir: CLIENT_DIR,
      audit: new MemoryAuditLog(),
      appStore: await testAppStore(),
    });
    server = await serve(app);
    browser = await launchBrowser();
    ({ context, page, problems } = await openPage(browser));
    await page.goto(server.url);
    await page.locator('#db-status.ok').waitFor({ timeout: 20_000 });
    const { username, password } = testUsers().analyst;
    await signIn(page, username, password);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await driver?.close();
  });

  it('when opened, then the page is ready, styled from the model and free of serious accessibility issues', async () => {
    expect(await page.locator('#banner').isVisible()).toBe(false);
    await page.locator('#flt-type-Person').waitFor({ state: 'attached' });
    await screenshot(page, 'real-01-empty');
    const serious = (await axeScan(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious, describeViolations(serious)).toEqual([]);
  });

  it('serves the production build without source maps: none built, none referenced, a guessed one is a 404', async () => {
    const assets = fs.readdirSync(`${CLIENT_DIR}/assets`);
    expect(assets.filter((file) => file.endsWith('.map'))).toEqual([]);
    for (const file of assets.filter((name) => name.endsWith('.js'))) {
      expect(fs.readFileSync(`${CLIENT_DIR}/assets/${file}`, 'utf8'), file).not.toMatch(/sourceMappingURL/);
    }
    const script = assets.find((name) => name.endsWith('.js'));
    const guessed = await fetch(`${server.url}/assets/${script}.map`);
    expect(guessed.status).toBe(404);
  });

  it('when an investigator searches "ramos", then choosing the suggestion puts him on the canvas', async () => {
    await searchAndAdd(page, 'ramos', 'Vincent Ramos');
    await page.waitForFunction(() => document.querySelector('.entity-name')?.textContent === 'Vincent Ramos');
    expect(await hasNode(page, RAMOS)).toBe(true);
    await screenshot(page, 'real-02-added');
  });

  it('when FOUNDED is chosen in his menu, then the counts were there before loading and the company appears', async () => {
    await rightClickNode(page, RAMOS);
    const founded = page.locator('[data-testid="menu-expand-FOUNDED-out"]');
    await founded.waitFor();
    expect(await founded.textContent()).toMatch(/1/);
    await screenshot(page, 'real-03-menu');
    await founded.click();
    await page.waitForFunction(() =>
      (window as never as { casegraph: { canvas: { has(id: string): boolean } } }).casegraph.canvas.has(
        'org:phantom-secure',
      ),
    );
  });

  it('when the FOUNDED link is clicked, then the details show its claim and its source', async () => {
    await page.locator('#fit-btn').click();
    await settle(page);
    const p = await edgePoint(page, FOUNDED);
    await page.mouse.click(p.x, p.y);
    await page.locator('.claim').waitFor();
    await page.locator('.source-title').first().waitFor();
    expect(await page.locator('.source-title').first().textContent()).toMatch(/InSight Crime/);
    await screenshot(page, 'real-04-fact');
  });

  it('when a path from Ramos to the Sinaloa Cartel is asked, then it is drawn and highlighted', async () => {
    await searchAndAdd(page, 'sinaloa', 'Sinaloa Cartel');
    await page.locator('#fit-btn').click();
    await settle(page, 800);
    await rightClickNode(page, RAMOS);
    await clickMenu(page, 'Path from here');
    await rightClickNode(page, SINALOA);
    await clickMenu(page, 'Path to here');
    await page.locator('.path-list').waitFor();
    const highlighted = await page.evaluate(
      () =>
        (
          window as never as { casegraph: { canvas: { cy: import('cytoscape').Core } } }
        ).casegraph.canvas.cy.elements('.path').length,
    );
    expect(highlighted).toBeGreaterThanOrEqual(3);
    await settle(page);
    await screenshot(page, 'real-05-path');
    await page.keyboard.press('Escape');
  });

  it('when a saved query with an entity parameter runs, then its graph and its table with outcome and timing appear', async () => {
    // Asked from the page, which holds the session cookie.
    const list = await page.evaluate(async () => {
      const body = (await (await fetch('/api/queries')).json()) as SavedQuery[] | { queries: SavedQuery[] };
      return Array.isArray(body) ? body : body.queries;
    });
    const query = list.find((q) => q.parameters.some((p) => p.type === 'entity'));
    expect(query, 'the library has a query with an entity parameter').toBeDefined();
    const param = query!.parameters.find((p) => p.type === 'entity')!;
    await page.locator('#queries-btn').click();
    await page.getByRole('button', { name: query!.title }).click();
    const input = page.locator(`input[data-param="${param.name}"]`);
    await input.fill('');
    await input.type('phantom', { delay: 30 });
    await page.locator('.q-form [role="option"]').first().waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('.q-outcome').waitFor();
    expect(await page.locator('.q-outcome').textContent()).toMatch(/(complete|truncated|timed out).*ms/);
    await settle(page);
    await screenshot(page, 'real-06-query');
  });

  it('when the last action is undone with Ctrl+Z, then the canvas goes back one step', async () => {
    const before = await canvasCounts(page);
    await page.locator('#canvas').focus();
    await page.keyboard.press('Control+z');
    const after = await canvasCounts(page);
    expect(after.nodes).toBeLessThanOrEqual(before.nodes);
    expect(await page.locator('#redo-btn').isEnabled()).toBe(true);
    await page.keyboard.press('Control+Shift+z');
    expect((await canvasCounts(page)).nodes).toBe(before.nodes);
  });

  it('when the canvas is saved as a workspace and its link opened, then the same entities come back', async () => {
    const saved = await canvasCounts(page);
    await page.locator('#workspaces-btn').click();
    await page.locator('#ws-name').fill('Ramos walk');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForFunction(() => location.hash.startsWith('#w='), undefined, { timeout: 10_000 });
    const hash = await page.evaluate(() => location.hash);
    await page.getByRole('dialog', { name: 'Workspaces' }).getByRole('button', { name: 'Close' }).click();
    const fresh = await context.newPage();
    await fresh.goto(`${server.url}/${hash}`);
    await fresh.waitForFunction(
      (n) =>
        (
          window as never as { casegraph?: { canvas: { nodeCount(): number } } }
        ).casegraph?.canvas.nodeCount() === n,
      saved.nodes,
    );
    await screenshot(fresh, 'real-07-reopened');
    await fresh.close();
  });

  it('when the view is exported, then PNG, SVG and JSON files come out', async () => {
    for (const kind of ['png', 'svg', 'json']) {
      await page.locator('#export-btn').click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator(`[data-testid="export-${kind}"]`).click(),
      ]);
      expect(fs.statSync(await download.path()).size).toBeGreaterThan(100);
    }
  });

  it('when the walk is over, then the console holds no error and no CSP violation', () => {
    expect(problems.pageErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });
});
