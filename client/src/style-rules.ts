/**
 * Style rules by property: "size entities by degree", "colour links by confidence". A rule is
 * data (`{target, property, mapping}`); this module turns it, with the values of what is on the
 * canvas, into Cytoscape style entries and a legend. Pure, so unit tests cover it headless; the
 * panel (panels/style-rules-panel.ts) reads the canvas and hands the entries to Canvas.
 */
import type cytoscape from 'cytoscape';
import type { JsonValue } from '../../server/contract.js';

export type RuleTarget = 'node' | 'edge';
export type RuleMapping = 'color' | 'size';

/** One rule. `property` is a data field (`type`, `confidence`, `properties.kind`) or `@links`. */
export interface StyleRule {
  target: RuleTarget;
  property: string;
  mapping: RuleMapping;
}

/**
 * The property that is not data but the canvas itself: an entity's links drawn right now. Read
 * through Cytoscape's `[[degree]]` meta selector, so it follows expansions without new data.
 */
export const LINKS_ON_CANVAS = '@links';

/** Fixed choices offered for each target; `properties.*` keys found on the canvas are added. */
export const BUILT_IN_PROPERTIES: Record<RuleTarget, { property: string; label: string }[]> = {
  node: [
    { property: 'degree', label: 'Degree (all links)' },
    { property: LINKS_ON_CANVAS, label: 'Links on canvas' },
    { property: 'type', label: 'Type' },
  ],
  edge: [
    { property: 'confidence', label: 'Confidence' },
    { property: 'status', label: 'Status' },
    { property: 'type', label: 'Type' },
  ],
};

/** Sizes in model units: nodes as their width and height, links as their line width. */
export const SIZE_RANGE: Record<RuleTarget, [number, number]> = { node: [22, 76], edge: [1, 8] };
/** Sequential scale, light to dark (yellow to red): never the selection blue. */
export const SEQUENTIAL: [string, string] = ['#fde68a', '#b91c1c'];
/** Categorical palette (Okabe–Ito, then Tableau): distinct for most colour vision. */
export const PALETTE = [
  '#e69f00',
  '#56b4e9',
  '#009e73',
  '#f0e442',
  '#0072b2',
  '#d55e00',
  '#cc79a7',
  '#8c564b',
  '#7f7f7f',
  '#17becf',
];
/** Categories beyond the palette keep the model's style and show as "other" in the legend. */
export const MAX_CATEGORIES = PALETTE.length;

/** Field names become selector text, so only plain (optionally `properties.`-prefixed) names pass. */
const SAFE_FIELD = /^(?:properties\.)?[A-Za-z_][A-Za-z0-9_]*$/;
/** Category values are quoted in selectors; quotes and backslashes cannot be, so they are left out. */
const SAFE_VALUE = /^[^"\\\n]*$/;

export type LegendItem = { label: string; color?: string; size?: number };
export interface RuleLegend {
  title: string;
  /** `number`: items are the ends of the scale (min, max); `category`: one item per value. */
  kind: 'number' | 'category';
  items: LegendItem[];
  /** Values that kept the model's style (too many categories, or unsafe text). */
  other: number;
}

export interface RuleOutput {
  entries: cytoscape.StylesheetJson;
  legend: RuleLegend | null;
}

/** The display name of a property, for menus and legends. */
export function propertyLabel(target: RuleTarget, property: string): string {
  const built = BUILT_IN_PROPERTIES[target].find((p) => p.property === property);
  if (built) return built.label;
  return property.replace(/^properties\./, '').replace(/_/g, ' ');
}

/** True when the rule can be turned into selectors at all. */
export function isValidRule(rule: unknown): rule is StyleRule {
  if (!rule || typeof rule !== 'object') return false;
  const r = rule as Record<string, unknown>;
  return (
    (r.target === 'node' || r.target === 'edge') &&
    (r.mapping === 'color' || r.mapping === 'size') &&
    typeof r.property === 'string' &&
    (SAFE_FIELD.test(r.property) || (r.property === LINKS_ON_CANVAS && r.target === 'node'))
  );
}

/** Reads rules kept in the browser; anything malformed is dropped rather than trusted. */
export function parseRules(text: string | null): StyleRule[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter(isValidRule).map(({ target, property, mapping }) => ({ target, property, mapping }));
  } catch {
    return [];
  }
}

