/**
 * Workspaces: the id in their paths, the request type derived from the body schema the routes
 * validate with (kept in `workspace-store.ts` beside what it stores), and the answers in zod form
 * (the OpenAPI document is generated from these).
 */
import { z } from 'zod';
import {
  workspaceInputSchema,
  workspaceShareSchema,
  workspaceStateSchema,
  workspaceUpdateSchema,
} from './workspace-store.js';

/** A workspace id; an id that cannot exist is simply not found, with no hint about the format. */
export const WORKSPACE_ID = /^ws:[A-Za-z0-9-]{1,64}$/;
export const workspaceIdParams = z.object({ id: z.string().regex(WORKSPACE_ID) });

/** POST /api/workspaces and PUT /api/workspaces/:id (derived from the schema). */
export type WorkspaceInput = z.input<typeof workspaceInputSchema>;
/** PUT /api/workspaces/:id: what it names changes, what it leaves out is kept. */
export type WorkspaceUpdateInput = z.input<typeof workspaceUpdateSchema>;

export const workspaceSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.string(),
  updatedAt: z.string(),
  visibility: z.enum(['private', 'shared']),
  /** What the caller may do: `owner`, `editor` (open and save) or `viewer` (open). */
  access: z.enum(['owner', 'editor', 'viewer']),
});

export const workspaceSchema = workspaceSummarySchema.extend({
  state: workspaceStateSchema,
  /** The named people it is shared with besides the owner. */
  shares: z.array(workspaceShareSchema),
  /** Whether the caller may change visibility and shares (the owner, or an admin). */
  canShare: z.boolean(),
});

export const workspaceListSchema = z.object({ workspaces: z.array(workspaceSummarySchema) });
