/**
 * Style rules by property, the panel: a small form (what, by which property, colour or size), the
 * rules in force with a button to remove each, and their legend over the canvas. The rules are
 * kept in this browser; they are re-applied whenever elements come or go, since numbers scale by
 * what is on the canvas. The mapping itself is style-rules.ts (pure); this module reads the canvas.
 */
import type { JsonValue } from '../../../server/contract.js';
import { h, replace } from '../dom.js';
import type { Explorer } from '../explorer.js';
import {
  BUILT_IN_PROPERTIES,
  LINKS_ON_CANVAS,
  dataValue,
  parseRules,
  propertyLabel,
  ruleStyles,
  type RuleLegend,
  type RuleMapping,
  type RuleTarget,
  type StyleRule,
} from '../style-rules.js';

const STORAGE_KEY = 'casegraph.styleRules';

export interface StyleRulesPanel {
  /** The form and the list of rules, for the drawer's "Style" tab. */
  readonly form: HTMLElement;
  /** The rules in force (a copy). */
  rules(): StyleRule[];
}

const TARGET_NOUN: Record<RuleTarget, string> = { node: 'Entities', edge: 'Links' };
const MAPPING_NOUN: Record<RuleMapping, string> = { color: 'Colour', size: 'Size' };

/** Starts the rules (those kept in this browser apply at once) and builds their form and legend. */
export function createStyleRulesPanel(explorer: Explorer, legendRoot: HTMLElement): StyleRulesPanel {
  const cy = explorer.canvas.cy;
  let rules = parseRules(localStorage.getItem(STORAGE_KEY));

  // ------------------------------------------------------------ reading the canvas

  const elements = (target: RuleTarget) => (target === 'node' ? cy.nodes() : cy.edges());

  function valuesOf(rule: StyleRule): (JsonValue | undefined)[] {
    if (rule.property === LINKS_ON_CANVAS) return cy.nodes().map((n) => n.degree(true));
    return elements(rule.target).map((e) => dataValue(e.data() as Record<string, unknown>, rule.property));
  }

  /** The `properties.*` keys with a short value on at least one element, for the property menu. */
  function propertyKeys(target: RuleTarget): string[] {
    const keys = new Set<string>();
    elements(target).forEach((e) => {
      const props = (e.data('properties') ?? {}) as Record<string, JsonValue>;
      for (const [key, value] of Object.entries(props)) {
        const short =
          typeof value === 'number' ||
          typeof value === 'boolean' ||
          (typeof value === 'string' && value.length <= 40);
        if (short && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) keys.add(`properties.${key}`);
      }
    });
    return [...keys].sort();
  }

  // ------------------------------------------------------------ applying

  function apply(): void {
    const outputs = rules.map((rule) => ({ rule, ...ruleStyles(rule, valuesOf(rule)) }));
    explorer.canvas.setRuleStyles(outputs.flatMap((o) => o.entries));
    drawLegend(outputs.map((o) => ({ rule: o.rule, legend: o.legend })));
    drawList();
  }

  function save(next: StyleRule[]): void {
    rules = next;
    localStorage.setItem(STORAGE_KEY, JSON.stringify(rules));
    apply();
  }

  // ------------------------------------------------------------ legend over the canvas

  function legendBody(legend: RuleLegend): HTMLElement {
    if (legend.kind === 'number' && legend.items[0]?.color && legend.items.length === 2) {
      const bar = h('span', { class: 'rl-gradient', 'aria-hidden': 'true' });
      bar.style.background = `linear-gradient(to right, ${legend.items[0].color}, ${legend.items[1]!.color})`;
      return h(
        'div',
        { class: 'rl-scale' },
        h('span', {}, legend.items[0].label),
        bar,
        h('span', {}, legend.items[1]!.label),
      );
    }
    return h(
      'ul',
      { class: 'rl-items' },
      legend.items.map((item) => {
        const mark = h('span', { class: 'rl-mark', 'aria-hidden': 'true' });
        if (item.color) mark.style.backgroundColor = item.color;
        else {
          // Sizes drawn at a third of the canvas size, so the legend stays small.
          const px = `${Math.max(4, Math.round((item.size ?? 10) / 3))}px`;
          mark.classList.add('rl-size');
          Object.assign(mark.style, { width: px, height: px });
        }
        return h('li', {}, mark, item.label);
      }),
      legend.other ? h('li', { class: 'rl-other' }, `other values (${legend.other}) as before`) : null,
    );
  }

  // The legend folds (a native disclosure) so it never has to hide what it sits over; it stays
  // folded or open across redraws.
  let legendOpen = true;
  function drawLegend(items: { rule: StyleRule; legend: RuleLegend | null }[]): void {
    legendRoot.hidden = items.length === 0;
    const details = h(
      'details',
      { class: 'rl-details', open: legendOpen },
      h('summary', { class: 'rl-summary' }, 'Style rules'),
      items.map(({ rule, legend }) =>
        h(
          'div',
          { class: 'rl-rule' },
          h('p', { class: 'rl-title' }, legend?.title ?? `${describe(rule)}: nothing on the canvas has it`),
          legend ? legendBody(legend) : null,
        ),
      ),
    );
    details.addEventListener('toggle', () => (legendOpen = details.open));
    replace(legendRoot, details);
  }

  // ------------------------------------------------------------ the form

  const describe = (r: StyleRule) =>
    `${MAPPING_NOUN[r.mapping]} of ${TARGET_NOUN[r.target].toLowerCase()} by ${propertyLabel(r.target, r.property).toLowerCase()}`;

  const targetSelect = h(
    'select',
    { id: 'rule-target' },
    (['node', 'edge'] as const).map((t) => h('option', { value: t }, TARGET_NOUN[t])),
  );
  const propertySelect = h('select', { id: 'rule-property' });
  const mappingSelect = h(
    'select',
    { id: 'rule-mapping' },
    (['color', 'size'] as const).map((m) => h('option', { value: m }, MAPPING_NOUN[m])),
  );
  const addButton = h('button', { type: 'button', class: 'btn primary', id: 'rule-add' }, 'Apply rule');
  const list = h('ul', { class: 'rule-list', 'aria-label': 'Style rules in force' });
  const field = (id: string, label: string, control: HTMLElement) =>
    h('div', { class: 'rule-field' }, h('label', { for: id, class: 'tool-label' }, label), control);

  function fillProperties(): void {
    const target = targetSelect.value as RuleTarget;
    const before = propertySelect.value;
    const built = BUILT_IN_PROPERTIES[target];
    const extra = propertyKeys(target).filter((p) => !built.some((b) => b.property === p));
    replace(
      propertySelect,
      built.map((p) => h('option', { value: p.property }, p.label)),
      extra.length
        ? h(
            'optgroup',
            { label: 'Properties' },
            extra.map((p) => h('option', { value: p }, propertyLabel(target, p))),
          )
        : null,
    );
    if ([...propertySelect.options].some((o) => o.value === before)) propertySelect.value = before;
  }

  function drawList(): void {
    replace(
      list,
      rules.length
        ? rules.map((rule, i) => {
            const remove = h(
              'button',
              { type: 'button', class: 'btn small', 'aria-label': `Remove: ${describe(rule)}` },
              'Remove',
            );
            remove.addEventListener('click', () => {
              save(rules.filter((_, j) => j !== i));
              addButton.focus();
            });
            return h('li', {}, h('span', {}, describe(rule)), remove);
          })
        : h('li', { class: 'muted' }, 'No rule: the canvas uses the model’s colours and sizes.'),
    );
  }

  targetSelect.addEventListener('change', fillProperties);
  addButton.addEventListener('click', () => {
    const rule: StyleRule = {
      target: targetSelect.value as RuleTarget,
      property: propertySelect.value,
      mapping: mappingSelect.value as RuleMapping,
    };
    // One rule per target and mapping: a second "colour of entities" replaces the first.
    save([...rules.filter((r) => r.target !== rule.target || r.mapping !== rule.mapping), rule]);
  });

  const form = h(
    'div',
    { class: 'rules-panel' },
    h(
      'div',
      { class: 'rule-form', role: 'group', 'aria-label': 'New style rule' },
      field('rule-target', 'Style', targetSelect),
      field('rule-property', 'by', propertySelect),
      field('rule-mapping', 'as', mappingSelect),
      addButton,
    ),
    h(
      'p',
      { class: 'muted rule-hint' },
      'Numbers scale from the smallest to the largest value on the canvas; other values get a colour each.',
    ),
    list,
  );

  // Rules follow the canvas: new elements change the min and max, and bring new properties.
  let queued = false;
  explorer.events.on('graph', () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      fillProperties();
      if (rules.length) apply();
    });
  });
  fillProperties();
  apply();

  return { form, rules: () => [...rules] };
}
