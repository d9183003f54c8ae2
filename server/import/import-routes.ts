/**
 * The admins' import over HTTP:
 *   POST /api/admin/import            write an import, all or nothing; kept for undo until the next
 *   POST /api/admin/import/preview    validate and show what the first rows become; writes nothing
 *   POST /api/admin/import/:id/undo   take back the latest import
 * Bodies of the first two:
 *   Content-Type: application/json   an import document (the case file shape)
 *   Content-Type: text/csv           CSV; its mapping travels in the `X-Casegraph-Mapping` header as JSON
 *   Content-Type: application/x-ndjson   a FollowTheMoney entity stream (server/ftm/); the answer
 *                                    adds `ftm`, the report of what was mapped, approximated or left out
 * Validation comes first (422 with every problem, each pointing at its row for CSV). An import
 * sent with `Accept: application/x-ndjson` answers with its progress: once the document is valid,
 * a 200 stream of one JSON object per line (`validated`, `progress`…, then `done` or `error`).
 */
import express, { Router, type Request, type Response } from 'express';
import type { GraphAccess } from '../contract.js';
import { BadRequestError, AppError, GraphReadOnlyError, NotFoundError, toAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { readFtmDocument } from '../ftm/read-ftm.js';
import type { CaseDocument, CaseModel } from '../model/model.js';
import { importCaseDocument, undoImport, validateForImport, type ImportDeps } from './import-service.js';
import {
  DEFAULT_MAX_IMPORT_BYTES,
  parseJsonText,
  readImportDocument,
  type ReadDocument,
} from './read-document.js';
import type { WriteProgress } from './write-plan.js';

/** Rows of each kind the preview shows. */
export const PREVIEW_ROWS = 20;
/** At most this often a progress line goes out (a phase change always does). */
const PROGRESS_INTERVAL_MS = 250;
const IMPORT_ID = /^[0-9a-f-]{36}$/;

/** The uploaded body as an import document (JSON as it is; CSV through its mapping; FtM converted). */
function readUpload(req: Request, maxBytes: number, model: CaseModel): ReadDocument & { ftm?: unknown } {
  const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (bytes.byteLength === 0) throw new BadRequestError('The import body is empty');
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return readImportDocument({ format: 'json', bytes }, maxBytes);
  if (type === 'application/x-ndjson') return readFtmDocument(bytes, model, maxBytes);
  if (type === 'text/csv') {
    const header = req.headers['x-casegraph-mapping'];
    if (typeof header !== 'string' || header === '') {
      throw new BadRequestError('A CSV import needs its mapping as JSON in the X-Casegraph-Mapping header');
    }
    return readImportDocument(
      { format: 'csv', bytes, mapping: parseJsonText(header, 'The mapping') },
      maxBytes,
    );
  }
  throw new AppError(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'Send application/json, text/csv or application/x-ndjson (FollowTheMoney)',
  );
}

/** What a valid document holds, and its first rows as the explorer will show them. */
export function previewOf(doc: CaseDocument) {
  return {
    counts: { entities: doc.entities.length, facts: doc.facts.length, sources: doc.sources.length },
    entities: doc.entities.slice(0, PREVIEW_ROWS).map((e) => ({
      id: e.id,
      type: e.type,
      name: e.name,
      aliases: e.aliases ?? [],
    })),
    facts: doc.facts.slice(0, PREVIEW_ROWS).map((f) => ({
      id: f.id,
      type: f.type,
      from: f.from,
      to: f.to,
      claim: f.claim,
      status: f.status,
      confidence: f.confidence,
    })),
    sources: doc.sources.slice(0, PREVIEW_ROWS).map((s) => ({ id: s.id, title: s.title })),
  };
}

/** The progress stream of one import: NDJSON lines, progress at most every PROGRESS_INTERVAL_MS. */
function progressStream(res: Response) {
  let open = false;
  let lastAt = 0;
  let lastPhase = '';
  const write = (line: Record<string, unknown>) => res.write(`${JSON.stringify(line)}\n`);
  return {
    get open() {
      return open;
    },
    start(doc: CaseDocument) {
      open = true;
      res.status(200);
      res.set({ 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' });
      res.flushHeaders();
      write({ kind: 'validated', counts: previewOf(doc).counts });
    },
    progress(progress: WriteProgress) {
      const now = Date.now();
      const last = progress.total > 0 && progress.done === progress.total;
      if (progress.phase === lastPhase && !last && now - lastAt < PROGRESS_INTERVAL_MS) return;
      lastAt = now;
      lastPhase = progress.phase;
      write({ kind: 'progress', ...progress });
    },
    end(line: Record<string, unknown>) {
      write(line);
      res.end();
    },
  };
}

/** Mounts the import routes; `graph.changes` hears of every import (the app's read cache). */
export function importRoutes(options: {
  graph: ImportDeps;
  logger: Logger;
  /** Largest accepted body, in bytes. */
  maxBytes?: number | undefined;
  /** `read` (NEO4J_ACCESS=read): every import is refused with 409, its body unread. */
  graphAccess: GraphAccess;
}): Router {
  const router = Router();
  const { graph, logger } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  // Before the body is read and before Neo4j is touched: nothing about the import can help.
  const refuseWhenReadOnly: express.RequestHandler = (_req, _res, next) =>
    next(options.graphAccess === 'read' ? new GraphReadOnlyError('importing') : undefined);
  // Raw bytes, so the encoding is checked by us and a wrong one is a clear 415, not a parser error.
  const rawBody = express.raw({ type: () => true, limit: maxBytes });

  router.post('/admin/import/preview', refuseWhenReadOnly, rawBody, async (req, res) => {
    const { document, locate, ftm } = readUpload(req, maxBytes, graph.model);
    const doc = await validateForImport(graph, document, locate);
    res.set('Cache-Control', 'no-store');
    res.json({ ...previewOf(doc), ...(ftm !== undefined && { ftm }) });
  });

  router.post('/admin/import/:id/undo', refuseWhenReadOnly, async (req, res) => {
    const id = String(req.params.id ?? '');
    if (!IMPORT_ID.test(id)) throw new NotFoundError('No such import');
    res.json(await undoImport(graph, id));
  });

  router.post('/admin/import', refuseWhenReadOnly, rawBody, async (req, res, next) => {
    const stream =
      req.accepts(['application/json', 'application/x-ndjson']) === 'application/x-ndjson'
        ? progressStream(res)
        : null;
    try {
      const { document, locate, ftm } = readUpload(req, maxBytes, graph.model);
      const summary = await importCaseDocument(graph, document, {
        ...(locate && { locate }),
        warn: (message) => logger.warn(message),
        keepForUndo: true,
        ...(stream && { onValidated: (doc: CaseDocument) => stream.start(doc), onProgress: stream.progress }),
      });
      const answer = { ...summary, ...(ftm !== undefined && { ftm }) };
      if (stream?.open) stream.end({ kind: 'done', summary: answer });
      else res.status(200).json(answer);
    } catch (error) {
      if (!stream?.open) return next(error);
      // The answer is under way (200): the failure travels as the stream's last line. The
      // import was rolled back by the writer, as for a plain request.
      const mapped = toAppError(error);
      const known = mapped instanceof AppError;
      if (!known) logger.error({ err: error }, 'import failed after validation');
      stream.end({
        kind: 'error',
        error: known
          ? { code: mapped.code, message: mapped.message }
          : { code: 'IMPORT_FAILED', message: 'The import failed and was rolled back; nothing was written' },
      });
    }
  });
  return router;
}
