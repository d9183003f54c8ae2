/**
 * Notes in the details panel (issue 15): the notes on the selected entity or link, with author and
 * time, an "Add note" form (kept with this workspace or with the case), and a search of every note
 * the user may read. The server decides who reads which note; this module only offers what the
 * user may do: "with this workspace" only to its owner and editors, Delete only on one's own
 * notes (or to an admin), and nothing at all when the role may not use notes.
 */
import type { Note } from '../../../server/contract.js';
import { api, describeError } from '../api.js';
import { formatDate, h, listenAsync, replace } from '../dom.js';
import type { Explorer } from '../explorer.js';
import type { Access } from '../permissions.js';

let counter = 0;

function noteMeta(note: Note): string {
  const when = formatDate(note.updatedAt) || note.updatedAt;
  const edited = note.updatedAt !== note.createdAt ? ' (edited)' : '';
  const where = note.scope === 'workspace' ? 'this workspace' : 'the case';
  return `${note.author} · ${when}${edited} · with ${where}`;
}

/**
 * The notes section for one element, filled once its notes arrive. `target` is the entity's or
 * link's stable key.
 */
export function notesSection(explorer: Explorer, access: Access, target: string): HTMLElement | null {
  if (!access.may('writeNotes')) return null;
  const id = `notes-${++counter}`;
  const list = h(
    'ul',
    { class: 'notes-list', 'aria-label': 'Notes' },
    h('li', { class: 'loading' }, 'Loading notes…'),
  );
  const text = h('textarea', { id: `${id}-text`, maxlength: 10_000, required: true, rows: 3 });
  const workspace = explorer.workspace;
  // Only the owner and editors may keep notes with a workspace (a viewer's would be refused).
  const inWorkspace = workspace !== null && workspace.access !== 'viewer';
  const withWs = h('input', { type: 'radio', name: `${id}-scope`, id: `${id}-ws`, value: 'workspace' });
  const withCase = h('input', { type: 'radio', name: `${id}-scope`, id: `${id}-case`, value: 'case' });
  withWs.checked = inWorkspace;
  withCase.checked = !inWorkspace;
  const status = h('p', { class: 'small', role: 'status', 'aria-live': 'polite' });
  const addBtn = h('button', { type: 'submit', class: 'btn small primary' }, 'Add note');
  const form = h(
    'form',
    { class: 'note-form' },
    h('label', { for: text.id, class: 'field-label' }, 'Add a note'),
    text,
    h(
      'fieldset',
      {},
      h('legend', {}, 'Keep it'),
      inWorkspace
        ? h(
            'div',
            { class: 'check-line' },
            withWs,
            h('label', { for: withWs.id }, `with this workspace (${workspace.name})`),
          )
        : null,
      h(
        'div',
        { class: 'check-line' },
        withCase,
        h('label', { for: withCase.id }, 'with the case (everyone signed in sees it)'),
      ),
    ),
    h('div', { class: 'btn-row' }, addBtn),
    status,
  );

  const render = (notes: Note[]) => {
    replace(
      list,
      notes.length
        ? notes.map((note) => {
            const mine = note.author === access.viewer.username || access.viewer.role === 'admin';
            const del = mine
              ? h(
                  'button',
                  { type: 'button', class: 'btn small', 'aria-label': `Delete the note by ${note.author}` },
                  'Delete',
                )
              : null;
            if (del) {
              listenAsync(del, 'click', async () => {
                if (!confirm('Delete this note?')) return;
                try {
                  await api.deleteNote(note.id);
                  await load();
                } catch (err) {
                  status.textContent = describeError(err);
                }
              });
            }
            return h(
              'li',
              { class: 'note' },
              h('div', { class: 'note-text' }, note.text),
              h('div', { class: 'note-meta' }, noteMeta(note), del ? ' ' : null, del),
            );
          })
        : h('li', { class: 'muted small' }, 'No notes yet.'),
    );
  };

  const load = async () => {
    try {
      const answer = await api.notes({ target, workspace: workspace?.id });
      render(answer.notes);
    } catch (err) {
      replace(list, h('li', { class: 'error small' }, describeError(err)));
    }
  };

  listenAsync(form, 'submit', async (e) => {
    e.preventDefault();
    const value = text.value.trim();
    if (!value) {
      status.textContent = 'Write the note first.';
      text.focus();
      return;
    }
    addBtn.disabled = true;
    try {
      await api.createNote({
        target,
        text: value,
        ...(inWorkspace && withWs.checked ? { workspaceId: workspace.id } : {}),
      });
      text.value = '';
      status.textContent = 'Note added.';
      await load();
    } catch (err) {
      status.textContent = describeError(err);
    } finally {
      addBtn.disabled = false;
    }
  });

  void load();
  return h(
    'section',
    { class: 'notes', 'aria-labelledby': `${id}-title` },
    h('h4', { id: `${id}-title` }, 'Notes'),
    list,
    form,
  );
}

/** "Search notes": every note the user may read whose text contains the words typed. */
export function notesSearch(explorer: Explorer, access: Access): HTMLElement | null {
  if (!access.may('writeNotes')) return null;
  const id = `notes-search-${++counter}`;
  const input = h('input', { id: `${id}-q`, type: 'search', maxlength: 200, autocomplete: 'off' });
  const results = h('ul', { class: 'notes-list', 'aria-label': 'Notes found' });
  const status = h('p', { class: 'small muted', role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'notes-search' },
    h('label', { for: input.id, class: 'field-label' }, 'Search notes'),
    h('div', { class: 'inline' }, input, h('button', { type: 'submit', class: 'btn small' }, 'Search')),
  );
  listenAsync(form, 'submit', async (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    try {
      const answer = await api.searchNotes(q);
      status.textContent = `${answer.notes.length}${answer.truncated ? '+' : ''} note${answer.notes.length === 1 ? '' : 's'} found`;
      replace(
        results,
        answer.notes.map((note) => {
          const onCanvas = explorer.canvas.cy.getElementById(note.target);
          const isLink = onCanvas.nonempty() && onCanvas.isEdge();
          // A link can only be shown once both its ends are drawn; an entity can always be added.
          const open =
            isLink || !note.target.startsWith('fact:')
              ? h('button', { type: 'button', class: 'entity-link' }, explorer.label(note.target))
              : h('span', {}, note.target);
          open.addEventListener('click', () =>
            isLink
              ? explorer.select({ kind: 'edge', id: note.target })
              : void explorer.addEntity(note.target),
          );
          return h(
            'li',
            { class: 'note' },
            h('div', { class: 'note-text' }, note.text),
            h('div', { class: 'note-meta' }, 'on ', open, ` · ${noteMeta(note)}`),
          );
        }),
      );
    } catch (err) {
      status.textContent = describeError(err);
    }
  });
  return h('section', { class: 'notes-search-panel' }, form, status, results);
}
