/**
 * The timeline drawer: the one time control of the canvas (issue 19). An SVG histogram of the
 * canvas's dated facts (bars: facts by when they began; band: validity periods holding; lower
 * row: when the case recorded them), a brush that sets the `period` filter (drag, or the arrow
 * keys), Play to slide a window over the span, the undated facts counted and shown or hidden,
 * and "Known on" for the network as known on a date. Every change goes through
 * `explorer.setFilters` (undoable), like the legend.
 */
import type { GraphEdge, WorkspaceFilters } from '../../../server/contract.js';
import { h, replace } from '../dom.js';
import type { Explorer } from '../explorer.js';
import { timelineBins, type Timeline } from '../timeline-bins.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Pixel geometry of the histogram (the SVG scales to the drawer's width). */
const H = { top: 8, bars: 70, gap: 18, recorded: 22, axis: 16 };
const PAD_X = 8;
const PLAY_MS = 700;

function svgEl<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export interface TimelinePanel {
  render(): void;
  setOpen(open: boolean): void;
}

/** Bin indexes [first, last] a period covers, or null when it misses the span. */
function brushedBins(t: Timeline, period: { from: string; to: string }): [number, number] | null {
  const first = t.bins.findIndex((b) => b.end >= period.from);
  let last = -1;
  for (let i = t.bins.length - 1; i >= 0; i--) {
    if (t.bins[i]!.start <= period.to) {
      last = i;
      break;
    }
  }
  return first < 0 || last < first ? null : [first, last];
}

