import { describe, expect, it } from 'vitest';
import {
  exportFileName,
  notesOnGraph,
  shapeMarkup,
  toCsv,
  toGraphJson,
  toSvg,
} from '../../client/src/export-format.js';
import { describeOption, expandOptions, nextPageSize, summaryTotal } from '../../client/src/expand.js';
import { shortcutFor } from '../../client/src/keyboard.js';
import {
  collectParams,
  defaultText,
  detectParameters,
  guessSpec,
  parseParam,
} from '../../client/src/query-form.js';
import { withQuery } from '../../client/src/api.js';

describe('client exports', () => {
  it('when a table becomes CSV, then quotes, commas, newlines and objects are escaped', () => {
    const csv = toCsv({
      columns: ['name', 'note'],
      rows: [
        ['A, B', 'say "hi"\nbye'],
        [null, { k: 1 }],
      ],
    });
    expect(csv).toBe('name,note\r\n"A, B","say ""hi""\nbye"\r\n,"{""k"":1}"\r\n');
  });

  it('when a cell looks like a spreadsheet formula, then it is defused with a quote', () => {
    expect(toCsv({ columns: ['x'], rows: [['=HYPERLINK("http://evil")'], ['-1+2'], ['@SUM(A1)']] })).toBe(
      'x\r\n"\'=HYPERLINK(""http://evil"")"\r\n\'-1+2\r\n\'@SUM(A1)\r\n',
    );
  });

  it('when a cell holds a node, a relationship or a list of them, then it reads as labels', () => {
    const node = { kind: 'node', id: 'org:x', label: 'Acme', type: 'Organisation' };
    expect(
      toCsv({
        columns: ['n', 'r', 'l'],
        rows: [[node, { kind: 'relationship', id: 'f1', type: 'SUPPLIED' }, [node, node]]],
      }),
    ).toBe('n,r,l\r\nAcme (Organisation),SUPPLIED,"Acme (Organisation), Acme (Organisation)"\r\n');
  });

  it('when the graph becomes JSON, then it keeps the contract shape', () => {
    const json = JSON.parse(toGraphJson({ nodes: [], edges: [] }, { exportedAt: 'now' }));
    expect(json).toEqual({ exportedAt: 'now', nodes: [], edges: [] });
  });

  it('when a view becomes SVG, then shapes, edges and escaped labels are drawn', () => {
    const svg = toSvg({
      nodes: [
        {
          x: 0,
          y: 0,
          width: 30,
          height: 30,
          shape: 'ellipse',
          fill: '#f00',
          stroke: '#000',
          strokeWidth: 1,
          label: 'A & <B>',
        },
        {
          x: 100,
          y: 0,
          width: 30,
          height: 30,
          shape: 'round-hexagon',
          fill: '#0f0',
          stroke: '#000',
          strokeWidth: 1,
          label: 'C',
        },
      ],
      edges: [{ x1: 0, y1: 0, x2: 100, y2: 0, color: '#999', width: 2, dashed: true, label: 'knows' }],
    });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<ellipse');
    expect(svg).toContain('<polygon');
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('A &amp; &lt;B&gt;');
    expect(svg).not.toContain('<B>');
  });

  it('when a label is wider than its node, then the drawing is wide enough for all of it', () => {
    const label = 'Phantom Security Communications Incorporated';
    const node = {
      y: 0,
      width: 30,
      height: 30,
      shape: 'ellipse',
      fill: '#f00',
      stroke: '#000',
      strokeWidth: 1,
    };
    const svg = toSvg(
      {
        nodes: [
          { ...node, x: 0, label },
          { ...node, x: 400, label },
        ],
        edges: [],
      },
      10,
    );
    const [minX, , width] = svg
      .match(/viewBox="([^"]+)"/)![1]!
      .split(' ')
      .map(Number);
    // 11 px system-ui averages over half an em per character: half the label on each side of x.
    const half = (label.length * 11 * 0.55) / 2;
    expect(minX!).toBeLessThanOrEqual(-half);
    expect(minX! + width!).toBeGreaterThanOrEqual(400 + half);
  });

  it('when two labels would overlap in the drawing, then only the more important one is written', () => {
    const node = {
      y: 0,
      width: 30,
      height: 30,
      shape: 'ellipse',
      fill: '#f00',
      stroke: '#000',
      strokeWidth: 1,
    };
    const svg = toSvg({
      nodes: [
        { ...node, x: 0, label: 'Phantom Secure network', priority: 22 },
        { ...node, x: 40, label: 'Subscriber 1', priority: 1 },
        { ...node, x: 400, label: 'Far away', priority: 1 },
      ],
      edges: [],
    });
    expect(svg).toContain('>Phantom Secure network</text>');
    expect(svg).not.toContain('>Subscriber 1</text>');
    expect(svg).toContain('>Far away</text>');
  });

  it('when a shape is unknown, then it is still drawn (as an octagon)', () => {
    expect(
      shapeMarkup({
        x: 0,
        y: 0,
        width: 10,
        height: 10,
        shape: 'blob',
        fill: '#000',
        stroke: '#000',
        strokeWidth: 1,
        label: '',
      }),
    ).toContain('<polygon');
  });

  it('when a file is named, then it carries a timestamp without colons', () => {
    expect(exportFileName('png', new Date('2024-05-01T10:11:12Z'))).toBe('casegraph-2024-05-01T10-11-12.png');
  });
});

