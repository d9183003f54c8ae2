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
  PathsResponse,
  QueryRunResult,
  SourceRef,
  TablePayload,
  WorkspaceAccess,
  WorkspaceFilters,
  WorkspaceState,
} from '../../server/contract.js';
import { ApiError, api, describeError } from './api.js';
import type { Canvas } from './canvas.js';
import { EXPAND_CAP, nextPageSize } from './expand.js';
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
  paths: { from: string; to: string; result: PathsResponse };
  pathPick: { from: string | null; to: string | null };
  busy: { what: string; on: boolean };
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

interface PageState {
  cursor: string | null;
  loaded: number;
  total: number;
}

export class Explorer {
  readonly events = new Emitter<ExplorerEvents>();
  readonly history = new History();
  filters: WorkspaceFilters = defaultFilters();
  /** Source titles seen in any answer, for the filters panel and the details. */
  readonly sources = new Map<string, SourceRef>();
  private entityCache = new Map<string, Promise<EntityDetail>>();
  private pages = new Map<string, PageState>();
  private path: { from: string | null; to: string | null } = { from: null, to: null };
  pathMode: PathMode = 'shortest';
  /** The last query result table, for the CSV export. */
  lastTable: { title: string; table: TablePayload } | null = null;
  /** The workspace the canvas was opened from or saved as. */
  workspace: OpenWorkspace | null = null;

  constructor(
    readonly canvas: Canvas,
    public model: ModelResponse | null,
  ) {}

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

  private pageKey(id: string, types?: string[], direction?: Direction): string {
    return `${id}|${(types ?? []).join(',')}|${direction ?? ''}`;
  }

  /** What remains to load for an expansion already started (for "load N more"). */
  pending(id: string, types?: string[], direction?: Direction): { remaining: number; next: number } | null {
    const page = this.pages.get(this.pageKey(id, types, direction));
    if (!page?.cursor) return null;
    const remaining = Math.max(0, page.total - page.loaded);
    return { remaining, next: nextPageSize(remaining) || EXPAND_CAP };
  }

  /**
   * Loads one page of neighbours (all, or one relationship type and
   * direction) and adds them around the node. `more` continues from the
   * last page. Never loads more than EXPAND_CAP at once.
   */
  async expand(
    id: string,
    opts: { types?: string[]; direction?: Direction; more?: boolean } = {},
  ): Promise<void> {
    const key = this.pageKey(id, opts.types, opts.direction);
    const previous = this.pages.get(key);
    const cursor = opts.more ? previous?.cursor : undefined;
    if (opts.more && !cursor) return;
    const page = await this.guard('expand', () => {
      const params: Parameters<typeof api.neighbours>[1] = { limit: EXPAND_CAP };
      if (opts.types) params.types = opts.types;
      if (opts.direction) params.direction = opts.direction;
      if (cursor) params.cursor = cursor;
      return api.neighbours(id, params);
    });
    if (!page) return;
    const what = opts.types?.length
      ? `${opts.types.join(', ')} ${opts.direction === 'in' ? '←' : opts.direction === 'out' ? '→' : ''}`
      : 'all';
    const next: PageState = {
      cursor: page.nextCursor,
      loaded: (opts.more ? (previous?.loaded ?? 0) : 0) + page.nodes.filter((n) => n.id !== id).length,
      total: page.total,
    };
    const added = this.canvas.addCommand(page, {
      near: id,
      label: `expand ${this.label(id)} (${what.trim()})`,
    });
    if (added) {
      const inner = added.command;
      this.run({
        label: inner.label,
        apply: () => {
          inner.apply();
          this.pages.set(key, next);
        },
        revert: () => {
          inner.revert();
          if (previous) this.pages.set(key, previous);
          else this.pages.delete(key);
        },
      });
    } else {
      this.pages.set(key, next);
    }
    const shown = added?.nodeIds.length ?? 0;
    if (added) this.canvas.reveal([id, ...added.nodeIds]);
    if (page.nextCursor) {
      const remaining = Math.max(0, page.total - next.loaded);
      const n = nextPageSize(remaining) || EXPAND_CAP;
      this.info(`${this.label(id)}: showing ${next.loaded} of ${page.total} links (${what.trim()}).`, {
        label: `Load ${n} more`,
        run: () => void this.expand(id, { ...opts, more: true }),
      });
    } else if (!shown) {
      this.info(
        `${this.label(id)}: every ${what.trim() === 'all' ? '' : `${what.trim()} `}neighbour is already on the canvas.`,
      );
    }
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
    const result = await this.guard('find a path', () => api.paths(from, to, { mode: this.pathMode }));
    this.canvas.markPathEnd(null);
    if (!result) return;
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
    this.events.emit('paths', { from, to, result });
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

  /** The graph for a saved state: one subgraph call, or one call per id on servers without it. */
  async loadState(state: WorkspaceState): Promise<void> {
    const ids = state.nodes.map((n) => n.id);
    const payload = await this.guard('open the canvas', () => this.fetchSubgraph(ids, state.edges));
    if (!payload) return;
    const missing = this.canvas.restore(state, payload);
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
