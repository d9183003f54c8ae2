/**
 * The entries of the canvas context menu: for an entity (expand all or by
 * relationship type and direction, with the counts from the neighbourhood
 * summary before anything loads, "load N more", "load all", the page size, pin, hide, remove, select
 * neighbours, path ends), for a link, and for the background.
 */
import { describeError } from '../api.js';
import { expandOptions, PAGE_SIZES, summaryTotal } from '../expand.js';
import { loadAllCap } from '../expand-settings.js';
import type { Explorer } from '../explorer.js';
import { LAYOUTS } from '../layout-protocol.js';
import type { ContextMenu, MenuItem } from './context-menu.js';

export function openNodeMenu(
  menu: ContextMenu,
  explorer: Explorer,
  id: string,
  at: { x: number; y: number },
): void {
  const { canvas } = explorer;
  const selected = canvas.selectedIds();
  const targets = selected.includes(id) && selected.length > 1 ? selected : [id];
  const many = targets.length > 1;
  const data = canvas.nodeData(id);
  const pinned = canvas.cy.getElementById(id).locked();
  const title = many ? `${targets.length} selected entities` : `${data?.label ?? id} · ${data?.type ?? ''}`;

  const tail: MenuItem[] = [
    { kind: 'separator' },
    {
      label: pinned ? 'Unpin' : 'Pin in place',
      detail: 'P',
      run: () => explorer.pin(targets, !pinned),
      testId: 'menu-pin',
    },
    {
      label: many ? `Hide ${targets.length}` : 'Hide',
      run: () => explorer.hide(targets),
      testId: 'menu-hide',
    },
    {
      label: many ? `Remove ${targets.length}` : 'Remove from canvas',
      detail: 'Del',
      run: () => explorer.remove(targets),
      testId: 'menu-remove',
    },
    {
      label: 'Select neighbours',
      run: () => canvas.selectNeighbours(targets),
      testId: 'menu-select-neighbours',
    },
    { kind: 'separator' },
    { label: 'Path from here', run: () => void explorer.pathEnd('from', id), testId: 'menu-path-from' },
    { label: 'Path to here', run: () => void explorer.pathEnd('to', id), testId: 'menu-path-to' },
  ];

  const size = explorer.pageSize;
  const drawn = canvas.cy.getElementById(id).connectedEdges().length;
  const left = data?.degree !== undefined ? Math.max(0, data.degree - drawn) : undefined;
  const cap = loadAllCap();
  const head = (options: MenuItem[]): MenuItem[] => [
    {
      label: 'Expand all',
      detail:
        data?.degree !== undefined ? `${Math.min(size, data.degree)} of ${data.degree}` : `first ${size}`,
      run: () => void explorer.expand(id),
      testId: 'menu-expand-all',
    },
    ...moreItem(explorer, id),
    ...(left === undefined || left > size
      ? [
          {
            label: 'Load all',
            detail:
              left === undefined ? `up to ${cap}` : left <= cap ? `${left} left` : `${cap} of ${left} left`,
            run: () => void explorer.expand(id, { all: true, more: true }),
            testId: 'menu-load-all',
          },
        ]
      : []),
    {
      kind: 'choices',
      label: 'Per click',
      options: PAGE_SIZES.map((n) => ({
        label: String(n),
        checked: n === size,
        run: () => (explorer.pageSize = n),
        testId: `menu-page-size-${n}`,
      })),
    },
    { kind: 'heading', label: 'Expand by relationship' },
    ...options,
  ];

  menu.open(at, title, [...head([{ kind: 'note', label: 'Loading the neighbourhood…' }]), ...tail]);
  explorer.entity(id).then(
    (detail) => {
      const options = expandOptions(detail.summary, canvas.drawnLinks(id));
      const items: MenuItem[] = options.length
        ? options.flatMap((o) => {
            const types = o.neighbourTypes.map((t) => `${t.type} ${t.count}`).join(', ');
            const item: MenuItem = {
              label: `${o.direction === 'out' ? '→' : '←'} ${o.relType}`,
              detail: `${o.onCanvas ? `${o.onCanvas}/` : ''}${o.count}${types ? ` · ${types}` : ''}`,
              run: () => void explorer.expand(id, { types: [o.relType], direction: o.direction }),
              testId: `menu-expand-${o.relType}-${o.direction}`,
            };
            return [item, ...moreItem(explorer, id, [o.relType], o.direction)];
          })
        : [{ kind: 'note', label: 'No links.' }];
      if (options.length)
        items.push({
          kind: 'note',
          label: `${summaryTotal(detail.summary)} links in all; ${size} load per click.`,
        });
      menu.update([...head(items), ...tail]);
    },
    (err) =>
      menu.update([
        ...head([{ kind: 'note', label: `Neighbourhood unavailable: ${describeError(err)}` }]),
        ...tail,
      ]),
  );
}

function moreItem(explorer: Explorer, id: string, types?: string[], direction?: 'in' | 'out'): MenuItem[] {
  const pending = explorer.pending(id, types, direction);
  if (!pending) return [];
  const opts: { types?: string[]; direction?: 'in' | 'out'; more: true } = { more: true };
  if (types) opts.types = types;
  if (direction) opts.direction = direction;
  return [
    {
      label: `Load ${pending.next} more${types ? ` ${types.join(', ')}` : ''}`,
      detail: `${pending.remaining} left`,
      run: () => void explorer.expand(id, opts),
      testId: 'menu-load-more',
    },
  ];
}

export function openEdgeMenu(
  menu: ContextMenu,
  explorer: Explorer,
  id: string,
  at: { x: number; y: number },
): void {
  const edge = explorer.canvas.cy.getElementById(id);
  menu.open(at, `${String(edge.data('type'))} link`, [
    {
      label: 'Why is this link here?',
      run: () => {
        // A right-click selects nothing: without this, the link selected before stayed
        // highlighted on the canvas while the details showed this one.
        explorer.canvas.selectOnly([id]);
        explorer.select({ kind: 'edge', id });
      },
      testId: 'menu-why',
    },
    {
      label: 'Select both ends',
      run: () => explorer.canvas.selectOnly([edge.data('source'), edge.data('target')]),
    },
  ]);
}

export function openBackgroundMenu(
  menu: ContextMenu,
  explorer: Explorer,
  at: { x: number; y: number },
): void {
  const hidden = explorer.canvas.cy.nodes('.hidden').length;
  menu.open(at, 'Canvas', [
    {
      label: 'Show hidden entities',
      detail: String(hidden),
      disabled: hidden === 0,
      run: () => explorer.showAll(),
    },
    { label: 'Fit to view', detail: 'F', run: () => explorer.canvas.fit() },
    { label: 'Select all', detail: 'Ctrl+A', run: () => explorer.canvas.cy.nodes(':visible').select() },
    { kind: 'heading', label: 'Layout' },
    ...LAYOUTS.map((l) => ({ label: l.label, run: () => void explorer.layout(l.name) })),
    { kind: 'separator' },
    { label: 'Clear the canvas', disabled: explorer.canvas.nodeCount() === 0, run: () => explorer.clear() },
  ]);
}
