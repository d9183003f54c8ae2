import neo4j, { type Integer } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { GraphMapper } from '../../server/mapping/graph-mapper.js';
import { parseKey } from '../../server/mapping/keys.js';
import { findElements, mapResult, missingEndpoints } from '../../server/mapping/result-mapper.js';
import { toJson } from '../../server/mapping/values.js';
import { loadModel } from '../../server/model/model.js';

const { Node, Relationship, Path, PathSegment, Point, Date: CypherDate, DateTime, Duration } = neo4j.types;
const mapper = new GraphMapper(loadModel());

let counter = 0;
function node(labels: string[], properties: Record<string, unknown>, elementId = `4:db:${++counter}`) {
  return new Node(neo4j.int(counter), labels, properties, elementId);
}
function rel(
  type: string,
  start: InstanceType<typeof Node>,
  end: InstanceType<typeof Node>,
  properties: Record<string, unknown> = {},
) {
  counter++;
  return new Relationship<Integer>(
    neo4j.int(counter),
    start.identity as Integer,
    end.identity as Integer,
    type,
    properties,
    `5:db:${counter}`,
    start.elementId,
    end.elementId,
  );
}

const person = node(['Entity', 'Person'], {
  id: 'person:ramos',
  name: 'Vincent Ramos',
  aliases: ['Vince'],
  aliasText: 'Vince',
  summaryJson: '{}',
  born: new CypherDate(neo4j.int(1977), neo4j.int(5), neo4j.int(2)),
});
const company = node(['Organisation', 'Entity'], { id: 'org:ps', name: 'Phantom Secure' });
const leads = rel('LEADS', person, company, {
  id: 'fact:leads',
  claim: 'Ramos ran it.',
  status: 'confirmed',
  confidence: 0.9,
  sources: ['src:news'],
  validFrom: '2008',
  role: 'CEO',
  attribution: 'a court',
});

describe('toJson', () => {
  it('when an Integer fits in a double, then it is a number; when not, then a decimal string', () => {
    expect(toJson(neo4j.int(42))).toBe(42);
    expect(toJson(neo4j.int('9007199254740993'))).toBe('9007199254740993');
    expect(toJson(neo4j.int(-5))).toBe(-5);
    expect(toJson(12n)).toBe(12);
    expect(toJson(2n ** 60n)).toBe('1152921504606846976');
  });

  it('when values are temporal, then they are ISO strings', () => {
    expect(toJson(new CypherDate(neo4j.int(2018), neo4j.int(3), neo4j.int(7)))).toBe('2018-03-07');
    expect(
      toJson(
        new DateTime(
          neo4j.int(2018),
          neo4j.int(3),
          neo4j.int(7),
          neo4j.int(10),
          neo4j.int(0),
          neo4j.int(0),
          neo4j.int(0),
          neo4j.int(0),
        ),
      ),
    ).toBe('2018-03-07T10:00:00Z');
    expect(toJson(new Duration(neo4j.int(12), neo4j.int(0), neo4j.int(0), neo4j.int(0)))).toBe('P1Y');
  });

  it('when a value is spatial, then it is a small point object', () => {
    expect(toJson(new Point(neo4j.int(7203), 1.5, 2.5))).toEqual({
      kind: 'point',
      srid: 7203,
      x: 1.5,
      y: 2.5,
    });
    expect(toJson(new Point(neo4j.int(4979), 1, 2, 3))).toEqual({
      kind: 'point',
      srid: 4979,
      x: 1,
      y: 2,
      z: 3,
    });
  });

  it('when lists and maps nest driver values, then they are converted all the way down', () => {
    expect(toJson({ a: [neo4j.int(1), { b: neo4j.int(2) }], c: null, d: undefined })).toEqual({
      a: [1, { b: 2 }],
      c: null,
      d: null,
    });
  });

  it('when numbers are not finite or bytes are given, then the JSON stays valid', () => {
    expect(toJson(NaN)).toBe('NaN');
    expect(toJson(Infinity)).toBe('Infinity');
    expect(toJson(new Uint8Array([1, 2, 3]))).toEqual({ kind: 'bytes', base64: 'AQID' });
  });

  it('when a node has no renderer, then it is described without any id', () => {
    expect(toJson(company)).toEqual({ kind: 'node', labels: ['Organisation', 'Entity'] });
  });
});

