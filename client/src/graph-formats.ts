/**
 * Pure writers of the graph interchange formats Gephi, yEd, Cytoscape Desktop and NetworkX read:
 * GraphML and GEXF 1.3, from a snapshot of the canvas (types, labels, colours, positions, sizes,
 * properties and the provenance of each link). Every attribute is declared before use, so a
 * reader types its columns instead of guessing; ids are the stable keys, so two exports of one
 * view compare line by line.
 */
import type { JsonValue } from '../../server/contract.js';

export interface GraphSnapshotNode {
  /** Stable key (the node's id on the canvas and in the API). */
  key: string;
  type: string;
  label: string;
  /** The fill as drawn: `#rrggbb`, `#rgb` or `rgb(r,g,b)`. */
  colour: string;
  x: number;
  y: number;
  size: number;
  properties: Record<string, JsonValue>;
}

export interface GraphSnapshotEdge {
  key: string;
  type: string;
  source: string;
  target: string;
  status?: string;
  confidence?: number;
  claim?: string;
  sources?: string[];
  validFrom?: string;
  validTo?: string;
  date?: string;
  properties: Record<string, JsonValue>;
}

export interface GraphSnapshot {
  nodes: GraphSnapshotNode[];
  edges: GraphSnapshotEdge[];
  title?: string;
}

type AttrType = 'string' | 'double';

interface Attr<T> {
  /** Column name in the reader (Gephi maps `label`, `x`, `y`, `size`, `r`, `g`, `b` to its own). */
  name: string;
  type: AttrType;
  value: (item: T) => string | number | undefined;
}

/**
 * XML 1.0 cannot carry most control characters even as references, and a lone surrogate is not
 * a character at all: both are dropped, or the file would not open anywhere.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters XML 1.0 cannot hold. */
export function stripNonXml(raw: string): string {
  return raw.replace(NOT_XML, '');
}

/**
 * Text for an attribute value or element content. Tab and line breaks become references, because
 * a parser normalises them to spaces inside attribute values and a claim's paragraphs would merge.
 */
export function xmlText(raw: string): string {
  return stripNonXml(raw)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** A property value as one text cell: lists joined with "; ", objects as JSON. */
export function propertyText(value: JsonValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => propertyText(v) ?? '').join('; ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** [r, g, b] of `#rgb`, `#rrggbb` or `rgb(r, g, b)` (what Cytoscape's style() returns); grey otherwise. */
export function rgbOf(colour: string): [number, number, number] {
  const c = colour.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c);
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((d) => d + d).join('') : hex[1]!;
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
  }
  const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/i.exec(c);
  if (rgb) return [1, 2, 3].map((i) => Math.min(255, Number(rgb[i]))) as [number, number, number];
  return [128, 128, 128];
}

const hexOf = (rgb: [number, number, number]) =>
  '#' + rgb.map((v) => v.toString(16).padStart(2, '0')).join('');

/** A finite number rounded to 0.01, or undefined (NaN and Infinity are no coordinates). */
const num = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? undefined : Math.round(v * 100) / 100;

/** Names the writer's own columns take: a property of the same name gets a `property.` prefix. */
const NODE_FIXED = ['type', 'label', 'color', 'r', 'g', 'b', 'x', 'y', 'size'];
const EDGE_FIXED = [
  'type',
  'label',
  'status',
  'confidence',
  'claim',
  'sources',
  'validFrom',
  'validTo',
  'date',
];

const FACT_FIELDS = ['claim', 'validFrom', 'validTo', 'date'] as const;

/**
 * Cytoscape's y axis points down and Gephi's up: y is negated so that the picture in Gephi is
 * the one on the canvas, not its mirror image.
 */
