import { describe, expect, it } from 'vitest';
import {
  COLUMNS,
  cellText,
  entityRow,
  filterRows,
  keyProperties,
  linkRow,
  sortRows,
} from '../../client/src/canvas-table-rows.js';

const entities = [
  entityRow({ id: 'p1', label: 'Vincent Ramos', type: 'Person', degree: 12, properties: {} }, 3),
  entityRow(
    { id: 'o1', label: 'Phantom Secure', type: 'Organisation', degree: 40, properties: { kind: 'company' } },
    7,
  ),
  entityRow({ id: 'd1', label: 'BlackBerry', type: 'Device', properties: { encrypted: true } }, 1),
];

describe('entityRow and linkRow', () => {
  it('when an entity has short and long properties, then only the short ones show, sorted by name', () => {
    expect(
      keyProperties({
        description: 'A very long description of the entity',
        kind: 'cartel',
        iso2: 'MX',
        n: 3,
      }),
    ).toBe('iso2: MX · kind: cartel · n: 3');
    expect(keyProperties({ encrypted: false, note: 'x'.repeat(60) })).toBe('encrypted: no');
  });

  it('when a link is turned into a row, then its ends read by name and its sources are counted', () => {
    const names = new Map([['p1', 'Vincent Ramos']]);
    const row = linkRow(
      {
        id: 'f1',
        type: 'FOUNDED',
        source: 'p1',
        target: 'o9',
        status: 'confirmed',
        confidence: 0.9,
        sources: ['a', 'b'],
      },
      (id) => names.get(id) ?? id,
    );
    expect(row).toEqual({
      id: 'f1',
      cells: {
        source: 'Vincent Ramos',
        type: 'founded',
        target: 'o9',
        status: 'confirmed',
        confidence: 0.9,
        sources: 2,
      },
    });
  });

  it('when an entity has no degree, then its cell is empty rather than zero', () => {
    expect(entities[2]!.cells.degree).toBeNull();
    expect(cellText(null)).toBe('');
    expect(cellText(0.456)).toBe('0.46');
  });
});

describe('filterRows', () => {
  it('when the filter has several words, then a row must contain every one, in any column', () => {
    const cols = COLUMNS.entities;
    expect(filterRows(entities, cols, 'phantom').map((r) => r.id)).toEqual(['o1']);
    expect(filterRows(entities, cols, 'organisation company').map((r) => r.id)).toEqual(['o1']);
    expect(filterRows(entities, cols, 'RAMOS').map((r) => r.id)).toEqual(['p1']);
    expect(filterRows(entities, cols, '   ')).toHaveLength(3);
    expect(filterRows(entities, cols, 'nothing like it')).toEqual([]);
  });
});

describe('sortRows', () => {
  it('when a numeric column is sorted, then numbers order numerically and empty cells come last', () => {
    expect(sortRows(entities, 'degree', 'ascending').map((r) => r.id)).toEqual(['p1', 'o1', 'd1']);
    expect(sortRows(entities, 'degree', 'descending').map((r) => r.id)).toEqual(['o1', 'p1', 'd1']);
  });

  it('when a text column is sorted, then it follows the reader’s alphabet', () => {
    expect(sortRows(entities, 'label', 'ascending').map((r) => r.id)).toEqual(['d1', 'o1', 'p1']);
  });
});
