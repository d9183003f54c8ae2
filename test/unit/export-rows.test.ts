/**
 * Graph rows back into the import format (server/export/export-rows.ts): what `planFor` wrote comes
 * back as the entry it came from, derived properties stay behind, and driver integers become numbers.
 */
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { isPlainSource, toEntity, toFact, toSource } from '../../server/export/export-rows.js';
import { loadModel, validateCase, type CaseDocument } from '../../server/model/model.js';
import { planFor as importPlan } from '../../server/import/import-service.js';

const model = loadModel();

const document: CaseDocument = {
  case: { id: 'case:t', title: 'T', summary: 'S' },
  sources: [{ id: 'src:a', title: 'A report', publisher: 'P', date: '2018-03' }],
  entities: [
    {
      type: 'Server',
      id: 'server:x',
      name: 'X',
      aliases: ['the box'],
      properties: { count: 3, description: 'Racks' },
      sources: ['src:a'],
    },
    {
      type: 'Source',
      id: 'doc:complaint',
      name: 'A complaint',
      aliases: ['the complaint'],
      properties: { kind: 'criminal-complaint' },
      sources: ['src:a'],
    },
  ],
  facts: [
    {
      id: 'fact:x-based-in',
      type: 'BASED_IN',
      from: 'server:x',
      to: 'server:x',
      claim: 'C',
      status: 'alleged',
      attribution: 'FBI',
      confidence: 0.5,
      validFrom: '2016',
      sources: ['src:a'],
      properties: {},
    },
  ],
};

describe('export rows', () => {
  const plan = importPlan(document);
  const node = (id: string, extra: Record<string, unknown> = {}) => {
    const row = plan.nodes.find((n) => n.id === id)!;
    return { id, labels: ['Entity', row.type], props: { ...row.props, id, ...extra } };
  };

  it('when a plain source comes back, then it is the source entry it was imported from', () => {
    const row = node('src:a');
    expect(isPlainSource(row)).toBe(true);
    expect(toSource(row)).toEqual(document.sources[0]);
  });

  it('when a Source has aliases and other citations, then it is not plain and comes back as the entity it was', () => {
    const row = node('doc:complaint');
    expect(isPlainSource(row)).toBe(false);
    expect(toEntity(model, row)).toEqual(document.entities[1]);
  });

  it('when an entity comes back, then its derived properties stay behind and its Integer is a number', () => {
    const row = node('server:x', {
      count: neo4j.int(3),
      summaryJson: '{}',
      summaryUpdatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(toEntity(model, row)).toEqual(document.entities[0]);
  });

  it('when a fact comes back, then its provenance is lifted out of its properties', () => {
    const fact = plan.facts[0]!;
    expect(
      toFact({
        id: fact.id,
        type: fact.type,
        from: fact.from,
        to: fact.to,
        props: { ...fact.props, id: fact.id },
      }),
    ).toEqual(document.facts[0]);
  });

  it('when the rows come back as a document, then the model validates it', () => {
    const back = {
      case: document.case,
      sources: [toSource(node('src:a'))],
      entities: [toEntity(model, node('server:x')), toEntity(model, node('doc:complaint'))],
      facts: [],
    };
    expect(validateCase(model, back).ok).toBe(true);
  });
});
