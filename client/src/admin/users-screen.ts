/**
 * The users screen, for admins: every user with their role and state; create a user with a first
 * password shown once; change a role; disable or enable; reset a password (shown once). The server
 * ends a disabled or reset user's sessions and revokes a disabled user's tokens at once, and
 * refuses to leave no enabled admin: those answers are shown as they come.
 */
import type { Role, UserSummary } from '../../../server/auth/auth-contract.js';
import { ApiError, describeError } from '../api.js';
import { formatDate, h, listenAsync, replace } from '../dom.js';
import { ROLE_ORDER } from '../permissions.js';
import { adminApi, generatePassword } from './admin-api.js';

const ROLE_MEANING: Record<Role, string> = {
  investigator: 'explores, saves workspaces, runs saved queries',
  analyst: 'also writes queries and uses the console',
  admin: 'also imports, manages users, reads the audit log',
};

/** Builds the users screen into `container`; `me` is the admin using it (kept from locking out). */
export function mountUsersScreen(container: HTMLElement, me: string): void {
  const status = h('p', { class: 'admin-status', role: 'status', 'aria-live': 'polite' });
  const once = h('div', {
    class: 'token-once',
    role: 'group',
    'aria-labelledby': 'pw-once-title',
    hidden: true,
  });
  const listSlot = h('div', { class: 'table-wrap admin-table-wrap' });

  const username = h('input', {
    id: 'new-user-name',
    type: 'text',
    required: true,
    autocomplete: 'off',
    maxlength: 64,
    pattern: '[A-Za-z0-9][A-Za-z0-9._@\\-]{1,63}',
    'aria-describedby': 'new-user-hint',
  });
  const role = h(
    'select',
    { id: 'new-user-role' },
    ROLE_ORDER.map((r) => h('option', { value: r }, `${r}: ${ROLE_MEANING[r]}`)),
  );
  const create = h('button', { type: 'submit', class: 'btn primary' }, 'Create user');
  const form = h(
    'form',
    { class: 'admin-form', 'aria-labelledby': 'new-user-title' },
    h('h3', { id: 'new-user-title' }, 'New user'),
    h(
      'div',
      { class: 'inline' },
      h('div', { class: 'field' }, h('label', { for: username.id }, 'User name'), username),
      h('div', { class: 'field' }, h('label', { for: role.id }, 'Role'), role),
      create,
    ),
    h(
      'p',
      { id: 'new-user-hint', class: 'hint' },
      '2 to 64 letters, digits or . _ @ - (kept in lower case). A first password is made for them and shown once.',
    ),
  );

  /** Shows a password this once, with a copy button; it leaves the page when the next action starts. */
  function showOnce(title: string, password: string): void {
    const value = h('input', {
      id: 'pw-once-value',
      type: 'text',
      readonly: true,
      class: 'code token-secret',
      value: password,
      spellcheck: 'false',
      'aria-label': 'The password, shown once',
    });
    const copy = h('button', { type: 'button', class: 'btn' }, 'Copy');
    listenAsync(copy, 'click', async () => {
      try {
        await navigator.clipboard.writeText(value.value);
        status.textContent = 'Copied.';
      } catch {
        value.select();
        status.textContent = 'Copy the selected password with Ctrl+C.';
      }
    });
    replace(
      once,
      h('p', { id: 'pw-once-title', class: 'token-once-title' }, title),
      h('div', { class: 'inline' }, value, copy),
      h(
        'p',
        { class: 'hint' },
        'Give it to them by a channel you trust. It is shown this once: casegraph keeps only a hash of it.',
      ),
    );
    once.hidden = false;
    value.select();
  }

  function clearOnce(): void {
    once.hidden = true;
    replace(once);
  }

  async function change(user: UserSummary, what: Parameters<typeof adminApi.updateUser>[1], done: string) {
    clearOnce();
    try {
      await adminApi.updateUser(user.username, what);
      status.textContent = done;
      if (what.password) showOnce(`New password for ${user.username}`, what.password);
    } catch (err) {
      status.textContent = describeError(err);
    }
    await refresh();
  }

  function row(user: UserSummary): HTMLTableRowElement {
    const roleSelect = h(
      'select',
      { 'aria-label': `Role of ${user.username}` },
      ROLE_ORDER.map((r) => h('option', { value: r, selected: r === user.role }, r)),
    );
    listenAsync(roleSelect, 'change', async () => {
      const next = roleSelect.value as Role;
      await change(user, { role: next }, `${user.username} is now ${next}.`);
    });
    const toggle = h(
      'button',
      { type: 'button', class: user.disabled ? 'btn small' : 'btn small danger' },
      user.disabled ? 'Enable' : 'Disable',
    );
    toggle.setAttribute('aria-label', `${user.disabled ? 'Enable' : 'Disable'} ${user.username}`);
    listenAsync(toggle, 'click', async () => {
      if (
        !user.disabled &&
        !confirm(`Disable ${user.username}? They are signed out at once and their API tokens stop working.`)
      )
        return;
      await change(
        user,
        { disabled: !user.disabled },
        user.disabled ? `${user.username} is enabled again.` : `${user.username} is disabled.`,
      );
    });
    const reset = h(
      'button',
      { type: 'button', class: 'btn small', 'aria-label': `Reset password of ${user.username}` },
      'Reset password',
    );
    listenAsync(reset, 'click', async () => {
      if (!confirm(`Give ${user.username} a new password? Their sessions end at once.`)) return;
      await change(user, { password: generatePassword() }, `${user.username} has a new password.`);
    });
    const self = user.username === me;
    return h(
      'tr',
      { 'data-user': user.username, class: user.disabled ? 'disabled' : '' },
      h('th', { scope: 'row' }, user.username, self ? h('span', { class: 'muted' }, ' (you)') : null),
      h('td', {}, roleSelect),
      h('td', {}, user.disabled ? 'disabled' : 'active'),
      h('td', {}, formatDate(user.createdAt)),
      h('td', {}, formatDate(user.updatedAt)),
      h('td', {}, h('div', { class: 'row-actions' }, toggle, reset)),
    );
  }

  async function refresh(): Promise<void> {
    try {
      const users = await adminApi.users();
      replace(
        listSlot,
        h(
          'table',
          { class: 'data-table', id: 'users-table' },
          h('caption', {}, `${users.length} user${users.length === 1 ? '' : 's'}`),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['User', 'Role', 'State', 'Created', 'Changed', 'Actions'].map((c) =>
                h('th', { scope: 'col' }, c),
              ),
            ),
          ),
          h('tbody', {}, users.map(row)),
        ),
      );
    } catch (err) {
      replace(listSlot, h('p', { class: 'error', role: 'alert' }, describeError(err)));
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      clearOnce();
      const name = username.value.trim();
      const password = generatePassword();
      create.disabled = true;
      try {
        // The server's spelling of the name (it keeps names in lower case) is the one to sign in with.
        const created = await adminApi.createUser({ username: name, role: role.value as Role, password });
        status.textContent = `${created.username} was created as ${created.role}.`;
        showOnce(`First password for ${created.username}`, password);
        username.value = '';
        await refresh();
      } catch (err) {
        status.textContent =
          err instanceof ApiError && err.status === 409 ? `The name ${name} is taken.` : describeError(err);
      } finally {
        create.disabled = false;
      }
    })();
  });

  replace(container, h('h2', {}, 'Users'), form, status, once, listSlot);
  void refresh();
}
