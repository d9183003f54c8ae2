/**
 * The sign-in page (`/login.html`): posts the name and password to `POST /api/auth/login` and,
 * once the session cookie is set, goes to `?next=` (a path on this site only) or the explorer.
 * Already signed in: goes there at once.
 */
import type { Me } from '../../server/auth/auth-contract.js';

const form = document.getElementById('login-form') as HTMLFormElement;
const username = document.getElementById('login-username') as HTMLInputElement;
const password = document.getElementById('login-password') as HTMLInputElement;
const submit = document.getElementById('login-submit') as HTMLButtonElement;
const error = document.getElementById('login-error') as HTMLParagraphElement;

/** Where to go afterwards: a same-site path, never another origin (`//evil`, `/\evil`, `https:`). */
function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

function done(): void {
  location.replace(safeNext(location.search));
}

function show(message: string): void {
  error.textContent = message;
}

async function signIn(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (!username.value.trim() || !password.value) {
    show('Enter your user name and password.');
    (username.value.trim() ? password : username).focus();
    return;
  }
  submit.disabled = true;
  show('');
  try {
    const res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username: username.value.trim(), password: password.value }),
      credentials: 'same-origin',
    });
    if (res.ok) {
      (await res.json()) as Me;
      done();
      return;
    }
    password.value = '';
    if (res.status === 401) show('Wrong user name or password.');
    else if (res.status === 429) {
      const wait = Number(res.headers.get('Retry-After')) || 60;
      show(`Too many attempts. Try again in ${wait} seconds.`);
    } else show('Signing in did not work just now. Try again in a moment.');
    password.focus();
  } catch {
    show('The server cannot be reached.');
  } finally {
    submit.disabled = false;
  }
}

form.addEventListener('submit', (event) => void signIn(event));

// Already signed in (a bookmark, the back button): straight on.
void fetch('/api/auth/me', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
  .then((res) => {
    if (res.ok) done();
  })
  .catch(() => undefined);
