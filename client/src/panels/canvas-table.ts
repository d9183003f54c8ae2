/**
 * The canvas table (a bottom drawer): what is on the canvas as two tabs, entities and links,
 * sortable by any column and filtered by text. Selection follows both ways: ticking rows selects
 * those elements on the canvas; selecting on the canvas ticks the rows and scrolls the first into
 * view. Rebuilt when elements come or go (the explorer's `graph` event), only while open.
 */
import type cytoscape from 'cytoscape';
import type { JsonValue } from '../../../server/contract.js';
import {
  COLUMNS,
  cellText,
  entityRow,
  filterRows,
  linkRow,
  sortRows,
  type LinkInput,
  type Row,
  type TableTab,
} from '../canvas-table-rows.js';
import { h, replace } from '../dom.js';
import type { Explorer } from '../explorer.js';
import type { SortDirection } from '../result-table.js';

/** More rows than this make the drawer slow and say little: the filter narrows them instead. */
const MAX_ROWS = 1000;

export interface CanvasTable {
  /** Call when the drawer opens or closes: the table only follows the canvas while open. */
  setOpen(open: boolean): void;
}

const NOUN: Record<TableTab, [string, string]> = {
  entities: ['entity', 'entities'],
  links: ['link', 'links'],
};

type DrawerTab = TableTab | 'style';
const TAB_LABEL: Record<DrawerTab, string> = { entities: 'Entities', links: 'Links', style: 'Style rules' };

