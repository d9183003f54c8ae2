/**
 * The time filters of issue 19: a brushed period, undated facts shown or hidden, the network as
 * known on a date, and the timeline histogram they are drawn from. Old saved filters still load.
 */
import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  defaultFilters,
  edgePasses,
  isDated,
  knownBy,
  overlapsPeriod,
  timeCounts,
  type FilterableEdge,
} from '../../client/src/filters.js';
import { timelineBins } from '../../client/src/timeline-bins.js';
import { decodeState, encodeState, sanitiseFilters } from '../../client/src/url-state.js';
import { workspaceStateSchema } from '../../server/workspaces/workspace-store.js';

const fact = (over: Partial<FilterableEdge> = {}): FilterableEdge => ({ type: 'SUPPLIED', ...over });
const period = (from: string, to: string) => ({ from, to });

describe('period filter', () => {
  it('when a validity overlaps the brushed range at either end, then the fact shows', () => {
    const p = period('2017-01-01', '2017-12-31');
    expect(overlapsPeriod(fact({ validFrom: '2016-05', validTo: '2017-02' }), p)).toBe(true);
    expect(overlapsPeriod(fact({ validFrom: '2017-11-30' }), p)).toBe(true);
    expect(overlapsPeriod(fact({ validTo: '2017-01' }), p)).toBe(true);
    expect(overlapsPeriod(fact({ validFrom: '2018-01-01' }), p)).toBe(false);
    expect(overlapsPeriod(fact({ validFrom: '2010', validTo: '2016' }), p)).toBe(false);
  });

  it('when an event date is partial, then it widens to its month or year', () => {
    expect(overlapsPeriod(fact({ date: '2018-03' }), period('2018-03-31', '2018-04-10'))).toBe(true);
    expect(overlapsPeriod(fact({ date: '2018' }), period('2018-12-31', '2019-01-02'))).toBe(true);
    expect(overlapsPeriod(fact({ date: '2018-03-08' }), period('2018-03-09', '2018-04-10'))).toBe(false);
  });

  it('when a fact is undated, then the period leaves it to the undated toggle', () => {
    const f = { ...defaultFilters(), period: period('2017-01-01', '2017-01-31') };
    expect(edgePasses(fact(), f)).toBe(true);
    expect(edgePasses(fact(), { ...f, undated: 'hide' })).toBe(false);
    expect(edgePasses(fact({ date: '2017-01-15' }), { ...f, undated: 'hide' })).toBe(true);
    expect(isDated(fact({ validTo: '2019' }))).toBe(true);
    expect(isDated(fact({ date: 'unknown' }))).toBe(false);
  });
});

describe('known-on filter', () => {
  it('when a fact was recorded after the date, then it hides; on or before, or never recorded, it stays', () => {
    expect(knownBy(fact({ recorded: '2018-03' }), '2018-01-01')).toBe(false);
    expect(knownBy(fact({ recorded: '2018-03' }), '2018-03-01')).toBe(true);
    expect(knownBy(fact(), '2000-01-01')).toBe(true);
    expect(edgePasses(fact({ recorded: '2019-05' }), { ...defaultFilters(), knownOn: '2019-04-30' })).toBe(
      false,
    );
  });

  it('when counting, then undated facts and facts not known when learnt are counted apart', () => {
    expect(
      timeCounts([fact({ date: '2018', recorded: '2018-03' }), fact(), fact({ recorded: '2018' })]),
    ).toEqual({
      dated: 1,
      undated: 2,
      unknownRecorded: 1,
    });
    expect(
      activeFilterCount({
        ...defaultFilters(),
        period: period('2018-01-01', '2018-02-01'),
        undated: 'hide',
        knownOn: '2018-01-01',
      }),
    ).toBe(3);
  });
});

describe('timelineBins', () => {
  it('when facts are dated, then each is one bar count and the bars add up to the dated facts', () => {
    const edges = [
      fact({ date: '2018-03-08', recorded: '2018-03' }),
      fact({ validFrom: '2017-11', validTo: '2018-01', recorded: '2018-03' }),
      fact({ validFrom: '2018-02' }),
      fact({ recorded: '2018-03' }),
    ];
    const t = timelineBins(edges);
    expect(t.unit).toBe('month');
    expect(t.bins.map((b) => b.key)).toEqual(['2017-11', '2017-12', '2018-01', '2018-02', '2018-03']);
    expect(t.bins.reduce((n, b) => n + b.facts, 0)).toBe(t.dated);
    expect(t.dated).toBe(3);
    expect(t.undated).toBe(1);
    expect(t.bins.map((b) => b.periods)).toEqual([1, 1, 1, 1, 1]);
    expect(t.bins.find((b) => b.key === '2018-03')).toMatchObject({ facts: 1, events: 1, recorded: 3 });
  });

  it('when the span is long, then the bins are years', () => {
    const t = timelineBins([fact({ date: '2001' }), fact({ date: '2018-03' })]);
    expect(t.unit).toBe('year');
    expect(t.bins).toHaveLength(18);
    expect(t.bins[0]).toMatchObject({ key: '2001', start: '2001-01-01', end: '2001-12-31', facts: 1 });
  });

  it('when nothing is dated, then there are no bins and every fact counts as undated', () => {
    expect(timelineBins([fact(), fact()])).toEqual({
      unit: 'month',
      bins: [],
      dated: 0,
      undated: 2,
      unknownRecorded: 2,
    });
  });
});

describe('saved filters across versions', () => {
  const oldFilters = {
    hiddenNodeTypes: ['Device'],
    hiddenRelTypes: [],
    statuses: [],
    minConfidence: 0,
    sources: [],
    asOf: '2018-03-08',
  };

  it('when a workspace saved before the time fields loads, then it validates and its as-of still filters', () => {
    const parsed = workspaceStateSchema.parse({ nodes: [], filters: oldFilters, layout: 'preset' });
    const f = sanitiseFilters(parsed.filters);
    expect(f).toMatchObject({ asOf: '2018-03-08', period: null, undated: 'show', knownOn: null });
    expect(edgePasses(fact({ date: '2019' }), f)).toBe(false);
    expect(edgePasses(fact({ date: '2017' }), f)).toBe(true);
  });

  it('when the new fields are saved, then the server schema accepts them and refuses a reversed period with 4xx detail', () => {
    const filters = {
      ...oldFilters,
      period: period('2018-01-01', '2018-06-30'),
      undated: 'hide',
      knownOn: '2018-04-01',
    };
    expect(workspaceStateSchema.safeParse({ nodes: [], filters, layout: 'preset' }).success).toBe(true);
    const reversed = { ...filters, period: period('2018-06-30', '2018-01-01') };
    expect(workspaceStateSchema.safeParse({ nodes: [], filters: reversed, layout: 'preset' }).success).toBe(
      false,
    );
  });

  it('when a share link carries the time fields, then they come back; damaged ones read as defaults', () => {
    const filters = {
      ...defaultFilters(),
      period: period('2018-01-01', '2018-06-30'),
      undated: 'hide' as const,
      knownOn: '2018-04-01',
    };
    const state = decodeState(encodeState({ nodes: [], filters, layout: 'preset' }));
    expect(state.filters).toEqual(filters);
    expect(
      sanitiseFilters({ period: { from: 'x', to: '2018-01-01' }, undated: 'maybe', knownOn: 5 }),
    ).toEqual(defaultFilters());
  });
});
