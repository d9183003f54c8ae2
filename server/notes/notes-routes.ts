/**
 * /api/notes: notes on entities and facts, kept with a workspace or with the case.
 *   GET    /api/notes?target=&workspace=   the notes on one element (and/or of one workspace)
 *   GET    /api/notes/search?q=&limit=     notes whose text contains q (case-insensitive)
 *   POST   /api/notes {target, text, workspaceId?}
 *   PUT    /api/notes/:id {text}           its author or an admin
 *   DELETE /api/notes/:id                  its author or an admin
 */
import { Router, type Request } from 'express';
import type { AppStore } from '../app-store/app-store.js';
import { requireIdentity } from '../auth/identity.js';
import { NotFoundError } from '../errors.js';
import { parseBody, parseRequestParams } from '../http/validation.js';
import { NOTE_ID, noteInputSchema, notesQuery, notesSearchQuery, noteUpdateSchema } from './notes-schemas.js';
import { createNote, deleteNote, listNotes, searchNotes, updateNote, type NoteActor } from './notes-store.js';

function actor(req: Request): NoteActor {
  const identity = requireIdentity(req);
  return { username: identity.username, admin: identity.role === 'admin' };
}

function noteId(req: Request): string {
  const id = String(req.params.id ?? '');
  if (!NOTE_ID.test(id)) throw new NotFoundError('No such note');
  return id;
}

/** Mounts the notes routes on the app store's `notes` table. */
export function notesRoutes(store: AppStore): Router {
  const router = Router();

  router.get('/notes', async (req, res) => {
    res.json(await listNotes(store, actor(req), parseRequestParams(notesQuery, req.query)));
  });

  router.get('/notes/search', async (req, res) => {
    const { q, limit } = parseRequestParams(notesSearchQuery, req.query);
    res.json(await searchNotes(store, actor(req), q, limit));
  });

  router.post('/notes', async (req, res) => {
    const note = await createNote(store, actor(req), parseBody(noteInputSchema, req.body));
    res
      .status(201)
      .location(`/api/notes/${encodeURIComponent(note.id)}`)
      .json(note);
  });

  router.put('/notes/:id', async (req, res) => {
    const id = noteId(req);
    const { text } = parseBody(noteUpdateSchema, req.body);
    res.json(await updateNote(store, actor(req), id, text));
  });

  router.delete('/notes/:id', async (req, res) => {
    await deleteNote(store, actor(req), noteId(req));
    res.status(204).end();
  });

  return router;
}
