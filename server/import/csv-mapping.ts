/**
 * CSV import: a spreadsheet plus a small mapping file become an import
 * document of the model's shape, so CSV goes through the same validation and
 * writer as JSON. Each data row describes one entity (its key column, type,
 * name, aliases, properties) and optionally facts from it to entities named in
 * other columns.
 *
 * Mapping example (JSON):
 * {
 *   "case": {"id": "case:resellers", "title": "Resellers", "summary": "…"},
 *   "sources": [{"id": "src:ledger", "title": "Seized ledger"}],
 *   "entity": {"type": "Person", "id": {"column": "person_id", "prefix": "person:"},
 *              "name": "full_name", "aliases": {"column": "aka", "separator": ";"},
 *              "properties": {"role": "role"}, "sources": ["src:ledger"]},
 *   "facts": [{"type": "RESELLS", "to": {"column": "org_id", "prefix": "org:"},
 *              "claim": {"template": "{full_name} resold handsets for {org_id}"},
 *              "status": "reported", "confidence": {"column": "confidence"}, "sources": ["src:ledger"]}]
 * }
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { ImportProblem } from '../contract.js';

const columnRef = z.strictObject({ column: z.string().min(1), prefix: z.string().default('') });
const templateRef = z.strictObject({ template: z.string().min(1) });
/** A field is a column name, a {column, prefix}, a {template} or a constant. */
const textField = z.union([
  z
    .string()
    .min(1)
    .transform((column) => ({ column, prefix: '' })),
  columnRef,
  templateRef,
]);

const sourcesField = z.union([z.array(z.string()).min(1), columnRef]);

const mappingSchema = z.strictObject({
  case: z.strictObject({
    id: z.string(),
    title: z.string(),
    summary: z.string(),
    notes: z.string().optional(),
  }),
  sources: z.array(z.record(z.string(), z.unknown())).default([]),
  delimiter: z.string().length(1).default(','),
  entity: z.strictObject({
    type: z.union([z.string().min(1), columnRef]),
    id: columnRef,
    name: textField,
    aliases: z.strictObject({ column: z.string(), separator: z.string().default(';') }).optional(),
    properties: z.record(z.string(), z.string()).default({}),
    sources: sourcesField,
  }),
  facts: z
    .array(
      z.strictObject({
        type: z.string().min(1),
        /** `out`: row entity → `to` entity; `in`: the other way. */
        direction: z.enum(['out', 'in']).default('out'),
        to: columnRef,
        id: templateRef.optional(),
        claim: textField,
        status: z.union([z.string(), columnRef]),
        confidence: z.union([z.number(), columnRef]),
        date: columnRef.optional(),
        validFrom: columnRef.optional(),
        validTo: columnRef.optional(),
        attribution: textField.optional(),
        sources: sourcesField,
      }),
    )
    .default([]),
});

export type CsvMapping = z.input<typeof mappingSchema>;
type Mapping = z.output<typeof mappingSchema>;
type Row = Record<string, string>;

export type CsvConversion =
  | { ok: true; document: Record<string, unknown>; rowOf: (pointer: string) => string | undefined }
  | { ok: false; problems: ImportProblem[] };

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
}

/** Every column a mapping reads, so a missing header is reported once, up front. */
function columnsUsed(mapping: Mapping): Set<string> {
  const used = new Set<string>();
  const visit = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    if ('column' in value && typeof value.column === 'string') used.add(value.column);
    if ('template' in value && typeof value.template === 'string') {
      for (const match of value.template.matchAll(/\{([^}]+)\}/g)) used.add(match[1]!);
    }
    for (const inner of Object.values(value)) visit(inner);
  };
  visit(mapping.entity);
  visit(mapping.facts);
  for (const column of Object.values(mapping.entity.properties)) used.add(column);
  return used;
}

