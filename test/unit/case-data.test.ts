import neo4j, { type Integer } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { GraphMapper } from '../../server/mapping/graph-mapper.js';
import { mapResult } from '../../server/mapping/result-mapper.js';
import {
  APP_LABELS,
  caseDataPredicate,
  caseDataSlots,
  caseDataStatement,
  isCaseDataLabels,
  isInternalLabel,
  loadModel,
} from '../../server/model/model.js';

const { Node, Relationship, Path, PathSegment } = neo4j.types;
const mapper = new GraphMapper(loadModel());

let counter = 0;
function node(labels: string[], properties: Record<string, unknown> = {}) {
  counter++;
  return new Node(neo4j.int(counter), labels, properties, `4:db:${counter}`);
}
function rel(type: string, start: InstanceType<typeof Node>, end: InstanceType<typeof Node>) {
  counter++;
  return new Relationship<Integer>(
    neo4j.int(counter),
    start.identity as Integer,
    end.identity as Integer,
    type,
    {},
    `5:db:${counter}`,
    start.elementId,
    end.elementId,
  );
}

describe('case data', () => {
  it('when a label starts with _ or is one of the app labels, then it is internal; any other label is case data', () => {
    for (const label of [
      '_User',
      '_Session',
      '_ApiToken',
      '_AuditEvent',
      '_ImportRun',
      '_GraphState',
      '_X',
    ]) {
      expect(isInternalLabel(label), label).toBe(true);
    }
    expect(APP_LABELS).toEqual(['SavedQuery', 'Workspace']);
    for (const label of APP_LABELS) expect(isInternalLabel(label)).toBe(true);
    for (const label of ['Person', 'Entity', 'FxPlanet', 'savedQuery', 'User', 'Node_']) {
      expect(isInternalLabel(label), label).toBe(false);
    }
    expect(isCaseDataLabels(['Entity', 'Person'])).toBe(true);
    expect(isCaseDataLabels(['Galaxy'])).toBe(true);
    expect(isCaseDataLabels([])).toBe(true);
    expect(isCaseDataLabels(['Entity', 'Person', '_Hidden'])).toBe(false);
  });

  it('when the Cypher predicate is made, then it states the same rule and takes only a plain variable', () => {
    expect(caseDataPredicate('n')).toBe(
      "none(label IN labels(n) WHERE label STARTS WITH '_' OR label IN ['SavedQuery', 'Workspace'])",
    );
    expect(() => caseDataPredicate('n) OR true //')).toThrow();
    expect(Object.keys(caseDataSlots('a', 'node'))).toEqual(['caseDataA', 'caseDataNode']);
    expect(caseDataStatement('graph/node-by-element-id', 'n')).toContain(
      'WHERE elementId(n) = $elementId AND none(label IN labels(n)',
    );
  });
});

describe('mapResult and app data', () => {
  const person = node(['Entity', 'Person'], { id: 'person:a', name: 'A' });
  const other = node(['Entity', 'Person'], { id: 'person:b', name: 'B' });
  const user = node(['_User'], { username: 'alice', passwordHash: 'secret' });
  const saved = node(['SavedQuery'], { title: 'mine' });
  const knows = rel('KNOWS', person, other);
  const link = rel('LINK', person, user);

  it('when a row holds an app node anywhere, then the whole row is left out and nothing says so', () => {
    const result = mapResult(
      mapper,
      ['n', 'wrapped'],
      [
        [person, 1],
        [user, 2],
        [person, [saved]],
        [person, { deep: { node: user } }],
      ],
    );
    expect(result.table.rows).toEqual([[expect.objectContaining({ id: 'person:a' }), 1]]);
    expect(result.graph.nodes.map((n) => n.id)).toEqual(['person:a']);
    expect(JSON.stringify(result)).not.toMatch(/alice|secret|_User|SavedQuery|withheld/);
  });

  it('when a relationship or a path touches an app node, then its row is left out', () => {
    const path = new Path(person, user, [new PathSegment(person, link, user)]);
    const result = mapResult(mapper, ['r'], [[knows], [link], [path]], [person, other, user]);
    expect(result.table.rows).toHaveLength(1);
    expect(result.graph.edges.map((e) => e.type)).toEqual(['KNOWS']);
    expect(result.graph.nodes.map((n) => n.id).sort()).toEqual(['person:a', 'person:b']);
  });

  it('when ends could not be fetched and withholding is asked for, then rows with unknown ends are left out', () => {
    expect(mapResult(mapper, ['r'], [[knows]]).table.rows).toHaveLength(1);
    expect(mapResult(mapper, ['r'], [[knows]], [], 'withhold').table.rows).toEqual([]);
  });
});
