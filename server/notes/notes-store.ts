/**
 * Notes on entities and facts, kept in the app store's `notes` table. A note kept with a workspace
 * is read exactly as far as that workspace is (owner, everyone when shared, its named people); a
 * note kept with the case is read by everyone signed in. Writing one into a workspace needs the
 * right to save it (owner or editor); changing or deleting a note is for its author or an admin.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppStore } from '../app-store/app-store.js';
import type { NoteRow } from '../app-store/tables.js';
import type { Note } from '../contract.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { openableWorkspaceIds, workspaceAccess } from '../workspaces/workspace-store.js';
import { MAX_NOTES_LISTED } from './notes-schemas.js';

/** Who is asking. */
export interface NoteActor {
  username: string;
  admin: boolean;
}

function noteOf(row: NoteRow): Note {
  return {
    id: row.id,
    author: row.author,
    target: row.target_id,
    workspaceId: row.workspace_id,
    scope: row.workspace_id === null ? 'case' : 'workspace',
    text: row.text,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Notes the actor may read: the case's, and those of workspaces they may open. */
function readable(store: AppStore, username: string) {
  return store.db
    .selectFrom('notes')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('workspace_id', 'is', null),
        eb('workspace_id', 'in', openableWorkspaceIds(store.db, username)),
      ]),
    );
}

/** 404 for a workspace the actor may not open (or that does not exist); their access otherwise. */
async function openWorkspace(store: AppStore, actor: NoteActor, id: string) {
  const access = await workspaceAccess(store, actor.username, id);
  if (!access) throw new NotFoundError('No such workspace');
  return access;
}

/**
 * The notes on `target` (the case's and, with `workspace`, that workspace's), or with no target
 * every note of the workspace and of the case (what an export takes), oldest first.
 */
export async function listNotes(
  store: AppStore,
  actor: NoteActor,
  query: { target?: string | undefined; workspace?: string | undefined },
): Promise<{ notes: Note[]; truncated: boolean }> {
  if (query.workspace !== undefined) await openWorkspace(store, actor, query.workspace);
  let select = store.db
    .selectFrom('notes')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('workspace_id', 'is', null),
        ...(query.workspace !== undefined ? [eb('workspace_id', '=', query.workspace)] : []),
      ]),
    );
  if (query.target !== undefined) select = select.where('target_id', '=', query.target);
  const rows = await select
    .orderBy('created_at')
    .orderBy('id')
    .limit(MAX_NOTES_LISTED + 1)
    .execute();
  return { notes: rows.slice(0, MAX_NOTES_LISTED).map(noteOf), truncated: rows.length > MAX_NOTES_LISTED };
}

/** `%`, `_` and the escape itself match literally: the search is for the text as typed. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Notes the actor may read whose text contains `q`, case-insensitively, newest first. (SQLite's
 * `lower` folds ASCII only, so there accented capitals match only themselves.)
 */
export async function searchNotes(
  store: AppStore,
  actor: NoteActor,
  q: string,
  limit: number,
): Promise<{ notes: Note[]; truncated: boolean }> {
  const rows = await readable(store, actor.username)
    .where(sql<boolean>`lower(${sql.ref('text')}) like ${likePattern(q)} escape '\\'`)
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  return { notes: rows.slice(0, limit).map(noteOf), truncated: rows.length > limit };
}

/** Adds a note; into a workspace only for those who may save it (owner, editors). */
export async function createNote(
  store: AppStore,
  actor: NoteActor,
  input: { target: string; text: string; workspaceId?: string | undefined },
): Promise<Note> {
  if (input.workspaceId !== undefined) {
    const access = await openWorkspace(store, actor, input.workspaceId);
    if (access === 'viewer') {
      throw new ForbiddenError(
        'WORKSPACE_READ_ONLY',
        'This workspace is shared with you to view only: keep the note with the case instead',
      );
    }
  }
  const now = new Date().toISOString();
  const row: NoteRow = {
    id: `note:${randomUUID()}`,
    author: actor.username,
    target_id: input.target,
    workspace_id: input.workspaceId ?? null,
    text: input.text,
    created_at: now,
    updated_at: now,
  };
  await store.db.insertInto('notes').values(row).execute();
  return noteOf(row);
}

/** A note the actor may read and change: 404 when they may not read it, 403 when not theirs. */
async function ownNote(store: AppStore, actor: NoteActor, id: string): Promise<NoteRow> {
  const row = await readable(store, actor.username).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('No such note');
  if (row.author !== actor.username && !actor.admin) {
    throw new ForbiddenError(
      'NOTE_AUTHOR_ONLY',
      `Only ${row.author}, who wrote this note, or an admin can change it`,
    );
  }
  return row;
}

/** Replaces a note's text (its author or an admin). */
export async function updateNote(store: AppStore, actor: NoteActor, id: string, text: string): Promise<Note> {
  await ownNote(store, actor, id);
  const row = await store.db
    .updateTable('notes')
    .set({ text, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return noteOf(row);
}

/** Deletes a note (its author or an admin). */
export async function deleteNote(store: AppStore, actor: NoteActor, id: string): Promise<void> {
  await ownNote(store, actor, id);
  await store.db.deleteFrom('notes').where('id', '=', id).execute();
}