/** Converts CSV text and its mapping to an import document, or lists every problem with its row. */
export function csvToDocument(csvText: string, rawMapping: unknown): CsvConversion {
  const parsedMapping = mappingSchema.safeParse(rawMapping);
  if (!parsedMapping.success) {
    return {
      ok: false,
      problems: parsedMapping.error.issues.map((issue) => ({
        path: `mapping/${issue.path.join('/')}`,
        message: issue.message,
      })),
    };
  }
  const mapping = parsedMapping.data;

  let rows: Row[];
  try {
    rows = parse(csvText, {
      columns: true,
      delimiter: mapping.delimiter,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }) as Row[];
  } catch (error) {
    const e = error as { message: string; lines?: number };
    return {
      ok: false,
      problems: [{ path: `line ${e.lines ?? '?'}`, message: `Not valid CSV: ${e.message}` }],
    };
  }
  if (rows.length === 0)
    return { ok: false, problems: [{ path: 'line 1', message: 'The CSV has no data rows' }] };

  const header = new Set(Object.keys(rows[0]!));
  const missing = [...columnsUsed(mapping)].filter((column) => !header.has(column));
  if (missing.length > 0) {
    return {
      ok: false,
      problems: missing.map((column) => ({
        path: 'line 1',
        field: column,
        message: `The mapping reads column "${column}", which the CSV header does not have`,
      })),
    };
  }

  const problems: ImportProblem[] = [];
  const entities = new Map<string, Record<string, unknown>>();
  const facts: Record<string, unknown>[] = [];
  const entityRows: number[] = [];
  const factRows: number[] = [];

  rows.forEach((row, index) => {
    const rowNumber = index + 2; // line 1 is the header
    const at = `row ${rowNumber}`;
    const cell = (ref: { column: string; prefix?: string }) => {
      const value = row[ref.column] ?? '';
      return value === '' ? '' : `${ref.prefix ?? ''}${value}`;
    };
    const text = (field: { column: string; prefix?: string } | { template: string }) =>
      'template' in field
        ? field.template.replace(/\{([^}]+)\}/g, (_, c: string) => row[c] ?? '')
        : cell(field);
    const sources = (field: string[] | { column: string; prefix?: string }) =>
      Array.isArray(field)
        ? field
        : cell(field)
            .split(';')
            .map((s) => s.trim())
            .filter(Boolean);

    const id = cell(mapping.entity.id);
    if (!id) {
      problems.push({ path: at, field: mapping.entity.id.column, message: 'The key column is empty' });
      return;
    }
    if (!entities.has(id)) {
      const properties: Record<string, unknown> = {};
      for (const [property, column] of Object.entries(mapping.entity.properties)) {
        if (row[column] !== undefined && row[column] !== '') properties[property] = row[column];
      }
      const aliases = mapping.entity.aliases
        ? (row[mapping.entity.aliases.column] ?? '')
            .split(mapping.entity.aliases.separator)
            .map((a) => a.trim())
            .filter(Boolean)
        : [];
      entities.set(id, {
        type: typeof mapping.entity.type === 'string' ? mapping.entity.type : cell(mapping.entity.type),
        id,
        name: text(mapping.entity.name),
        aliases,
        properties,
        sources: sources(mapping.entity.sources),
      });
      entityRows.push(rowNumber);
    }

    for (const factMapping of mapping.facts) {
      const other = cell(factMapping.to);
      if (!other) continue; // no link on this row
      const [from, to] = factMapping.direction === 'out' ? [id, other] : [other, id];
      const confidenceText =
        typeof factMapping.confidence === 'number'
          ? String(factMapping.confidence)
          : cell(factMapping.confidence);
      const confidence = Number(confidenceText);
      if (confidenceText === '' || Number.isNaN(confidence)) {
        problems.push({
          path: at,
          field: typeof factMapping.confidence === 'number' ? 'confidence' : factMapping.confidence.column,
          message: `Confidence "${confidenceText}" is not a number between 0 and 1`,
        });
        continue;
      }
      const fact: Record<string, unknown> = {
        id: factMapping.id ? text(factMapping.id) : `fact:${slug(`${factMapping.type}-${from}-${to}`)}`,
        type: factMapping.type,
        from,
        to,
        claim: text(factMapping.claim),
        status: typeof factMapping.status === 'string' ? factMapping.status : cell(factMapping.status),
        confidence,
        sources: sources(factMapping.sources),
        properties: {},
      };
      for (const key of ['date', 'validFrom', 'validTo'] as const) {
        const ref = factMapping[key];
        if (ref && cell(ref)) fact[key] = cell(ref);
      }
      if (factMapping.attribution) fact.attribution = text(factMapping.attribution);
      facts.push(fact);
      factRows.push(rowNumber);
    }
  });

  if (problems.length > 0) return { ok: false, problems };
  const document = { case: mapping.case, sources: mapping.sources, entities: [...entities.values()], facts };
  const rowOf = (pointer: string) => {
    const match = /^\/(entities|facts)\/(\d+)/.exec(pointer);
    if (!match) return undefined;
    const line = (match[1] === 'entities' ? entityRows : factRows)[Number(match[2])];
    return line === undefined ? undefined : `row ${line}`;
  };
  return { ok: true, document, rowOf };
}
