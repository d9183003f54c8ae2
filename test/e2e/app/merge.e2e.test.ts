/**
 * Merge and split in the explorer, against the real app (issue 20), as an investigator in Chromium
 * at 1366×768. A register loaded beside the case lists "Republic of Panama" (alias Panama, ISO PA)
 * and a registry based there. On the canvas: the case's Panama with its links, and the register's
 * Panama with its registry. The investigator finds the duplicate, judges it the same with a
 * reason (one node then holds both records' links), sees them apart with the legend's toggle,
 * splits them (the canvas is exactly as before), and a "not same" then blocks a merge with the
 * server's reason. Screenshots for the docs at each step.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCaseDocument } from '../../../server/import/import-service.js';
import { loadModel } from '../../../server/model/model.js';
import { describeViolations } from '../../support/browser.js';
import {
  REGISTER_PANAMA,
  REGISTRY,
  countryRegister,
  registerPanama,
  registry,
  registryBasedInPanama,
} from '../../support/country-register.js';
import { waitForStill } from '../explorer-steps.js';
import { openExplorerSession, seriousViolations, shootForDocs, type ExplorerSession } from './real-app.js';

const CASE_PANAMA = 'country:panama';
const SECOND_PANAMA = 'country:register-pa-copy';
/** A merge, a split or the toggle draws the canvas again after a round trip: give it time. */
const POLL = { timeout: 15_000 };

const registerDocument = countryRegister(
  [registerPanama, { ...registerPanama, id: SECOND_PANAMA, name: 'Panamá (register copy)' }, registry],
  [registryBasedInPanama],
);

interface Handle {
  casegraph: {
    explorer: {
      addEntity(id: string): Promise<void>;
      expand(id: string, opts?: { all?: boolean }): Promise<void>;
      select(selection: { kind: 'node'; id: string }): void;
    };
    canvas: { cy: import('cytoscape').Core };
  };
}

/** The canvas's node and edge ids, sorted, and the merged nodes' counts. */
const canvasIds = (page: Page) =>
  page.evaluate(() => {
    const { cy } = (window as unknown as Handle).casegraph.canvas;
    return {
      nodes: cy
        .nodes()
        .map((n) => n.id())
        .sort(),
      edges: cy
        .edges()
        .map((e) => e.id())
        .sort(),
      merged: cy.nodes('[merged > 1]').map((n) => `${n.id()}×${n.data('merged') as number}`),
    };
  });

const hasNode = (page: Page, id: string) =>
  page.evaluate((nodeId) => (window as unknown as Handle).casegraph.canvas.cy.hasElementWithId(nodeId), id);

async function showDetails(page: Page, id: string): Promise<void> {
  await page.evaluate(
    (nodeId) => (window as unknown as Handle).casegraph.explorer.select({ kind: 'node', id: nodeId }),
    id,
  );
  await page.locator('.details-body .entity-name').first().waitFor();
}

