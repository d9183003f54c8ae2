/**
 * A handle on the top edge of a drawer that resizes it: dragged with the pointer, or focused and
 * moved with the arrow keys (Home and End for the smallest and largest). The height is kept in
 * this browser. A WAI-ARIA window splitter: role="separator" with its value in pixels.
 */
import { h } from '../dom.js';

const STEP_PX = 40;
const MIN_PX = 160;

/** Adds the handle to `drawer`; `onResize` runs after each change (the canvas refits itself). */
export function makeResizable(drawer: HTMLElement, storageKey: string, onResize: () => void): HTMLElement {
  const maxHeight = () => Math.max(MIN_PX, Math.round((drawer.parentElement?.clientHeight ?? 600) - 120));
  const handle = h('div', {
    class: 'drawer-resize',
    role: 'separator',
    tabindex: 0,
    'aria-orientation': 'horizontal',
    'aria-label': 'Resize the drawer (arrow keys)',
    'aria-valuemin': MIN_PX,
  });
  const setHeight = (px: number, keep = true) => {
    const height = Math.round(Math.min(maxHeight(), Math.max(MIN_PX, px)));
    drawer.style.height = `${height}px`;
    handle.setAttribute('aria-valuenow', String(height));
    handle.setAttribute('aria-valuemax', String(maxHeight()));
    if (keep) localStorage.setItem(storageKey, String(height));
    onResize();
  };
  const stored = Number(localStorage.getItem(storageKey));
  if (Number.isFinite(stored) && stored > 0) drawer.style.height = `${stored}px`;
  // A focusable separator must always say where it stands: follow every change of the drawer.
  handle.setAttribute('aria-valuenow', String(Number.isFinite(stored) && stored > 0 ? stored : MIN_PX));
  new ResizeObserver(() => {
    const height = Math.round(drawer.getBoundingClientRect().height);
    if (height > 0) handle.setAttribute('aria-valuenow', String(height));
    handle.setAttribute('aria-valuemax', String(maxHeight()));
  }).observe(drawer);

  handle.addEventListener('pointerdown', (down) => {
    down.preventDefault();
    handle.setPointerCapture(down.pointerId);
    const startY = down.clientY;
    const startHeight = drawer.getBoundingClientRect().height;
    const move = (e: PointerEvent) => setHeight(startHeight + (startY - e.clientY));
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  });
  handle.addEventListener('keydown', (e) => {
    const now = drawer.getBoundingClientRect().height;
    const next =
      e.key === 'ArrowUp'
        ? now + STEP_PX
        : e.key === 'ArrowDown'
          ? now - STEP_PX
          : e.key === 'Home'
            ? MIN_PX
            : e.key === 'End'
              ? maxHeight()
              : null;
    if (next === null) return;
    e.preventDefault();
    setHeight(next);
  });
  drawer.prepend(handle);
  return handle;
}
