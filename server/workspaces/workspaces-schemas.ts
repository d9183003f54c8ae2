/**
 * Workspaces: the id in their paths, the request type derived from the body schema the routes
 * validate with (kept in `workspace-store.ts` beside what it stores), and the answers in zod form
 * (the OpenAPI document is generated from these).
 */
import { z } from 'zod';
import { workspaceInputSchema, workspaceStateSchema } from './workspace-store.js';

/** A workspace id; an id that cannot exist is simply not found, with no hint about the format. */
export const WORKSPACE_ID = /^ws:[A-Za-z0-9-]{1,64}$/;
export const workspaceIdParams = z.object({ id: z.string().regex(WORKSPACE_ID) });

/** POST /api/workspaces and PUT /api/workspaces/:id (derived from the schema). */
export type WorkspaceInput = z.input<typeof workspaceInputSchema>;

export const workspaceSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.string(),
  updatedAt: z.string(),
  // Sent beside the contract's fields (the store keeps it with every workspace).
  visibility: z.enum(['private', 'shared']).optional(),
});

export const workspaceSchema = workspaceSummarySchema.extend({ state: workspaceStateSchema });

export const workspaceListSchema = z.object({ workspaces: z.array(workspaceSummarySchema) });
