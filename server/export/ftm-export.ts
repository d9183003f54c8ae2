/**
 * The case graph as FollowTheMoney: the import-format export (case-export.ts, paged reads) is
 * gathered into one document and converted by `caseToFtm`. Unlike the JSON export this holds the
 * whole case in memory once, because FtM links name their ends by FtM id and the id of every
 * element must be settled before the first link is written.
 */
import { caseToFtm } from '../ftm/case-to-ftm.js';
import { formatFtmLines } from '../ftm/ftm-lines.js';
import type { CaseDocument, EntityInput, FactInput } from '../model/model.js';
import {
  exportCase,
  type ExportDeps,
  type ExportOptions,
  type ExportSink,
  type ExportSummary,
} from './case-export.js';

/** The whole case graph as one case document (the import format), with defaults filled in. */
export async function exportCaseDocument(
  deps: ExportDeps,
  options: ExportOptions = {},
): Promise<{ document: CaseDocument; summary: ExportSummary }> {
  const chunks: string[] = [];
  const summary = await exportCase(
    deps,
    async (chunk) => {
      chunks.push(chunk);
    },
    options,
  );
  const raw = JSON.parse(chunks.join('')) as CaseDocument;
  // The export leaves out empty aliases and properties; the converter expects the parsed form.
  const document: CaseDocument = {
    case: raw.case,
    sources: raw.sources,
    entities: raw.entities.map((e: Partial<EntityInput> & EntityInput) => ({
      ...e,
      aliases: e.aliases ?? [],
      properties: e.properties ?? {},
    })),
    facts: raw.facts.map((f: Partial<FactInput> & FactInput) => ({ ...f, properties: f.properties ?? {} })),
  };
  return { document, summary };
}

/** Writes the whole case graph to `sink` as FtM entity lines; returns the counts. */
export async function exportCaseFtm(
  deps: ExportDeps,
  sink: ExportSink,
  options: ExportOptions = {},
): Promise<ExportSummary> {
  const { document, summary } = await exportCaseDocument(deps, options);
  await sink(formatFtmLines(caseToFtm(deps.model, document)));
  return summary;
}
