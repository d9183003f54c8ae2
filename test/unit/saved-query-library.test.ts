import { describe, expect, it } from 'vitest';
import { checkReadOnlyCypher } from '../../server/user-cypher/gate.js';
import { loadModel } from '../../server/model/model.js';
import { plannerPrefix, type PlannerOptions } from '../../server/user-cypher/read-runner.js';
import { loadLibrary, parseLibraryQuery, parseParamLine } from '../../server/queries/library.js';
import { toCypherValues, validateRunParameters } from '../../server/queries/parameters.js';
import type { QueryParameterSpec } from '../../server/contract.js';

describe('the saved-query library (cypher/queries)', () => {
  const library = loadLibrary();
  const model = loadModel();

  it('when the library is loaded, then it ships at least 8 queries with unique ids, titles and descriptions', () => {
    expect(library.length).toBeGreaterThanOrEqual(8);
    expect(new Set(library.map((q) => q.id)).size).toBe(library.length);
    for (const query of library) {
      expect(query.id).toMatch(/^lib:[a-z0-9-]+$/);
      expect(query.title.length).toBeGreaterThan(3);
      expect(query.description.length).toBeGreaterThan(10);
      expect(query.origin).toBe('library');
    }
  });

  it('when each query is checked, then it passes the read-only gate and declares every parameter it uses', () => {
    for (const query of library) {
      const gate = checkReadOnlyCypher(query.cypher);
      expect(gate, query.id).toMatchObject({ ok: true });
      if (gate.ok) {
        const declared = query.parameters.map((p) => p.name);
        for (const used of gate.parameters) expect(declared, `${query.id} uses $${used}`).toContain(used);
      }
    }
  });

  it('when a query has entity parameters, then they name model node types for the search to offer', () => {
    const entityParams = library.flatMap((q) => q.parameters.filter((p) => p.type === 'entity'));
    expect(entityParams.length).toBeGreaterThan(0);
    for (const spec of entityParams) {
      expect(spec.entityTypes?.length).toBeGreaterThan(0);
      for (const type of spec.entityTypes ?? []) expect(Object.keys(model.nodeTypes)).toContain(type);
    }
  });

  it('when every query runs on its defaults, then the defaults validate', () => {
    for (const query of library) {
      const values = Object.fromEntries(
        query.parameters.filter((p) => p.required).map((p) => [p.name, p.type === 'entity' ? 'x:y' : 'x']),
      );
      expect(() => validateRunParameters(query.parameters, values), query.id).not.toThrow();
    }
  });
});

