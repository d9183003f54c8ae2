/**
 * The Cytoscape canvas: set-up (stylesheet from the model, performance
 * options for large views, optional WebGL), layouts (fcose in a worker, the
 * others in place), and every change to the graph expressed as an undoable
 * Command so that main.ts can hand it to the history stack.
 */
import cytoscape from 'cytoscape';
import type {
  EntityRef,
  GraphEdge,
  GraphNode,
  GraphPayload,
  ModelResponse,
  WorkspaceFilters,
  WorkspaceNodeState,
  WorkspaceState,
} from '../../server/contract.js';
import { gridPositions, nodeElement, edgeElement, placeAround, planMerge, type Point } from './elements.js';
import { ablationEffect } from './ablation.js';
import { defaultFilters, visibleIds, type CanvasCounts } from './filters.js';
import type { Command } from './history.js';
import type { LayoutName, LayoutRequest, LayoutResponse } from './layout-protocol.js';
import { LABEL_TEXT, MIN_LABEL_PX, buildStylesheet } from './model-style.js';
import { placeLabels, type Box, type LabelCandidate, type Obstacle } from './label-placement.js';
import { separateNodes, type SizedNode } from './node-separation.js';
import { concentricRings, spreadRows } from './layout-shaping.js';
import type { SvgSnapshot } from './export-format.js';
import type { GraphSnapshot } from './graph-formats.js';
import { layerStyles } from './style-rules.js';

/** Above this many elements the view switches to its fast mode (no edge labels, texture while panning). */
export const LARGE_VIEW_ELEMENTS = 800;
/**
 * Above this many elements edges become straight lines without arrowheads: Cytoscape then skips
 * control points and arrows per edge (half a second of a 5,000-node draw). Below it the arrows
 * stay, since they carry the direction of each fact.
 */
export const HAYSTACK_ABOVE_ELEMENTS = 3000;
/** On a large view, at most this many node labels (the most important in view) compete for room. */
const LABEL_CONTENDERS_LARGE = 600;
/** Up to this many nodes, layouts and undo animate. */
const ANIMATE_BELOW_NODES = 300;

export interface CanvasEvents {
  nodeTap?(id: string): void;
  edgeTap?(id: string): void;
  nodeDoubleTap?(id: string): void;
  contextMenu?(target: { kind: 'node' | 'edge'; id: string } | { kind: 'background' }, at: Point): void;
  backgroundTap?(): void;
  /** The user dragged nodes: an already-applied command to record. */
  moved?(command: Command): void;
  selectionChanged?(ids: string[]): void;
}

type Positions = Record<string, Point>;

export class Canvas {
  readonly cy: cytoscape.Core;
  private model: ModelResponse | null;
  private large = false;
  /** Edges drawn as straight haystacks without arrows (very large views only). */
  private haystack = false;
  private filters: WorkspaceFilters = defaultFilters();
  private worker: Worker | null | undefined;
  private seq = 0;
  private pending = new Map<number, (res: LayoutResponse) => void>();
  /** Label text scale of the current stylesheet (see labelScaleFor). */
  private labelScale = 1;
  private labelTimer: ReturnType<typeof setTimeout> | undefined;
  layoutName: LayoutName = 'preset';

  constructor(container: HTMLElement, model: ModelResponse | null, events: CanvasEvents = {}, webgl = false) {
    this.model = model;
    const options: cytoscape.CytoscapeOptions & { renderer?: unknown } = {
      container,
      style: buildStylesheet(model),
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: true,
      motionBlur: false,
      textureOnViewport: false,
      hideEdgesOnViewport: false,
    };
    // Cytoscape 3.31+ draws nodes and edges with WebGL when asked; experimental, so behind an option.
    if (webgl) options.renderer = { name: 'canvas', webgl: true };
    this.cy = cytoscape(options);
    this.bindEvents(events);
    // Start the layout worker now, so the first layout does not also pay for loading Cytoscape
    // and fcose into it (0.6-1 s of the first 1,000-node layout in the benchmark).
    setTimeout(() => this.layoutWorker(), 0);
  }

  setModel(model: ModelResponse | null): void {
    this.model = model;
    this.restyle();
  }

  private restyle(): void {
    this.cy.style(
      layerStyles(
        buildStylesheet(this.model, {
          edgeLabels: !this.large,
          labelScale: this.labelScale,
          largeView: this.haystack,
        }),
        this.ruleEntries,
      ),
    );
  }

