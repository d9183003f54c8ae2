/**
 * The dossier's one stylesheet, inlined into every file (the page may fetch nothing). Screen: a
 * readable document column; print: A4, each section on a new page, table headers repeated on
 * every page, rows never split, and no on-screen navigation.
 */
export const DOSSIER_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #555d66; --rule: #d5d9de; --band: #f4f6f8; --accent: #1f4e79; }
* { box-sizing: border-box; }
html { background: #e9ecef; }
body { margin: 0 auto; max-width: 1200px; padding: 32px 40px 48px; background: #fff; color: var(--ink);
  font: 14px/1.45 "Source Sans 3", "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
h1, h2 { font-family: Georgia, "Times New Roman", serif; font-weight: 600; color: var(--ink); }
h1 { font-size: 30px; margin: 4px 0 16px; }
h2 { font-size: 21px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--ink); }
h2 .count { font: 600 13px/1 Arial, sans-serif; color: var(--muted); margin-left: 6px; }
a { color: var(--accent); }
.kicker { margin: 0; text-transform: uppercase; letter-spacing: .12em; font-size: 12px; color: var(--muted); }
.facts-about { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 14px; }
.facts-about dt { font-weight: 600; color: var(--muted); }
.facts-about dd { margin: 0; }
.caution { border-left: 4px solid #b3261e; background: #fdf3f2; padding: 8px 12px; margin: 12px 0; }
.contents ol { display: flex; flex-wrap: wrap; gap: 4px 20px; padding: 0; margin: 10px 0 0; list-style: none; }
.picture { display: block; width: 100%; height: auto; border: 1px solid var(--rule); background: #fcfcfd; }
.picture line { stroke: #8a949e; stroke-width: 1.3; }
.picture line.alleged { stroke: #b3261e; stroke-dasharray: 6 4; }
.picture circle { stroke: #fff; stroke-width: 2; }
.picture text { font: 11px Arial, sans-serif; fill: #1b1f24; text-anchor: middle; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; padding: 0; margin: 8px 0 0; font-size: 12.5px; color: var(--muted); }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 6px; vertical-align: -1px; }
.line-key { display: inline-block; width: 22px; margin-right: 6px; vertical-align: middle; border-top: 2px solid #8a949e; }
.line-key.alleged { border-top: 2px dashed #b3261e; }
table { width: 100%; border-collapse: collapse; font-size: 12.5px; table-layout: fixed; }
/* Fixed column widths: long claims and titles wrap inside their column, the table never spills. */
table.entities col.c-type { width: 11%; } table.entities col.c-name { width: 20%; }
table.entities col.c-aliases { width: 15%; } table.entities col.c-props { width: 34%; }
table.entities col.c-sources { width: 20%; }
table.facts col.c-from, table.facts col.c-to { width: 11%; } table.facts col.c-rel { width: 10%; }
table.facts col.c-claim { width: 25%; } table.facts col.c-status { width: 8%; }
table.facts col.c-conf { width: 8.5%; } table.facts col.c-when { width: 8.5%; }
table.facts col.c-attr { width: 9%; } table.facts col.c-sources { width: 9%; }
th { text-align: left; background: var(--ink); color: #fff; font-weight: 600; font-size: 12px; padding: 6px; overflow-wrap: break-word; }
td { padding: 6px; border-bottom: 1px solid var(--rule); vertical-align: top; overflow-wrap: break-word; }
tbody tr:nth-child(even) td { background: var(--band); }
tr.alleged td { background: #fdf3f2 !important; }
tr.alleged td:first-child { box-shadow: inset 4px 0 0 #b3261e; }
td.rel { font: 600 11px/1.3 Consolas, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
td.num { text-align: right; white-space: nowrap; }
td.when { font-size: 12px; }
.id { font: 11px/1.3 Consolas, "DejaVu Sans Mono", monospace; color: var(--muted); }
.none { color: var(--muted); font-style: italic; }
.props .key { color: var(--muted); font-weight: 600; }
td .props { margin-top: 4px; font-size: 12px; }
.status { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: 11.5px; font-weight: 600; background: #e4e7eb; color: #1b1f24; white-space: nowrap; }
.status-alleged { background: #b3261e; color: #fff; }
.status-confirmed { background: #d9eedb; color: #1d5b25; }
.status-reported { background: #dde8f5; color: #1f4e79; }
ol.sources, ul.notes { padding-left: 22px; }
ol.sources li, ul.notes li { margin-bottom: 12px; }
.meta { color: var(--muted); }
.ref { font-size: 12.5px; overflow-wrap: anywhere; }
.source-notes { margin: 4px 0 0; font-size: 13px; color: #333a42; }
.note-text { margin: 4px 0 0; white-space: pre-wrap; }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 40px; padding-top: 8px; border-top: 1px solid var(--rule); font-size: 12px; color: var(--muted); }
@page { size: A4 landscape; margin: 14mm 12mm; }
@media print {
  html, body { background: #fff; }
  body { max-width: none; padding: 0; font-size: 11px; }
  table { font-size: 10.5px; }
  .contents { display: none; }
  section { break-before: page; }
  h2 { break-after: avoid; margin-top: 0; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  td, .status, .swatch, .picture { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .picture { max-height: 165mm; }
  a { color: inherit; text-decoration: none; }
}
`;
