/**
 * POST /api/admin/import — the admins' import over HTTP.
 *   Content-Type: application/json   body = an import document (the case file shape)
 *   Content-Type: text/csv           body = CSV; `?mapping=` names nothing: the mapping
 *                                    travels in the `X-Casegraph-Mapping` header as JSON
 * Validation first (422 with every problem), then an all-or-nothing write.
 */
import express, { Router } from 'express';
import type { GraphAccess } from '../contract.js';
import { BadRequestError, AppError, GraphReadOnlyError } from '../errors.js';
import type { Logger } from '../logger.js';
import { importCaseDocument, type ImportDeps } from './import-service.js';
import { DEFAULT_MAX_IMPORT_BYTES, parseJsonText, readImportDocument } from './read-document.js';

/** Mounts the import route; `graph.changes` hears of every import (the app's read cache). */
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

  router.post(
    '/admin/import',
    // Before the body is read and before Neo4j is touched: nothing about the import can help.
    (_req, _res, next) =>
      next(options.graphAccess === 'read' ? new GraphReadOnlyError('importing') : undefined),
    // Raw bytes, so the encoding is checked by us and a wrong one is a clear 415, not a parser error.
    express.raw({ type: () => true, limit: maxBytes }),
    async (req, res, next) => {
      try {
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (bytes.byteLength === 0) throw new BadRequestError('The import body is empty');
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        let input;
        if (type === 'application/json') {
          input = { format: 'json' as const, bytes };
        } else if (type === 'text/csv') {
          const header = req.headers['x-casegraph-mapping'];
          if (typeof header !== 'string' || header === '') {
            throw new BadRequestError(
              'A CSV import needs its mapping as JSON in the X-Casegraph-Mapping header',
            );
          }
          input = { format: 'csv' as const, bytes, mapping: parseJsonText(header, 'The mapping') };
        } else {
          throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send application/json or text/csv');
        }
        const { document, locate } = readImportDocument(input, maxBytes);
        const summary = await importCaseDocument(graph, document, {
          ...(locate && { locate }),
          warn: (message) => logger.warn(message),
        });
        res.status(200).json(summary);
      } catch (error) {
        next(error);
      }
    },
  );
  return router;
}
