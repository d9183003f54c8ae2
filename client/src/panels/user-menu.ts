/**
 * The signed-in user's corner of the header: who is signed in and with which role, their API
 * tokens (offered only when the policy lets this viewer manage them) and signing out.
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
  replace(
    slot,
    h('span', { class: 'user-name', 'data-role': me.role }, `${me.username} (${me.role})`),
    tokens,
    out,
  );
}