function nodeAttrs(snapshot: GraphSnapshot): Attr<GraphSnapshotNode>[] {
  const fixed: Attr<GraphSnapshotNode>[] = [
    { name: 'type', type: 'string', value: (n) => n.type },
    { name: 'label', type: 'string', value: (n) => n.label },
    { name: 'color', type: 'string', value: (n) => hexOf(rgbOf(n.colour)) },
    { name: 'r', type: 'double', value: (n) => rgbOf(n.colour)[0] },
    { name: 'g', type: 'double', value: (n) => rgbOf(n.colour)[1] },
    { name: 'b', type: 'double', value: (n) => rgbOf(n.colour)[2] },
    { name: 'x', type: 'double', value: (n) => num(n.x) },
    { name: 'y', type: 'double', value: (n) => num(-n.y) },
    { name: 'size', type: 'double', value: (n) => num(n.size) },
  ];
  return [...fixed, ...propertyAttrs(snapshot.nodes, NODE_FIXED)];
}

function edgeAttrs(snapshot: GraphSnapshot): Attr<GraphSnapshotEdge>[] {
  const fixed: Attr<GraphSnapshotEdge>[] = [
    { name: 'type', type: 'string', value: (e) => e.type },
    { name: 'status', type: 'string', value: (e) => e.status },
    { name: 'confidence', type: 'double', value: (e) => num(e.confidence) },
    { name: 'sources', type: 'string', value: (e) => propertyText(e.sources) },
    ...FACT_FIELDS.map((f) => ({ name: f, type: 'string' as const, value: (e: GraphSnapshotEdge) => e[f] })),
  ];
  return [...fixed, ...propertyAttrs(snapshot.edges, EDGE_FIXED)];
}

/** One string column per property key used by any item, in sorted order (stable output). */
function propertyAttrs<T extends { properties: Record<string, JsonValue> }>(
  items: readonly T[],
  reserved: readonly string[],
): Attr<T>[] {
  const keys = [...new Set(items.flatMap((i) => Object.keys(i.properties)))].sort();
  return keys.map((key) => ({
    name: reserved.includes(key) ? `property.${key}` : key,
    type: 'string',
    value: (item: T) => propertyText(item.properties[key]),
  }));
}

/** Edges whose ends are both in the snapshot: a reader refuses a link to a node it has not seen. */
function keptEdges(snapshot: GraphSnapshot): GraphSnapshotEdge[] {
  const keys = new Set(snapshot.nodes.map((n) => n.key));
  return snapshot.edges.filter((e) => keys.has(e.source) && keys.has(e.target));
}

/** Nodes once each, by key as written: two nodes with one id would make the file invalid. */
function uniqueNodes(snapshot: GraphSnapshot): GraphSnapshotNode[] {
  const seen = new Set<string>();
  return snapshot.nodes.filter((n) => {
    const id = stripNonXml(n.key);
    return !seen.has(id) && Boolean(seen.add(id));
  });
}

function attrValue(v: string | number | undefined): string | undefined {
  if (v === undefined) return undefined;
  return xmlText(String(v));
}

/** The snapshot as a GraphML document: directed, every attribute declared as a `<key>`. */
export function toGraphMl(snapshot: GraphSnapshot): string {
  const clean = { ...snapshot, nodes: uniqueNodes(snapshot) };
  const nAttrs = nodeAttrs(clean);
  const eAttrs = edgeAttrs(clean);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  nAttrs.forEach((a, i) =>
    out.push(`  <key id="n${i}" for="node" attr.name="${xmlText(a.name)}" attr.type="${a.type}"/>`),
  );
  // Gephi and yEd show an edge's `label`: the link type is what reads on the line.
  out.push('  <key id="elabel" for="edge" attr.name="label" attr.type="string"/>');
  eAttrs.forEach((a, i) =>
    out.push(`  <key id="e${i}" for="edge" attr.name="${xmlText(a.name)}" attr.type="${a.type}"/>`),
  );
  out.push(`  <graph id="casegraph" edgedefault="directed">`);
  if (snapshot.title) out.push(`    <desc>${xmlText(snapshot.title)}</desc>`);
  for (const n of clean.nodes) {
    out.push(`    <node id="${xmlText(n.key)}">`);
    nAttrs.forEach((a, i) => {
      const v = attrValue(a.value(n));
      if (v !== undefined) out.push(`      <data key="n${i}">${v}</data>`);
    });
    out.push('    </node>');
  }
  for (const e of keptEdges(clean)) {
    out.push(
      `    <edge id="${xmlText(e.key)}" source="${xmlText(e.source)}" target="${xmlText(e.target)}">`,
      `      <data key="elabel">${xmlText(e.type)}</data>`,
    );
    eAttrs.forEach((a, i) => {
      const v = attrValue(a.value(e));
      if (v !== undefined) out.push(`      <data key="e${i}">${v}</data>`);
    });
    out.push('    </edge>');
  }
  out.push('  </graph>', '</graphml>');
  return out.join('\n') + '\n';
}

