/**
 * Notes (issue 15): the request schemas the routes validate with and the answers in zod form (the
 * OpenAPI document is generated from both). A note hangs on an entity's or a fact's stable key.
 */
import { z } from 'zod';
import { keySchema } from '../mapping/keys.js';
import { queryInteger, queryString } from '../http/validation.js';
import { WORKSPACE_ID } from '../workspaces/workspaces-schemas.js';

export const MAX_NOTE_LENGTH = 10_000;
/** Notes answered by one listing: a canvas's worth, bounded so no answer grows without end. */
export const MAX_NOTES_LISTED = 2_000;
export const DEFAULT_NOTE_SEARCH_LIMIT = 20;
export const MAX_NOTE_SEARCH_LIMIT = 100;

/** A note id; an id that cannot exist is simply not found. */
export const NOTE_ID = /^note:[0-9a-f-]{36}$/;
export const noteIdParams = z.object({ id: z.string().regex(NOTE_ID) });

const noteText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH.toLocaleString('en')} characters`);
const workspaceId = z.string().regex(WORKSPACE_ID, 'must be a workspace id (ws:…)');

export const noteInputSchema = z.strictObject({
  /** The entity's or fact's stable key. */
  target: keySchema,
  text: noteText,
  /** With a workspace: seen by whoever may open it. Without: seen by everyone signed in. */
  workspaceId: workspaceId.optional(),
});
export type NoteInput = z.input<typeof noteInputSchema>;

export const noteUpdateSchema = z.strictObject({ text: noteText });
export type NoteUpdateInput = z.input<typeof noteUpdateSchema>;

export const notesQuery = z
  .object({
    target: queryString().pipe(keySchema.optional()),
    workspace: queryString().pipe(workspaceId.optional()),
  })
  .refine((q) => q.target !== undefined || q.workspace !== undefined, {
    message: 'give target (an entity or fact id), workspace, or both',
  });

export const notesSearchQuery = z.object({
  q: queryString().pipe(
    z
      .string({ error: 'q is required: the text to search for' })
      .trim()
      .min(1, 'q must not be empty: give the text to search for')
      .max(200, 'q is at most 200 characters'),
  ),
  limit: queryInteger(1, MAX_NOTE_SEARCH_LIMIT, DEFAULT_NOTE_SEARCH_LIMIT),
});

export const noteSchema = z.object({
  id: z.string(),
  author: z.string(),
  target: z.string(),
  workspaceId: z.string().nullable(),
  scope: z.enum(['workspace', 'case']),
  text: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const noteListSchema = z.object({
  notes: z.array(noteSchema),
  /** True when there were more than the answer holds. */
  truncated: z.boolean(),
});
