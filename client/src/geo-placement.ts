/**
 * Where the map view puts each entity on the canvas: pure, no DOM, no atlas (the caller hands in
 * the country centroids), unit-tested headless.
 *
 * The rule, one for all types:
 * - a Country sits at the centroid of its shape, found by `iso2` (else by its name in English);
 * - a Place sits at its own `latitude`/`longitude`, else where the Country or Place it is
 *   LOCATED_IN sits;
 * - any other entity sits at a placed Country or Place it is linked to directly, by whichever
 *   link comes first in this order: its own outgoing links before incoming ones, then links the
 *   model declares as pointing at a Country or Place (BASED_IN, HOSTED_IN...) before others, then
 *   a Place before a Country (the finer of the two), then by link type and the place's id. The
 *   other places it is linked to are listed, so the tooltip can say the choice was made.
 * Nothing is placed through a chain of other entities (a device is not put where its server is):
 * the map shows what the case says about places, not a guess. What has no place is listed.
 *
 * Several entities at one place share its point: the Country or Place itself keeps the centre and
 * the others are fanned out on a ring around it (`ringOffset`, in screen pixels, so the ring keeps
 * its size whatever the zoom).
 */
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import type { JsonValue, ModelResponse } from '../../server/contract.js';

// The browser build of i18n-iso-countries carries no names until a locale is registered.
countries.registerLocale(en);

/** The types the map is drawn from: fixed names, as in cypher/model.json. */
export const COUNTRY = 'Country';
export const PLACE = 'Place';

export interface GeoNode {
  id: string;
  label: string;
  type: string;
  properties?: Record<string, JsonValue>;
}

export interface GeoEdge {
  id: string;
  type: string;
  source: string;
  target: string;
}

/** Longitude and latitude, in degrees (d3-geo's order). */
export type LonLat = [number, number];

export interface Placement {
  id: string;
  label: string;
  type: string;
  /** The point of the place it is drawn at. */
  at: LonLat;
  /** The Country or Place it is drawn at (itself for a Country or a Place with coordinates). */
  placeId: string;
  placeLabel: string;
  /** The link that put it there (absent for a Country, or a Place at its own coordinates). */
  via?: { type: string; outgoing: boolean };
  /** Labels of the other places it is linked to, not used. */
  alsoAt: string[];
  /** Its position on the ring of its place: `slot` of `ring` (slot 0 of 0 is the centre). */
  slot: number;
  ring: number;
  /** ISO 3166-1 numeric id of the country shape to tint (Countries only). */
  countryId?: string;
}

export interface GeoLayout {
  placed: Placement[];
  /** Entities with no place, in the order given. */
  unplaced: GeoNode[];
}

/** The centroid of a country's shape by ISO 3166-1 numeric id (world-atlas ids), if it has one. */
export type CentroidOf = (numericId: string) => LonLat | undefined;

/** The ISO 3166-1 numeric id of a Country node, by `iso2` else by its name or `name` property. */
export function countryNumericId(node: GeoNode): string | undefined {
  const iso2 = node.properties?.['iso2'];
  const fromCode =
    typeof iso2 === 'string' ? countries.alpha2ToNumeric(iso2.trim().toUpperCase()) : undefined;
  if (fromCode) return fromCode;
  const name = node.properties?.['name'];
  for (const candidate of [node.label, typeof name === 'string' ? name : undefined]) {
    const alpha2 = candidate ? countries.getAlpha2Code(candidate, 'en') : undefined;
    const numeric = alpha2 ? countries.alpha2ToNumeric(alpha2) : undefined;
    if (numeric) return numeric;
  }
  return undefined;
}

function ownCoordinates(node: GeoNode): LonLat | undefined {
  const lat = node.properties?.['latitude'];
  const lon = node.properties?.['longitude'];
  if (typeof lat !== 'number' || typeof lon !== 'number') return undefined;
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return undefined;
  }
  return [lon, lat];
}

/** Relationship types the model declares as pointing at a Country or a Place. */
export function locatingTypes(model: Pick<ModelResponse, 'relationshipTypes'> | null): Set<string> {
  const out = new Set<string>();
  for (const [name, rel] of Object.entries(model?.relationshipTypes ?? {})) {
    if (rel.to.includes(COUNTRY) || rel.to.includes(PLACE)) out.add(name);
  }
  return out;
}

interface Anchor {
  at: LonLat;
  placeId: string;
  placeLabel: string;
  countryId?: string;
  via?: { type: string; outgoing: boolean };
  alsoAt: string[];
}

