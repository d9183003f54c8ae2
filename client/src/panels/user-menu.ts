/**
 * The signed-in user's corner of the header: who is signed in and with which role, the
 * administration page and their API tokens (each offered only when the policy lets this viewer
 * use it) and signing out.
 */
import type { Me } from '../../../server/auth/auth-contract.js';
import { api, setCsrfToken } from '../api.js';
import { h, listenAsync, replace } from '../dom.js';
import type { Access } from '../permissions.js';

export interface UserMenuActions {
  openTokens(): void;
}

/** Fills `slot` for the user just signed in (called again after each sign-in). */
export function renderUserMenu(slot: HTMLElement, me: Me, access: Access, actions: UserMenuActions): void {
  const out = h('button', { type: 'button', class: 'btn small' }, 'Sign out');
  listenAsync(out, 'click', async () => {
    try {
      await api.logout();
    } finally {
      setCsrfToken(null);
      location.reload();
    }
  });
  let tokens: HTMLButtonElement | null = null;
  if (access.may('manageTokens')) {
    tokens = h('button', { type: 'button', class: 'btn small', id: 'tokens-btn' }, 'API tokens');
    tokens.addEventListener('click', () => actions.openTokens());
  }
  // The administration page, for whoever may use one of its screens (not on that page itself).
  const adminScreens = access.may('manageUsers') || access.may('readAudit') || access.may('importData');
  const admin =
    adminScreens && !location.pathname.endsWith('/admin.html')
      ? h('a', { class: 'btn small', href: '/admin.html', id: 'admin-link' }, 'Administration')
      : null;
  replace(
    slot,
    h('span', { class: 'user-name', 'data-role': me.role }, `${me.username} (${me.role})`),
    admin,
    tokens,
    out,
  );
}
