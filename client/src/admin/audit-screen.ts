/**
 * The audit log screen, for admins: filter by user, action, target and time; page through older
 * events; download everything the filters select as JSON lines or CSV (the server streams it).
 * The filters live in the address (`#audit?user=…`), so a view of the log can be bookmarked.
 */
import type { StoredAuditEvent } from '../../../server/auth/auth-contract.js';
import { POLICY } from '../../../server/auth/policy.js';
import { describeError } from '../api.js';
import { formatDate, h, listenAsync, replace } from '../dom.js';
import { adminApi, type AuditFilter } from './admin-api.js';

const PAGE_SIZE = 50;
/**
 * Actions offered in the list: every audited action of the policy table (the same data the server
 * audits by), plus what the command line and the access check write. Any text may still be typed.
 */
const KNOWN_ACTIONS = [
  ...new Set([
    ...POLICY.flatMap((rule) => (rule.audit ? [rule.audit] : [])),
    'access.denied',
    'cli.seed',
    'cli.reset',
    'cli.import',
  ]),
].sort();

function detailsText(event: StoredAuditEvent): string {
  if (!event.details) return '';
  return Object.entries(event.details)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

function statusClass(status: number): string {
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : '';
}

/** Builds the audit screen into `container`. */
export function mountAuditScreen(container: HTMLElement): void {
  const input = (id: string, label: string, attrs: Record<string, string> = {}) => {
    const el = h('input', { id, type: 'text', autocomplete: 'off', ...attrs });
    return { el, field: h('div', { class: 'field' }, h('label', { for: id }, label), el) };
  };
  const user = input('audit-user', 'User');
  const action = input('audit-action', 'Action', { list: 'audit-actions' });
  const target = input('audit-target', 'Target contains');
  const from = input('audit-from', 'From', { type: 'date' });
  const to = input('audit-to', 'To (inclusive)', { type: 'date' });
  const actions = h(
    'datalist',
    { id: 'audit-actions' },
    KNOWN_ACTIONS.map((a) => h('option', { value: a })),
  );
  const apply = h('button', { type: 'submit', class: 'btn primary' }, 'Show');
  const clear = h('button', { type: 'button', class: 'btn' }, 'Clear');
  const jsonl = h('a', { class: 'btn', id: 'audit-export-jsonl', download: '' }, 'Download JSON lines');
  const csv = h('a', { class: 'btn', id: 'audit-export-csv', download: '' }, 'Download CSV');
  const status = h('p', { class: 'admin-status', role: 'status', 'aria-live': 'polite' });
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'btn', hidden: true }, 'Older events');
  const form = h(
    'form',
    { class: 'admin-form audit-filters', 'aria-label': 'Filter the audit log' },
    h('div', { class: 'inline wrap' }, user.field, action.field, target.field, from.field, to.field),
    h('div', { class: 'btn-row' }, apply, clear, jsonl, csv),
    actions,
  );
  const table = h(
    'table',
    { class: 'data-table audit-table', id: 'audit-table' },
    h('caption', { class: 'visually-hidden' }, 'Audit events, newest first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['#', 'When (UTC)', 'User', 'Action', 'Target', 'Status', 'From', 'Details'].map((c) =>
          h('th', { scope: 'col' }, c),
        ),
      ),
    ),
    body,
  );

  let cursor: string | null = null;
  let shown = 0;

  const filter = (): AuditFilter => {
    const f: AuditFilter = {};
    if (user.el.value.trim()) f.username = user.el.value.trim();
    if (action.el.value.trim()) f.action = action.el.value.trim();
    if (target.el.value.trim()) f.target = target.el.value.trim();
    if (from.el.value) f.from = from.el.value;
    if (to.el.value) f.to = to.el.value;
    return f;
  };

  const row = (e: StoredAuditEvent) =>
    h(
      'tr',
      { 'data-seq': e.seq },
      h('td', { class: 'num' }, e.seq),
      h('td', { class: 'nowrap' }, formatDate(e.at)),
      h('td', {}, e.username ?? '—'),
      h('td', { class: 'code' }, e.action),
      h('td', { class: 'fold', title: e.target ?? '' }, e.target ?? ''),
      h('td', { class: statusClass(e.status) }, e.status),
      h('td', {}, e.ip ?? ''),
      h('td', { class: 'fold', title: detailsText(e) }, detailsText(e)),
    );

  async function load(reset: boolean): Promise<void> {
    const f = filter();
    if (reset) {
      cursor = null;
      shown = 0;
      replace(body);
      jsonl.href = adminApi.auditExportUrl(f, 'jsonl');
      csv.href = adminApi.auditExportUrl(f, 'csv');
      history.replaceState(null, '', `#audit?${new URLSearchParams(f as Record<string, string>).toString()}`);
    }
    status.textContent = 'Loading…';
    try {
      const page = await adminApi.audit(f, { limit: PAGE_SIZE, ...(cursor && { cursor }) });
      body.append(...page.events.map(row));
      shown += page.events.length;
      cursor = page.nextCursor;
      more.hidden = cursor === null;
      status.textContent =
        shown === 0
          ? 'No event matches these filters.'
          : `${shown} event${shown === 1 ? '' : 's'} shown, newest first${cursor ? '' : ' (that is all)'}.`;
    } catch (err) {
      status.textContent = describeError(err);
    }
  }

  // Filters from the address, so a bookmarked view opens as it was.
  const fromHash = new URLSearchParams(location.hash.replace(/^#audit\??/, ''));
  user.el.value = fromHash.get('username') ?? '';
  action.el.value = fromHash.get('action') ?? '';
  target.el.value = fromHash.get('target') ?? '';
  from.el.value = fromHash.get('from') ?? '';
  to.el.value = fromHash.get('to') ?? '';

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void load(true);
  });
  clear.addEventListener('click', () => {
    for (const f of [user, action, target, from, to]) f.el.value = '';
    void load(true);
  });
  listenAsync(more, 'click', () => load(false));

  replace(
    container,
    h('h2', {}, 'Audit log'),
    h(
      'p',
      { class: 'muted' },
      'Every sign-in, search, expansion, query, change and import, newest first. Downloads hold every event the filters select (up to 100,000), oldest first.',
    ),
    form,
    status,
    h('div', { class: 'table-wrap admin-table-wrap' }, table),
    more,
  );
  void load(true);
}
