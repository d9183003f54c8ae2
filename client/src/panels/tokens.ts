/**
 * The API tokens dialog, for every role: make a token with a name and an expiry
 * (`POST /api/auth/tokens`), see its secret this once with a copy button, list one's tokens
 * (`GET /api/auth/tokens`: names and dates, never the secrets) and revoke one
 * (`DELETE /api/auth/tokens/:id`). The secret lives only in this dialog's DOM until it closes.
 */
import type { ApiTokenSummary } from '../../../server/auth/auth-contract.js';
import { api, describeError } from '../api.js';
import { formatDate, h, listenAsync, replace } from '../dom.js';

export interface TokensDialog {
  open(): void;
}

/** The expiries offered, in days; `never` sends no expiry (the server keeps it until revoked). */
const EXPIRIES: { label: string; days: number | null }[] = [
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
  { label: 'Never (until revoked)', days: null },
];
const DEFAULT_EXPIRY_DAYS = 30;

function expiryText(token: ApiTokenSummary, now = Date.now()): string {
  if (!token.expiresAt) return 'never';
  const date = formatDate(token.expiresAt);
  return Date.parse(token.expiresAt) <= now ? `${date} (expired)` : date;
}

/** Builds the dialog once; `open()` shows it with a fresh list. */
export function createTokensDialog(): TokensDialog {
  const name = h('input', {
    id: 'token-name',
    type: 'text',
    required: true,
    maxlength: 100,
    autocomplete: 'off',
    placeholder: 'e.g. nightly export script',
  });
  const expiry = h(
    'select',
    { id: 'token-expiry' },
    EXPIRIES.map((e) =>
      h('option', { value: e.days ?? '', selected: e.days === DEFAULT_EXPIRY_DAYS }, e.label),
    ),
  );
  const createBtn = h('button', { type: 'submit', class: 'btn primary' }, 'Create token');
  const status = h('p', { class: 'token-status', role: 'status', 'aria-live': 'polite' });
  const secret = h('input', {
    id: 'token-secret',
    type: 'text',
    readonly: true,
    class: 'code token-secret',
    spellcheck: 'false',
  });
  const copyBtn = h('button', { type: 'button', class: 'btn' }, 'Copy');
  const secretBox = h(
    'div',
    { class: 'token-once', role: 'group', 'aria-labelledby': 'token-once-title' },
    h('p', { id: 'token-once-title', class: 'token-once-title' }, ''),
    h('label', { for: secret.id, class: 'field-label' }, 'Token'),
    h('div', { class: 'inline' }, secret, copyBtn),
    h(
      'p',
      { class: 'muted small' },
      'Copy it now: it is shown this once and cannot be seen again. Scripts send it as ',
      h('code', {}, 'Authorization: Bearer <token>'),
      '; it acts with your role until it expires or is revoked.',
    ),
  );
  secretBox.hidden = true;
  const list = h('div', { class: 'token-list' });
  const closeBtn = h(
    'button',
    { type: 'button', class: 'btn icon close', 'aria-label': 'Close API tokens' },
    '×',
  );
  const form = h(
    'form',
    { class: 'token-form' },
    h('div', { class: 'field' }, h('label', { for: name.id, class: 'field-label' }, 'Name *'), name),
    h(
      'div',
      { class: 'field' },
      h('label', { for: expiry.id, class: 'field-label' }, 'Expires after'),
      expiry,
    ),
    h('div', { class: 'btn-row' }, createBtn),
  );
  const dialog = h(
    'dialog',
    { class: 'dialog', 'aria-labelledby': 'tokens-title', id: 'tokens-dialog' },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'tokens-title' }, 'API tokens'), closeBtn),
    h(
      'p',
      { class: 'muted small' },
      'A token lets a script call the API as you, without your password. Name it after what uses it.',
    ),
    form,
    secretBox,
    status,
    h('h3', {}, 'Your tokens'),
    list,
  );
  document.body.appendChild(dialog);

  const setStatus = (text: string, error = false) => {
    status.textContent = text;
    status.classList.toggle('error', error);
  };
  // The secret must not outlive the dialog: closing it forgets the token for good.
  const forgetSecret = () => {
    secret.value = '';
    secretBox.hidden = true;
  };
  closeBtn.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', forgetSecret);

  const refresh = async () => {
    let tokens: ApiTokenSummary[];
    try {
      tokens = await api.tokens();
    } catch (err) {
      replace(list, h('p', { class: 'error small', role: 'alert' }, describeError(err)));
      return;
    }
    if (!tokens.length) {
      replace(list, h('p', { class: 'muted small' }, 'You have no API tokens.'));
      return;
    }
    replace(
      list,
      h(
        'table',
        { class: 'token-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Name', 'Created', 'Expires'].map((c) => h('th', { scope: 'col' }, c)),
            h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
          ),
        ),
        h(
          'tbody',
          {},
          tokens.map((token) => {
            const revoke = h(
              'button',
              { type: 'button', class: 'btn small danger', 'aria-label': `Revoke ${token.name}` },
              'Revoke',
            );
            listenAsync(revoke, 'click', async () => {
              if (!confirm(`Revoke the token “${token.name}”? Scripts using it stop working at once.`))
                return;
              revoke.disabled = true;
              try {
                await api.deleteToken(token.id);
                setStatus(`Revoked “${token.name}”.`);
                await refresh();
              } catch (err) {
                revoke.disabled = false;
                setStatus(describeError(err), true);
              }
            });
            return h(
              'tr',
              {},
              h('td', { class: 'token-name' }, token.name),
              h('td', {}, formatDate(token.createdAt)),
              h('td', {}, expiryText(token)),
              h('td', {}, revoke),
            );
          }),
        ),
      ),
    );
  };

  listenAsync(form, 'submit', async (e) => {
    e.preventDefault();
    const tokenName = name.value.trim();
    if (!tokenName) {
      setStatus('Name the token after what will use it.', true);
      name.focus();
      return;
    }
    createBtn.disabled = true;
    setStatus('');
    try {
      const days = expiry.value === '' ? undefined : Number(expiry.value);
      const created = await api.createToken(
        days === undefined ? { name: tokenName } : { name: tokenName, expiresInDays: days },
      );
      secret.value = created.token;
      const title = secretBox.querySelector('.token-once-title')!;
      title.textContent = `Token “${created.name}” made${created.expiresAt ? `, valid until ${formatDate(created.expiresAt)}` : ''}.`;
      secretBox.hidden = false;
      name.value = '';
      copyBtn.focus();
      await refresh();
    } catch (err) {
      setStatus(describeError(err), true);
    } finally {
      createBtn.disabled = false;
    }
  });

  listenAsync(copyBtn, 'click', async () => {
    try {
      await navigator.clipboard.writeText(secret.value);
      setStatus('Token copied.');
    } catch {
      // No clipboard (insecure origin, denied): leave it selected for Ctrl+C.
      secret.select();
      setStatus('Copy the selected token with Ctrl+C.');
    }
  });

  return {
    open() {
      forgetSecret();
      setStatus('');
      replace(list, h('p', { class: 'loading' }, 'Loading…'));
      dialog.showModal();
      name.focus();
      void refresh();
    },
  };
}
