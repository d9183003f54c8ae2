/**
 * The explorer's state and actions: it joins the API, the canvas and the
 * history. Every canvas action goes through `history.run` so that undo/redo
 * covers it; panels only call these actions and listen to the events.
 */
import type {
  Direction,
  EntityDetail,
  GraphEdge,
  GraphNode,
  GraphPayload,
  ModelResponse,
  PathMode,
  PathOrder,
  PathsResponse,
  QueryRunResult,
  SourceRef,
  TablePayload,
  WorkspaceAccess,
  WorkspaceFilters,
  WorkspaceNodeState,
  WorkspaceState,
} from '../../server/contract.js';
import { ApiError, api, describeError } from './api.js';
import type { Canvas } from './canvas.js';
import { exhausted, fillNew, freshCursor, LOAD_ALL_CHUNK, nextPageSize, type FillCursor } from './expand.js';
import { loadAllCap, readPageSize, writePageSize } from './expand-settings.js';
import { bundlesFor, groupKey, type Bundle } from './hub-bundles.js';
import { defaultFilters } from './filters.js';
import { History, batch, type Command } from './history.js';
import type { LayoutName } from './layout-protocol.js';

/** The workspace the canvas was opened from or saved as, and what the user may do with it. */
export interface OpenWorkspace {
  id: string;
  name: string;
  owner?: string;
  /** Absent: just saved by the user, so theirs. */
  access?: WorkspaceAccess;
}

export type Selection = { kind: 'node'; id: string } | { kind: 'edge'; id: string } | { kind: 'none' };

export interface ToastAction {
  label: string;
  run(): void;
}

export interface ExplorerEvents {
  filters: WorkspaceFilters;
  /** Elements came or went (legend counts, empty state, time bounds). */
  graph: void;
  select: Selection;
  toast: { message: string; kind: 'info' | 'error'; action?: ToastAction };
  /**
   * Paths found between two ends; under an ablation, `alternatives` is the server's answer with
   * the ablated sources left out (the paths that survive), `null` while it could not be had.
   */
  paths: { from: string; to: string; result: PathsResponse; alternatives?: PathsResponse | null };
  /** The sources ablated now ("what if these were wrong?"); empty when none. */
  ablation: string[];
  pathPick: { from: string | null; to: string | null };
  busy: { what: string; on: boolean };
  /** The "N more" bundles of the nodes expanded in this session, by hub (view-only, never saved). */
  bundles: Map<string, Bundle[]>;
  /** A long load ("load all"): what to show and how to stop it; null when it is over. */
  progress: { text: string; cancel(): void } | null;
}

type Listener<T> = (value: T) => void;

/** A minimal typed event emitter. */
export class Emitter<E> {
  private listeners = new Map<keyof E, Set<Listener<never>>>();
  on<K extends keyof E>(name: K, fn: Listener<E[K]>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(fn as Listener<never>);
    return () => set.delete(fn as Listener<never>);
  }
  emit<K extends keyof E>(name: K, value: E[K]): void {
    this.listeners.get(name)?.forEach((fn) => (fn as Listener<E[K]>)(value));
  }
}

/** A slice of a node's links: by relationship type and direction, and by neighbour type. */
export interface NeighbourGroup {
  types?: string[];
  direction?: Direction;
  neighbourTypes?: string[];
}

/** "SUPPLIED →", "MEMBER_OF ← Person" or "all", for toasts and undo labels. */
function describeGroup(g: NeighbourGroup): string {
  const arrow = g.direction === 'in' ? '←' : g.direction === 'out' ? '→' : '';
  const parts = [g.types?.join(', '), arrow, g.neighbourTypes?.join(', ')].filter(Boolean);
  return parts.length ? parts.join(' ') : 'all';
}

