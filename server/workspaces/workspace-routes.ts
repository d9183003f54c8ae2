/**
 * /api/workspaces: save a canvas under a name, list, open, change, share, delete.
 *
 * Opening a workspace that exists but is not shared with the caller answers 403
 * WORKSPACE_NOT_SHARED naming its owner, so the explorer can say whom to ask (issue 15). That
 * tells a signed-in user that the id exists: acceptable, because ids are random UUIDs (or hashes
 * of the owner's idempotency key) that cannot be guessed, so only someone handed the link learns
 * anything, and what they learn (the owner's name) is what they need to ask for access. Changing
 * or deleting such a workspace still answers 404, exactly like one that does not exist.
 */
import { Router, type Request } from 'express';
import type { z } from 'zod';
import { BadRequestError, NotFoundError, ValidationError } from '../errors.js';
import { requireIdentity } from '../auth/identity.js';
import type { AppStore } from '../app-store/app-store.js';
import {
  createWorkspace,
  deleteWorkspace,
  listWorkspaces,
  openableWorkspace,
  updateWorkspace,
  workspaceInputSchema,
  workspaceUpdateSchema,
  type WorkspaceActor,
} from './workspace-store.js';
import { WORKSPACE_ID } from './workspaces-schemas.js';

function workspaceId(req: Request): string {
  const id = String(req.params.id ?? '');
  // An id that cannot exist is simply not found: no hint about what ids look like.
  if (!WORKSPACE_ID.test(id)) throw new NotFoundError('No such workspace');
  return id;
}

function fields<T>(req: Request, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(req.body);
  if (!parsed.success) {
    throw new ValidationError(
      'The workspace is not valid',
      parsed.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message })),
    );
  }
  return parsed.data;
}

/** The caller, with whether they are an admin (admins may change the sharing of what they may open). */
function actor(req: Request): WorkspaceActor {
  const identity = requireIdentity(req);
  return { username: identity.username, admin: identity.role === 'admin' };
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
    res.json({ workspaces: await listWorkspaces(store, actor(req)) });
  });

  router.post('/workspaces', async (req, res) => {
    const workspace = await createWorkspace(
      store,
      actor(req),
      fields(req, workspaceInputSchema),
      idempotencyKey(req),
    );
    res
      .status(201)
      .location(`/api/workspaces/${encodeURIComponent(workspace.id)}`)
      .json(workspace);
  });

  router.get('/workspaces/:id', async (req, res) => {
    res.json(await openableWorkspace(store, actor(req), workspaceId(req)));
  });

  router.put('/workspaces/:id', async (req, res) => {
    const workspace = await updateWorkspace(
      store,
      actor(req),
      workspaceId(req),
      fields(req, workspaceUpdateSchema),
    );
    if (!workspace) throw new NotFoundError('No such workspace');
    res.json(workspace);
  });

  router.delete('/workspaces/:id', async (req, res) => {
    if (!(await deleteWorkspace(store, actor(req), workspaceId(req)))) {
      throw new NotFoundError('No such workspace');
    }
    res.status(204).end();
  });

  return router;
}
