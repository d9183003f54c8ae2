/**
 * Uploaded FtM bytes -> an import document: size and encoding checked as for every import, lines
 * checked against the FtM model (422 with every bad line), then converted by `ftmToCase`. The
 * document then takes the ordinary import path (validation against the case model, staging,
 * audit, undo); its problems point at FtM lines through `locate`.
 */
import type { CaseModel } from '../model/model.js';
import { ImportValidationError } from '../import/import-service.js';
import { checkSize, decodeUtf8, type ReadDocument } from '../import/read-document.js';
import { parseFtmLines } from './ftm-lines.js';
import { ftmToCase, type FtmImportOptions, type FtmImportReport } from './ftm-to-case.js';

/** File names that mean an FtM entity stream to the CLI. */
export const FTM_FILE = /\.ftm\.jsonl?$|\.ftm$/i;

export interface FtmReadDocument extends ReadDocument {
  ftm: FtmImportReport;
}

/** Bytes of an FtM entity stream in, a raw import document and its FtM report out. */
export function readFtmDocument(
  bytes: Uint8Array,
  model: CaseModel,
  maxBytes: number,
  options: FtmImportOptions = {},
): FtmReadDocument {
  checkSize(bytes, maxBytes);
  const parsed = parseFtmLines(decodeUtf8(bytes));
  if (!parsed.ok) throw new ImportValidationError(parsed.problems);
  const { document, report, locate } = ftmToCase(model, parsed.lines, options);
  return { document, locate, ftm: report };
}
