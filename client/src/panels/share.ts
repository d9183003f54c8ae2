/**
 * The Share dialog of a saved workspace (from the workspaces dialog): Private, Everyone or Named
 * people, the named people each as viewer or editor, the sentence saying who can open the link,
 * and a button to copy it. Saving sends only `visibility` and `shares` (PUT), never the canvas,
 * so sharing cannot overwrite what someone else saved meanwhile. Offered only to those who may
 * change sharing (the server answers `canShare`), so it never meets a 403.
 */
import type { Workspace, WorkspaceShare } from '../../../server/contract.js';
import { api, describeError } from '../api.js';
import { h, listenAsync, replace } from '../dom.js';
import { shareModeOf, sharingFor, whoCanOpen, type ShareMode } from '../share-text.js';
import { workspaceHash } from '../url-state.js';

export interface ShareDialog {
  /** Opens the dialog for a saved workspace. */
  open(id: string): Promise<void>;
}

const MODES: { mode: ShareMode; label: string; hint: string }[] = [
  { mode: 'private', label: 'Private', hint: 'Only you.' },
  { mode: 'everyone', label: 'Everyone', hint: 'Everyone signed in can open it.' },
  { mode: 'named', label: 'Named people', hint: 'Only the people you list.' },
];

/** `copy` of the workspaces dialog: the clipboard, or a box to copy from. */
export type CopyText = (text: string, fallback: HTMLInputElement) => Promise<boolean>;

