/**
 * `renderDossier`: one self-contained HTML report of a case, a canvas or a workspace: what it
 * covers, its picture, every entity and fact with its provenance, the sources and the notes.
 *
 * Self-contained means it asks for nothing: inline CSS, an inline SVG, no script, and a
 * Content-Security-Policy that forbids any fetch, so opening a dossier received by mail tells no
 * one it was opened. The print stylesheet makes the browser's "Print to PDF" the PDF export.
 * Pure: the data comes in (load-dossier.ts reads it), one string goes out.
 */
import type { Note } from '../contract.js';
import type { CaseModel, EntityInput, FactInput, PropertyValue, SourceInput } from '../model/model.js';
import { DOSSIER_CSS } from './dossier-style.js';
import { layoutDossier, type Point } from './dossier-layout.js';
import { colourOf, renderPicture } from './dossier-picture.js';
import { escapeHtml as esc, safeHref } from './html-text.js';

export type DossierScope = 'case' | 'canvas' | 'workspace';

export interface DossierInput {
  title: string;
  scope: DossierScope;
  /** ISO time; given, so that the renderer stays pure. */
  generatedAt: string;
  generatedBy: string;
  model: CaseModel;
  entities: readonly EntityInput[];
  facts: readonly FactInput[];
  sources: readonly SourceInput[];
  /** Where each entity was on the canvas; without a point for every entity, a computed layout. */
  positions?: ReadonlyMap<string, Point>;
  notes: readonly Note[];
  /** More notes existed than were read. */
  notesTruncated?: boolean;
}

/** The status whose facts a reader must not take as established. */
const ALLEGED = 'alleged';

const SCOPE_TEXT: Record<DossierScope, string> = {
  case: 'the whole case graph',
  canvas: 'the entities on a canvas and the facts among them',
  workspace: 'a saved workspace: its entities and the facts among them',
};