/** Decides each node's place (see the module comment for the rule). */
export function placeEntities(
  nodes: readonly GeoNode[],
  edges: readonly GeoEdge[],
  model: Pick<ModelResponse, 'relationshipTypes'> | null,
  centroidOf: CentroidOf,
): GeoLayout {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const locating = locatingTypes(model);
  const anchors = new Map<string, Anchor>();
  // Each node's links, once: looking them up through every edge per node is quadratic on big views.
  const incident = new Map<string, GeoEdge[]>();
  for (const e of edges) {
    for (const end of e.source === e.target ? [e.source] : [e.source, e.target]) {
      const list = incident.get(end);
      if (list) list.push(e);
      else incident.set(end, [e]);
    }
  }

  for (const n of nodes) {
    if (n.type !== COUNTRY) continue;
    const numeric = countryNumericId(n);
    const at = numeric ? centroidOf(numeric) : undefined;
    if (at && numeric)
      anchors.set(n.id, { at, placeId: n.id, placeLabel: n.label, countryId: numeric, alsoAt: [] });
  }

  /** The links of `id` to nodes satisfying `ok`, best first. */
  const linksTo = (id: string, ok: (other: GeoNode) => boolean) => {
    const found: { other: GeoNode; type: string; outgoing: boolean }[] = [];
    for (const e of incident.get(id) ?? []) {
      const outgoing = e.source === id;
      const other = byId.get(outgoing ? e.target : e.source);
      if (other && other.id !== id && ok(other)) found.push({ other, type: e.type, outgoing });
    }
    const rank = (l: (typeof found)[number]) => [
      l.outgoing ? 0 : 1,
      locating.has(l.type) ? 0 : 1,
      l.other.type === PLACE ? 0 : 1,
    ];
    return found.sort((a, b) => {
      const [ra, rb] = [rank(a), rank(b)];
      for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
      return a.type.localeCompare(b.type) || a.other.id.localeCompare(b.other.id);
    });
  };

  // Places: their own point, else their country's (or larger place's), followed with a guard
  // against LOCATED_IN cycles.
  const placeAnchor = (place: GeoNode, seen: Set<string>): Anchor | undefined => {
    const known = anchors.get(place.id);
    if (known) return known;
    const own = ownCoordinates(place);
    if (own) {
      const a: Anchor = { at: own, placeId: place.id, placeLabel: place.label, alsoAt: [] };
      anchors.set(place.id, a);
      return a;
    }
    if (seen.has(place.id)) return undefined;
    seen.add(place.id);
    const within = linksTo(place.id, (o) => o.type === COUNTRY || o.type === PLACE).filter(
      (l) => l.type === 'LOCATED_IN' && l.outgoing,
    );
    for (const l of within) {
      const outer = l.other.type === COUNTRY ? anchors.get(l.other.id) : placeAnchor(l.other, seen);
      if (outer) {
        const a: Anchor = {
          at: outer.at,
          placeId: outer.placeId,
          placeLabel: outer.placeLabel,
          via: { type: l.type, outgoing: true },
          alsoAt: [],
        };
        anchors.set(place.id, a);
        return a;
      }
    }
    return undefined;
  };
  for (const n of nodes) if (n.type === PLACE) placeAnchor(n, new Set());

  for (const n of nodes) {
    if (n.type === COUNTRY || n.type === PLACE) continue;
    const links = linksTo(n.id, (o) => (o.type === COUNTRY || o.type === PLACE) && anchors.has(o.id));
    const first = links[0];
    if (!first) continue;
    const a = anchors.get(first.other.id)!;
    const alsoAt = [...new Set(links.slice(1).map((l) => l.other.label))].filter(
      (label) => label !== first.other.label,
    );
    anchors.set(n.id, {
      at: a.at,
      // The entity hangs on the Country/Place it links to, even when that place hangs on another.
      placeId: first.other.id,
      placeLabel: first.other.label,
      via: { type: first.type, outgoing: first.outgoing },
      alsoAt,
    });
  }

  // Rings: each place keeps the centre; what hangs on it goes round it, in the nodes' order.
  const around = new Map<string, string[]>();
  for (const n of nodes) {
    const a = anchors.get(n.id);
    if (!a) continue;
    // A Country, or a Place at its own coordinates, is the centre of its point.
    if (a.placeId === n.id) continue;
    const key = ringKey(a);
    around.set(key, [...(around.get(key) ?? []), n.id]);
  }

  const placed: Placement[] = [];
  const unplaced: GeoNode[] = [];
  for (const n of nodes) {
    const a = anchors.get(n.id);
    if (!a) {
      unplaced.push(n);
      continue;
    }
    const ring = around.get(ringKey(a)) ?? [];
    const slot = ring.indexOf(n.id);
    const p: Placement = {
      id: n.id,
      label: n.label,
      type: n.type,
      at: a.at,
      placeId: a.placeId,
      placeLabel: a.placeLabel,
      alsoAt: a.alsoAt,
      slot: slot < 0 ? 0 : slot,
      ring: slot < 0 ? 0 : ring.length,
    };
    if (a.via) p.via = a.via;
    if (a.countryId && a.placeId === n.id) p.countryId = a.countryId;
    placed.push(p);
  }
  return { placed, unplaced };
}

