import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readGexf, readGraphMl } from '../support/graph-readers.js';
import {
  propertyText,
  rgbOf,
  stripNonXml,
  toGexf,
  toGraphMl,
  type GraphSnapshot,
} from '../../client/src/graph-formats.js';

const HOSTILE = 'A & B <script>"x"</script> \'q\'\u0001\u0007\u001F tab\there\nline ]]> \uD800 end';

function sample(): GraphSnapshot {
  return {
    title: 'case & co',
    nodes: [
      {
        key: 'person:alice',
        type: 'Person',
        label: 'Alice',
        colour: '#2563eb',
        x: 10.123,
        y: 20,
        size: 30,
        properties: { nationality: ['FR', 'BE'], born: '1970', label: 'clash' },
      },
      {
        key: 'org:acme&<">',
        type: 'Organisation',
        label: HOSTILE,
        colour: 'rgb(220, 38, 38)',
        x: -5,
        y: -7.5,
        size: 40,
        properties: { [`odd "name" <&>`]: HOSTILE, meta: { a: 1 } },
      },
      {
        key: 'person:bob',
        type: 'Person',
        label: 'Bob',
        colour: '#abc',
        x: 0,
        y: 0,
        size: 30,
        properties: {},
      },
    ],
    edges: [
      {
        key: 'fact:1',
        type: 'DIRECTOR_OF',
        source: 'person:alice',
        target: 'org:acme&<">',
        status: 'confirmed',
        confidence: 0.9,
        claim: HOSTILE,
        sources: ['src:a', 'src:b'],
        validFrom: '2019-01-01',
        validTo: '2020-12-31',
        properties: { role: 'chair' },
      },
      {
        key: 'fact:2',
        type: 'KNOWS',
        source: 'person:bob',
        target: 'person:alice',
        properties: {},
      },
    ],
  };
}

describe('graph formats: GraphML', () => {
  it('when the canvas becomes GraphML, then a parser reads the same nodes and links back', () => {
    const s = sample();
    const g = readGraphMl(toGraphMl(s));
    expect(g.nodes.map((n) => n.id)).toEqual(s.nodes.map((n) => n.key));
    expect(g.edges.map((e) => [e.id, e.source, e.target])).toEqual(
      s.edges.map((e) => [e.key, e.source, e.target]),
    );
  });

  it('when attributes are written, then each is declared once as a key and types, colours and positions are carried', () => {
    const g = readGraphMl(toGraphMl(sample()));
    const names = g.keys.map((k) => `${String(k['@for'])}:${String(k['@attr.name'])}`);
    expect(new Set(names).size).toBe(names.length);
    for (const n of ['type', 'label', 'color', 'x', 'y', 'size']) expect(names).toContain(`node:${n}`);
    for (const n of ['label', 'status', 'confidence', 'claim', 'sources', 'validFrom', 'validTo', 'date'])
      expect(names).toContain(`edge:${n}`);
    const alice = g.nodes[0]!.data;
    expect(alice).toMatchObject({ type: 'Person', label: 'Alice', color: '#2563eb', x: '10.12', y: '-20' });
    expect(alice.nationality).toBe('FR; BE');
    // A property named like a column of the writer's own does not overwrite it.
    expect(alice['property.label']).toBe('clash');
    expect(g.nodes[1]!.data.color).toBe('#dc2626');
    expect(g.nodes[2]!.data.color).toBe('#aabbcc');
    expect(g.edges[0]!.data).toMatchObject({
      label: 'DIRECTOR_OF',
      type: 'DIRECTOR_OF',
      status: 'confirmed',
      confidence: '0.9',
      sources: 'src:a; src:b',
      validFrom: '2019-01-01',
      role: 'chair',
    });
    expect(g.keys.find((k) => k['@attr.name'] === 'x')!['@attr.type']).toBe('double');
  });

  it('when names hold markup, quotes and control characters, then they are escaped or dropped and the file parses', () => {
    const xml = toGraphMl(sample());
    for (const c of ['\u0001', '\u0007', '\u001F']) expect(xml).not.toContain(c);
    expect(xml).not.toContain('<script>');
    const g = readGraphMl(xml);
    expect(g.nodes[1]!.id).toBe('org:acme&<">');
    const label = g.nodes[1]!.data.label!;
    expect(label).toContain('A & B <script>"x"</script>');
    expect(label).toContain('tab\there\nline ]]>');
    expect(label).not.toContain('\uD800');
    expect(g.nodes[1]!.data[`odd "name" <&>`]).toContain('<script>');
  });

  it('when a link ends outside the snapshot or a key is repeated, then the file stays valid', () => {
    const s = sample();
    s.edges.push({ key: 'fact:3', type: 'KNOWS', source: 'person:bob', target: 'gone', properties: {} });
    s.nodes.push({ ...s.nodes[0]! });
    const g = readGraphMl(toGraphMl(s));
    expect(g.nodes).toHaveLength(3);
    expect(g.edges).toHaveLength(2);
  });
});

