import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  dateBounds,
  dayNumber,
  defaultFilters,
  edgePasses,
  holdsOn,
  isoFromDay,
  normaliseDate,
  toggle,
  visibleIds,
  type FilterableEdge,
} from '../../client/src/filters.js';

const fact = (over: Partial<FilterableEdge> = {}): FilterableEdge => ({
  type: 'SUPPLIED',
  status: 'reported',
  confidence: 0.8,
  sources: ['s1'],
  ...over,
});

describe('client filters', () => {
  it('when filters are the defaults, then every edge passes and none counts as active', () => {
    expect(edgePasses(fact(), defaultFilters())).toBe(true);
    expect(edgePasses({ type: 'X' }, defaultFilters())).toBe(true);
    expect(activeFilterCount(defaultFilters())).toBe(0);
  });

  it('when a relationship type is switched off, then its edges are hidden', () => {
    expect(edgePasses(fact(), { ...defaultFilters(), hiddenRelTypes: ['SUPPLIED'] })).toBe(false);
  });

  it('when only some statuses are shown, then edges without a status are hidden too', () => {
    const f = { ...defaultFilters(), statuses: ['confirmed' as const] };
    expect(edgePasses(fact({ status: 'confirmed' }), f)).toBe(true);
    expect(edgePasses(fact({ status: 'alleged' }), f)).toBe(false);
    expect(edgePasses({ type: 'X' }, f)).toBe(false);
  });

  it('when a minimum confidence is set, then weaker and unrated facts are hidden', () => {
    const f = { ...defaultFilters(), minConfidence: 0.7 };
    expect(edgePasses(fact({ confidence: 0.7 }), f)).toBe(true);
    expect(edgePasses(fact({ confidence: 0.5 }), f)).toBe(false);
    expect(edgePasses({ type: 'X' }, f)).toBe(false);
  });

  it('when sources are chosen, then only facts citing one of them pass', () => {
    const f = { ...defaultFilters(), sources: ['s2'] };
    expect(edgePasses(fact(), f)).toBe(false);
    expect(edgePasses(fact({ sources: ['s1', 's2'] }), f)).toBe(true);
  });

  it('when "rests on one source" is on, then only facts citing exactly one source pass and it counts as active', () => {
    const f = { ...defaultFilters(), singleSource: true };
    expect(edgePasses(fact({ sources: ['s1'] }), f)).toBe(true);
    expect(edgePasses(fact({ sources: ['s1', 's2'] }), f)).toBe(false);
    expect(edgePasses({ type: 'X' }, f)).toBe(false);
    expect(activeFilterCount(f)).toBe(1);
  });

  it('when partial dates are read, then they widen to the start or end of their period', () => {
    expect(normaliseDate('2018', 'start')).toBe('2018-01-01');
    expect(normaliseDate('2018', 'end')).toBe('2018-12-31');
    expect(normaliseDate('2016-02', 'end')).toBe('2016-02-29');
    expect(normaliseDate('2018-03-08T10:00:00Z', 'start')).toBe('2018-03-08');
    expect(normaliseDate('soon', 'start')).toBeUndefined();
  });

  it('when the network is shown as of a date, then periods hold inside their bounds and events once they happened', () => {
    const period = fact({ validFrom: '2015', validTo: '2017-06' });
    expect(holdsOn(period, '2014-12-31')).toBe(false);
    expect(holdsOn(period, '2016-05-01')).toBe(true);
    expect(holdsOn(period, '2017-06-30')).toBe(true);
    expect(holdsOn(period, '2017-07-01')).toBe(false);
    expect(holdsOn(fact({ validFrom: '2015' }), '2030-01-01')).toBe(true);
    const event = fact({ date: '2018-03-08' });
    expect(holdsOn(event, '2018-03-07')).toBe(false);
    expect(holdsOn(event, '2018-03-08')).toBe(true);
    expect(holdsOn(fact(), '1900-01-01')).toBe(true);
    expect(holdsOn(period, null)).toBe(true);
  });

  it('when visibility is computed, then edges to hidden node types disappear with them', () => {
    const nodes = [
      { id: 'a', type: 'Person' },
      { id: 'b', type: 'Device' },
      { id: 'c', type: 'Person' },
    ];
    const edges = [
      { id: 'e1', source: 'a', target: 'b', ...fact() },
      { id: 'e2', source: 'a', target: 'c', ...fact() },
    ];
    const shown = visibleIds(nodes, edges, { ...defaultFilters(), hiddenNodeTypes: ['Device'] });
    expect([...shown.nodes]).toEqual(['a', 'c']);
    expect([...shown.edges]).toEqual(['e2']);
  });

  it('when date bounds are asked for, then they span every date the edges mention', () => {
    expect(dateBounds([fact()])).toBeNull();
    expect(dateBounds([fact({ validFrom: '2015', validTo: '2017' }), fact({ date: '2018-03-08' })])).toEqual({
      min: '2015-01-01',
      max: '2018-03-08',
    });
  });

  it('when the time slider converts days, then dates round-trip', () => {
    expect(isoFromDay(dayNumber('2018-03-08'))).toBe('2018-03-08');
  });

  it('when a list entry is toggled, then a new list comes back without duplicates', () => {
    const list = ['a'];
    expect(toggle(list, 'a', true)).toEqual(['a']);
    expect(toggle(list, 'b', true)).toEqual(['a', 'b']);
    expect(toggle(list, 'a', false)).toEqual([]);
    expect(list).toEqual(['a']);
  });
});
