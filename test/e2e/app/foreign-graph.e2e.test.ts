/**
 * A graph loaded beside the case by plain Cypher, explored in Chromium on the model inferred from
 * it (`npm run model -- infer`, CASEGRAPH_MODEL): search finds a vessel by a property of the
 * graph's own naming, expanding it brings its ports, the legend styles and filters the new types,
 * and Admin → Search index extends the index over them. Screenshots at 1366×768.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, schemaStatements } from '../../../server/model/model.js';
import { surveyGraph } from '../../../server/survey/graph-survey.js';
import { inferModel } from '../../../server/survey/infer-model.js';
import { describeViolations, launchBrowser, openPage } from '../../support/browser.js';
import { testUsers } from '../../support/neo4j.js';
import { canvasCounts, rightClickNode, searchAndAdd, signIn, waitForStill } from '../explorer-steps.js';
import { seriousViolations, shootForDocs, startRealApp, type RealApp } from './real-app.js';

const FOREIGN_LABELS = ['Vessel', 'Port', 'ShippingCompany'];
let inferredModel: ReturnType<typeof loadModel> | undefined;

async function loadForeignGraph(driver: RealApp['driver'], database: string) {
  await driver.executeQuery(
    `CREATE (c:ShippingCompany {companyName: 'Marisol Freight Lines', registered: date('2009-04-01')})
     CREATE (colon:Port {title: 'Port of Colón', unlocode: 'PACTB'})
     CREATE (balboa:Port {title: 'Port of Balboa', unlocode: 'PABLB'})
     WITH c, colon, balboa
     UNWIND [['Ocean Harbinger', '9321483'], ['Cerro Azul', '9187712'], ['Lucero del Alba', '9402261']] AS v
     CREATE (vessel:Vessel {vessel_name: v[0], imo: v[1]})
     CREATE (c)-[:RUNS_VESSEL]->(vessel)
     CREATE (vessel)-[:DOCKED_AT {on: date('2017-06-01')}]->(colon)
     CREATE (vessel)-[:DOCKED_AT {on: date('2017-09-12')}]->(balboa)`,
    {},
    { database },
  );
}

describe('a graph casegraph never saw, on its inferred model (real app)', () => {
  let app: RealApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    app = await startRealApp({
      beforeServe: async (driver, database) => {
        await loadForeignGraph(driver, database);
        const survey = await surveyGraph({ driver, database });
        const { model } = inferModel(survey, loadModel(), { database, at: new Date().toISOString() });
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-inferred-'));
        const modelFile = path.join(dir, 'model.inferred.json');
        fs.writeFileSync(modelFile, JSON.stringify(model, null, 2));
        inferredModel = loadModel(modelFile);
        return { modelFile };
      },
    });
    browser = await launchBrowser();
    ({ context, page } = await openPage(browser));
    context.setDefaultTimeout(15_000);
    await page.goto(app.url);
    const { username, password } = testUsers().admin;
    await signIn(page, username, password);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    if (app) {
      const database = 'neo4j';
      for (const label of FOREIGN_LABELS) {
        await app.driver.executeQuery(`MATCH (n:${label}) DETACH DELETE n`, {}, { database });
      }
      // The index as the model alone makes it, as every other test expects.
      await app.driver.executeQuery('DROP INDEX entity_search IF EXISTS', {}, { database });
      for (const statement of schemaStatements(loadModel())) {
        await app.driver.executeQuery(statement, {}, { database });
      }
      await app.driver.executeQuery('CALL db.awaitIndexes(300)', {}, { database });
      await app.close();
    }
  });

  it('when a vessel is searched and expanded, then its ports and company come in the inferred styles, and the legend filters them', async () => {
    await searchAndAdd(page, 'harbinger', 'Ocean Harbinger');
    const vesselId = await page.waitForFunction(() => {
      const { cy } = (window as unknown as { casegraph: { canvas: { cy: import('cytoscape').Core } } })
        .casegraph.canvas;
      return cy
        .nodes()
        .filter((n) => n.data('type') === 'Vessel')[0]
        ?.id();
    });
    const id = (await vesselId.jsonValue()) as string;
    await waitForStill(page);
    await rightClickNode(page, id);
    await page.locator('#context-menu [data-testid="menu-expand-all"]').click();
    await page.waitForFunction(() => {
      const { cy } = (window as unknown as { casegraph: { canvas: { cy: import('cytoscape').Core } } })
        .casegraph.canvas;
      return cy.nodes().length >= 4;
    });
    await waitForStill(page);
    expect((await canvasCounts(page)).nodes).toBeGreaterThanOrEqual(4);

    // The canvas draws each type in the colour the inferred model gave it.
    const colours = await page.evaluate(() => {
      const { cy } = (window as unknown as { casegraph: { canvas: { cy: import('cytoscape').Core } } })
        .casegraph.canvas;
      return Object.fromEntries(
        cy.nodes().map((n) => [n.data('type') as string, n.style('background-color') as string]),
      );
    });
    for (const type of FOREIGN_LABELS) {
      const expected = inferredModel!.nodeTypes[type]!.style.color;
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(expected.slice(i, i + 2), 16));
      expect(colours[type], type).toBe(`rgb(${r},${g},${b})`);
    }

    // The legend lists the new types with their counts; hiding ports hides them on the canvas.
    const portFilter = page.locator('#flt-type-Port');
    await expect(portFilter.isChecked()).resolves.toBe(true);
    await portFilter.uncheck();
    await page.waitForFunction(() => {
      const { cy } = (window as unknown as { casegraph: { canvas: { cy: import('cytoscape').Core } } })
        .casegraph.canvas;
      return cy.nodes().filter((n) => n.data('type') === 'Port' && n.visible()).length === 0;
    });
    await portFilter.check();
    await waitForStill(page);
    const serious = await seriousViolations(page);
    expect(serious, describeViolations(serious)).toEqual([]);
    await shootForDocs(page, 'inferred-model');
  });

  it('when an admin extends the search index, then the new labels are listed before and covered after', async () => {
    await page.goto(`${app.url}/admin.html#search-index`);
    await page.getByRole('tab', { name: 'Search index' }).click();
    const toAdd = page.getByTestId('index-add-labels');
    await toAdd.waitFor();
    for (const label of FOREIGN_LABELS) await expect(toAdd.textContent()).resolves.toContain(label);
    const serious = await seriousViolations(page);
    expect(serious, describeViolations(serious)).toEqual([]);
    await shootForDocs(page, 'admin-search-index');
    await page.getByRole('button', { name: 'Extend the index' }).click();
    await page.getByText(/The index now covers \d+ labels/).waitFor({ timeout: 60_000 });
    await expect(toAdd.textContent()).resolves.toBe('(none)');
  });
});
