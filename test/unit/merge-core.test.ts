import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nameSimilarity,
  normaliseName,
  scoreCandidate,
  type CandidateEntity,
} from '../../server/merge/candidates.js';
import { resolveJudgements, type Judgement, type Verdict } from '../../server/merge/clusters.js';

const entity = (over: Partial<CandidateEntity> & { id: string; name: string }): CandidateEntity => ({
  type: 'Organisation',
  aliases: [],
  properties: {},
  countries: [],
  ...over,
});

let clock = 0;
/** A judgement made one second after the previous one. */
const judge = (a: string, b: string, verdict: Verdict, id?: string): Judgement => {
  clock += 1;
  return {
    id: id ?? `j${clock}`,
    a,
    b,
    verdict,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, clock)).toISOString(),
  };
};

describe('normaliseName', () => {
  it('when names differ by case, accents, punctuation, word order or legal form, then they normalise alike', () => {
    expect(normaliseName('Phantom Secure Inc.')).toBe(normaliseName('PHANTOM-SECURE'));
    expect(normaliseName('Café Panamá S.A.')).toBe(normaliseName('panama cafe'));
    expect(normaliseName('The Sinaloa Cartel')).toBe('cartel sinaloa');
  });

  it('when a name holds a legal form as part of a word, then the word is kept', () => {
    expect(normaliseName('Joseph Cox')).toBe('cox joseph');
  });
});

describe('scoreCandidate', () => {
  it('when two countries share a name and an ISO code, then they are a strong candidate with both reasons', () => {
    const a = entity({ id: 'country:panama', type: 'Country', name: 'Panama', properties: { iso2: 'PA' } });
    const b = entity({
      id: 'ext:pa',
      type: 'Country',
      name: 'Republic of Panama',
      aliases: ['Panama'],
      properties: { iso2: 'pa' },
    });
    const { score, reasons } = scoreCandidate(a, b);
    expect(reasons.map((r) => r.kind)).toEqual(['same-name', 'shared-identifier']);
    expect(score).toBe(1);
  });

  it('when names are only alike, then the reason says how alike and the score stays below a same name', () => {
    const close = scoreCandidate(
      entity({ id: 'a', name: 'Phantom Secure' }),
      entity({ id: 'b', name: 'Phantom Securre' }),
    );
    expect(close.reasons[0]).toMatchObject({ kind: 'similar-name' });
    expect(close.reasons[0]!.detail).toMatch(/\d+% alike/);
    expect(close.score).toBeLessThan(0.6);
    expect(close.score).toBeGreaterThan(0.3);
  });

  it('when two firms only share a country, then that is no evidence', () => {
    const result = scoreCandidate(
      entity({ id: 'a', name: 'Alpha Shipping', countries: ['country:panama'] }),
      entity({ id: 'b', name: 'Zeta Holdings', countries: ['country:panama'] }),
    );
    expect(result).toEqual({ score: 0, reasons: [] });
  });

  it('when the types differ, then the match counts for less and the reason says so', () => {
    const same = scoreCandidate(entity({ id: 'a', name: 'Phantom' }), entity({ id: 'b', name: 'Phantom' }));
    const cross = scoreCandidate(
      entity({ id: 'a', name: 'Phantom' }),
      entity({ id: 'b', type: 'Network', name: 'Phantom' }),
    );
    expect(cross.score).toBeLessThan(same.score);
    expect(cross.reasons.at(-1)).toMatchObject({ kind: 'different-type' });
  });

  it('when phones are written differently, then their digits match', () => {
    const result = scoreCandidate(
      entity({ id: 'a', name: 'X', properties: { phone: '+1 (604) 555-0101' } }),
      entity({ id: 'b', name: 'Y', properties: { phone: '16045550101' } }),
    );
    expect(result.reasons).toEqual([expect.objectContaining({ kind: 'shared-identifier' })]);
  });

  it('when any two names are compared, then the similarity is symmetric and within 0..1', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (x, y) => {
        const s = nameSimilarity(x, y);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(nameSimilarity(y, x)).toBeCloseTo(s, 10);
      }),
      { numRuns: 300 },
    );
  });
});

describe('resolveJudgements', () => {
  it('when A = B and B = C, then one cluster of three with the smallest id canonical', () => {
    const { clusters, canonical, refused } = resolveJudgements([
      judge('c', 'b', 'same'),
      judge('b', 'a', 'same'),
    ]);
    expect(clusters).toEqual([['a', 'b', 'c']]);
    expect(canonical.get('c')).toBe('a');
    expect(refused).toEqual([]);
  });

  it('when a "not same" stands between two clusters, then a "same" that would join them is refused and says why', () => {
    const apart = judge('a', 'd', 'not-same', 'j-apart');
    const { clusters, refused } = resolveJudgements([
      judge('a', 'b', 'same'),
      judge('d', 'e', 'same'),
      apart,
      judge('b', 'e', 'same', 'j-join'),
    ]);
    expect(clusters).toEqual([
      ['a', 'b'],
      ['d', 'e'],
    ]);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ judgement: { id: 'j-join' }, blockedBy: apart });
    expect(refused[0]!.reason).toMatch(/a and d were judged not the same/);
  });

  it('when a pair is judged again, then the later verdict replaces the earlier: a split restores the parts', () => {
    const merged = resolveJudgements([judge('a', 'b', 'same'), judge('b', 'c', 'same')]);
    expect(merged.clusters).toEqual([['a', 'b', 'c']]);
    const split = resolveJudgements([
      judge('a', 'b', 'same'),
      judge('b', 'c', 'same'),
      judge('c', 'b', 'not-same'),
    ]);
    expect(split.clusters).toEqual([['a', 'b']]);
    expect(split.refused).toEqual([]);
  });

  it('when "not same" is said of two entities already joined through others, then it is refused until split', () => {
    const { clusters, refused } = resolveJudgements([
      judge('a', 'b', 'same'),
      judge('b', 'c', 'same'),
      judge('a', 'c', 'not-same'),
    ]);
    expect(clusters).toEqual([['a', 'b', 'c']]);
    expect(refused[0]!.reason).toMatch(/already one cluster/);
  });

  it('when judgements arrive in any order, then the clusters are the same', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const judgementArb = fc.array(
      fc.record({
        a: fc.constantFrom(...ids),
        b: fc.constantFrom(...ids),
        verdict: fc.constantFrom<Verdict>('same', 'not-same', 'unsure'),
      }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(judgementArb, fc.nat(), (raw, seed) => {
        const js = raw.map((r, i) => ({
          ...r,
          id: `j${String(i).padStart(2, '0')}`,
          at: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`,
        }));
        const shuffled = [...js].sort(
          (x, y) => ((x.id.charCodeAt(2) * 31 + seed) % 7) - ((y.id.charCodeAt(2) * 31 + seed) % 7),
        );
        expect(resolveJudgements(shuffled).clusters).toEqual(resolveJudgements(js).clusters);
        // Nothing judged different ends up in one cluster, unless that judgement was refused (and said so).
        const { canonical, refused } = resolveJudgements(js);
        const refusedIds = new Set(refused.map((r) => r.judgement.id));
        const latest = new Map(js.map((j) => [[j.a, j.b].sort().join('|'), j]));
        for (const j of latest.values())
          if (j.verdict === 'not-same' && j.a !== j.b && !refusedIds.has(j.id) && canonical.has(j.a))
            expect(canonical.get(j.a), `${j.a} and ${j.b} were judged apart`).not.toBe(canonical.get(j.b));
      }),
      { numRuns: 300 },
    );
  });
});
