/**
 * Draws the "N more" bundles beside their hub: a chip (a real button) per group, tied to the hub
 * by a dashed line, following the hub through pans, zooms and drags. The chips live in a layer
 * over the canvas, not in the graph: they are view-only, so no save, export, count, layout,
 * search or label pass can ever take them for entities. A click loads that group's next page.
 */
import { h } from '../dom.js';
import type { Explorer } from '../explorer.js';
import { bundleOffsets, type Bundle } from '../hub-bundles.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Room between the hub's edge and its chips, in screen pixels. */
const CLEAR = 36;

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
    for (const [hub, bundles] of current) {
      const node = cy.getElementById(hub);
      const shown = node.nonempty() && node.visible();
      const p = shown ? node.renderedPosition() : { x: 0, y: 0 };
      const half = shown ? node.renderedOuterWidth() / 2 : 0;
      const offsets = bundleOffsets(bundles.length, half + CLEAR);
      bundles.forEach((b, i) => {
        const chip = chips.querySelector<HTMLButtonElement>(`[data-bundle="${CSS.escape(b.id)}"]`);
        if (!chip) return;
        const x = p.x + offsets[i]!.x;
        const y = p.y + offsets[i]!.y;
        const inside = shown && x > 0 && y > 0 && x < box.width && y < box.height;
        chip.hidden = !inside;
        if (!inside) return;
        chip.style.left = `${dx + x}px`;
        chip.style.top = `${dy + y}px`;
        const line = document.createElementNS(SVG, 'line');
        line.setAttribute('x1', String(dx + p.x + half));
        line.setAttribute('y1', String(dy + p.y));
        line.setAttribute('x2', String(dx + x));
        line.setAttribute('y2', String(dy + y));
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
  window.addEventListener('resize', schedule);
}
