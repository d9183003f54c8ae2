/**
 * The right-hand details panel. For an entity: its properties, degree, the
 * neighbourhood by relationship type (each one expandable), and its sources.
 * For a link: "why is this link here?" — the claim, status, confidence,
 * dates and every source cited, from `GET /api/facts/:id`. Also shows the
 * outcome of a path search: each path with its weakest link, its sources and whether it rests
 * only on alleged facts, in the order chosen (shortest or strongest first). Sources shown here
 * offer "What if this source were wrong?" (source ablation): the paths that break are marked and
 * the server's surviving alternatives listed. Under an entity or a link, its notes
 * (panels/notes.ts); with nothing selected, a search of the notes.
 */
import type {
  EntityDetail,
  FactDetail,
  GraphEdge,
  JsonValue,
  PathEvidence,
  PathOrder,
  PathsResponse,
  SourceRef,
} from '../../../server/contract.js';
import { brokenPaths } from '../ablation.js';
import { identitySection } from './identity.js';
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
  showPaths(from: string, to: string, result: PathsResponse, alternatives?: PathsResponse | null): void;
  /** Whether the panel lists paths now (an ablation then asks for them again). */
  showingPaths(): boolean;
  /** Draws what is shown again (an ablation changes its source buttons). */
  refresh(): void;
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

function sourceItem(s: SourceRef, extra: HTMLElement | null = null): HTMLElement {
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
    extra,
  );
}

