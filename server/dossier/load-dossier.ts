/**
 * What a dossier covers, read from the graph and the app store: the whole case (paged through the
 * export statements, as `exportCase` reads it, so no read grows with the graph), a selection of
 * entities (the canvas: the FtM export's bounded reader, the facts among them and the sources
 * they cite), or a saved workspace (its entities, their positions and its notes).
 */
import type { AppStore } from '../app-store/app-store.js';
import type { Note } from '../contract.js';
import { pageReader, DEFAULT_EXPORT_PAGE_SIZE, type ExportDeps } from '../export/case-export.js';
import {
  isPlainSource,
  toEntity,
  toFact,
  toSource,
  type FactRecord,
  type NodeRecord,
} from '../export/export-rows.js';
import { selectionDocument } from '../export/ftm-routes.js';
import type { EntityInput, FactInput, SourceInput } from '../model/model.js';
import { listNotes, type NoteActor } from '../notes/notes-store.js';
import { openableWorkspace } from '../workspaces/workspace-store.js';
import type { Point } from './dossier-layout.js';
import type { DossierInput } from './render-dossier.js';

export interface DossierDeps extends ExportDeps {
  store: AppStore;
}

interface Covered {
  entities: EntityInput[];
  facts: FactInput[];
  sources: SourceInput[];
}

/** Who generates it and when; the title when the caller names one. */
export interface DossierOptions {
  generatedBy: string;
  now?: Date;
  title?: string;
  pageSize?: number;
}

/** The whole case graph, with the notes kept with the case. */
export async function caseDossier(deps: DossierDeps, options: DossierOptions): Promise<DossierInput> {
  const covered = await readWholeCase(deps, options.pageSize ?? DEFAULT_EXPORT_PAGE_SIZE);
  // The case's notes only: a workspace's notes belong to those who may open that workspace.
  const notes = await notesOn(
    deps.store,
    { username: options.generatedBy, admin: false },
    covered,
    undefined,
  );
  return {
    ...covered,
    ...notes,
    title: options.title ?? `Case graph "${deps.database}"`,
    scope: 'case',
    generatedAt: (options.now ?? new Date()).toISOString(),
    generatedBy: options.generatedBy,
    model: deps.model,
  };
}

/** The given entities (a canvas), the facts among them, their sources and the case's notes on them. */
export async function selectionDossier(
  deps: DossierDeps,
  ids: readonly string[],
  options: DossierOptions & {
    positions?: ReadonlyMap<string, Point> | undefined;
    actor?: NoteActor;
    /** The workspace open on the canvas, whose notes join the case's. */
    workspace?: string | undefined;
  },
): Promise<DossierInput> {
  const document = await selectionDocument(deps, ids);
  const covered = { entities: document.entities, facts: document.facts, sources: document.sources };
  const actor = options.actor ?? { username: options.generatedBy, admin: false };
  return {
    ...covered,
    ...(await notesOn(deps.store, actor, covered, options.workspace)),
    title: options.title ?? 'Canvas',
    scope: 'canvas',
    generatedAt: (options.now ?? new Date()).toISOString(),
    generatedBy: options.generatedBy,
    model: deps.model,
    ...(options.positions ? { positions: options.positions } : {}),
  };
}

/**
 * A workspace `actor` may open (404 / 403 WORKSPACE_NOT_SHARED otherwise, as opening it): its
 * entities where they were placed, the facts on it, and its notes and the case's on them.
 */
export async function workspaceDossier(
  deps: DossierDeps,
  actor: NoteActor,
  id: string,
  options: DossierOptions,
): Promise<DossierInput> {
  const workspace = await openableWorkspace(deps.store, actor, id);
  const { nodes, edges } = workspace.state;
  const document = await selectionDocument(
    deps,
    nodes.map((node) => node.id),
  );
  // `edges` names the facts drawn; without it every fact among the nodes was on the canvas.
  const drawn = edges === undefined ? undefined : new Set(edges);
  const covered = {
    entities: document.entities,
    facts: drawn === undefined ? document.facts : document.facts.filter((fact) => drawn.has(fact.id)),
    sources: document.sources,
  };
  return {
    ...covered,
    ...(await notesOn(deps.store, actor, covered, id)),
    title: options.title ?? workspace.name,
    scope: 'workspace',
    generatedAt: (options.now ?? new Date()).toISOString(),
    generatedBy: options.generatedBy,
    model: deps.model,
    positions: new Map(nodes.map((node) => [node.id, { x: node.x, y: node.y }])),
  };
}

/** The readable notes (the case's, and the workspace's when given) on what the dossier covers. */
async function notesOn(
  store: AppStore,
  actor: NoteActor,
  covered: Covered,
  workspace: string | undefined,
): Promise<{ notes: Note[]; notesTruncated: boolean }> {
  const targets = new Set([...covered.entities.map((e) => e.id), ...covered.facts.map((f) => f.id)]);
  const { notes, truncated } = await listNotes(store, actor, workspace === undefined ? {} : { workspace });
  return { notes: notes.filter((note) => targets.has(note.target)), notesTruncated: truncated };
}

/** Every source, entity and fact of the case, a page per read transaction (as `exportCase`). */
async function readWholeCase(deps: ExportDeps, pageSize: number): Promise<Covered> {
  const read = pageReader(deps, pageSize);
  const covered: Covered = { entities: [], facts: [], sources: [] };
  for (let after = ''; ;) {
    const rows = await read('export/source-page', ['n'], { after });
    for (const row of rows.map((record) => record.toObject() as NodeRecord))
      if (isPlainSource(row)) covered.sources.push(toSource(row));
    if (rows.length < pageSize) break;
    after = rows.at(-1)!.get('id') as string;
  }
  for (let after = ''; ;) {
    const rows = await read('export/entity-page', ['n'], { after });
    // A Source node a source entry cannot carry (aliases, other citations) is an entity, as in the export.
    for (const row of rows.map((record) => record.toObject() as NodeRecord))
      if (!isPlainSource(row)) covered.entities.push(toEntity(deps.model, row));
    if (rows.length < pageSize) break;
    after = rows.at(-1)!.get('id') as string;
  }
  for (let after = { afterFrom: '', afterType: '', afterId: '' }; ;) {
    const rows = await read('export/fact-page', ['a', 'b'], after, ['r']);
    covered.facts.push(...rows.map((record) => toFact(record.toObject() as FactRecord)));
    if (rows.length < pageSize) break;
    const last = rows.at(-1)!;
    after = {
      afterFrom: last.get('from') as string,
      afterType: last.get('type') as string,
      afterId: last.get('id') as string,
    };
  }
  return covered;
}