export class Explorer {
  readonly events = new Emitter<ExplorerEvents>();
  readonly history = new History();
  filters: WorkspaceFilters = defaultFilters();
  /** Source titles seen in any answer, for the filters panel and the details. */
  readonly sources = new Map<string, SourceRef>();
  private entityCache = new Map<string, Promise<EntityDetail>>();
  private pages = new Map<string, FillCursor>();
  /** Groups being loaded now: a second click on the same one waits for the first. */
  private loading = new Set<string>();
  private path: { from: string | null; to: string | null } = { from: null, to: null };
  pathMode: PathMode = 'shortest';
  /** How paths are listed: fewest hops first or strongest first (`path-evidence.ts`). */
  pathOrder: PathOrder = 'length';
  /**
   * Sources ablated ("what if this source were wrong?"). A view, like a highlight: not an undo
   * step, not saved with the workspace; the banner's "Undo ablation" clears it.
   */
  ablated: string[] = [];
  /** The ends of the paths listed last, so a new order or ablation can ask again. */
  private lastPaths: { from: string; to: string } | null = null;
  /** The last query result table, for the CSV export. */
  lastTable: { title: string; table: TablePayload } | null = null;
  /** The workspace the canvas was opened from or saved as. */
  workspace: OpenWorkspace | null = null;

  /** Nodes expanded in this session: they show their unloaded neighbours as bundles. */
  private bundleHubs = new Set<string>();
  private bundleSeq = 0;

  constructor(
    readonly canvas: Canvas,
    public model: ModelResponse | null,
  ) {
    // Whatever changed the canvas (an expansion, undo, a removal) changes what the bundles count.
    this.events.on('graph', () => void this.refreshBundles());
    // Elements that arrive while a source is ablated are judged like the ones already there.
    this.events.on('graph', () => {
      if (this.ablated.length) this.canvas.applyAblation(new Set(this.ablated));
    });
  }

  // ------------------------------------------------------------ plumbing

  private run(command: Command | null): void {
    if (!command) return;
    this.history.run(command);
    this.events.emit('graph', undefined);
  }