describe('parseLibraryQuery', () => {
  it('when a header has a title, a two-line description and typed params, then they are read', () => {
    const query = parseLibraryQuery(
      '/x/facts-in-year.cypher',
      [
        '// @title Facts in a year',
        '// @description Facts dated in one year,',
        '//   most confident first.',
        '// @param year: integer = 2018 | label: Year | min: 1900 | max: 2100',
        '// @param who: entity? | entityTypes: Person, Organisation',
        '// @param status: string = "alleged" | options: alleged, confirmed',
        'MATCH (a)-[f]->(b) WHERE f.date STARTS WITH toString($year) AND ($who IS NULL OR a.id = $who)',
        '  AND f.status = $status',
        'RETURN a, f, b;',
      ].join('\n'),
    );
    expect(query).toMatchObject({
      id: 'lib:facts-in-year',
      title: 'Facts in a year',
      description: 'Facts dated in one year, most confident first.',
      origin: 'library',
    });
    expect(query.cypher.endsWith('RETURN a, f, b')).toBe(true);
    expect(query.parameters).toEqual([
      { name: 'year', type: 'integer', label: 'Year', default: 2018, required: false, min: 1900, max: 2100 },
      { name: 'who', type: 'entity', label: 'Who', required: false, entityTypes: ['Person', 'Organisation'] },
      {
        name: 'status',
        type: 'string',
        label: 'Status',
        default: 'alleged',
        required: false,
        options: ['alleged', 'confirmed'],
      },
    ]);
  });

  it('when a library file writes or uses an undeclared parameter, then loading names the file and line', () => {
    expect(() => parseLibraryQuery('/x/bad.cypher', '// @title Bad\nMATCH (n) DETACH DELETE n')).toThrow(
      /bad\.cypher:2: refused by the read-only gate/,
    );
    expect(() =>
      parseLibraryQuery('/x/bad.cypher', '// @title Bad\nMATCH (n) WHERE n.id = $id RETURN n'),
    ).toThrow(/undeclared parameters: id/);
    expect(() => parseLibraryQuery('/x/bad.cypher', 'MATCH (n) RETURN n')).toThrow(/@title/);
    expect(() => parseParamLine('x: integer = 1 | colour: red')).toThrow(/unknown option/);
  });

  it('when a header sets a planner option, then it is kept; an unknown option or value stops loading', () => {
    const header = '// @title Near\n// @param id: string\n';
    const body = 'MATCH (a {id: $id}) MATCH p = ANY SHORTEST (a)--{1,3}(b) RETURN p';
    const query = parseLibraryQuery(
      '/x/near.cypher',
      `${header}// @planner statefulShortestPlanningMode=all_if_possible\n//   (why, in a comment)\n${body}`,
    );
    expect(query.plannerOptions).toEqual({ statefulShortestPlanningMode: 'all_if_possible' });
    expect(query.description).toBe('');
    expect(plannerPrefix(query.plannerOptions as PlannerOptions)).toBe(
      'CYPHER statefulShortestPlanningMode=all_if_possible ',
    );
    expect(plannerPrefix(undefined)).toBe('');
    expect(() => parseLibraryQuery('/x/b.cypher', `${header}// @planner runtime=slotted\n${body}`)).toThrow(
      /b\.cypher:3: unknown planner option "runtime"/,
    );
    expect(() =>
      parseLibraryQuery('/x/b.cypher', `${header}// @planner statefulShortestPlanningMode=fast\n${body}`),
    ).toThrow(/takes one of: all_if_possible/);
  });

  it('when the library is loaded, then the one-bound shortest-path query searches outward from its person', () => {
    expect(loadLibrary().find((q) => q.id === 'lib:linked-to-person')?.plannerOptions).toEqual({
      statefulShortestPlanningMode: 'all_if_possible',
    });
  });
});

describe('validateRunParameters', () => {
  const specs: QueryParameterSpec[] = [
    { name: 'person', type: 'entity', label: 'Person', required: true, entityTypes: ['Person'] },
    { name: 'hops', type: 'integer', label: 'Hops', required: false, default: 2, min: 1, max: 3 },
    { name: 'min', type: 'number', label: 'Min', required: false, min: 0, max: 1 },
    { name: 'status', type: 'string', label: 'Status', required: false, options: ['alleged', 'confirmed'] },
    { name: 'from', type: 'date', label: 'From', required: false },
    { name: 'flag', type: 'boolean', label: 'Flag', required: false },
  ];

  it('when values fit, then defaults fill in, absent optionals are null and integers become Neo4j integers', () => {
    const values = validateRunParameters(specs, { person: 'p:1', min: '0.5', flag: 'true' });
    expect(values).toEqual({ person: 'p:1', hops: 2, min: 0.5, status: null, from: null, flag: true });
    const cypherValues = toCypherValues(specs, values);
    expect(String(cypherValues.hops)).toBe('2');
    expect(typeof cypherValues.hops).toBe('object');
  });

  it('when values are wrong, then every problem is listed in one 422', () => {
    try {
      validateRunParameters(specs, {
        hops: 7,
        min: 'lots',
        status: 'rumoured',
        from: '2018-02-30',
        extra: 1,
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ status: 422, code: 'VALIDATION_FAILED' });
      const paths = (error as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['person', 'hops', 'min', 'status', 'from', '(root)']));
    }
  });
});
