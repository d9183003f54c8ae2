/**
 * The timeline drawer on the real app and the Phantom Secure case (issue 19): the histogram counts
 * the canvas's dated facts, a brushed range hides facts outside it, undated facts hide on request,
 * "Known on" shows the network as known on a date (nothing before the report, everything after),
 * and Play slides the window. Expected numbers come from the canvas's own edge data, never from
 * the case file (its dates are being corrected). Screenshot at 1366×768 with a brush applied.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, type PageProblems } from '../../support/browser.js';
import { searchAndAdd, waitForStill } from '../explorer-steps.js';
import { openExplorerSession, seriousViolations, shootForDocs, type ExplorerSession } from './real-app.js';

interface EdgeRow {
  id: string;
  dated: boolean;
  /** First and last day the fact was true (partial dates widened; open ends null). */
  start: string | null;
  end: string | null;
  recorded: string | null;
  hidden: boolean;
}

/** Each fact on the canvas: dated or not, its first year, recorded date, and whether it is hidden. */
async function edgeRows(page: Page): Promise<EdgeRow[]> {
  return page.evaluate(() => {
    const { cy } = (window as unknown as { casegraph: { canvas: { cy: import('cytoscape').Core } } })
      .casegraph.canvas;
    const isDate = (v: unknown) => typeof v === 'string' && /^\d{4}/.test(v);
    return cy.edges().map((e) => {
      const d = e.data() as Record<string, unknown>;
      const first = [d.date, d.validFrom, d.validTo].find(isDate) as string | undefined;
      const widen = (v: unknown, end: boolean) => {
        if (!isDate(v)) return null;
        const s = v as string;
        if (s.length >= 10) return s.slice(0, 10);
        if (s.length === 7) return end ? `${s}-31` : `${s}-01`;
        return end ? `${s.slice(0, 4)}-12-31` : `${s.slice(0, 4)}-01-01`;
      };
      return {
        id: e.id(),
        dated: Boolean(first),
        start: widen(d.date ?? d.validFrom, false),
        end: widen(d.date ?? d.validTo, true),
        recorded: isDate(d.recorded) ? (d.recorded as string) : null,
        hidden: e.hasClass('filtered'),
      };
    });
  });
}

async function period(page: Page): Promise<{ from: string; to: string } | null> {
  return page.evaluate(
    () =>
      (
        window as unknown as {
          casegraph: { explorer: { filters: { period?: { from: string; to: string } | null } } };
        }
      ).casegraph.explorer.filters.period ?? null,
  );
}