  /** Runs an async action with a busy flag; turns failures into an error toast. */
  private async guard<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
    this.events.emit('busy', { what, on: true });
    try {
      return await work();
    } catch (err) {
      this.error(err, what);
      return undefined;
    } finally {
      this.events.emit('busy', { what, on: false });
    }
  }

  error(err: unknown, what?: string): void {
    const message = describeError(err);
    this.events.emit('toast', { message: what ? `Could not ${what}: ${message}` : message, kind: 'error' });
  }

  info(message: string, action?: ToastAction): void {
    this.events.emit('toast', action ? { message, kind: 'info', action } : { message, kind: 'info' });
  }

  label(id: string): string {
    return this.canvas.nodeData(id)?.label ?? id;
  }

  /** The entity's detail (node, degree, summary, sources), fetched once per session. */
  entity(id: string): Promise<EntityDetail> {
    let p = this.entityCache.get(id);
    if (!p) {
      p = api.entity(id).then((d) => {
        d.sources.forEach((s) => this.sources.set(s.id, s));
        return d;
      });
      p.catch(() => this.entityCache.delete(id));
      this.entityCache.set(id, p);
    }
    return p;
  }

  // ------------------------------------------------------------ adding and expanding

  /** Puts an entity on the canvas (or finds it there), selects and centres it. */
  async addEntity(id: string): Promise<void> {
    if (!this.canvas.has(id)) {
      const detail = await this.guard('load the entity', () => this.entity(id));
      if (!detail) return;
      const node: GraphNode = { ...detail.node, degree: detail.node.degree ?? detail.degree };
      const added = this.canvas.addCommand({ nodes: [node], edges: [] }, { label: `add ${node.label}` });
      this.run(added?.command ?? null);
    }
    this.canvas.selectOnly([id]);
    this.canvas.focus(id);
    this.select({ kind: 'node', id });
  }

  private pageKey(id: string, group: NeighbourGroup): string {
    return `${id}|${(group.types ?? []).join(',')}|${group.direction ?? ''}|${(group.neighbourTypes ?? []).join(',')}`;
  }

  /** Links of `id` in the group that are on the canvas. */
  private drawnInGroup(id: string, group: NeighbourGroup): number {
    if (group.neighbourTypes?.length) {
      const want = new Set(group.neighbourTypes);
      return this.canvas.cy
        .getElementById(id)
        .connectedEdges()
        .filter((e) => {
          const out = e.source().id() === id;
          const other = out ? e.target() : e.source();
          return (
            (!group.types || group.types.includes(String(e.data('type')))) &&
            (!group.direction || group.direction === (out ? 'out' : 'in')) &&
            want.has(String(other.data('type')))
          );
        }).length;
    }
    let n = 0;
    for (const [key, count] of this.canvas.drawnLinks(id)) {
      const [type, dir] = key.split('|');
      if (group.types && !group.types.includes(type!)) continue;
      if (group.direction && group.direction !== dir) continue;
      n += count;
    }
    return n;
  }

  /** Links of `id` in the group, from its neighbourhood summary; undefined when that is unavailable. */
  private async groupTotal(id: string, group: NeighbourGroup): Promise<number | undefined> {
    const detail = await this.entity(id).catch(() => null);
    if (!detail) return undefined;
    return detail.summary
      .filter(
        (r) =>
          (!group.types || group.types.includes(r.relType)) &&
          (!group.direction || group.direction === r.direction) &&
          (!group.neighbourTypes || group.neighbourTypes.includes(r.neighbourType)),
      )
      .reduce((sum, r) => sum + r.count, 0);
  }

  /** What remains to load for an expansion already started (for "load N more"). */
  pending(id: string, types?: string[], direction?: Direction): { remaining: number; next: number } | null {
    const group: NeighbourGroup = {};
    if (types) group.types = types;
    if (direction) group.direction = direction;
    const cursor = this.pages.get(this.pageKey(id, group));
    if (!cursor) return null;
    const remaining = Math.max(0, cursor.total - this.drawnInGroup(id, group));
    if (!remaining) return null;
    return { remaining, next: nextPageSize(remaining, this.pageSize) };
  }

  /**
   * Adds the next neighbours of a node that are not yet on the canvas (all links, or one
   * relationship type and direction, or one neighbour type): `pageSize` of them, or every one up
   * to the load-all cap with `all`. `more` continues from the last page, otherwise the scan starts
   * at the first; either way neighbours already drawn are skipped (after reopening a workspace the
   * first pages are all drawn). One undo step, whatever the number of requests.
   */
  async expand(id: string, opts: NeighbourGroup & { more?: boolean; all?: boolean } = {}): Promise<void> {
    const group: NeighbourGroup = {};
    if (opts.types) group.types = opts.types;
    if (opts.direction) group.direction = opts.direction;
    if (opts.neighbourTypes) group.neighbourTypes = opts.neighbourTypes;
    const key = this.pageKey(id, group);
    if (this.loading.has(key)) return;
    this.loading.add(key);
    const previous = this.pages.get(key);
    const start = (opts.more || opts.all) && previous && !exhausted(previous) ? previous : freshCursor();
    const drawnBefore = this.drawnInGroup(id, group);
    // "Load all" says how many it is loading: the group's links from the summary, less those drawn.
    const total = opts.all ? (previous?.total ?? (await this.groupTotal(id, group))) : undefined;
    const want = opts.all
      ? Math.min(loadAllCap(), total === undefined ? Infinity : Math.max(0, total - drawnBefore))
      : this.pageSize;
    const what = describeGroup(group);
    const label = `${opts.all ? 'load all of' : 'expand'} ${this.label(id)} (${what})`;

    const fetch = (cursor: string | undefined, limit: number) => {
      const params: Parameters<typeof api.neighbours>[1] = { limit };
      if (group.types) params.types = group.types;
      if (group.direction) params.direction = group.direction;
      if (group.neighbourTypes) params.neighbourTypes = group.neighbourTypes;
      if (cursor) params.cursor = cursor;
      return api.neighbours(id, params);
    };
    let cancelled = false;
    const progress = (found: number) => {
      if (!opts.all) return;
      this.events.emit('progress', {
        text: Number.isFinite(want) ? `Loading ${found} of ${want}…` : `Loading ${found}…`,
        cancel: () => (cancelled = true),
      });
    };
    const steps: Command[] = [];
    const newIds: string[] = [];
    let cursor = start;
    progress(0);
    const ok = await this.guard(opts.all ? 'load all' : 'expand', async () => {
      // Load all draws as it goes, in chunks, so progress shows on the canvas and Cancel keeps
      // what came; a plain expansion is one chunk.
      const chunk = opts.all ? LOAD_ALL_CHUNK : want;
      let first = true;
      while (newIds.length < want && !cancelled && (first || !exhausted(cursor))) {
        const result = await fillNew(id, cursor, fetch, {
          want: Math.min(chunk, want - newIds.length),
          isDrawn: (n) => this.canvas.has(n),
          drawnInGroup: first ? drawnBefore : 0,
          cancelled: () => cancelled,
        });
        cursor = result.cursor;
        first = false;
        const added = this.canvas.addCommand(result, { near: id, label });
        if (added) {
          added.command.apply();
          steps.push(added.command);
          newIds.push(...added.nodeIds);
          this.events.emit('graph', undefined);
        }
        progress(newIds.length);
        if (!result.newIds.length) break;
      }
      return true;
    });
    this.loading.delete(key);
    if (opts.all) this.events.emit('progress', null);
    if (!ok && !steps.length) return;
    const after = cursor;
    if (steps.length) {
      const inner = batch(label, steps);
      this.history.record({
        label,
        apply: () => {
          inner.apply();
          this.pages.set(key, after);
        },
        revert: () => {
          inner.revert();
          if (previous) this.pages.set(key, previous);
          else this.pages.delete(key);
        },
      });
      this.pages.set(key, after);
      this.events.emit('graph', undefined);
      this.canvas.reveal([id, ...newIds]);
    } else {
      this.pages.set(key, after);
    }
    this.bundleHubs.add(id);
    void this.refreshBundles();
    const drawn = this.drawnInGroup(id, group);
    const remaining = Math.max(0, after.total - drawn);
    const n = nextPageSize(remaining, this.pageSize);
    const prefix = cancelled ? `Stopped: added ${newIds.length}. ` : '';
    if (remaining > 0 && !exhausted(after)) {
      this.info(`${prefix}${this.label(id)}: showing ${drawn} of ${after.total} links (${what}).`, {
        label: `Load ${n} more`,
        run: () => void this.expand(id, { ...group, more: true }),
      });
    } else if (!newIds.length) {
      this.info(
        `${this.label(id)}: every ${what === 'all' ? '' : `${what} `}neighbour is already on the canvas.`,
      );
    } else if (prefix) {
      this.info(prefix.trim());
    }
  }

  // ------------------------------------------------------------ bundles

  /** Loads the next page of one bundle's group, in place. */
  loadBundle(b: Bundle): Promise<void> {
    return this.expand(b.hub, {
      types: [b.relType],
      direction: b.direction,
      neighbourTypes: [b.neighbourType],
      more: true,
    });
  }

  /** `groupKey` → links of `hub` on the canvas, for the bundle counts. */
  private drawnByGroup(hub: string): Map<string, number> {
    const counts = new Map<string, number>();
    this.canvas.cy
      .getElementById(hub)
      .connectedEdges()
      .forEach((e) => {
        const out = e.source().id() === hub;
        const other = out ? e.target() : e.source();
        const key = groupKey(String(e.data('type')), out ? 'out' : 'in', String(other.data('type')));
        counts.set(key, (counts.get(key) ?? 0) + 1);
      });
    return counts;
  }

  /** Recounts the bundles of every expanded node; a later call wins over an earlier slow one. */
  private async refreshBundles(): Promise<void> {
    const seq = ++this.bundleSeq;
    const out = new Map<string, Bundle[]>();
    for (const hub of [...this.bundleHubs]) {
      if (!this.canvas.has(hub)) {
        this.bundleHubs.delete(hub);
        continue;
      }
      const detail = await this.entity(hub).catch(() => null);
      if (seq !== this.bundleSeq) return;
      if (detail && this.canvas.has(hub))
        out.set(hub, bundlesFor(hub, detail.summary, this.drawnByGroup(hub)));
    }
    this.events.emit('bundles', out);
  }

  /** How many neighbours Expand and "load more" add: the person's choice, kept in this browser. */
  get pageSize(): number {
    return readPageSize();
  }
  set pageSize(n: number) {
    writePageSize(n);
  }

  // ------------------------------------------------------------ canvas actions

  remove(ids: string[]): void {
    if (!ids.length) return;
    this.run(this.canvas.removeCommand(ids));
    this.select({ kind: 'none' });
  }

  hide(ids: string[]): void {
    if (ids.length) this.run(this.canvas.hideCommand(ids, true));
  }

  showAll(): void {
    this.run(this.canvas.showAllCommand());
  }

  pin(ids: string[], pin: boolean): void {
    if (ids.length) this.run(this.canvas.pinCommand(ids, pin));
  }

  recordMove(command: Command): void {
    this.history.record(command);
  }

  clear(): void {
    this.run(this.canvas.clear());
    this.select({ kind: 'none' });
  }

  async layout(name: Exclude<LayoutName, 'preset'>): Promise<void> {
    const command = await this.guard('lay out the graph', () => this.canvas.layoutCommand(name));
    if (command) this.run(command);
  }

  /**
   * Changes the filters as an undoable action. Changes with the same `coalesce` key in quick
   * succession (a slider moved by arrow keys) are one undo step.
   */
  setFilters(next: WorkspaceFilters, label = 'change filters', coalesce?: string): void {
    const before = this.filters;
    // A change that changes nothing must not become an undo step.
    if (JSON.stringify(before) === JSON.stringify(next)) return;
    const apply = (f: WorkspaceFilters) => {
      this.filters = f;
      this.canvas.applyFilters(f);
      this.events.emit('filters', f);
    };
    this.history.run(
      { label, apply: () => apply(next), revert: () => apply(before) },
      coalesce ? { coalesce } : {},
    );
  }

  undo(): void {
    if (this.history.undo()) this.events.emit('graph', undefined);
  }
  redo(): void {
    if (this.history.redo()) this.events.emit('graph', undefined);
  }

  select(selection: Selection): void {
    this.events.emit('select', selection);
  }

  // ------------------------------------------------------------ paths

  /** Sets one end of a path; when both ends are known the path is fetched. */
  async pathEnd(end: 'from' | 'to', id: string): Promise<void> {
    this.path = { ...this.path, [end]: id };
    this.canvas.markPathEnd(this.path.from ?? this.path.to);
    this.events.emit('pathPick', this.path);
    if (this.path.from && this.path.to) await this.findPath(this.path.from, this.path.to);
  }

  cancelPath(): void {
    this.path = { from: null, to: null };
    this.canvas.markPathEnd(null);
    this.events.emit('pathPick', this.path);
  }

  async findPath(from: string, to: string): Promise<void> {
    this.path = { from: null, to: null };
    this.events.emit('pathPick', this.path);
    if (from === to) {
      this.info('Pick two different entities for a path.');
      this.canvas.markPathEnd(null);
      return;
    }
    const result = await this.guard('find a path', () =>
      api.paths(from, to, { mode: this.pathMode, order: this.pathOrder }),
    );
    this.canvas.markPathEnd(null);
    if (!result) return;
    this.lastPaths = { from, to };
    if (!result.paths.length) {
      this.info(
        `No path between ${this.label(from)} and ${this.label(to)}${result.outcome === 'timed_out' ? ' found before the time limit' : ''}.`,
      );
      return;
    }
    const added = this.canvas.addCommand(result, {
      near: from,
      label: `path ${this.label(from)} → ${this.label(to)}`,
    });
    if (added) this.run(added.command);
    const nodes = [...new Set(result.paths.flatMap((p) => p.nodes))];
    const edges = [...new Set(result.paths.flatMap((p) => p.edges))];
    this.canvas.highlight(nodes, edges, [from, to]);
    this.canvas.fit(nodes);
    if (this.ablated.length) this.canvas.applyAblation(new Set(this.ablated));
    this.events.emit('paths', { from, to, result, alternatives: await this.alternatives(from, to) });
  }

  /** Lists the last paths again in a new order. */
  async setPathOrder(order: PathOrder): Promise<void> {
    this.pathOrder = order;
    await this.refreshPaths();
  }

  /**
   * "What if these sources were wrong?": fades every fact on the canvas resting only on them
   * (and entities left with no other fact). An empty list undoes the ablation. Whoever shows
   * the paths listed last asks for them again (`refreshPaths`) to mark the ones that break.
   */
  ablate(sources: string[]): void {
    this.ablated = [...new Set(sources)];
    this.canvas.applyAblation(new Set(this.ablated));
    this.events.emit('ablation', this.ablated);
  }

  /** Finds the last paths again (under the current order and ablation). */
  async refreshPaths(): Promise<void> {
    if (this.lastPaths) await this.findPath(this.lastPaths.from, this.lastPaths.to);
  }

  /** The paths that survive the ablation, from the server (it finds routes the canvas lacks). */
  private async alternatives(from: string, to: string): Promise<PathsResponse | null | undefined> {
    if (!this.ablated.length) return undefined;
    const found = await this.guard('find paths without the ablated sources', () =>
      api.paths(from, to, { mode: this.pathMode, order: this.pathOrder, without: this.ablated }),
    );
    return found ?? null;
  }

  /** Puts paths found under an ablation on the canvas (undoable) and shows them. */
  showAlternative(result: PathsResponse, path: PathsResponse['paths'][number]): void {
    const [from] = path.nodes;
    const added = this.canvas.addCommand(result, {
      ...(from ? { near: from } : {}),
      label: 'path without the ablated sources',
    });
    if (added) this.run(added.command);
    this.canvas.highlight(path.nodes, path.edges, [path.nodes[0]!, path.nodes[path.nodes.length - 1]!]);
    this.canvas.fit(path.nodes);
  }

  // ------------------------------------------------------------ queries and workspaces

  /** Draws a query's graph beside what is on the canvas (undoable). */
  /**
   * Puts a query's graph on the canvas: added to what is there, or replacing it (what the result
   * does not hold leaves, what it does stays where it is). Either way one undo step.
   */
  showQueryGraph(result: QueryRunResult, title: string, mode: 'add' | 'replace' = 'add'): void {
    if (mode === 'replace') {
      const keep = new Set(result.graph.nodes.map((n) => n.id));
      const leaving = [...this.canvas.nodeIds()].filter((id) => !keep.has(id));
      const steps: Command[] = [];
      if (leaving.length) {
        const remove = this.canvas.removeCommand(leaving);
        remove.apply();
        steps.push(remove);
      }
      // Built after the removal, so new nodes are placed on the emptied canvas.
      const added = this.canvas.addCommand(result.graph, { label: `run ${title}` });
      if (added) {
        added.command.apply();
        steps.push(added.command);
      }
      if (steps.length) {
        this.history.record(batch(`replace the canvas with ${title}`, steps));
        this.events.emit('graph', undefined);
      }
      // The details must not go on describing an entity the canvas no longer holds.
      if (leaving.length) this.select({ kind: 'none' });
    } else {
      const added = this.canvas.addCommand(result.graph, { label: `run ${title}` });
      if (added) this.run(added.command);
    }
    const ids = result.graph.nodes.map((n) => n.id);
    if (ids.length) {
      this.canvas.selectOnly(ids);
      this.canvas.fit(ids);
    }
  }

  /**
   * Draws the canvas again in the current identity view (issue 20), after a merge, a split or the
   * "apart" toggle: every record the canvas stands for (a merged node's members too, and `also`)
   * is asked again, and each node of the answer stands where it, or a record it stands for, stood.
   * Like opening a workspace, it starts a new undo history: the judgement is case data, undone
   * by a split, not by Undo.
   */
  async redrawIdentity(also: string[] = []): Promise<void> {
    const state = this.canvas.workspaceState(this.filters);
    const records = new Set<string>(also);
    const where = new Map<string, WorkspaceNodeState>();
    for (const node of state.nodes) {
      records.add(node.id);
      where.set(node.id, node);
      this.canvas.mergedMembers(node.id).forEach((m, i) => {
        records.add(m.id);
        // Records coming apart fan out around where their merged node stood.
        if (!where.has(m.id)) where.set(m.id, { ...node, x: node.x + 70 * i, y: node.y + 50 * i });
      });
    }
    const payload = await this.guard('draw the canvas again', () => this.fetchSubgraph([...records]));
    if (!payload) return;
    const nodes = payload.nodes.map((n) => {
      const stood = (n.mergedFrom?.map((m) => m.id) ?? [n.id]).map((id) => where.get(id)).find(Boolean);
      return { ...(stood ?? { x: 0, y: 0 }), id: n.id };
    });
    // The links drawn before, and the judgements, which are what a merge or split is about.
    const judgement = /^(SAME_AS|NOT_SAME_AS|MAYBE_SAME_AS)$/;
    const edges = [
      ...new Set([
        ...(state.edges ?? []),
        ...payload.edges.filter((e) => judgement.test(e.type)).map((e) => e.id),
      ]),
    ];
    this.canvas.restore({ ...state, nodes, edges }, payload);
    // Details read before describe the records as they were judged then.
    this.entityCache.clear();
    this.pages.clear();
    this.bundleHubs.clear();
    this.history.clear();
    this.events.emit('graph', undefined);
    this.select({ kind: 'none' });
  }

  /** The graph for a saved state: one subgraph call, or one call per id on servers without it. */
  async loadState(state: WorkspaceState): Promise<void> {
    const ids = state.nodes.map((n) => n.id);
    const payload = await this.guard('open the canvas', () => this.fetchSubgraph(ids, state.edges));
    if (!payload) return;
    const missing = this.canvas.restore(state, payload);
    // Cursors and bundles belong to the canvas they were read on.
    this.pages.clear();
    this.bundleHubs.clear();
    this.filters = state.filters;
    this.history.clear();
    this.events.emit('filters', state.filters);
    this.events.emit('graph', undefined);
    this.select({ kind: 'none' });
    if (missing.length) {
      this.info(
        `${missing.length} saved ${missing.length === 1 ? 'entity is' : 'entities are'} no longer in the database.`,
      );
    }
  }

  private async fetchSubgraph(ids: string[], edgeIds?: string[]): Promise<GraphPayload> {
    if (!ids.length) return { nodes: [], edges: [] };
    try {
      return await api.subgraph(ids);
    } catch (err) {
      if (!(err instanceof ApiError) || !err.isMissingRoute) throw err;
    }
    const nodes = (await settleAll(ids.map((id) => () => this.entity(id)))).map((d) => ({
      ...d.node,
      degree: d.node.degree ?? d.degree,
    }));
    const edges: GraphEdge[] = (await settleAll((edgeIds ?? []).map((id) => () => api.fact(id)))).map(
      (f) => f.edge,
    );
    return { nodes, edges };
  }
}

/** Runs tasks six at a time; failed ones are left out (a deleted entity must not stop the rest). */
async function settleAll<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  let i = 0;
  const worker = async () => {
    while (i < tasks.length) {
      const task = tasks[i++]!;
      try {
        out.push(await task());
      } catch {
        // reported as "missing" by the caller
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(6, tasks.length) }, worker));
  return out;
}
