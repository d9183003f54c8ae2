/**
 * The workspaces dialog: save the canvas under a name (`POST/PUT
 * /api/workspaces`), open, share (panels/share.ts) or delete a saved one, copy
 * its `#w=<id>` link, or copy a link that carries a small canvas itself
 * (`#s=…`). Each control is offered only when the user may use it: Share to
 * the owner (or an admin), Delete to the owner, Save over a workspace to its
 * owner and editors (a viewer saves a copy of their own).
 */
import type { WorkspaceSummary } from '../../../server/contract.js';
import { ApiError, api, describeError } from '../api.js';
import { formatDate, h, listenAsync, replace } from '../dom.js';
import type { Explorer } from '../explorer.js';
import type { Access } from '../permissions.js';
import { stateHash, workspaceHash } from '../url-state.js';
import { createShareDialog } from './share.js';

export interface WorkspacesDialog {
  open(): void;
  /** Opens a saved workspace by id (from a `#w=` link). */
  load(id: string): Promise<void>;
}

/** The sentence shown when a link opens a workspace not shared with the user (issue 15). */
export function notSharedMessage(owner: string | undefined): string {
  return `This workspace is not shared with you — ask its owner${owner ? ` (${owner})` : ''} to share it.`;
}

async function copy(text: string, fallback: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    fallback.value = text;
    fallback.hidden = false;
    fallback.select();
    return false;
  }
}

