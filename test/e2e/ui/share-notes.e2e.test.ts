/**
 * Sharing a workspace and keeping notes (issue 15), driven as a person would in Chromium at
 * 1366×768 against the in-memory API (fixture-api.ts): the analyst saves a canvas, shares it with
 * the investigator as a viewer, adds a note kept with the workspace; the investigator opens the
 * link and sees the note; the admin, not named, is told whom to ask. Writes the screenshots
 * share-dialog.png and notes.png for docs/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_DIR,
  axeScan,
  describeViolations,
  launchBrowser,
  openPage,
  screenshot,
  serve,
} from '../../support/browser.js';
import { searchAndAdd, signIn } from '../explorer-steps.js';
import { FIXTURE_USERS, createFixtureApp } from '../fixture-api.js';

const RAMOS = 'person:vincent-ramos';
const NOTE = 'Ramos ran the network from Vancouver; check the 2017 bank records.';

interface Handle {
  casegraph: {
    explorer: { select(s: { kind: 'node'; id: string }): void; workspace: { id: string } | null };
  };
}

async function seriousViolations(page: Page) {
  return (await axeScan(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('sharing a workspace and notes (issue 15, fixture API)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let context: BrowserContext;
  let page: Page;
  let workspaceId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await serve(createFixtureApp({ clientDir: CLIENT_DIR }));
    ({ context, page } = await openPage(browser));
    await page.goto(server.url);
    await page.locator('#db-status.ok').waitFor();
    await signIn(page, FIXTURE_USERS.analyst.username, FIXTURE_USERS.analyst.password);
    await page.locator('#flt-type-Person').waitFor({ state: 'attached' });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('when the owner shares a saved workspace with a named viewer, then the dialog says who can open the link', async () => {
    await searchAndAdd(page, 'ramos', 'Vincent Ramos');
    await page.waitForFunction(() => document.querySelector('.entity-name')?.textContent === 'Vincent Ramos');
    await page.locator('#workspaces-btn').click();
    await page.locator('#ws-name').fill('Ramos network');
    await page.locator('.ws-save').getByRole('button', { name: 'Save' }).click();
    const share = page.getByRole('button', { name: 'Share Ramos network' });
    await share.waitFor();
    workspaceId = await page.evaluate(() => (window as unknown as Handle).casegraph.explorer.workspace!.id);
    await share.click();

    const dialog = page.getByRole('dialog', { name: 'Share “Ramos network”' });
    await dialog.waitFor();
    await expect(dialog.locator('.share-who').textContent()).resolves.toBe(
      'Who can open this link: only analyst.',
    );
    await dialog.getByLabel('Named people').check();
    await page.locator('#share-who').fill('investigator');
    await page.locator('#share-permission').selectOption('viewer');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await dialog.getByRole('button', { name: 'Save sharing' }).click();
    await dialog.getByText('Sharing of “Ramos network” saved.').waitFor();
    await expect(dialog.locator('.share-who').textContent()).resolves.toBe(
      'Who can open this link: analyst, and investigator (to view).',
    );
    await expect(dialog.getByLabel('Permission of investigator').inputValue()).resolves.toBe('viewer');

    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(page, 'share-dialog');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('dialog', { name: 'Workspaces' }).getByRole('button', { name: 'Close' }).click();
  });

  it('when a note is added with the workspace, then it shows in the details with author and where it is kept', async () => {
    await page.evaluate(
      (id) => (window as unknown as Handle).casegraph.explorer.select({ kind: 'node', id }),
      RAMOS,
    );
    const details = page.locator('#details');
    await details.getByLabel('Add a note').fill(NOTE);
    await expect(details.getByLabel('with this workspace (Ramos network)').isChecked()).resolves.toBe(true);
    await details.getByRole('button', { name: 'Add note' }).click();
    const note = details.locator('.note').filter({ hasText: NOTE });
    await note.waitFor();
    await expect(note.locator('.note-meta').textContent()).resolves.toMatch(
      /^analyst · .+ · with this workspace/,
    );

    await details.getByRole('button', { name: 'Add note' }).scrollIntoViewIfNeeded();
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(page, 'notes');
  });

  it('when the named viewer opens the link, then the canvas and the note are theirs to read', async () => {
    const { context: other, page: viewer } = await openPage(browser);
    try {
      await viewer.goto(`${server.url}/#w=${encodeURIComponent(workspaceId)}`);
      await signIn(viewer, FIXTURE_USERS.investigator.username, FIXTURE_USERS.investigator.password);
      await viewer
        .getByText('Opened the workspace “Ramos network” (analyst’s, shared with you to view).')
        .waitFor();
      await viewer.evaluate(
        (id) => (window as unknown as Handle).casegraph.explorer.select({ kind: 'node', id }),
        RAMOS,
      );
      await viewer.locator('#details .note').filter({ hasText: NOTE }).waitFor();
      // A viewer may not keep notes with the workspace, so only "with the case" is offered.
      await expect(
        viewer
          .locator('#details')
          .getByLabel(/with this workspace/)
          .count(),
      ).resolves.toBe(0);
    } finally {
      await other.close();
    }
  });

  it('when someone it is not shared with opens the link, then they are told whom to ask', async () => {
    const { context: other, page: stranger } = await openPage(browser);
    try {
      await stranger.goto(`${server.url}/#w=${encodeURIComponent(workspaceId)}`);
      await signIn(stranger, FIXTURE_USERS.admin.username, FIXTURE_USERS.admin.password);
      await stranger
        .getByRole('alert')
        .filter({ hasText: 'This workspace is not shared with you — ask its owner (analyst) to share it.' })
        .waitFor();
    } finally {
      await other.close();
    }
  });
});
