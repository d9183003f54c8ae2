/**
 * The real app for the role journeys: the test Neo4j reset and seeded with the Phantom Secure
 * case, a fresh app store whose audit log is the real one, `createApp` serving the built client on
 * an ephemeral port. Also the journeys' shared checks: axe's serious findings, and screenshots
 * copied to docs/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../../server/app.js';
import type { AppStore } from '../../../server/app-store/app-store.js';
import { AppStoreAuditLog } from '../../../server/audit/audit-log.js';
import { createLogger } from '../../../server/logger.js';
import { loadModel, useModelFile } from '../../../server/model/model.js';
import { resetGraph, seedDatabase } from '../../../server/seed/seed.js';
import { testAppStore } from '../../support/app-store.js';
import {
  CLIENT_DIR,
  RESULTS_DIR,
  axeScan,
  launchBrowser,
  openPage,
  screenshot,
  serve,
  type AxeViolation,
  type PageProblems,
} from '../../support/browser.js';
import { testDriver, testNeo4j, testUsers } from '../../support/neo4j.js';
import { signIn } from '../explorer-steps.js';

const DOCS = path.resolve(RESULTS_DIR, '../docs/screenshots');

export interface RealApp {
  driver: Driver;
  store: AppStore;
  audit: AppStoreAuditLog;
  url: string;
  close(): Promise<void>;
}

type StartOptions = {
  beforeServe?: (driver: Driver, database: string) => Promise<{ modelFile?: string }>;
};

/** The real app with Chromium open on it: what the explorer tests share. */
export interface ExplorerSession {
  app: RealApp;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: PageProblems;
  close(): Promise<void>;
}

/**
 * Starts the real app (see `startRealApp`) and opens it in Chromium at 1366×768 with a 15 s
 * default timeout, signed in as `role` (admin by default; `null`: not signed in, on a blank page).
 */
export async function openExplorerSession(
  options: StartOptions & {
    role?: 'investigator' | 'analyst' | 'admin' | null;
    /** Runs before the first page load: to listen to the page's requests from the start. */
    beforeOpen?: (page: Page, app: RealApp) => void;
  } = {},
): Promise<ExplorerSession> {
  const app = await startRealApp(options);
  const browser = await launchBrowser();
  const { context, page, problems } = await openPage(browser);
  context.setDefaultTimeout(15_000);
  options.beforeOpen?.(page, app);
  const role = options.role === undefined ? 'admin' : options.role;
  if (role !== null) {
    await page.goto(app.url);
    const { username, password } = testUsers()[role];
    await signIn(page, username, password);
  }
  return {
    app,
    browser,
    context,
    page,
    problems,
    async close() {
      await context.close();
      await browser.close();
      await app.close();
    },
  };
}

/**
 * Seeds the test Neo4j and serves the app on it. `beforeServe` runs after seeding, before the app
 * is made: it may load more data and name a model file for the app to run on (CASEGRAPH_MODEL).
 */
export async function startRealApp(options: StartOptions = {}): Promise<RealApp> {
  const driver = testDriver();
  const database = testNeo4j().database;
  await resetGraph(driver, database);
  await seedDatabase({ driver, database, model: loadModel() });
  const { modelFile } = (await options.beforeServe?.(driver, database)) ?? {};
  const store = await testAppStore();
  const audit = new AppStoreAuditLog(store, createLogger('silent'));
  // The app reads the model once, when it is made; later apps read the default again.
  useModelFile(modelFile);
  let made;
  try {
    made = createApp({
      driver,
      database,
      logger: createLogger('silent'),
      lifecycle: { shuttingDown: false },
      clientDir: CLIENT_DIR,
      audit,
      appStore: store,
    });
  } finally {
    useModelFile(undefined);
  }
  const server = await serve(made);
  return {
    driver,
    store,
    audit,
    url: server.url,
    async close() {
      await server.close();
      await audit.close();
      await driver.close();
    },
  };
}

/** axe's serious and critical findings on the page as it is. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  return (await axeScan(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A screenshot in test-results/, copied to docs/screenshots/ (the README shows them). */
export async function shootForDocs(page: Page, name: string): Promise<void> {
  const file = await screenshot(page, name);
  fs.mkdirSync(DOCS, { recursive: true });
  fs.copyFileSync(file, path.join(DOCS, `${name}.png`));
}