/** The dossier as one HTML document. */
export function renderDossier(input: DossierInput): string {
  const entityById = new Map(input.entities.map((entity) => [entity.id, entity]));
  const sourceById = new Map(input.sources.map((source) => [source.id, source]));
  const alleged = input.facts.filter((fact) => fact.status === ALLEGED).length;
  const positions = placedEverywhere(input) ? input.positions! : layoutDossier(input.entities, input.facts);
  const nameOf = (id: string) => entityById.get(id)?.name ?? id;

  const sourceLinks = (ids: readonly string[]) =>
    ids.length === 0
      ? '<span class="none">none</span>'
      : ids.map((id) => sourceLink(sourceById.get(id), id)).join('<br>');

  const counts = [
    plural(input.entities.length, 'entity', 'entities'),
    `${plural(input.facts.length, 'fact', 'facts')} (${alleged} alleged)`,
    plural(input.sources.length, 'source', 'sources'),
    plural(input.notes.length, 'note', 'notes'),
  ];

  const typesShown = [...new Set(input.entities.map((entity) => entity.type))].sort();
  const legend = typesShown
    .map(
      (type) =>
        `<li><span class="swatch" style="background:${colourOf(colourFor(input.model, type))}"></span>${esc(type)}</li>`,
    )
    .join('');

  const entityRows = [...input.entities]
    .sort((a, b) => cmp(a.type, b.type) || cmp(a.name, b.name) || cmp(a.id, b.id))
    .map(
      (entity) =>
        `<tr id="${esc(anchor(entity.id))}" data-entity-id="${esc(entity.id)}">` +
        `<td><span class="swatch" style="background:${colourOf(colourFor(input.model, entity.type))}"></span>${esc(entity.type)}</td>` +
        `<td><strong>${esc(entity.name)}</strong><div class="id">${esc(entity.id)}</div></td>` +
        `<td>${entity.aliases.map(esc).join('<br>') || '<span class="none">none</span>'}</td>` +
        `<td>${properties(entity.properties)}</td>` +
        `<td>${sourceLinks(entity.sources)}</td></tr>`,
    )
    .join('\n');

  const factRows = [...input.facts]
    .sort((a, b) => cmp(nameOf(a.from), nameOf(b.from)) || cmp(a.type, b.type) || cmp(a.id, b.id))
    .map((fact) => {
      const isAlleged = fact.status === ALLEGED;
      return (
        `<tr id="${esc(anchor(fact.id))}" data-fact-id="${esc(fact.id)}"${isAlleged ? ' class="alleged"' : ''}>` +
        `<td><a href="#${esc(anchor(fact.from))}">${esc(nameOf(fact.from))}</a></td>` +
        `<td class="rel">${esc(fact.type)}</td>` +
        `<td><a href="#${esc(anchor(fact.to))}">${esc(nameOf(fact.to))}</a></td>` +
        `<td>${esc(fact.claim)}${properties(fact.properties, true)}</td>` +
        `<td><span class="status status-${esc(statusClass(fact.status))}">${isAlleged ? 'Alleged' : esc(fact.status)}</span></td>` +
        `<td class="num">${confidence(fact.confidence)}</td>` +
        `<td class="when">${when(fact)}</td>` +
        `<td>${fact.attribution ? esc(fact.attribution) : '<span class="none">none</span>'}</td>` +
        `<td>${sourceLinks(fact.sources)}</td></tr>`
      );
    })
    .join('\n');

  const sourceItems = [...input.sources]
    .sort((a, b) => cmp(a.title, b.title) || cmp(a.id, b.id))
    .map((source) => {
      const href = safeHref(source.url) ?? safeHref(source.reference);
      const meta = [source.publisher, source.author, source.date, source.kind].filter(Boolean).map(esc);
      const reference = source.reference
        ? href === undefined
          ? `<div class="ref">${esc(source.reference)}</div>`
          : `<div class="ref"><a href="${esc(href)}">${esc(source.reference)}</a></div>`
        : '';
      return (
        `<li id="${esc(anchor(source.id))}" data-source-id="${esc(source.id)}">` +
        `<strong>${esc(source.title)}</strong>${meta.length ? ` <span class="meta">${meta.join(' · ')}</span>` : ''}` +
        `${reference}${source.notes ? `<p class="source-notes">${esc(source.notes)}</p>` : ''}</li>`
      );
    })
    .join('\n');

  const factById = new Map(input.facts.map((fact) => [fact.id, fact]));
  const noteItems = input.notes
    .map((note) => {
      const entity = entityById.get(note.target);
      const fact = factById.get(note.target);
      const on = entity
        ? `${esc(entity.type)} <a href="#${esc(anchor(entity.id))}">${esc(entity.name)}</a>`
        : fact
          ? `fact <a href="#${esc(anchor(fact.id))}">${esc(`${nameOf(fact.from)} ${fact.type} ${nameOf(fact.to)}`)}</a>`
          : esc(note.target);
      return (
        `<li data-note-id="${esc(note.id)}"><div class="note-head">On ${on}: <span class="meta">` +
        `${esc(note.author)}, ${esc(formatTime(note.createdAt))}${note.scope === 'workspace' ? ', in the workspace' : ''}` +
        `</span></div><p class="note-text">${esc(note.text)}</p></li>`
      );
    })
    .join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="casegraph">
<title>${esc(`Dossier: ${input.title}`)}</title>
<style>${DOSSIER_CSS}</style>
</head>
<body>
<header class="title-page">
<p class="kicker">casegraph dossier</p>
<h1>${esc(input.title)}</h1>
<dl class="facts-about">
<dt>Covers</dt><dd>${esc(SCOPE_TEXT[input.scope])}</dd>
<dt>Holds</dt><dd id="counts">${counts.join(', ')}</dd>
<dt>Generated</dt><dd>${esc(formatTime(input.generatedAt))} by ${esc(input.generatedBy)}</dd>
</dl>
<p class="caution">Facts marked <span class="status status-alleged">Alleged</span> are what a party (prosecutors, a
complaint, an analyst) asserts, as the source relays it, not what the source establishes: each names who
alleges it. Do not publish them as established.</p>
<nav class="contents" aria-label="Contents"><ol>
<li><a href="#picture">Picture</a></li><li><a href="#entities">Entities</a></li><li><a href="#facts">Facts</a></li>
<li><a href="#sources">Sources</a></li><li><a href="#notes">Notes</a></li></ol></nav>
</header>
<main>
<section id="picture" aria-labelledby="picture-h">
<h2 id="picture-h">Picture</h2>
${renderPicture(
  input.entities.map((entity) => ({
    id: entity.id,
    name: entity.name,
    type: entity.type,
    colour: colourFor(input.model, entity.type),
  })),
  input.facts.map((fact) => ({
    from: fact.from,
    to: fact.to,
    type: fact.type,
    alleged: fact.status === ALLEGED,
  })),
  positions,
)}
<ul class="legend" aria-label="Entity types">${legend}<li><span class="line-key"></span>fact</li><li><span class="line-key alleged"></span>alleged fact</li></ul>
</section>
<section id="entities" aria-labelledby="entities-h">
<h2 id="entities-h">Entities <span class="count">${input.entities.length}</span></h2>
<table class="entities">
<colgroup><col class="c-type"><col class="c-name"><col class="c-aliases"><col class="c-props"><col class="c-sources"></colgroup>
<thead><tr><th scope="col">Type</th><th scope="col">Name</th><th scope="col">Aliases</th><th scope="col">Properties</th><th scope="col">Sources</th></tr></thead>
<tbody>
${entityRows}
</tbody>
</table>
</section>
<section id="facts" aria-labelledby="facts-h">
<h2 id="facts-h">Facts <span class="count">${input.facts.length}</span></h2>
<table class="facts">
<colgroup><col class="c-from"><col class="c-rel"><col class="c-to"><col class="c-claim"><col class="c-status"><col class="c-conf"><col class="c-when"><col class="c-attr"><col class="c-sources"></colgroup>
<thead><tr><th scope="col">From</th><th scope="col">Relationship</th><th scope="col">To</th><th scope="col">Claim</th><th scope="col">Status</th><th scope="col">Confidence</th><th scope="col">When</th><th scope="col">Attribution</th><th scope="col">Sources</th></tr></thead>
<tbody>
${factRows}
</tbody>
</table>
</section>
<section id="sources" aria-labelledby="sources-h">
<h2 id="sources-h">Sources <span class="count">${input.sources.length}</span></h2>
${sourceItems ? `<ol class="sources">\n${sourceItems}\n</ol>` : '<p class="empty">No sources.</p>'}
</section>
<section id="notes" aria-labelledby="notes-h">
<h2 id="notes-h">Notes <span class="count">${input.notes.length}</span></h2>
${noteItems ? `<ul class="notes">\n${noteItems}\n</ul>` : '<p class="empty">No notes on what this dossier covers.</p>'}
${input.notesTruncated ? '<p class="caution">More notes exist than a dossier holds; the oldest are shown.</p>' : ''}
</section>
</main>
<footer><p>${esc(input.title)}: generated by casegraph on ${esc(formatTime(input.generatedAt))}.</p></footer>
</body>
</html>
`;
}

function placedEverywhere(input: DossierInput): boolean {
  const positions = input.positions;
  return positions !== undefined && input.entities.every((entity) => positions.has(entity.id));
}

function colourFor(model: CaseModel, type: string): string {
  return model.nodeTypes[type]?.style.color ?? '#888888';
}

/** A source by its title, linked to its reference when that is an address. */
function sourceLink(source: SourceInput | undefined, id: string): string {
  if (!source) return `<span class="id">${esc(id)}</span>`;
  const href = safeHref(source.url) ?? safeHref(source.reference);
  return href === undefined ? esc(source.title) : `<a href="${esc(href)}">${esc(source.title)}</a>`;
}

function properties(values: Readonly<Record<string, PropertyValue>>, inline = false): string {
  const entries = Object.entries(values).sort(([a], [b]) => cmp(a, b));
  if (entries.length === 0) return inline ? '' : '<span class="none">none</span>';
  const items = entries
    .map(
      ([key, value]) =>
        `<div><span class="key">${esc(key)}</span> ${esc(Array.isArray(value) ? value.join(', ') : value)}</div>`,
    )
    .join('');
  return `<div class="props">${items}</div>`;
}

function confidence(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value)
    ? `${Math.round(value * 100)}%`
    : '<span class="none">n/a</span>';
}

function when(fact: FactInput): string {
  const parts: string[] = [];
  if (fact.date) parts.push(esc(fact.date));
  if (fact.validFrom) parts.push(`from ${esc(fact.validFrom)}`);
  if (fact.validTo) parts.push(`to ${esc(fact.validTo)}`);
  return parts.length ? parts.join('<br>') : '<span class="none">undated</span>';
}

function statusClass(status: string): string {
  return /^[a-z-]+$/.test(status) ? status : 'other';
}

/** A fragment id for a key (`person:x` stays readable; anything odd becomes `-`). */
function anchor(id: string): string {
  return `k-${id.replace(/[^A-Za-z0-9_.:-]/g, '-')}`;
}

function formatTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function cmp(a: string, b: string): number {
  return a.localeCompare(b, 'en');
}
