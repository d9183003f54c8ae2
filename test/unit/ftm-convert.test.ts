/**
 * Unit tests for the FollowTheMoney converters (server/ftm/): every model type becomes a valid FtM
 * schema with properties valid for it (checked with the installed FtM package, not a copy), the
 * shipped case goes to FtM and back unchanged, a foreign FtM file imports with a report of what it
 * left out, and bad lines are refused with their line numbers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseToFtm } from '../../server/ftm/case-to-ftm.js';
import { formatFtmLines, parseFtmLines, type FtmEntity } from '../../server/ftm/ftm-lines.js';
import {
  FACT_TYPES_FROM_FTM,
  LINK_SCHEMATA,
  NODE_TYPES_FROM_FTM,
  PROPERTY_RENAMES,
  ftmSchema,
  schemaForNode,
} from '../../server/ftm/ftm-mapping.js';
import { ftmToCase } from '../../server/ftm/ftm-to-case.js';
import { JUDGEMENT_TYPE_NAMES } from '../../server/merge/judgement-types.js';
import {
  loadModel,
  nodeTypeNames,
  relationshipTypeNames,
  validateCase,
  type CaseDocument,
  type FactInput,
} from '../../server/model/model.js';

const root = path.resolve(import.meta.dirname, '../..');
const model = loadModel(path.join(root, 'cypher/model.json'));
const shipped = (() => {
  const result = validateCase(
    model,
    JSON.parse(fs.readFileSync(path.join(root, 'cypher/cases/phantom-secure.json'), 'utf8')),
  );
  if (!result.ok) throw new Error('the shipped case is invalid');
  return result.value;
})();
const foreignText = fs.readFileSync(path.join(root, 'test/fixtures/ftm/foreign-sample.ftm.jsonl'), 'utf8');

/** Parses FtM text that must be valid. */
function parse(text: string) {
  const result = parseFtmLines(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.lines;
}

/** Every property of `entity` exists on its schema, and a link's ends fit its edge's ranges. */
function ftmProblems(entity: FtmEntity, all: ReadonlyMap<string, FtmEntity>): string[] {
  const schema = ftmSchema(entity.schema);
  if (!schema) return [`${entity.id}: unknown schema ${entity.schema}`];
  const problems: string[] = [];
  if (schema.abstract) problems.push(`${entity.id}: abstract schema ${entity.schema}`);
  if (!/^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$/.test(entity.id))
    problems.push(`${entity.id}: not an FtM id`);
  for (const [name, values] of Object.entries(entity.properties)) {
    if (!schema.hasProperty(name)) {
      problems.push(`${entity.id}: ${entity.schema} has no property ${name}`);
      continue;
    }
    const prop = schema.getProperty(name);
    if (prop.type.name !== 'entity') continue;
    for (const ref of values) {
      const target = all.get(ref);
      if (!target) problems.push(`${entity.id}.${name}: no entity ${ref}`);
      else if (!ftmSchema(target.schema)!.isA(prop.getRange())) {
        problems.push(`${entity.id}.${name}: ${target.schema} is not a ${prop.getRange().name}`);
      }
    }
  }
  if (schema.edge) {
    for (const end of [schema.edge.source, schema.edge.target]) {
      if (!entity.properties[end]?.length) problems.push(`${entity.id}: link without ${end}`);
    }
  }
  return problems;
}

describe('the FtM mapping tables', () => {
  it('when every name in them is looked up in the FtM package, then each is a schema with the properties used', () => {
    const missing: string[] = [];
    for (const type of nodeTypeNames(model)) {
      const schema = ftmSchema(schemaForNode(type, {}));
      if (!schema || schema.abstract) missing.push(`node ${type}`);
    }
    for (const kind of ['company', 'government', 'other']) {
      if (!ftmSchema(schemaForNode('Organisation', { kind }))) missing.push(`Organisation ${kind}`);
    }
    for (const names of Object.values(LINK_SCHEMATA)) {
      for (const name of names) if (!ftmSchema(name)?.edge) missing.push(`link ${name}`);
    }
    for (const entry of NODE_TYPES_FROM_FTM) {
      if (!ftmSchema(entry.schema)) missing.push(`schema ${entry.schema}`);
      if (!nodeTypeNames(model).includes(entry.type as never)) missing.push(`type ${entry.type}`);
    }
    for (const [name, spec] of Object.entries(FACT_TYPES_FROM_FTM)) {
      if (!ftmSchema(name)?.edge) missing.push(`edge ${name}`);
      for (const type of spec.types)
        if (!relationshipTypeNames(model).includes(type as never)) missing.push(`rel ${type}`);
    }
    for (const [type, renames] of Object.entries(PROPERTY_RENAMES)) {
      const schema = ftmSchema(schemaForNode(type, {}))!;
      for (const rename of Object.values(renames))
        if (!schema.hasProperty(rename.ftm)) missing.push(`${type}.${rename.ftm}`);
    }
    expect(missing).toEqual([]);
  });

  it('when an entity of every node type and a fact of every relationship type and endpoint pair is exported, then each line is valid FtM', () => {
    const source = { id: 'src:a', title: 'A source', url: 'https://example.org/a' };
    const entities = nodeTypeNames(model).map((type) => ({
      type,
      id: `e:${type.toLowerCase()}`,
      name: `A ${type}`,
      aliases: ['another name'],
      properties: { description: 'described' },
      sources: ['src:a'],
    }));
    // Judgements allow one verdict per pair of different entities, so they cannot be generated
    // for every endpoint pair here; test/unit/merge-carry.test.ts exports them.
    const judgementTypes = new Set<string>(JUDGEMENT_TYPE_NAMES);
    const facts: FactInput[] = relationshipTypeNames(model)
      .filter((type) => !judgementTypes.has(type))
      .flatMap((type) => {
        const spec = model.relationshipTypes[type]!;
        return spec.from.flatMap((from) =>
          spec.to.map((to) => ({
            id: `f:${type.toLowerCase()}-${from}-${to}`,
            type,
            from: `e:${from.toLowerCase()}`,
            to: `e:${to.toLowerCase()}`,
            claim: 'A claim.',
            status: 'reported',
            confidence: 0.5,
            ...(spec.event ? { date: '2020-01' } : { validFrom: '2019', validTo: '2020-02-03' }),
            sources: ['src:a'],
            properties: (spec.properties?.role ? { role: 'head' } : {}) as Record<string, string>,
          })),
        );
      });
    const document: CaseDocument = {
      case: { id: 'case:all', title: 'All types', summary: 'Every type once.' },
      sources: [source],
      entities,
      facts,
    };
    expect(validateCase(model, document).ok).toBe(true);
    const lines = caseToFtm(model, document);
    const byId = new Map(lines.map((l) => [l.id, l]));
    expect(lines.flatMap((l) => ftmProblems(l, byId))).toEqual([]);
    // Interval schemata are used where their meaning fits, not only UnknownLink.
    const schemata = new Set(lines.map((l) => l.schema));
    for (const expected of [
      'Directorship',
      'Membership',
      'ProjectParticipant',
      'Documentation',
      'UnknownLink',
    ]) {
      expect(schemata).toContain(expected);
    }
    const back = ftmToCase(model, parse(formatFtmLines(lines))).document;
    expect(back).toEqual(document);
  });
});

describe('FtM round trip', () => {
  it('when the shipped case goes to FtM lines and back, then the document is deep-equal', () => {
    const text = formatFtmLines(caseToFtm(model, shipped));
    const { document, report } = ftmToCase(model, parse(text));
    expect(document).toEqual(shipped);
    expect(report.leftOut).toEqual([]);
    expect(report.casegraphLines).toBe(report.lines);
    expect(validateCase(model, document).ok).toBe(true);
  });

  it('when the shipped case is exported, then FtM readers see names, dates, sources and interval schemata without the casegraph objects', () => {
    const lines = caseToFtm(model, shipped);
    const byId = new Map(lines.map((l) => [l.id, l]));
    expect(lines.flatMap((l) => ftmProblems(l, byId))).toEqual([]);
    const ramos = lines.find((l) => l.casegraph?.id === 'person:vincent-ramos')!;
    expect(ramos).toMatchObject({ id: 'person.vincent-ramos', schema: 'Person' });
    expect(ramos.properties.name).toEqual(['Vincent Ramos']);
    expect(ramos.properties.proof).toEqual(['src.insight-crime-2018-03-phantom-secure-arrest']);
    const leads = lines.find((l) => l.casegraph?.type === 'LEADS')!;
    expect(leads.schema).toBe('Directorship');
    expect(leads.properties).toMatchObject({ director: ['person.vincent-ramos'], role: ['head'] });
    const arrested = lines.find((l) => l.casegraph?.type === 'ARRESTED')!;
    expect(arrested.schema).toBe('UnknownLink');
    expect(arrested.properties.role).toEqual(['ARRESTED']);
    expect(arrested.properties.date).toEqual([shipped.facts.find((f) => f.type === 'ARRESTED')!.date]);
  });

  it('when two exports of one case are made, then they are byte-equal', () => {
    expect(formatFtmLines(caseToFtm(model, shipped))).toBe(formatFtmLines(caseToFtm(model, shipped)));
  });
});

describe('importing FtM from elsewhere', () => {
  const { document, report } = ftmToCase(model, parse(foreignText), { fileName: 'foreign-sample.ftm.jsonl' });

  it('when the sample is converted, then people, the company and three links become a valid case', () => {
    expect(validateCase(model, document)).toMatchObject({ ok: true });
    expect(report).toMatchObject({ lines: 9, casegraphLines: 0, entities: 3, facts: 3, sources: 4 });
    expect(document.entities.map((e) => [e.type, e.name, e.properties.kind])).toEqual([
      ['Organisation', 'Bluefin Logistics Ltd', 'company'],
      ['Person', 'Mara Olsen', undefined],
      ['Person', 'Teo Vidal', undefined],
    ]);
    expect(document.entities[0]!.aliases).toEqual(['Bluefin']);
    expect(document.entities[1]!.properties.birthDate).toBe('1971-04-12');
  });

  it('when a link is an interval, then it becomes a fact with its dates and its sources', () => {
    const byId = new Map(document.facts.map((f) => [f.id, f]));
    expect(byId.get('ftm:own-olsen-bluefin')).toMatchObject({
      type: 'LEADS',
      from: 'ftm:p-mara-olsen',
      to: 'ftm:co-bluefin',
      validFrom: '2015-03',
      validTo: '2020-11-30',
      sources: ['ftm:harbour-registry-2021'],
      properties: { role: 'owner' },
      claim: 'Ownership: Mara Olsen owns Bluefin Logistics Ltd (60%)',
    });
    expect(byId.get('ftm:dir-vidal-bluefin')).toMatchObject({
      type: 'LEADS',
      validFrom: '2018',
      properties: { role: 'managing director' },
    });
    expect(byId.get('ftm:pay-bluefin-vidal')).toMatchObject({
      type: 'CUSTOMER_OF',
      from: 'ftm:co-bluefin',
      to: 'ftm:p-teo-vidal',
      validFrom: '2019-08-14',
      validTo: '2019-08-14',
      status: 'reported',
      confidence: 0.5,
    });
    expect(byId.get('ftm:pay-bluefin-vidal')!.claim).toContain('125000 EUR');
  });

  it('when something has no place in the model, then it is counted in the report, not dropped silently', () => {
    expect(report.leftOut).toEqual([
      { schema: 'Vessel', reason: 'no entity type in the model for this FtM schema', count: 1 },
      { schema: 'Ownership', reason: 'link to an entity that was left out', count: 1 },
    ]);
    expect(report.approximations.map((a) => [a.schema, a.as, a.count])).toEqual([
      ['Ownership', 'LEADS', 1],
      ['Payment', 'CUSTOMER_OF', 1],
    ]);
    expect(report.unmappedProperties).toEqual(
      expect.arrayContaining([
        { property: 'Company.registrationNumber', count: 1 },
        { property: 'Person.nationality', count: 1 },
      ]),
    );
  });

  it('when an element names no source, then it cites its sourceUrl, dataset or a source made for the file, as the report says', () => {
    expect(report.provenance).toEqual({ proof: 2, sourceUrl: 1, publisher: 0, dataset: 2, file: 1 });
    expect(report.fileSource).toBe('src:ftm-file');
    const teo = document.entities.find((e) => e.name === 'Teo Vidal')!;
    expect(teo.sources).toEqual(['src:ftm-file']);
    expect(document.sources.find((s) => s.id === 'src:ftm-file')!.title).toContain(
      'foreign-sample.ftm.jsonl',
    );
    const registry = document.sources.find((s) => s.id === 'ftm:harbour-registry-2021')!;
    expect(registry).toMatchObject({ publisher: 'Port Registry Office', date: '2021-06-01' });
  });
});

describe('reading FtM lines', () => {
  it('when lines are not JSON, name no schema, an unknown schema or a property the schema lacks, then every problem is listed with its line', () => {
    const text = [
      '{"id":"a","schema":"Person","properties":{"name":["A"]}}',
      'not json',
      '{"schema":"Person","properties":{}}',
      '{"id":"b","schema":"Spaceship","properties":{}}',
      '{"id":"c","schema":"Person","properties":{"tonnage":["3"]}}',
      '{"id":"d","schema":"Person","properties":{"name":"D"}}',
      '{"id":"e","schema":"Thing","properties":{}}',
    ].join('\n');
    const result = parseFtmLines(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual([
      'line 2',
      'line 3',
      'line 4',
      'line 5',
      'line 6',
      'line 7',
    ]);
    expect(result.problems[0]!.message).toMatch(/not valid JSON/);
    expect(result.problems[2]!.message).toBe('unknown FtM schema "Spaceship"');
    expect(result.problems[3]!.message).toBe('"tonnage" is not a property of the FtM schema Person');
  });

  it('when a file is empty, then it is refused', () => {
    expect(parseFtmLines('\n\n')).toMatchObject({ ok: false });
  });

  it('when one entity comes in fragments on several lines, then they are merged', () => {
    const lines = parse(
      '{"id":"a","schema":"Person","properties":{"name":["A"]}}\n{"id":"a","schema":"Person","properties":{"alias":["Ay"]}}\n',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]!.entity.properties).toEqual({ name: ['A'], alias: ['Ay'] });
  });

  it('when a converted document is invalid for the model, then its problems point at FtM lines', () => {
    const { locate } = ftmToCase(model, parse(foreignText));
    expect(locate('/facts/0/from')).toBe('line 5');
    expect(locate('/entities/1/name')).toBe('line 3');
    expect(locate('/case/title')).toBeUndefined();
  });
});
