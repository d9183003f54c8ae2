/**
 * `GET /api/admin/audit?limit=&cursor=&username=&action=`: the audit log, newest first, for
 * admins (the policy table says so), read from the app store. `nextCursor` pages to older events.
 */
import { Router } from 'express';
import type { AuthContext } from '../auth/auth-context.js';
import { parseRequestParams } from '../http/validation.js';
import { auditQuery } from './audit-schemas.js';
import { readAuditPage } from './audit-store.js';

/** The audit-log route (mounted on /api). */
export function auditRoutes(context: AuthContext): Router {
  const router = Router();
  router.get('/admin/audit', async (req, res) => {
    const query = parseRequestParams(auditQuery, req.query);
    res.set('Cache-Control', 'no-store');
    res.json(await readAuditPage(context.store, query));
  });
  return router;
}
