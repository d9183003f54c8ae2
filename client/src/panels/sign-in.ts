/**
 * Signing in: the API answers 401 to strangers, so the explorer asks for a
 * name and password (`POST /api/auth/login`) and keeps the CSRF token that
 * comes back for its writes. Who is signed in, and signing out, is the user
 * menu's (`user-menu.ts`), told through `onSignedIn`.
 */
import type { Me } from '../../../server/auth/auth-contract.js';
import { ApiError, api, describeError, setCsrfToken } from '../api.js';
import { h, listenAsync } from '../dom.js';

export interface SignIn {
  /** Resolves once someone is signed in (asking only when the session is missing). */
  ensure(): Promise<Me>;
  /** Asks again (the session ended while working). */
  open(): void;
}

export function createSignIn(onSignedIn: (me: Me) => void): SignIn {
  const username = h('input', { id: 'login-user', type: 'text', autocomplete: 'username', required: true });
  const password = h('input', {
    id: 'login-password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const submit = h('button', { type: 'submit', class: 'btn primary' }, 'Sign in');
  const error = h('p', { class: 'field-error', role: 'alert' });
  const form = h(
    'form',
    { class: 'login-form' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: username.id, class: 'field-label' }, 'User name'),
      username,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: password.id, class: 'field-label' }, 'Password'),
      password,
    ),
    error,
    h('div', { class: 'btn-row' }, submit),
  );
  const dialog = h(
    'dialog',
    { class: 'dialog narrow', 'aria-labelledby': 'login-title' },
    h('h2', { id: 'login-title' }, 'Sign in to casegraph'),
    h(
      'p',
      { class: 'muted small' },
      'Your session keeps you signed in; an administrator can create your account.',
    ),
    form,
  );
  // Without a session nothing works: Esc must not leave an unusable page behind.
  dialog.addEventListener('cancel', (e) => e.preventDefault());
  document.body.appendChild(dialog);
  let waiting: ((me: Me) => void)[] = [];

  const signedIn = (me: Me) => {
    setCsrfToken(me.csrfToken);
    onSignedIn(me);
    waiting.forEach((resolve) => resolve(me));
    waiting = [];
  };

  listenAsync(form, 'submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      const me = await api.login(username.value.trim(), password.value);
      password.value = '';
      dialog.close();
      signedIn(me);
    } catch (err) {
      error.textContent = describeError(err);
      password.select();
    } finally {
      submit.disabled = false;
    }
  });

  const open = () => {
    if (dialog.open) return;
    error.textContent = '';
    dialog.showModal();
    (username.value ? password : username).focus();
  };

  return {
    async ensure() {
      try {
        const me = await api.me();
        signedIn(me);
        return me;
      } catch (err) {
        // A server without sign-in (older API) has no /api/auth/me: carry on as nobody in particular.
        if (err instanceof ApiError && err.status === 404) {
          return { username: '', role: 'investigator', csrfToken: null, via: 'session' } as unknown as Me;
        }
        if (!(err instanceof ApiError) || err.status !== 401) throw err;
      }
      return new Promise<Me>((resolve) => {
        waiting.push(resolve);
        open();
      });
    },
    open,
  };
}
