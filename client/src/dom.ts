/**
 * A tiny element builder: text always goes in as text (never as HTML), so
 * names and claims from the case data cannot inject markup, and no inline
 * handlers are ever written (the CSP forbids them).
 */

type Attrs = Record<string, string | number | boolean | null | undefined>;
type Child = Node | string | number | null | undefined | false;

/** `h('button', {class: 'x', 'aria-label': 'Close'}, 'Close')` */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = String(value);
    else if (key === 'text') el.textContent = String(value);
    else if (key in el && typeof value !== 'string' && key !== 'style') {
      (el as unknown as Record<string, unknown>)[key] = value;
    } else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children.flat());
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(
      typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c,
    );
  }
}

/** Replaces the children of `el`. */
export function replace(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children.flat());
}

/** Looks up a required element by selector; a missing one is a programming error. */
export function $<T extends HTMLElement = HTMLElement>(selector: string, root: ParentNode = document): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`Missing element ${selector}`);
  return el;
}

/** A coloured swatch for a type, decorative (the type name is always written next to it). */
export function swatch(color: string, shape = 'ellipse'): HTMLSpanElement {
  const s = h('span', { class: `swatch shape-${shape.replace(/^round-/, '')}`, 'aria-hidden': 'true' });
  s.style.backgroundColor = color;
  return s;
}

/** Saves text as a download. */
export function download(filename: string, data: Blob | string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Formats a date-like string for people, keeping partial dates as they are. */
export function formatDate(value: string | undefined): string {
  if (!value) return '';
  return /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.replace('T', ' ').slice(0, 16) : value;
}

/**
 * `el.addEventListener(type, handler)` for an async handler. The DOM drops whatever a listener
 * returns, so nothing waits for it: the handler shows its own failures (status line, toast), and
 * anything it lets escape is logged here rather than left as an unhandled rejection.
 */
export function listenAsync<K extends keyof HTMLElementEventMap>(
  el: HTMLElement,
  type: K,
  handler: (event: HTMLElementEventMap[K]) => Promise<void>,
): void {
  el.addEventListener(type, (event) => {
    handler(event).catch((err: unknown) => console.error(err));
  });
}
