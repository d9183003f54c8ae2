/**
 * Unit tests for the model file itself (style convention 4: the model is data, and a test checks
 * that data) and for the code that interprets it: the schema statements and `validateCase`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FACT_STATUSES } from '../../server/contract.js';
import { propertyType } from '../../server/survey/infer-model.js';
import {
  ModelError,
  caseNodeTypeNames,
  caseRelationshipTypeNames,
  isKnownLabel,
  isKnownRelationshipType,
  isPartialDate,
  loadModel,
  nodeTypeNames,
  parseModel,
  relationshipTypeNames,
  obsoleteSchemaStatements,
  schemaStatements,
  validateCase,
  type CaseValidationError,
} from '../../server/model/model.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const model = loadModel(path.join(repoRoot, 'cypher/model.json'));

describe('cypher/model.json', () => {
  it('when loaded, then it has the node types every case needs', () => {
    for (const required of ['Organisation', 'Person', 'Device', 'Server', 'Country', 'Source']) {
      expect(nodeTypeNames(model)).toContain(required);
    }
  });

  it('when loaded twice, then the same frozen value is returned', () => {
    expect(loadModel(path.join(repoRoot, 'cypher/model.json'))).toBe(model);
    expect(Object.isFrozen(model.nodeTypes)).toBe(true);
  });

  it('when each node type is read, then it has key id, a declared display and aliases, and a style', () => {
    for (const [name, spec] of Object.entries(model.nodeTypes)) {
      expect(name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(spec.key).toBe('id');
      expect(spec.properties[spec.display], `${name}.display`).toMatchObject({
        type: 'string',
        required: true,
      });
      expect(spec.properties[spec.aliases], `${name}.aliases`).toMatchObject({ type: 'string[]' });
      expect(spec.style.color).toMatch(/^#[0-9A-F]{6}$/i);
      expect(spec.style.icon).toMatch(/^[a-z-]+$/);
      expect(spec.style.shape.length).toBeGreaterThan(0);
      expect(spec.description.length).toBeGreaterThan(10);
    }
  });

  it('when the colours are compared, then no two node types share one', () => {
    const colours = Object.values(model.nodeTypes).map((spec) => spec.style.color.toUpperCase());
    expect(new Set(colours).size).toBe(colours.length);
  });

  it('when each relationship type is read, then its name is UPPER_SNAKE and its endpoints are node types', () => {
    for (const [name, spec] of Object.entries(model.relationshipTypes)) {
      expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/);
      for (const typeName of [...spec.from, ...spec.to]) {
        expect(isKnownLabel(model, typeName), `${name} names ${typeName}`).toBe(true);
      }
      expect(spec.meaning.length).toBeGreaterThan(10);
      expect(typeof spec.event).toBe('boolean');
    }
  });

  it('when the arrest and filing types are read, then they are events', () => {
    expect(model.relationshipTypes.ARRESTED?.event).toBe(true);
    expect(model.relationshipTypes.FILED?.event).toBe(true);
    expect(model.relationshipTypes.BASED_IN?.event).toBe(false);
  });

  it('when statuses are read, then they are the three levels of proof', () => {
    expect(model.statuses).toEqual(['alleged', 'reported', 'confirmed']);
  });

  it("when the code names the fact statuses (FACT_STATUSES, the FactStatus type), then they are the model file's, in order", () => {
    const raw = JSON.parse(fs.readFileSync(path.join(repoRoot, 'cypher/model.json'), 'utf8')) as {
      statuses: string[];
    };
    expect([...FACT_STATUSES]).toEqual(raw.statuses);
  });
});

describe('isKnownLabel / isKnownRelationshipType', () => {
  it('when given a model name, then true; when given anything else, then false', () => {
    expect(isKnownLabel(model, 'Person')).toBe(true);
    expect(isKnownRelationshipType(model, 'FOUNDED')).toBe(true);
    expect(relationshipTypeNames(model)).toContain('ARRESTED');
    // Inherited object keys and injection attempts must not pass the allowlist.
    for (const bad of ['constructor', 'toString', '__proto__', 'person', 'Person) DETACH DELETE n //']) {
      expect(isKnownLabel(model, bad), bad).toBe(false);
      expect(isKnownRelationshipType(model, bad), bad).toBe(false);
    }
  });
});

describe('schemaStatements', () => {
  const statements = schemaStatements(model);

  it('when generated, then every statement is idempotent (IF NOT EXISTS)', () => {
    for (const statement of statements) expect(statement).toContain(' IF NOT EXISTS ');
  });

  it('when generated, then Entity.id is unique, and no per-type id constraint duplicates it', () => {
    expect(statements).toContain(
      'CREATE CONSTRAINT `entity_id` IF NOT EXISTS FOR (n:`Entity`) REQUIRE n.id IS UNIQUE',
    );
    for (const label of nodeTypeNames(model)) {
      expect(
        statements.some((s) => s.includes(`FOR (n:\`${label}\`) REQUIRE n.id IS UNIQUE`)),
        label,
      ).toBe(false);
    }
  });

  it('when an older schema is brought up to date, then its per-type id constraints are dropped', () => {
    const obsolete = obsoleteSchemaStatements(model);
    expect(obsolete).toContain('DROP CONSTRAINT `email_address_id` IF EXISTS');
    expect(obsolete).toHaveLength(nodeTypeNames(model).length);
    for (const statement of obsolete) expect(statement).toMatch(/^DROP CONSTRAINT `[a-z_]+` IF EXISTS$/);
    expect(obsolete).not.toContain('DROP CONSTRAINT `entity_id` IF EXISTS');
  });

  it('when generated, then every relationship type gets a fact id uniqueness constraint', () => {
    expect(statements).toContain(
      'CREATE CONSTRAINT `arrested_in_fact_id` IF NOT EXISTS FOR ()-[r:`ARRESTED_IN`]-() REQUIRE r.id IS UNIQUE',
    );
    for (const type of relationshipTypeNames(model)) {
      expect(
        statements.some((s) => s.includes(`FOR ()-[r:\`${type}\`]-() REQUIRE r.id IS UNIQUE`)),
        type,
      ).toBe(true);
    }
  });

  it('when generated, then one eventually consistent full-text index covers every node type on name and aliasText', () => {
    const fullText = statements.filter((s) => s.includes('FULLTEXT'));
    expect(fullText).toHaveLength(1);
    expect(fullText[0]).toBe(
      `CREATE FULLTEXT INDEX \`entity_search\` IF NOT EXISTS FOR (n:${nodeTypeNames(model)
        .map((l) => `\`${l}\``)
        .join('|')}) ` +
        'ON EACH [n.`name`, n.`aliasText`] OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}}',
    );
  });

  it('when generated, then each type has a range index on its display property', () => {
    expect(statements).toContain('CREATE INDEX `person_name` IF NOT EXISTS FOR (n:`Person`) ON (n.`name`)');
  });
});

/** A minimal valid model to break in one place at a time. */
function tinyModel(): Record<string, unknown> {
  const nodeType = (color: string) => ({
    description: 'A test node type.',
    key: 'id',
    display: 'name',
    aliases: 'aliases',
    style: { color, icon: 'dot', shape: 'ellipse' },
    properties: { name: { type: 'string', required: true }, aliases: { type: 'string[]' } },
  });
  return {
    version: 1,
    nodeTypes: { Person: nodeType('#111111'), Source: nodeType('#222222') },
    relationshipTypes: {
      KNOWS: { from: ['Person'], to: ['Person'], meaning: 'They know each other.', event: false },
    },
    statuses: ['alleged', 'reported', 'confirmed'],
  };
}