export function createWorkspacesDialog(explorer: Explorer, access: () => Access): WorkspacesDialog {
  const name = h('input', {
    id: 'ws-name',
    type: 'text',
    required: true,
    maxlength: 120,
    autocomplete: 'off',
  });
  const saveBtn = h('button', { type: 'submit', class: 'btn primary' }, 'Save');
  const saveAsNew = h('input', { id: 'ws-new', type: 'checkbox' });
  const saveHint = h('p', { class: 'muted small' });
  saveHint.hidden = true;
  const status = h('p', { class: 'ws-status', role: 'status', 'aria-live': 'polite' });
  const linkOut = h('input', {
    type: 'text',
    readonly: true,
    class: 'link-out',
    'aria-label': 'Link to copy',
  });
  linkOut.hidden = true;
  const list = h('ul', { class: 'ws-list', 'aria-label': 'Saved workspaces' });
  const linkBtn = h('button', { type: 'button', class: 'btn' }, 'Copy a link to this canvas');
  const closeBtn = h('button', { type: 'button', class: 'btn icon close', 'aria-label': 'Close' }, '×');
  const form = h(
    'form',
    { class: 'ws-save' },
    h('label', { for: name.id, class: 'field-label' }, 'Name'),
    h('div', { class: 'inline' }, name, saveBtn),
    h(
      'div',
      { class: 'check-line' },
      saveAsNew,
      h('label', { for: saveAsNew.id }, 'Save as a new workspace'),
    ),
    saveHint,
  );
  const dialog = h(
    'dialog',
    { class: 'dialog', 'aria-labelledby': 'ws-title' },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'ws-title' }, 'Workspaces'), closeBtn),
    h(
      'p',
      { class: 'muted small' },
      'A workspace keeps the entities on the canvas, where they are, what is pinned or hidden, the filters and the layout.',
    ),
    form,
    h('h3', {}, 'Saved'),
    list,
    h('h3', {}, 'Share without saving'),
    h('p', { class: 'muted small' }, 'For small canvases the link itself carries the canvas.'),
    linkBtn,
    linkOut,
    status,
  );
  document.body.appendChild(dialog);
  closeBtn.addEventListener('click', () => dialog.close());

  const setStatus = (text: string, error = false) => {
    status.textContent = text;
    status.classList.toggle('error', error);
  };

  const fullLink = (hash: string) => `${location.origin}${location.pathname}${hash}`;

  const refresh = async () => {
    replace(list, h('li', { class: 'loading' }, 'Loading…'));
    let items: WorkspaceSummary[];
    try {
      items = await api.workspaces();
    } catch (err) {
      const missing = err instanceof ApiError && err.isMissingRoute;
      replace(
        list,
        h(
          'li',
          { class: missing ? 'muted small' : 'error small' },
          missing ? 'This server does not store workspaces yet; use a link below.' : describeError(err),
        ),
      );
      return;
    }
    if (!items.length) return replace(list, h('li', { class: 'muted small' }, 'Nothing saved yet.'));
    replace(
      list,
      items.map((w) => {
        const open = h('button', { type: 'button', class: 'btn small primary' }, 'Open');
        const link = h('button', { type: 'button', class: 'btn small' }, 'Copy link');
        const del =
          w.access === 'owner'
            ? h(
                'button',
                { type: 'button', class: 'btn small danger', 'aria-label': `Delete ${w.name}` },
                'Delete',
              )
            : null;
        const mayShare =
          access().may('shareWorkspaces') && (w.access === 'owner' || access().viewer.role === 'admin');
        const share = mayShare
          ? h('button', { type: 'button', class: 'btn small', 'aria-label': `Share ${w.name}` }, 'Share')
          : null;
        share?.addEventListener('click', () => void shareDialog.open(w.id));
        open.addEventListener('click', () => {
          dialog.close();
          location.hash = workspaceHash(w.id);
        });
        listenAsync(link, 'click', async () => {
          const ok = await copy(fullLink(workspaceHash(w.id)), linkOut);
          setStatus(ok ? `Link to “${w.name}” copied.` : 'Copy the link from the box.');
        });
        del?.addEventListener('click', () => void remove());
        const remove = async () => {
          if (!confirm(`Delete the workspace “${w.name}”?`)) return;
          try {
            await api.deleteWorkspace(w.id);
            if (explorer.workspace?.id === w.id) explorer.workspace = null;
            setStatus(`Deleted “${w.name}”.`);
            await refresh();
          } catch (err) {
            setStatus(describeError(err), true);
          }
        };
        const sharing =
          w.access === 'owner'
            ? w.visibility === 'shared'
              ? ' · shared with everyone'
              : ''
            : ` · shared with you (${w.access})`;
        return h(
          'li',
          { class: explorer.workspace?.id === w.id ? 'current' : '' },
          h(
            'div',
            { class: 'ws-name' },
            w.name,
            h('span', { class: 'muted small' }, ` · ${w.owner} · ${formatDate(w.updatedAt)}${sharing}`),
          ),
          h('div', { class: 'btn-row' }, open, share, link, del),
        );
      }),
    );
  };

  listenAsync(form, 'submit', async (e) => {
    e.preventDefault();
    const n = name.value.trim();
    if (!n) {
      setStatus('Give the workspace a name.', true);
      name.focus();
      return;
    }
    saveBtn.disabled = true;
    const input = { name: n, state: explorer.canvas.workspaceState(explorer.filters) };
    try {
      const current = explorer.workspace;
      const saved =
        current && !saveAsNew.checked
          ? await api.updateWorkspace(current.id, input)
          : await api.createWorkspace(input);
      explorer.workspace = { id: saved.id, name: saved.name, owner: saved.owner, access: saved.access };
      history.replaceState(null, '', workspaceHash(saved.id));
      setStatus(`Saved “${saved.name}”. Its link is in the address bar.`);
      await refresh();
    } catch (err) {
      setStatus(describeError(err), true);
    } finally {
      saveBtn.disabled = false;
    }
  });

  const shareDialog = createShareDialog(copy, (saved) => {
    void refresh();
    if (explorer.workspace?.id === saved.id) explorer.workspace = { ...explorer.workspace, name: saved.name };
  });

  listenAsync(linkBtn, 'click', async () => {
    const hash = stateHash(explorer.canvas.workspaceState(explorer.filters));
    if (!hash) {
      setStatus('This canvas is too large for a link: save it as a workspace and share that link.', true);
      return;
    }
    history.replaceState(null, '', hash);
    const ok = await copy(fullLink(hash), linkOut);
    setStatus(ok ? 'Link copied: it opens this canvas as it is now.' : 'Copy the link from the box.');
  });

  return {
    open() {
      name.value = explorer.workspace?.name ?? '';
      // A viewer cannot save over the workspace they opened: Save makes a copy of their own.
      const viewOnly = explorer.workspace?.access === 'viewer';
      saveAsNew.checked = viewOnly;
      saveAsNew.disabled = viewOnly;
      saveHint.hidden = !viewOnly;
      saveHint.textContent = viewOnly
        ? `${explorer.workspace?.owner ?? 'Its owner'} shared this workspace with you to view: saving makes your own copy.`
        : '';
      linkOut.hidden = true;
      setStatus('');
      dialog.showModal();
      name.focus();
      void refresh();
    },
    async load(id) {
      try {
        const ws = await api.workspace(id);
        explorer.workspace = { id: ws.id, name: ws.name, owner: ws.owner, access: ws.access };
        await explorer.loadState(ws.state);
        const whose =
          ws.access === 'owner'
            ? ''
            : ` (${ws.owner}’s, shared with you to ${ws.access === 'editor' ? 'edit' : 'view'})`;
        explorer.info(`Opened the workspace “${ws.name}”${whose}.`);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'WORKSPACE_NOT_SHARED') {
          const owner = (err.details as { owner?: unknown } | undefined)?.owner;
          explorer.error(new Error(notSharedMessage(typeof owner === 'string' ? owner : undefined)));
          return;
        }
        explorer.error(err, 'open the workspace');
      }
    },
  };
}
