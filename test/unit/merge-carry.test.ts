/**
 * Judgements travel with the case (issue 20): a case document validates them (two different
 * entities, one verdict per pair), the FtM export writes each cluster's canonical entity with its
 * `referents` (FtM's own form of a merge) beside the judgement lines, the round trip gives back
 * the same judgements and no more, and a foreign file's referents become "same" judgements.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseToFtm } from '../../server/ftm/case-to-ftm.js';
import { formatFtmLines, parseFtmLines } from '../../server/ftm/ftm-lines.js';
import { ftmToCase } from '../../server/ftm/ftm-to-case.js';
import { judgementId } from '../../server/merge/judgement-types.js';
import { loadModel, validateCase, type CaseDocument } from '../../server/model/model.js';

const root = path.resolve(import.meta.dirname, '../..');
const model = loadModel(path.join(root, 'cypher/model.json'));
const SOURCE = 'src:register';

function judgement(type: string, from: string, to: string, judgedAt: string) {
  return {
    id: judgementId(from, to),
    type,
    from,
    to,
    claim: `${from} and ${to}: ${type}`,
    status: 'reported',
    confidence: 0.8,
    attribution: 'Judged by alice',
    sources: [SOURCE],
    properties: { reason: 'same ISO code', judgedBy: 'alice', judgedAt, evidence: '[]' },
  };
}

function documentWith(facts: unknown[]): unknown {
  const country = (id: string, name: string) => ({
    type: 'Country',
    id,
    name,
    aliases: [],
    properties: { iso2: 'PA' },
    sources: [SOURCE],
  });
  return {
    case: { id: 'case:register', title: 'Register', summary: 'Three records of one country.' },
    sources: [{ id: SOURCE, title: 'A country register', kind: 'dataset' }],
    entities: [
      country('country:a-pa', 'Panama'),
      country('country:b-pa', 'Republic of Panama'),
      country('country:c-pa', 'Panamá'),
    ],
    facts,
  };
}

function valid(raw: unknown): CaseDocument {
  const result = validateCase(model, raw);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('judgements in a case document', () => {
  it('accepts judgements between different entities', () => {
    const doc = valid(
      documentWith([
        judgement('SAME_AS', 'country:a-pa', 'country:b-pa', '2026-12-01T10:00:00Z'),
        judgement('NOT_SAME_AS', 'country:b-pa', 'country:c-pa', '2026-12-01T11:00:00Z'),
      ]),
    );
    expect(doc.facts.map((f) => f.type)).toEqual(['SAME_AS', 'NOT_SAME_AS']);
  });

  it('refuses a pair judged twice and an entity judged against itself', () => {
    const twice = validateCase(
      model,
      documentWith([
        judgement('SAME_AS', 'country:a-pa', 'country:b-pa', '2026-12-01T10:00:00Z'),
        {
          ...judgement('NOT_SAME_AS', 'country:b-pa', 'country:a-pa', '2026-12-01T11:00:00Z'),
          id: 'judgement:other',
        },
      ]),
    );
    expect(twice.ok).toBe(false);
    if (!twice.ok)
      expect(twice.errors.map((e) => e.message).join('\n')).toMatch(/already judged by \/facts\/0/);
    const self = validateCase(
      model,
      documentWith([judgement('SAME_AS', 'country:a-pa', 'country:a-pa', '2026-12-01T10:00:00Z')]),
    );
    expect(self.ok).toBe(false);
    if (!self.ok) expect(self.errors.map((e) => e.message).join('\n')).toMatch(/two different entities/);
  });
});

describe('judgements in FollowTheMoney', () => {
  const doc = valid(
    documentWith([
      judgement('SAME_AS', 'country:a-pa', 'country:b-pa', '2026-12-01T10:00:00Z'),
      judgement('SAME_AS', 'country:b-pa', 'country:c-pa', '2026-12-01T11:00:00Z'),
    ]),
  );

  it("writes the cluster's canonical entity with its referents, every record keeping its line", () => {
    const lines = caseToFtm(model, doc);
    const canonical = lines.find((l) => l.casegraph?.id === 'country:a-pa')!;
    const others = ['country:b-pa', 'country:c-pa'].map((id) => lines.find((l) => l.casegraph?.id === id)!);
    expect(canonical.referents).toEqual(others.map((l) => l.id));
    expect(others.every((l) => l.referents === undefined)).toBe(true);
    expect(formatFtmLines([canonical])).toContain(`"referents":${JSON.stringify(canonical.referents)}`);
  });

  it('comes back with the same judgements and no more', () => {
    const parsed = parseFtmLines(formatFtmLines(caseToFtm(model, doc)));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const back = valid(ftmToCase(model, parsed.lines).document);
    expect(back.facts).toEqual(doc.facts);
  });

  it("reads a foreign file's referents as 'same' judgements, and counts referents not in the file", () => {
    const text = [
      {
        id: 'pa-1',
        schema: 'Company',
        properties: { name: ['Panama Holdings'] },
        referents: ['pa-2', 'pa-gone'],
      },
      { id: 'pa-2', schema: 'Company', properties: { name: ['Panama Holdings S.A.'] } },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const parsed = parseFtmLines(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const { document, report } = ftmToCase(model, parsed.lines);
    const judged = document.facts.filter((f) => f.type === 'SAME_AS');
    expect(judged).toHaveLength(1);
    const [from, to] = [judged[0]!.from, judged[0]!.to];
    expect(from < to).toBe(true);
    expect(judged[0]!.id).toBe(judgementId(from, to));
    expect(report.leftOut).toContainEqual(
      expect.objectContaining({ reason: 'referent that is not an entity of the file', count: 1 }),
    );
    expect(validateCase(model, document).ok).toBe(true);
  });

  it('refuses referents that are not a list of ids', () => {
    const parsed = parseFtmLines(
      JSON.stringify({ id: 'x', schema: 'Company', properties: {}, referents: 'y' }),
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatchObject({ field: 'referents' });
  });
});