describe('parseModel', () => {
  it('when the model is sound, then it is returned', () => {
    expect(nodeTypeNames(parseModel(tinyModel()))).toEqual(['Person', 'Source']);
  });

  it('when several cross-references are broken, then every problem is named at once', () => {
    const raw = tinyModel() as {
      nodeTypes: Record<string, { display: string; style: { color: string } }>;
      relationshipTypes: Record<string, { to: string[] }>;
    };
    raw.relationshipTypes.KNOWS!.to = ['Ghost'];
    raw.nodeTypes.Person!.display = 'title';
    raw.nodeTypes.Source!.style.color = '#111111';
    try {
      parseModel(raw);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ModelError);
      const problems = (error as ModelError).problems.join('\n');
      expect(problems).toMatch(/\/relationshipTypes\/KNOWS\/to\/0: "Ghost" is not a node type/);
      expect(problems).toMatch(/\/nodeTypes\/Person\/display/);
      expect(problems).toMatch(/\/nodeTypes\/Source\/style\/color/);
    }
  });

  it('when a name could break out of a Cypher label, then the model is refused', () => {
    const raw = tinyModel() as { nodeTypes: Record<string, unknown> };
    raw.nodeTypes['Bad) DELETE n'] = raw.nodeTypes.Person;
    expect(() => parseModel(raw)).toThrow(ModelError);
  });
});