/** Builds the table into `root` (the drawer's body); `styleForm`, if given, gets a third tab. */
export function createCanvasTable(
  root: HTMLElement,
  explorer: Explorer,
  styleForm?: HTMLElement,
): CanvasTable {
  const cy = explorer.canvas.cy;
  let tab: TableTab = 'entities';
  let open = false;
  let dirty = true;
  let rows: Row[] = [];
  const sort: Record<TableTab, { key: string; direction: SortDirection } | null> = {
    entities: null,
    links: null,
  };
  // Set while the table itself changes the canvas selection, so the echo does not scroll the rows.
  let selecting = false;

  const names: DrawerTab[] = styleForm ? ['entities', 'links', 'style'] : ['entities', 'links'];
  const tabs = names.map((name) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `canvas-table-tab-${name}`,
        class: 'ct-tab',
        'aria-controls': name === 'style' ? 'canvas-style-panel' : 'canvas-table-panel',
        'aria-selected': String(name === tab),
        tabindex: name === tab ? 0 : -1,
        'data-tab': name,
      },
      TAB_LABEL[name],
    ),
  );
  const tabList = h('div', { role: 'tablist', class: 'ct-tabs', 'aria-label': 'Canvas table' }, tabs);
  const filter = h('input', {
    type: 'search',
    id: 'canvas-table-filter',
    class: 'ct-filter',
    placeholder: 'Filter rows…',
    autocomplete: 'off',
  });
  const count = h('span', { class: 'ct-count', role: 'status' });
  const head = h('thead');
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'results-table canvas-table' },
    h('caption', { class: 'visually-hidden' }),
    head,
    body,
  );
  const wrap = h('div', { class: 'table-wrap ct-wrap' }, table);
  const panel = h(
    'div',
    {
      role: 'tabpanel',
      id: 'canvas-table-panel',
      class: 'ct-panel',
      'aria-labelledby': 'canvas-table-tab-entities',
    },
    wrap,
  );
  const tableTools = h(
    'span',
    { class: 'ct-tools' },
    h('label', { for: 'canvas-table-filter', class: 'tool-label' }, 'Filter'),
    filter,
    count,
  );
  const stylePanel = styleForm
    ? h(
        'div',
        {
          role: 'tabpanel',
          id: 'canvas-style-panel',
          class: 'ct-style',
          'aria-labelledby': 'canvas-table-tab-style',
          hidden: true,
        },
        styleForm,
      )
    : null;
  replace(root, h('div', { class: 'ct-bar' }, tabList, tableTools), panel, stylePanel);

  // ------------------------------------------------------------ reading the canvas

  const group = (): cytoscape.CollectionReturnValue =>
    tab === 'entities' ? cy.collection(cy.nodes()) : cy.collection(cy.edges());

  function readRows(): Row[] {
    if (tab === 'entities') {
      return cy.nodes().map((n) =>
        entityRow(
          n.data() as {
            id: string;
            label?: string;
            type?: string;
            degree?: number;
            properties?: Record<string, JsonValue>;
          },
          n.connectedEdges().length,
        ),
      );
    }
    const nameOf = (id: string) => explorer.label(id);
    return cy.edges().map((e) => linkRow(e.data() as LinkInput, nameOf));
  }

  // ------------------------------------------------------------ drawing

  function drawHead(): void {
    const columns = COLUMNS[tab];
    const s = sort[tab];
    const select = h(
      'th',
      { scope: 'col', class: 'ct-check' },
      h('span', { class: 'visually-hidden' }, 'Selected'),
    );
    replace(
      head,
      h(
        'tr',
        {},
        select,
        columns.map((c) => {
          const button = h('button', { type: 'button', class: 'sort-btn', 'data-key': c.key }, c.label);
          const th = h(
            'th',
            {
              scope: 'col',
              class: c.numeric ? 'num' : null,
              'aria-sort': s?.key === c.key ? s.direction : 'none',
            },
            button,
          );
          button.addEventListener('click', () => {
            const direction: SortDirection =
              s?.key === c.key && s.direction === 'ascending' ? 'descending' : 'ascending';
            sort[tab] = { key: c.key, direction };
            drawHead();
            drawBody();
            (head.querySelector<HTMLButtonElement>(`button[data-key="${c.key}"]`) ?? button).focus();
          });
          return th;
        }),
      ),
    );
  }

  function drawBody(): void {
    const columns = COLUMNS[tab];
    const s = sort[tab];
    const filtered = filterRows(rows, columns, filter.value);
    const ordered = s ? sortRows(filtered, s.key, s.direction) : filtered;
    const shown = ordered.slice(0, MAX_ROWS);
    const selected = new Set(
      group()
        .filter(':selected')
        .map((e) => e.id()),
    );
    const [one, many] = NOUN[tab];
    table.querySelector('caption')!.textContent = `${many[0]!.toUpperCase()}${many.slice(1)} on the canvas`;
    count.textContent =
      (filter.value.trim() ? `${filtered.length} of ${rows.length} ` : `${rows.length} `) +
      (rows.length === 1 ? one : many) +
      (shown.length < ordered.length ? ` (first ${shown.length} shown)` : '');
    replace(
      body,
      shown.map((row) => {
        const name = String(
          tab === 'entities' ? row.cells.label : `${row.cells.source} ${row.cells.type} ${row.cells.target}`,
        );
        const box = h('input', {
          type: 'checkbox',
          class: 'ct-select',
          'aria-label': `Select ${name}`,
          'data-id': row.id,
        });
        box.checked = selected.has(row.id);
        return h(
          'tr',
          { 'data-id': row.id, 'aria-selected': String(box.checked), class: box.checked ? 'selected' : null },
          h('td', { class: 'ct-check' }, box),
          columns.map((c) =>
            h(
              'td',
              { class: c.numeric ? 'num' : c.wrap ? 'wrap' : null },
              cellText(row.cells[c.key] ?? null),
            ),
          ),
        );
      }),
    );
  }

  function rebuild(): void {
    dirty = false;
    rows = readRows();
    drawHead();
    drawBody();
  }

  // ------------------------------------------------------------ selection, both ways

  /**
   * Selects on the canvas what the rows say, leaving the other kind's selection alone: `changed`
   * alone when `only`, else the canvas selection with `changed` ticked or unticked. Rows the filter
   * hides keep their selection: they cannot be seen, so they cannot have been meant.
   */
  function applyRowSelection(changed: string, only: boolean): void {
    const box = body.querySelector<HTMLInputElement>(`input.ct-select[data-id="${CSS.escape(changed)}"]`);
    const on = only || Boolean(box?.checked);
    const ids = only
      ? new Set<string>()
      : new Set(
          group()
            .filter(':selected')
            .map((e) => e.id()),
        );
    if (on) ids.add(changed);
    else ids.delete(changed);
    selecting = true;
    setTimeout(() => (selecting = false), 0);
    cy.batch(() => {
      group()
        .filter((e) => e.selected() && !ids.has(e.id()))
        .unselect();
      group()
        .filter((e) => ids.has(e.id()))
        .select();
    });
    markRows();
    const picked = ids.has(changed) ? changed : null;
    explorer.select(picked ? { kind: tab === 'entities' ? 'node' : 'edge', id: picked } : { kind: 'none' });
    if (ids.size) explorer.canvas.reveal(tab === 'entities' ? [...ids] : edgeEnds([...ids]));
  }

  function edgeEnds(ids: string[]): string[] {
    return ids.flatMap((id) => {
      const e = cy.getElementById(id);
      return e.nonempty() && e.isEdge() ? [e.source().id(), e.target().id()] : [];
    });
  }

  /** Ticks and marks the rows of what is selected on the canvas; scrolls to the first if asked. */
  function markRows(scroll = false): void {
    const selected = new Set(
      group()
        .filter(':selected')
        .map((e) => e.id()),
    );
    let first: HTMLElement | null = null;
    body.querySelectorAll<HTMLTableRowElement>('tr[data-id]').forEach((tr) => {
      const on = selected.has(tr.dataset.id!);
      tr.classList.toggle('selected', on);
      tr.setAttribute('aria-selected', String(on));
      const box = tr.querySelector<HTMLInputElement>('input.ct-select');
      if (box) box.checked = on;
      if (on && !first) first = tr;
    });
    if (scroll && first) (first as HTMLElement).scrollIntoView({ block: 'nearest' });
  }

  body.addEventListener('change', (e) => {
    const box = e.target as HTMLInputElement;
    if (box.matches('input.ct-select')) applyRowSelection(box.dataset.id!, false);
  });
  // A click on a row (not its box) selects that row alone; with Ctrl or ⌘ it adds or removes it.
  body.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.matches('input.ct-select')) return;
    const tr = target.closest<HTMLTableRowElement>('tr[data-id]');
    if (!tr) return;
    const box = tr.querySelector<HTMLInputElement>('input.ct-select')!;
    if (e.ctrlKey || e.metaKey) {
      box.checked = !box.checked;
      applyRowSelection(tr.dataset.id!, false);
    } else {
      box.checked = true;
      applyRowSelection(tr.dataset.id!, true);
    }
  });
  // Arrow keys move between the rows' boxes (Space ticks, as on any checkbox); Enter selects one alone.
  body.addEventListener('keydown', (e) => {
    const box = e.target as HTMLInputElement;
    if (!box.matches('input.ct-select')) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const boxes = [...body.querySelectorAll<HTMLInputElement>('input.ct-select')];
      const next = boxes[boxes.indexOf(box) + (e.key === 'ArrowDown' ? 1 : -1)];
      if (next) {
        e.preventDefault();
        next.focus();
        next.closest('tr')?.scrollIntoView({ block: 'nearest' });
      }
    } else if (e.key === 'Enter') {
      e.preventDefault();
      applyRowSelection(box.dataset.id!, true);
    }
  });

  let pending: ReturnType<typeof setTimeout> | undefined;
  const onCanvasSelect = () => {
    if (!open) return;
    clearTimeout(pending);
    const scroll = !selecting;
    pending = setTimeout(() => markRows(scroll), 0);
  };
  cy.on('select unselect', onCanvasSelect as cytoscape.EventHandler);

  // ------------------------------------------------------------ tabs, filter, updates

  let view: DrawerTab = 'entities';
  function showTab(next: DrawerTab, focus = false): void {
    view = next;
    tabs.forEach((t) => {
      const on = t.dataset.tab === next;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      if (on && focus) t.focus();
    });
    const styling = next === 'style';
    panel.hidden = styling;
    tableTools.hidden = styling;
    if (stylePanel) stylePanel.hidden = !styling;
    if (styling) return;
    tab = next;
    panel.setAttribute('aria-labelledby', `canvas-table-tab-${next}`);
    rebuild();
  }
  tabs.forEach((t) => t.addEventListener('click', () => showTab(t.dataset.tab as DrawerTab)));
  // Tabs as WAI-ARIA describes them: arrows move and select, Home and End go to the ends.
  tabList.addEventListener('keydown', (e) => {
    const at = names.indexOf(view);
    const next =
      e.key === 'ArrowRight'
        ? names[(at + 1) % names.length]
        : e.key === 'ArrowLeft'
          ? names[(at - 1 + names.length) % names.length]
          : e.key === 'Home'
            ? names[0]
            : e.key === 'End'
              ? names[names.length - 1]
              : undefined;
    if (!next) return;
    e.preventDefault();
    showTab(next, true);
  });
  filter.addEventListener('input', () => drawBody());

  let queued = false;
  explorer.events.on('graph', () => {
    dirty = true;
    if (!open || queued) return;
    // Several changes in one turn (an expansion adds, then restyles) rebuild once.
    queued = true;
    queueMicrotask(() => {
      queued = false;
      if (open && dirty) rebuild();
    });
  });

  return {
    setOpen(next: boolean) {
      open = next;
      if (open && dirty) rebuild();
      else if (open) markRows();
    },
  };
}
