/**
 * The explorer in headless Chromium (Debian's, through playwright-core), against the API process
 * serving the built client, signed in with a session cookie. For 200, 1,000 and 5,000 nodes, with
 * the canvas renderer and with WebGL (`?webgl=1`):
 *   - the API call (a read-only console query for people and the devices they used),
 *   - answer → first frame: from the parsed answer to the first frame drawn with it (the canvas's
 *     own add command, then Cytoscape's next `render` and one more animation frame),
 *   - the force-directed layout (fcose, in the explorer's worker) and applying it,
 *   - frames per second while the mouse pans (drag) and zooms (wheel) the canvas,
 *   - after the layout, the pairs of nodes whose boxes overlap: label boxes (the node with its
 *     label, as the layout is asked to keep apart) and discs (the node alone).
 * Until the canvas sends each node's label box with the layout request, the page's Worker is
 * wrapped to add the estimate the canvas will send (width = max(size, 7 per label character,
 * capped at 140), height = size + 16), so the bench measures the layout as it will run.
 * Chromium runs without a GPU here, so both renderers draw in software (WebGL via SwiftShader).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { ApiProcess } from './lib/api-process.js';
import { overlappingPairs, type Box } from '../client/src/layout-compute.js';
import { ROOT } from './lib/bench-neo4j.js';
import { round } from './lib/stats.js';

export interface BrowserCase {
  renderer: 'canvas' | 'webgl';
  nodes: number;
  edges: number;
  fetchMs: number;
  firstFrameMs: number;
  layoutMs: number;
  layoutApplyMs: number;
  /** The same layout run a second time, the worker already started and its code loaded. */
  layoutWarmMs?: number;
  panFps: number;
  zoomFps: number;
  /** Cytoscape renders counted during pan and zoom (a frame may draw nothing new). */
  panRenders: number;
  zoomRenders: number;
  /** Node pairs whose label boxes overlap after the layout (see labelBox). */
  overlappingBoxes?: number;
  /** Node pairs whose discs overlap after the layout. */
  overlappingDiscs?: number;
  webglActive?: boolean;
  note?: string;
}

