/**
 * The Cytoscape stylesheet as one data array built from `GET /api/model`:
 * colour, shape and icon per node type, a neutral default for types the model
 * does not know, edges labelled with their type and drawn by fact status
 * (alleged dashed, reported thin, confirmed thick), and the state classes the
 * panels toggle (selected, path, faded, pinned, filtered, hidden).
 */
import type cytoscape from 'cytoscape';
import type { FactStatus, ModelResponse } from '../../server/contract.js';
import { darken, inkOn } from './colour.js';
import { iconDataUri } from './icons.js';

export const DEFAULT_NODE_COLOR = '#8a94a6';
export /** The colour of merges and identity judgements. */
const MERGED = '#7c3aed';
const HIGHLIGHT = '#c2410c';
export const SELECT = '#1d4ed8';

/** How each status is drawn; also what the legend shows. */
export const STATUS_STYLE: Record<
  FactStatus,
  {
    lineStyle: 'dashed' | 'solid';
    width: number;
    label: string;
    /** Line colour on the canvas when not the default edge colour. */
    lineColor?: string;
    /** Colour of the legend's sample line. */
    legendColor: string;
  }
> = {
  alleged: { lineStyle: 'dashed', width: 1.6, label: 'alleged (dashed)', legendColor: '#6b7280' },
  reported: { lineStyle: 'solid', width: 1.6, label: 'reported (thin)', legendColor: '#6b7280' },
  confirmed: {
    lineStyle: 'solid',
    width: 4,
    label: 'confirmed (thick)',
    lineColor: '#4b5563',
    legendColor: '#4b5563',
  },
};

/** Type names become selector literals, so only plain identifiers are accepted. */
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface StyleOptions {
  /** Draw edge labels (off on very large views, where they are unreadable anyway). */
  edgeLabels?: boolean;
  /**
   * Model units per screen pixel for label text (1 at zoom 1). The canvas
   * sets it to about 1/zoom so labels keep a readable size on screen while
   * the nodes spread apart under them when zooming in.
   */
  labelScale?: number;
  /**
   * A very large view: straight edges without arrowheads ('haystack'), which Cytoscape draws
   * without computing control points or arrows per edge (half a second of a 5,000-node draw).
   * Defaults to false; the canvas asks for it above HAYSTACK_ABOVE_ELEMENTS only, since
   * investigators read direction off the arrows.
   */
  largeView?: boolean;
}

/** Screen sizes of label text, in pixels (times `labelScale` in the stylesheet). */
export const LABEL_TEXT = { node: 11, edge: 9, nodeMaxWidth: 140, hoverMaxWidth: 320 } as const;
/** Below this many screen pixels a label is not drawn (level of detail). */
export const MIN_LABEL_PX = { node: 7, edge: 8 } as const;

/** The model's style for a type, or the default for an unknown one. */
export function typeStyle(
  model: ModelResponse | null | undefined,
  type: string,
): { color: string; shape: string; icon?: string } {
  const style = model?.nodeTypes[type]?.style;
  return style
    ? { color: style.color, shape: style.shape, icon: style.icon }
    : { color: DEFAULT_NODE_COLOR, shape: 'ellipse' };
}