/**
 * The snapshot as a GEXF 1.3 document: attributes declared per class, colours, positions and
 * sizes in the viz namespace (what Gephi draws with), the link type as each edge's label.
 */
export function toGexf(snapshot: GraphSnapshot, now = new Date()): string {
  const clean = { ...snapshot, nodes: uniqueNodes(snapshot) };
  // Position, size and colour travel as viz elements, and the label as the node's own attribute.
  const nAttrs = nodeAttrs(clean).filter((a) => !['label', 'r', 'g', 'b', 'x', 'y', 'size'].includes(a.name));
  const eAttrs = edgeAttrs(clean).filter((a) => a.name !== 'type');
  const gexfType = (t: AttrType) => (t === 'double' ? 'double' : 'string');
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    `  <meta lastmodifieddate="${now.toISOString().slice(0, 10)}">`,
    '    <creator>casegraph</creator>',
    `    <description>${xmlText(snapshot.title ?? 'casegraph export')}</description>`,
    '  </meta>',
    '  <graph defaultedgetype="directed" mode="static">',
    '    <attributes class="node">',
    ...nAttrs.map(
      (a, i) => `      <attribute id="n${i}" title="${xmlText(a.name)}" type="${gexfType(a.type)}"/>`,
    ),
    '    </attributes>',
    '    <attributes class="edge">',
    ...eAttrs.map(
      (a, i) => `      <attribute id="e${i}" title="${xmlText(a.name)}" type="${gexfType(a.type)}"/>`,
    ),
    '    </attributes>',
    '    <nodes>',
  ];
  for (const n of clean.nodes) {
    out.push(`      <node id="${xmlText(n.key)}" label="${xmlText(n.label)}">`);
    out.push(...attValues(nAttrs, n, 'n'));
    const [r, g, b] = rgbOf(n.colour);
    out.push(`        <viz:color r="${r}" g="${g}" b="${b}"/>`);
    out.push(`        <viz:position x="${num(n.x) ?? 0}" y="${num(-n.y) ?? 0}" z="0"/>`);
    out.push(`        <viz:size value="${num(n.size) ?? 1}"/>`);
    out.push('      </node>');
  }
  out.push('    </nodes>', '    <edges>');
  for (const e of keptEdges(clean)) {
    out.push(
      `      <edge id="${xmlText(e.key)}" source="${xmlText(e.source)}" target="${xmlText(e.target)}" label="${xmlText(e.type)}">`,
    );
    out.push(...attValues(eAttrs, e, 'e'));
    out.push('      </edge>');
  }
  out.push('    </edges>', '  </graph>', '</gexf>');
  return out.join('\n') + '\n';
}

function attValues<T>(attrs: Attr<T>[], item: T, prefix: string): string[] {
  const values = attrs.flatMap((a, i) => {
    const v = attrValue(a.value(item));
    return v === undefined ? [] : [`          <attvalue for="${prefix}${i}" value="${v}"/>`];
  });
  return values.length ? ['        <attvalues>', ...values, '        </attvalues>'] : [];
}
