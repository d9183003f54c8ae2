/**
 * The admins' import screen: pick a JSON case file or a CSV, map the CSV's columns to entities and
 * links (with a live preview of the first rows as the server will read them), import with a
 * progress bar, see every validation problem by row and column, and undo the import.
 * The server decides everything (preview and import run the same validation); this screen only
 * builds the request and shows the answers.
 */
import type { ImportProblem, ImportSummary, ModelResponse } from '../../../server/contract.js';
import { api, ApiError, describeError } from '../api.js';
import { h, listenAsync, replace } from '../dom.js';
import { previewImport, runImport, undoImport, type ImportPreview, type Upload } from './import-api.js';
import {
  csvHeader,
  defaultForm,
  mappingOf,
  problemRow,
  rowsPerSecond,
  type MappingForm,
  type ProgressLine,
} from './import-mapping.js';

const PREVIEW_DELAY_MS = 400;
let fieldCount = 0;

/** A labelled input; `id`s are generated so every label points at its field. */
function field(label: string, control: HTMLInputElement | HTMLSelectElement, hint?: string): HTMLElement {
  const id = `imp-${++fieldCount}`;
  control.id = id;
  const hintEl = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
}

function select(options: readonly string[], value: string, blank?: string): HTMLSelectElement {
  return h(
    'select',
    {},
    blank !== undefined ? h('option', { value: '' }, blank) : null,
    options.map((o) => h('option', { value: o, selected: o === value }, o)),
  );
}

function table(caption: string, head: string[], rows: (string | number)[][]): HTMLTableElement {
  return h(
    'table',
    { class: 'data-table' },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          {},
          r.map((c) => h('td', {}, String(c))),
        ),
      ),
    ),
  );
}

