/**
 * The entity search box: an ARIA 1.2 combobox with suggestions as you type
 * (debounced, stale answers cancelled), arrow-key navigation, Enter to
 * choose, Esc to close. Used for the main search and for entity parameters of
 * saved queries.
 */
import type { ModelResponse, SearchHit } from '../../../server/contract.js';
import { api, describeError } from '../api.js';
import { h, replace, swatch } from '../dom.js';
import { typeStyle } from '../model-style.js';

export interface EntitySearchOptions {
  /** Visible label of the input. */
  label: string;
  placeholder?: string;
  /** Restrict hits to these types. */
  types?: string[];
  /** Keep the chosen label in the box (query forms) or clear it (main search). */
  keepChoice?: boolean;
  debounceMs?: number;
  limit?: number;
  model: () => ModelResponse | null;
  onChoose(hit: SearchHit): void;
  /** Hide the label visually (it stays for screen readers). */
  hideLabel?: boolean;
}

let counter = 0;

export interface EntitySearch {
  root: HTMLElement;
  input: HTMLInputElement;
  focus(): void;
  clear(): void;
  /** The chosen hit (for forms). */
  value(): SearchHit | null;
  setValue(hit: SearchHit | null): void;
}

export function createEntitySearch(opts: EntitySearchOptions): EntitySearch {
  const id = `search-${++counter}`;
  const input = h('input', {
    id: `${id}-input`,
    type: 'search',
    class: 'search-input',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': `${id}-list`,
    placeholder: opts.placeholder ?? 'Search…',
  });
  const list = h('ul', {
    id: `${id}-list`,
    role: 'listbox',
    class: 'search-list',
    'aria-label': `${opts.label}: suggestions`,
  });
  list.hidden = true;
  const status = h('div', { class: 'search-status', role: 'status', 'aria-live': 'polite' });
  const label = h(
    'label',
    { for: input.id, class: opts.hideLabel ? 'visually-hidden' : 'field-label' },
    opts.label,
  );
  const root = h(
    'div',
    { class: 'entity-search' },
    label,
    h('div', { class: 'search-box' }, input, list),
    status,
  );

  let hits: SearchHit[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  let chosen: SearchHit | null = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const setActive = (i: number) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    const li = list.children[i] as HTMLElement | undefined;
    if (li) {
      input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };

  const render = () => {
    replace(
      list,
      hits.map((hit, i) => {
        const style = typeStyle(opts.model(), hit.type);
        const alias = hit.aliases.find((a) => a.toLowerCase().includes(input.value.trim().toLowerCase()));
        const li = h(
          'li',
          { id: `${id}-opt-${i}`, role: 'option', class: 'search-option', 'aria-selected': 'false' },
          swatch(style.color, style.shape),
          h('span', { class: 'hit-label' }, hit.label),
          alias && alias !== hit.label
            ? h('span', { class: 'hit-alias', title: `also known as ${alias}` }, `aka ${alias}`)
            : null,
          h('span', { class: 'hit-type' }, hit.type),
        );
        // mousedown, not click: the input must not lose focus (and close the list) first.
        li.addEventListener('mousedown', (e) => {
          e.preventDefault();
          choose(i);
        });
        return li;
      }),
    );
    list.hidden = hits.length === 0;
    input.setAttribute('aria-expanded', String(hits.length > 0));
    setActive(hits.length ? 0 : -1);
  };

  const choose = (i: number) => {
    const hit = hits[i];
    if (!hit) return;
    close();
    chosen = hit;
    if (opts.keepChoice) {
      input.value = hit.label;
      status.textContent = `${hit.label} (${hit.type}) chosen`;
    } else {
      input.value = '';
      status.textContent = `${hit.label} added to the canvas`;
    }
    opts.onChoose(hit);
  };

  const lookup = async (q: string) => {
    controller?.abort();
    controller = new AbortController();
    const params: { limit: number; signal: AbortSignal; types?: string[] } = {
      limit: opts.limit ?? 8,
      signal: controller.signal,
    };
    if (opts.types) params.types = opts.types;
    root.setAttribute('aria-busy', 'true');
    try {
      const res = await api.search(q, params);
      if (input.value.trim() !== q) return;
      hits = res.hits;
      render();
      status.textContent = hits.length ? `${hits.length} suggestions` : `No entity matches “${q}”`;
      // Labels the search index does not cover were scanned, and some only in part: say so,
      // so that "no match" is not read as "not in the graph".
      status.classList.toggle('incomplete', res.incomplete === true);
      if (res.incomplete) {
        status.textContent += ' (may be incomplete: some types are not in the search index)';
        status.title = res.notice ?? '';
      } else status.removeAttribute('title');
    } catch (err) {
      if ((err as { code?: string }).code === 'ABORTED') return;
      hits = [];
      render();
      status.textContent = describeError(err);
      status.classList.add('error');
    } finally {
      root.removeAttribute('aria-busy');
    }
  };

  input.addEventListener('input', () => {
    chosen = null;
    status.classList.remove('error');
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      controller?.abort();
      hits = [];
      render();
      status.textContent = '';
      return;
    }
    timer = setTimeout(() => void lookup(q), opts.debounceMs ?? 180);
  });

  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (list.hidden && hits.length) render();
      else setActive(Math.min(hits.length - 1, active + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(Math.max(0, active - 1));
    } else if (e.key === 'Enter') {
      if (!list.hidden && active >= 0) {
        e.preventDefault();
        choose(active);
      } else if (input.value.trim()) {
        e.preventDefault();
        clearTimeout(timer);
        void lookup(input.value.trim());
      }
    } else if (e.key === 'Escape') {
      if (!list.hidden) {
        e.stopPropagation();
        close();
      } else if (input.value) {
        e.stopPropagation();
        input.value = '';
      }
    } else if (e.key === 'Home' || e.key === 'End') {
      if (!list.hidden && hits.length) {
        e.preventDefault();
        setActive(e.key === 'Home' ? 0 : hits.length - 1);
      }
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('focus', () => {
    if (hits.length && input.value.trim() && !chosen) render();
  });

  return {
    root,
    input,
    focus: () => {
      input.focus();
      input.select();
    },
    clear: () => {
      input.value = '';
      hits = [];
      chosen = null;
      render();
    },
    value: () => chosen,
    setValue: (hit) => {
      chosen = hit;
      input.value = hit?.label ?? '';
    },
  };
}
