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
} from '../../../server/contract.js';
import { api, describeError } from '../api.js';
import { h, listenAsync, replace } from '../dom.js';
import type { Explorer } from '../explorer.js';
import type { Access } from '../permissions.js';
import { cellText } from '../export-format.js';
import { collectParams, detectParameters, guessSpec, type RawValue } from '../query-form.js';
import { createEntitySearch } from './search.js';

const MAX_TABLE_ROWS = 500;
const TYPES: QueryParameterType[] = ['string', 'integer', 'number', 'boolean', 'date', 'entity', 'string[]'];

interface FormHandle {
  el: HTMLElement;
  values(): Record<string, RawValue>;
  showErrors(errors: Record<string, string>): void;
}

/** Builds the inputs for a list of parameter specs. */
function buildForm(specs: QueryParameterSpec[], explorer: Explorer, idPrefix: string): FormHandle {
  const getters: Record<string, () => RawValue> = {};
  const errorEls: Record<string, HTMLElement> = {};
  const inputs: Record<string, HTMLElement> = {};
  const rows = specs.map((spec) => {
    const id = `${idPrefix}-${spec.name}`;
    const err = h('div', { class: 'field-error', id: `${id}-err`, role: 'alert' });
    errorEls[spec.name] = err;
    const hint = spec.description
      ? h('div', { class: 'field-hint', id: `${id}-hint` }, spec.description)
      : null;
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
      if (selected && data && (!spec.entityTypes?.length || spec.entityTypes.includes(data.type))) {
        search.setValue({ id: selected, label: data.label, type: data.type, score: 1, aliases: [] });
      }
      getters[spec.name] = () => search.value()?.id ?? null;
      return h('div', { class: 'field' }, search.root, hint, err);
    }
    let input: HTMLInputElement | HTMLSelectElement;
    if (spec.type === 'boolean') {
      input = h('input', { type: 'checkbox', id, checked: spec.default === true });
      getters[spec.name] = () => (input as HTMLInputElement).checked;
      inputs[spec.name] = input;
      return h('div', { class: 'field check-line' }, input, h('label', { for: id }, label), hint, err);
    }
    if (spec.options?.length) {
      input = h(
        'select',
        { id },
        spec.required ? null : h('option', { value: '' }, '—'),
        spec.options.map((o) => h('option', { value: o, selected: spec.default === o }, o)),
      );
    } else {
      const type =
        spec.type === 'integer' || spec.type === 'number' ? 'number' : spec.type === 'date' ? 'date' : 'text';
      input = h('input', {
        id,
        type,
        min: spec.min,
        max: spec.max,
        step: spec.type === 'integer' ? 1 : spec.type === 'number' ? 'any' : undefined,
        value:
          spec.default === undefined || spec.default === null
            ? ''
            : Array.isArray(spec.default)
              ? spec.default.join(', ')
              : String(spec.default),
        placeholder: spec.type === 'string[]' ? 'comma-separated' : undefined,
      });
    }
    input.setAttribute('data-param', spec.name);
    if (spec.required) input.setAttribute('aria-required', 'true');
    input.setAttribute('aria-describedby', [hint?.id, err.id].filter(Boolean).join(' '));
    inputs[spec.name] = input;
    getters[spec.name] = () => input.value;
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

function renderTable(r: QueryRunResult): HTMLElement {
  const rows = r.table.rows.slice(0, MAX_TABLE_ROWS);
  const cell = cellText;
  return h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Query results table' },
    h(
      'table',
      { class: 'results-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          r.table.columns.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            r.table.columns.map((_, i) => h('td', {}, cell(row[i]))),
          ),
        ),
      ),
    ),
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

/** `access` is read at each refresh, so signing in again as someone else takes effect. */
export function createQueriesPanel(
  root: HTMLElement,
  explorer: Explorer,
  access: () => Access,
): QueriesPanel {
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
  let queries: SavedQuery[] = [];
  let current: string | null = null;

  const showResult = (r: QueryRunResult, title: string) => {
    explorer.lastTable = { title, table: r.table };
    explorer.showQueryGraph(r, title);
    const csv = h('button', { type: 'button', class: 'btn small' }, 'Export CSV');
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
    const formEl = h(
      'form',
      { class: 'q-run', 'aria-label': q.title },
      h('h3', {}, q.title),
      q.description ? h('p', { class: 'muted small' }, q.description) : null,
      f.el,
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

  const openEditor = () => {
    if (!access().may('writeQueries')) return;
    current = '__new__';
    renderList();
    const title = h('input', { id: 'qe-title', type: 'text', required: true });
    const desc = h('input', { id: 'qe-desc', type: 'text' });
    const cypher = h('textarea', {
      id: 'qe-cypher',
      rows: 6,
      spellcheck: 'false',
      class: 'code',
      placeholder: 'MATCH (p:Person {id: $person})-[r]-(x) RETURN p, r, x LIMIT 25',
    });
    const shared = h('input', { id: 'qe-shared', type: 'checkbox' });
    const paramsBox = h('div', { class: 'q-params' });
    const status = h('div', { class: 'field-error', role: 'alert' });
    let specs: QueryParameterSpec[] = [];
    let f = buildForm([], explorer, 'qe-p');
    const rebuild = () => {
      const names = detectParameters(cypher.value);
      specs = names.map((n) => specs.find((s) => s.name === n) ?? guessSpec(n));
      f = buildForm(specs, explorer, 'qe-p');
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
    const save = h('button', { type: 'button', class: 'btn' }, 'Save');
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
        const saved = await api.saveQuery({
          title: title.value.trim(),
          description: desc.value.trim(),
          cypher: cypher.value,
          parameters: specs,
          visibility: shared.checked ? 'shared' : 'private',
        });
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
        h('h3', {}, 'Write a query'),
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
        h('div', { class: 'btn-row' }, test, save),
        status,
      ),
    );
    rebuild();
    title.focus();
  };
  newBtn.addEventListener('click', openEditor);

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
