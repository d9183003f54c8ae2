import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cellValue, linkColumns, linkRow, nodeColumns, nodeRow } from '../../server/export/case-csv.js';
import { csvLine } from '../../server/export/csv-cell.js';
import { loadModel } from '../../server/model/model.js';

const model = loadModel();

describe('case CSV rows', () => {
  it('when the model is read, then every declared property has a column, and each column is there once', () => {
    const nodes = nodeColumns(model);
    const links = linkColumns(model);
    for (const spec of Object.values(model.nodeTypes))
      for (const key of Object.keys(spec.properties)) expect(nodes).toContain(key);
    expect(links.slice(0, 9)).toEqual([
      'id',
      'type',
      'source',
      'target',
      'claim',
      'status',
      'confidence',
      'sources',
      'source titles',
    ]);
    expect(new Set(nodes).size).toBe(nodes.length);
    expect(new Set(links).size).toBe(links.length);
  });

  it('when a name or claim starts like a formula, then the cell is defused and still parses back', () => {
    const columns = nodeColumns(model);
    const row = nodeRow(model, columns, {
      id: 'person:x',
      labels: ['Entity', 'Person'],
      props: { id: 'person:x', name: '=HYPERLINK("http://evil","x")', aliases: ['@a', 'b, "c"'], odd: 1 },
    });
    const [back] = parse(csvLine(columns) + csvLine(row), { columns: true }) as Record<string, string>[];
    expect(back!.name).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(back!.aliases).toBe(`'@a; b, "c"`);
    expect(back!.labels).toBe('Entity; Person');
    expect(JSON.parse(back!['other properties']!)).toEqual({ odd: 1 });

    const lColumns = linkColumns(model);
    const link = linkRow(
      lColumns,
      {
        id: 'fact:1',
        type: 'KNOWS',
        from: 'person:x',
        to: 'person:y',
        props: { claim: '+1 said so', status: 'alleged', confidence: 0.5, sources: ['src:a', 'src:gone'] },
      },
      new Map([['src:a', 'Report A']]),
    );
    const [linkBack] = parse(csvLine(lColumns) + csvLine(link), { columns: true }) as Record<
      string,
      string
    >[];
    expect(linkBack).toMatchObject({
      claim: "'+1 said so",
      sources: 'src:a; src:gone',
      'source titles': 'Report A; ',
      confidence: '0.5',
    });
  });

  it('when a value is a list, an object or missing, then it reads as one cell', () => {
    expect(cellValue(['a', 2])).toBe('a; 2');
    expect(cellValue({ k: 1 })).toBe('{"k":1}');
    expect(cellValue(null)).toBe('');
  });
});
