/**
 * The legend, which is also the filter panel: entity and relationship types
 * (with counts on the canvas) to switch on and off, the status styles, a
 * confidence threshold, sources, and a summary of the time filters (the
 * timeline drawer, panels/timeline.ts, is where they are set). Every change goes through
 * `explorer.setFilters` (undoable). Each source also offers "What if this source were wrong?"
 * (an ablation: a view, not a filter) and the sources list has the "rests on one source" filter.
 */
import {
  FACT_STATUSES,
  type FactStatus,
  type GraphEdge,
  type WorkspaceFilters,
} from '../../../server/contract.js';
import { h, replace, swatch } from '../dom.js';
import { getIdentityView, setIdentityView } from '../api.js';
import type { Explorer } from '../explorer.js';
import { activeFilterCount, defaultFilters, timeCounts, toggle } from '../filters.js';
import { STATUS_STYLE, typeStyle } from '../model-style.js';

function lineSample(status: FactStatus): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '34');
  svg.setAttribute('height', '10');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(ns, 'line');
  const s = STATUS_STYLE[status];
  line.setAttribute('x1', '1');
  line.setAttribute('y1', '5');
  line.setAttribute('x2', '33');
  line.setAttribute('y2', '5');
  line.setAttribute('stroke', s.legendColor);
  line.setAttribute('stroke-width', String(s.width));
  if (s.lineStyle === 'dashed') line.setAttribute('stroke-dasharray', '5 3');
  svg.appendChild(line);
  return svg;
}

