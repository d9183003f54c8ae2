/**
 * The saved-queries drawer (loaded on first use): the library and users'
 * queries, a form generated from each query's parameters (entity parameters
 * through the same search component), run, then the graph on the canvas and
 * the table here with its outcome and timing. Analysts can write a query,
 * test it (`POST /api/cypher`) and save it (`POST /api/queries`); others are
 * told who can instead of being offered controls that would answer 403.
 */
import type {
  QueryParameterSpec,
  QueryParameterType,
  QueryRunResult,
  SavedQuery,
  SearchHit,
} from '../../../server/contract.js';
import { api, describeError } from '../api.js';
import { h, listenAsync, replace } from '../dom.js';
import type { Explorer } from '../explorer.js';
import type { Access } from '../permissions.js';
import { collectParams, defaultText, detectParameters, guessSpec, type RawValue } from '../query-form.js';
import {
  FOLD_AT,
  resultCellText,
  shouldFold,
  sortedRowIndexes,
  type SortDirection,
} from '../result-table.js';
import { createEntitySearch } from './search.js';

const MAX_TABLE_ROWS = 500;
const TYPES: QueryParameterType[] = ['string', 'integer', 'number', 'boolean', 'date', 'entity', 'string[]'];

/** What was typed or chosen, by parameter (an entity as its search hit, so its name comes back too). */
type FormSnapshot = Record<string, RawValue | SearchHit>;

interface FormHandle {
  el: HTMLElement;
  values(): Record<string, RawValue>;
  /** What is in the inputs now, to rebuild the form without losing it. */
  snapshot(): FormSnapshot;
  showErrors(errors: Record<string, string>): void;
}

/** The hint under an input: the query's own words, the accepted forms of a date, and the default. */
function hintText(spec: QueryParameterSpec): string {
  const parts: string[] = [];
  if (spec.description) parts.push(spec.description);
  if (spec.type === 'date') parts.push('Written YYYY, YYYY-MM or YYYY-MM-DD.');
  const fallback = defaultText(spec);
  if (fallback !== null) parts.push(`Default: ${fallback}.`);
  else if (!spec.required) parts.push('Optional.');
  return parts.join(' ');
}

