/**
 * The bar over the canvas while a long load runs ("Loading 150 of 500…") with its Cancel button.
 * The explorer says what to show through its `progress` event; this module only draws it.
 */
import { h } from '../dom.js';
import type { Explorer } from '../explorer.js';

export function createLoadProgress(parent: HTMLElement, explorer: Explorer): void {
  const text = h('span', { class: 'load-progress-text' });
  const cancel = h('button', { type: 'button', class: 'btn small', 'data-testid': 'load-cancel' }, 'Cancel');
  const root = h('div', { id: 'load-progress', class: 'load-progress', role: 'status' }, text, cancel);
  root.hidden = true;
  parent.appendChild(root);
  let stop: (() => void) | null = null;
  cancel.addEventListener('click', () => {
    stop?.();
    cancel.disabled = true;
    text.textContent = 'Stopping…';
  });
  explorer.events.on('progress', (p) => {
    root.hidden = !p;
    stop = p?.cancel ?? null;
    if (p && text.textContent !== 'Stopping…') text.textContent = p.text;
    if (!p) {
      cancel.disabled = false;
      text.textContent = '';
    }
  });
}
