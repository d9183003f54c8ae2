/**
 * `POST /api/export/dossier` {entities, positions?}: the canvas as a dossier (server/dossier/), and
 * `GET /api/workspaces/:id/export/dossier`: a saved workspace the caller may open, as one. Both
 * answer one self-contained HTML file as a download. Read-only and bounded as the FtM export.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppStore } from '../app-store/app-store.js';
import { requireIdentity } from '../auth/identity.js';
import { NotFoundError } from '../errors.js';
import type { ExportDeps } from '../export/case-export.js';
import { MAX_FTM_EXPORT_IDS } from '../export/ftm-routes.js';
import { parseBody } from '../http/validation.js';
import { keySchema } from '../mapping/keys.js';
import { WORKSPACE_ID } from '../workspaces/workspaces-schemas.js';
import { selectionDossier, workspaceDossier } from './load-dossier.js';
import { renderDossier } from './render-dossier.js';

/** A canvas position: any finite number (canvas coordinates have no fixed scale). */
const point = z.strictObject({ x: z.number().finite(), y: z.number().finite() });

export const dossierExportBody = z
  .strictObject({
    entities: z
      .array(keySchema)
      .min(1, 'name at least one entity')
      .max(MAX_FTM_EXPORT_IDS, `at most ${MAX_FTM_EXPORT_IDS} entities`),
    /** Where each entity is on the canvas; without them the picture is laid out on the server. */
    positions: z.record(keySchema, point).optional(),
    /** The workspace open on the canvas: its notes join the case's (404 when the caller may not open it). */
    workspace: z.string().regex(WORKSPACE_ID, 'must be a workspace id (ws:…)').optional(),
  })
  .refine((body) => Object.keys(body.positions ?? {}).length <= MAX_FTM_EXPORT_IDS, {
    message: `at most ${MAX_FTM_EXPORT_IDS} positions`,
    path: ['positions'],
  });

function sendDossier(res: import('express').Response, name: string, html: string) {
  res.set({
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
    // The file is a download; should a browser ever show it inline, it may still fetch and run nothing.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
  });
  res.send(html);
}

export function dossierRoutes(deps: ExportDeps & { store: AppStore }): Router {
  const router = Router();

  router.get('/workspaces/:id/export/dossier', async (req, res) => {
    const id = String(req.params.id ?? '');
    if (!WORKSPACE_ID.test(id)) throw new NotFoundError('No such workspace');
    const identity = requireIdentity(req);
    const actor = { username: identity.username, admin: identity.role === 'admin' };
    const input = await workspaceDossier(deps, actor, id, { generatedBy: identity.username });
    sendDossier(res, 'workspace-dossier.html', renderDossier(input));
  });

  router.post('/export/dossier', async (req, res) => {
    const { entities, positions, workspace } = parseBody(dossierExportBody, req.body);
    const identity = requireIdentity(req);
    const input = await selectionDossier(deps, entities, {
      generatedBy: identity.username,
      actor: { username: identity.username, admin: identity.role === 'admin' },
      positions: positions ? new Map(Object.entries(positions)) : undefined,
      workspace,
    });
    sendDossier(res, 'canvas-dossier.html', renderDossier(input));
  });
  return router;
}