  private bindEvents(events: CanvasEvents): void {
    const cy = this.cy;
    cy.on('tap', 'node', (e) => events.nodeTap?.(e.target.id()));
    cy.on('tap', 'edge', (e) => events.edgeTap?.(e.target.id()));
    cy.on('dbltap', 'node', (e) => events.nodeDoubleTap?.(e.target.id()));
    cy.on('tap', (e) => {
      if (e.target === cy) events.backgroundTap?.();
    });
    cy.on('cxttap', (e) => {
      const at = { x: e.originalEvent?.clientX ?? 0, y: e.originalEvent?.clientY ?? 0 };
      if (e.target === cy) events.contextMenu?.({ kind: 'background' }, at);
      else events.contextMenu?.({ kind: e.target.isNode() ? 'node' : 'edge', id: e.target.id() }, at);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    cy.on('select unselect', () => {
      clearTimeout(timer);
      timer = setTimeout(() => events.selectionChanged?.(this.selectedIds()), 0);
    });
    let before: Positions | null = null;
    cy.on('grab', 'node', (e) => {
      const nodes = e.target.selected() ? cy.nodes(':selected') : e.target;
      before = positionsOf(nodes);
    });
    cy.on('free', 'node', () => {
      if (!before) return;
      const start = before;
      before = null;
      const after = positionsOf(cy.nodes().filter((n) => n.id() in start));
      const moved = Object.keys(start).some(
        (id) =>
          Math.abs(start[id]!.x - (after[id]?.x ?? 0)) > 1 ||
          Math.abs(start[id]!.y - (after[id]?.y ?? 0)) > 1,
      );
      if (moved) events.moved?.(this.positionsCommand('move', start, after, false));
    });
    // Labels are re-placed whenever the picture comes to rest after a change.
    cy.on('add remove select unselect viewport position', () => this.scheduleLabels());
    cy.on('mouseover', 'node, edge', (e) => e.target.addClass('label-hover'));
    cy.on('mouseout', 'node, edge', (e) => e.target.removeClass('label-hover'));
  }

  // ---------------------------------------------------------------- labels

  /** Re-places labels once the canvas has been still for a moment (drags, animations and zooms fire often). */
  scheduleLabels(delay = 120): void {
    clearTimeout(this.labelTimer);
    this.labelTimer = setTimeout(() => this.placeLabelsNow(), delay);
  }

  /** True when no label pass is waiting (the picture is at rest; tests wait for it). */
  labelsSettled(): boolean {
    return this.labelTimer === undefined;
  }

  /**
   * The collision pass: sets the label scale for the zoom (level of detail),
   * then turns off every label that would overlap a label of higher priority
   * or another node's disc. Returns how many labels are drawn.
   */
  placeLabelsNow(): number {
    clearTimeout(this.labelTimer);
    this.labelTimer = undefined;
    const cy = this.cy;
    if (cy.destroyed()) return 0;
    const zoom = cy.zoom();
    const scale = labelScaleFor(zoom, this.large ? 1 : 4);
    if (scale !== this.labelScale) {
      this.labelScale = scale;
      this.restyle();
    }
    const nodeText = LABEL_TEXT.node * scale * zoom >= MIN_LABEL_PX.node;
    const edgeText = !this.large && LABEL_TEXT.edge * scale * zoom >= MIN_LABEL_PX.edge;
    // Only what is in (or just around) the view competes; the rest is off until a pan brings it in.
    const ext = cy.extent();
    const marginX = ext.w * 0.2;
    const marginY = ext.h * 0.2;
    const near = (p: { x: number; y: number }) =>
      p.x > ext.x1 - marginX && p.x < ext.x2 + marginX && p.y > ext.y1 - marginY && p.y < ext.y2 + marginY;
    const obstacles: Obstacle[] = [];
    const contenders: { n: cytoscape.NodeSingular; priority: number }[] = [];
    cy.nodes().forEach((n) => {
      if (!n.visible()) return;
      const p = n.position();
      if (!near(p)) return;
      // The drawn size (a style rule may size nodes by a property), not the size by degree.
      const r = Math.max(n.width(), n.height()) / 2 + 3;
      const priority = nodePriority(n);
      obstacles.push({ id: n.id(), box: { x1: p.x - r, y1: p.y - r, x2: p.x + r, y2: p.y + r }, priority });
      if (nodeText && n.data('label')) contenders.push({ n, priority });
    });
    // Measuring a label costs more than placing it: on a large view only the most important compete.
    contenders.sort((a, b) => b.priority - a.priority);
    if (this.large) contenders.length = Math.min(contenders.length, LABEL_CONTENDERS_LARGE);
    const candidates: LabelCandidate[] = contenders.map(({ n, priority }) => ({
      id: n.id(),
      owner: n.id(),
      priority,
      box: labelBox(n),
    }));
    if (edgeText) {
      cy.edges().forEach((e) => {
        if (!e.data('label') || !e.visible() || !near(e.midpoint())) return;
        candidates.push({ id: e.id(), owner: e.id(), priority: edgePriority(e), box: labelBox(e) });
      });
    }
    const shown = placeLabels(candidates, obstacles);
    cy.batch(() => {
      cy.elements().forEach((el) => {
        const off = !shown.has(el.id());
        if (el.hasClass('label-off') !== off) el.toggleClass('label-off', off);
      });
    });
    return shown.size;
  }

  // ---------------------------------------------------------------- queries

  nodeIds(): Set<string> {
    return new Set(this.cy.nodes().map((n) => n.id()));
  }
  has(id: string): boolean {
    return this.cy.getElementById(id).nonempty();
  }
  selectedIds(): string[] {
    return this.cy.nodes(':selected').map((n) => n.id());
  }
  nodeCount(): number {
    return this.cy.nodes().length;
  }
  /**
   * Counts for the status line, read from the classes rather than `:visible`: the latter also
   * depends on the renderer's state, the classes are what the user and the filters decided.
   */
  counts(): CanvasCounts {
    const nodes = this.cy.nodes();
    const hidden = nodes.filter('.hidden');
    const filtered = nodes.filter('.filtered').not('.hidden');
    const out = hidden.union(filtered);
    const edges = this.cy.edges();
    const shownLinks = edges.filter(
      (e) => !e.hasClass('filtered') && !out.contains(e.source()) && !out.contains(e.target()),
    );
    return {
      nodes: nodes.length,
      hidden: hidden.length,
      filtered: filtered.length,
      links: edges.length,
      shownLinks: shownLinks.length,
    };
  }
  nodeData(id: string): { label: string; type: string; degree?: number } | undefined {
    const n = this.cy.getElementById(id);
    return n.nonempty() ? (n.data() as { label: string; type: string; degree?: number }) : undefined;
  }

  /** The records a merged node stands for (canonical first); empty for a node that is one record. */
  mergedMembers(id: string): EntityRef[] {
    const n = this.cy.getElementById(id);
    return n.nonempty() ? ((n.data('mergedFrom') as EntityRef[] | undefined) ?? []) : [];
  }

  /** `relType|direction` → number of such links of `id` on the canvas (for the expand menu). */
  drawnLinks(id: string): Map<string, number> {
    const counts = new Map<string, number>();
    const n = this.cy.getElementById(id);
    n.connectedEdges().forEach((e) => {
      const key = `${e.data('type')}|${e.source().id() === id ? 'out' : 'in'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    return counts;
  }

  // ---------------------------------------------------------------- commands

  /**
   * A command adding what is new in `payload`. New nodes are placed around
   * `near` (or beside the current drawing); nothing already drawn moves.
   * Null when the payload brings nothing new.
   */
  addCommand(
    payload: GraphPayload,
    opts: { near?: string; label: string },
  ): { command: Command; nodeIds: string[] } | null {
    const plan = planMerge(new Set(this.cy.elements().map((e) => e.id())), payload);
    if (!plan.nodes.length && !plan.edges.length) return null;
    const placed = this.separateNew(plan.nodes, this.placeNew(plan.nodes, opts.near));
    const elements = [
      ...plan.nodes.map((n, i) => ({ ...nodeElement(n, this.model), position: placed[i]! })),
      ...plan.edges.map(edgeElement),
    ];
    const ids = elements.map((e) => e.data.id as string);
    const nodeIds = plan.nodes.map((n) => n.id);
    const command: Command = {
      label: opts.label,
      apply: () => {
        // Switch to the fast mode first, so the big restyle happens before the big add, not after.
        this.updatePerformanceMode(this.cy.elements().length + elements.length);
        let added = this.cy.collection();
        this.cy.batch(() => {
          added = this.cy.add(elements);
          this.afterChange();
        });
        added.nodes().addClass('just-added');
        setTimeout(() => added.nodes().removeClass('just-added'), 1500);
      },
      revert: () => {
        this.cy.remove(this.collection(ids));
        this.afterChange();
      },
    };
    return { command, nodeIds };
  }

  private placeNew(nodes: GraphNode[], near?: string): Point[] {
    if (!nodes.length) return [];
    const parent = near ? this.cy.getElementById(near) : undefined;
    const occupied = this.cy.nodes().map((n) => ({ ...n.position() }));
    if (parent?.nonempty()) return placeAround(parent.position(), nodes.length, occupied);
    if (!this.cy.nodes().length) {
      return nodes.length === 1 ? [{ x: 0, y: 0 }] : gridPositions({ x: 0, y: 0 }, nodes.length);
    }
    const bb = this.cy.nodes().boundingBox({});
    if (nodes.length === 1) {
      // One new node: beside the view's centre if free, else beside the drawing.
      const ext = this.cy.extent();
      const centre = { x: (ext.x1 + ext.x2) / 2, y: (ext.y1 + ext.y2) / 2 };
      return placeAround(centre, 1, occupied, 80);
    }
    return gridPositions({ x: bb.x2 + 160, y: bb.y1 }, nodes.length);
  }

  /** Nudges new nodes off the drawn ones and each other; what is drawn stays where it is. */
  private separateNew(nodes: GraphNode[], placed: Point[]): Point[] {
    if (!nodes.length) return placed;
    const drawn: SizedNode[] = this.cy
      .nodes()
      .filter((n) => !n.hasClass('hidden'))
      .nodes()
      .map((n) => ({ id: n.id(), ...n.position(), w: nodeDiameter(n), h: nodeDiameter(n), fixed: true }));
    const fresh: SizedNode[] = nodes.map((n, i) => {
      const size = Number(nodeElement(n, this.model).data.size) || 30;
      return { id: `\u0000new${i}`, ...placed[i]!, w: size, h: size };
    });
    const out = separateNodes([...drawn, ...fresh]);
    return fresh.map((f) => out[f.id]!);
  }

  /** The positions `after`, nudged so that no two visible nodes overlap (pinned ones stay). */
  private separated(visible: cytoscape.NodeCollection, after: Positions): Positions {
    const nodes: SizedNode[] = visible.map((n) => ({
      id: n.id(),
      ...(after[n.id()] ?? n.position()),
      w: nodeDiameter(n),
      h: nodeDiameter(n),
      fixed: n.locked(),
    }));
    return { ...after, ...separateNodes(nodes) };
  }

  private setLabelScale(scale: number): void {
    if (scale === this.labelScale) return;
    this.labelScale = scale;
    this.restyle();
  }

  /** Removes nodes (and their links); undo puts them back where they were, with their state. */
  removeCommand(ids: string[]): Command {
    const nodes = this.collection(ids);
    const saved = nodes.union(nodes.connectedEdges()).jsons() as unknown as cytoscape.ElementDefinition[];
    return {
      label: `remove ${describeCount(ids.length, 'node')}`,
      apply: () => {
        this.cy.remove(this.collection(ids));
        this.afterChange();
      },
      revert: () => {
        this.cy.add(saved.filter((e) => !this.has(e.data.id as string)));
        this.afterChange();
      },
    };
  }

  /** Hides or shows nodes (a hidden node keeps its place and comes back there). */
  hideCommand(ids: string[], hide: boolean): Command {
    const was = ids.filter((id) => this.cy.getElementById(id).hasClass('hidden'));
    return {
      label: `${hide ? 'hide' : 'show'} ${describeCount(ids.length, 'node')}`,
      apply: () => {
        this.collection(ids)[hide ? 'addClass' : 'removeClass']('hidden');
        this.scheduleLabels();
      },
      revert: () => {
        const all = this.collection(ids);
        all.removeClass('hidden');
        this.collection(was).addClass('hidden');
        this.scheduleLabels();
      },
    };
  }

  /** Shows every hidden node again. */
  showAllCommand(): Command | null {
    const ids = this.cy.nodes('.hidden').map((n) => n.id());
    return ids.length ? this.hideCommand(ids, false) : null;
  }

  /** Pins (locks) or unpins nodes: pinned nodes keep their place through layouts. */
  pinCommand(ids: string[], pin: boolean): Command {
    const was = ids.filter((id) => this.cy.getElementById(id).locked());
    const set = (list: string[], on: boolean) =>
      this.collection(list).forEach((n) => {
        if (on) n.lock().addClass('pinned');
        else n.unlock().removeClass('pinned');
      });
    return {
      label: `${pin ? 'pin' : 'unpin'} ${describeCount(ids.length, 'node')}`,
      apply: () => set(ids, pin),
      revert: () => {
        set(ids, false);
        set(was, true);
      },
    };
  }

  /** Moves nodes from `before` to `after` positions (layouts and drags). */
  positionsCommand(
    label: string,
    before: Positions,
    after: Positions,
    fit: boolean,
    layout?: LayoutName,
  ): Command {
    const previousLayout = this.layoutName;
    return {
      label,
      apply: () => {
        this.moveTo(after, fit);
        if (layout) this.layoutName = layout;
      },
      revert: () => {
        this.moveTo(before, fit);
        if (layout) this.layoutName = previousLayout;
      },
    };
  }

  private moveTo(positions: Positions, fit: boolean): void {
    const nodes = this.cy
      .nodes()
      .filter((n) => n.id() in positions)
      .nodes();
    // Pinned nodes refuse new positions; an undo must still be able to move them back.
    const locked = nodes.filter((n) => n.locked());
    locked.unlock();
    const animate = this.cy.nodes().length < ANIMATE_BELOW_NODES;
    const layout = nodes.layout({
      name: 'preset',
      positions: (n: cytoscape.NodeSingular) => positions[n.id()] ?? n.position(),
      animate,
      animationDuration: 350,
      fit,
      padding: 40,
    } as cytoscape.LayoutOptions);
    layout.one('layoutstop', () => locked.lock());
    layout.run();
  }

  /**
   * Computes a layout of the visible graph and returns the command that moves
   * there (the caller runs it through the history). Pinned nodes stay.
   * Breadth-first uses the selected nodes as roots when there are any.
   */
  async layoutCommand(name: Exclude<LayoutName, 'preset'>): Promise<Command | null> {
    const visible = this.cy
      .nodes()
      .filter((n) => n.visible())
      .nodes();
    if (!visible.length) return null;
    const before = positionsOf(this.cy.nodes());
    let after: Positions;
    // Layouts space nodes by their label boxes as drawn at zoom 1, whatever the zoom now.
    this.setLabelScale(1);
    // Whatever happens next (a failed layout included), the labels go back to the view's scale.
    this.scheduleLabels();
    if (name === 'fcose') {
      after = await this.fcosePositions(visible);
    } else {
      const eles = visible.union(visible.edgesWith(visible).filter((e) => e.visible()));
      const roots = this.cy.nodes(':selected').filter((n) => n.visible());
      const options: Record<string, unknown> = {
        name,
        animate: false,
        fit: false,
        padding: 40,
        nodeDimensionsIncludeLabels: true,
      };
      if (name === 'concentric') {
        const byImportance = visible
          .sort(
            (a, b) =>
              nodeDegree(b) - nodeDegree(a) || String(a.data('label')).localeCompare(String(b.data('label'))),
          )
          .map((n) => n.id());
        const rings = concentricRings(byImportance);
        Object.assign(options, {
          concentric: (n: cytoscape.NodeSingular) => -(rings.get(n.id()) ?? 0),
          levelWidth: () => 1,
          minNodeSpacing: 24,
          avoidOverlap: true,
        });
      } else if (name === 'breadthfirst') {
        Object.assign(options, {
          directed: true,
          spacingFactor: 1.1,
          avoidOverlap: true,
          ...(roots.length ? { roots } : {}),
        });
      } else if (name === 'grid') {
        Object.assign(options, {
          avoidOverlap: true,
          avoidOverlapPadding: 30,
          sort: (a: cytoscape.NodeSingular, b: cytoscape.NodeSingular) =>
            String(a.data('type')).localeCompare(String(b.data('type'))) ||
            String(a.data('label')).localeCompare(String(b.data('label'))),
        });
      }
      this.cy.startBatch();
      eles.layout(options as unknown as cytoscape.LayoutOptions).run();
      after = positionsOf(visible);
      // Put them back: the command animates from here to there.
      this.cy.nodes().forEach((n) => {
        if (!n.locked()) n.position(before[n.id()]!);
      });
      this.cy.endBatch();
      if (name === 'breadthfirst') {
        after = {
          ...after,
          ...spreadRows(
            visible.map((n) => {
              const bb = n.boundingBox({ includeLabels: true, includeOverlays: false });
              return { id: n.id(), ...after[n.id()]!, w: bb.w, h: bb.h };
            }),
          ),
        };
      }
    }
    after = this.separated(visible, after);
    return this.positionsCommand(`layout ${name}`, before, after, true, name);
  }

  private async fcosePositions(visible: cytoscape.NodeCollection): Promise<Positions> {
    const req: LayoutRequest = {
      requestId: ++this.seq,
      nodes: visible.map((n) => {
        const withLabel = n.boundingBox({ includeLabels: true, includeOverlays: false });
        return {
          id: n.id(),
          ...n.position(),
          size: Number(n.data('size')) || 30,
          width: Math.round(withLabel.w),
          height: Math.round(withLabel.h),
          fixed: n.locked(),
        };
      }),
      edges: visible
        .edgesWith(visible)
        .filter((e) => e.visible())
        .edges()
        .map((e) => ({ id: e.id(), source: e.source().id(), target: e.target().id() })),
    };
    const worker = this.layoutWorker();
    if (worker) {
      try {
        const res = await new Promise<LayoutResponse>((resolve, reject) => {
          this.pending.set(req.requestId, resolve);
          worker.postMessage(req);
          setTimeout(() => reject(new Error('The layout took too long')), 120_000);
        });
        if ('positions' in res) return res.positions;
        throw new Error(res.error);
      } finally {
        this.pending.delete(req.requestId);
      }
    }
    const { computeFcose } = await import('./layout-compute.js');
    return computeFcose(req);
  }

  private layoutWorker(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    try {
      this.worker = new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (e: MessageEvent<LayoutResponse>) =>
        this.pending.get(e.data.requestId)?.(e.data);
      this.worker.onerror = () => {
        // A broken worker: answer everything pending with an error and fall back from now on.
        this.pending.forEach((resolve, requestId) =>
          resolve({ requestId, error: 'The layout worker failed' }),
        );
        this.worker = null;
      };
    } catch {
      this.worker = null;
    }
    return this.worker;
  }

  // ---------------------------------------------------------------- view state

  /** Applies filters: elements that fail get the `filtered` class (display: none). */
  applyFilters(filters: WorkspaceFilters): void {
    this.filters = filters;
    const nodes = this.cy.nodes().map((n) => ({ id: n.id(), type: String(n.data('type')) }));
    const edges = this.cy.edges().map((e) => e.data() as GraphEdge);
    const shown = visibleIds(nodes, edges, filters);
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        n.toggleClass('filtered', !shown.nodes.has(n.id()));
      });
      this.cy.edges().forEach((e) => {
        e.toggleClass('filtered', !shown.edges.has(e.id()));
      });
    });
    this.scheduleLabels();
  }

  /**
   * Marks what an ablation takes away (`ablation.ts`): facts resting only on the ablated sources
   * and entities left with no other fact get the `ablated` class (faint and dashed); an empty set
   * clears it. Returns how many facts and entities it marked.
   */
  applyAblation(ablated: ReadonlySet<string>): { facts: number; nodes: number } {
    const nodes = this.cy.nodes().map((n) => ({ id: n.id() }));
    const edges = this.cy.edges().map((e) => e.data() as GraphEdge);
    const effect = ablationEffect(nodes, edges, ablated);
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        n.toggleClass('ablated', effect.nodes.has(n.id()));
      });
      this.cy.edges().forEach((e) => {
        e.toggleClass('ablated', effect.facts.has(e.id()));
      });
    });
    return { facts: effect.facts.size, nodes: effect.nodes.size };
  }

  /** Emphasises a set of nodes and edges (a path), fading the rest. */
  highlight(nodeIds: string[], edgeIds: string[], ends: string[] = []): void {
    this.clearHighlight();
    const on = this.collection([...nodeIds, ...edgeIds]);
    this.cy.batch(() => {
      this.cy.elements().not(on).addClass('faded');
      on.addClass('path');
      this.collection(ends).addClass('path-end');
    });
    this.scheduleLabels();
  }

  clearHighlight(): void {
    this.cy.elements().removeClass('faded path path-end');
    this.scheduleLabels();
  }

  /** Marks one node as a path end while the user picks the other. */
  markPathEnd(id: string | null): void {
    this.cy.nodes().removeClass('path-end');
    if (id) this.cy.getElementById(id).addClass('path-end');
  }

  selectOnly(ids: string[]): void {
    this.cy.batch(() => {
      this.cy.elements(':selected').unselect();
      this.collection(ids).select();
    });
  }

  selectNeighbours(ids: string[]): void {
    this.collection(ids)
      .closedNeighborhood()
      .nodes()
      .filter((n) => n.visible())
      .select();
  }

  fit(ids?: string[]): void {
    const eles = ids?.length ? this.collection(ids) : this.cy.elements(':visible');
    if (!eles.length) return;
    const animate = this.cy.nodes().length < ANIMATE_BELOW_NODES;
    // Fit, but never zoom in past 1.2: a lone entity should not fill the screen.
    const bb = eles.boundingBox({});
    const zoom = Math.min(
      1.2,
      Math.max(
        0.05,
        Math.min((this.cy.width() - 120) / Math.max(1, bb.w), (this.cy.height() - 120) / Math.max(1, bb.h)),
      ),
    );
    const pan = {
      x: this.cy.width() / 2 - zoom * (bb.x1 + bb.w / 2),
      y: this.cy.height() / 2 - zoom * (bb.y1 + bb.h / 2),
    };
    if (animate) this.cy.animate({ zoom, pan }, { duration: 300 });
    else this.cy.viewport({ zoom, pan });
  }

  /** Brings nodes into view (all visible ones) when any of them is outside it. */
  reveal(ids: string[]): void {
    const ext = this.cy.extent();
    const outside = this.collection(ids)
      .nodes()
      .filter((n) => {
        const p = n.position();
        return p.x < ext.x1 || p.x > ext.x2 || p.y < ext.y1 || p.y > ext.y2;
      })
      .nonempty();
    if (outside) this.fit();
  }

  /** Centres the view on a node without changing the zoom much. */
  focus(id: string): void {
    const n = this.cy.getElementById(id);
    if (n.empty()) return;
    this.cy.animate({ center: { eles: n }, zoom: Math.max(this.cy.zoom(), 1), duration: 250 });
  }

  /** Replaces everything with a saved state and its graph (not undoable: it starts a new session). */
  restore(state: WorkspaceState, payload: GraphPayload): string[] {
    const byId = new Map(state.nodes.map((n) => [n.id, n]));
    const edgeIds = state.edges ? new Set(state.edges) : null;
    const nodes = payload.nodes.filter((n) => byId.has(n.id));
    const ids = new Set(nodes.map((n) => n.id));
    const elements: cytoscape.ElementDefinition[] = [
      ...nodes.map((n) => {
        const s = byId.get(n.id)!;
        const el = nodeElement(n, this.model);
        const classes = [s.hidden ? 'hidden' : '', s.pinned ? 'pinned' : ''].filter(Boolean).join(' ');
        return { ...el, position: { x: s.x, y: s.y }, classes, locked: Boolean(s.pinned) };
      }),
      ...payload.edges
        .filter((e) => ids.has(e.source) && ids.has(e.target) && (!edgeIds || edgeIds.has(e.id)))
        .map(edgeElement),
    ];
    this.cy.elements().remove();
    this.cy.add(elements);
    this.layoutName = (state.layout as LayoutName) || 'preset';
    this.afterChange();
    this.applyFilters(state.filters);
    this.fit();
    return state.nodes.filter((n) => !ids.has(n.id)).map((n) => n.id);
  }

  clear(): Command {
    const saved = this.cy.elements().jsons() as unknown as cytoscape.ElementDefinition[];
    return {
      label: 'clear the canvas',
      apply: () => {
        this.cy.elements().remove();
        this.afterChange();
      },
      revert: () => {
        this.cy.add(saved);
        this.afterChange();
      },
    };
  }

  /** The state a workspace or a link saves: stable ids, positions, flags, filters, layout. */
  workspaceState(filters: WorkspaceFilters): WorkspaceState {
    const nodes: WorkspaceNodeState[] = this.cy.nodes().map((n) => {
      const p = n.position();
      const s: WorkspaceNodeState = { id: n.id(), x: Math.round(p.x), y: Math.round(p.y) };
      if (n.locked()) s.pinned = true;
      if (n.hasClass('hidden')) s.hidden = true;
      return s;
    });
    return { nodes, edges: this.cy.edges().map((e) => e.id()), filters, layout: this.layoutName };
  }

  /** The graph drawn, back in the contract's shape (for the JSON export). */
  graphPayload(onlyVisible = false): GraphPayload {
    const nodes = this.cy.nodes().filter((n) => !onlyVisible || n.visible());
    const edges = this.cy.edges().filter((e) => !onlyVisible || e.visible());
    return {
      nodes: nodes.map((n) => {
        const d = n.data() as GraphNode & { size?: number; known?: boolean };
        const node: GraphNode = {
          id: d.id,
          labels: d.labels,
          type: d.type,
          label: d.label,
          properties: d.properties,
        };
        if (d.degree !== undefined) node.degree = d.degree;
        return node;
      }),
      edges: edges.map((e) => {
        const { label: _label, ...edge } = e.data() as GraphEdge & { label: string };
        return edge;
      }),
    };
  }

  /** What the SVG writer needs: visible elements with resolved positions and styles. */
  svgSnapshot(): SvgSnapshot {
    const px = (v: string) => parseFloat(v) || 0;
    return {
      background: '#ffffff',
      nodes: this.cy
        .nodes()
        .filter((n) => n.visible())
        .nodes()
        .map((n) => ({
          x: n.position().x,
          y: n.position().y,
          width: n.width(),
          height: n.height(),
          shape: String(n.style('shape')),
          fill: String(n.style('background-color')),
          stroke: String(n.style('border-color')),
          strokeWidth: px(n.style('border-width') as string),
          label: String(n.data('label') ?? ''),
          opacity: Number(n.effectiveOpacity()),
          priority: nodePriority(n),
        })),
      edges: this.cy
        .edges()
        .filter((e) => e.visible())
        .edges()
        .map((e) => {
          const s = e.sourceEndpoint();
          const t = e.targetEndpoint();
          return {
            x1: s.x,
            y1: s.y,
            x2: t.x,
            y2: t.y,
            color: String(e.style('line-color')),
            width: px(e.style('width') as string),
            dashed: e.style('line-style') !== 'solid',
            label: this.large ? '' : String(e.data('label') ?? ''),
            opacity: Number(e.effectiveOpacity()),
          };
        }),
    };
  }

  /**
   * What the GraphML and GEXF writers need: the visible graph with each node's type, properties,
   * drawn colour, position and size, and each link's provenance (a query result drawn here too).
   */
  graphSnapshot(): GraphSnapshot {
    const nodes = this.cy
      .nodes()
      .filter((n) => n.visible())
      .nodes();
    const edges = this.cy
      .edges()
      .filter((e) => e.visible())
      .edges();
    return {
      nodes: nodes.map((n) => {
        const d = n.data() as GraphNode;
        return {
          key: d.id,
          type: d.type,
          label: d.label,
          colour: String(n.style('background-color')),
          x: n.position().x,
          y: n.position().y,
          size: n.width(),
          properties: d.properties ?? {},
        };
      }),
      // Field by field: edge data also holds drawing state (labels, bundles) that is no fact's.
      edges: edges.map((e) => {
        const d = e.data() as GraphEdge;
        const { status, confidence, claim, sources, validFrom, validTo, date } = d;
        const fact = { status, confidence, claim, sources, validFrom, validTo, date };
        return {
          key: d.id,
          type: d.type,
          source: d.source,
          target: d.target,
          ...fact,
          properties: d.properties ?? {},
        };
      }),
    };
  }

  // ---------------------------------------------------------------- internals

  private collection(ids: string[]): cytoscape.CollectionReturnValue {
    const out = this.cy.collection();
    for (const id of ids) out.merge(this.cy.getElementById(id));
    return out;
  }

  /** Keeps filters, badges and the performance mode in step after elements come or go. */
  private afterChange(): void {
    this.applyFilters(this.filters);
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        const degree = n.data('degree') as number | undefined;
        n.toggleClass('has-more', degree !== undefined && n.connectedEdges().length < degree);
      });
    });
    this.updatePerformanceMode();
  }

  private updatePerformanceMode(count = this.cy.elements().length): void {
    const large = count > LARGE_VIEW_ELEMENTS;
    const haystack = count > HAYSTACK_ABOVE_ELEMENTS;
    if (large === this.large && haystack === this.haystack) return;
    this.large = large;
    this.haystack = haystack;
    // These renderer options are read on every frame, so flipping them on the live renderer is safe.
    const r = (this.cy as unknown as { renderer(): Record<string, unknown> }).renderer();
    // Edges stay drawn while the view moves: hiding them makes Cytoscape draw every node on its
    // own instead of from its layer textures, which took zoom on 5,000 nodes from 56 to 9 fps.
    r.hideEdgesOnViewport = false;
    r.textureOnViewport = large;
    r.forcedPixelRatio = large ? 1 : null;
    this.restyle();
  }

  destroy(): void {
    clearTimeout(this.labelTimer);
    this.worker?.terminate();
    this.cy.destroy();
  }

  // ---------------------------------------------------------------- style rules (issue 16)

  /** Entries of the style rules, laid over the model's stylesheet by every restyle. */
  private ruleEntries: cytoscape.StylesheetJson = [];

  /** Sets the style rules' entries (panels/style-rules-panel.ts) and restyles when they changed. */
  setRuleStyles(entries: cytoscape.StylesheetJson): void {
    if (JSON.stringify(entries) === JSON.stringify(this.ruleEntries)) return;
    this.ruleEntries = entries;
    this.restyle();
    // Sizes may have changed, and with them which labels fit.
    this.scheduleLabels();
  }
}

/**
 * Label text scale for a zoom: labels keep their screen size from a
 * seventh of full size upwards (so zooming in makes room for more of them),
 * and shrink with the view below that until they fall under the readable
 * size and stop being drawn. Quantised (quarter steps of a doubling, whole
 * doublings on large views, where a restyle costs most) so that a zoom
 * gesture restyles a few times at most, not on every frame.
 */
export function labelScaleFor(zoom: number, stepsPerDoubling = 4): number {
  const stepped = 2 ** (Math.round(Math.log2(Math.max(zoom, 1e-3)) * stepsPerDoubling) / stepsPerDoubling);
  return Math.round((1 / Math.max(stepped, 0.15)) * 1000) / 1000;
}

/** Selected first, then what lies on a path, pinned nodes, then the best-connected. */
/** Links in the database when known, else links drawn. */
function nodeDegree(n: cytoscape.NodeSingular): number {
  return Number(n.data('degree') ?? n.degree(false)) || 0;
}

function nodePriority(n: cytoscape.NodeSingular): number {
  const degree = nodeDegree(n);
  return (
    (n.selected() ? 1e7 : 0) +
    (n.hasClass('path') || n.hasClass('path-end') ? 1e6 : 0) +
    (n.locked() ? 1e5 : 0) +
    (n.data('known') ? 0.5 : 0) +
    Math.min(degree, 99_999)
  );
}

/** Link labels come after every node label unless selected or on a path. */
function edgePriority(e: cytoscape.EdgeSingular): number {
  return (e.selected() ? 1e7 : 0) + (e.hasClass('path') ? 1e6 : 0) - 1;
}

/** The box of an element's label alone, in model coordinates. */
function labelBox(el: cytoscape.NodeSingular | cytoscape.EdgeSingular): Box {
  const bb = el.boundingBox({
    includeNodes: false,
    includeEdges: false,
    includeLabels: true,
    includeOverlays: false,
  } as cytoscape.BoundingBoxOptions);
  return { x1: bb.x1, y1: bb.y1, x2: bb.x2, y2: bb.y2 };
}

function nodeDiameter(n: cytoscape.NodeSingular): number {
  return Math.max(n.width(), n.height()) + 4;
}

function positionsOf(nodes: cytoscape.NodeCollection): Positions {
  const out: Positions = {};
  nodes.forEach((n) => {
    const p = n.position();
    out[n.id()] = { x: p.x, y: p.y };
  });
  return out;
}

function describeCount(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
