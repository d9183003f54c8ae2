/**
 * The right-hand details panel. For an entity: its properties, degree, the
 * neighbourhood by relationship type (each one expandable), and its sources.
 * For a link: "why is this link here?" — the claim, status, confidence,
 * dates and every source cited, from `GET /api/facts/:id`. Also shows the
 * outcome of a path search. Under an entity or a link, its notes (panels/notes.ts); with
 * nothing selected, a search of the notes.
 */
import type {
  EntityDetail,
  FactDetail,
  GraphEdge,
  JsonValue,
  PathsResponse,
  SourceRef,
} from '../../../server/contract.js';
import { describeError } from '../api.js';
import { formatDate, h, replace, swatch } from '../dom.js';
import { describeOption, expandOptions } from '../expand.js';
import type { Explorer, Selection } from '../explorer.js';
import { api } from '../api.js';
import { typeStyle } from '../model-style.js';
import type { Access } from '../permissions.js';
import { notesSearch, notesSection } from './notes.js';
import { pathText } from '../path-text.js';

export interface DetailsPanel {
  show(selection: Selection): void;
  showPaths(from: string, to: string, result: PathsResponse): void;
}

function valueText(v: JsonValue): string {
  if (v === null) return '—';
  if (Array.isArray(v)) return v.map(valueText).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

function propertyList(props: Record<string, JsonValue>, skip: string[] = []): HTMLElement | null {
  const entries = Object.entries(props).filter(([k, v]) => !skip.includes(k) && v !== null && v !== '');
  if (!entries.length) return null;
  return h(
    'dl',
    { class: 'props' },
    entries.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, valueText(v))]),
  );
}

function sourceItem(s: SourceRef): HTMLElement {
  const meta = [s.publisher, formatDate(s.date), s.kind].filter(Boolean).join(' · ');
  const isUrl = s.reference && /^https?:\/\//.test(s.reference);
  return h(
    'li',
    { class: 'source' },
    h('div', { class: 'source-title' }, s.title || s.id),
    meta ? h('div', { class: 'source-meta' }, meta) : null,
    s.reference
      ? isUrl
        ? h(
            'a',
            { href: s.reference, target: '_blank', rel: 'noopener noreferrer', class: 'source-ref' },
            s.reference,
          )
        : h('div', { class: 'source-ref' }, s.reference)
      : null,
    s.notes ? h('div', { class: 'source-notes' }, s.notes) : null,
  );
}

export function statusBadge(status: string | undefined): HTMLElement {
  return h('span', { class: `badge status-${status ?? 'none'}` }, status ?? 'no status');
}

