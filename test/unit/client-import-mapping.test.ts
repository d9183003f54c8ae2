import { describe, expect, it } from 'vitest';
import {
  csvHeader,
  defaultForm,
  mappingOf,
  problemRow,
  rowsPerSecond,
  splitLines,
} from '../../client/src/admin/import-mapping.js';

describe('csvHeader', () => {
  it('when the header has quotes, doubled quotes and a BOM, then each column is read as written', () => {
    expect(csvHeader('\uFEFFid,"full name","say ""hi""",aka\r\n1,a,b,c')).toEqual([
      'id',
      'full name',
      'say "hi"',
      'aka',
    ]);
  });

  it('when the delimiter is a semicolon, then it splits on it', () => {
    expect(csvHeader('a;b;c\n1;2;3', ';')).toEqual(['a', 'b', 'c']);
  });

  it('when the file is empty, then there are no columns', () => {
    expect(csvHeader('')).toEqual([]);
  });
});

describe('defaultForm and mappingOf', () => {
  it('when the columns name an id and a name, then they are guessed as key and name', () => {
    const form = defaultForm(['person_id', 'full_name', 'role'], 'Person', 'Resellers 2019.csv');
    expect(form).toMatchObject({
      keyColumn: 'person_id',
      nameColumn: 'full_name',
      keyPrefix: 'person:',
      caseId: 'case:resellers-2019',
      sourceId: 'src:resellers-2019',
    });
  });

  it('when a link and properties are chosen, then the mapping has the server’s shape', () => {
    const form = defaultForm(['id', 'name', 'org', 'role'], 'Person', 'x.csv');
    form.propertyColumns = ['role'];
    form.aliasesColumn = 'name';
    form.sourceUrl = ' https://example.org/ledger ';
    form.link = {
      type: 'MEMBER_OF',
      direction: 'out',
      targetColumn: 'org',
      targetPrefix: 'org:',
      claim: '{name} is a member of {org}',
      status: 'alleged',
      confidence: 0.6,
      attribution: 'the {org} ledger',
    };
    expect(mappingOf(form)).toEqual({
      case: { id: 'case:x', title: 'x.csv', summary: 'Imported from x.csv.' },
      sources: [{ id: 'src:x', title: 'x.csv', url: 'https://example.org/ledger' }],
      entity: {
        type: 'Person',
        id: { column: 'id', prefix: 'person:' },
        name: 'name',
        aliases: { column: 'name', separator: ';' },
        properties: { role: 'role' },
        sources: ['src:x'],
      },
      facts: [
        {
          type: 'MEMBER_OF',
          direction: 'out',
          to: { column: 'org', prefix: 'org:' },
          claim: { template: '{name} is a member of {org}' },
          status: 'alleged',
          confidence: 0.6,
          attribution: { template: 'the {org} ledger' },
          sources: ['src:x'],
        },
      ],
    });
  });
});

describe('splitLines', () => {
  it('when a chunk ends mid-line, then the unfinished line is kept for the next chunk', () => {
    const first = splitLines(
      '{"kind":"validated","counts":{"entities":1,"facts":0,"sources":1}}\n{"kind":"prog',
    );
    expect(first.lines).toHaveLength(1);
    expect(first.rest).toBe('{"kind":"prog');
    const second = splitLines(`${first.rest}ress","phase":"nodes","done":2,"total":2}\n`);
    expect(second.lines).toEqual([{ kind: 'progress', phase: 'nodes', done: 2, total: 2 }]);
    expect(second.rest).toBe('');
  });
});

describe('rowsPerSecond and problemRow', () => {
  it('when no time has passed, then the rate is 0 rather than infinite', () => {
    expect(rowsPerSecond(100, 0)).toBe(0);
    expect(rowsPerSecond(500, 250)).toBe(2000);
  });

  it('when a problem points at a CSV row, then the table shows the row and the column', () => {
    expect(problemRow({ path: 'row 3', field: 'person_id', message: 'is required' })).toEqual({
      where: 'Row 3',
      column: 'person_id',
      message: 'is required',
    });
    expect(problemRow({ path: '/facts/0/to', message: 'unknown entity' }).where).toBe('/facts/0/to');
  });
});
