import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelResponse } from '../../server/contract.js';
import { contrastRatio, darken, inkOn } from '../../client/src/colour.js';
import { ICON_NAMES, iconDataUri } from '../../client/src/icons.js';
import {
  DEFAULT_NODE_COLOR,
  STATUS_STYLE,
  buildStylesheet,
  typeStyle,
} from '../../client/src/model-style.js';

const model = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../../cypher/model.json'), 'utf8'),
) as ModelResponse;

type Block = { selector: string; style: Record<string, unknown> };
const find = (sheet: Block[], selector: string) => sheet.find((b) => b.selector === selector)?.style;

describe('client stylesheet from the model', () => {
  const sheet = buildStylesheet(model) as Block[];

  it('when built from the model, then every node type has a rule with its colour, shape and icon', () => {
    for (const [type, def] of Object.entries(model.nodeTypes)) {
      const style = find(sheet, `node[type = "${type}"]`);
      expect(style, type).toBeDefined();
      expect(style!['background-color']).toBe(def.style.color);
      expect(style!.shape).toBe(def.style.shape);
      expect(String(style!['background-image'])).toMatch(/^data:image\/svg\+xml/);
    }
  });

  it('when the model names icons, then the icon set draws every one of them', () => {
    for (const def of Object.values(model.nodeTypes)) expect(ICON_NAMES).toContain(def.style.icon);
    expect(iconDataUri('no-such-icon', '#fff')).toBeUndefined();
  });

  it('when a type is unknown, then the default node rule styles it', () => {
    expect(find(sheet, 'node')!['background-color']).toBe(DEFAULT_NODE_COLOR);
    expect(typeStyle(model, 'Spaceship')).toEqual({ color: DEFAULT_NODE_COLOR, shape: 'ellipse' });
  });

  it('when the model lists the fact statuses, then each has a style and no other status does', () => {
    expect(Object.keys(STATUS_STYLE).sort()).toEqual([...model.statuses].sort());
  });

  it('when facts have a status, then alleged is dashed, reported thin and confirmed thick', () => {
    expect(find(sheet, 'edge[status = "alleged"]')).toMatchObject({ 'line-style': 'dashed' });
    const reported = find(sheet, 'edge[status = "reported"]')!;
    const confirmed = find(sheet, 'edge[status = "confirmed"]')!;
    expect(reported['line-style']).toBe('solid');
    expect(Number(confirmed.width)).toBeGreaterThan(Number(reported.width));
  });

  it('when edges are drawn, then they are labelled with their type unless labels are switched off', () => {
    expect(find(sheet, 'edge')!.label).toBe('data(label)');
    expect(find(buildStylesheet(model, { edgeLabels: false }) as Block[], 'edge')!.label).toBe('');
  });

  it('when a type name is not a plain identifier, then no selector is built from it', () => {
    const evil: ModelResponse = {
      ...model,
      nodeTypes: {
        'X"],node[id': {
          description: '',
          display: 'name',
          style: { color: '#000', icon: 'x', shape: 'ellipse' },
        },
      },
    };
    expect((buildStylesheet(evil) as Block[]).some((b) => b.selector.includes('X"'))).toBe(false);
  });

  it('when there is no model yet, then the sheet still styles nodes, edges and the state classes', () => {
    const bare = buildStylesheet(null) as Block[];
    for (const selector of ['node', 'edge', '.filtered', '.hidden', 'node.path', '.faded', 'node:selected']) {
      expect(find(bare, selector), selector).toBeDefined();
    }
  });

  it('when the same model is given twice, then the same array comes out', () => {
    expect(buildStylesheet(model)).toEqual(buildStylesheet(model));
  });
});

describe('client colours', () => {
  it('when ink is chosen for a fill, then it is the one with more contrast', () => {
    expect(inkOn('#ffffff')).toBe('#1d2330');
    expect(inkOn('#1F77B4')).toBe('#ffffff');
    expect(inkOn('#98DF8A')).toBe('#1d2330');
  });

  it('when every model colour gets its ink, then the icon contrast is at least 3:1', () => {
    for (const def of Object.values(model.nodeTypes)) {
      expect(contrastRatio(def.style.color, inkOn(def.style.color)), def.style.color).toBeGreaterThanOrEqual(
        3,
      );
    }
  });

  it('when a colour is darkened, then it is darker and keeps the #rrggbb form', () => {
    expect(darken('#ffffff', 0.5)).toBe('#808080');
    expect(darken('#abc', 0)).toBe('#aabbcc');
    expect(darken('not-a-colour')).toBe('not-a-colour');
  });
});