/** Builds the inputs for a list of parameter specs; `initial` (a form's `snapshot`) refills them. */
function buildForm(
  specs: QueryParameterSpec[],
  explorer: Explorer,
  idPrefix: string,
  initial: FormSnapshot = {},
): FormHandle {
  const snapshots: Record<string, () => RawValue | SearchHit> = {};
  const getters: Record<string, () => RawValue> = {};
  const errorEls: Record<string, HTMLElement> = {};
  const inputs: Record<string, HTMLElement> = {};
  const rows = specs.map((spec) => {
    const id = `${idPrefix}-${spec.name}`;
    const err = h('div', { class: 'field-error', id: `${id}-err`, role: 'alert' });
    errorEls[spec.name] = err;
    const hintWords = hintText(spec);
    const hint = hintWords ? h('div', { class: 'field-hint', id: `${id}-hint` }, hintWords) : null;
    const before = initial[spec.name];
    const label = `${spec.label}${spec.required ? ' *' : ''}`;
    if (spec.type === 'entity') {
      const search = createEntitySearch({
        label,
        placeholder: spec.entityTypes?.length
          ? `Search ${spec.entityTypes.join(' or ')}…`
          : 'Search an entity…',
        keepChoice: true,
        model: () => explorer.model,
        onChoose: () => err.replaceChildren(),
        ...(spec.entityTypes?.length ? { types: spec.entityTypes } : {}),
      });
      search.input.setAttribute('data-param', spec.name);
      inputs[spec.name] = search.input;
      // Pre-fill from the canvas selection when it fits: the common case is "run this on what I am looking at".
      const selected = explorer.canvas.selectedIds()[0];
      const data = selected ? explorer.canvas.nodeData(selected) : undefined;
      if (before && typeof before === 'object') search.setValue(before);
      else if (selected && data && (!spec.entityTypes?.length || spec.entityTypes.includes(data.type))) {
        search.setValue({ id: selected, label: data.label, type: data.type, score: 1, aliases: [] });
      }
      getters[spec.name] = () => search.value()?.id ?? null;
      snapshots[spec.name] = () => search.value() ?? null;
      return h('div', { class: 'field' }, search.root, hint, err);
    }
    let input: HTMLInputElement | HTMLSelectElement;
    if (spec.type === 'boolean') {
      input = h('input', {
        type: 'checkbox',
        id,
        checked: typeof before === 'boolean' ? before : spec.default === true,
      });
      getters[spec.name] = () => (input as HTMLInputElement).checked;
      snapshots[spec.name] = () => (input as HTMLInputElement).checked;
      inputs[spec.name] = input;
      return h('div', { class: 'field check-line' }, input, h('label', { for: id }, label), hint, err);
    }
    if (spec.options?.length) {
      input = h(
        'select',
        { id },
        spec.required ? null : h('option', { value: '' }, '—'),
        spec.options.map((o) =>
          h('option', { value: o, selected: (typeof before === 'string' ? before : spec.default) === o }, o),
        ),
      );
    } else {
      // Dates are text: the queries take a year or a month as well as a day, which a date picker cannot.
      const type = spec.type === 'integer' || spec.type === 'number' ? 'number' : 'text';
      input = h('input', {
        id,
        type,
        min: spec.min,
        max: spec.max,
        step: spec.type === 'integer' ? 1 : spec.type === 'number' ? 'any' : undefined,
        value: typeof before === 'string' ? before : (defaultText(spec) ?? ''),
        inputmode: spec.type === 'date' ? 'numeric' : undefined,
        placeholder:
          spec.type === 'string[]'
            ? 'comma-separated'
            : spec.type === 'date'
              ? 'YYYY, YYYY-MM or YYYY-MM-DD'
              : undefined,
      });
    }
    input.setAttribute('data-param', spec.name);
    if (spec.required) input.setAttribute('aria-required', 'true');
    input.setAttribute('aria-describedby', [hint?.id, err.id].filter(Boolean).join(' '));
    inputs[spec.name] = input;
    getters[spec.name] = () => input.value;
    snapshots[spec.name] = () => input.value;
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id, class: 'field-label' }, label),
      input,
      hint,
      err,
    );
  });
  return {
    el: h(
      'div',
      { class: 'param-form' },
      rows.length ? rows : h('p', { class: 'muted small' }, 'This query has no parameters.'),
    ),
    values: () => Object.fromEntries(Object.entries(getters).map(([k, g]) => [k, g()])),
    snapshot: () => Object.fromEntries(Object.entries(snapshots).map(([k, g]) => [k, g()])),
    showErrors(errors) {
      for (const [name, el] of Object.entries(errorEls)) {
        el.textContent = errors[name] ?? '';
        inputs[name]?.setAttribute('aria-invalid', String(Boolean(errors[name])));
      }
      const first = Object.keys(errors)[0];
      if (first) inputs[first]?.focus();
    },
  };
}

function outcomeText(r: QueryRunResult): string {
  const outcome =
    r.outcome === 'complete'
      ? 'complete'
      : r.outcome === 'truncated'
        ? 'truncated (limit reached)'
        : 'timed out';
  return `${outcome} · ${r.rowCount} row${r.rowCount === 1 ? '' : 's'} · ${r.graph.nodes.length} nodes, ${r.graph.edges.length} links · ${r.elapsedMs} ms`;
}

/** One cell: its text, folded behind "more" when long (the whole text is in the cell either way). */
function tableCell(text: string): HTMLTableCellElement {
  if (!shouldFold(text)) return h('td', {}, text);
  return h(
    'td',
    { class: 'folded' },
    h('details', {}, h('summary', {}, `${text.slice(0, FOLD_AT)}…`), h('span', { class: 'unfolded' }, text)),
  );
}

/**
 * The results table: every column sortable by its header (a button, with aria-sort), paths as
 * chains of names and link types, long values folded. Sorting redraws the body only.
 */
function renderTable(r: QueryRunResult): HTMLElement {
  const shownRows = r.table.rows.slice(0, MAX_TABLE_ROWS);
  const texts = shownRows.map((row) => r.table.columns.map((_, i) => resultCellText(row[i], r.graph)));
  const body = h('tbody');
  const drawBody = (order: number[]) =>
    replace(
      body,
      order.map((i) => h('tr', {}, texts[i]!.map(tableCell))),
    );
  let sorted: { column: number; direction: SortDirection } | null = null;
  const headers = r.table.columns.map((c, column) => {
    const button = h('button', { type: 'button', class: 'sort-btn' }, c);
    const th = h('th', { scope: 'col', 'aria-sort': 'none' }, button);
    button.addEventListener('click', () => {
      const direction: SortDirection =
        sorted?.column === column && sorted.direction === 'ascending' ? 'descending' : 'ascending';
      sorted = { column, direction };
      for (const other of headers) other.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', direction);
      drawBody(sortedRowIndexes(shownRows, column, direction, r.graph));
    });
    return th;
  });
  drawBody(shownRows.map((_, i) => i));
  return h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Query results table' },
    h('table', { class: 'results-table' }, h('thead', {}, h('tr', {}, headers)), body),
    r.table.rows.length > MAX_TABLE_ROWS
      ? h(
          'p',
          { class: 'muted small' },
          `First ${MAX_TABLE_ROWS} of ${r.table.rows.length} rows shown; the CSV export has them all.`,
        )
      : null,
  );
}

