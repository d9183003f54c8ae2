import { describe, expect, it } from 'vitest';
import type { GraphPayload, JsonValue } from '../../server/contract.js';
import { resultCellText, shouldFold, sortedRowIndexes } from '../../client/src/result-table.js';

const graph: GraphPayload = {
  nodes: [
    { id: 'person:ramos', type: 'Person', label: 'Vincent Ramos', properties: {} },
    { id: 'org:phantom', type: 'Organisation', label: 'Phantom Secure', properties: {} },
    { id: 'org:sinaloa', type: 'Organisation', label: 'Sinaloa Cartel', properties: {} },
  ],
  edges: [
    { id: 'f1', type: 'FOUNDED', source: 'person:ramos', target: 'org:phantom', properties: {} },
    { id: 'f2', type: 'SUPPLIED', source: 'org:phantom', target: 'org:sinaloa', properties: {} },
  ],
} as unknown as GraphPayload;

describe('resultCellText', () => {
  it('when a cell holds a path, then it reads as a chain of names and link types, not JSON', () => {
    const path = {
      kind: 'path',
      nodes: ['person:ramos', 'org:phantom', 'org:sinaloa'],
      edges: ['f1', 'f2'],
      length: 2,
    };
    expect(resultCellText(path, graph)).toBe(
      'Vincent Ramos —FOUNDED→ Phantom Secure —SUPPLIED→ Sinaloa Cartel',
    );
  });

  it('when a path is read against a link, then the arrow points back', () => {
    const path = { kind: 'path', nodes: ['org:phantom', 'person:ramos'], edges: ['f1'], length: 1 };
    expect(resultCellText(path, graph)).toBe('Phantom Secure ←FOUNDED— Vincent Ramos');
  });

  it('when a cell holds something else, then it reads as before', () => {
    expect(
      resultCellText(
        { kind: 'node', id: 'org:phantom', type: 'Organisation', label: 'Phantom Secure' },
        graph,
      ),
    ).toBe('Phantom Secure (Organisation)');
    expect(resultCellText(42, graph)).toBe('42');
    expect(resultCellText(null, graph)).toBe('');
  });
});

describe('sortedRowIndexes', () => {
  const rows: JsonValue[][] = [
    ['b', 10],
    ['a', 2],
    [null, 30],
    ['C', 2],
  ];

  it('when sorted by numbers, then numerically, equal ones in their first order, empty last', () => {
    expect(sortedRowIndexes(rows, 1, 'ascending', graph)).toEqual([1, 3, 0, 2]);
    expect(sortedRowIndexes(rows, 1, 'descending', graph)).toEqual([2, 0, 1, 3]);
  });

  it('when sorted by text, then case-insensitively, empty cells last both ways', () => {
    expect(sortedRowIndexes(rows, 0, 'ascending', graph)).toEqual([1, 0, 3, 2]);
    expect(sortedRowIndexes(rows, 0, 'descending', graph)).toEqual([3, 0, 1, 2]);
  });
});

describe('shouldFold', () => {
  it('when a value is long, then it folds; short ones do not', () => {
    expect(shouldFold('x'.repeat(121))).toBe(true);
    expect(shouldFold('x'.repeat(120))).toBe(false);
  });
});