describe('graph formats: GEXF', () => {
  it('when the canvas becomes GEXF 1.3, then namespaces, meta, counts and link labels are right', () => {
    const s = sample();
    const g = readGexf(toGexf(s, new Date('2024-05-01T00:00:00Z')));
    expect(g.root['@xmlns']).toBe('http://gexf.net/1.3');
    expect(g.root['@xmlns:viz']).toBe('http://gexf.net/1.3/viz');
    expect(g.root.meta.creator).toBe('casegraph');
    expect(g.nodes.map((n) => n.id)).toEqual(s.nodes.map((n) => n.key));
    expect(g.edges.map((e) => [e.id, e.source, e.target, e.label])).toEqual(
      s.edges.map((e) => [e.key, e.source, e.target, e.type]),
    );
    const classes = g.root.graph.attributes.map((a) => a['@class']);
    expect(classes).toEqual(['node', 'edge']);
  });

  it('when nodes are written, then colour, position (y up, as Gephi draws) and size are viz elements', () => {
    const g = readGexf(toGexf(sample()));
    expect(g.nodes[0]!.color).toMatchObject({ '@r': '37', '@g': '99', '@b': '235' });
    expect(g.nodes[0]!.position).toMatchObject({ '@x': '10.12', '@y': '-20', '@z': '0' });
    expect(g.nodes[0]!.size).toMatchObject({ '@value': '30' });
    expect(g.nodes[1]!.color).toMatchObject({ '@r': '220', '@g': '38', '@b': '38' });
    expect(g.nodes[0]!.values).toMatchObject({ type: 'Person', nationality: 'FR; BE' });
    expect(g.nodes[1]!.label).toContain('A & B <script>');
    expect(g.edges[0]!.values).toMatchObject({
      status: 'confirmed',
      confidence: '0.9',
      sources: 'src:a; src:b',
      validTo: '2020-12-31',
    });
    expect(g.edges[0]!.values.claim).toContain('line ]]>');
  });
});

describe('graph formats: helpers', () => {
  it('when a colour is hex, short hex, rgb() or junk, then it reads as r, g, b', () => {
    expect(rgbOf('#ff0080')).toEqual([255, 0, 128]);
    expect(rgbOf('#f08')).toEqual([255, 0, 136]);
    expect(rgbOf('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
    expect(rgbOf('not a colour')).toEqual([128, 128, 128]);
  });

  it('when a property is a list, an object or null, then it reads as one cell', () => {
    expect(propertyText(['a', 1, true])).toBe('a; 1; true');
    expect(propertyText({ a: 1 })).toBe('{"a":1}');
    expect(propertyText(null)).toBeUndefined();
  });
});

describe('graph formats: any input', () => {
  const text = fc.string({ unit: 'binary', maxLength: 20 });
  const value = fc.oneof(
    text,
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(text, { maxLength: 3 }),
  );
  const snapshot = fc
    .uniqueArray(
      fc.record({
        key: text,
        type: text,
        label: text,
        colour: fc.oneof(text, fc.constant('#123456')),
        x: fc.double(),
        y: fc.double(),
        size: fc.double(),
        properties: fc.dictionary(text, value, { maxKeys: 4 }),
      }),
      { selector: (n) => stripNonXml(n.key), minLength: 1, maxLength: 8 },
    )
    .chain((nodes) =>
      fc
        .array(
          fc.record({
            key: text,
            type: text,
            source: fc.constantFrom(...nodes.map((n) => n.key)),
            target: fc.constantFrom(...nodes.map((n) => n.key)),
            claim: fc.option(text, { nil: undefined }),
            confidence: fc.option(fc.double(), { nil: undefined }),
            sources: fc.option(fc.array(text, { maxLength: 3 }), { nil: undefined }),
            properties: fc.dictionary(text, value, { maxKeys: 3 }),
          }),
          { maxLength: 10 },
        )
        .map((edges): GraphSnapshot => ({ nodes, edges })),
    );

  it('when labels and properties are random text, then both formats always parse with the same counts', () => {
    fc.assert(
      fc.property(snapshot, (s) => {
        const gml = readGraphMl(toGraphMl(s));
        const gexf = readGexf(toGexf(s));
        expect(gml.nodes).toHaveLength(s.nodes.length);
        expect(gml.edges).toHaveLength(s.edges.length);
        expect(gexf.nodes).toHaveLength(s.nodes.length);
        expect(gexf.edges).toHaveLength(s.edges.length);
      }),
      { numRuns: 200 },
    );
  });
});
