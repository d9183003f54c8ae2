/**
 * The import screen's pure parts: reading a CSV's header, turning the mapping form into the
 * mapping the server takes (`server/import/csv-mapping.ts`), and reading the server's progress
 * stream. No DOM here, so unit tests cover it headless.
 */
import type { ImportProblem, ImportSummary } from '../../../server/contract.js';

/** The column names of a CSV's first record (quotes and doubled quotes as RFC 4180 has them). */
export function csvHeader(text: string, delimiter = ','): string[] {
  const columns: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      columns.push(cell.trim());
      cell = '';
    } else if (c === '\n' || c === '\r') break;
    else cell += c;
  }
  if (cell !== '' || columns.length > 0) columns.push(cell.trim());
  return columns.filter((c) => c !== '');
}

/** What the mapping form holds: one entity per row, and optionally one link per row. */
export interface MappingForm {
  caseId: string;
  caseTitle: string;
  caseSummary: string;
  sourceId: string;
  sourceTitle: string;
  sourceUrl: string;
  entityType: string;
  keyColumn: string;
  keyPrefix: string;
  nameColumn: string;
  aliasesColumn: string;
  /** Columns kept as properties of the row's entity, under their own names. */
  propertyColumns: string[];
  link: null | {
    type: string;
    direction: 'out' | 'in';
    targetColumn: string;
    targetPrefix: string;
    claim: string;
    status: string;
    confidence: number;
    /** Who says so (an alleged fact must name them); {column} templates allowed; empty for none. */
    attribution: string;
  };
}

/** A starting form for these columns: guesses the key and name columns by their names. */
export function defaultForm(columns: readonly string[], entityType: string, fileName: string): MappingForm {
  const find = (pattern: RegExp) => columns.find((c) => pattern.test(c)) ?? '';
  const keyColumn = find(/(^|_)id$/i) || columns[0] || '';
  const nameColumn = find(/name|title|label/i) || columns.find((c) => c !== keyColumn) || keyColumn;
  const slug =
    fileName
      .replace(/\.[^.]*$/, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'upload';
  return {
    caseId: `case:${slug}`,
    caseTitle: fileName,
    caseSummary: `Imported from ${fileName}.`,
    sourceId: `src:${slug}`,
    sourceTitle: fileName,
    sourceUrl: '',
    entityType,
    keyColumn,
    keyPrefix: `${entityType.toLowerCase()}:`,
    nameColumn,
    aliasesColumn: '',
    propertyColumns: [],
    link: null,
  };
}

/** The mapping the server reads (see the example at the top of server/import/csv-mapping.ts). */
export function mappingOf(form: MappingForm): Record<string, unknown> {
  const source: Record<string, unknown> = { id: form.sourceId, title: form.sourceTitle };
  if (form.sourceUrl.trim()) source.url = form.sourceUrl.trim();
  const entity: Record<string, unknown> = {
    type: form.entityType,
    id: { column: form.keyColumn, prefix: form.keyPrefix },
    name: form.nameColumn,
    properties: Object.fromEntries(form.propertyColumns.map((c) => [c, c])),
    sources: [form.sourceId],
  };
  if (form.aliasesColumn) entity.aliases = { column: form.aliasesColumn, separator: ';' };
  const mapping: Record<string, unknown> = {
    case: { id: form.caseId, title: form.caseTitle, summary: form.caseSummary },
    sources: [source],
    entity,
  };
  if (form.link) {
    mapping.facts = [
      {
        type: form.link.type,
        direction: form.link.direction,
        to: { column: form.link.targetColumn, prefix: form.link.targetPrefix },
        claim: { template: form.link.claim },
        status: form.link.status,
        confidence: form.link.confidence,
        ...(form.link.attribution.trim() && { attribution: { template: form.link.attribution.trim() } }),
        sources: [form.sourceId],
      },
    ];
  }
  return mapping;
}

/** One line of the import's progress stream (`Accept: application/x-ndjson`). */
export type ProgressLine =
  | { kind: 'validated'; counts: { entities: number; facts: number; sources: number } }
  | { kind: 'progress'; phase: 'nodes' | 'facts' | 'commit' | 'rollback'; done: number; total: number }
  | { kind: 'done'; summary: ImportSummary }
  | { kind: 'error'; error: { code: string; message: string } };

/**
 * Splits streamed text into complete JSON lines; returns them and the unfinished rest, which the
 * caller prepends to the next chunk.
 */
export function splitLines(buffered: string): { lines: ProgressLine[]; rest: string } {
  const parts = buffered.split('\n');
  const rest = parts.pop() ?? '';
  const lines = parts.filter((p) => p.trim() !== '').map((p) => JSON.parse(p) as ProgressLine);
  return { lines, rest };
}

/** Rows written per second so far, rounded; 0 before any time has passed. */
export function rowsPerSecond(rows: number, elapsedMs: number): number {
  return elapsedMs > 0 ? Math.round((rows * 1000) / elapsedMs) : 0;
}

/** A problem as the table shows it: the row (or document place), the column, the message. */
export function problemRow(problem: ImportProblem): { where: string; column: string; message: string } {
  return {
    where: problem.path.startsWith('/') ? problem.path : problem.path.replace(/^row /, 'Row '),
    column: problem.field ?? '',
    message: problem.message,
  };
}
