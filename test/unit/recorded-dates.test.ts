/**
 * The recorded date of a fact (issue 19), without a database: the mapper lifts a fact's own
 * `recorded`; the rest take the earliest date of the sources they cite, partial dates compared
 * by their first day.
 */
import neo4j, { type Integer } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import type { GraphEdge } from '../../server/contract.js';
import { earliestSourceDate, stampRecorded } from '../../server/graph/source-dates.js';
import { GraphMapper } from '../../server/mapping/graph-mapper.js';
import { loadModel } from '../../server/model/model.js';

const { Relationship } = neo4j.types;
const dates = new Map([
  ['src:report', '2018-03'],
  ['src:ledger', '2019-05-02'],
  ['src:book', '2018'],
]);
const edge = (over: Partial<GraphEdge>): GraphEdge => ({
  id: 'f',
  type: 'SUPPLIED',
  source: 'a',
  target: 'b',
  properties: {},
  ...over,
});

describe('recorded dates', () => {
  it('when a fact cites several dated sources, then the earliest by first day wins, written as the source has it', () => {
    expect(earliestSourceDate(['src:ledger', 'src:report'], dates)).toBe('2018-03');
    expect(earliestSourceDate(['src:report', 'src:book'], dates)).toBe('2018');
    expect(earliestSourceDate(['src:nowhere'], dates)).toBeUndefined();
  });

  it('when edges are stamped, then only those without their own recorded date and with a dated source get one', () => {
    const edges = [
      edge({ id: 'a', sources: ['src:ledger'] }),
      edge({ id: 'b', sources: ['src:ledger'], recorded: '2017-11-02' }),
      edge({ id: 'c', sources: ['src:nowhere'] }),
      edge({ id: 'd' }),
    ];
    stampRecorded(edges, dates);
    expect(edges.map((e) => e.recorded)).toEqual(['2019-05-02', '2017-11-02', undefined, undefined]);
  });

  it('when a relationship has its own recorded property, then the mapper lifts it out of properties', () => {
    const mapper = new GraphMapper(loadModel());
    const r = new Relationship<Integer>(
      neo4j.int(1),
      neo4j.int(2),
      neo4j.int(3),
      'SUPPLIED',
      { id: 'fact:x', recorded: '2017-11-02', date: '2016' },
      '5:db:1',
      '4:db:2',
      '4:db:3',
    );
    const mapped = mapper.edge(r, 'a', 'b');
    expect(mapped.recorded).toBe('2017-11-02');
    expect(mapped.date).toBe('2016');
    expect(mapped.properties.recorded).toBeUndefined();
  });
});
