/**
 * Draws the "N more" bundles beside their hub: a chip (a real button) per group, tied to the hub
 * by a dashed line, following the hub through pans, zooms and drags. The chips live in a layer
 * over the canvas, not in the graph: they are view-only, so no save, export, count, layout,
 * search or label pass can ever take them for entities. A click loads that group's next page.
 */
import { h } from '../dom.js';
import type { Explorer } from '../explorer.js';
import { placeBundles, type Bundle, type Rect } from '../hub-bundles.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Things drawn over the canvas that chips must keep clear of. */
const OVERLAYS = '#toasts .toast, #canvas-status, #canvas-busy, #load-progress';

export function createBundleLayer(explorer: Explorer): void {
  const { cy } = explorer.canvas;
  const container = cy.container()!;
  const lines = document.createElementNS(SVG, 'svg');
  lines.setAttribute('class', 'bundle-lines');
  lines.setAttribute('aria-hidden', 'true');
  const chips = h('div', { class: 'bundle-chips' });
  const root = h('div', { id: 'bundle-layer', class: 'bundle-layer' }, lines, chips);
  container.parentElement!.insertBefore(root, container.nextSibling);

  let current = new Map<string, Bundle[]>();
  let frame = 0;

  const place = () => {
    frame = 0;
    const box = container.getBoundingClientRect();
    const base = root.getBoundingClientRect();
    const dx = box.left - base.left;
    const dy = box.top - base.top;
    lines.replaceChildren();
    if (!current.size) return;
    // What a chip must not cover: every visible node with its label, in screen pixels.
    const obstacles: Rect[] = cy
      .nodes(':visible')
      .map((n) => n.renderedBoundingBox({ includeLabels: true }))
      .filter((b) => b.x2 > 0 && b.y2 > 0 && b.x1 < box.width && b.y1 < box.height);
    // Never under what floats over the canvas: a chip under a toast cannot be clicked.
    const blocked: Rect[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(OVERLAYS)) {
      if (el.hidden || !el.getClientRects().length) continue;
      const r = el.getBoundingClientRect();
      blocked.push({
        x1: r.left - box.left,
        y1: r.top - box.top,
        x2: r.right - box.left,
        y2: r.bottom - box.top,
      });
    }
    for (const [hub, bundles] of current) {
      const node = cy.getElementById(hub);
      const els = bundles
        .map((b) => chips.querySelector<HTMLButtonElement>(`[data-bundle="${CSS.escape(b.id)}"]`))
        .filter((c): c is HTMLButtonElement => !!c);
      if (node.empty() || !node.visible()) {
        els.forEach((c) => (c.hidden = true));
        continue;
      }
      els.forEach((c) => (c.hidden = false));
      const body = node.renderedBoundingBox({ includeLabels: false });
      const centre = node.renderedPosition();
      const at = placeBundles(
        body,
        els.map((c) => ({ w: c.offsetWidth, h: c.offsetHeight })),
        obstacles,
        { bounds: { x1: 4, y1: 4, x2: box.width - 4, y2: box.height - 4 }, blocked },
      );
      els.forEach((chip, i) => {
        const p = at[i]!;
        const w = chip.offsetWidth;
        const h = chip.offsetHeight;
        chip.hidden = p.x + w < 0 || p.y + h < 0 || p.x > box.width || p.y > box.height;
        if (chip.hidden) return;
        chip.style.left = `${dx + p.x}px`;
        chip.style.top = `${dy + p.y}px`;
        // From the hub's edge to the nearest point of the chip.
        const tx = Math.max(p.x, Math.min(centre.x, p.x + w));
        const ty = Math.max(p.y, Math.min(centre.y, p.y + h));
        const len = Math.hypot(tx - centre.x, ty - centre.y) || 1;
        const r = (body.x2 - body.x1) / 2;
        const line = document.createElementNS(SVG, 'line');
        line.setAttribute('x1', String(dx + centre.x + ((tx - centre.x) / len) * r));
        line.setAttribute('y1', String(dy + centre.y + ((ty - centre.y) / len) * r));
        line.setAttribute('x2', String(dx + tx));
        line.setAttribute('y2', String(dy + ty));
        lines.appendChild(line);
      });
    }
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(place);
  };

  explorer.events.on('bundles', (byHub) => {
    current = byHub;
    chips.replaceChildren(
      ...[...byHub.values()].flat().map((b) => {
        const chip = h(
          'button',
          {
            type: 'button',
            class: 'bundle',
            'data-bundle': b.id,
            'data-group': `${b.relType}|${b.direction}|${b.neighbourType}`,
            'data-count': b.count,
            'aria-label': `${b.label} (${explorer.label(b.hub)})`,
            title: `Load the next ${Math.min(explorer.pageSize, b.count)} of ${explorer.label(b.hub)}`,
          },
          b.label,
        );
        chip.addEventListener('click', () => void explorer.loadBundle(b));
        return chip;
      }),
    );
    schedule();
  });
  cy.on('render', schedule);
  const toasts = document.getElementById('toasts');
  if (toasts) new MutationObserver(schedule).observe(toasts, { childList: true });
  window.addEventListener('resize', schedule);
}
