/**
 * The filters of the legend panel as a pure value (`WorkspaceFilters` from
 * the contract) and the predicates that decide what the canvas shows:
 * node and relationship types, status, confidence, source, and time: the
 * brushed period a fact was true in (validFrom / validTo / date), whether
 * undated facts show, and "the network as known on a date" (`recorded`).
 * The older "as of a date" (`asOf`) of saved workspaces still applies.
 */
import type { FactStatus, WorkspaceFilters } from '../../server/contract.js';

/** Filters that show everything. */
export function defaultFilters(): WorkspaceFilters {
  return {
    hiddenNodeTypes: [],
    hiddenRelTypes: [],
    statuses: [],
    minConfidence: 0,
    sources: [],
    asOf: null,
    period: null,
    undated: 'show',
    knownOn: null,
    singleSource: false,
  };
}

/** What the predicates read from an edge (its element data). */
export interface FilterableEdge {
  type: string;
  status?: FactStatus;
  confidence?: number;
  sources?: string[];
  validFrom?: string;
  validTo?: string;
  date?: string;
  /** When the case learnt the fact (server-computed; absent: not known). */
  recorded?: string;
}

/** Partial dates widen to the start (`2018` → `2018-01-01`) or end (`2018-12-31`) of their period. */
export function normaliseDate(value: string | undefined, end: 'start' | 'end'): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  if (d) return `${y}-${mo}-${d}`;
  if (mo) {
    if (end === 'start') return `${y}-${mo}-01`;
    const last = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
    return `${y}-${mo}-${String(last).padStart(2, '0')}`;
  }
  return end === 'start' ? `${y}-01-01` : `${y}-12-31`;
}

/**
 * Whether a fact holds on `asOf`: a period fact when validFrom ≤ asOf ≤ validTo
 * (open ends are open), an event when it has happened by then; undated facts always hold.
 */
export function holdsOn(edge: FilterableEdge, asOf: string | null): boolean {
  if (!asOf) return true;
  const from = normaliseDate(edge.validFrom, 'start');
  const to = normaliseDate(edge.validTo, 'end');
  if (from || to) return (!from || from <= asOf) && (!to || asOf <= to);
  const date = normaliseDate(edge.date, 'start');
  return !date || date <= asOf;
}

/** Whether the fact says when it was true (a validity bound or an event date). */
export function isDated(edge: FilterableEdge): boolean {
  return Boolean(
    normaliseDate(edge.validFrom, 'start') ??
    normaliseDate(edge.validTo, 'end') ??
    normaliseDate(edge.date, 'start'),
  );
}

/**
 * Whether a fact was true at some point of `period` (inclusive ISO dates): its validity
 * [validFrom..validTo] (open ends are open) or its event date overlaps it, partial dates widened
 * to their whole month or year. Undated facts pass: `undated` decides about them.
 */
export function overlapsPeriod(
  edge: FilterableEdge,
  period: { from: string; to: string } | null | undefined,
): boolean {
  if (!period) return true;
  let from = normaliseDate(edge.validFrom, 'start');
  let to = normaliseDate(edge.validTo, 'end');
  if (!from && !to) {
    from = normaliseDate(edge.date, 'start');
    to = normaliseDate(edge.date, 'end');
    if (!from) return true;
  }
  return (!from || from <= period.to) && (!to || period.from <= to);
}

/**
 * Whether the case knew the fact on `knownOn`: its recorded date (widened to its first day) is not
 * later. A fact with no recorded date stays: hiding it would claim we learnt it later.
 */
export function knownBy(edge: FilterableEdge, knownOn: string | null | undefined): boolean {
  if (!knownOn) return true;
  const recorded = normaliseDate(edge.recorded, 'start');
  return !recorded || recorded <= knownOn;
}

/** A fact citing exactly one source: wrong if that one is wrong. */
export function restsOnOneSource(edge: Pick<FilterableEdge, 'sources'>): boolean {
  return new Set(edge.sources ?? []).size === 1;
}

/** Whether the filters let this edge through (its ends are checked separately). */
export function edgePasses(edge: FilterableEdge, f: WorkspaceFilters): boolean {
  if (f.hiddenRelTypes.includes(edge.type)) return false;
  if (f.statuses.length && (!edge.status || !f.statuses.includes(edge.status))) return false;
  if (f.minConfidence > 0 && (edge.confidence === undefined || edge.confidence < f.minConfidence))
    return false;
  if (f.sources.length && !(edge.sources ?? []).some((s) => f.sources.includes(s))) return false;
  if (f.undated === 'hide' && !isDated(edge)) return false;
  if (!overlapsPeriod(edge, f.period)) return false;
  if (!knownBy(edge, f.knownOn)) return false;
  if (f.singleSource && !restsOnOneSource(edge)) return false;
  return holdsOn(edge, f.asOf);
}