export function createShareDialog(copy: CopyText, onSaved: (ws: Workspace) => void): ShareDialog {
  let workspace: Workspace | null = null;
  let shares: WorkspaceShare[] = [];
  let mode: ShareMode = 'private';

  const title = h('h2', { id: 'share-title' }, 'Share');
  const closeBtn = h('button', { type: 'button', class: 'btn icon close', 'aria-label': 'Close' }, '×');
  const radios = MODES.map(({ mode: m, label, hint }) => {
    const input = h('input', { type: 'radio', name: 'share-mode', id: `share-${m}`, value: m });
    input.addEventListener('change', () => {
      if (input.checked) mode = m;
      render();
    });
    return {
      mode: m,
      input,
      row: h(
        'div',
        { class: 'check-line' },
        input,
        h(
          'label',
          { for: input.id },
          h('strong', {}, label),
          h('span', { class: 'muted small' }, ` ${hint}`),
        ),
      ),
    };
  });
  const names = h('datalist', { id: 'share-usernames' });
  const who = h('input', {
    id: 'share-who',
    type: 'text',
    list: names.id,
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: 64,
    placeholder: 'user name',
  });
  const permission = h(
    'select',
    { id: 'share-permission', 'aria-label': 'Permission of the person to add' },
    h('option', { value: 'viewer' }, 'viewer'),
    h('option', { value: 'editor' }, 'editor'),
  );
  const addBtn = h('button', { type: 'submit', class: 'btn' }, 'Add');
  const addForm = h(
    'form',
    { class: 'share-add' },
    h('label', { for: who.id, class: 'field-label' }, 'Add a person'),
    h('div', { class: 'inline' }, who, permission, addBtn),
    names,
  );
  const list = h('ul', { class: 'share-list', 'aria-label': 'People it is shared with' });
  const people = h('fieldset', { class: 'share-people' }, h('legend', {}, 'Named people'), list, addForm);
  const sentence = h('p', { class: 'share-who', role: 'status', 'aria-live': 'polite' });
  const status = h('p', { class: 'ws-status', role: 'status', 'aria-live': 'polite' });
  const linkOut = h('input', {
    type: 'text',
    readonly: true,
    class: 'link-out',
    'aria-label': 'Link to copy',
  });
  linkOut.hidden = true;
  const saveBtn = h('button', { type: 'button', class: 'btn primary' }, 'Save sharing');
  const copyBtn = h('button', { type: 'button', class: 'btn' }, 'Copy link');
  const dialog = h(
    'dialog',
    { class: 'dialog share-dialog', 'aria-labelledby': title.id },
    h('div', { class: 'dialog-head' }, title, closeBtn),
    h(
      'fieldset',
      { class: 'share-modes' },
      h('legend', {}, 'Who may open it'),
      radios.map((r) => r.row),
    ),
    people,
    sentence,
    h('div', { class: 'btn-row' }, saveBtn, copyBtn),
    linkOut,
    status,
  );
  document.body.appendChild(dialog);
  closeBtn.addEventListener('click', () => dialog.close());

  const setStatus = (text: string, error = false) => {
    status.textContent = text;
    status.classList.toggle('error', error);
  };

  function render(): void {
    for (const r of radios) r.input.checked = r.mode === mode;
    people.hidden = mode === 'private';
    replace(
      list,
      shares.length
        ? shares.map((share, i) => {
            const select = h(
              'select',
              { 'aria-label': `Permission of ${share.username}` },
              h('option', { value: 'viewer', selected: share.permission === 'viewer' }, 'viewer'),
              h('option', { value: 'editor', selected: share.permission === 'editor' }, 'editor'),
            );
            select.addEventListener('change', () => {
              shares[i] = {
                username: share.username,
                permission: select.value as WorkspaceShare['permission'],
              };
              render();
            });
            const remove = h(
              'button',
              { type: 'button', class: 'btn small', 'aria-label': `Remove ${share.username}` },
              'Remove',
            );
            remove.addEventListener('click', () => {
              shares.splice(i, 1);
              render();
            });
            return h('li', {}, h('span', { class: 'share-name' }, share.username), select, remove);
          })
        : h('li', { class: 'muted small' }, 'Nobody named yet.'),
    );
    sentence.textContent = workspace ? whoCanOpen(mode, workspace.owner, shares) : '';
  }

  addForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = who.value.trim().toLowerCase();
    if (!name) return;
    if (name === workspace?.owner) {
      setStatus(`${name} owns this workspace already.`, true);
      return;
    }
    const existing = shares.findIndex((s) => s.username === name);
    const share = { username: name, permission: permission.value as WorkspaceShare['permission'] };
    if (existing >= 0) shares[existing] = share;
    else shares.push(share);
    // Named people only mean something outside Private.
    if (mode === 'private') mode = 'named';
    who.value = '';
    setStatus('');
    render();
    who.focus();
  });

  listenAsync(saveBtn, 'click', async () => {
    if (!workspace) return;
    saveBtn.disabled = true;
    try {
      // The server checks the names (422 naming unknown ones): the message says which.
      const saved = await api.updateWorkspace(workspace.id, sharingFor(mode, shares));
      workspace = saved;
      shares = [...saved.shares];
      mode = shareModeOf(saved.visibility, saved.shares);
      render();
      setStatus(`Sharing of “${saved.name}” saved.`);
      onSaved(saved);
    } catch (err) {
      setStatus(describeError(err), true);
    } finally {
      saveBtn.disabled = false;
    }
  });

  listenAsync(copyBtn, 'click', async () => {
    if (!workspace) return;
    const link = `${location.origin}${location.pathname}${workspaceHash(workspace.id)}`;
    const ok = await copy(link, linkOut);
    setStatus(ok ? 'Link copied.' : 'Copy the link from the box.');
  });

  return {
    async open(id) {
      setStatus('');
      linkOut.hidden = true;
      try {
        workspace = await api.workspace(id);
      } catch (err) {
        setStatus(describeError(err), true);
        workspace = null;
      }
      if (workspace) {
        title.textContent = `Share “${workspace.name}”`;
        shares = [...workspace.shares];
        mode = shareModeOf(workspace.visibility, workspace.shares);
      }
      render();
      dialog.showModal();
      radios.find((r) => r.mode === mode)?.input.focus();
      // Names are a convenience for typing; the server checks whatever is typed.
      api.userNames().then(
        (usernames) =>
          replace(
            names,
            usernames.filter((n) => n !== workspace?.owner).map((n) => h('option', { value: n })),
          ),
        () => undefined,
      );
    },
  };
}