export function createLegendFilters(
  root: HTMLElement,
  explorer: Explorer,
  openTimeline?: () => void,
): { render(): void } {
  let moreOpen = false;
  const render = () => {
    const focusedId = root.contains(document.activeElement) ? document.activeElement?.id : undefined;
    const f = explorer.filters;
    const cy = explorer.canvas.cy;
    const nodeCounts = new Map<string, number>();
    cy.nodes().forEach((n) => {
      const t = String(n.data('type'));
      nodeCounts.set(t, (nodeCounts.get(t) ?? 0) + 1);
    });
    const relCounts = new Map<string, number>();
    const sourceCounts = new Map<string, number>();
    const edges: GraphEdge[] = [];
    cy.edges().forEach((e) => {
      const d = e.data() as GraphEdge;
      edges.push(d);
      relCounts.set(d.type, (relCounts.get(d.type) ?? 0) + 1);
      (d.sources ?? []).forEach((s) => sourceCounts.set(s, (sourceCounts.get(s) ?? 0) + 1));
    });
    const set = (next: Partial<WorkspaceFilters>, label: string, coalesce?: string) =>
      explorer.setFilters({ ...explorer.filters, ...next }, label, coalesce);

    const modelTypes = Object.keys(explorer.model?.nodeTypes ?? {});
    const types = [...new Set([...modelTypes, ...nodeCounts.keys()])].sort(
      (a, b) => (nodeCounts.get(b) ?? 0) - (nodeCounts.get(a) ?? 0) || a.localeCompare(b),
    );
    const typeRow = (t: string) => {
      const id = `flt-type-${t}`;
      const cb = h('input', { type: 'checkbox', id, checked: !f.hiddenNodeTypes.includes(t) });
      cb.addEventListener('change', () =>
        set(
          { hiddenNodeTypes: toggle(f.hiddenNodeTypes, t, !cb.checked) },
          `${cb.checked ? 'show' : 'hide'} ${t}`,
        ),
      );
      const style = typeStyle(explorer.model, t);
      const count = nodeCounts.get(t) ?? 0;
      return h(
        'li',
        { class: count ? '' : 'zero' },
        cb,
        h(
          'label',
          { for: id },
          swatch(style.color, style.shape),
          h('span', { class: 'name' }, t),
          h('span', { class: 'count' }, String(count)),
        ),
      );
    };
    // Types on the canvas first; the others fold away (still switchable) so the column stays short.
    const present = types.filter((t) => nodeCounts.has(t) || f.hiddenNodeTypes.includes(t));
    const absent = types.filter((t) => !present.includes(t));
    const typeRows: (HTMLElement | null)[] = [
      ...present.map(typeRow),
      absent.length
        ? h(
            'li',
            { class: 'more-types' },
            h(
              'details',
              { open: moreOpen || present.length === 0 },
              h('summary', {}, `${absent.length} more types`),
              h('ul', { class: 'check-list' }, absent.map(typeRow)),
            ),
          )
        : null,
    ];

    const rels = [...relCounts.keys()].sort(
      (a, b) => (relCounts.get(b) ?? 0) - (relCounts.get(a) ?? 0) || a.localeCompare(b),
    );
    const relRows = rels.map((t) => {
      const id = `flt-rel-${t}`;
      const cb = h('input', { type: 'checkbox', id, checked: !f.hiddenRelTypes.includes(t) });
      cb.addEventListener('change', () =>
        set(
          { hiddenRelTypes: toggle(f.hiddenRelTypes, t, !cb.checked) },
          `${cb.checked ? 'show' : 'hide'} ${t}`,
        ),
      );
      return h(
        'li',
        {},
        cb,
        h(
          'label',
          { for: id },
          h('span', { class: 'name' }, t),
          h('span', { class: 'count' }, String(relCounts.get(t))),
        ),
      );
    });

    // The model's statuses (GET /api/model), in its order; the contract's copy until it has loaded.
    const statuses: readonly FactStatus[] = explorer.model?.statuses ?? FACT_STATUSES;
    const statusRows = statuses.map((s) => {
      const id = `flt-status-${s}`;
      const shown = f.statuses.length === 0 || f.statuses.includes(s);
      const cb = h('input', { type: 'checkbox', id, checked: shown });
      cb.addEventListener('change', () => {
        const current = f.statuses.length ? f.statuses : [...statuses];
        const next = toggle(current, s, cb.checked);
        set(
          { statuses: next.length === statuses.length ? [] : next },
          `${cb.checked ? 'show' : 'hide'} ${s} facts`,
        );
      });
      return h(
        'li',
        {},
        cb,
        h('label', { for: id }, lineSample(s), h('span', { class: 'name' }, STATUS_STYLE[s].label)),
      );
    });

    const conf = h('input', {
      type: 'range',
      id: 'flt-confidence',
      min: 0,
      max: 1,
      step: 0.05,
      value: String(f.minConfidence),
    });
    const confOut = h(
      'output',
      { for: conf.id, class: 'range-out' },
      f.minConfidence ? `≥ ${Math.round(f.minConfidence * 100)}%` : 'any',
    );
    conf.addEventListener('input', () => {
      const v = Number(conf.value);
      confOut.textContent = v ? `≥ ${Math.round(v * 100)}%` : 'any';
      explorer.canvas.applyFilters({ ...explorer.filters, minConfidence: v });
    });
    conf.addEventListener('change', () =>
      set({ minConfidence: Number(conf.value) }, 'change the confidence threshold', conf.id),
    );

    const sourceIds = [...sourceCounts.keys()].sort();
    const sourceRows = sourceIds.map((sid, i) => {
      const id = `flt-src-${i}`;
      const cb = h('input', { type: 'checkbox', id, checked: f.sources.includes(sid) });
      cb.addEventListener('change', () =>
        set({ sources: toggle(f.sources, sid, cb.checked) }, 'filter by source'),
      );
      const title = explorer.sources.get(sid)?.title ?? sid;
      const on = explorer.ablated.includes(sid);
      const ablate = h(
        'button',
        {
          type: 'button',
          class: 'btn small ablate-btn',
          'aria-pressed': String(on),
          title: on ? 'Undo ablation' : 'What if this source were wrong?',
        },
        on ? 'Undo' : 'What if wrong?',
        h('span', { class: 'visually-hidden' }, ` (${title})`),
      );
      ablate.addEventListener('click', () => explorer.ablate(on ? [] : [sid]));
      return h(
        'li',
        { class: 'source-row' },
        cb,
        h(
          'label',
          { for: id, title },
          h('span', { class: 'name' }, title),
          h('span', { class: 'count' }, String(sourceCounts.get(sid))),
        ),
        ablate,
      );
    });
    const single = h('input', {
      type: 'checkbox',
      id: 'flt-single-source',
      checked: Boolean(f.singleSource),
    });
    single.addEventListener('change', () =>
      set({ singleSource: single.checked }, 'filter facts resting on one source'),
    );

    // Merged view (issue 20): a view of the canvas, like ablation, not a filter or an undo step.
    const apart = h('input', {
      type: 'checkbox',
      id: 'flt-identity-apart',
      checked: getIdentityView() === 'apart',
    });
    apart.addEventListener('change', () => {
      setIdentityView(apart.checked ? 'apart' : 'merged');
      void explorer.redrawIdentity();
    });

    // Time lives in the timeline drawer (one control); here a summary of it and the way there.
    const time = timeCounts(edges);
    const timeParts = [
      f.period ? `${f.period.from} – ${f.period.to}` : '',
      f.undated === 'hide' ? 'undated hidden' : '',
      f.knownOn ? `known on ${f.knownOn}` : '',
      f.asOf ? `as of ${f.asOf}` : '',
    ].filter(Boolean);
    const timeBtn = h(
      'button',
      { type: 'button', id: 'flt-time-open', class: 'btn small' },
      'Open the timeline',
    );
    timeBtn.addEventListener('click', () => openTimeline?.());
    const active = activeFilterCount(f);
    const reset = h(
      'button',
      { type: 'button', class: 'btn small', disabled: active === 0 },
      'Reset filters',
    );
    reset.addEventListener('click', () => explorer.setFilters(defaultFilters(), 'reset filters'));

    replace(
      root,
      h(
        'div',
        { class: 'panel-head' },
        h(
          'h2',
          { class: 'panel-title' },
          'Legend & filters',
          active ? h('span', { class: 'pill' }, `${active} active`) : null,
        ),
        reset,
      ),
      h('fieldset', {}, h('legend', {}, 'Entity types'), h('ul', { class: 'check-list' }, typeRows)),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Relationships'),
        relRows.length
          ? h('ul', { class: 'check-list' }, relRows)
          : h('p', { class: 'muted small' }, 'None on the canvas yet.'),
      ),
      h('fieldset', {}, h('legend', {}, 'Status'), h('ul', { class: 'check-list' }, statusRows)),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Confidence'),
        h('label', { for: conf.id, class: 'field-label' }, 'Minimum confidence'),
        h('div', { class: 'range-row' }, conf, confOut),
      ),
      sourceRows.length
        ? h(
            'fieldset',
            {},
            h('legend', {}, 'Sources (show facts citing)'),
            h('ul', { class: 'check-list' }, sourceRows),
            h(
              'div',
              { class: 'check-line' },
              single,
              h(
                'label',
                { for: single.id, title: 'Only facts that cite exactly one source' },
                'Rests on one source',
              ),
            ),
          )
        : null,
      h(
        'fieldset',
        {},
        h('legend', {}, 'Time'),
        h(
          'p',
          { class: 'small', id: 'flt-time-summary' },
          `${time.dated} dated, ${time.undated} undated`,
          timeParts.length ? ` · ${timeParts.join(', ')}` : '',
        ),
        openTimeline ? timeBtn : null,
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Same entity'),
        h(
          'div',
          { class: 'check-line' },
          apart,
          h(
            'label',
            { for: apart.id, title: 'Show records judged the same as separate nodes, with their judgements' },
            'Show merged entities apart',
          ),
        ),
      ),
      h(
        'p',
        { class: 'legend-note small muted' },
        'Node size grows with the number of links; a double border means more links are not on the canvas yet; a purple double border, several records judged the same (×N).',
      ),
    );
    root.querySelector('.more-types details')?.addEventListener('toggle', (e) => {
      if (present.length) moreOpen = (e.target as HTMLDetailsElement).open;
    });
    if (focusedId) document.getElementById(focusedId)?.focus();
  };
  explorer.events.on('graph', render);
  explorer.events.on('filters', render);
  explorer.events.on('ablation', render);
  render();
  return { render };
}
