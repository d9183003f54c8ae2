/**
 * Exports, loaded on first use: PNG of the whole graph (cy.png), SVG drawn by
 * our own writer from the canvas snapshot, JSON of the graph (the contract's
 * GraphPayload, with the notes on its entities and links when a workspace is
 * open), CSV of the last query table, GraphML / GEXF of the visible graph for Gephi and
 * other network tools (a saved query's graph is drawn on the canvas, so they cover it too), and
 * FollowTheMoney lines of the canvas's entities (written by the server, for Aleph and OpenSanctions),
 * and the dossier: the canvas as one self-contained HTML report (written by the server, server/dossier/).
 */
import { download } from '../dom.js';
import type { Explorer } from '../explorer.js';
import type { JsonValue } from '../../../server/contract.js';
import { api } from '../api.js';
import { exportFileName, notesOnGraph, toCsv, toGraphJson, toSvg } from '../export-format.js';
import { toGexf, toGraphMl } from '../graph-formats.js';

export type ExportKind = 'png' | 'svg' | 'json' | 'csv' | 'graphml' | 'gexf' | 'ftm' | 'dossier';

/** As many entities as `POST /api/export/ftm` and `/dossier` take (server/export/ftm-routes.ts). */
const MAX_FTM_ENTITIES = 2_000;

export async function runExport(kind: ExportKind, explorer: Explorer): Promise<string> {
  const { canvas } = explorer;
  if (kind !== 'csv' && canvas.nodeCount() === 0) throw new Error('The canvas is empty: add entities first.');
  const name = exportFileName(kind === 'ftm' ? 'ftm.jsonl' : kind === 'dossier' ? 'dossier.html' : kind);
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
    case 'json': {
      const payload = canvas.graphPayload();
      const meta: Record<string, JsonValue> = {
        exportedAt: new Date().toISOString(),
        filters: JSON.parse(JSON.stringify(explorer.filters)),
      };
      // The workspace's notes and the case's, on what is exported (one request for all of them).
      if (explorer.workspace) {
        const { notes, truncated } = await api.notes({ workspace: explorer.workspace.id });
        meta.workspace = { id: explorer.workspace.id, name: explorer.workspace.name };
        meta.notes = notesOnGraph(notes, payload);
        if (truncated) meta.notesTruncated = true;
      }
      download(name, toGraphJson(payload, meta), 'application/json');
      break;
    }
    case 'graphml':
      download(
        name,
        toGraphMl({ ...canvas.graphSnapshot(), title: 'casegraph export' }),
        'application/graphml+xml',
      );
      break;
    case 'gexf':
      download(
        name,
        toGexf({ ...canvas.graphSnapshot(), title: 'casegraph export' }),
        'application/gexf+xml',
      );
      break;
    case 'ftm': {
      // The server writes FtM from the graph (with every fact's sources), not from the canvas.
      const ids = canvas.graphPayload().nodes.map((node) => node.id);
      if (ids.length > MAX_FTM_ENTITIES) {
        throw new Error(`FtM export takes up to ${MAX_FTM_ENTITIES} entities; the canvas has ${ids.length}.`);
      }
      download(name, await api.exportFtm(ids), 'application/x-ndjson');
      break;
    }
    case 'dossier': {
      // The server reads every fact's provenance from the graph; the canvas gives where things sit.
      const ids = canvas.graphPayload().nodes.map((node) => node.id);
      if (ids.length > MAX_FTM_ENTITIES) {
        throw new Error(
          `The dossier takes up to ${MAX_FTM_ENTITIES} entities; the canvas has ${ids.length}.`,
        );
      }
      const positions: Record<string, { x: number; y: number }> = {};
      for (const id of ids) {
        const { x, y } = canvas.cy.getElementById(id).position();
        positions[id] = { x: Math.round(x), y: Math.round(y) };
      }
      // With a workspace open, its notes go in beside the case's (as in the JSON export).
      download(
        name,
        await api.exportDossier(ids, positions, explorer.workspace?.id),
        'text/html;charset=utf-8',
      );
      break;
    }
    case 'csv':
      if (!explorer.lastTable) throw new Error('Run a saved query first: the CSV export saves its table.');
      download(name, toCsv(explorer.lastTable.table), 'text/csv;charset=utf-8');
      break;
  }
  return name;
}