export function createDetailsPanel(
  root: HTMLElement,
  explorer: Explorer,
  access: () => Access,
): DetailsPanel {
  const body = h('div', { class: 'details-body', 'aria-live': 'polite' });
  replace(root, h('h2', { class: 'panel-title' }, 'Details'), body);
  let token = 0;

  const empty = () =>
    replace(
      body,
      h(
        'div',
        { class: 'empty' },
        h('p', {}, 'Select an entity or a link to see its details and sources.'),
        h('p', { class: 'hint' }, 'Tip: double-click an entity to expand it; right-click for more.'),
      ),
      notesSearch(explorer, access()),
    );
  empty();

  /**
   * The notes section of the element shown, kept across redraws of the same element (an
   * expansion redraws the counts) so a note being typed is not lost.
   */
  let notes: { key: string; el: HTMLElement | null } | null = null;
  const notesOf = (target: string) => {
    const key = `${target}\u0000${explorer.workspace?.id ?? ''}\u0000${explorer.workspace?.access ?? ''}`;
    if (notes?.key !== key) notes = { key, el: notesSection(explorer, access(), target) };
    return notes.el;
  };

  const loading = (what: string) => replace(body, h('p', { class: 'loading' }, `Loading ${what}…`));

  const entityLink = (id: string, label: string, type: string) => {
    const style = typeStyle(explorer.model, type);
    const b = h('button', { type: 'button', class: 'entity-link' }, swatch(style.color, style.shape), label);
    b.addEventListener('click', () => void explorer.addEntity(id));
    return b;
  };

  const renderEntity = (d: EntityDetail) => {
    const node = d.node;
    const style = typeStyle(explorer.model, node.type);
    const displayKey = explorer.model?.nodeTypes[node.type]?.display ?? 'name';
    const options = expandOptions(d.summary, explorer.canvas.drawnLinks(node.id));
    const expandAll = h('button', { type: 'button', class: 'btn primary' }, `Expand (${d.degree})`);
    expandAll.addEventListener('click', () => void explorer.expand(node.id));
    const pathFrom = h('button', { type: 'button', class: 'btn' }, 'Path from here');
    pathFrom.addEventListener('click', () => void explorer.pathEnd('from', node.id));
    replace(
      body,
      h(
        'div',
        { class: 'entity-head' },
        swatch(style.color, style.shape),
        h(
          'div',
          {},
          h('h3', { class: 'entity-name' }, node.label),
          h('div', { class: 'entity-type' }, `${node.type} · ${d.degree} links`),
        ),
      ),
      h('div', { class: 'btn-row' }, expandAll, pathFrom),
      propertyList(node.properties, [displayKey]),
      h('h4', {}, 'Neighbourhood'),
      options.length
        ? h(
            'ul',
            { class: 'summary-list' },
            options.map((o) => {
              const b = h(
                'button',
                {
                  type: 'button',
                  class: 'summary-row',
                  title: `Expand ${describeOption(o)} (at most 25 at once)`,
                },
                h('span', { class: 'dir', 'aria-hidden': 'true' }, o.direction === 'out' ? '→' : '←'),
                h('span', { class: 'visually-hidden' }, o.direction === 'out' ? 'outgoing ' : 'incoming '),
                h('span', { class: 'rel' }, o.relType),
                h('span', { class: 'count' }, o.onCanvas ? `${o.onCanvas}/${o.count}` : String(o.count)),
              );
              b.addEventListener(
                'click',
                () => void explorer.expand(node.id, { types: [o.relType], direction: o.direction }),
              );
              return h('li', {}, b);
            }),
          )
        : h('p', { class: 'muted' }, 'No links.'),
      d.sources.length ? h('h4', {}, 'Sources') : null,
      d.sources.length ? h('ul', { class: 'sources' }, d.sources.map(sourceItem)) : null,
      notesOf(node.id),
      h('p', { class: 'muted small' }, `id ${node.id}`),
    );
  };

  const renderFact = (edge: GraphEdge, fact: FactDetail | null, error?: string) => {
    const from = fact?.from;
    const to = fact?.to;
    const fromLabel = from?.label ?? explorer.label(edge.source);
    const toLabel = to?.label ?? explorer.label(edge.target);
    const sources: SourceRef[] =
      fact?.sources ?? (edge.sources ?? []).map((id) => explorer.sources.get(id) ?? { id, title: id });
    const confidence = fact?.edge.confidence ?? edge.confidence;
    const e = fact?.edge ?? edge;
    // The API leaves `attribution` among the link's properties too: show it once, by name.
    const listed = e.properties.attribution;
    const attribution = fact?.attribution ?? (typeof listed === 'string' && listed ? listed : undefined);
    const dates = [
      e.date ? ['Date', formatDate(e.date)] : null,
      e.validFrom ? ['Valid from', formatDate(e.validFrom)] : null,
      e.validTo ? ['Valid to', formatDate(e.validTo)] : null,
    ].filter((x): x is string[] => x !== null);
    replace(
      body,
      h('p', { class: 'why' }, 'Why is this link here?'),
      h(
        'div',
        { class: 'fact-head' },
        entityLink(e.source, fromLabel, from?.type ?? explorer.canvas.nodeData(e.source)?.type ?? ''),
        h('span', { class: 'fact-type' }, `— ${e.type} →`),
        entityLink(e.target, toLabel, to?.type ?? explorer.canvas.nodeData(e.target)?.type ?? ''),
      ),
      e.claim
        ? h('blockquote', { class: 'claim' }, e.claim)
        : h('p', { class: 'muted' }, 'No claim text recorded.'),
      h(
        'dl',
        { class: 'props' },
        h('dt', {}, 'Status'),
        h('dd', {}, statusBadge(e.status)),
        h('dt', {}, 'Confidence'),
        h(
          'dd',
          {},
          confidence === undefined
            ? '—'
            : h(
                'span',
                { class: 'confidence' },
                h('meter', { min: 0, max: 1, value: confidence, 'aria-label': 'Confidence' }),
                ` ${Math.round(confidence * 100)}%`,
              ),
        ),
        dates.flatMap(([k, v]) => [h('dt', {}, k!), h('dd', {}, v!)]),
        attribution ? [h('dt', {}, 'Attribution'), h('dd', {}, attribution)] : null,
      ),
      propertyList(e.properties, attribution ? ['attribution'] : []),
      h('h4', {}, `Sources (${sources.length})`),
      sources.length
        ? h('ul', { class: 'sources' }, sources.map(sourceItem))
        : h('p', { class: 'warn' }, 'This link cites no source.'),
      error
        ? h('p', { class: 'error small', role: 'alert' }, `Full details could not be loaded: ${error}`)
        : null,
      notesOf(e.id),
      h('p', { class: 'muted small' }, `fact ${e.id}`),
    );
  };

  /** The entity shown, so that its "on canvas" counts follow what is drawn. */
  let shownEntity: string | null = null;
  const renderEntityOf = (id: string, mine: number) =>
    explorer.entity(id).then(
      (d) => mine === token && renderEntity(d),
      (err) => mine === token && replace(body, h('p', { class: 'error', role: 'alert' }, describeError(err))),
    );
  // Expanding (from here, the canvas or the menu), undo and removal change how many of each
  // kind of link are drawn: counts rendered once went stale after "Expand all".
  explorer.events.on('graph', () => {
    if (!shownEntity || !explorer.canvas.has(shownEntity)) return;
    // A keyboard user who pressed a button here keeps their place in the redrawn panel.
    const buttons = () => [...body.querySelectorAll('button')];
    const focused = buttons().indexOf(document.activeElement as HTMLButtonElement);
    const mine = token;
    void renderEntityOf(shownEntity, mine).then(() => {
      if (focused >= 0 && mine === token) buttons()[focused]?.focus();
    });
  });

  return {
    show(selection) {
      const mine = ++token;
      shownEntity = selection.kind === 'node' ? selection.id : null;
      if (selection.kind === 'none') return empty();
      if (selection.kind === 'node') {
        loading('entity');
        void renderEntityOf(selection.id, mine);
        return;
      }
      const edge = explorer.canvas.cy.getElementById(selection.id).data() as GraphEdge | undefined;
      if (!edge) return empty();
      renderFact(edge, null);
      api.fact(selection.id).then(
        (fact) => {
          fact.sources.forEach((s) => explorer.sources.set(s.id, s));
          if (mine === token) renderFact(edge, fact);
        },
        (err) => mine === token && renderFact(edge, null, describeError(err)),
      );
    },
    showPaths(from, to, result) {
      ++token;
      shownEntity = null;
      const label = (id: string) => explorer.label(id);
      const edges = new Map(result.edges.map((e) => [e.id, e]));
      const edge = (id: string) =>
        edges.get(id) ?? (explorer.canvas.cy.getElementById(id).data() as GraphEdge | undefined);
      replace(
        body,
        h('h3', {}, `Paths: ${label(from)} → ${label(to)}`),
        h(
          'p',
          { class: 'muted' },
          `${result.paths.length} path${result.paths.length === 1 ? '' : 's'} · ${result.outcome.replace('_', ' ')} · ${result.elapsedMs} ms`,
        ),
        h(
          'ol',
          { class: 'path-list' },
          result.paths.map((p, i) => {
            const b = h(
              'button',
              { type: 'button', class: 'summary-row' },
              `Path ${i + 1} · ${p.length} hop${p.length === 1 ? '' : 's'}: `,
              pathText(p, label, edge),
            );
            b.addEventListener('click', () => {
              explorer.canvas.highlight(p.nodes, p.edges, [from, to]);
              explorer.canvas.fit(p.nodes);
            });
            return h('li', {}, b);
          }),
        ),
        h(
          'p',
          { class: 'hint' },
          'Press Esc to clear the highlight. Click a link on the path to see its sources.',
        ),
      );
    },
  };
}
