/**
 * `GET /api/admin/audit?limit=&cursor=&username=&action=`: the audit log, newest first, for
 * admins (the policy table says so). `nextCursor` pages to older events.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AuthContext } from '../auth/auth-context.js';
import { parseRequestParams } from '../http/validation.js';
import { readAuditPage } from './audit-store.js';

const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .regex(/^[0-9a-z]{13}[0-9a-f]{8}$/, 'is not a cursor from this log')
    .optional(),
  username: z.string().trim().min(1).max(200).optional(),
  action: z.string().trim().min(1).max(100).optional(),
});

/** The audit-log route (mounted on /api). */
export function auditRoutes(context: AuthContext): Router {
  const router = Router();
  router.get('/admin/audit', async (req, res) => {
    const query = parseRequestParams(auditQuery, req.query);
    res.set('Cache-Control', 'no-store');
    res.json(await readAuditPage(context.target, query));
  });
  return router;
}
