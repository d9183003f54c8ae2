/**
 * A small context menu (role="menu"): opens at a point, keeps inside the
 * window, arrow keys / Home / End move, Enter or Space runs, Esc closes and
 * gives focus back. Items can be replaced while it is open (the expand
 * entries arrive once the neighbourhood summary has loaded).
 */
import { h, replace } from '../dom.js';

export type MenuItem =
  | { kind?: 'item'; label: string; detail?: string; disabled?: boolean; run(): void; testId?: string }
  | { kind: 'separator' }
  | { kind: 'heading'; label: string }
  | { kind: 'note'; label: string }
  /** A row of exclusive choices (menuitemradio), e.g. the page size of expansions. */
  | {
      kind: 'choices';
      label: string;
      options: { label: string; checked: boolean; run(): void; testId?: string }[];
    };

export interface ContextMenu {
  open(at: { x: number; y: number }, title: string, items: MenuItem[]): void;
  update(items: MenuItem[]): void;
  close(): void;
  isOpen(): boolean;
}

export function createContextMenu(): ContextMenu {
  const list = h('div', { class: 'menu-items' });
  const titleEl = h('div', { class: 'menu-title', id: 'context-menu-title' });
  const root = h(
    'div',
    {
      id: 'context-menu',
      class: 'context-menu',
      role: 'menu',
      'aria-labelledby': titleEl.id,
      tabindex: '-1',
    },
    titleEl,
    list,
  );
  root.hidden = true;
  document.body.appendChild(root);
  let returnFocus: HTMLElement | null = null;

  const items = () => [
    ...list.querySelectorAll<HTMLButtonElement>(
      '[role="menuitem"]:not([disabled]), [role="menuitemradio"]:not([disabled])',
    ),
  ];

  const close = () => {
    if (root.hidden) return;
    root.hidden = true;
    returnFocus?.focus({ preventScroll: true });
    returnFocus = null;
  };

  const render = (entries: MenuItem[]) => {
    const hadFocus = root.contains(document.activeElement);
    replace(
      list,
      entries.map((item) => {
        if (item.kind === 'separator') return h('div', { class: 'menu-sep', role: 'separator' });
        if (item.kind === 'heading')
          return h('div', { class: 'menu-heading', role: 'presentation' }, item.label);
        if (item.kind === 'note') return h('div', { class: 'menu-note', role: 'presentation' }, item.label);
        if (item.kind === 'choices') {
          const buttons = item.options.map((o) => {
            const b = h(
              'button',
              {
                type: 'button',
                role: 'menuitemradio',
                class: 'menu-choice',
                tabindex: '-1',
                'aria-checked': String(o.checked),
                'data-testid': o.testId,
              },
              o.label,
            );
            b.addEventListener('click', () => {
              close();
              o.run();
            });
            return b;
          });
          return h(
            'div',
            { class: 'menu-choices', role: 'group', 'aria-label': item.label },
            h('span', { class: 'menu-label', 'aria-hidden': 'true' }, item.label),
            ...buttons,
          );
        }
        const btn = h(
          'button',
          {
            type: 'button',
            role: 'menuitem',
            class: 'menu-item',
            tabindex: '-1',
            disabled: item.disabled,
            'data-testid': item.testId,
          },
          h('span', { class: 'menu-label' }, item.label),
          item.detail ? h('span', { class: 'menu-detail' }, item.detail) : null,
        );
        btn.addEventListener('click', () => {
          close();
          item.run();
        });
        return btn;
      }),
    );
    if (hadFocus || root.contains(document.activeElement) || document.activeElement === root)
      items()[0]?.focus();
  };

  root.addEventListener('keydown', (e) => {
    const all = items();
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown') all[(i + 1) % all.length]?.focus();
    else if (e.key === 'ArrowUp') all[(i - 1 + all.length) % all.length]?.focus();
    else if (e.key === 'Home') all[0]?.focus();
    else if (e.key === 'End') all[all.length - 1]?.focus();
    else if (e.key === 'Escape' || e.key === 'Tab') close();
    else return;
    e.preventDefault();
    e.stopPropagation();
  });
  document.addEventListener('mousedown', (e) => {
    if (!root.hidden && !root.contains(e.target as Node)) close();
  });
  window.addEventListener('resize', close);

  return {
    open(at, title, entries) {
      returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      titleEl.textContent = title;
      root.hidden = false;
      render(entries);
      // Keep the menu inside the window.
      const { innerWidth: w, innerHeight: hgt } = window;
      const rect = root.getBoundingClientRect();
      root.style.left = `${Math.max(4, Math.min(at.x, w - rect.width - 4))}px`;
      root.style.top = `${Math.max(4, Math.min(at.y, hgt - rect.height - 4))}px`;
      (items()[0] ?? root).focus();
    },
    update(entries) {
      if (root.hidden) return;
      render(entries);
      const rect = root.getBoundingClientRect();
      if (rect.bottom > window.innerHeight - 4)
        root.style.top = `${Math.max(4, window.innerHeight - rect.height - 4)}px`;
    },
    close,
    isOpen: () => !root.hidden,
  };
}
