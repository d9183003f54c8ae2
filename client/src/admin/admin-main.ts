/**
 * The administration page (`/admin.html`): users, the audit log and imports, each a tab shown
 * only to those the policy table lets use it (`permissions.ts`). Wiring only: each screen is its
 * own module. The tab follows the address (`#users`, `#audit`, `#import`, `#search-index`).
 */
import '../styles.css';
import type { Me } from '../../../server/auth/auth-contract.js';
import { onUnauthenticated } from '../api.js';
import { $, h } from '../dom.js';
import { createLoadingBar } from '../panels/notices.js';
import { createSignIn } from '../panels/sign-in.js';
import { createTokensDialog } from '../panels/tokens.js';
import { renderUserMenu } from '../panels/user-menu.js';
import { accessFor, type Access, type Capability } from '../permissions.js';
import { mountAuditScreen } from './audit-screen.js';
import { mountImportScreen } from './import-screen.js';
import { mountSearchIndexScreen } from './search-index-screen.js';
import { mountUsersScreen } from './users-screen.js';

interface Tab {
  id: 'users' | 'audit' | 'import' | 'search-index';
  label: string;
  capability: Capability;
  mount(panel: HTMLElement, me: Me): void;
}

const TABS: Tab[] = [
  {
    id: 'users',
    label: 'Users',
    capability: 'manageUsers',
    mount: (p, me) => mountUsersScreen(p, me.username),
  },
  { id: 'audit', label: 'Audit log', capability: 'readAudit', mount: (p) => mountAuditScreen(p) },
  { id: 'import', label: 'Import', capability: 'importData', mount: (p) => mountImportScreen(p) },
  {
    id: 'search-index',
    label: 'Search index',
    capability: 'manageSearchIndex',
    mount: (p) => mountSearchIndexScreen(p),
  },
];

createLoadingBar($('#loading-bar'));
const tokens = createTokensDialog();

function start(me: Me, access: Access): void {
  document.body.dataset.role = me.role;
  renderUserMenu($('#user-slot'), me, access, { openTokens: () => tokens.open() });
  const tabs = TABS.filter((t) => access.may(t.capability));
  const list = $('#admin-tabs');
  const panels = $('#admin-panels');
  list.replaceChildren();
  panels.replaceChildren();
  if (tabs.length === 0) {
    const none = $('#admin-none');
    none.hidden = false;
    none.textContent = `You are signed in as ${me.username} (${me.role}). ${access.reason('manageUsers')} ${access.reason('readAudit')} Ask an admin if you need either.`;
    return;
  }
  const mounted = new Set<string>();
  const buttons = tabs.map((tab) =>
    h(
      'button',
      { type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-controls': `panel-${tab.id}` },
      tab.label,
    ),
  );
  const sections = tabs.map((tab) =>
    h('section', {
      role: 'tabpanel',
      id: `panel-${tab.id}`,
      'aria-labelledby': `tab-${tab.id}`,
      hidden: true,
    }),
  );
  list.append(...buttons);
  panels.append(...sections);

  const show = (index: number, focus = false) => {
    tabs.forEach((tab, i) => {
      const on = i === index;
      buttons[i]!.setAttribute('aria-selected', String(on));
      buttons[i]!.tabIndex = on ? 0 : -1;
      sections[i]!.hidden = !on;
      if (on && !mounted.has(tab.id)) {
        mounted.add(tab.id);
        tab.mount(sections[i]!, me);
      }
    });
    if (focus) buttons[index]!.focus();
    const tab = tabs[index]!;
    if (!location.hash.startsWith(`#${tab.id}`)) history.replaceState(null, '', `#${tab.id}`);
  };
  buttons.forEach((button, i) => {
    button.addEventListener('click', () => show(i));
    // The tab list's own keys (WAI-ARIA tabs pattern): arrows move, Home and End jump.
    button.addEventListener('keydown', (e) => {
      const last = tabs.length - 1;
      const next =
        e.key === 'ArrowRight'
          ? i === last
            ? 0
            : i + 1
          : e.key === 'ArrowLeft'
            ? i === 0
              ? last
              : i - 1
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? last
                : null;
      if (next === null) return;
      e.preventDefault();
      show(next, true);
    });
  });
  const wanted = tabs.findIndex((t) => location.hash.startsWith(`#${t.id}`));
  show(wanted >= 0 ? wanted : 0);
}

const signIn = createSignIn((me) => start(me, accessFor(me)));
onUnauthenticated(() => signIn.open());
void signIn.ensure();
