/**
 * The explorer signed in against the in-memory fixture API, in Chromium: what every fixture-API
 * browser test file starts from (browser, server, page, signed in, legend drawn) and tears down.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CLIENT_DIR, launchBrowser, openPage, serve } from '../support/browser.js';
import { signIn } from './explorer-steps.js';
import { FIXTURE_USER, createFixtureApp, type FixtureOptions } from './fixture-api.js';

export interface FixtureSession {
  browser: Browser;
  server: Awaited<ReturnType<typeof serve>>;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Opens the explorer as the fixture analyst, once the model has drawn the legend. */
export async function openFixtureExplorer(
  options: Omit<FixtureOptions, 'clientDir'> = {},
  user: { username: string; password: string } = FIXTURE_USER,
): Promise<FixtureSession> {
  const browser = await launchBrowser();
  const server = await serve(createFixtureApp({ ...options, clientDir: CLIENT_DIR }));
  const { context, page } = await openPage(browser);
  await page.goto(server.url);
  await page.locator('#db-status.ok').waitFor();
  await signIn(page, user.username, user.password);
  await page.locator('#flt-type-Person').waitFor({ state: 'attached' });
  return {
    browser,
    server,
    context,
    page,
    async close() {
      await context.close();
      await browser.close();
      await server.close();
    },
  };
}
