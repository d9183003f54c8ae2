/**
 * Sign-in, tokens and users: the schemas the routes validate with, the request types derived from
 * them, and the answers in zod form (the OpenAPI document is generated from all of them).
 */
import { z } from 'zod';
import { roleSchema } from './roles.js';
import { usernameSchema } from './user-store.js';

// Requests.

export const loginBody = z.strictObject({
  username: z.string().max(200),
  password: z.string().min(1, 'give the password').max(1_024),
});

export const tokenBody = z.strictObject({
  name: z.string().trim().min(1, 'name the token (what script uses it)').max(100),
  expiresInDays: z.number().int().min(1).max(3_650).optional(),
});

/** A token id as it appears in `DELETE /api/auth/tokens/:id`; anything else is simply not found. */
export const TOKEN_ID = /^tok:[0-9a-f-]{36}$/;
export const tokenIdParams = z.object({ id: z.string().regex(TOKEN_ID) });

export const createUserBody = z.strictObject({
  username: usernameSchema,
  role: roleSchema,
  password: z.string().max(1_024),
});

export const updateUserBody = z
  .strictObject({
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    password: z.string().max(1_024).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'give role, disabled or password');

export const usernameParams = z.object({ username: usernameSchema });

/** POST /api/auth/login */
export type LoginRequest = z.input<typeof loginBody>;
/** POST /api/auth/tokens */
export type CreateApiTokenRequest = z.input<typeof tokenBody>;
/** POST /api/admin/users */
export type CreateUserRequest = z.input<typeof createUserBody>;
/** PATCH /api/admin/users/:username: any of the three. */
export type UpdateUserRequest = z.input<typeof updateUserBody>;

// Answers (server/auth/auth-contract.ts holds the same shapes; a unit test keeps them equal).

export const meSchema = z.object({
  username: z.string(),
  role: roleSchema,
  csrfToken: z.string().nullable(),
  via: z.enum(['session', 'token']),
  expiresAt: z.string().optional(),
});

export const apiTokenSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
});
export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenSummarySchema) });
export const createdApiTokenSchema = apiTokenSummarySchema.extend({ token: z.string() });

export const userSummarySchema = z.object({
  username: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const userListSchema = z.object({ users: z.array(userSummarySchema) });