describe('client expand menu', () => {
  const summary = [
    { relType: 'SUPPLIED', direction: 'out' as const, neighbourType: 'Organisation', count: 8 },
    { relType: 'SUPPLIED', direction: 'out' as const, neighbourType: 'Person', count: 4 },
    { relType: 'SUPPLIED', direction: 'in' as const, neighbourType: 'Person', count: 1 },
    { relType: 'BASED_IN', direction: 'out' as const, neighbourType: 'Country', count: 1 },
  ];

  it('when a summary is grouped, then each type and direction has its count and neighbour types, largest first', () => {
    const options = expandOptions(summary, new Map([['SUPPLIED|out', 3]]));
    expect(options.map((o) => [o.relType, o.direction, o.count, o.onCanvas])).toEqual([
      ['SUPPLIED', 'out', 12, 3],
      ['BASED_IN', 'out', 1, 0],
      ['SUPPLIED', 'in', 1, 0],
    ]);
    expect(describeOption(options[0]!)).toBe('→ SUPPLIED · 12 (Organisation 8, Person 4)');
    expect(summaryTotal(summary)).toBe(14);
  });

  it('when pages are sized, then never more than the cap and never negative', () => {
    expect(nextPageSize(140)).toBe(25);
    expect(nextPageSize(7)).toBe(7);
    expect(nextPageSize(-3)).toBe(0);
  });
});

