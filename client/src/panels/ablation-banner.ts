/**
 * The banner over the canvas while sources are ablated: what is ablated, how much of the canvas
 * it takes away, and "Undo ablation". The explorer owns the ablation; this module only draws it.
 */
import { h } from '../dom.js';
import type { Explorer } from '../explorer.js';

export function createAblationBanner(parent: HTMLElement, explorer: Explorer): void {
  const text = h('span', { class: 'ablation-text' });
  const undo = h('button', { type: 'button', class: 'btn small', id: 'ablation-undo' }, 'Undo ablation');
  const root = h('div', { id: 'ablation-banner', class: 'ablation-banner', role: 'status' }, text, undo);
  root.hidden = true;
  parent.appendChild(root);
  undo.addEventListener('click', () => explorer.ablate([]));
  const render = () => {
    const ablated = explorer.ablated;
    root.hidden = ablated.length === 0;
    if (!ablated.length) return;
    const names = ablated.map((id) => explorer.sources.get(id)?.title ?? id).join(', ');
    const facts = explorer.canvas.cy.edges('.ablated').length;
    const nodes = explorer.canvas.cy.nodes('.ablated').length;
    text.textContent =
      `What if ${names} were wrong? ${facts} fact${facts === 1 ? '' : 's'} resting only on it ` +
      `and ${nodes} entit${nodes === 1 ? 'y' : 'ies'} left without other facts are faded.`;
  };
  explorer.events.on('ablation', render);
  explorer.events.on('graph', render);
}
