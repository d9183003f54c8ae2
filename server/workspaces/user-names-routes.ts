/**
 * GET /api/users/names: the names of the enabled users, for any signed-in user to pick whom to
 * share a workspace with. Names only (never roles or dates): a colleague's name is what one needs
 * to share, and it is shown beside every workspace and note anyway.
 */
import { Router } from 'express';
import type { AppStore } from '../app-store/app-store.js';

/** Names answered at most; a case team is far smaller. */
export const MAX_USER_NAMES = 1_000;

/** Mounts `GET /api/users/names`. */
export function userNamesRoutes(store: AppStore): Router {
  const router = Router();
  router.get('/users/names', async (_req, res) => {
    const rows = await store.db
      .selectFrom('users')
      .select('username')
      .where('disabled', '=', 0)
      .orderBy('username')
      .limit(MAX_USER_NAMES)
      .execute();
    res.json({ usernames: rows.map((row) => row.username) });
  });
  return router;
}
