/**
 * /api/workspaces: save a canvas under a name, list, open, change, delete.
 * Another user's private workspace answers 404, exactly like one that does not exist.
 */
import { Router, type Request } from 'express';
import { BadRequestError, NotFoundError, ValidationError } from '../errors.js';
import type { AppStore } from '../app-store/app-store.js';
import { requestUser } from '../http/request-user.js';
import {
  createWorkspace,
  deleteWorkspace,
  getWorkspace,
  listWorkspaces,
  updateWorkspace,
  workspaceInputSchema,
  type WorkspaceFields,
} from './workspace-store.js';
import { WORKSPACE_ID } from './workspaces-schemas.js';

function workspaceId(req: Request): string {
  const id = String(req.params.id ?? '');
  // An id that cannot exist is simply not found: no hint about what ids look like.
  if (!WORKSPACE_ID.test(id)) throw new NotFoundError('No such workspace');
  return id;
}

function fields(req: Request): WorkspaceFields {
  const parsed = workspaceInputSchema.safeParse(req.body);
  if (!parsed.success) {
    throw new ValidationError(
      'The workspace is not valid',
      parsed.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message })),
    );
  }
  return parsed.data;
}

function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(key)) {
    throw new BadRequestError('Idempotency-Key must be 8-128 letters, digits, _ or -');
  }
  return key;
}

/** Mounts the workspace routes on the app store's `workspaces` table. */
export function workspaceRoutes(store: AppStore): Router {
  const router = Router();

  router.get('/workspaces', async (req, res) => {
    res.json({ workspaces: await listWorkspaces(store, requestUser(req)) });
  });

  router.post('/workspaces', async (req, res) => {
    const workspace = await createWorkspace(store, requestUser(req), fields(req), idempotencyKey(req));
    res
      .status(201)
      .location(`/api/workspaces/${encodeURIComponent(workspace.id)}`)
      .json(workspace);
  });

  router.get('/workspaces/:id', async (req, res) => {
    const workspace = await getWorkspace(store, requestUser(req), workspaceId(req));
    if (!workspace) throw new NotFoundError('No such workspace');
    res.json(workspace);
  });

  router.put('/workspaces/:id', async (req, res) => {
    const workspace = await updateWorkspace(store, requestUser(req), workspaceId(req), fields(req));
    if (!workspace) throw new NotFoundError('No such workspace');
    res.json(workspace);
  });

  router.delete('/workspaces/:id', async (req, res) => {
    if (!(await deleteWorkspace(store, requestUser(req), workspaceId(req)))) {
      throw new NotFoundError('No such workspace');
    }
    res.status(204).end();
  });

  return router;
}
