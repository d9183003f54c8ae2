/**
 * The dossier's picture: an inline SVG of the entities (circles in their model colour, named)
 * and the facts between them (lines, alleged ones dashed). Pure text out, no external reference:
 * the dossier's Content-Security-Policy allows nothing to be fetched.
 */
import { escapeHtml } from './html-text.js';
import { PICTURE_WIDTH as WIDTH, type Point } from './dossier-layout.js';

export interface PictureNode {
  id: string;
  name: string;
  type: string;
  colour: string;
}

export interface PictureLink {
  from: string;
  to: string;
  type: string;
  alleged: boolean;
}

const RADIUS = 9;
/** Above this many entities names would overlap into a blot: the table names them instead. */
export const MAX_LABELLED_NODES = 150;

/** Draws the picture; `positions` holds a point for every node (missing ones are left out). */
export function renderPicture(
  nodes: readonly PictureNode[],
  links: readonly PictureLink[],
  positions: ReadonlyMap<string, Point>,
): string {
  const placed = nodes.filter((node) => positions.has(node.id));
  if (placed.length === 0) return '<p class="empty">Nothing to draw.</p>';
  const xs = placed.map((node) => positions.get(node.id)!.x);
  const ys = placed.map((node) => positions.get(node.id)!.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const spanX = Math.max(...xs) - minX;
  const spanY = Math.max(...ys) - minY;
  // Canvas coordinates come in any scale: fit the wider side to WIDTH, keep the proportions,
  // but never stretch a tight cluster so far apart that it looks like a scatter of dots.
  const scale = Math.min(WIDTH / Math.max(spanX, spanY * 1.4, 1), 4);
  const margin = 90;
  const at = new Map(
    placed.map((node) => {
      const p = positions.get(node.id)!;
      return [node.id, { x: margin + (p.x - minX) * scale, y: margin / 2 + (p.y - minY) * scale }];
    }),
  );
  const width = Math.round(spanX * scale + 2 * margin);
  const height = Math.round(spanY * scale + margin * 1.2);
  const labelled = placed.length <= MAX_LABELLED_NODES;

  const lines = links
    .filter((link) => at.has(link.from) && at.has(link.to) && link.from !== link.to)
    .map((link) => {
      const a = at.get(link.from)!;
      const b = at.get(link.to)!;
      return (
        `<line x1="${n(a.x)}" y1="${n(a.y)}" x2="${n(b.x)}" y2="${n(b.y)}"` +
        `${link.alleged ? ' class="alleged"' : ''}><title>${escapeHtml(link.type)}</title></line>`
      );
    });
  // A hub is drawn larger, so the eye finds the centre of the network before reading names.
  const degree = new Map<string, number>();
  for (const link of links) {
    degree.set(link.from, (degree.get(link.from) ?? 0) + 1);
    degree.set(link.to, (degree.get(link.to) ?? 0) + 1);
  }
  const circles = placed.map((node) => {
    const p = at.get(node.id)!;
    const r = RADIUS + Math.min(9, Math.sqrt(degree.get(node.id) ?? 0) * 1.5) - 2;
    const label = labelled
      ? `<text x="${n(p.x)}" y="${n(p.y + r + 12)}">${escapeHtml(shorten(node.name, 28))}</text>`
      : '';
    return (
      `<g><circle cx="${n(p.x)}" cy="${n(p.y)}" r="${n(r)}" fill="${colourOf(node.colour)}">` +
      `<title>${escapeHtml(`${node.type}: ${node.name}`)}</title></circle>${label}</g>`
    );
  });
  return (
    `<svg class="picture" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" ` +
    `aria-label="${escapeHtml(`Picture of ${placed.length} entities and ${lines.length} facts`)}">` +
    `<g class="links">${lines.join('')}</g><g class="nodes">${circles.join('')}</g></svg>`
  );
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Only a plain hex colour reaches the attribute (the model checks it; this keeps the page safe). */
export function colourOf(colour: string): string {
  return /^#[0-9a-fA-F]{3,8}$/.test(colour) ? colour : '#888888';
}
