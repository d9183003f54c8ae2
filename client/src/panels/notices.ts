/**
 * Everything that tells the user what is going on: the loading bar (any API
 * call in flight), toasts (errors, "load N more"), the banner when the
 * database is not ready, and the help dialog with the shortcut table.
 */
import { api, onApiActivity } from '../api.js';
import { h, replace } from '../dom.js';
import type { ToastAction } from '../explorer.js';
import { SHORTCUTS } from '../keyboard.js';

/** A thin progress bar shown while at least one request is running. */
export function createLoadingBar(el: HTMLElement): void {
  let active = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  onApiActivity((delta) => {
    active = Math.max(0, active + delta);
    clearTimeout(timer);
    // Short requests do not flash the bar.
    if (active > 0) timer = setTimeout(() => el.classList.add('on'), 150);
    else el.classList.remove('on');
    document.body.setAttribute('aria-busy', String(active > 0));
  });
}

export interface Toasts {
  show(message: string, kind: 'info' | 'error', action?: ToastAction): void;
  clear(): void;
}

export function createToasts(root: HTMLElement): Toasts {
  const clear = () => root.replaceChildren();
  return {
    show(message, kind, action) {
      const close = h('button', { type: 'button', class: 'btn icon', 'aria-label': 'Dismiss' }, '×');
      const toast = h(
        'div',
        { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
        h('span', { class: 'toast-text' }, message),
        action
          ? h(
              'button',
              { type: 'button', class: 'btn small primary', 'data-testid': 'toast-action' },
              action.label,
            )
          : null,
        close,
      );
      const actionBtn = toast.querySelector<HTMLButtonElement>('[data-testid="toast-action"]');
      actionBtn?.addEventListener('click', () => {
        toast.remove();
        action?.run();
      });
      close.addEventListener('click', () => toast.remove());
      // One message at a time per kind keeps the corner calm.
      root.querySelectorAll(`.toast.${kind}`).forEach((t) => t.remove());
      root.appendChild(toast);
      setTimeout(() => toast.remove(), kind === 'error' ? 12_000 : action ? 15_000 : 5_000);
    },
    clear,
  };
}

/** Polls `/api/ready`; shows a banner while the database is not ready. */
export function watchReadiness(
  banner: HTMLElement,
  status: HTMLElement,
  onChange?: (ready: boolean) => void,
): () => Promise<void> {
  let last: boolean | undefined;
  const check = async () => {
    const state = await api.ready();
    status.textContent = state.ready ? 'database ready' : 'database unavailable';
    status.className = `db-status ${state.ready ? 'ok' : 'down'}`;
    banner.hidden = state.ready;
    if (!state.ready) {
      replace(
        banner,
        h('strong', {}, 'The graph database is not available. '),
        `Searches and expansions will fail until it is back (${state.reason ?? 'no reason given'}). Retrying every 10 seconds.`,
      );
    }
    if (state.ready !== last) onChange?.(state.ready);
    last = state.ready;
  };
  void check();
  setInterval(() => void check(), 10_000);
  return check;
}

export function createHelpDialog(): { open(): void } {
  const closeBtn = h('button', { type: 'button', class: 'btn icon close', 'aria-label': 'Close' }, '×');
  const dialog = h(
    'dialog',
    { class: 'dialog', 'aria-labelledby': 'help-title' },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'help-title' }, 'Keyboard shortcuts'), closeBtn),
    h(
      'table',
      { class: 'shortcuts' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Keys'), h('th', { scope: 'col' }, 'Action'))),
      h(
        'tbody',
        {},
        SHORTCUTS.map((s) => h('tr', {}, h('td', {}, h('kbd', {}, s.keys)), h('td', {}, s.action))),
      ),
    ),
    h(
      'p',
      { class: 'muted small' },
      'On the canvas: double-click an entity to expand it, right-click for expansion by relationship, paths, pin, hide and remove. Shift-drag selects several.',
    ),
  );
  document.body.appendChild(dialog);
  closeBtn.addEventListener('click', () => dialog.close());
  return { open: () => dialog.showModal() };
}
