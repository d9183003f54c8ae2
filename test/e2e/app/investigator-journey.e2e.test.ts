/**
 * The investigator's journey against the real app (seeded Neo4j, app store with its audit log),
 * in Chromium at 1366×768: the admin saves a canvas and shares it with the investigator by name;
 * the investigator opens the link, reads it, adds a note, and meets nothing that answers 403;
 * the admin then reads in the audit log what the investigator did.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, launchBrowser, openPage } from '../../support/browser.js';
import { testUsers } from '../../support/neo4j.js';
import { searchAndAdd, signIn } from '../explorer-steps.js';
import { seriousViolations, startRealApp, type RealApp } from './real-app.js';

const RAMOS = 'person:vincent-ramos';
const NOTE = 'Ask the court clerk for the 2018 indictment exhibits.';

interface Handle {
  casegraph: {
    explorer: { select(s: { kind: 'node'; id: string }): void; workspace: { id: string } | null };
  };
}

describe('the investigator’s journey (real app)', () => {
  let app: RealApp;
  let audit: RealApp['audit'];
  let browser: Browser;
  let workspaceId = '';

  async function signedIn(role: 'admin' | 'investigator', path = '/') {
    const opened = await openPage(browser);
    opened.context.setDefaultTimeout(10_000);
    const refused: string[] = [];
    opened.page.on('response', (res) => {
      if (res.status() === 403) refused.push(`${res.request().method()} ${res.url()}`);
    });
    await opened.page.goto(`${app.url}${path}`);
    const { username, password } = testUsers()[role];
    await signIn(opened.page, username, password);
    return { ...opened, refused };
  }

  beforeAll(async () => {
    app = await startRealApp();
    ({ audit } = app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('when the admin shares a saved canvas with the investigator by name, then the dialog says so', async () => {
    const { context, page } = await signedIn('admin');
    try {
      await searchAndAdd(page, 'ramos', 'Vincent Ramos');
      await page.locator('#workspaces-btn').click();
      await page.locator('#ws-name').fill('Ramos for the team');
      await page.locator('.ws-save').getByRole('button', { name: 'Save' }).click();
      const share = page.getByRole('button', { name: 'Share Ramos for the team' });
      await share.waitFor();
      workspaceId = await page.evaluate(() => (window as unknown as Handle).casegraph.explorer.workspace!.id);
      await share.click();
      const dialog = page.getByRole('dialog', { name: 'Share “Ramos for the team”' });
      await dialog.getByLabel('Named people').check();
      await page.locator('#share-who').fill(testUsers().investigator.username);
      await page.locator('#share-permission').selectOption('viewer');
      await dialog.getByRole('button', { name: 'Add' }).click();
      await dialog.getByRole('button', { name: 'Save sharing' }).click();
      await dialog.getByText('Sharing of “Ramos for the team” saved.').waitFor();
      expect(await dialog.locator('.share-who').textContent()).toContain(
        `${testUsers().investigator.username} (to view)`,
      );
    } finally {
      await context.close();
    }
  });

  it('when the investigator opens the link and adds a note, then nothing offered answers 403', async () => {
    const { context, page, refused, problems } = await signedIn(
      'investigator',
      `/#w=${encodeURIComponent(workspaceId)}`,
    );
    try {
      await page.getByText(/Opened the workspace “Ramos for the team”/).waitFor();
      await page.evaluate(
        (id) => (window as unknown as Handle).casegraph.explorer.select({ kind: 'node', id }),
        RAMOS,
      );
      const details = page.locator('#details');
      await details.getByLabel('Add a note').fill(NOTE);
      // A viewer keeps notes with the case only.
      expect(await details.getByLabel(/with this workspace/).count()).toBe(0);
      await details.getByRole('button', { name: 'Add note' }).click();
      await details.locator('.note').filter({ hasText: NOTE }).waitFor();

      // Nothing for analysts or admins is offered; where it matters, the drawer says who can.
      expect(await page.locator('#admin-link').count()).toBe(0);
      await page.locator('#queries-btn').click();
      await page.locator('#q-write-note').filter({ hasText: 'Analysts and admins can write' }).waitFor();
      expect(await page.getByRole('button', { name: 'Write a query' }).isVisible()).toBe(false);
      // Their own API tokens are theirs to make.
      await page.getByRole('button', { name: 'API tokens' }).click();
      await page.getByRole('dialog', { name: 'API tokens' }).waitFor();
      await page.getByRole('button', { name: 'Close API tokens' }).click();

      const serious = await seriousViolations(page);
      expect(serious, describeViolations(serious)).toEqual([]);
      expect(refused).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('when the admin reads the audit log, then the investigator’s note and opening are there', async () => {
    await audit.flush();
    const { context, page } = await signedIn('admin', '/admin.html#audit');
    try {
      await page.locator('#audit-user').fill(testUsers().investigator.username);
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await expect
        .poll(async () => page.locator('#audit-table tbody tr td:nth-child(4)').allTextContents())
        .toEqual(expect.arrayContaining(['auth.login', 'note.create']));
    } finally {
      await context.close();
    }
  });
});
