/**
 * Turns uploaded bytes into an import document: checks size and encoding,
 * parses JSON, or converts CSV with its mapping (see csv-mapping.ts). Every
 * problem here is the uploader's: a clear 4xx, never a 500.
 */
import { AppError, BadRequestError, PayloadTooLargeError } from '../errors.js';
import { csvToDocument, type CsvMapping } from './csv-mapping.js';
import { ImportValidationError } from './import-service.js';

export const DEFAULT_MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export class UnsupportedEncodingError extends AppError {
  constructor(what: string) {
    super(415, 'UNSUPPORTED_ENCODING', `${what} is not valid UTF-8; save it as UTF-8 and try again`);
  }
}

/** Decodes strict UTF-8 (a BOM is dropped). Refuses anything else rather than guess. */
export function decodeUtf8(bytes: Uint8Array, what = 'The file'): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UnsupportedEncodingError(what);
  }
}

export function checkSize(bytes: Uint8Array, maxBytes: number, what = 'The file'): void {
  if (bytes.byteLength > maxBytes) {
    throw new PayloadTooLargeError(
      `${what} is ${bytes.byteLength} bytes; the limit is ${maxBytes} bytes. Split it into smaller imports.`,
    );
  }
}

export function parseJsonText(text: string, what = 'The file'): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

export type ImportInput =
  { format: 'json'; bytes: Uint8Array } | { format: 'csv'; bytes: Uint8Array; mapping: unknown };

export interface ReadDocument {
  document: unknown;
  /** For CSV: turns a document pointer (`/facts/3/to`) into the row it came from. */
  locate?: (pointer: string) => string | undefined;
}

/** Bytes in, a raw document out (validated against the model later, by the import service). */
export function readImportDocument(input: ImportInput, maxBytes = DEFAULT_MAX_IMPORT_BYTES): ReadDocument {
  checkSize(input.bytes, maxBytes);
  const text = decodeUtf8(input.bytes);
  if (input.format === 'json') return { document: parseJsonText(text) };
  const converted = csvToDocument(text, input.mapping as CsvMapping);
  if (!converted.ok) throw new ImportValidationError(converted.problems);
  return { document: converted.document, locate: converted.rowOf };
}