describe('client keyboard shortcuts', () => {
  it('when keys are pressed on the page, then they map to actions', () => {
    expect(shortcutFor({ key: '/' })).toBe('focus-search');
    expect(shortcutFor({ key: '?' })).toBe('help');
    expect(shortcutFor({ key: 'Delete' })).toBe('delete');
    expect(shortcutFor({ key: 'z', ctrlKey: true })).toBe('undo');
    expect(shortcutFor({ key: 'Z', ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(shortcutFor({ key: 'y', metaKey: true })).toBe('redo');
    expect(shortcutFor({ key: 'Escape', inTextField: true })).toBe('escape');
  });

  it('when typing in a text field, then letters, Delete and Ctrl+Z stay with the field', () => {
    for (const key of ['/', 'e', 'Delete', '?']) expect(shortcutFor({ key, inTextField: true })).toBeNull();
    expect(shortcutFor({ key: 'z', ctrlKey: true, inTextField: true })).toBeNull();
  });
});

describe('client saved-query forms', () => {
  it('when values are parsed, then they get the parameter type or a message', () => {
    expect(parseParam({ name: 'n', type: 'integer', label: 'Limit', required: true, max: 10 }, '12')).toEqual(
      { error: 'Limit must be at most 10' },
    );
    expect(parseParam({ name: 'n', type: 'integer', label: 'Limit', required: true }, '1.5')).toEqual({
      error: 'Limit must be a whole number',
    });
    expect(parseParam({ name: 'd', type: 'date', label: 'Date', required: true }, '2018-03-08')).toEqual({
      value: '2018-03-08',
    });
    expect(parseParam({ name: 's', type: 'string[]', label: 'S', required: false }, 'a, b,,c')).toEqual({
      value: ['a', 'b', 'c'],
    });
    expect(parseParam({ name: 'b', type: 'boolean', label: 'B', required: true }, false)).toEqual({
      value: false,
    });
    expect(
      parseParam({ name: 'k', type: 'string', label: 'Kind', required: true, options: ['a'] }, 'b').error,
    ).toMatch(/one of a/);
  });

  it('when a form is collected, then defaults fill blanks and every problem is reported at once', () => {
    const specs = [
      { name: 'entity', type: 'entity' as const, label: 'Entity', required: true },
      { name: 'limit', type: 'integer' as const, label: 'Limit', required: false, default: 25 },
      { name: 'since', type: 'date' as const, label: 'Since', required: true },
    ];
    expect(collectParams(specs, { entity: null, limit: '', since: 'x' })).toEqual({
      params: { limit: 25 },
      errors: {
        entity: 'Entity is required',
        since: 'Since must be a date written YYYY, YYYY-MM or YYYY-MM-DD',
      },
    });
  });

  it('when a date parameter is a year or a month, then it is taken as the server takes it', () => {
    const since = { name: 'since', type: 'date' as const, label: 'Since', required: true };
    for (const ok of ['2016', '2016-03', '2016-02-29']) expect(parseParam(since, ok)).toEqual({ value: ok });
    for (const bad of ['16', '2016-13', '2017-02-29', '2016-3', 'soon']) {
      expect(parseParam(since, bad).error, bad).toMatch(/YYYY, YYYY-MM or YYYY-MM-DD/);
    }
    expect(defaultText({ ...since, default: '2016' })).toBe('2016');
    expect(defaultText({ ...since, default: undefined })).toBeNull();
  });

  it('when Cypher uses parameters, then they are found once each, not in comments or strings', () => {
    const cypher =
      "// $ignored\nMATCH (p {id: $person}) WHERE p.name <> '$notOne' RETURN p LIMIT $limit /* $no */ // $person";
    expect(detectParameters(cypher)).toEqual(['person', 'limit']);
    expect(guessSpec('person').type).toBe('string');
    expect(guessSpec('entityId').type).toBe('entity');
    expect(guessSpec('limit').type).toBe('integer');
    expect(guessSpec('asOf')).toMatchObject({ type: 'date', label: 'As Of' });
  });
});

describe('client API URLs', () => {
  it('when a query string is built, then empty values are left out and lists are joined', () => {
    expect(
      withQuery('/api/x', { q: 'a b', types: ['A', 'B'], limit: 5, cursor: undefined, empty: '', none: [] }),
    ).toBe('/api/x?q=a+b&types=A%2CB&limit=5');
    expect(withQuery('/api/x')).toBe('/api/x');
  });
});

describe('notesOnGraph', () => {
  it('when a workspace is exported, then only notes on its entities and links go with it, oldest first', () => {
    const note = (id: string, target: string, createdAt: string) => ({
      id,
      author: 'sara',
      target,
      workspaceId: null,
      scope: 'case' as const,
      text: `on ${target}`,
      createdAt,
      updatedAt: createdAt,
    });
    const payload = {
      nodes: [{ id: 'org:a', labels: ['Organisation'], type: 'Organisation', label: 'A', properties: {} }],
      edges: [{ id: 'fact:x', type: 'OWNS', source: 'org:a', target: 'org:a', properties: {} }],
    };
    const kept = notesOnGraph(
      [
        note('n3', 'fact:x', '2026-01-03'),
        note('n1', 'org:gone', '2026-01-01'),
        note('n2', 'org:a', '2026-01-02'),
      ],
      payload,
    );
    expect(kept.map((n) => (n as { id: string }).id)).toEqual(['n2', 'n3']);
  });
});