describe('isPartialDate', () => {
  it('when the date is real at year, month or day precision, then true', () => {
    for (const ok of ['2018', '2018-03', '2018-03-08', '2016-02-29'])
      expect(isPartialDate(ok), ok).toBe(true);
  });
  it('when the date is impossible or badly written, then false', () => {
    for (const bad of [
      '2018-13',
      '2018-02-30',
      '2017-02-29',
      '18',
      '2018-3-8',
      '8 March 2018',
      '2018-03-08T10:00',
    ]) {
      expect(isPartialDate(bad), bad).toBe(false);
    }
  });
});

/** The document shape as tests build it: loose enough to be broken on purpose. */
interface TestDocument {
  case: Record<string, unknown>;
  sources: Record<string, unknown>[];
  entities: {
    type: string;
    id: string;
    name: string;
    aliases?: string[];
    properties?: Record<string, unknown>;
    sources: string[];
  }[];
  facts: {
    id: string;
    type: string;
    from: string;
    to: string;
    claim?: string;
    status: string;
    confidence: number;
    validFrom?: string;
    validTo?: string;
    date?: string;
    attribution?: string;
    sources: string[];
    properties?: Record<string, unknown>;
  }[];
}

/** A small valid document; tests break it in several places and expect every break reported. */
function goodDocument(): TestDocument {
  return {
    case: { id: 'case:test', title: 'Test', summary: 'A test case.' },
    sources: [{ id: 'src:a', title: 'Source A', publisher: 'Someone', date: '2018-03' }],
    entities: [
      {
        type: 'Person',
        id: 'person:a',
        name: 'A',
        aliases: ['Ay'],
        properties: { role: 'boss' },
        sources: ['src:a'],
      },
      { type: 'Organisation', id: 'org:b', name: 'B', properties: { kind: 'company' }, sources: ['src:a'] },
      { type: 'Place', id: 'place:c', name: 'C', sources: ['src:a'] },
    ],
    facts: [
      {
        id: 'fact:a-leads-b',
        type: 'LEADS',
        from: 'person:a',
        to: 'org:b',
        claim: 'A runs B.',
        status: 'reported',
        confidence: 0.8,
        validFrom: '2015',
        sources: ['src:a'],
      },
      {
        id: 'fact:a-arrested-in-c',
        type: 'ARRESTED_IN',
        from: 'person:a',
        to: 'place:c',
        claim: 'A was detained in C.',
        status: 'confirmed',
        confidence: 0.95,
        date: '2018-03-08',
        sources: ['src:a'],
      },
    ],
  };
}

function pathsOf(errors: CaseValidationError[]): string[] {
  return errors.map((e) => e.path);
}