/** How the canvas's facts stand in time: dated or not, and known when or not. */
export interface TimeCounts {
  dated: number;
  undated: number;
  /** Facts with no recorded date ("unknown when learnt"). */
  unknownRecorded: number;
}

/** Counts the facts by whether they are dated and whether their recorded date is known. */
export function timeCounts(edges: readonly FilterableEdge[]): TimeCounts {
  const counts: TimeCounts = { dated: 0, undated: 0, unknownRecorded: 0 };
  for (const e of edges) {
    if (isDated(e)) counts.dated++;
    else counts.undated++;
    if (!normaliseDate(e.recorded, 'start')) counts.unknownRecorded++;
  }
  return counts;
}

/** Whether the filters let a node of this type through. */
export function nodePasses(node: { type: string }, f: WorkspaceFilters): boolean {
  return !f.hiddenNodeTypes.includes(node.type);
}

/**
 * The ids the canvas shows: nodes whose type passes, edges that pass and
 * whose two ends are shown.
 */
export function visibleIds(
  nodes: readonly { id: string; type: string }[],
  edges: readonly (FilterableEdge & { id: string; source: string; target: string })[],
  f: WorkspaceFilters,
): { nodes: Set<string>; edges: Set<string> } {
  const shownNodes = new Set(nodes.filter((n) => nodePasses(n, f)).map((n) => n.id));
  const shownEdges = new Set(
    edges
      .filter((e) => shownNodes.has(e.source) && shownNodes.has(e.target) && edgePasses(e, f))
      .map((e) => e.id),
  );
  return { nodes: shownNodes, edges: shownEdges };
}

/** Earliest and latest date any edge mentions (for the time slider), or null when none is dated. */
export function dateBounds(edges: readonly FilterableEdge[]): { min: string; max: string } | null {
  const dates: string[] = [];
  for (const e of edges) {
    for (const [value, end] of [
      [e.validFrom, 'start'],
      [e.validTo, 'end'],
      [e.date, 'start'],
    ] as const) {
      const d = normaliseDate(value, end);
      if (d) dates.push(d);
    }
  }
  if (!dates.length) return null;
  dates.sort();
  return { min: dates[0]!, max: dates[dates.length - 1]! };
}

/** Day number since 1970 of an ISO date, and back: the time slider works in days. */
export function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}
export function isoFromDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** How many filters differ from "show everything" (for the badge on the panel). */
export function activeFilterCount(f: WorkspaceFilters): number {
  return (
    f.hiddenNodeTypes.length +
    f.hiddenRelTypes.length +
    (f.statuses.length ? 1 : 0) +
    (f.minConfidence > 0 ? 1 : 0) +
    (f.sources.length ? 1 : 0) +
    (f.asOf ? 1 : 0) +
    (f.period ? 1 : 0) +
    (f.undated === 'hide' ? 1 : 0) +
    (f.knownOn ? 1 : 0) +
    (f.singleSource ? 1 : 0)
  );
}

/** A copy with one entry of a list switched on or off. */
export function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  const rest = list.filter((v) => v !== value);
  return on ? [...rest, value] : rest;
}

/** What the status line counts on the canvas. */
export interface CanvasCounts {
  nodes: number;
  /** Nodes the user hid (context menu "Hide"). */
  hidden: number;
  /** Nodes the filters leave out (and not also hidden). */
  filtered: number;
  links: number;
  /** Links drawn: neither filtered nor attached to a node not drawn. */
  shownLinks: number;
}

/**
 * The line under the canvas: what is drawn first, then what is on the canvas but not drawn,
 * hidden and filtered apart, since each is undone in a different place (Show all, the filters).
 */
export function statusLine(c: CanvasCounts): string {
  if (!c.nodes) return '';
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const shown = c.nodes - c.hidden - c.filtered;
  const entities =
    shown === c.nodes
      ? plural(c.nodes, 'entity', 'entities')
      : `${shown} of ${plural(c.nodes, 'entity', 'entities')} shown`;
  const links =
    c.shownLinks === c.links
      ? plural(c.links, 'link', 'links')
      : `${c.shownLinks} of ${plural(c.links, 'link', 'links')}`;
  const notShown = [c.hidden ? `${c.hidden} hidden` : '', c.filtered ? `${c.filtered} filtered out` : '']
    .filter(Boolean)
    .join(', ');
  return `${entities}, ${links}${notShown ? ` · ${notShown}` : ''}`;
}