/** "alleged · 60%", or "unsourced" for a link nothing vouches for. */
function weakestText(w: NonNullable<PathEvidence['weakest']>, edge: GraphEdge | undefined): string {
  const confidence = w.confidence === null ? '' : ` · ${Math.round(w.confidence * 100)}%`;
  return `${edge?.type ?? 'link'} · ${w.status}${confidence}`;
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

  const sourceTitle = (id: string) => explorer.sources.get(id)?.title ?? id;
  /** "What if this source were wrong?", or its undo when that source is the one ablated. */
  const ablateButton = (id: string) => {
    const on = explorer.ablated.includes(id);
    const b = h(
      'button',
      {
        type: 'button',
        class: 'btn small ablate-btn',
        'aria-pressed': String(on),
      },
      on ? 'Undo ablation' : 'What if this source were wrong?',
      // Visible text first in the name (WCAG 2.5.3), then which source it is about.
      h('span', { class: 'visually-hidden' }, ` (${sourceTitle(id)})`),
    );
    b.addEventListener('click', () => explorer.ablate(on ? [] : [id]));
    return b;
  };

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
      identitySection(explorer, d, access().may('judgeIdentity') && explorer.model?.graphAccess !== 'read'),
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
      d.sources.length
        ? h(
            'ul',
            { class: 'sources' },
            d.sources.map((s) => sourceItem(s, ablateButton(s.id))),
          )
        : null,
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
      e.via
        ? h(
            'p',
            { class: 'via muted small' },
            `Stored between ${e.via.source} and ${e.via.target}; shown on the merged entities they belong to.`,
          )
        : null,
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
        ? h(
            'ul',
            { class: 'sources' },
            sources.map((s) => sourceItem(s, ablateButton(s.id))),
          )
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

  /** What the panel shows: a selection, or paths. */
  let showing: Selection | 'paths' = { kind: 'none' };

  const panel: DetailsPanel = {
    showingPaths: () => showing === 'paths',
    refresh() {
      if (showing !== 'paths') panel.show(showing);
    },
    show(selection) {
      showing = selection;
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
    showPaths(from, to, result, alternatives) {
      showing = 'paths';
      ++token;
      shownEntity = null;
      (result.sources ?? []).forEach((s) => explorer.sources.set(s.id, s));
      (alternatives?.sources ?? []).forEach((s) => explorer.sources.set(s.id, s));
      const label = (id: string) => explorer.label(id);
      const ablated = new Set(explorer.ablated);
      const edges = new Map([...result.edges, ...(alternatives?.edges ?? [])].map((e) => [e.id, e]));
      const edge = (id: string) =>
        edges.get(id) ?? (explorer.canvas.cy.getElementById(id).data() as GraphEdge | undefined);
      const broken = brokenPaths(result.paths, edge, ablated);
      const ablatedNames = [...ablated].map(sourceTitle).join(', ');

      const order = h(
        'select',
        { id: 'path-order', class: 'small' },
        h('option', { value: 'length', selected: explorer.pathOrder === 'length' }, 'shortest first'),
        h('option', { value: 'strength', selected: explorer.pathOrder === 'strength' }, 'strongest first'),
      );
      order.addEventListener('change', () => void explorer.setPathOrder(order.value as PathOrder));

      const pathItem = (
        p: PathsResponse['paths'][number],
        i: number,
        isBroken: boolean,
        onClick: () => void,
      ) => {
        const b = h(
          'button',
          { type: 'button', class: 'summary-row' },
          `Path ${i + 1} · ${p.length} hop${p.length === 1 ? '' : 's'}: `,
          pathText(p, label, edge),
        );
        b.addEventListener('click', onClick);
        const ev = p.evidence as PathEvidence | undefined;
        const weakest = ev?.weakest;
        return h(
          'li',
          { class: `path-item${isBroken ? ' broken' : ''}` },
          b,
          ev
            ? h(
                'div',
                { class: 'path-evidence' },
                weakest
                  ? h(
                      'span',
                      { class: 'weakest' },
                      'Weakest link: ',
                      h(
                        'mark',
                        { class: `weakest-link status-${weakest.status}` },
                        weakestText(weakest, edge(weakest.edge)),
                      ),
                    )
                  : null,
                ev.allAlleged
                  ? h('span', { class: 'badge status-alleged' }, 'rests only on alleged facts')
                  : null,
                isBroken ? h('span', { class: 'badge breaks' }, 'breaks without the ablated source') : null,
                h(
                  'div',
                  { class: 'path-sources' },
                  ev.sources.length
                    ? `Sources: ${ev.sources.map(sourceTitle).join('; ')}`
                    : 'Sources: none cited',
                ),
              )
            : null,
        );
      };

      const cited = [...new Set(result.paths.flatMap((p) => p.evidence?.sources ?? []))];
      const brokenCount = broken.filter(Boolean).length;
      replace(
        body,
        h('h3', {}, `Paths: ${label(from)} → ${label(to)}`),
        h(
          'p',
          { class: 'muted' },
          `${result.paths.length} path${result.paths.length === 1 ? '' : 's'} · ${result.outcome.replace('_', ' ')} · ${result.elapsedMs} ms`,
        ),
        h('div', { class: 'path-order' }, h('label', { for: 'path-order' }, 'Order: '), order),
        ablated.size
          ? h(
              'p',
              { class: 'ablation-note', role: 'status' },
              brokenCount === result.paths.length
                ? `Without ${ablatedNames}, all ${brokenCount} path${brokenCount === 1 ? '' : 's'} break.`
                : `Without ${ablatedNames}, ${brokenCount} of ${result.paths.length} paths break.`,
            )
          : null,
        h(
          'ol',
          { class: 'path-list' },
          result.paths.map((p, i) =>
            pathItem(p, i, broken[i] ?? false, () => {
              explorer.canvas.highlight(p.nodes, p.edges, [from, to]);
              explorer.canvas.fit(p.nodes);
            }),
          ),
        ),
        alternatives !== undefined
          ? h(
              'section',
              { class: 'alternatives' },
              h('h4', {}, `Paths without ${ablatedNames}`),
              alternatives === null
                ? h('p', { class: 'error small' }, 'The surviving paths could not be found.')
                : alternatives.paths.length
                  ? h(
                      'ol',
                      { class: 'path-list' },
                      alternatives.paths.map((p, i) =>
                        pathItem(p, i, false, () => explorer.showAlternative(alternatives, p)),
                      ),
                    )
                  : h('p', { class: 'warn' }, `No path survives without ${ablatedNames}.`),
            )
          : null,
        cited.length
          ? h(
              'section',
              { class: 'path-ablation' },
              h('h4', {}, 'What if a source were wrong?'),
              h(
                'ul',
                { class: 'sources' },
                cited.map((id) =>
                  h(
                    'li',
                    { class: 'source' },
                    h('div', { class: 'source-title' }, sourceTitle(id)),
                    ablateButton(id),
                  ),
                ),
              ),
            )
          : null,
        h(
          'p',
          { class: 'hint' },
          'Press Esc to clear the highlight. Click a link on the path to see its sources.',
        ),
      );
    },
  };
  return panel;
}
