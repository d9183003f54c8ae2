/**
 * The map view on the case, against the real app (seeded Neo4j) in Chromium at 1366×768: Phantom
 * Secure, its servers, its founder and his place of arrest on the canvas; the map puts the
 * countries inside their shapes and the servers at their countries, follows the canvas (filters),
 * and selection goes both ways. Offline: no request leaves the app's origin. Screenshot for docs.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, type PageProblems } from '../../support/browser.js';
import { nodePoint, waitForStill } from '../explorer-steps.js';
import { openExplorerSession, seriousViolations, shootForDocs, type ExplorerSession } from './real-app.js';

const FIRM = 'org:phantom-secure';
const SERVER_PA = 'server:phantom-secure-panama';
const SERVER_HK = 'server:phantom-secure-hong-kong';
const RAMOS = 'person:vincent-ramos';
const WASHINGTON = 'place:washington-state';
/** Country entities of the case and their ISO 3166-1 numeric ids (world-atlas shape ids). */
const COUNTRIES: Record<string, string> = {
  'country:canada': '124',
  'country:united-states': '840',
  'country:panama': '591',
  'country:hong-kong': '344',
};

interface Handle {
  casegraph: {
    explorer: {
      addEntity(id: string): Promise<void>;
      expand(id: string, opts?: { all?: boolean }): Promise<void>;
      setFilters(f: unknown): void;
      filters: { hiddenNodeTypes: string[] };
    };
    canvas: {
      cy: import('cytoscape').Core;
      selectedIds(): string[];
      selectOnly(ids: string[]): void;
      focus(id: string): void;
    };
  };
}

const marker = (page: Page, id: string) => page.locator(`#map-drawer .map-marker[data-id="${id}"]`);

async function markerPoint(page: Page, id: string): Promise<{ x: number; y: number }> {
  const m = marker(page, id);
  return { x: Number(await m.getAttribute('data-x')), y: Number(await m.getAttribute('data-y')) };
}

