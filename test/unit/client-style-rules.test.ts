import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import {
  LINKS_ON_CANVAS,
  PALETTE,
  SEQUENTIAL,
  SIZE_RANGE,
  dataValue,
  layerStyles,
  parseRules,
  ruleStyles,
  scaleColor,
  type StyleRule,
} from '../../client/src/style-rules.js';

/** The style of an entry, whichever of Cytoscape's two spellings (`style` or `css`) it uses. */
const styleOf = (entry: cytoscape.StylesheetJsonBlock | undefined): unknown =>
  entry && ('style' in entry ? entry.style : entry.css);

const sizeByDegree: StyleRule = { target: 'node', property: 'degree', mapping: 'size' };
const colourByType: StyleRule = { target: 'node', property: 'type', mapping: 'color' };

describe('ruleStyles', () => {
  it('when the same rule meets the same values, then it gives the same entries', () => {
    const values = [3, 1, 9, undefined];
    expect(ruleStyles(sizeByDegree, values)).toEqual(ruleStyles(sizeByDegree, [...values]));
    expect(ruleStyles(colourByType, ['Person', 'Device'])).toEqual(
      ruleStyles(colourByType, ['Person', 'Device']),
    );
  });

  it('when no element on the canvas has the property, then there are no entries and no legend', () => {
    expect(ruleStyles({ target: 'node', property: 'properties.country', mapping: 'color' }, [])).toEqual({
      entries: [],
      legend: null,
    });
    expect(
      ruleStyles({ target: 'node', property: 'properties.country', mapping: 'color' }, [undefined, null]),
    ).toEqual({ entries: [], legend: null });
  });

  it('when a property name could break out of a selector, then the rule gives no entries', () => {
    const bad = { target: 'node', property: 'type"] , node[x', mapping: 'color' } as StyleRule;
    expect(ruleStyles(bad, ['a']).entries).toEqual([]);
  });

  it('when values are numbers, then they are scaled by the min and max of what is on the canvas', () => {
    const { entries, legend } = ruleStyles(sizeByDegree, [4, 2, 10]);
    expect(entries).toEqual([
      {
        selector: 'node[degree >= 2][degree <= 10]',
        style: {
          width: `mapData(degree, 2, 10, ${SIZE_RANGE.node[0]}, ${SIZE_RANGE.node[1]})`,
          height: `mapData(degree, 2, 10, ${SIZE_RANGE.node[0]}, ${SIZE_RANGE.node[1]})`,
        },
      },
    ]);
    expect(legend?.items).toEqual([
      { label: '2', size: SIZE_RANGE.node[0] },
      { label: '10', size: SIZE_RANGE.node[1] },
    ]);
  });

  it('when links on the canvas size nodes, then the fewest get the smallest size and the most the largest', () => {
    const { entries } = ruleStyles(
      { target: 'node', property: LINKS_ON_CANVAS, mapping: 'size' },
      [1, 3, 5, 3],
    );
    expect(entries.map((e) => e.selector)).toEqual([
      'node[[degree = 1]]',
      'node[[degree = 3]]',
      'node[[degree = 5]]',
    ]);
    expect(styleOf(entries[0])).toMatchObject({ width: SIZE_RANGE.node[0] });
    expect(styleOf(entries[2])).toMatchObject({ width: SIZE_RANGE.node[1] });
  });

  it('when link confidence colours links, then the scale runs from the light to the dark end', () => {
    const { entries } = ruleStyles({ target: 'edge', property: 'confidence', mapping: 'color' }, [0.2, 0.9]);
    expect(styleOf(entries[0])).toMatchObject({
      'line-color': `mapData(confidence, 0.2, 0.9, ${SEQUENTIAL[0]}, ${SEQUENTIAL[1]})`,
    });
    expect(scaleColor(0)).toBe(SEQUENTIAL[0]);
    expect(scaleColor(1)).toBe(SEQUENTIAL[1]);
  });

  it('when values are categories, then each gets a palette colour, the commonest first', () => {
    const { entries, legend } = ruleStyles(colourByType, ['Person', 'Device', 'Person']);
    expect(entries).toEqual([
      { selector: 'node[type = "Person"]', style: { 'background-color': PALETTE[0] } },
      { selector: 'node[type = "Device"]', style: { 'background-color': PALETTE[1] } },
    ]);
    expect(legend).toMatchObject({ kind: 'category', other: 0 });
  });

  it('when there are more categories than colours, or a value cannot be quoted, then they count as other', () => {
    const values = [...Array.from({ length: 12 }, (_, i) => `c${i}`), 'say "hi"'];
    const { entries, legend } = ruleStyles(colourByType, values);
    expect(entries).toHaveLength(PALETTE.length);
    expect(legend?.other).toBe(13 - PALETTE.length);
  });

  it('when the entries reach Cytoscape, then they style the elements they name', () => {
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      elements: [
        { data: { id: 'a', type: 'Person', degree: 1, properties: { kind: 'cartel', n: 1 } } },
        { data: { id: 'b', type: 'Device', degree: 9, properties: { kind: 'phone', n: 'x' } } },
      ],
    });
    const values = (rule: StyleRule) => cy.nodes().map((n) => dataValue(n.data(), rule.property));
    const kind: StyleRule = { target: 'node', property: 'properties.kind', mapping: 'color' };
    cy.style([
      { selector: 'node', style: { width: 30, 'background-color': '#000000' } },
      ...ruleStyles(sizeByDegree, values(sizeByDegree)).entries,
      ...ruleStyles(kind, values(kind)).entries,
    ]);
    expect(cy.getElementById('a').numericStyle('width')).toBe(SIZE_RANGE.node[0]);
    expect(cy.getElementById('b').numericStyle('width')).toBe(SIZE_RANGE.node[1]);
    expect(cy.getElementById('a').style('background-color')).not.toBe(
      cy.getElementById('b').style('background-color'),
    );
    cy.destroy();
  });
});

describe('layerStyles', () => {
  it('when rules are added, then the state entries come again after them so a selection still shows', () => {
    const base = [
      { selector: 'node', style: { width: 30 } },
      { selector: 'node[type = "Person"]', style: { 'background-color': '#111111' } },
      { selector: 'node:selected', style: { 'border-width': 4 } },
      { selector: '.hidden', style: { display: 'none' } },
    ] as cytoscape.StylesheetJson;
    const rules = [
      { selector: 'node[type = "Person"]', style: { 'background-color': '#e69f00' } },
    ] as cytoscape.StylesheetJson;
    expect(layerStyles(base, rules).map((e) => e.selector)).toEqual([
      'node',
      'node[type = "Person"]',
      'node:selected',
      '.hidden',
      'node[type = "Person"]',
      'node:selected',
      '.hidden',
    ]);
    expect(layerStyles(base, [])).toBe(base);
  });
});

describe('parseRules', () => {
  it('when the stored text is malformed or holds unknown rules, then those are dropped', () => {
    expect(parseRules(null)).toEqual([]);
    expect(parseRules('{not json')).toEqual([]);
    expect(
      parseRules(
        JSON.stringify([
          sizeByDegree,
          { target: 'node', property: 'a b', mapping: 'size' },
          { target: 'edge', property: LINKS_ON_CANVAS, mapping: 'size' },
          { ...colourByType, extra: 1 },
        ]),
      ),
    ).toEqual([sizeByDegree, colourByType]);
  });
});
