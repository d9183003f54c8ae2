/**
 * The "Search index" tab: what the full-text index covers, which labels of the graph it misses
 * (search only scans those, in part), and a button that extends it (`POST /api/admin/search-index`,
 * the same as `npm run index`). On a graph casegraph may only read, the statement for a DBA instead.
 */
import type { SearchIndexStatus } from '../../../server/contract.js';
import { describeError, request } from '../api.js';
import { h, listenAsync, replace } from '../dom.js';

const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : '(none)');

/** Mounts the tab into `container` and reads the index at once. */
export function mountSearchIndexScreen(container: HTMLElement): void {
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'search-index-status' });
  const body = h('div', { class: 'search-index' });
  replace(
    container,
    h('h2', {}, 'Search index'),
    h(
      'p',
      { class: 'hint' },
      'Search answers from a full-text index over names and aliases. Labels loaded beside the case by other tools are not in it until it is extended: until then search scans them, in part, and says its answer may be incomplete.',
    ),
    status,
    body,
  );

  const render = (index: SearchIndexStatus) => {
    const missing = index.added.labels.length + index.added.properties.length > 0 || !index.current;
    const extend = h(
      'button',
      { type: 'button', class: 'btn primary', disabled: !missing || index.graphAccess === 'read' },
      'Extend the index',
    );
    listenAsync(extend, 'click', async () => {
      extend.disabled = true;
      status.textContent = 'Rebuilding the index: search scans meanwhile…';
      try {
        const done = await request<SearchIndexStatus>('/api/admin/search-index', { method: 'POST' });
        render(done);
        status.textContent = done.changed
          ? `The index now covers ${done.labels.length} labels and ${done.properties.length} properties.`
          : 'The index already covered everything.';
      } catch (error) {
        status.textContent = describeError(error);
        extend.disabled = false;
      }
    });
    replace(
      body,
      h(
        'dl',
        { class: 'search-index-facts' },
        h('dt', {}, 'Now'),
        h(
          'dd',
          {},
          index.current
            ? `${index.current.labels.length} labels, ${index.current.properties.length} properties (${index.current.state.toLowerCase()})`
            : 'no index: every search scans',
        ),
        h('dt', {}, 'Labels to add'),
        h('dd', { 'data-testid': 'index-add-labels' }, list(index.added.labels)),
        h('dt', {}, 'Properties to add'),
        h('dd', { 'data-testid': 'index-add-properties' }, list(index.added.properties)),
      ),
      index.graphAccess === 'read'
        ? h(
            'div',
            {},
            h('p', {}, 'casegraph may only read this graph. A DBA can extend the index with:'),
            h('pre', { class: 'statement' }, index.statement),
          )
        : extend,
    );
  };

  status.textContent = 'Reading the index…';
  request<SearchIndexStatus>('/api/admin/search-index').then(
    (index) => {
      status.textContent = '';
      render(index);
    },
    (error: unknown) => {
      status.textContent = describeError(error);
    },
  );
}
