/**
 * Users, for admins:
 *   GET   /api/admin/users                 every user (never a password hash)
 *   POST  /api/admin/users {username, role, password}            (201; 409 when taken)
 *   PATCH /api/admin/users/:username {role?, disabled?, password?}
 * Disabling a user or giving them a new password ends their sessions at once; disabling also
 * revokes their API tokens.
 */
import { Router } from 'express';
import { NotFoundError } from '../errors.js';
import { parseBody } from '../http/validation.js';
import type { UserList } from './auth-contract.js';
import type { AuthContext } from './auth-context.js';
import { createUserBody, updateUserBody } from './auth-schemas.js';
import { summary } from './user-record.js';
import { createUser, listUsers, updateUser, usernameSchema } from './user-store.js';

/** The user-management routes (mounted on /api; admins only, by the policy table). */
export function adminRoutes(context: AuthContext): Router {
  const router = Router();
  const { store, credentials } = context;

  router.get('/admin/users', async (_req, res) => {
    const body: UserList = { users: (await listUsers(store)).map(summary) };
    res.json(body);
  });

  router.post('/admin/users', async (req, res) => {
    const body = parseBody(createUserBody, req.body);
    res.status(201).json(summary(await createUser(store, body)));
  });

  router.patch('/admin/users/:username', async (req, res) => {
    const name = usernameSchema.safeParse(req.params.username);
    if (!name.success) throw new NotFoundError('No such user');
    const body = parseBody(updateUserBody, req.body);
    const { user } = await updateUser(store, name.data, body, credentials);
    res.json(summary(user));
  });

  return router;
}
