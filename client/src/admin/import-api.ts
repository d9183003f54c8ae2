/**
 * The import screen's calls: preview, import with its progress stream, undo. Raw bodies (the file
 * as it is), so they go through `fetch` here rather than the JSON `request` of api.ts.
 */
import type { ImportSummary } from '../../../server/contract.js';
import { ApiError, csrfHeaders, errorFromResponse, request } from '../api.js';
import { splitLines, type ProgressLine } from './import-mapping.js';

/** What the preview answers (server/import/import-routes.ts `previewOf`). */
export interface ImportPreview {
  counts: { entities: number; facts: number; sources: number };
  entities: { id: string; type: string; name: string; aliases: string[] }[];
  facts: {
    id: string;
    type: string;
    from: string;
    to: string;
    claim: string;
    status: string;
    confidence: number;
  }[];
  sources: { id: string; title: string }[];
}

/** A file to import: JSON as it is, or CSV with its mapping. */
export type Upload = { kind: 'json'; text: string } | { kind: 'csv'; text: string; mapping: unknown };

function init(upload: Upload, accept: string, signal?: AbortSignal): RequestInit {
  const headers: Record<string, string> = {
    Accept: accept,
    'Content-Type': upload.kind === 'json' ? 'application/json' : 'text/csv',
    ...csrfHeaders(),
  };
  if (upload.kind === 'csv') headers['X-Casegraph-Mapping'] = JSON.stringify(upload.mapping);
  return { method: 'POST', headers, body: upload.text, signal: signal ?? null };
}

async function send(path: string, options: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, options);
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw new ApiError(0, 'ABORTED', 'The request was cancelled');
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached');
  }
  if (!res.ok) throw await errorFromResponse(res);
  return res;
}

/** Validates the upload and shows its first rows; writes nothing. */
export async function previewImport(upload: Upload, signal?: AbortSignal): Promise<ImportPreview> {
  const res = await send('/api/admin/import/preview', init(upload, 'application/json', signal));
  return (await res.json()) as ImportPreview;
}

/**
 * Imports the upload, telling `onLine` each progress line as it comes. Resolves to the summary;
 * rejects with an ApiError for a refused upload (422 with its problems) or a failed write.
 */
export async function runImport(
  upload: Upload,
  onLine: (line: ProgressLine) => void,
): Promise<ImportSummary> {
  const res = await send('/api/admin/import', init(upload, 'application/x-ndjson'));
  if (!res.body || !(res.headers.get('content-type') ?? '').includes('ndjson')) {
    return (await res.json()) as ImportSummary;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += value;
    const { lines, rest } = splitLines(done ? `${buffered}\n` : buffered);
    buffered = rest;
    for (const line of lines) {
      onLine(line);
      if (line.kind === 'done') return line.summary;
      if (line.kind === 'error') throw new ApiError(500, line.error.code, line.error.message);
    }
    if (done)
      throw new ApiError(0, 'BAD_RESPONSE', 'The import stopped answering before it said how it ended');
  }
}

/** Takes back the latest import. */
export function undoImport(importId: string): Promise<{ elapsedMs: number }> {
  return request(`/api/admin/import/${encodeURIComponent(importId)}/undo`, { method: 'POST' });
}