/** A property's value in an element's data (`properties.kind` looks inside `properties`). */
export function dataValue(data: Record<string, unknown>, property: string): JsonValue | undefined {
  let value: unknown = data;
  for (const key of property.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value as JsonValue | undefined;
}

function hexToRgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** The colour `t` (0 … 1) of the way along the sequential scale. */
export function scaleColor(t: number): string {
  const [a, b] = SEQUENTIAL.map(hexToRgb) as [[number, number, number], [number, number, number]];
  const k = Math.min(1, Math.max(0, t));
  return `#${a
    .map((v, i) =>
      Math.round(v + (b[i]! - v) * k)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function scaleSize(target: RuleTarget, t: number): number {
  const [lo, hi] = SIZE_RANGE[target];
  return Math.round((lo + (hi - lo) * Math.min(1, Math.max(0, t))) * 10) / 10;
}

/** The style properties a mapping sets, for one value. */
function styleFor(rule: StyleRule, value: string | number): Record<string, string | number> {
  if (rule.mapping === 'color') {
    return rule.target === 'node'
      ? { 'background-color': value }
      : { 'line-color': value, 'target-arrow-color': value };
  }
  return rule.target === 'node' ? { width: value, height: value } : { width: value };
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/**
 * The style entries and legend of one rule for the values now on the canvas (one value per element
 * of the rule's target; `undefined` where the element lacks the property). The same rule and values
 * always give the same output. Numbers (every present value finite) are scaled by their min and
 * max; anything else is a category. A property nothing on the canvas has gives no entries.
 */
export function ruleStyles(rule: StyleRule, values: readonly (JsonValue | undefined)[]): RuleOutput {
  if (!isValidRule(rule)) return { entries: [], legend: null };
  const present = values.filter((v): v is JsonValue => v !== undefined && v !== null && v !== '');
  if (!present.length) return { entries: [], legend: null };
  const title = `${rule.mapping === 'color' ? 'Colour' : 'Size'} of ${rule.target === 'node' ? 'entities' : 'links'} by ${propertyLabel(rule.target, rule.property).toLowerCase()}`;
  const numbers = present.every((v) => typeof v === 'number' && Number.isFinite(v));
  return numbers ? numberStyles(rule, present as number[], title) : categoryStyles(rule, present, title);
}

function numberStyles(rule: StyleRule, values: number[], title: string): RuleOutput {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const at = (v: number) => (max === min ? 0.5 : (v - min) / (max - min));
  const mapped = (t: number) => (rule.mapping === 'color' ? scaleColor(t) : scaleSize(rule.target, t));
  const legendItem = (v: number): LegendItem =>
    rule.mapping === 'color'
      ? { label: formatNumber(v), color: scaleColor(at(v)) }
      : { label: formatNumber(v), size: scaleSize(rule.target, at(v)) };
  const legend: RuleLegend = {
    title,
    kind: 'number',
    items: min === max ? [legendItem(min)] : [legendItem(min), legendItem(max)],
    other: 0,
  };
  let entries: cytoscape.StylesheetJson;
  if (rule.property === LINKS_ON_CANVAS) {
    // Links on the canvas are not data: one entry per count drawn, matched by the meta selector.
    entries = [...new Set(values)]
      .sort((a, b) => a - b)
      .map((v) => ({ selector: `node[[degree = ${v}]]`, style: styleFor(rule, mapped(at(v))) }));
  } else if (min === max) {
    entries = [
      {
        selector: `${rule.target}[${rule.property} = ${min}]`,
        style: styleFor(rule, mapped(0.5)),
      },
    ];
  } else {
    // One entry whatever the number of values: Cytoscape interpolates between the ends itself.
    // The range check keeps elements whose value is not a number out of the mapping.
    const [from, to] = rule.mapping === 'color' ? SEQUENTIAL : SIZE_RANGE[rule.target].map((n) => String(n));
    const map = `mapData(${rule.property}, ${min}, ${max}, ${from}, ${to})`;
    entries = [
      {
        selector: `${rule.target}[${rule.property} >= ${min}][${rule.property} <= ${max}]`,
        style: styleFor(rule, map),
      },
    ];
  }
  return { entries, legend };
}

function categoryStyles(rule: StyleRule, values: JsonValue[], title: string): RuleOutput {
  const counts = new Map<string, { value: JsonValue; count: number }>();
  for (const v of values) {
    if (typeof v === 'object') continue; // lists and maps are not categories
    const key = `${typeof v}:${String(v)}`;
    const seen = counts.get(key);
    if (seen) seen.count++;
    else counts.set(key, { value: v, count: 1 });
  }
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const ranked = [...counts.values()].sort(
    (a, b) => b.count - a.count || collator.compare(String(a.value), String(b.value)),
  );
  const selectorOf = (v: JsonValue): string | null => {
    const field = rule.property;
    if (typeof v === 'boolean')
      return v ? `${rule.target}[?${field}]` : `${rule.target}[${field}][!${field}]`;
    if (typeof v === 'number') return `${rule.target}[${field} = ${v}]`;
    if (typeof v === 'string' && SAFE_VALUE.test(v)) return `${rule.target}[${field} = "${v}"]`;
    return null;
  };
  const chosen = ranked.filter((c) => selectorOf(c.value) !== null).slice(0, MAX_CATEGORIES);
  // Sizes follow the order of the values themselves (so "1, 2, 3" grow), colours the ranking.
  const bySize = [...chosen].sort((a, b) => collator.compare(String(a.value), String(b.value)));
  const entries: cytoscape.StylesheetJson = [];
  const items: LegendItem[] = [];
  chosen.forEach((c, i) => {
    const t = chosen.length === 1 ? 0.5 : bySize.indexOf(c) / (chosen.length - 1);
    const value = rule.mapping === 'color' ? PALETTE[i]! : scaleSize(rule.target, t);
    entries.push({ selector: selectorOf(c.value)!, style: styleFor(rule, value) });
    items.push(
      rule.mapping === 'color'
        ? { label: String(c.value), color: value as string }
        : { label: String(c.value), size: value as number },
    );
  });
  return {
    entries,
    legend: { title, kind: 'category', items, other: ranked.length - chosen.length },
  };
}

/**
 * The model's stylesheet with rule entries on top, then the model's state entries (selected,
 * path, faded, pinned, filtered, hidden) once more so that a rule never hides a selection or a
 * filter: in Cytoscape the later entry wins.
 */
export function layerStyles(
  base: cytoscape.StylesheetJson,
  rules: cytoscape.StylesheetJson,
): cytoscape.StylesheetJson {
  if (!rules.length) return base;
  const state = base.filter((entry) => /[.:]/.test(entry.selector.replace(/\[[^\]]*\]/g, '')));
  return [...base, ...rules, ...state];
}