export interface BrowserBenchResult {
  chromium: string;
  viewport: { width: number; height: number };
  cases: BrowserCase[];
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLIENT_DIR = path.join(ROOT, 'dist', 'client');
const VIEWPORT = { width: 1366, height: 768 };

/**
 * Builds the client of this checkout with vite. Called before the API process starts: the app
 * serves the client only if it finds it built when it starts, and an older build would measure
 * older code.
 */
export function buildClient(log: (m: string) => void): void {
  log('building the client (vite build)…');
  execFileSync(path.join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/**
 * Added to the page before its scripts: layout requests without node boxes get the label box the
 * canvas will send (issue 16), read from each node's label on the live canvas.
 */
const SEND_LABEL_BOXES = `(() => {
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    const cy = globalThis.casegraph && globalThis.casegraph.canvas && globalThis.casegraph.canvas.cy;
    if (cy && message && Array.isArray(message.nodes) && Array.isArray(message.edges)) {
      for (const n of message.nodes) {
        if (n.width !== undefined) continue;
        const label = String(cy.getElementById(n.id).data('label') ?? '');
        n.width = Math.max(n.size, Math.min(140, label.length * 7));
        n.height = n.size + 16;
      }
    }
    return post.call(this, message, ...rest);
  };
})();`;

/** The same estimate as SEND_LABEL_BOXES, for counting overlaps after the layout. */
function labelBox(n: { id: string; x: number; y: number; size: number; label: string }): Box {
  return {
    id: n.id,
    x: n.x,
    y: n.y,
    width: Math.max(n.size, Math.min(140, n.label.length * 7)),
    height: n.size + 16,
  };
}

/** Runs in the page: every node's position, drawn size and label, to count overlaps. */
async function nodeBoxes(page: Page) {
  const nodes = await page.evaluate(() => {
    type N = { id(): string; position(): { x: number; y: number }; data(k: string): unknown };
    const w = window as unknown as {
      casegraph: { canvas: { cy: { nodes(): { map<T>(f: (n: N) => T): T[] } } } };
    };
    return w.casegraph.canvas.cy.nodes().map((n) => ({
      id: n.id(),
      ...n.position(),
      size: Number(n.data('size')) || 30,
      label: String(n.data('label') ?? ''),
    }));
  });
  return {
    overlappingBoxes: overlappingPairs(nodes.map(labelBox)).length,
    overlappingDiscs: overlappingPairs(
      nodes.map((n) => ({ id: n.id, x: n.x, y: n.y, width: n.size, height: n.size })),
    ).length,
  };
}

/**
 * With BENCH_PROFILE=<dir>, a CPU profile (Chrome DevTools format) of the page's main thread
 * between start and stop, written as <dir>/<name>.cpuprofile; otherwise nothing.
 */
async function startProfile(page: Page): Promise<{ stop(name: string): Promise<void> }> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return { stop: async () => {} };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return {
    stop: async (name) => {
      const { profile } = await cdp.send('Profiler.stop');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      await cdp.detach();
    },
  };
}

/** Runs in the page: fetch the graph, draw it, time the first frame. */
async function drawGraph(page: Page, token: string, nodes: number) {
  return page.evaluate(
    async ({ token, nodes }) => {
      type Payload = { nodes: { id: string }[]; edges: { source: string; target: string }[] };
      const w = window as unknown as {
        casegraph: {
          canvas: {
            cy: {
              one(event: string, handler: () => void): void;
              elements(): { remove(): void };
              nodes(): { length: number };
              edges(): { length: number };
            };
            addCommand(p: Payload, o: { label: string }): { command: { apply(): void } } | null;
          };
        };
      };
      const frame = () =>
        new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
      const started = performance.now();
      const res = await fetch('/api/cypher', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          cypher: 'MATCH (p:Person)-[r:USED]->(d:Device) WITH p, r, d LIMIT $rows RETURN p, r, d',
          params: { rows: nodes },
          rowLimit: 5000,
        }),
      });
      if (!res.ok) throw new Error(`POST /api/cypher answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { graph: Payload };
      // Exactly `nodes` nodes: the first ones, and the edges among them.
      const kept = body.graph.nodes.slice(0, nodes);
      const ids = new Set(kept.map((n) => n.id));
      const payload = {
        nodes: kept,
        edges: body.graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
      };
      const answered = performance.now();
      const { canvas } = w.casegraph;
      let renderEvent = false;
      canvas.cy.one('render', () => (renderEvent = true));
      canvas.addCommand(payload, { label: 'bench' })!.command.apply();
      // Cytoscape draws in its own animation-frame loop: the frame after the next one has it.
      await frame();
      const firstFrame = await frame();
      return {
        renderEvent,
        fetchMs: answered - started,
        firstFrameMs: firstFrame - answered,
        nodes: canvas.cy.nodes().length,
        edges: canvas.cy.edges().length,
      };
    },
    { token, nodes },
  );
}

/** Runs in the page: the fcose layout in the explorer's worker, then applying it. */
async function layout(page: Page) {
  return page.evaluate(async () => {
    const w = window as unknown as {
      casegraph: {
        canvas: {
          cy: { one(event: string, handler: () => void): void };
          layoutCommand(name: string): Promise<{ apply(): void } | null>;
        };
      };
    };
    const { canvas } = w.casegraph;
    const within = <T>(promise: Promise<T>, ms: number, what: string) =>
      Promise.race([
        promise,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms),
        ),
      ]);
    const started = performance.now();
    const command = await within(canvas.layoutCommand('fcose'), 180_000, 'fcose layout');
    const computed = performance.now();
    // The move to the new positions is a preset layout (animated below 300 nodes).
    const stopped = new Promise<void>((resolve) => canvas.cy.one('layoutstop', () => resolve()));
    command?.apply();
    await within(stopped, 30_000, 'applying the layout');
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    return { layoutMs: computed - started, layoutApplyMs: performance.now() - computed };
  });
}

/** Counts animation frames and Cytoscape renders between start() and stop(). */
async function startCounting(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as {
      benchFrames: { frames: number; renders: number; started: number; running: boolean };
      casegraph: { canvas: { cy: { on(event: string, handler: () => void): void } } };
    };
    const state = { frames: 0, renders: 0, started: performance.now(), running: true };
    w.benchFrames = state;
    const tick = () => {
      if (!state.running) return;
      state.frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    w.casegraph.canvas.cy.on('render', () => {
      if (state.running) state.renders++;
    });
  });
}

async function stopCounting(page: Page): Promise<{ fps: number; renders: number }> {
  return page.evaluate(() => {
    const w = window as unknown as {
      benchFrames: { frames: number; renders: number; started: number; running: boolean };
    };
    const state = w.benchFrames;
    state.running = false;
    const seconds = (performance.now() - state.started) / 1000;
    return { fps: state.frames / seconds, renders: state.renders };
  });
}

/**
 * A point of the canvas (page coordinates) with no node under it or near it, nearest the centre:
 * a drag that starts on a node moves that node instead of panning the view (and redraws it on
 * every step), which is not what the pan measures. Undefined when nodes cover the whole canvas.
 */
async function emptyPoint(page: Page, box: { x: number; y: number; width: number; height: number }) {
  const point = await page.evaluate(
    ({ width, height }) => {
      type Box = { x1: number; x2: number; y1: number; y2: number };
      const w = window as unknown as {
        casegraph: {
          canvas: { cy: { nodes(): { map<T>(f: (n: { renderedBoundingBox(): Box }) => T): T[] } } };
        };
      };
      const boxes = w.casegraph.canvas.cy.nodes().map((n) => n.renderedBoundingBox());
      const margin = 12;
      const free = (x: number, y: number) =>
        boxes.every((b) => x < b.x1 - margin || x > b.x2 + margin || y < b.y1 - margin || y > b.y2 + margin);
      let best: { x: number; y: number; d: number } | undefined;
      for (let gx = 0.1; gx <= 0.9; gx += 0.02) {
        for (let gy = 0.1; gy <= 0.9; gy += 0.02) {
          const x = width * gx;
          const y = height * gy;
          const d = Math.hypot(gx - 0.5, gy - 0.5);
          if ((!best || d < best.d) && free(x, y)) best = { x, y, d };
        }
      }
      return best && { x: best.x, y: best.y };
    },
    { width: box.width, height: box.height },
  );
  return point && { x: box.x + point.x, y: box.y + point.y };
}

/** A scripted pan (mouse drag across the canvas and back) and zoom (wheel in, then out). */
async function panAndZoom(page: Page, quick: boolean) {
  const box = (await page.locator('#canvas').boundingBox())!;
  const start = await emptyPoint(page, box);
  const cx = start?.x ?? box.x + box.width / 2;
  const cy = start?.y ?? box.y + box.height / 2;
  const steps = quick ? 40 : 120;
  await page.mouse.move(cx, cy);
  await startCounting(page);
  // Each step waits for the page to take the input, so a slow renderer stretches the script:
  // it stops after `maxMs` whatever the step, and the rate is over the time actually taken.
  const maxMs = quick ? 4_000 : 8_000;
  let deadline = Date.now() + maxMs;
  await page.mouse.down();
  for (let i = 0; i < steps && Date.now() < deadline; i++) {
    const t = (i / steps) * 2 * Math.PI;
    await page.mouse.move(cx + Math.sin(t) * box.width * 0.3, cy + Math.sin(2 * t) * box.height * 0.2);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const pan = await stopCounting(page);
  await startCounting(page);
  deadline = Date.now() + maxMs;
  for (let i = 0; i < steps && Date.now() < deadline; i++) {
    await page.mouse.wheel(0, i < steps / 2 ? -60 : 60);
    await page.waitForTimeout(16);
  }
  const zoom = await stopCounting(page);
  return { pan, zoom, panFromEmpty: start !== undefined };
}

export async function runBrowserBench(options: {
  api: ApiProcess;
  quick: boolean;
  log: (m: string) => void;
}): Promise<BrowserBenchResult> {
  const { api, quick, log } = options;
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  if (!fs.existsSync(path.join(CLIENT_DIR, 'index.html')))
    throw new Error('the client is not built (buildClient)');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const cases: BrowserCase[] = [];
  try {
    // BENCH_BROWSER_NODES=5000 and BENCH_BROWSER_RENDERERS=canvas narrow the run while iterating.
    const sizes = (process.env.BENCH_BROWSER_NODES ?? '200,1000,5000').split(',').map(Number);
    const renderers = (process.env.BENCH_BROWSER_RENDERERS ?? 'canvas,webgl')
      .split(',')
      .filter((r): r is 'canvas' | 'webgl' => r === 'canvas' || r === 'webgl');
    for (const nodes of sizes) {
      for (const renderer of renderers) {
        const context = await browser.newContext({ viewport: VIEWPORT });
        await context.addCookies([
          {
            name: 'casegraph_session',
            value: api.sessionId,
            url: api.url,
            httpOnly: true,
            sameSite: 'Strict',
          },
        ]);
        const page = await context.newPage();
        // tsx (esbuild) wraps named functions in `__name(…)`; the page has no such helper.
        await page.addInitScript('globalThis.__name = (f) => f;');
        await page.addInitScript(SEND_LABEL_BOXES);
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(String(error)));
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
        });
        try {
          await page.goto(`${api.url}/${renderer === 'webgl' ? '?webgl=1' : ''}`);
          await page.waitForFunction(
            () =>
              Boolean(
                (window as unknown as { casegraph?: { explorer?: { model?: unknown } } }).casegraph?.explorer
                  ?.model,
              ),
            undefined,
            { timeout: 30_000 },
          );
          const webglActive = await page.evaluate(() => {
            const cy = (
              window as unknown as { casegraph: { canvas: { cy: { renderer(): Record<string, unknown> } } } }
            ).casegraph.canvas.cy;
            const r = cy.renderer();
            return Boolean(r.webgl);
          });
          page.setDefaultTimeout(240_000);
          const profile = await startProfile(page);
          const drawn = await drawGraph(page, api.token, nodes);
          await profile.stop(`draw-${nodes}-${renderer}`);
          log(
            `    ${nodes} nodes, ${renderer}: drawn (${round(drawn.firstFrameMs, 1)} ms to first frame); layout…`,
          );
          const laid = await layout(page);
          const overlaps = await nodeBoxes(page);
          // Again, with the worker started and its code loaded: what every layout after the first costs.
          const profileLayout = await startProfile(page);
          const again = await layout(page);
          await profileLayout.stop(`layout-${nodes}-${renderer}`);
          log(`    ${nodes} nodes, ${renderer}: laid out in ${round(laid.layoutMs, 1)} ms; pan and zoom…`);
          const profilePan = await startProfile(page);
          const { pan, zoom, panFromEmpty } = await panAndZoom(page, quick);
          await profilePan.stop(`pan-zoom-${nodes}-${renderer}`);
          const result: BrowserCase = {
            renderer,
            nodes: drawn.nodes,
            edges: drawn.edges,
            fetchMs: round(drawn.fetchMs, 1),
            firstFrameMs: round(drawn.firstFrameMs, 1),
            layoutMs: round(laid.layoutMs, 1),
            layoutWarmMs: round(again.layoutMs, 1),
            layoutApplyMs: round(laid.layoutApplyMs, 1),
            panFps: round(pan.fps, 1),
            zoomFps: round(zoom.fps, 1),
            panRenders: pan.renders,
            zoomRenders: zoom.renders,
            ...overlaps,
            webglActive,
          };
          if (!panFromEmpty) result.note = 'no empty spot to pan from: the drag started on the centre';
          if (renderer === 'webgl' && !webglActive)
            result.note = `${result.note ? result.note + '; ' : ''}WebGL not active: drew with the canvas`;
          if (!drawn.renderEvent)
            result.note = `${result.note ? result.note + '; ' : ''}no Cytoscape render event`;
          if (errors.length > 0)
            result.note = `${result.note ? result.note + '; ' : ''}page: ${errors[0]!.slice(0, 200)}`;
          log(
            `    ${nodes} nodes, ${renderer}: first frame ${result.firstFrameMs} ms, layout ${result.layoutMs} ms (again ${result.layoutWarmMs} ms), overlapping boxes ${result.overlappingBoxes}, pan ${result.panFps} fps, zoom ${result.zoomFps} fps`,
          );
          cases.push(result);
        } catch (error) {
          log(`    ${nodes} nodes, ${renderer} failed: ${String(error).split('\n')[0]}`);
          cases.push({
            renderer,
            nodes,
            edges: 0,
            fetchMs: Number.NaN,
            firstFrameMs: Number.NaN,
            layoutMs: Number.NaN,
            layoutApplyMs: Number.NaN,
            panFps: Number.NaN,
            zoomFps: Number.NaN,
            panRenders: 0,
            zoomRenders: 0,
            note: `failed: ${String(error).split('\n')[0]!.slice(0, 200)}${errors[0] ? `; page: ${errors[0].slice(0, 200)}` : ''}`,
          });
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
  }
  return { chromium: browser.version(), viewport: VIEWPORT, cases };
}
