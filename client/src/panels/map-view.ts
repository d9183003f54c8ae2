/**
 * The map view (a drawer): the entities on the canvas placed at their countries and places
 * (rule in geo-placement.ts) over offline country shapes, with their links between placed ends.
 * It follows the canvas while open (elements coming and going, filters), and selection goes both
 * ways: choosing a marker selects the entity on the canvas; selecting on the canvas rings its
 * marker. Loaded with `import()` on first open, so the atlas stays out of the main bundle.
 */
import { geoBounds, geoEqualEarth, geoPath, type GeoProjection } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Topology } from 'topojson-specification';
import atlas from 'world-atlas/countries-50m.json';
import { h, replace } from '../dom.js';
import type { Explorer } from '../explorer.js';
import { centroidsById, countryFeatures, mainPolygon } from '../geo-atlas.js';
import {
  COUNTRY,
  PLACE,
  placeEntities,
  placeLabels,
  placementText,
  ringOffset,
  type GeoEdge,
  type GeoNode,
  type Placement,
} from '../geo-placement.js';
import { typeStyle } from '../model-style.js';
import { darken } from '../colour.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Screen radius of a marker; places (the centre of a ring) are drawn a little larger. */
const RADIUS = 6;
const PLACE_RADIUS = 7.5;
/** Pixels kept free around the fitted entities, so rings and labels at the edge stay visible. */
const MARGIN_X = 56;
const MARGIN_Y = 34;
/** The fitted view never shows less than this many degrees across: one small country is not a blur. */
const MIN_SPAN_DEG = 24;

export interface MapView {
  /** Call when the drawer opens or closes: the map only follows the canvas while open. */
  setOpen(open: boolean): void;
}

