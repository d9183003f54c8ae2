/**
 * The audit log, for admins (the policy table says so), read from the app store:
 *   GET /api/admin/audit?limit=&cursor=&username=&action=&target=&from=&to=
 *       newest first; `nextCursor` pages to older events
 *   GET /api/admin/audit/export?format=jsonl|csv&<the same filters>
 *       every matching event, oldest first, as a download (at most AUDIT_EXPORT_MAX)
 */
import { Router } from 'express';
import type { AuthContext } from '../auth/auth-context.js';
import { parseRequestParams } from '../http/validation.js';
import { csvHeaderLine, csvLine, jsonLine } from './audit-export.js';
import { auditExportQuery, auditQuery } from './audit-schemas.js';
import { countAuditEvents, readAuditPage, readFilteredEvents } from './audit-store.js';

/** Rows one export holds at most; the answer says when more matched (narrow the filters). */
export const AUDIT_EXPORT_MAX = 100_000;

/** The audit-log routes (mounted on /api). */
export function auditRoutes(context: AuthContext, options: { exportMax?: number } = {}): Router {
  const router = Router();
  const exportMax = options.exportMax ?? AUDIT_EXPORT_MAX;

  router.get('/admin/audit', async (req, res) => {
    const query = parseRequestParams(auditQuery, req.query);
    res.set('Cache-Control', 'no-store');
    res.json(await readAuditPage(context.store, query));
  });

  router.get('/admin/audit/export', async (req, res) => {
    const { format, ...filter } = parseRequestParams(auditExportQuery, req.query);
    const matching = await countAuditEvents(context.store, filter);
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    res.set({
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="casegraph-audit-${stamp}.${format}"`,
      'Cache-Control': 'no-store',
      'X-Casegraph-Matching': String(matching),
      'X-Casegraph-Truncated': String(matching > exportMax),
    });
    if (format === 'csv') res.write(csvHeaderLine());
    for await (const event of readFilteredEvents(context.store, filter, exportMax)) {
      const line = format === 'csv' ? csvLine(event) : jsonLine(event);
      // Respect the client's pace: a slow download must not buffer the whole log in memory.
      if (!res.write(line)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  });
  return router;
}