/** From the details of `subject`: finds its possible duplicates and judges the one named `name`. */
async function judgeInUi(
  page: Page,
  subject: string,
  name: string,
  verdict: 'Same' | 'Not same',
  reason: string,
): Promise<string> {
  await showDetails(page, subject);
  await page.getByRole('button', { name: 'Find possible duplicates' }).click();
  // Each candidate's buttons are named after it ("Same: Panama"), so this finds the one meant.
  await page.getByRole('button', { name: `${verdict}: ${name}`, exact: true }).click();
  await page.getByLabel(/Why \(required/).fill(reason);
  // Earlier toasts would say "done" too early: clear them first.
  await page.evaluate(() => document.querySelectorAll('.toast').forEach((t) => t.remove()));
  await page.getByRole('button', { name: `Record “${verdict}”` }).click();
  // Done once the outcome is said: a toast after the canvas is drawn again, or the refusal.
  const outcome = page
    .locator('.toast, .identity [role="status"]')
    .filter({ hasText: /Merged:|Recorded:|Not merged:/ })
    .first();
  await outcome.waitFor();
  return (await outcome.textContent()) ?? '';
}

describe('merge and split in the explorer (real app)', () => {
  let session: ExplorerSession | undefined;
  let page: Page;

  beforeAll(async () => {
    session = await openExplorerSession({
      role: 'investigator',
      beforeServe: async (driver, database) => {
        await importCaseDocument({ driver, database, model: loadModel() }, registerDocument);
        return {};
      },
    });
    ({ page } = session);
    page.on('dialog', (dialog) => void dialog.accept());
    for (const id of [CASE_PANAMA, REGISTER_PANAMA]) {
      await page.evaluate((nodeId) => (window as unknown as Handle).casegraph.explorer.addEntity(nodeId), id);
      await page.waitForFunction(
        (nodeId) => (window as unknown as Handle).casegraph.canvas.cy.hasElementWithId(nodeId),
        id,
      );
      await page.evaluate(
        (nodeId) => (window as unknown as Handle).casegraph.explorer.expand(nodeId, { all: true }),
        id,
      );
    }
    await page.waitForFunction(() =>
      (window as unknown as Handle).casegraph.canvas.cy.hasElementWithId('org:test-panama-registry'),
    );
    await waitForStill(page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('when an investigator merges the two records of Panama, sees them apart and splits them, then the canvas comes back exactly', async () => {
    const before = await canvasIds(page);
    expect(before.nodes).toEqual(expect.arrayContaining([CASE_PANAMA, REGISTER_PANAMA, REGISTRY]));
    expect(before.merged).toEqual([]);

    // Candidates, with their reasons.
    await showDetails(page, CASE_PANAMA);
    await page.getByRole('button', { name: 'Find possible duplicates' }).click();
    const candidate = page.locator('.identity .candidate').filter({ hasText: 'Republic of Panama' });
    await candidate.waitFor();
    await expect(candidate.locator('.merge-reasons').textContent()).resolves.toMatch(
      /Same name.*Shared identifier/s,
    );
    const axe = await seriousViolations(page);
    expect(axe, describeViolations(axe)).toEqual([]);
    await shootForDocs(page, 'merge-candidates');

    // "Same", with a reason: one node holding both records' links.
    await candidate.getByRole('button', { name: 'Same: Republic of Panama', exact: true }).click();
    await page
      .getByLabel(/Why \(required/)
      .fill('Same country: same name once normalised, same ISO code (PA).');
    const dialogAxe = await seriousViolations(page);
    expect(dialogAxe, describeViolations(dialogAxe)).toEqual([]);
    await page.getByRole('button', { name: /Record “Same”/ }).click();
    await expect.poll(() => hasNode(page, REGISTER_PANAMA), POLL).toBe(false);
    const merged = await canvasIds(page);
    expect(merged.merged).toEqual([`${CASE_PANAMA}×2`]);
    expect(merged.nodes).toEqual(before.nodes.filter((id) => id !== REGISTER_PANAMA));
    // Every link of both records is still drawn, now on the one node.
    expect(merged.edges).toEqual(before.edges);
    const registryLink = await page.evaluate(
      () =>
        (window as unknown as Handle).casegraph.canvas.cy
          .getElementById('fact:test-registry-based-in-panama')
          .data('target') as string,
    );
    expect(registryLink).toBe(CASE_PANAMA);
    await showDetails(page, CASE_PANAMA);
    await page.locator('.identity .merged-members li').nth(1).waitFor();
    await expect(page.locator('.identity .merged-members').textContent()).resolves.toMatch(
      /Republic of Panama/,
    );
    await page.locator('.identity .judgement').first().waitFor();
    await expect(page.locator('.identity .judgement').first().textContent()).resolves.toMatch(
      /same ISO code/,
    );
    await waitForStill(page);
    await shootForDocs(page, 'merge-merged');

    // Apart: both records again, with the judgement between them; then merged again.
    await page.getByLabel('Show merged entities apart').check();
    await expect.poll(() => hasNode(page, REGISTER_PANAMA), POLL).toBe(true);
    const apart = await canvasIds(page);
    expect(apart.merged).toEqual([]);
    expect(apart.nodes).toEqual(before.nodes);
    expect(apart.edges.filter((id) => id.startsWith('judgement:'))).toHaveLength(1);
    await page.getByLabel('Show merged entities apart').uncheck();
    await expect.poll(() => hasNode(page, REGISTER_PANAMA), POLL).toBe(false);

    // Split: exactly the canvas of before.
    await showDetails(page, CASE_PANAMA);
    await page.locator('.identity .split-btn', { hasText: /^Split$/ }).click();
    await expect.poll(() => hasNode(page, REGISTER_PANAMA), POLL).toBe(true);
    expect(await canvasIds(page)).toEqual(before);
    await showDetails(page, REGISTER_PANAMA);
    await waitForStill(page);
    await shootForDocs(page, 'merge-split');
  });

  it('when a "not same" keeps two records apart, then merging one with the other\'s twin is refused with the reason', async () => {
    // Panama and the register's Panama are different; the register's two Panamas are one.
    await judgeInUi(page, REGISTER_PANAMA, 'Panama', 'Not same', 'Test: the register names another Panama.');
    await judgeInUi(
      page,
      REGISTER_PANAMA,
      'Panamá (register copy)',
      'Same',
      'Test: one register, listed twice.',
    );
    await expect.poll(() => hasNode(page, SECOND_PANAMA), POLL).toBe(false);
    // So the case's Panama cannot join the register's two: the server says which judgement blocks it.
    const outcome = await judgeInUi(page, CASE_PANAMA, 'Panamá (register copy)', 'Same', 'Trying anyway.');
    expect(outcome).toMatch(/Not merged: .*were judged not the same/);
    expect(await hasNode(page, REGISTER_PANAMA)).toBe(true);
    expect((await canvasIds(page)).merged).toEqual([`${REGISTER_PANAMA}×2`]);
  });
});