describe('validateCase', () => {
  it('when the document is sound, then it is returned with defaults filled in', () => {
    const result = validateCase(model, goodDocument());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.entities[2]).toMatchObject({ aliases: [], properties: {} });
      expect(result.value.facts[0]!.properties).toEqual({});
    }
  });

  it('when many things are wrong, then every error is reported at once with its path', () => {
    const doc = goodDocument();
    doc.entities.push({ type: 'Wizard', id: 'wizard:x', name: 'X', sources: ['src:a'] }); // /entities/3
    doc.entities.push({ type: 'Person', id: 'person:d', name: 'D', sources: [] }); // /entities/4
    doc.facts.push(
      {
        id: 'fact:dangling',
        type: 'LEADS',
        from: 'person:nobody',
        to: 'org:b',
        claim: 'Nobody runs B.',
        status: 'reported',
        confidence: 1.5,
        sources: ['src:missing'],
      }, // /facts/2
      {
        id: 'fact:bad-date',
        type: 'ARRESTED_IN',
        from: 'person:a',
        to: 'place:c',
        claim: 'A detained on an impossible day.',
        status: 'rumoured',
        confidence: 0.5,
        date: '2018-02-30',
        sources: ['src:a'],
      }, // /facts/3
    );
    const result = validateCase(model, doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = pathsOf(result.errors);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/entities/3/type',
        '/entities/4/sources',
        '/facts/2/from',
        '/facts/2/confidence',
        '/facts/2/sources/0',
        '/facts/3/date',
        '/facts/3/status',
      ]),
    );
    const byPath = new Map(result.errors.map((e) => [e.path, e.message]));
    expect(byPath.get('/entities/3/type')).toMatch(/unknown entity type "Wizard"/);
    expect(byPath.get('/entities/4/sources')).toMatch(/at least one source/);
    expect(byPath.get('/facts/2/from')).toMatch(/"person:nobody"/);
    expect(byPath.get('/facts/2/confidence')).toMatch(/between 0 and 1/);
    expect(byPath.get('/facts/2/sources/0')).toMatch(/"src:missing"/);
    expect(byPath.get('/facts/3/date')).toMatch(/real date/);
    expect(byPath.get('/facts/3/status')).toMatch(/unknown status "rumoured"/);
  });

  it('when endpoint types, timing or properties break the model, then each is reported', () => {
    const doc = goodDocument();
    const leads = doc.facts[0]!;
    leads.to = 'place:c'; // LEADS cannot end at a Place
    leads.date = '2018'; // LEADS is not an event
    leads.validTo = '2014'; // before validFrom 2015
    leads.properties = { role: 7, colour: 'red' };
    doc.entities[1]!.properties!.kind = 'cult';
    doc.entities[0]!.properties!.name = 'Again';
    const result = validateCase(model, doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = new Map(result.errors.map((e) => [e.path, e.message]));
    expect(byPath.get('/facts/0/to')).toMatch(/LEADS cannot end at a Place/);
    expect(byPath.get('/facts/0/date')).toMatch(/only event/);
    expect(byPath.get('/facts/0/validTo')).toMatch(/before it starts/);
    expect(byPath.get('/facts/0/properties/role')).toMatch(/must be a string/);
    expect(byPath.get('/facts/0/properties/colour')).toMatch(/unknown property "colour"/);
    expect(byPath.get('/entities/1/properties/kind')).toMatch(/must be one of/);
    expect(byPath.get('/entities/0/properties/name')).toMatch(/top level/);
  });

  it('when ids repeat across sources, entities or facts, then the repeat is reported', () => {
    const doc = goodDocument();
    doc.entities[2]!.id = 'person:a';
    doc.facts[1]!.id = 'src:a';
    const result = validateCase(model, doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(pathsOf(result.errors)).toEqual(expect.arrayContaining(['/entities/2/id', '/facts/1/id']));
  });

  it('when an alleged fact has no attribution, then it is refused', () => {
    const doc = goodDocument();
    doc.facts[0]!.status = 'alleged';
    const result = validateCase(model, doc);
    expect(result.ok ? [] : pathsOf(result.errors)).toEqual(['/facts/0/attribution']);
  });

  it('when a fact points at an entity already in the database, then knownEntityIds vouch for it', () => {
    const doc = goodDocument();
    doc.facts[0]!.from = 'person:in-db';
    expect(validateCase(model, doc).ok).toBe(false);
    expect(validateCase(model, doc, new Set(['person:in-db'])).ok).toBe(true);
    // With types known, the endpoint type is checked too.
    const typed = validateCase(model, doc, new Map([['person:in-db', 'Country']]));
    expect(typed.ok ? [] : pathsOf(typed.errors)).toEqual(['/facts/0/from']);
  });

  it('when the document is not an object with the four parts, then the shape is reported', () => {
    const result = validateCase(model, { case: {}, entities: 'nope' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(pathsOf(result.errors)).toEqual(expect.arrayContaining(['/sources', '/entities']));
    expect(validateCase(model, null).ok).toBe(false);
  });

  it('when a field is unknown or required fields are missing, then each is named', () => {
    const doc = goodDocument();
    doc.case.colour = 'red';
    delete doc.facts[0]!.claim;
    const result = validateCase(model, doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = new Map(result.errors.map((e) => [e.path, e.message]));
    expect(byPath.get('/case')).toMatch(/unknown field\(s\): colour/);
    expect(byPath.get('/facts/0/claim')).toBe('is required');
  });
});

describe('parseModel: types read from a graph (key null)', () => {
  const base = () => structuredClone(loadModel()) as unknown as Record<string, Record<string, unknown>>;
  const graphType = (extra: Record<string, unknown> = {}) => ({
    description: 'Read from the graph.',
    key: null,
    display: 'vessel_name',
    aliases: 'aliases',
    style: { color: '#123456', icon: 'pin', shape: 'ellipse' },
    properties: { vessel_name: { type: 'string' }, seenAt: { type: 'other' } },
    ...extra,
  });

  it('when a graph type keeps its own names and exotic values, then the model is valid', () => {
    const raw = base();
    raw.nodeTypes!.vessel_v2 = graphType();
    raw.relationshipTypes!['docked-at'] = {
      key: null,
      from: ['vessel_v2'],
      to: ['Country'],
      meaning: 'x',
      event: false,
    };
    const model = parseModel(raw);
    expect(model.nodeTypes.vessel_v2?.key).toBeNull();
    expect(caseNodeTypeNames(model)).not.toContain('vessel_v2');
    expect(caseRelationshipTypeNames(model)).not.toContain('docked-at');
  });

  it('when a case type uses a graph’s freedoms, then each is refused by name', () => {
    const raw = base();
    (raw.nodeTypes!.Person as { properties: Record<string, unknown> }).properties.birth_place = {
      type: 'other',
    };
    raw.relationshipTypes!['lower-case'] = { from: ['Person'], to: ['Country'], meaning: 'x', event: false };
    expect(() => parseModel(raw)).toThrow(
      /birth_place: property keys must be camelCase[\s\S]*"other" is only[\s\S]*lower-case: relationship type names must be UPPER_SNAKE/,
    );
  });

  it('when a graph type takes an app label or a colour already used, then it is refused', () => {
    const raw = base();
    raw.nodeTypes!._Secret = graphType({ style: { color: '#1F77B4', icon: 'pin', shape: 'ellipse' } });
    expect(() => parseModel(raw)).toThrow(
      /_Secret: "_Secret" is a label casegraph keeps for itself[\s\S]*#1F77B4 is already used/,
    );
  });
});

describe('propertyType (model inference)', () => {
  it('when value types are seen, then each maps to a model type, and mixed ones to other', () => {
    expect(propertyType({ 'STRING NOT NULL': 3 })).toBe('string');
    expect(propertyType({ 'LIST<STRING NOT NULL> NOT NULL': 3 })).toBe('string[]');
    expect(propertyType({ 'INTEGER NOT NULL': 2, 'FLOAT NOT NULL': 1 })).toBe('number');
    expect(propertyType({ 'DATE NOT NULL': 1 })).toBe('date');
    expect(propertyType({ 'ZONED DATETIME NOT NULL': 1 })).toBe('other');
    expect(propertyType({ 'STRING NOT NULL': 1, 'INTEGER NOT NULL': 1 })).toBe('other');
  });
});
