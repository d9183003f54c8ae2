/**
 * Exports, loaded on first use: PNG of the whole graph (cy.png), SVG drawn by
 * our own writer from the canvas snapshot, JSON of the graph (the contract's
 * GraphPayload), and CSV of the last query table.
 */
import { download } from '../dom.js';
import type { Explorer } from '../explorer.js';
import { exportFileName, toCsv, toGraphJson, toSvg } from '../export-format.js';

export type ExportKind = 'png' | 'svg' | 'json' | 'csv';

export async function runExport(kind: ExportKind, explorer: Explorer): Promise<string> {
  const { canvas } = explorer;
  if (kind !== 'csv' && canvas.nodeCount() === 0) throw new Error('The canvas is empty: add entities first.');
  const name = exportFileName(kind);
  switch (kind) {
    case 'png': {
      const blob = await canvas.cy.png({
        output: 'blob-promise',
        full: true,
        scale: 2,
        bg: '#ffffff',
        maxWidth: 8000,
        maxHeight: 8000,
      });
      download(name, blob);
      break;
    }
    case 'svg':
      download(name, toSvg({ ...canvas.svgSnapshot(), title: 'casegraph export' }), 'image/svg+xml');
      break;
    case 'json':
      download(
        name,
        toGraphJson(canvas.graphPayload(), {
          exportedAt: new Date().toISOString(),
          filters: JSON.parse(JSON.stringify(explorer.filters)),
        }),
        'application/json',
      );
      break;
    case 'csv':
      if (!explorer.lastTable) throw new Error('Run a saved query first: the CSV export saves its table.');
      download(name, toCsv(explorer.lastTable.table), 'text/csv;charset=utf-8');
      break;
  }
  return name;
}