/** Builds the whole stylesheet; the same model always yields the same array. */
export function buildStylesheet(
  model: ModelResponse | null,
  options: StyleOptions = {},
): cytoscape.StylesheetJson {
  const edgeLabels = options.edgeLabels ?? true;
  const k = options.labelScale ?? 1;
  const largeView = options.largeView ?? false;
  const sheet: cytoscape.StylesheetJson = [
    {
      selector: 'node',
      style: {
        'background-color': DEFAULT_NODE_COLOR,
        'border-color': darken(DEFAULT_NODE_COLOR),
        'border-width': 1.5,
        shape: 'ellipse',
        width: 'data(size)',
        height: 'data(size)',
        label: 'data(label)',
        'font-size': LABEL_TEXT.node * k,
        'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        color: '#1d2330',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4 * k,
        'text-wrap': 'ellipsis',
        'text-max-width': `${LABEL_TEXT.nodeMaxWidth * k}px`,
        'text-outline-color': '#f6f7f9',
        'text-outline-width': 2 * k,
        'min-zoomed-font-size': MIN_LABEL_PX.node,
        'background-fit': 'none',
        'background-width': '55%',
        'background-height': '55%',
        'overlay-padding': 4,
        // Labelled nodes are drawn above unlabelled ones, so a label may cover a lesser node's disc.
        'z-index': 2,
      },
    },
  ];

  for (const [type, def] of Object.entries(model?.nodeTypes ?? {})) {
    if (!SAFE_NAME.test(type)) continue;
    const { color, shape, icon } = def.style;
    const style: Record<string, string | number> = {
      'background-color': color,
      'border-color': darken(color),
      shape,
    };
    const uri = iconDataUri(icon, inkOn(color));
    if (uri) style['background-image'] = uri;
    sheet.push({ selector: `node[type = "${type}"]`, style: style as cytoscape.Css.Node });
  }

  sheet.push(
    {
      selector: 'edge',
      style: {
        width: 1.6,
        'line-color': '#8b93a1',
        'target-arrow-color': '#8b93a1',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        'curve-style': 'bezier',
        label: edgeLabels ? 'data(label)' : '',
        'font-size': LABEL_TEXT.edge * k,
        color: '#374151',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': `${2 * k}px`,
        'min-zoomed-font-size': MIN_LABEL_PX.edge,
      },
    },
    // At rest, a node's label is its short form on at most two lines (see displayLabel).
    {
      selector: 'node[display]',
      style: { label: 'data(display)', 'text-wrap': 'wrap' } as cytoscape.Css.Node,
    },
    ...(Object.entries(STATUS_STYLE) as [FactStatus, (typeof STATUS_STYLE)[FactStatus]][]).map(
      ([status, s]) => ({
        selector: `edge[status = "${status}"]`,
        style: { 'line-style': s.lineStyle, width: s.width } as cytoscape.Css.Edge,
      }),
    ),
    ...(Object.entries(STATUS_STYLE) as [FactStatus, (typeof STATUS_STYLE)[FactStatus]][]).flatMap(
      ([status, s]) =>
        s.lineColor
          ? [
              {
                selector: `edge[status = "${status}"]`,
                style: { 'line-color': s.lineColor, 'target-arrow-color': s.lineColor } as cytoscape.Css.Edge,
              },
            ]
          : [],
    ),
    ...(largeView
      ? [
          {
            selector: 'edge',
            style: { 'curve-style': 'haystack', 'haystack-radius': 0 } as cytoscape.Css.Edge,
          },
        ]
      : []),
    { selector: 'edge.low-confidence', style: { opacity: 0.5 } },
    { selector: 'node.has-more', style: { 'border-width': 4, 'border-style': 'double' } },
    { selector: 'node.pinned', style: { 'border-width': 3, 'border-color': '#111827' } },
    // Merged view (issue 20): one node standing for several records judged the same.
    {
      selector: 'node[merged > 1]',
      style: { 'border-width': 6, 'border-style': 'double', 'border-color': MERGED },
    },
    // Judgements shown as links (apart view, or "not same" / "unsure" in either view).
    {
      selector: 'edge[type = "SAME_AS"], edge[type = "NOT_SAME_AS"], edge[type = "MAYBE_SAME_AS"]',
      style: { 'line-style': 'dashed', 'line-color': MERGED, 'target-arrow-color': MERGED },
    },
    {
      selector: 'node:selected',
      style: { 'border-width': 4, 'border-color': SELECT, 'overlay-color': SELECT, 'overlay-opacity': 0.12 },
    },
    {
      selector: 'edge:selected',
      style: { 'line-color': SELECT, 'target-arrow-color': SELECT, width: 4, 'z-index': 10 },
    },
    { selector: '.faded', style: { opacity: 0.18 } },
    // Source ablation: what would fall if the ablated sources were wrong, faint and dashed so it
    // still reads as "there, but in doubt" (and differs from a path highlight's fading).
    { selector: 'edge.ablated', style: { opacity: 0.3, 'line-style': 'dashed' } },
    { selector: 'node.ablated', style: { opacity: 0.35, 'border-style': 'dashed', 'border-width': 2 } },
    { selector: 'node.path', style: { 'border-width': 5, 'border-color': HIGHLIGHT, 'z-index': 20 } },
    {
      selector: 'edge.path',
      style: { 'line-color': HIGHLIGHT, 'target-arrow-color': HIGHLIGHT, width: 5, 'z-index': 20 },
    },
    {
      selector: 'node.path-end',
      style: { 'border-width': 6, 'border-color': HIGHLIGHT, 'border-style': 'double' },
    },
    { selector: 'node.just-added', style: { 'overlay-color': '#16a34a', 'overlay-opacity': 0.16 } },
    // The collision pass turns off labels that would overlap; hovering brings one back in full.
    { selector: '.label-off', style: { 'text-opacity': 0 } },
    { selector: 'node.label-off', style: { 'z-index': 1 } },
    {
      selector: 'node.label-hover',
      style: {
        'text-opacity': 1,
        label: 'data(label)',
        'text-wrap': 'wrap',
        'text-max-width': `${LABEL_TEXT.hoverMaxWidth * k}px`,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.95,
        'text-background-padding': `${2 * k}px`,
        'z-index': 999,
      } as cytoscape.Css.Node,
    },
    { selector: 'edge.label-hover', style: { 'text-opacity': 1, 'z-index': 999 } },
    { selector: '.filtered', style: { display: 'none' } },
    { selector: '.hidden', style: { display: 'none' } },
  );
  return sheet;
}
