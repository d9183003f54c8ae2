/**
 * The analyst's journey against the real app (seeded Neo4j), in Chromium at 1366×768: write a
 * parameterised query, test it (what was typed stays), read the results as a sortable table with
 * paths as chains, put its graph on the canvas instead of what was there, save it, edit it, delete
 * it, and make an API token. axe checks the drawer; screenshots go to docs/screenshots/.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RESULTS_DIR,
  describeViolations,
  launchBrowser,
  openPage,
  type PageProblems,
} from '../../support/browser.js';
import { testUsers } from '../../support/neo4j.js';
import { canvasCounts, hasNode, searchAndAdd, settle, signIn } from '../explorer-steps.js';
import { seriousViolations, shootForDocs, startRealApp, type RealApp } from './real-app.js';

const CYPHER = [
  'MATCH p = (a:Person)-[*1..2]-(o:Organisation)',
  'WHERE toLower(a.name) CONTAINS toLower($name)',
  'RETURN a.name AS person, o.name AS organisation, length(p) AS hops, $since AS since, p',
  'LIMIT 10',
].join('\n');

describe('the analyst’s journey (real app)', () => {
  let app: RealApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  const refused: string[] = [];

  beforeAll(async () => {
    app = await startRealApp();
    browser = await launchBrowser();
    ({ context, page, problems } = await openPage(browser));
    context.setDefaultTimeout(10_000);
    // Nothing offered to the analyst may answer 403.
    page.on('response', (res) => {
      if (res.status() === 403) refused.push(`${res.request().method()} ${res.url()}`);
    });
    await page.goto(app.url);
    const { username, password } = testUsers().analyst;
    await signIn(page, username, password);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  it('when a parameterised query is tested, then what was typed stays and the table reads as text', async () => {
    await searchAndAdd(page, 'cox', 'Joseph Cox');
    // On the canvas before the query runs (the add is asynchronous; landing later, it would stay).
    await expect.poll(() => hasNode(page, 'person:joseph-cox'), { timeout: 10_000 }).toBe(true);
    await page.locator('#queries-btn').click();
    await page.getByRole('button', { name: 'Write a query' }).click();
    await page.locator('#qe-title').fill('Organisations near a person');
    await page.locator('#qe-desc').fill('Who a person is linked to, within two hops.');
    await page.locator('#qe-cypher').fill(CYPHER);
    const name = page.locator('input[data-param="name"]');
    const since = page.locator('input[data-param="since"]');
    await since.waitFor();
    // A date parameter is text taking a year, a month or a day (no mm/dd/yyyy picker).
    expect(await since.getAttribute('type')).toBe('text');
    await name.fill('ramos');
    await since.fill('2016');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.locator('.q-outcome').waitFor({ timeout: 20_000 });
    // The bug: Test rebuilt the form, so the values vanished and "Name is required" came back.
    expect(await name.inputValue()).toBe('ramos');
    expect(await since.inputValue()).toBe('2016');
    expect(await page.locator('.q-editor .field-error').allTextContents()).toEqual(
      expect.not.arrayContaining([expect.stringMatching(/required/)]),
    );
    const table = page.locator('.results-table');
    expect(await table.textContent()).toContain('Vincent Ramos');
    // Paths read as chains of names and link types, never as JSON.
    const pathCell = table.locator('tbody tr').first().locator('td').nth(4);
    // Either way round: Cypher gives the rows in no set order, and a first hop may point back.
    expect(await pathCell.textContent()).toMatch(/^Vincent Ramos (—[A-Z_]+→|←[A-Z_]+—) /);
    expect(await table.textContent()).not.toContain('"kind"');
    await page.locator('.q-editor').screenshot({ path: path.join(RESULTS_DIR, 'query-editor-part.png') });
    await settle(page);
    await shootForDocs(page, 'query-editor');
  });

  it('when a column header is clicked, then the rows sort by it and the header says so', async () => {
    const header = page.locator('.results-table th', { hasText: 'hops' });
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const hops = async () =>
      (await page.locator('.results-table tbody tr td:nth-child(3)').allTextContents()).map(Number);
    const ascending = await hops();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const descending = await hops();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
  });

  it('when the result replaces the canvas, then only its graph is drawn, and one undo brings the old one back', async () => {
    // The test run above replaced the canvas (the default): Joseph Cox was not in its answer.
    const counts = await canvasCounts(page);
    const hasCox = () =>
      page.evaluate(() =>
        (window as unknown as { casegraph: { canvas: { cy: import('cytoscape').Core } } }).casegraph.canvas.cy
          .getElementById('person:joseph-cox')
          .nonempty(),
      );
    expect(counts.nodes).toBeGreaterThan(1);
    expect(await hasCox()).toBe(false);
    // The details no longer describe him either (they did, after he left the canvas).
    expect(await page.locator('#details .entity-name').count()).toBe(0);
    await page.locator('#undo-btn').click();
    expect(await hasCox()).toBe(true);
    await page.locator('#redo-btn').click();
    expect(await hasCox()).toBe(false);
  });

  it('when the query is saved, edited and deleted, then the library follows each step', async () => {
    await page.locator('#qe-shared').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const item = page.locator('.q-item', { hasText: 'Organisations near a person' });
    await item.waitFor();
    await page.getByRole('button', { name: 'Edit' }).waitFor();
    expect(await page.locator('.q-own').textContent()).toContain('Shared with the team');

    await page.getByRole('button', { name: 'Edit' }).click();
    expect(await page.locator('#qe-cypher').inputValue()).toBe(CYPHER);
    await page.locator('#qe-title').fill('Organisations within two hops of a person');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.q-item', { hasText: 'Organisations within two hops of a person' }).waitFor();
    expect(await page.locator('.q-item', { hasText: 'Organisations near a person' }).count()).toBe(0);

    // Run the saved one: its date parameter keeps the form the query takes.
    await page.locator('input[data-param="name"]').fill('ramos');
    await page.locator('input[data-param="since"]').fill('2016-03');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('.q-outcome').waitFor();
    await page.getByRole('button', { name: 'Wide table' }).click();
    await settle(page);
    const serious = await seriousViolations(page);
    expect(serious, describeViolations(serious)).toEqual([]);
    await shootForDocs(page, 'query-results');
    await page.getByRole('button', { name: 'Wide table' }).click();

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect
      .poll(() => page.locator('.q-item', { hasText: 'Organisations within two hops' }).count())
      .toBe(0);
    // Library queries are not the analyst's: no Edit, no Delete.
    await page.locator('.q-item').first().click();
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
  });

  it('when the analyst makes an API token, then it is shown once and listed', async () => {
    await page.getByRole('button', { name: 'API tokens' }).click();
    const dialog = page.getByRole('dialog', { name: 'API tokens' });
    await dialog.waitFor();
    await page.locator('#token-name').fill('nightly report');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => page.locator('#token-secret').inputValue()).toMatch(/^cgt_/);
    await dialog.locator('.token-table tbody tr', { hasText: 'nightly report' }).waitFor();
    await dialog.getByRole('button', { name: 'Close API tokens' }).click();
    expect(refused).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });
});