const features = countryFeatures(atlas as unknown as Topology);
const centroids = centroidsById(features);
const featureById = new Map(features.map((f) => [f.id, f]));

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Builds the map into `root` (the drawer's body). */
export function createMapView(root: HTMLElement, explorer: Explorer): MapView {
  const cy = explorer.canvas.cy;
  let open = false;
  let dirty = true;
  /** The entity last chosen through the explorer (details, search...), ringed with the canvas selection. */
  let chosen: string | null = null;

  const stage = h('div', { class: 'map-stage' });
  const legend = h('p', { class: 'map-legend', role: 'status', id: 'map-legend' });
  const unplacedList = h('details', { class: 'map-unplaced', hidden: true });
  replace(root, h('div', { class: 'map-bar' }, legend, unplacedList), stage);

  const visibleNodes = () => cy.nodes().filter((n) => !n.hasClass('hidden') && !n.hasClass('filtered'));

  function read(): { nodes: GeoNode[]; edges: GeoEdge[] } {
    const shown = visibleNodes();
    const ids = new Set(shown.map((n) => n.id()));
    const nodes = shown.map((n) => {
      const d = n.data() as GeoNode;
      return { id: d.id, label: d.label, type: d.type, properties: d.properties ?? {} };
    });
    const edges = cy
      .edges()
      .filter((e) => !e.hasClass('filtered') && ids.has(e.source().id()) && ids.has(e.target().id()))
      .map((e) => {
        const d = e.data() as GeoEdge;
        return { id: d.id, type: d.type, source: d.source, target: d.target };
      });
    return { nodes, edges };
  }

  /** A projection turned so the entities' side of the globe is in the middle, fitted to them. */
  function projectionFor(placed: Placement[], width: number, height: number): GeoProjection {
    const shapes: Feature<Geometry>[] = [];
    for (const p of placed) {
      shapes.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p.at } });
      const country = p.countryId ? featureById.get(p.countryId) : undefined;
      if (country) shapes.push({ type: 'Feature', properties: {}, geometry: mainPolygon(country) });
    }
    const projection = geoEqualEarth();
    const extent: [[number, number], [number, number]] = [
      [MARGIN_X, MARGIN_Y],
      [Math.max(MARGIN_X + 1, width - MARGIN_X), Math.max(MARGIN_Y + 1, height - MARGIN_Y)],
    ];
    if (!shapes.length) return projection.fitExtent(extent, { type: 'Sphere' });
    const collection: FeatureCollection = { type: 'FeatureCollection', features: shapes };
    const [[west, south], [east, north]] = geoBounds(collection);
    // geoBounds gives the smallest box, across the antimeridian when that is smaller (west > east).
    const span = (east - west + 360) % 360 || (west === east ? 0 : 360);
    const centreLon = west + span / 2;
    projection.rotate([-centreLon, 0]);
    // Pad a small box out to MIN_SPAN_DEG around its centre so a lone country keeps its neighbours.
    const centreLat = (south + north) / 2;
    const half = MIN_SPAN_DEG / 2;
    const padLat = Math.max(0, half - (north - south) / 2);
    const padLon = Math.max(0, half - span / 2);
    for (const [lon, lat] of [
      [centreLon - span / 2 - padLon, centreLat - (north - south) / 2 - padLat],
      [centreLon + span / 2 + padLon, centreLat + (north - south) / 2 + padLat],
    ] as const) {
      shapes.push({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Point', coordinates: [lon, Math.max(-85, Math.min(85, lat))] },
      });
    }
    return projection.fitExtent(extent, collection);
  }

  /** What the map was last drawn from: the ids shown on the canvas. */
  let drawnKey = '';
  const shownKey = () =>
    visibleNodes()
      .map((n) => n.id())
      .join('\n');

  function draw(): void {
    dirty = false;
    drawnKey = shownKey();
    const focused = stage.contains(document.activeElement)
      ? (document.activeElement as SVGElement | null)?.dataset['id']
      : undefined;
    const { nodes, edges } = read();
    const { placed, unplaced } = placeEntities(nodes, edges, explorer.model, (id) => centroids.get(id));
    const box = stage.getBoundingClientRect();
    const width = Math.max(320, Math.round(box.width));
    const height = Math.max(200, Math.round(box.height));
    const projection = projectionFor(placed, width, height);
    const path = geoPath(projection);

    // Screen positions: the place's point projected, then the ring offset in pixels.
    const pos = new Map<string, { x: number; y: number; p: Placement }>();
    for (const p of placed) {
      const xy = projection(p.at);
      if (!xy) continue;
      const { dx, dy } = ringOffset(p.slot, p.ring, 18);
      pos.set(p.id, { x: xy[0] + dx, y: xy[1] + dy, p });
    }

    const root = svg('svg', {
      class: 'map-svg',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'group',
      'aria-label': `Map: ${plural(pos.size, 'entity', 'entities')} at their countries and places`,
    });
    root.appendChild(svg('rect', { class: 'map-sea', x: 0, y: 0, width, height, 'aria-hidden': 'true' }));
    const land = svg('g', { class: 'map-land', 'aria-hidden': 'true' });
    const holding = new Set(placed.map((p) => p.countryId ?? countryOfPlace(p, placed)).filter(Boolean));
    for (const f of features) {
      const d = path(f);
      if (!d) continue;
      const shape = svg('path', { d, 'data-country': f.id, class: holding.has(f.id) ? 'held' : '' });
      land.appendChild(shape);
    }
    root.appendChild(land);

    const links = svg('g', { class: 'map-links', 'aria-hidden': 'true' });
    for (const e of edges) {
      const a = pos.get(e.source);
      const b = pos.get(e.target);
      if (!a || !b || (a.x === b.x && a.y === b.y)) continue;
      // A gentle arc: long links that share a corridor stay apart and read as links, not borders.
      const [mx, my] = [(a.x + b.x) / 2, (a.y + b.y) / 2];
      const [nx, ny] = [-(b.y - a.y) * 0.12, (b.x - a.x) * 0.12];
      const status = cy.getElementById(e.id).data('status') as string | undefined;
      links.appendChild(
        svg('path', {
          d: `M${a.x},${a.y} Q${mx + nx},${my + ny} ${b.x},${b.y}`,
          class: `map-link${status === 'alleged' ? ' alleged' : ''}`,
          'data-id': e.id,
        }),
      );
    }
    root.appendChild(links);

    // Places first, so the labels of the countries win the free spots.
    const order = [...pos.values()].sort(
      (a, b) => rank(a.p) - rank(b.p) || a.p.label.localeCompare(b.p.label),
    );
    const markers = svg('g', { class: 'map-markers' });
    for (const { x, y, p } of order) {
      const style = typeStyle(explorer.model, p.type);
      const centre = p.ring === 0 && (p.type === COUNTRY || p.type === PLACE);
      const g = svg('g', {
        class: 'map-marker',
        'data-id': p.id,
        'data-type': p.type,
        'data-x': x.toFixed(1),
        'data-y': y.toFixed(1),
        role: 'button',
        tabindex: 0,
        'aria-label': placementText(p),
        'aria-pressed': 'false',
        transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`,
      });
      const title = svg('title');
      title.textContent = placementText(p);
      g.appendChild(title);
      g.appendChild(svg('circle', { class: 'map-ring', r: (centre ? PLACE_RADIUS : RADIUS) + 4 }));
      g.appendChild(
        svg('circle', {
          class: 'map-dot',
          r: centre ? PLACE_RADIUS : RADIUS,
          fill: style.color,
          stroke: darken(style.color, 0.35),
        }),
      );
      markers.appendChild(g);
    }
    root.appendChild(markers);

    const labels = svg('g', { class: 'map-labels', 'aria-hidden': 'true' });
    const boxes = placeLabels(
      order.map(({ x, y, p }) => ({ id: p.id, x, y, text: p.label })),
      { charWidth: 6.6, height: 14, gap: 10, markerRadius: RADIUS + 2, bounds: { width, height } },
    );
    for (const b of boxes) {
      const text = svg('text', {
        x: b.anchor === 'start' ? b.x : b.anchor === 'end' ? b.x + b.width : b.x + b.width / 2,
        y: b.y + b.height - 3,
        'text-anchor': b.anchor,
        'data-id': b.id,
      });
      text.textContent = pos.get(b.id)!.p.label;
      labels.appendChild(text);
    }
    root.appendChild(labels);

    replace(stage, root as unknown as Node);
    // A redraw replaces the markers: the keyboard stays on the entity it was on.
    if (focused) stage.querySelector<SVGGElement>(`.map-marker[data-id="${CSS.escape(focused)}"]`)?.focus();
    legend.textContent = placed.length
      ? `${plural(placed.length, 'entity', 'entities')} on the map; ${plural(unplaced.length, 'entity has', 'entities have')} no place on the map.`
      : nodes.length
        ? `No entity on the canvas has a place on the map (${plural(unplaced.length, 'entity', 'entities')} without one).`
        : 'Nothing on the canvas yet.';
    unplacedList.hidden = unplaced.length === 0;
    replace(
      unplacedList,
      h('summary', {}, 'Without a place'),
      h(
        'ul',
        {},
        unplaced.map((n) => h('li', {}, `${n.label} (${n.type})`)),
      ),
    );
    highlight();
  }

  /** Rings the markers of what is selected on the canvas, and of the entity chosen last. */
  function highlight(): void {
    const selected = new Set(cy.nodes(':selected').map((n) => n.id()));
    if (chosen) selected.add(chosen);
    for (const g of stage.querySelectorAll<SVGGElement>('.map-marker')) {
      const on = selected.has(g.dataset['id'] ?? '');
      g.classList.toggle('selected', on);
      g.setAttribute('aria-pressed', String(on));
      // The ringed marker is drawn last, above its neighbours on a crowded ring.
      // (Not the focused one: moving an element in the DOM takes the focus off it.)
      if (on && g !== document.activeElement) g.parentNode?.appendChild(g);
    }
  }

  function choose(id: string): void {
    explorer.canvas.selectOnly([id]);
    explorer.select({ kind: 'node', id });
  }

  stage.addEventListener('click', (e) => {
    const marker = (e.target as Element).closest<SVGGElement>('.map-marker');
    if (marker?.dataset['id']) choose(marker.dataset['id']);
  });
  stage.addEventListener('keydown', (e) => {
    const marker = (e.target as Element).closest<SVGGElement>('.map-marker');
    if (!marker?.dataset['id'] || (e.key !== 'Enter' && e.key !== ' ')) return;
    e.preventDefault();
    choose(marker.dataset['id']);
  });

  // "Load all" says 'graph' once per chunk: draw once per frame at most.
  let queued = false;
  const redraw = () => {
    if (!open) {
      dirty = true;
      return;
    }
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      if (open) draw();
    });
  };
  explorer.events.on('graph', redraw);
  explorer.events.on('filters', redraw);
  explorer.events.on('select', (s) => {
    chosen = s.kind === 'node' ? s.id : null;
    if (open) highlight();
  });
  cy.on('select unselect', () => {
    if (open) highlight();
  });
  // Hiding a node is not a 'graph' event: follow the class changes too, a frame later, but only
  // when what is shown changed (selecting fades and lights nodes by class, and a redraw then would
  // take the keyboard focus off the marker just chosen).
  let pending = false;
  cy.on('class', 'node', () => {
    if (!open || pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      if (shownKey() !== drawnKey) draw();
    });
  });
  let lastSize = '';
  new ResizeObserver(() => {
    const r = stage.getBoundingClientRect();
    const size = `${Math.round(r.width)}x${Math.round(r.height)}`;
    if (size === lastSize || r.width === 0) return;
    lastSize = size;
    if (open) draw();
  }).observe(stage);

  return {
    setOpen(next: boolean) {
      open = next;
      if (open && dirty) draw();
    },
  };
}

/** Countries first, then places, then everything else. */
function rank(p: Placement): number {
  return p.type === COUNTRY ? 0 : p.type === PLACE ? 1 : 2;
}

/** A Place without coordinates tints the country it sits in (found through its ring's point). */
function countryOfPlace(p: Placement, placed: readonly Placement[]): string | undefined {
  return placed.find((q) => q.id === p.placeId)?.countryId;
}
