/**
 * Browser tests drive Debian's Chromium through playwright-core. This module
 * owns the browser, serves an Express app on an ephemeral loopback port,
 * collects console errors, page errors and CSP violations, saves screenshots
 * under test-results/, and runs axe-core in the page.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { Express } from 'express';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '../..');
export const RESULTS_DIR = path.join(root, 'test-results');
export const CLIENT_DIR = path.join(root, 'dist/client');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches headless Chromium (Debian's package; `apt-get install chromium`). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Serves an app on 127.0.0.1 and a free port; `close()` stops it. */
export async function serve(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
}

/** A page at 1366×768 (the smallest size we support) that records every problem it meets. */
export async function openPage(
  browser: Browser,
  options: { width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1366, height: options.height ?? 768 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], cspViolations: [] };
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    // A stranger's first /api/auth/me (and a mistyped password) answer 401 by design; Chromium logs those.
    const url = msg.location().url ?? '';
    if (/Failed to load resource/.test(text) && /\/api\/auth\/(me|login)$/.test(url)) return;
    if (/Content Security Policy/i.test(text)) problems.cspViolations.push(text);
    else problems.consoleErrors.push(text);
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  return { context, page, problems };
}

/** Saves a full-window screenshot as test-results/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, so the
 * page's CSP, which forbids inline scripts, stays on) and returns the
 * violations, most severe first.
 */
export async function axeScan(page: Page): Promise<AxeViolation[]> {
  const require = createRequire(import.meta.url);
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }
    ).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  const order = ['critical', 'serious', 'moderate', 'minor'];
  return (result.violations as AxeViolation[]).sort(
    (a, b) => order.indexOf(a.impact ?? '') - order.indexOf(b.impact ?? ''),
  );
}

/** "id (impact): help — targets" lines, for assertion messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join('; ')}`,
    )
    .join('\n');
}

/** Waits until the function returns true in the page (polling), with a readable timeout. */
export async function waitForPage(page: Page, fn: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(fn, undefined, { timeout, polling: 100 });
}