describe('GraphMapper', () => {
  it('when a node is one of our entities, then it is keyed by id, typed by the model and shows its name', () => {
    const mapped = mapper.node(person, 3);
    expect(mapped).toEqual({
      id: 'person:ramos',
      labels: ['Entity', 'Person'],
      type: 'Person',
      label: 'Vincent Ramos',
      properties: { aliases: ['Vince'], born: '1977-05-02', id: 'person:ramos', name: 'Vincent Ramos' },
      degree: 3,
    });
    expect(JSON.stringify(mapped)).not.toMatch(/low|high|identity|elementId|aliasText|summaryJson/);
  });

  it('when a node follows no convention, then key, type and label fall back step by step', () => {
    const planet = node(['Planet'], { title: 'Kepler-22b', mass: neo4j.int(36) }, '4:x:99');
    expect(mapper.node(planet)).toMatchObject({ id: 'eid:4:x:99', type: 'Planet', label: 'Kepler-22b' });
    const star = node(['Star'], { designation: 'Kepler-22', code: 'K22' });
    expect(mapper.node(star).label).toBe('K22');
    const rock = node(['Rock'], { weight: neo4j.int(3) });
    expect(mapper.node(rock).label).toBe('Rock');
    const bare = node([], {});
    expect(mapper.node(bare)).toMatchObject({ type: 'Node', label: 'Node' });
    const idOnly = node(['Thing'], { id: neo4j.int(7) });
    expect(mapper.node(idOnly)).toMatchObject({ label: '7', properties: { id: 7 } });
    expect(mapper.node(idOnly).id.startsWith('eid:')).toBe(true);
  });

  it('when a node has an id but not the Entity label, then it keeps the element-id key', () => {
    const foreign = node(['Person'], { id: 'p1', name: 'X' }, '4:y:1');
    expect(mapper.node(foreign)).toMatchObject({ id: 'eid:4:y:1', type: 'Person', label: 'X' });
  });

  it('when a fact carries provenance, then it is lifted out of the properties', () => {
    expect(mapper.edge(leads, 'person:ramos', 'org:ps')).toEqual({
      id: 'fact:leads',
      type: 'LEADS',
      source: 'person:ramos',
      target: 'org:ps',
      properties: { attribution: 'a court', role: 'CEO' },
      status: 'confirmed',
      confidence: 0.9,
      claim: 'Ramos ran it.',
      sources: ['src:news'],
      validFrom: '2008',
    });
  });

  it('when a relationship type is unknown or its fields are odd, then nothing is lost and the key falls back', () => {
    const odd = rel('ORBITS', person, company, { id: neo4j.int(3), status: 'rumoured', confidence: 'high' });
    const edge = mapper.edge(odd, 'a', 'b');
    expect(edge.id).toMatch(/^eid:5:db:/);
    expect(edge.status).toBeUndefined();
    expect(edge.properties).toEqual({ id: 3, status: 'rumoured', confidence: 'high' });
  });
});

describe('mapResult', () => {
  it('when rows hold nodes, relationships and paths, then the graph has each once and the table refers by key', () => {
    const path = new Path(person, company, [new PathSegment(person, leads, company)]);
    const result = mapResult(
      mapper,
      ['p', 'n', 'list'],
      [
        [path, person, [leads, { nested: company }]],
        [path, company, []],
      ],
    );
    expect(result.graph.nodes.map((n) => n.id).sort()).toEqual(['org:ps', 'person:ramos']);
    expect(result.graph.edges.map((e) => e.id)).toEqual(['fact:leads']);
    expect(result.table.columns).toEqual(['p', 'n', 'list']);
    expect(result.table.rows[0]).toEqual([
      { kind: 'path', nodes: ['person:ramos', 'org:ps'], edges: ['fact:leads'], length: 1 },
      { kind: 'node', id: 'person:ramos', type: 'Person', label: 'Vincent Ramos' },
      [
        { kind: 'relationship', id: 'fact:leads', type: 'LEADS', source: 'person:ramos', target: 'org:ps' },
        { nested: { kind: 'node', id: 'org:ps', type: 'Organisation', label: 'Phantom Secure' } },
      ],
    ]);
  });

  it('when a relationship comes without its ends, then they are named as missing and joined when fetched', () => {
    const found = findElements([leads]);
    expect(missingEndpoints(found).sort()).toEqual([company.elementId, person.elementId].sort());
    const without = mapResult(mapper, ['r'], [[leads]]);
    expect(without.graph.edges).toEqual([]);
    expect(without.table.rows[0]![0]).toMatchObject({ source: null, target: null });
    const withEnds = mapResult(mapper, ['r'], [[leads]], [person, company]);
    expect(withEnds.graph.edges).toHaveLength(1);
    expect(withEnds.table.rows[0]![0]).toMatchObject({ source: 'person:ramos', target: 'org:ps' });
  });

  it('when scalars come back, then the table holds plain JSON and the graph is empty', () => {
    const result = mapResult(mapper, ['n', 'big'], [[neo4j.int(1), neo4j.int('9223372036854775807')]]);
    expect(result).toEqual({
      graph: { nodes: [], edges: [] },
      table: { columns: ['n', 'big'], rows: [[1, '9223372036854775807']] },
    });
  });
});

describe('parseKey', () => {
  it('when a key starts with eid:, then it is an element id; else a stable id', () => {
    expect(parseKey('eid:4:abc:12')).toEqual({ by: 'elementId', elementId: '4:abc:12' });
    expect(parseKey('org:phantom-secure')).toEqual({ by: 'id', id: 'org:phantom-secure' });
  });
});