describe('the map view (real app)', () => {
  let session: ExplorerSession | undefined;
  let page: Page;
  let problems: PageProblems;
  const foreign: string[] = [];

  beforeAll(async () => {
    session = await openExplorerSession({
      beforeOpen: (page, app) => {
        const origin = new URL(app.url).origin;
        page.on('request', (req) => {
          const url = req.url();
          if (/^(https?|wss?):/.test(url) && new URL(url).origin !== origin) foreign.push(url);
        });
      },
    });
    ({ page, problems } = session);

    // Several entities are named "Phantom Secure…" (the firm, its network, its handset): add the
    // firm by its id, as choosing it among the search hits does.
    await page.evaluate((id) => (window as unknown as Handle).casegraph.explorer.addEntity(id), FIRM);
    // The firm, then what places it: its servers, its founder and the state he was arrested in.
    // Each expansion is started as a double-click would start it; the test waits for what it brings.
    const steps: [string, string[]][] = [
      [FIRM, [SERVER_PA, SERVER_HK, RAMOS, 'country:canada']],
      [SERVER_PA, ['country:panama']],
      [SERVER_HK, ['country:hong-kong']],
      [RAMOS, [WASHINGTON]],
      [WASHINGTON, ['country:united-states']],
    ];
    for (const [id, brings] of steps) {
      await page.waitForFunction(
        (nodeId) => (window as unknown as Handle).casegraph.canvas.cy.hasElementWithId(nodeId),
        id,
      );
      await page.evaluate((nodeId) => {
        void (window as unknown as Handle).casegraph.explorer.expand(nodeId, { all: true });
      }, id);
      await page.waitForFunction(
        (ids) => ids.every((n) => (window as unknown as Handle).casegraph.canvas.cy.hasElementWithId(n)),
        brings,
      );
      await waitForStill(page);
    }
    await waitForStill(page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('when the map opens, then each country of the case is marked inside its own shape', async () => {
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await expect(page.locator('#map-btn').getAttribute('aria-expanded')).resolves.toBe('true');
    for (const id of Object.keys(COUNTRIES)) await marker(page, id).waitFor();

    for (const [id, numeric] of Object.entries(COUNTRIES)) {
      const box = await page
        .locator(`#map-drawer .map-land path[data-country="${numeric}"]`)
        .evaluate((p) => {
          const b = (p as SVGGraphicsElement).getBBox();
          return { x: b.x, y: b.y, width: b.width, height: b.height, held: p.classList.contains('held') };
        });
      const at = await markerPoint(page, id);
      expect(at.x, id).toBeGreaterThanOrEqual(box.x);
      expect(at.x, id).toBeLessThanOrEqual(box.x + box.width);
      expect(at.y, id).toBeGreaterThanOrEqual(box.y);
      expect(at.y, id).toBeLessThanOrEqual(box.y + box.height);
      expect(box.held, `${id} tinted`).toBe(true);
    }
    // A device is linked to no place: the map lists it instead of guessing.
    await page.locator('#map-drawer .map-unplaced summary').click();
    await expect(page.locator('#map-drawer .map-unplaced').textContent()).resolves.toContain(
      'Phantom Secure handset (Device)',
    );
    await page.locator('#map-drawer .map-unplaced summary').click();
    // The legend counts what the map cannot place (devices, services, groups...).
    await expect(page.locator('#map-legend').textContent()).resolves.toMatch(
      /\d+ entities on the map; \d+ entit(y has|ies have) no place on the map\./,
    );
  });

  it('when servers are hosted in a country, then each sits on the ring of its country and says so', async () => {
    for (const [server, country, name] of [
      [SERVER_PA, 'country:panama', 'Panama'],
      [SERVER_HK, 'country:hong-kong', 'Hong Kong'],
    ] as const) {
      const s = await markerPoint(page, server);
      const c = await markerPoint(page, country);
      const distance = Math.hypot(s.x - c.x, s.y - c.y);
      expect(distance, server).toBeGreaterThan(10);
      expect(distance, server).toBeLessThan(60);
      await expect(marker(page, server).getAttribute('aria-label')).resolves.toContain(`hosted in ${name}`);
    }
    // Washington state sits at its own coordinates, inside the United States.
    const wa = await markerPoint(page, WASHINGTON);
    const us = await page.locator('#map-drawer .map-land path[data-country="840"]').evaluate((p) => {
      const b = (p as SVGGraphicsElement).getBBox();
      return { x: b.x, width: b.width };
    });
    expect(wa.x).toBeGreaterThan(us.x);
    expect(wa.x).toBeLessThan(us.x + us.width);
    expect((await markerPoint(page, RAMOS)).y).toBeLessThan((await markerPoint(page, 'country:panama')).y);
  });

  it('when a marker is clicked or chosen with Enter, then the canvas selects that entity', async () => {
    await marker(page, SERVER_HK).click();
    await page.waitForFunction(
      (id) => (window as unknown as Handle).casegraph.canvas.selectedIds().join() === id,
      SERVER_HK,
    );
    await expect(marker(page, SERVER_HK).getAttribute('aria-pressed')).resolves.toBe('true');

    await marker(page, 'country:panama').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => (window as unknown as Handle).casegraph.canvas.selectedIds().join() === 'country:panama',
    );
    await expect(marker(page, SERVER_HK).getAttribute('aria-pressed')).resolves.toBe('false');
  });

  it('when a node is clicked on the canvas, then its marker is ringed on the map', async () => {
    await page.evaluate((id) => (window as unknown as Handle).casegraph.canvas.focus(id), FIRM);
    await waitForStill(page);
    const p = await nodePoint(page, FIRM);
    await page.mouse.click(p.x, p.y);
    await page.waitForFunction(
      (id) =>
        document.querySelector(`#map-drawer .map-marker[data-id="${id}"]`)?.classList.contains('selected'),
      FIRM,
    );
    await expect(marker(page, FIRM).getAttribute('aria-label')).resolves.toContain('based in Canada');
  });

  it('when the map is drawn, then it is accessible, asks nothing of another origin, and is shot for the docs', async () => {
    const serious = await seriousViolations(page);
    expect(serious, describeViolations(serious)).toEqual([]);
    expect(foreign).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    await shootForDocs(page, 'map-view');
  });

  it('when servers are filtered out on the canvas, then the map drops their markers', async () => {
    await page.evaluate(() => {
      const { explorer } = (window as unknown as Handle).casegraph;
      explorer.setFilters({ ...explorer.filters, hiddenNodeTypes: ['Server'] });
    });
    await marker(page, SERVER_PA).waitFor({ state: 'detached' });
    expect(await marker(page, 'country:panama').count()).toBe(1);
  });
});