export function createTimelinePanel(root: HTMLElement, explorer: Explorer): TimelinePanel {
  let open = false;
  let playing: ReturnType<typeof setInterval> | null = null;
  let timeline: Timeline = timelineBins([]);

  const set = (next: Partial<WorkspaceFilters>, label: string, coalesce?: string) =>
    explorer.setFilters({ ...explorer.filters, ...next }, label, coalesce);
  const periodOf = (first: number, last: number) => ({
    from: timeline.bins[first]!.start,
    to: timeline.bins[last]!.end,
  });

  const stop = () => {
    if (playing) clearInterval(playing);
    playing = null;
  };

  /** Slides a window (the brush's width, else a sixth of the span) one bin per step to the end. */
  const play = () => {
    const n = timeline.bins.length;
    if (!n) return;
    const current = explorer.filters.period ? brushedBins(timeline, explorer.filters.period) : null;
    const width = current ? current[1] - current[0] + 1 : Math.max(1, Math.round(n / 6));
    // From the brush when it can still move, else from the start.
    let first = current && current[1] < n - 1 ? current[0] : 0;
    /** Shows the window at `first`; true when it has reached the end. */
    const show = () => {
      const last = Math.min(n - 1, first + width - 1);
      set({ period: periodOf(first, last) }, 'play the timeline', 'timeline-play');
      return last >= n - 1;
    };
    if (show()) return;
    playing = setInterval(() => {
      first++;
      if (show()) {
        stop();
        render();
      }
    }, PLAY_MS);
    render();
  };

  const histogram = (f: WorkspaceFilters): SVGSVGElement => {
    const t = timeline;
    const width = Math.max(320, (root.clientWidth || 900) - 320);
    const n = t.bins.length;
    const binW = (width - 2 * PAD_X) / n;
    const height = H.top + H.bars + H.gap + H.recorded + H.axis;
    const max = Math.max(1, ...t.bins.map((b) => Math.max(b.facts, b.periods)));
    const maxRec = Math.max(1, ...t.bins.map((b) => b.recorded));
    const x = (i: number) => PAD_X + i * binW;
    const brush = f.period ? brushedBins(t, f.period) : null;
    const svg = svgEl('svg', {
      class: 'tl-svg',
      id: 'tl-hist',
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      tabindex: 0,
      role: 'slider',
      'aria-label': 'Brushed time range: drag, or arrow keys to move and Shift+arrow keys to resize',
      'aria-valuemin': 0,
      'aria-valuemax': Math.max(0, n - 1),
      'aria-valuenow': brush ? brush[0] : 0,
      'aria-valuetext': f.period ? `${f.period.from} to ${f.period.to}` : 'every date',
      'data-total': t.dated,
    });
    const baseline = H.top + H.bars;
    const recTop = baseline + H.gap;
    svg.append(
      svgEl('text', { x: PAD_X, y: recTop - 4, class: 'tl-row-label' }, 'recorded (when learnt)'),
      svgEl('line', { x1: PAD_X, x2: width - PAD_X, y1: baseline, y2: baseline, class: 'tl-axis' }),
    );
    t.bins.forEach((b, i) => {
      const inBrush = !brush || (i >= brush[0] && i <= brush[1]);
      const cls = inBrush ? '' : ' tl-out';
      if (b.periods) {
        const bh = (b.periods / max) * H.bars;
        svg.append(
          svgEl('rect', { x: x(i), y: baseline - bh, width: binW, height: bh, class: `tl-band${cls}` }),
        );
      }
      if (b.facts) {
        const bh = Math.max(2, (b.facts / max) * H.bars);
        const eh = (b.events / max) * H.bars;
        const w = Math.max(1, binW - 2);
        const bar = svgEl('rect', {
          x: x(i) + 1,
          y: baseline - bh,
          width: w,
          height: bh,
          class: `tl-bar${cls}`,
          'data-count': b.facts,
          'data-key': b.key,
        });
        bar.append(svgEl('title', {}, `${b.key}: ${b.facts} dated facts (${b.events} events)`));
        svg.append(bar);
        if (b.events)
          svg.append(
            svgEl('rect', { x: x(i) + 1, y: baseline - eh, width: w, height: eh, class: `tl-event${cls}` }),
          );
      }
      if (b.recorded) {
        const rh = Math.max(2, (b.recorded / maxRec) * H.recorded);
        const rec = svgEl('rect', {
          x: x(i) + 1,
          y: recTop + H.recorded - rh,
          width: Math.max(1, binW - 2),
          height: rh,
          class: 'tl-recorded',
          'data-count': b.recorded,
        });
        rec.append(svgEl('title', {}, `${b.key}: ${b.recorded} facts recorded`));
        svg.append(rec);
      }
    });
    // Axis labels: about one per 70px, always on a bin start.
    const every = Math.max(1, Math.ceil(70 / binW));
    t.bins.forEach((b, i) => {
      if (i % every) return;
      svg.append(svgEl('text', { x: x(i) + 1, y: height - 3, class: 'tl-tick' }, b.key));
    });
    if (brush) {
      svg.append(
        svgEl('rect', {
          x: x(brush[0]),
          y: 1,
          width: (brush[1] - brush[0] + 1) * binW,
          height: baseline,
          class: 'tl-brush',
        }),
      );
    }
    if (f.knownOn) {
      const i = t.bins.findIndex((b) => b.start <= f.knownOn! && f.knownOn! <= b.end);
      const kx = i >= 0 ? x(i) + binW / 2 : f.knownOn < (t.bins[0]?.start ?? '') ? PAD_X : width - PAD_X;
      svg.append(
        svgEl('line', { x1: kx, x2: kx, y1: 1, y2: recTop + H.recorded, class: 'tl-known' }),
        svgEl('text', { x: kx + 3, y: recTop + 10, class: 'tl-known-label' }, `known on ${f.knownOn}`),
      );
    }

    // Brushing with the pointer: live on the canvas while dragging, one undo step on release.
    const binAt = (clientX: number) => {
      const r = svg.getBoundingClientRect();
      const px = ((clientX - r.left) / r.width) * width;
      return Math.min(n - 1, Math.max(0, Math.floor((px - PAD_X) / binW)));
    };
    let anchor: number | null = null;
    let last = 0;
    svg.addEventListener('pointerdown', (e) => {
      stop();
      anchor = binAt(e.clientX);
      last = anchor;
      svg.setPointerCapture(e.pointerId);
      explorer.canvas.applyFilters({ ...explorer.filters, period: periodOf(anchor, anchor) });
    });
    svg.addEventListener('pointermove', (e) => {
      if (anchor === null) return;
      last = binAt(e.clientX);
      explorer.canvas.applyFilters({
        ...explorer.filters,
        period: periodOf(Math.min(anchor, last), Math.max(anchor, last)),
      });
    });
    svg.addEventListener('pointerup', () => {
      if (anchor === null) return;
      const a = anchor;
      anchor = null;
      set({ period: periodOf(Math.min(a, last), Math.max(a, last)) }, 'brush the timeline');
    });
    svg.addEventListener('keydown', (e) => {
      const [a, b] = brush ?? [-1, -1];
      let next: [number, number] | null | undefined;
      if (e.key === 'Escape' || e.key === 'Delete') next = null;
      else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        const d = e.key === 'ArrowRight' ? 1 : -1;
        if (a < 0) next = [0, 0];
        else if (e.shiftKey) next = [a, Math.min(n - 1, Math.max(a, b + d))];
        else if (a + d >= 0 && b + d <= n - 1) next = [a + d, b + d];
        else next = [a, b];
      } else if (e.key === 'Home') next = [0, Math.max(0, b - a)];
      else if (e.key === 'End') next = [Math.max(0, n - 1 - Math.max(0, b - a)), n - 1];
      if (next === undefined) return;
      e.preventDefault();
      stop();
      set({ period: next ? periodOf(next[0], next[1]) : null }, 'brush the timeline', 'timeline-keys');
    });
    return svg;
  };

  const render = () => {
    if (!open) return;
    const focusedId = root.contains(document.activeElement) ? document.activeElement?.id : undefined;
    const f = explorer.filters;
    const edges: GraphEdge[] = explorer.canvas.cy.edges().map((e) => e.data() as GraphEdge);
    timeline = timelineBins(edges);
    const t = timeline;

    const playBtn = h(
      'button',
      {
        type: 'button',
        id: 'tl-play',
        class: 'btn small',
        disabled: t.bins.length < 2,
        'aria-pressed': String(Boolean(playing)),
      },
      playing ? 'Pause' : 'Play',
    );
    playBtn.addEventListener('click', () => {
      if (playing) {
        stop();
        render();
      } else play();
    });
    const clearBtn = h(
      'button',
      { type: 'button', id: 'tl-clear', class: 'btn small', disabled: !f.period },
      'Clear range',
    );
    clearBtn.addEventListener('click', () => {
      stop();
      set({ period: null }, 'clear the time range');
    });

    const undatedCb = h('input', { type: 'checkbox', id: 'tl-undated', checked: f.undated !== 'hide' });
    undatedCb.addEventListener('change', () =>
      set(
        { undated: undatedCb.checked ? 'show' : 'hide' },
        `${undatedCb.checked ? 'show' : 'hide'} undated facts`,
      ),
    );

    const known = h('input', { type: 'date', id: 'tl-known-on', value: f.knownOn ?? '' });
    known.addEventListener('change', () =>
      set(
        { knownOn: /^\d{4}-\d{2}-\d{2}$/.test(known.value) ? known.value : null },
        'show the network as known on a date',
      ),
    );
    const knownClear = h(
      'button',
      { type: 'button', id: 'tl-known-clear', class: 'btn small', disabled: !f.knownOn },
      'All known',
    );
    knownClear.addEventListener('click', () => set({ knownOn: null }, 'show everything known'));

    // A workspace saved before the timeline may hold an "as of" date: shown here, and clearable.
    const asOf = f.asOf
      ? h(
          'p',
          { class: 'tl-line' },
          `As of ${f.asOf} (saved filter) `,
          (() => {
            const b = h('button', { type: 'button', class: 'btn small', id: 'tl-asof-clear' }, 'Clear');
            b.addEventListener('click', () => set({ asOf: null }, 'clear the as-of date'));
            return b;
          })(),
        )
      : null;

    const summary = t.bins.length
      ? `${t.dated} dated ${t.dated === 1 ? 'fact' : 'facts'}, ${t.bins[0]!.key} – ${t.bins[t.bins.length - 1]!.key}` +
        (f.period ? ` · showing ${f.period.from} – ${f.period.to}` : ' · every date')
      : 'No dated facts on the canvas';

    replace(
      root,
      h(
        'div',
        { class: 'tl-controls' },
        h('p', { class: 'tl-summary', id: 'tl-summary', 'aria-live': 'polite' }, summary),
        h('div', { class: 'inline' }, playBtn, clearBtn),
        h(
          'div',
          { class: 'check-line' },
          undatedCb,
          h(
            'label',
            { for: undatedCb.id },
            'Show ',
            h(
              'span',
              { id: 'tl-undated-count' },
              `${t.undated} undated ${t.undated === 1 ? 'fact' : 'facts'}`,
            ),
          ),
        ),
        h(
          'div',
          { class: 'inline tl-known-row' },
          h('label', { for: known.id, class: 'tool-label' }, 'Known on'),
          known,
          knownClear,
        ),
        h(
          'p',
          { class: 'small muted', id: 'tl-unknown-count' },
          `${t.unknownRecorded} ${t.unknownRecorded === 1 ? 'fact' : 'facts'} unknown when learnt (always shown)`,
        ),
        asOf,
      ),
      h(
        'div',
        { class: 'tl-chart' },
        t.bins.length
          ? [
              h(
                'p',
                { class: 'tl-key small muted', 'aria-hidden': 'true' },
                h('span', { class: 'tl-key-bar' }),
                'facts by start ',
                h('span', { class: 'tl-key-event' }),
                'events ',
                h('span', { class: 'tl-key-band' }),
                'periods holding ',
                h('span', { class: 'tl-key-rec' }),
                'recorded',
              ),
              histogram(f),
            ]
          : h('p', { class: 'muted' }, 'Expand entities whose facts carry dates to see them here.'),
      ),
    );
    if (focusedId) document.getElementById(focusedId)?.focus();
  };

  explorer.events.on('graph', render);
  explorer.events.on('filters', render);
  return {
    render,
    setOpen(next: boolean) {
      open = next;
      if (!open) stop();
      render();
    },
  };
}
