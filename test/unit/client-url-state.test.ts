import { describe, expect, it } from 'vitest';
import type { WorkspaceState } from '../../server/contract.js';
import { defaultFilters } from '../../client/src/filters.js';
import { workspaceStateSchema } from '../../server/workspaces/workspace-store.js';
import {
  MAX_URL_STATE_CHARS,
  decodeState,
  encodeState,
  parseHash,
  sanitiseFilters,
  stateHash,
  workspaceHash,
} from '../../client/src/url-state.js';

const state: WorkspaceState = {
  nodes: [
    { id: 'person:vincent-ramos', x: 10.4, y: -20.6, pinned: true },
    { id: 'org:phantom-secure', x: 100, y: 0, hidden: true },
    { id: 'place:zürich', x: 0, y: 0 },
  ],
  edges: ['fact:ramos-founded-phantom-secure'],
  filters: {
    ...defaultFilters(),
    hiddenRelTypes: ['USED'],
    statuses: ['confirmed'],
    minConfidence: 0.5,
    asOf: '2018-03-08',
  },
  layout: 'fcose',
};

describe('client URL state', () => {
  it('when a state is encoded and decoded, then ids, rounded positions, flags, filters and layout survive', () => {
    const back = decodeState(encodeState(state));
    expect(back.nodes).toEqual([
      { id: 'person:vincent-ramos', x: 10, y: -21, pinned: true },
      { id: 'org:phantom-secure', x: 100, y: 0, hidden: true },
      { id: 'place:zürich', x: 0, y: 0 },
    ]);
    expect(back.edges).toEqual(state.edges);
    expect(back.filters).toEqual(state.filters);
    expect(back.layout).toBe('fcose');
  });

  it('when encoded, then the text is URL-safe (base64url, no padding)', () => {
    expect(encodeState(state)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('when a link is damaged, then decoding fails with a message for people', () => {
    expect(() => decodeState('not-base64-json')).toThrow(/readable canvas/);
    expect(() => decodeState(Buffer.from(JSON.stringify({ v: 9 })).toString('base64url'))).toThrow(/format/);
  });

  it('when a link holds odd values, then they are dropped instead of reaching the canvas', () => {
    const wire = {
      v: 1,
      n: [
        ['ok', 1, 2],
        [42, 1, 2],
        ['bad', 'x', 2],
      ],
      f: { minConfidence: 7, statuses: ['alleged', 'maybe'], asOf: 'yesterday' },
    };
    const back = decodeState(Buffer.from(JSON.stringify(wire)).toString('base64url'));
    expect(back.nodes).toEqual([{ id: 'ok', x: 1, y: 2 }]);
    expect(back.filters).toEqual({ ...defaultFilters(), statuses: ['alleged'] });
    expect(back.layout).toBe('preset');
  });

  it('when filters come from anywhere, then sanitising fills every field', () => {
    expect(sanitiseFilters(undefined)).toEqual(defaultFilters());
    expect(sanitiseFilters({ hiddenNodeTypes: ['Person'] }).hiddenNodeTypes).toEqual(['Person']);
  });

  it('when a link or workspace saved before "rests on one source" existed is read, then it loads with the filter off', () => {
    const { singleSource: _, ...old } = defaultFilters();
    expect(sanitiseFilters(old)).toEqual(defaultFilters());
    const wire = { v: 1, n: [['a', 0, 0]], f: { statuses: ['alleged'] } };
    expect(decodeState(Buffer.from(JSON.stringify(wire)).toString('base64url')).filters.singleSource).toBe(
      false,
    );
  });

  it('when a workspace is saved with or without "rests on one source", then the server accepts both', () => {
    const { singleSource: _, ...old } = defaultFilters();
    expect(workspaceStateSchema.safeParse({ ...state, filters: old }).success).toBe(true);
    expect(
      workspaceStateSchema.safeParse({ ...state, filters: { ...old, singleSource: true } }).success,
    ).toBe(true);
    expect(
      workspaceStateSchema.safeParse({ ...state, filters: { ...old, singleSource: 'yes' } }).success,
    ).toBe(false);
  });

  it('when "rests on one source" is on, then a link keeps it', () => {
    const on = { ...state, filters: { ...state.filters, singleSource: true } };
    expect(decodeState(encodeState(on)).filters.singleSource).toBe(true);
  });

  it('when the hash names a workspace or carries a state, then it is routed accordingly', () => {
    expect(parseHash(workspaceHash('a b'))).toEqual({ kind: 'workspace', id: 'a b' });
    expect(parseHash('#s=abc')).toEqual({ kind: 'state', data: 'abc' });
    expect(parseHash('')).toEqual({ kind: 'none' });
  });

  it('when a canvas is too large for a link, then no state hash is made', () => {
    const big: WorkspaceState = {
      ...state,
      nodes: Array.from({ length: 600 }, (_, i) => ({ id: `entity:${i}-with-a-long-key`, x: i, y: i })),
    };
    expect(stateHash(big)).toBeNull();
    expect(stateHash(state)!.length).toBeLessThanOrEqual(MAX_URL_STATE_CHARS);
  });
});