export interface QueriesPanel {
  refresh(): Promise<void>;
}

const PLACEMENT_KEY = 'casegraph.queryResults';

/** "Add to the canvas" or "Replace the canvas", remembered in this browser. */
function createPlacementChoice(): { el: HTMLElement; value(): 'add' | 'replace' } {
  const stored = localStorage.getItem(PLACEMENT_KEY) === 'add' ? 'add' : 'replace';
  const option = (value: 'add' | 'replace', label: string) => {
    const input = h('input', {
      type: 'radio',
      name: 'q-placement',
      id: `q-placement-${value}`,
      value,
      checked: stored === value,
    });
    input.addEventListener('change', () => localStorage.setItem(PLACEMENT_KEY, value));
    return h('label', { class: 'check', for: input.id }, input, label);
  };
  const el = h(
    'fieldset',
    { class: 'q-placement' },
    h('legend', {}, 'The result’s graph'),
    option('replace', 'replaces the canvas'),
    option('add', 'is added to it'),
  );
  return {
    el,
    value: () => (el.querySelector<HTMLInputElement>('input:checked')?.value === 'add' ? 'add' : 'replace'),
  };
}

/**
 * `access` is read at each refresh, so signing in again as someone else takes effect; `me` names
 * the signed-in user (their own queries can be edited and deleted).
 */