function problemsTable(problems: ImportProblem[]): HTMLElement {
  const rows = problems.map(problemRow).map((p) => [p.where, p.column, p.message]);
  return h(
    'div',
    { class: 'import-problems', role: 'alert' },
    h(
      'p',
      {},
      `${problems.length} problem${problems.length === 1 ? '' : 's'}: nothing will be written until every one is fixed.`,
    ),
    table('Problems, by row and column', ['Where', 'Column', 'Problem'], rows),
  );
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

function previewTables(preview: ImportPreview): HTMLElement {
  const { counts } = preview;
  return h(
    'div',
    { class: 'import-preview' },
    h(
      'p',
      {},
      `Valid: ${plural(counts.entities, 'entity', 'entities')}, ${plural(counts.facts, 'link', 'links')}, ${plural(counts.sources, 'source', 'sources')}. The first rows as they will be imported:`,
    ),
    table(
      'Entities',
      ['Key', 'Type', 'Name', 'Aliases'],
      preview.entities.map((e) => [e.id, e.type, e.name, e.aliases.join('; ')]),
    ),
    preview.facts.length
      ? table(
          'Links',
          ['From', 'Link', 'To', 'Claim', 'Status', 'Confidence'],
          preview.facts.map((f) => [f.from, f.type, f.to, f.claim, f.status, f.confidence]),
        )
      : null,
  );
}

function summaryText(summary: ImportSummary): string {
  const part = (what: string, c: ImportSummary['entities']) =>
    `${what}: ${c.created} new, ${c.updated} changed, ${c.unchanged} unchanged`;
  return [
    part('Entities', summary.entities),
    part('Links', summary.facts),
    part('Sources', summary.sources),
  ].join(' · ');
}

/** Builds the import screen into `container`. */
export function mountImportScreen(container: HTMLElement): void {
  const fileInput = h('input', { type: 'file', accept: '.json,.csv,application/json,text/csv' });
  const mappingSlot = h('div', { class: 'import-mapping' });
  const previewSlot = h('div', { class: 'import-preview-slot', 'aria-live': 'polite' });
  const importBtn = h('button', { type: 'button', class: 'btn primary', disabled: true }, 'Import');
  const progress = h('progress', { max: 1, value: 0, 'aria-label': 'Import progress', hidden: true });
  const progressText = h('p', { class: 'import-progress-text', 'aria-live': 'polite' });
  const resultSlot = h('div', { class: 'import-result' });

  let model: ModelResponse | null = null;
  let upload: Upload | null = null;
  let form: MappingForm | null = null;
  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  let previewAbort: AbortController | null = null;
  let previewOk = false;

  const currentUpload = (): Upload | null => {
    if (!upload) return null;
    return upload.kind === 'csv' && form ? { ...upload, mapping: mappingOf(form) } : upload;
  };

  async function refreshPreview(): Promise<void> {
    const next = currentUpload();
    previewAbort?.abort();
    if (!next) return;
    const abort = (previewAbort = new AbortController());
    previewOk = false;
    importBtn.disabled = true;
    replace(previewSlot, h('p', { class: 'muted' }, 'Checking…'));
    try {
      const preview = await previewImport(next, abort.signal);
      previewOk = true;
      replace(previewSlot, previewTables(preview));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'ABORTED') return;
      replace(previewSlot, showError(err));
    }
    importBtn.disabled = !previewOk;
  }

  const schedulePreview = () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => void refreshPreview(), PREVIEW_DELAY_MS);
  };

  function renderMapping(columns: string[]): void {
    if (!model || !form) return;
    const f = form;
    // Types read from the graph (not the case's own) take no imports.
    const types = model.nodeTypes;
    const nodeTypes = Object.keys(types).filter((t) => t !== 'Source' && !types[t]!.fromGraph);
    const bind = <T extends HTMLInputElement | HTMLSelectElement>(
      control: T,
      set: (value: string) => void,
    ): T => {
      control.addEventListener('input', () => {
        set(control.value);
        schedulePreview();
      });
      return control;
    };
    const text = (value: string, set: (v: string) => void) => bind(h('input', { type: 'text', value }), set);
    const columnSelect = (value: string, set: (v: string) => void, blank?: string) =>
      bind(select(columns, value, blank), set);

    const prefixInput = text(f.keyPrefix, (v) => (f.keyPrefix = v));
    const typeSelect = bind(select(nodeTypes, f.entityType), (v) => {
      // The prefix follows the type until someone writes their own.
      if (f.keyPrefix === `${f.entityType.toLowerCase()}:`) {
        f.keyPrefix = `${v.toLowerCase()}:`;
        prefixInput.value = f.keyPrefix;
      }
      f.entityType = v;
    });
    const props = h(
      'fieldset',
      { class: 'import-props' },
      h('legend', {}, 'Other columns kept as properties'),
      columns.map((c) => {
        const box = h('input', { type: 'checkbox', value: c, checked: f.propertyColumns.includes(c) });
        box.addEventListener('change', () => {
          f.propertyColumns = box.checked
            ? [...f.propertyColumns, c]
            : f.propertyColumns.filter((p) => p !== c);
          schedulePreview();
        });
        return h('label', { class: 'check' }, box, c);
      }),
    );

    const linkSlot = h('div', { class: 'import-link' });
    const linkToggle = h('input', { type: 'checkbox', checked: f.link !== null, id: 'imp-link-toggle' });
    const renderLink = () => {
      if (!f.link || !model) return replace(linkSlot);
      const link = f.link;
      const links = model.relationshipTypes;
      const relTypes = Object.keys(links).filter((t) => !links[t]!.fromGraph);
      replace(
        linkSlot,
        field(
          'Link type',
          bind(select(relTypes, link.type), (v) => (link.type = v)),
        ),
        field(
          'Direction',
          bind(
            h(
              'select',
              {},
              h('option', { value: 'out', selected: link.direction === 'out' }, 'row’s entity → other'),
              h('option', { value: 'in', selected: link.direction === 'in' }, 'other → row’s entity'),
            ),
            (v) => (link.direction = v === 'in' ? 'in' : 'out'),
          ),
        ),
        field(
          'Other entity’s key column',
          columnSelect(link.targetColumn, (v) => (link.targetColumn = v)),
        ),
        field(
          'Its key prefix',
          text(link.targetPrefix, (v) => (link.targetPrefix = v)),
          'e.g. org: for org:phantom-secure',
        ),
        field(
          'Claim',
          text(link.claim, (v) => (link.claim = v)),
          'The sentence shown for each link; {column} is replaced by the row’s value',
        ),
        field(
          'Status',
          bind(select(model.statuses, link.status), (v) => (link.status = v)),
        ),
        field(
          'Attributed to',
          text(link.attribution, (v) => (link.attribution = v)),
          'Who says so; required when the status is alleged ({column} allowed)',
        ),
        field(
          'Confidence',
          bind(h('input', { type: 'number', min: 0, max: 1, step: 0.05, value: link.confidence }), (v) => {
            link.confidence = Number(v);
          }),
          'From 0 to 1',
        ),
      );
    };
    linkToggle.addEventListener('change', () => {
      f.link = linkToggle.checked
        ? {
            type: Object.keys(model!.relationshipTypes)[0] ?? '',
            direction: 'out',
            targetColumn: columns.find((c) => c !== f.keyColumn && c !== f.nameColumn) ?? columns[0] ?? '',
            targetPrefix: '',
            claim: `{${f.nameColumn}} is linked to {${columns.find((c) => c !== f.keyColumn && c !== f.nameColumn) ?? columns[0]}}`,
            // Reported by default: an alleged fact must also say who alleges it.
            status: model!.statuses.includes('reported') ? 'reported' : (model!.statuses[0] ?? 'reported'),
            confidence: 0.5,
            attribution: '',
          }
        : null;
      renderLink();
      schedulePreview();
    });
    renderLink();

    replace(
      mappingSlot,
      h('h3', {}, 'Map the columns'),
      h('p', { class: 'muted' }, `Columns found: ${columns.join(', ')}. Each row becomes one entity.`),
      h(
        'div',
        { class: 'import-grid' },
        field('Entity type', typeSelect),
        field(
          'Key column',
          columnSelect(f.keyColumn, (v) => (f.keyColumn = v)),
        ),
        field('Key prefix', prefixInput, 'Keys are prefix + value, e.g. person:ramos'),
        field(
          'Name column',
          columnSelect(f.nameColumn, (v) => (f.nameColumn = v)),
        ),
        field(
          'Aliases column',
          columnSelect(f.aliasesColumn, (v) => (f.aliasesColumn = v), '(none)'),
          'Several aliases separated by ;',
        ),
        field(
          'Case key',
          text(f.caseId, (v) => (f.caseId = v)),
        ),
        field(
          'Case title',
          text(f.caseTitle, (v) => (f.caseTitle = v)),
        ),
        field(
          'Source key',
          text(f.sourceId, (v) => (f.sourceId = v)),
        ),
        field(
          'Source title',
          text(f.sourceTitle, (v) => (f.sourceTitle = v)),
          'Every fact of this file cites it',
        ),
        field(
          'Source address',
          text(f.sourceUrl, (v) => (f.sourceUrl = v)),
          'https://… (optional)',
        ),
      ),
      props,
      h(
        'label',
        { class: 'check', for: 'imp-link-toggle' },
        linkToggle,
        'Each row also links its entity to another',
      ),
      linkSlot,
    );
  }

  listenAsync(fileInput, 'change', async () => {
    const file = fileInput.files?.[0];
    replace(resultSlot);
    replace(previewSlot);
    replace(mappingSlot);
    upload = null;
    form = null;
    importBtn.disabled = true;
    if (!file) return;
    try {
      model ??= await api.model();
      const text = await file.text();
      if (/\.csv$/i.test(file.name) || file.type === 'text/csv') {
        const columns = csvHeader(text);
        if (columns.length === 0) {
          replace(
            previewSlot,
            h('p', { role: 'alert' }, 'This CSV has no header row: its first line must name the columns.'),
          );
          return;
        }
        const firstType = Object.keys(model.nodeTypes).find((t) => t !== 'Source') ?? 'Person';
        form = defaultForm(columns, firstType, file.name);
        upload = { kind: 'csv', text, mapping: null };
        renderMapping(columns);
      } else {
        upload = { kind: 'json', text };
      }
      await refreshPreview();
    } catch (err) {
      replace(previewSlot, showError(err));
    }
  });

  listenAsync(importBtn, 'click', async () => {
    const next = currentUpload();
    if (!next || !previewOk) return;
    importBtn.disabled = true;
    fileInput.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    replace(resultSlot);
    const started = performance.now();
    let rowsBefore = 0;
    const onLine = (line: ProgressLine) => {
      if (line.kind === 'validated') {
        progress.max = Math.max(1, line.counts.entities + line.counts.sources + line.counts.facts);
        progressText.textContent = 'Valid; writing…';
      } else if (line.kind === 'progress') {
        if (line.phase === 'nodes' || line.phase === 'facts') {
          if (line.phase === 'facts' && line.done === 0) rowsBefore = progress.value;
          const rows = (line.phase === 'facts' ? rowsBefore : 0) + line.done;
          progress.value = rows;
          progressText.textContent = `${rows.toLocaleString()} of ${progress.max.toLocaleString()} rows written · ${rowsPerSecond(rows, performance.now() - started).toLocaleString()} rows/s`;
        } else if (line.phase === 'commit') {
          progress.value = progress.max;
          progressText.textContent = 'Finishing…';
        } else progressText.textContent = 'Something failed: taking back what was written…';
      }
    };
    try {
      const summary = await runImport(next, onLine);
      progress.value = progress.max;
      progressText.textContent = `Imported in ${(summary.elapsedMs / 1000).toFixed(1)} s.`;
      showImported(summary);
    } catch (err) {
      progress.hidden = true;
      progressText.textContent = '';
      replace(resultSlot, showError(err));
    } finally {
      fileInput.disabled = false;
      importBtn.disabled = !previewOk;
    }
  });

  function showImported(summary: ImportSummary): void {
    const undo = h('button', { type: 'button', class: 'btn' }, 'Undo this import');
    const said = h('p', { 'aria-live': 'polite' });
    listenAsync(undo, 'click', async () => {
      if (!confirm('Undo this import? What it created is deleted and what it changed is put back.')) return;
      undo.disabled = true;
      try {
        await undoImport(summary.importId);
        said.textContent = 'Undone: the graph is as it was before this import.';
        undo.remove();
      } catch (err) {
        said.textContent = describeError(err);
        undo.disabled = false;
      }
    });
    replace(
      resultSlot,
      h('p', { class: 'import-summary', role: 'status' }, summaryText(summary)),
      summary.undoable
        ? h('p', { class: 'muted' }, 'Only the latest import can be undone, until the next one starts.')
        : null,
      summary.undoable ? undo : null,
      said,
    );
  }

  replace(
    container,
    h('h2', {}, 'Import'),
    h(
      'p',
      { class: 'muted' },
      'A case file in JSON (the shape of cypher/cases/*.json), or a CSV with one entity per row. Nothing is written until the whole file is valid; an import is all or nothing.',
    ),
    field('File to import', fileInput),
    mappingSlot,
    h('h3', {}, 'Preview'),
    previewSlot,
    h('div', { class: 'import-actions' }, importBtn, progress),
    progressText,
    resultSlot,
  );
}

/** An error as the screen shows it: every validation problem in a table, else one sentence. */
function showError(err: unknown): HTMLElement {
  if (err instanceof ApiError && err.code === 'IMPORT_INVALID' && Array.isArray(err.details)) {
    return problemsTable(err.details as ImportProblem[]);
  }
  return h('p', { class: 'error', role: 'alert' }, describeError(err));
}