/** Entities sharing one point share one ring, whichever place put them there. */
function ringKey(a: Anchor): string {
  return `${a.at[0].toFixed(4)},${a.at[1].toFixed(4)}`;
}

/** Screen offset, in pixels, of slot `slot` on a ring of `ring` markers of about `spacing` apart. */
export function ringOffset(slot: number, ring: number, spacing = 18): { dx: number; dy: number } {
  if (ring <= 0) return { dx: 0, dy: 0 };
  // Far enough from the centre, and neighbours a chord of `spacing` apart: 2R·sin(π/n) ≥ spacing.
  const radius = ring < 2 ? spacing : Math.max(spacing, spacing / (2 * Math.sin(Math.PI / ring)));
  // Start at the top and go clockwise, so one companion sits straight above its place.
  const angle = -Math.PI / 2 + (2 * Math.PI * slot) / ring;
  return { dx: radius * Math.cos(angle), dy: radius * Math.sin(angle) };
}

/** How a placement reads in a tooltip: "Server X, hosted in Panama (also linked to Canada)". */
export function placementText(p: Placement): string {
  const how = p.via
    ? `${p.via.type.replace(/_/g, ' ').toLowerCase()}${p.via.outgoing ? '' : ' (link to it)'} ${p.placeLabel}`
    : p.placeId === p.id
      ? 'at its own place'
      : `at ${p.placeLabel}`;
  const also = p.alsoAt.length
    ? `; also linked to ${p.alsoAt.join(', ')}, placed at the first by link order`
    : '';
  return `${p.label} (${p.type}): ${how}${also}`;
}

export interface LabelBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Where the text starts relative to the marker: used to set text-anchor. */
  anchor: 'start' | 'end' | 'middle';
}

/**
 * Greedy label placement: markers in order (most important first), each label tried right, left,
 * above and below its marker, kept at the first spot inside the drawing that overlaps no label and
 * no other marker;
 * a label with no free spot is left out (its marker keeps the name as tooltip and accessible name).
 */
export function placeLabels(
  markers: readonly { id: string; x: number; y: number; text: string }[],
  opts: {
    charWidth?: number;
    height?: number;
    gap?: number;
    markerRadius?: number;
    /** The drawing's size: a label that would be cut by its edge is placed elsewhere. */
    bounds?: { width: number; height: number };
  } = {},
): LabelBox[] {
  const charWidth = opts.charWidth ?? 6.4;
  const height = opts.height ?? 13;
  const gap = opts.gap ?? 8;
  const r = opts.markerRadius ?? 6;
  const taken: { x: number; y: number; width: number; height: number }[] = markers.map((m) => ({
    x: m.x - r,
    y: m.y - r,
    width: 2 * r,
    height: 2 * r,
  }));
  const out: LabelBox[] = [];
  markers.forEach((m, i) => {
    const width = Math.ceil(m.text.length * charWidth);
    const candidates: LabelBox[] = [
      { id: m.id, x: m.x + gap, y: m.y - height / 2, width, height, anchor: 'start' },
      { id: m.id, x: m.x - gap - width, y: m.y - height / 2, width, height, anchor: 'end' },
      { id: m.id, x: m.x - width / 2, y: m.y - gap - height, width, height, anchor: 'middle' },
      { id: m.id, x: m.x - width / 2, y: m.y + gap, width, height, anchor: 'middle' },
    ];
    const inside = (c: LabelBox) =>
      !opts.bounds ||
      (c.x >= 0 && c.y >= 0 && c.x + c.width <= opts.bounds.width && c.y + c.height <= opts.bounds.height);
    const free = candidates.find((c) => inside(c) && taken.every((t, j) => j === i || !overlaps(c, t)));
    if (free) {
      out.push(free);
      taken.push(free);
    }
  });
  return out;
}

function overlaps(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
