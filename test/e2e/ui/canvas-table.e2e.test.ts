/**
 * The canvas table and style rules (issue 16, point 4), in Chromium at 1366×768 against the
 * in-memory API (fixture-api.ts): the table lists what is on the canvas, sorts, filters and keeps
 * its selection in step with the canvas; style rules change the drawn size and colour of nodes.
 * Writes docs/screenshots/canvas-table.png and style-rules.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULTS_DIR, axeScan, describeViolations, screenshot } from '../../support/browser.js';
import { searchAndAdd, waitForStill } from '../explorer-steps.js';
import { openFixtureExplorer, type FixtureSession } from '../fixture-session.js';

const RAMOS = 'person:vincent-ramos';
const PHANTOM = 'org:phantom-secure';
const DOCS = path.resolve(RESULTS_DIR, '../docs/screenshots');

type Cy = import('cytoscape').Core;
interface Handle {
  casegraph: {
    canvas: { cy: Cy };
    explorer: { expand(id: string): Promise<void> };
  };
}

/** A screenshot in test-results/, copied to docs/screenshots/. */
async function docShot(page: Page, name: string): Promise<void> {
  const file = await screenshot(page, name);
  fs.mkdirSync(DOCS, { recursive: true });
  fs.copyFileSync(file, path.join(DOCS, `${name}.png`));
}

const tableIds = (page: Page) =>
  page.$$eval('#table-body tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.id!));
const canvasSelection = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as Handle).casegraph.canvas.cy
      .$(':selected')
      .map((e) => e.id())
      .sort(),
  );
const serious = (v: { impact: string | null }) => v.impact === 'serious' || v.impact === 'critical';

