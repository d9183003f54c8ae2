/**
 * The administration page against the real app (seeded Neo4j, app store with its audit log), in
 * Chromium at 1366×768: an admin creates a user and sees the first password once (and it works),
 * disables them, reads the audit log with filters and downloads it, and imports a CSV through the
 * mapping form, sees its problems by row, imports it with progress and undoes it. axe checks each
 * screen; the screenshots go to test-results/ and docs/screenshots/.
 */
import fs from 'node:fs';
import type { Driver } from 'neo4j-driver';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, launchBrowser, openPage, type PageProblems } from '../../support/browser.js';
import { graphChecksum } from '../../support/graph-checksum.js';
import { testNeo4j, testUsers } from '../../support/neo4j.js';
import { signIn } from '../explorer-steps.js';
import { seriousViolations, shootForDocs, startRealApp, type RealApp } from './real-app.js';

async function expectAccessible(page: Page): Promise<void> {
  const serious = await seriousViolations(page);
  expect(serious, describeViolations(serious)).toEqual([]);
}

describe('administration page (real app)', () => {
  let app: RealApp;
  let driver: Driver;
  let audit: RealApp['audit'];
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    app = await startRealApp();
    ({ driver, audit } = app);
    browser = await launchBrowser();
    ({ context, page, problems } = await openPage(browser));
    // A step that cannot happen fails in seconds, naming its locator, not at the test's timeout.
    context.setDefaultTimeout(10_000);
    await page.goto(`${app.url}/admin.html`);
    const { username, password } = testUsers().admin;
    await signIn(page, username, password);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  it('when an admin creates a user, then the first password is shown once and signs them in; disabled, they cannot', async () => {
    await page.getByRole('tab', { name: 'Users' }).waitFor();
    await page.locator('#users-table').waitFor();
    await page.locator('#new-user-name').fill('E2E-Newcomer');
    await page.locator('#new-user-role').selectOption('investigator');
    await page.getByRole('button', { name: 'Create user' }).click();
    const shown = page.locator('#pw-once-value');
    await shown.waitFor();
    const password = await shown.inputValue();
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    await page.locator('#users-table tr[data-user="e2e-newcomer"]').waitFor();
    await expectAccessible(page);
    await shootForDocs(page, 'admin-users');

    // The password works: a stranger's browser signs in with it.
    const other = await openPage(browser);
    await other.page.goto(app.url);
    await signIn(other.page, 'e2e-newcomer', password);
    await expect.poll(() => other.page.locator('.user-name').textContent()).toContain('investigator');

    // Disabled: their session ends and the password no longer opens one.
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Disable e2e-newcomer' }).click();
    await page.locator('#users-table tr[data-user="e2e-newcomer"].disabled').waitFor();
    const me = await other.page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);
    await other.context.close();
    // The shown password left the page with the next action.
    expect(await page.locator('#pw-once-value').count()).toBe(0);
  });

  it('when the audit log is filtered and exported, then it shows and downloads those events only', async () => {
    await audit.flush();
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.locator('#audit-table tbody tr').first().waitFor();
    await page.locator('#audit-action').fill('user.create');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect
      .poll(async () => page.locator('#audit-table tbody tr td:nth-child(4)').allTextContents())
      .toEqual(['user.create']);
    // The event names the user as the admin typed it (the store keeps names in lower case).
    expect((await page.locator('#audit-table tbody').textContent())?.toLowerCase()).toContain('e2e-newcomer');
    await page.locator('#audit-action').fill('');
    await page.locator('#audit-user').fill('e2e-newcomer');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect
      .poll(async () => page.locator('#audit-table tbody tr td:nth-child(4)').allTextContents())
      .toContain('auth.login');
    await expectAccessible(page);

    const download = page.waitForEvent('download');
    await page.locator('#audit-export-csv').click();
    const file = await (await download).path();
    const csv = fs.readFileSync(file, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('seq,at,username,action,target,status,ip,details,prevHash,hash');
    expect(csv).toContain('e2e-newcomer');
    expect(csv).not.toContain('test-analyst');
    // The whole log, as an admin first sees it.
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => page.locator('#audit-table tbody tr').count()).toBeGreaterThan(5);
    await shootForDocs(page, 'admin-audit');
  });

  it('when a CSV is mapped, previewed, imported with progress and undone, then the graph is as before', async () => {
    const before = await graphChecksum(driver, testNeo4j().database);
    await page.getByRole('tab', { name: 'Import' }).click();
    const csv = [
      'person_id,full_name,aka,org,role',
      'e2e-a,Alpha Reseller,Al;A.R.,phantom-secure,reseller',
      'e2e-b,Beta Reseller,,phantom-secure,courier',
    ].join('\n');
    await page.getByLabel('File to import').setInputFiles({
      name: 'resellers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${csv}\n,Nameless,,x,y\n`),
    });
    // Guessed: key person_id, name full_name. A row without a key is named by its row and column.
    const problemsTable = page.locator('.import-problems table');
    await problemsTable.waitFor();
    expect(await problemsTable.locator('tbody tr').first().textContent()).toMatch(/Row 4.*person_id/);
    await expect
      .poll(() => page.getByRole('button', { name: 'Import', exact: true }).isDisabled())
      .toBe(true);

    await page
      .getByLabel('File to import')
      .setInputFiles({ name: 'resellers.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`) });
    await page.getByLabel('Entity type').selectOption('Person');
    expect(await page.getByLabel('Key prefix', { exact: true }).inputValue()).toBe('person:');
    await page.getByLabel('Aliases column').selectOption('aka');
    await page.getByLabel('role', { exact: true }).check();
    await page.getByLabel('Each row also links its entity to another').check();
    await page.getByLabel('Link type').selectOption('CUSTOMER_OF');
    await page.getByLabel('Other entity’s key column').selectOption('org');
    await page.getByLabel('Its key prefix').fill('org:');
    await page.getByLabel('Claim').fill('{full_name} bought handsets from {org}');
    const preview = page.locator('.import-preview');
    await expect
      .poll(() => preview.textContent(), { timeout: 10_000 })
      .toContain('Valid: 2 entities, 2 links');
    expect(await preview.textContent()).toContain('person:e2e-a');
    expect(await preview.textContent()).toContain('Alpha Reseller bought handsets from phantom-secure');
    await expectAccessible(page);
    await page.locator('.import-mapping h3').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 200));
    await shootForDocs(page, 'admin-import');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.locator('.import-summary').waitFor({ timeout: 30_000 });
    expect(await page.locator('.import-summary').textContent()).toContain('Entities: 2 new');
    expect(await page.locator('progress').evaluate((p: HTMLProgressElement) => p.value === p.max)).toBe(true);
    expect(await graphChecksum(driver, testNeo4j().database)).not.toBe(before);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Undo this import' }).click();
    await page.getByText('Undone: the graph is as it was before this import.').waitFor();
    expect(await graphChecksum(driver, testNeo4j().database)).toBe(before);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });

  it('when an investigator opens the page, then it says why there is nothing for them', async () => {
    const other = await openPage(browser);
    await other.page.goto(`${app.url}/admin.html`);
    const { username, password } = testUsers().investigator;
    await signIn(other.page, username, password);
    const none = other.page.locator('#admin-none');
    await none.waitFor();
    expect(await none.textContent()).toContain('Only admins can manage users.');
    expect(await other.page.getByRole('tab').count()).toBe(0);
    await other.context.close();
  });
});