describe('the timeline drawer on the Phantom Secure case (real app)', () => {
  let session: ExplorerSession | undefined;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    session = await openExplorerSession({
      // Two facts dated years apart (only when the case leaves them undated), so the span has
      // several bins to brush and play over whatever dates the case file holds.
      beforeServe: async (driver, database) => {
        await driver.executeQuery(
          `MATCH ()-[r]->() WHERE r.id = 'fact:ramos-founded-phantom-secure' AND r.date IS NULL SET r.date = '2008'`,
          {},
          { database },
        );
        await driver.executeQuery(
          `MATCH ()-[r]->() WHERE r.id = 'fact:ramos-leads-phantom-secure'
             AND r.validFrom IS NULL AND r.validTo IS NULL AND r.date IS NULL
           SET r.validFrom = '2012-06', r.validTo = '2018-03'`,
          {},
          { database },
        );
        return {};
      },
    });
    ({ page, problems } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('when Phantom Secure is expanded twice and the timeline brushed, played and set to a known-on date, then the canvas follows', async () => {
    expect(problems.pageErrors).toEqual([]);
    // The organisation, not the handset or the servers named after it.
    await searchAndAdd(page, 'phantom secure', 'Organisation');
    const phantom = 'org:phantom-secure';
    await page.waitForFunction(
      (id) =>
        (window as unknown as { casegraph: { canvas: { has(id: string): boolean } } }).casegraph.canvas.has(
          id,
        ),
      phantom,
    );
    await waitForStill(page);
    for (const id of [phantom, 'person:vincent-ramos']) {
      await page.evaluate(
        (key) =>
          (
            window as unknown as { casegraph: { explorer: { expand(id: string): Promise<void> } } }
          ).casegraph.explorer.expand(key),
        id,
      );
      await waitForStill(page);
    }
    const rows = await edgeRows(page);
    const dated = rows.filter((r) => r.dated);
    const undated = rows.filter((r) => !r.dated);
    expect(dated.length).toBeGreaterThanOrEqual(2);

    // Open the timeline: its bars add up to the dated facts on the canvas, the undated are counted.
    await page.getByRole('button', { name: 'Timeline', exact: true }).click();
    const hist = page.locator('#tl-hist');
    await hist.waitFor();
    const counts = await page
      .locator('#tl-hist .tl-bar')
      .evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-count'))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(dated.length);
    await expect(hist.getAttribute('data-total')).resolves.toBe(String(dated.length));
    await expect(page.locator('#tl-undated-count').textContent()).resolves.toBe(
      `${undated.length} undated ${undated.length === 1 ? 'fact' : 'facts'}`,
    );

    // Brush from the first bin to about a third of the span: the facts of 2018 fall outside.
    const box = (await hist.boundingBox())!;
    await page.mouse.move(box.x + 10, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.2, box.y + 40, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.35, box.y + 40, { steps: 5 });
    await page.mouse.up();
    const brushed = await period(page);
    expect(brushed).not.toBeNull();
    expect(brushed!.to < '2018-01-01').toBe(true);
    const afterBrush = await edgeRows(page);
    // A dated fact shows exactly when its time overlaps the range (a month's end read as the 31st
    // is enough here: the brush snaps to whole bins).
    const overlaps = (r: EdgeRow) =>
      (!r.start || r.start <= brushed!.to) && (!r.end || brushed!.from <= r.end);
    const outside = afterBrush.filter((r) => r.dated && !overlaps(r));
    expect(outside.length).toBeGreaterThan(0);
    for (const r of afterBrush.filter((x) => x.dated)) expect(r.hidden, r.id).toBe(!overlaps(r));
    for (const r of afterBrush.filter((x) => !x.dated)) expect(r.hidden, r.id).toBe(false);
    await waitForStill(page);
    const serious = await seriousViolations(page);
    expect(serious, describeViolations(serious)).toEqual([]);
    await shootForDocs(page, 'timeline');

    // Undated facts off: every one hides; on again.
    await page.locator('#tl-undated').uncheck();
    for (const r of (await edgeRows(page)).filter((x) => !x.dated)) expect(r.hidden, r.id).toBe(true);
    await page.locator('#tl-undated').check();
    await page.locator('#tl-clear').click();
    expect((await edgeRows(page)).every((r) => !r.hidden)).toBe(true);

    // Known on a date before the report: no fact the case had recorded by then; after it, all.
    const unrecorded = rows.filter((r) => !r.recorded);
    await page.locator('#tl-known-on').fill('2018-01-01');
    await page.waitForFunction(
      () =>
        (window as unknown as { casegraph: { explorer: { filters: { knownOn?: string | null } } } }).casegraph
          .explorer.filters.knownOn === '2018-01-01',
    );
    // Every fact recorded after that day (the case's facts cite the report of 2018-03) is hidden:
    // the canvas shows no fact but those with no recorded date at all, which stay by design.
    // (Partial dates compare as their first day: '2018-03' > '2018-01-01' > '2018'.)
    const before = await edgeRows(page);
    expect(before.some((r) => r.recorded)).toBe(true);
    for (const r of before) expect(r.hidden, r.id).toBe(r.recorded !== null && r.recorded > '2018-01-01');
    expect(before.filter((r) => !r.hidden).length).toBe(unrecorded.length);
    await page.locator('#tl-known-on').fill('2018-04-01');
    await page.waitForFunction(
      () =>
        (window as unknown as { casegraph: { explorer: { filters: { knownOn?: string | null } } } }).casegraph
          .explorer.filters.knownOn === '2018-04-01',
    );
    expect((await edgeRows(page)).every((r) => !r.hidden)).toBe(true);
    await page.locator('#tl-known-clear').click();

    // Play: the window starts at the beginning and moves on step by step; Pause stops it.
    await page.locator('#tl-play').click();
    const first = await period(page);
    expect(first).not.toBeNull();
    await page.waitForFunction(
      (from) =>
        ((window as unknown as { casegraph: { explorer: { filters: { period?: { from: string } | null } } } })
          .casegraph.explorer.filters.period?.from ?? '') > from,
      first!.from,
      { timeout: 5_000 },
    );
    await page.getByRole('button', { name: 'Pause' }).click();
    const paused = await period(page);
    await page.waitForTimeout(1_000);
    expect(await period(page)).toEqual(paused);
  });
});
