/**
 * The canvas state in the URL: `#w=<id>` opens a saved workspace, `#s=<data>`
 * carries a small canvas itself (node ids, rounded positions, flags, filters
 * and layout, as compact JSON in base64url). Pure: encode, decode, validate.
 */
import {
  FACT_STATUSES,
  type FactStatus,
  type WorkspaceFilters,
  type WorkspaceNodeState,
  type WorkspaceState,
} from '../../server/contract.js';
import { defaultFilters } from './filters.js';

/** Above this many characters the link is too long to share safely; save a workspace instead. */
export const MAX_URL_STATE_CHARS = 6000;

const STATUSES: readonly FactStatus[] = FACT_STATUSES;
const PINNED = 1;
const HIDDEN = 2;

/** Compact wire form: short keys, positions as integers, flags as bits, default filters left out. */
interface Wire {
  v: 1;
  n: [string, number, number, number?][];
  e?: string[];
  f?: Partial<WorkspaceFilters>;
  l?: string;
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(data: string): string {
  const b64 = data.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The state as a URL-safe string. */
export function encodeState(state: WorkspaceState): string {
  const wire: Wire = {
    v: 1,
    n: state.nodes.map((n) => {
      const flags = (n.pinned ? PINNED : 0) | (n.hidden ? HIDDEN : 0);
      const t: [string, number, number, number?] = [n.id, Math.round(n.x), Math.round(n.y)];
      if (flags) t.push(flags);
      return t;
    }),
  };
  if (state.edges) wire.e = state.edges;
  const f = state.filters;
  const d = defaultFilters();
  const fw: Partial<WorkspaceFilters> = {};
  if (f.hiddenNodeTypes.length) fw.hiddenNodeTypes = f.hiddenNodeTypes;
  if (f.hiddenRelTypes.length) fw.hiddenRelTypes = f.hiddenRelTypes;
  if (f.statuses.length) fw.statuses = f.statuses;
  if (f.minConfidence !== d.minConfidence) fw.minConfidence = f.minConfidence;
  if (f.sources.length) fw.sources = f.sources;
  if (f.asOf) fw.asOf = f.asOf;
  if (f.period) fw.period = f.period;
  if (f.undated === 'hide') fw.undated = 'hide';
  if (f.knownOn) fw.knownOn = f.knownOn;
  if (f.singleSource) fw.singleSource = true;
  if (Object.keys(fw).length) wire.f = fw;
  if (state.layout && state.layout !== 'preset') wire.l = state.layout;
  return toBase64Url(JSON.stringify(wire));
}

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

const isIsoDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** Checks any parsed value (a link or a server answer) and returns filters with every field set. */
export function sanitiseFilters(raw: unknown): WorkspaceFilters {
  const f = defaultFilters();
  if (!raw || typeof raw !== 'object') return f;
  const r = raw as Record<string, unknown>;
  if (isStringArray(r.hiddenNodeTypes)) f.hiddenNodeTypes = r.hiddenNodeTypes;
  if (isStringArray(r.hiddenRelTypes)) f.hiddenRelTypes = r.hiddenRelTypes;
  if (isStringArray(r.statuses))
    f.statuses = r.statuses.filter((s): s is FactStatus => STATUSES.includes(s as FactStatus));
  if (typeof r.minConfidence === 'number' && r.minConfidence >= 0 && r.minConfidence <= 1)
    f.minConfidence = r.minConfidence;
  if (isStringArray(r.sources)) f.sources = r.sources;
  if (isIsoDay(r.asOf)) f.asOf = r.asOf;
  // The time fields came later (issue 19): filters saved before them read as showing every date.
  const period = r.period as { from?: unknown; to?: unknown } | null | undefined;
  if (period && isIsoDay(period.from) && isIsoDay(period.to) && period.from <= period.to)
    f.period = { from: period.from, to: period.to };
  if (r.undated === 'hide') f.undated = 'hide';
  if (isIsoDay(r.knownOn)) f.knownOn = r.knownOn;
  if (r.singleSource === true) f.singleSource = true;
  return f;
}

/** Parses a string made by `encodeState`; throws an Error with a user-facing message when damaged. */
export function decodeState(data: string): WorkspaceState {
  let wire: Wire;
  try {
    wire = JSON.parse(fromBase64Url(data)) as Wire;
  } catch {
    throw new Error('This link does not hold a readable canvas (it may have been cut short).');
  }
  if (!wire || wire.v !== 1 || !Array.isArray(wire.n)) {
    throw new Error('This link holds a canvas in a format this version cannot read.');
  }
  const nodes: WorkspaceNodeState[] = [];
  for (const t of wire.n) {
    if (!Array.isArray(t) || typeof t[0] !== 'string' || !Number.isFinite(t[1]) || !Number.isFinite(t[2]))
      continue;
    const n: WorkspaceNodeState = { id: t[0], x: t[1], y: t[2] };
    const flags = typeof t[3] === 'number' ? t[3] : 0;
    if (flags & PINNED) n.pinned = true;
    if (flags & HIDDEN) n.hidden = true;
    nodes.push(n);
  }
  const state: WorkspaceState = {
    nodes,
    filters: sanitiseFilters(wire.f),
    layout: typeof wire.l === 'string' ? wire.l : 'preset',
  };
  if (isStringArray(wire.e)) state.edges = wire.e;
  return state;
}

export type HashRoute =
  { kind: 'workspace'; id: string } | { kind: 'state'; data: string } | { kind: 'none' };

/** Reads `#w=<id>` or `#s=<data>` from a location hash. */
export function parseHash(hash: string): HashRoute {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const w = params.get('w');
  if (w) return { kind: 'workspace', id: w };
  const s = params.get('s');
  if (s) return { kind: 'state', data: s };
  return { kind: 'none' };
}

/** The hash for a saved workspace. */
export function workspaceHash(id: string): string {
  return `#w=${encodeURIComponent(id)}`;
}

/** The hash carrying the state itself, or null when it would be too long for a link. */
export function stateHash(state: WorkspaceState): string | null {
  const hash = `#s=${encodeState(state)}`;
  return hash.length <= MAX_URL_STATE_CHARS ? hash : null;
}