export function createQueriesPanel(
  root: HTMLElement,
  explorer: Explorer,
  access: () => Access,
  me: () => string | null = () => null,
): QueriesPanel {
  const placement = createPlacementChoice();
  const list = h('ul', { class: 'q-list', 'aria-label': 'Saved queries' });
  const form = h('div', { class: 'q-form' });
  const results = h(
    'div',
    { class: 'q-results', 'aria-live': 'polite' },
    h('p', { class: 'muted' }, 'Results appear here; the graph goes on the canvas.'),
  );
  const newBtn = h('button', { type: 'button', class: 'btn small' }, 'Write a query');
  // Where "Write a query" would be for those who may not: who can, instead of a 403 later.
  const writeNote = h('p', { class: 'muted small q-write-note', id: 'q-write-note' });
  const showWriteControls = () => {
    const allowed = access().may('writeQueries');
    newBtn.hidden = !allowed;
    writeNote.hidden = allowed;
    writeNote.textContent = allowed ? '' : access().reason('writeQueries');
    if (!allowed && current === '__new__') {
      current = null;
      replace(form);
    }
  };
  replace(
    root,
    h(
      'div',
      { class: 'q-col q-col-list' },
      h('div', { class: 'q-list-head' }, h('h3', {}, 'Library'), newBtn),
      list,
      writeNote,
    ),
    form,
    results,
  );
  const isWide = () => root.classList.contains('wide-results');
  let queries: SavedQuery[] = [];
  let current: string | null = null;

  const showResult = (r: QueryRunResult, title: string) => {
    explorer.lastTable = { title, table: r.table };
    explorer.showQueryGraph(r, title, placement.value());
    const csv = h('button', { type: 'button', class: 'btn small' }, 'Export CSV');
    // The table may take the whole drawer (the list and the form step aside) and give it back.
    const wide = h(
      'button',
      { type: 'button', class: 'btn small', 'aria-pressed': String(isWide()) },
      'Wide table',
    );
    wide.addEventListener('click', () => {
      root.classList.toggle('wide-results');
      wide.setAttribute('aria-pressed', String(isWide()));
    });
    csv.addEventListener('click', () => {
      // Loading the export code can fail too (a deploy replaced the chunk): report both.
      import('./export.js')
        .then(({ runExport }) => runExport('csv', explorer))
        .catch((err) => explorer.error(err, 'export'));
    });
    replace(
      results,
      h(
        'div',
        { class: 'q-outcome' },
        h('span', { class: `badge outcome-${r.outcome}` }, r.outcome.replace('_', ' ')),
        h('span', { class: 'muted' }, outcomeText(r)),
        csv,
        r.table.columns.length ? wide : null,
      ),
      r.outcome !== 'complete'
        ? h(
            'p',
            { class: 'warn small' },
            r.outcome === 'truncated'
              ? 'Only part of the answer is shown: narrow the query or raise its limit.'
              : 'The query hit the time limit; what came back is shown.',
          )
        : null,
      r.table.columns.length ? renderTable(r) : h('p', { class: 'muted' }, 'No table for this query.'),
    );
  };

  const run = async (title: string, work: () => Promise<QueryRunResult>, button: HTMLButtonElement) => {
    button.disabled = true;
    root.setAttribute('aria-busy', 'true');
    replace(results, h('p', { class: 'loading' }, `Running ${title}…`));
    try {
      showResult(await work(), title);
    } catch (err) {
      replace(results, h('p', { class: 'error', role: 'alert' }, describeError(err)));
    } finally {
      button.disabled = false;
      root.removeAttribute('aria-busy');
    }
  };

  const openQuery = (q: SavedQuery) => {
    current = q.id;
    renderList();
    const f = buildForm(q.parameters, explorer, `qp-${q.id}`);
    const runBtn = h('button', { type: 'submit', class: 'btn primary' }, 'Run');
    // Only the owner may change a user query (the server says so too); the library is read-only.
    const mine =
      q.origin === 'user' && q.owner !== undefined && q.owner === me() && access().may('changeOwnQueries');
    let ownControls: HTMLElement | null = null;
    if (mine) {
      const edit = h('button', { type: 'button', class: 'btn small' }, 'Edit');
      edit.addEventListener('click', () => openEditor(q));
      const del = h('button', { type: 'button', class: 'btn small danger' }, 'Delete');
      listenAsync(del, 'click', async () => {
        if (!confirm(`Delete the query “${q.title}”? This cannot be undone.`)) return;
        try {
          await api.deleteQuery(q.id);
          explorer.info(`Deleted “${q.title}”.`);
          current = null;
          replace(form);
          await refresh();
        } catch (err) {
          explorer.error(err, 'delete the query');
        }
      });
      ownControls = h(
        'div',
        { class: 'btn-row q-own' },
        h(
          'span',
          { class: 'muted small' },
          q.visibility === 'shared' ? 'Shared with the team' : 'Only you see it',
        ),
        edit,
        del,
      );
    }
    const formEl = h(
      'form',
      { class: 'q-run', 'aria-label': q.title },
      h('h3', {}, q.title),
      q.description ? h('p', { class: 'muted small' }, q.description) : null,
      ownControls,
      f.el,
      placement.el,
      h('div', { class: 'btn-row' }, runBtn),
      h('details', { class: 'q-cypher' }, h('summary', {}, 'Cypher'), h('pre', {}, q.cypher)),
    );
    formEl.addEventListener('submit', (e) => {
      e.preventDefault();
      const { params, errors } = collectParams(q.parameters, f.values());
      f.showErrors(errors);
      if (Object.keys(errors).length) return;
      void run(q.title, () => api.runQuery(q.id, params), runBtn);
    });
    replace(form, formEl);
  };

  /** The query editor: a new query, or `existing` (one's own) to change. */
  const openEditor = (existing?: SavedQuery) => {
    if (!access().may('writeQueries')) return;
    current = existing?.id ?? '__new__';
    renderList();
    const title = h('input', { id: 'qe-title', type: 'text', required: true, value: existing?.title ?? '' });
    const desc = h('input', { id: 'qe-desc', type: 'text', value: existing?.description ?? '' });
    const cypher = h('textarea', {
      id: 'qe-cypher',
      rows: 6,
      spellcheck: 'false',
      class: 'code',
      placeholder: 'MATCH (p:Person {id: $person})-[r]-(x) RETURN p, r, x LIMIT 25',
    });
    if (existing) cypher.value = existing.cypher;
    const shared = h('input', {
      id: 'qe-shared',
      type: 'checkbox',
      checked: existing?.visibility === 'shared',
    });
    const paramsBox = h('div', { class: 'q-params' });
    const status = h('div', { class: 'field-error', role: 'alert' });
    let specs: QueryParameterSpec[] = existing ? existing.parameters.map((p) => ({ ...p })) : [];
    let f = buildForm([], explorer, 'qe-p');
    const rebuild = () => {
      const names = detectParameters(cypher.value);
      specs = names.map((n) => specs.find((s) => s.name === n) ?? guessSpec(n));
      // What was typed stays: Test and every edit of the Cypher rebuild the form (the bug was a blank one).
      f = buildForm(specs, explorer, 'qe-p', f.snapshot());
      const typeRows = specs.map((s, i) => {
        const sel = h(
          'select',
          { id: `qe-type-${i}`, 'aria-label': `Type of $${s.name}` },
          TYPES.map((t) => h('option', { value: t, selected: t === s.type }, t)),
        );
        sel.addEventListener('change', () => {
          s.type = sel.value as QueryParameterType;
          rebuild();
        });
        return h('li', {}, h('code', {}, `$${s.name}`), sel);
      });
      replace(
        paramsBox,
        specs.length
          ? [h('ul', { class: 'q-param-types' }, typeRows), f.el]
          : h('p', { class: 'muted small' }, 'Parameters ($name) you use appear here.'),
      );
    };
    let t: ReturnType<typeof setTimeout> | undefined;
    cypher.addEventListener('input', () => {
      clearTimeout(t);
      t = setTimeout(rebuild, 300);
    });
    const test = h('button', { type: 'button', class: 'btn primary' }, 'Test');
    const save = h('button', { type: 'button', class: 'btn' }, existing ? 'Save changes' : 'Save');
    const cancel = h('button', { type: 'button', class: 'btn' }, 'Cancel');
    cancel.addEventListener('click', () => {
      if (existing) openQuery(existing);
      else {
        current = null;
        replace(form);
        renderList();
      }
    });
    test.addEventListener('click', () => {
      rebuild();
      const { params, errors } = collectParams(specs, f.values());
      f.showErrors(errors);
      if (!cypher.value.trim()) status.textContent = 'Write a query first.';
      else if (!Object.keys(errors).length)
        void run(title.value || 'query draft', () => api.runCypher(cypher.value, params), test);
    });
    listenAsync(save, 'click', async () => {
      status.textContent = '';
      if (!title.value.trim() || !cypher.value.trim()) {
        status.textContent = 'A title and the Cypher are needed to save.';
        return;
      }
      save.disabled = true;
      try {
        const fields = {
          title: title.value.trim(),
          description: desc.value.trim(),
          cypher: cypher.value,
          parameters: specs,
          visibility: shared.checked ? ('shared' as const) : ('private' as const),
        };
        const saved = existing ? await api.updateQuery(existing.id, fields) : await api.saveQuery(fields);
        explorer.info(`Saved “${saved.title}”.`);
        await refresh();
        openQuery(saved);
      } catch (err) {
        status.textContent = describeError(err);
      } finally {
        save.disabled = false;
      }
    });
    replace(
      form,
      h(
        'div',
        { class: 'q-editor' },
        h('h3', {}, existing ? `Edit “${existing.title}”` : 'Write a query'),
        h('p', { class: 'muted small' }, 'Read-only Cypher; results are capped and timed by the server.'),
        h('div', { class: 'field' }, h('label', { for: title.id, class: 'field-label' }, 'Title *'), title),
        h('div', { class: 'field' }, h('label', { for: desc.id, class: 'field-label' }, 'Description'), desc),
        h(
          'div',
          { class: 'field' },
          h('label', { for: cypher.id, class: 'field-label' }, 'Cypher *'),
          cypher,
        ),
        paramsBox,
        h('div', { class: 'check-line' }, shared, h('label', { for: shared.id }, 'Share with the team')),
        placement.el,
        h('div', { class: 'btn-row' }, test, save, cancel),
        status,
      ),
    );
    rebuild();
    title.focus();
  };
  newBtn.addEventListener('click', () => openEditor());

  const renderList = () =>
    replace(
      list,
      queries.map((q) => {
        const b = h(
          'button',
          { type: 'button', class: 'q-item', 'aria-current': q.id === current ? 'true' : undefined },
          h('span', { class: 'q-title' }, q.title),
          h('span', { class: 'q-origin' }, q.origin === 'library' ? 'library' : (q.owner ?? 'mine')),
        );
        b.addEventListener('click', () => openQuery(q));
        return h('li', {}, b);
      }),
    );

  const refresh = async () => {
    showWriteControls();
    replace(list, h('li', { class: 'loading' }, 'Loading…'));
    try {
      queries = await api.queries();
      renderList();
      if (!queries.length) replace(list, h('li', { class: 'muted small' }, 'No saved queries yet.'));
      if (!current && queries[0]) openQuery(queries[0]);
    } catch (err) {
      replace(list, h('li', { class: 'error small', role: 'alert' }, describeError(err)));
    }
  };
  void refresh();
  return { refresh };
}