describe('canvas table and style rules (issue 16, fixture API)', () => {
  let session: FixtureSession;
  let page: Page;

  beforeAll(async () => {
    session = await openFixtureExplorer();
    page = session.page;
    await searchAndAdd(page, 'ramos', 'Vincent Ramos');
    await page.evaluate((id) => (window as unknown as Handle).casegraph.explorer.expand(id), RAMOS);
    await page.evaluate((id) => (window as unknown as Handle).casegraph.explorer.expand(id), PHANTOM);
    await waitForStill(page);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('when the table opens, then it lists every entity and link on the canvas', async () => {
    await page.locator('#table-btn').click();
    await page.locator('#table-body tbody tr').first().waitFor();
    const onCanvas = await page.evaluate(() => {
      const cy = (window as unknown as Handle).casegraph.canvas.cy;
      return {
        nodes: cy
          .nodes()
          .map((n) => n.id())
          .sort(),
        edges: cy
          .edges()
          .map((e) => e.id())
          .sort(),
      };
    });
    expect(onCanvas.nodes.length).toBeGreaterThan(3);
    expect((await tableIds(page)).sort()).toEqual(onCanvas.nodes);
    await expect
      .poll(() => page.locator('.ct-count').textContent())
      .toBe(`${onCanvas.nodes.length} entities`);

    await page.getByRole('tab', { name: 'Links' }).click();
    expect((await tableIds(page)).sort()).toEqual(onCanvas.edges);
    await page.getByRole('tab', { name: 'Entities' }).click();
  });

  it('when a column header is pressed, then rows sort by it and the header says which way', async () => {
    const header = page.locator('#table-body th', {
      has: page.getByRole('button', { name: 'Links on canvas' }),
    });
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    const up = await page.$$eval('#table-body tbody tr td:nth-child(5)', (tds) =>
      tds.map((td) => Number(td.textContent)),
    );
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await page.locator('#table-body th').filter({ hasText: 'Links on canvas' }).getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    const down = await page.$$eval('#table-body tbody tr td:nth-child(5)', (tds) =>
      tds.map((td) => Number(td.textContent)),
    );
    expect(down).toEqual([...up].sort((a, b) => b - a));
    // The hub on the canvas has the most links drawn, so it leads the descending order.
    expect((await tableIds(page))[0]).toBe(PHANTOM);
  });

  it('when text is typed in the filter, then only matching rows stay', async () => {
    await page.locator('#canvas-table-filter').fill('person vincent');
    await expect.poll(() => tableIds(page)).toEqual([RAMOS]);
    await expect.poll(() => page.locator('.ct-count').textContent()).toMatch(/^1 of \d+ entities$/);
    await page.locator('#canvas-table-filter').fill('');
    await expect.poll(async () => (await tableIds(page)).length).toBeGreaterThan(3);
  });

  it('when rows are selected, then the canvas selects those entities', async () => {
    await page.locator(`#table-body tr[data-id="${RAMOS}"] td:nth-child(2)`).click();
    await expect.poll(() => canvasSelection(page)).toEqual([RAMOS]);
    // The details panel follows the row, as it follows a tap on the canvas.
    await page.waitForFunction(() => document.querySelector('.entity-name')?.textContent === 'Vincent Ramos');
    // By keyboard: Space ticks a second row's box, adding it to the selection.
    const phantomBox = page.locator(`#table-body tr[data-id="${PHANTOM}"] input.ct-select`);
    await phantomBox.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => canvasSelection(page)).toEqual([PHANTOM, RAMOS].sort());
  });

  it('when a row is ticked under a filter, then selected entities the filter hides stay selected', async () => {
    await page.locator('#canvas-table-filter').fill('sinaloa');
    await expect.poll(async () => (await tableIds(page)).length).toBe(1);
    const sinaloa = (await tableIds(page))[0]!;
    await page.locator(`#table-body tr[data-id="${sinaloa}"] input.ct-select`).check();
    await expect.poll(() => canvasSelection(page)).toEqual([PHANTOM, RAMOS, sinaloa].sort());
    await page.locator(`#table-body tr[data-id="${sinaloa}"] input.ct-select`).uncheck();
    await expect.poll(() => canvasSelection(page)).toEqual([PHANTOM, RAMOS].sort());
    await page.locator('#canvas-table-filter').fill('');
  });

  it('when entities are selected on the canvas, then their rows are ticked and scrolled into view', async () => {
    const last = (await tableIds(page)).at(-1)!;
    await page.evaluate((id) => {
      const cy = (window as unknown as Handle).casegraph.canvas.cy;
      cy.$(':selected').unselect();
      cy.getElementById(id).select();
    }, last);
    const row = page.locator(`#table-body tr[data-id="${last}"]`);
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    expect(await row.locator('input.ct-select').isChecked()).toBe(true);
    await expect.poll(() => page.locator('#table-body tr[aria-selected="true"]').count()).toBe(1);
    const inView = await row.evaluate((tr) => {
      const wrap = tr.closest('.table-wrap')!.getBoundingClientRect();
      const r = tr.getBoundingClientRect();
      return r.top >= wrap.top - 1 && r.bottom <= wrap.bottom + 1;
    });
    expect(inView).toBe(true);
  });

  it('when the drawer is open, then axe finds nothing serious and the screenshot is written', async () => {
    await page.locator(`#table-body tr[data-id="${RAMOS}"] td:nth-child(2)`).click();
    await page.locator('#fit-btn').click();
    await waitForStill(page);
    const violations = (await axeScan(page)).filter(serious);
    expect(violations, describeViolations(violations)).toEqual([]);
    await docShot(page, 'canvas-table');
  });

  it('when elements come or go, then the table follows', async () => {
    const before = (await tableIds(page)).length;
    await page.evaluate(() => {
      const cy = (window as unknown as Handle).casegraph.canvas.cy;
      cy.$(':selected').unselect();
    });
    await page.locator(`#table-body tr[data-id="${RAMOS}"] td:nth-child(2)`).click();
    await page.locator('#canvas').focus();
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await tableIds(page)).length).toBe(before - 1);
    expect(await tableIds(page)).not.toContain(RAMOS);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await tableIds(page)).length).toBe(before);
  });

  const nodeStyle = (page: Page, id: string, prop: string) =>
    page.evaluate(
      ([nodeId, name]) =>
        String((window as unknown as Handle).casegraph.canvas.cy.getElementById(nodeId!).style(name!)),
      [id, prop],
    );
  async function applyRule(page: Page, target: 'node' | 'edge', property: string, mapping: 'color' | 'size') {
    await page.locator('#rule-target').selectOption(target);
    await page.locator('#rule-property').selectOption(property);
    await page.locator('#rule-mapping').selectOption(mapping);
    await page.locator('#rule-add').click();
  }

  it('when "size by degree" is applied, then the most linked entity is drawn largest and the least smallest', async () => {
    await page.getByRole('tab', { name: 'Style rules' }).click();
    await page.locator('#rule-target').waitFor();
    const before = await nodeStyle(page, RAMOS, 'width');
    await applyRule(page, 'node', 'degree', 'size');
    const widths = await page.evaluate(() =>
      (window as unknown as Handle).casegraph.canvas.cy
        .nodes('[degree]')
        .map((n) => ({ degree: n.data('degree') as number, width: n.numericStyle('width') })),
    );
    const byDegree = [...widths].sort((a, b) => a.degree - b.degree);
    expect(byDegree[0]!.width).toBeCloseTo(22, 0);
    expect(byDegree.at(-1)!.width).toBeCloseTo(76, 0);
    // Widths grow with degree: never smaller for a larger degree.
    byDegree.slice(1).forEach((w, i) => expect(w.width).toBeGreaterThanOrEqual(byDegree[i]!.width));
    expect(await nodeStyle(page, RAMOS, 'width')).not.toBe(before);
    await expect
      .poll(() => page.locator('#rule-legend').textContent())
      .toContain('Size of entities by degree');
  });

  it('when "colour by type" is applied, then each type takes the colour its legend shows', async () => {
    await applyRule(page, 'node', 'type', 'color');
    const legend = await page.$$eval('#rule-legend li', (items) =>
      items.map((li) => ({
        label: li.textContent ?? '',
        color: getComputedStyle(li.querySelector('.rl-mark')!).backgroundColor,
      })),
    );
    const person = legend.find((l) => l.label === 'Person');
    expect(person, JSON.stringify(legend)).toBeDefined();
    expect(await nodeStyle(page, RAMOS, 'background-color')).toBe(person!.color.replace(/\s/g, ''));
    const colours = await page.evaluate(() => {
      const cy = (window as unknown as Handle).casegraph.canvas.cy;
      const byType = new Map<string, Set<string>>();
      cy.nodes().forEach((n) => {
        const set = byType.get(n.data('type') as string) ?? new Set<string>();
        set.add(String(n.style('background-color')));
        byType.set(n.data('type') as string, set);
      });
      return [...byType.values()].map((set) => [...set]);
    });
    // One colour per type, and (up to the palette's ten) a different one for each.
    colours.forEach((set) => expect(set).toHaveLength(1));
    expect(new Set(colours.map((c) => c[0])).size).toBe(Math.min(10, colours.length));
    // Size by degree stays in force next to the colour rule.
    expect(await page.locator('.rule-list li').count()).toBe(2);
  });

  it('when a property colours entities, then those sharing its value share a colour', async () => {
    await applyRule(page, 'node', 'properties.kind', 'color');
    const kinds = await page.evaluate(() =>
      (window as unknown as Handle).casegraph.canvas.cy
        .nodes('[properties.kind]')
        .map((n) => [n.data('properties').kind as string, String(n.style('background-color'))]),
    );
    const byKind = new Map<string, Set<string>>();
    kinds.forEach(([k, c]) => byKind.set(k!, (byKind.get(k!) ?? new Set()).add(c!)));
    expect(byKind.size).toBeGreaterThan(1);
    [...byKind.values()].forEach((set) => expect(set.size).toBe(1));
    // It replaced "colour by type" (one colour rule per kind of element).
    expect(await page.locator('.rule-list li').count()).toBe(2);
    expect(await page.locator('#rule-legend').textContent()).toContain('Colour of entities by kind');
  });

  it('when links are coloured by confidence, then the most certain are darkest and a selection still shows', async () => {
    await applyRule(page, 'edge', 'confidence', 'color');
    const ends = await page.evaluate(() => {
      const edges = (window as unknown as Handle).casegraph.canvas.cy.edges('[confidence]');
      const sorted = edges.sort(
        (a, b) => (a.data('confidence') as number) - (b.data('confidence') as number),
      );
      return [sorted.first(), sorted.last()].map((e) => String(e.style('line-color')).replace(/\s/g, ''));
    });
    expect(ends).toEqual(['rgb(253,230,138)', 'rgb(185,28,28)']);
    await page.locator(`#table-body`).getByRole('tab', { name: 'Entities' }).click();
    await page.locator(`#table-body tr[data-id="${RAMOS}"] td:nth-child(2)`).click();
    // The rules sit under the state styles: the selection's blue border wins over any rule.
    await expect
      .poll(async () => (await nodeStyle(page, RAMOS, 'border-color')).replace(/\s/g, ''))
      .toBe('rgb(29,78,216)');
  });

  it('when rules are in force, then they are kept in this browser, axe finds nothing serious, and the screenshot is written', async () => {
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('casegraph.styleRules') ?? '[]'));
    expect(kept).toEqual([
      { target: 'node', property: 'degree', mapping: 'size' },
      { target: 'node', property: 'properties.kind', mapping: 'color' },
      { target: 'edge', property: 'confidence', mapping: 'color' },
    ]);
    await page.getByRole('tab', { name: 'Style rules' }).click();
    await page.locator('#fit-btn').click();
    await waitForStill(page);
    const violations = (await axeScan(page)).filter(serious);
    expect(violations, describeViolations(violations)).toEqual([]);
    await docShot(page, 'style-rules');
  });

  it('when the legend is folded, then it stays folded as the rules are redrawn', async () => {
    await page.locator('#rule-legend summary').click();
    await page.locator('#rule-add').click();
    expect(await page.locator('#rule-legend details').getAttribute('open')).toBeNull();
    await page.locator('#rule-legend summary').click();
    expect(await page.locator('#rule-legend details').getAttribute('open')).not.toBeNull();
  });

  it('when a rule is removed, then the model’s style comes back', async () => {
    const styled = await nodeStyle(page, PHANTOM, 'width');
    await page.getByRole('button', { name: 'Remove: Size of entities by degree' }).click();
    await expect.poll(() => nodeStyle(page, PHANTOM, 'width')).not.toBe(styled);
    expect(await page.locator('#rule-legend').textContent()).not.toContain('Size of entities');
  });
});
