/**
 * Explorer entry point: wiring only. Builds the canvas, the explorer and the
 * panels, binds the toolbar and the keyboard, and follows `#w=` / `#s=` links.
 */
import './styles.css';
import type { ModelResponse, PathMode } from '../../server/contract.js';
import { api, onUnauthenticated } from './api.js';
import { Canvas } from './canvas.js';
import { $ } from './dom.js';
import { statusLine } from './filters.js';
import { Explorer } from './explorer.js';
import { shortcutFor } from './keyboard.js';
import type { LayoutName } from './layout-protocol.js';
import { createContextMenu } from './panels/context-menu.js';
import { createDetailsPanel } from './panels/details.js';
import { createBundleLayer } from './panels/bundle-layer.js';
import { createLegendFilters } from './panels/legend-filters.js';
import { createTimelinePanel } from './panels/timeline.js';
import { createLoadProgress } from './panels/load-progress.js';
import { createAblationBanner } from './panels/ablation-banner.js';
import { openBackgroundMenu, openEdgeMenu, openNodeMenu } from './panels/node-menu.js';
import { createHelpDialog, createLoadingBar, createToasts, watchReadiness } from './panels/notices.js';
import { createEntitySearch } from './panels/search.js';
import { createSignIn } from './panels/sign-in.js';
import { createTokensDialog } from './panels/tokens.js';
import { makeResizable } from './panels/drawer-resize.js';
import { renderUserMenu } from './panels/user-menu.js';
import type { QueriesPanel } from './panels/queries.js';
import type { ExportKind } from './panels/export.js';
import { createStyleRulesPanel } from './panels/style-rules-panel.js';
import { accessFor, type Access } from './permissions.js';
import { createWorkspacesDialog } from './panels/workspaces.js';
import { decodeState, parseHash } from './url-state.js';

const params = new URLSearchParams(location.search);
const menu = createContextMenu();
const toasts = createToasts($('#toasts'));
createLoadingBar($('#loading-bar'));

// The canvas reports events to the explorer, which needs the canvas: one late binding.
// eslint-disable-next-line prefer-const
let explorer: Explorer;
const canvas = new Canvas(
  $('#canvas'),
  null,
  {
    nodeTap: (id) => explorer.select({ kind: 'node', id }),
    edgeTap: (id) => explorer.select({ kind: 'edge', id }),
    nodeDoubleTap: (id) => void explorer.expand(id),
    backgroundTap: () => {
      canvas.clearHighlight();
      explorer.select({ kind: 'none' });
    },
    contextMenu: (target, at) => {
      if (target.kind === 'node') openNodeMenu(menu, explorer, target.id, at);
      else if (target.kind === 'edge') openEdgeMenu(menu, explorer, target.id, at);
      else openBackgroundMenu(menu, explorer, at);
    },
    moved: (command) => explorer.recordMove(command),
  },
  params.get('webgl') === '1' || localStorage.getItem('casegraph.webgl') === '1',
);
explorer = new Explorer(canvas, null);
// Exposed for the browser tests and for debugging from the console; nothing reads it.
(window as unknown as { casegraph: unknown }).casegraph = { explorer, canvas };

// What the signed-in user may do; the least role until someone signs in (the dialog is modal).
let access: Access = accessFor({ role: 'investigator', via: 'session' });
let signedInAs: string | null = null;
const details = createDetailsPanel($('#details'), explorer, () => access);
// The timeline drawer is the one time control; the legend's Time section opens it.
const timelineBtn = $('#timeline-btn');
const timelineDrawer = $('#timeline-drawer');
const timeline = createTimelinePanel($('#timeline-body'), explorer);
const toggleTimeline = (open = timelineDrawer.hidden) => {
  timelineDrawer.hidden = !open;
  timelineBtn.setAttribute('aria-expanded', String(open));
  canvas.cy.resize();
  timeline.setOpen(open);
};
timelineBtn.addEventListener('click', () => toggleTimeline());
$('#timeline-close').addEventListener('click', () => {
  toggleTimeline(false);
  timelineBtn.focus();
});
createLegendFilters($('#legend'), explorer, () => {
  toggleTimeline(true);
  // The histogram (the brush) when there are dated facts, else the first control.
  const target = timelineDrawer.querySelector<HTMLElement>('#tl-hist') ?? $('#tl-play', timelineDrawer);
  target.focus();
});
createLoadProgress($('#canvas-wrap'), explorer);
createAblationBanner($('#canvas-wrap'), explorer);
createBundleLayer(explorer);
const help = createHelpDialog();
const workspaces = createWorkspacesDialog(explorer, () => access);
const tokens = createTokensDialog();

const search = createEntitySearch({
  label: 'Search entities',
  placeholder: 'Search people, companies, devices…  ( / )',
  model: () => explorer.model,
  onChoose: (hit) => void explorer.addEntity(hit.id),
});
search.input.id = 'main-search';
$('#search-slot').appendChild(search.root);

// ---------------------------------------------------------------- events → panels

explorer.events.on('select', (s) => details.show(s));
explorer.events.on('paths', ({ from, to, result, alternatives }) =>
  details.showPaths(from, to, result, alternatives),
);
// An ablation marks the paths listed (asking the server for the survivors) or redraws the
// source buttons of the entity or fact shown.
explorer.events.on('ablation', () => {
  if (details.showingPaths()) void explorer.refreshPaths();
  else details.refresh();
});
explorer.events.on('toast', (t) => toasts.show(t.message, t.kind, t.action));

const emptyState = $('#empty-state');
const canvasStatus = $('#canvas-status');
const updateStatus = () => {
  emptyState.hidden = canvas.nodeCount() > 0;
  canvasStatus.textContent = statusLine(canvas.counts());
};
explorer.events.on('graph', updateStatus);
// Filters change what is drawn without adding or removing anything: the line must follow them too.
explorer.events.on('filters', updateStatus);

// Long actions (layouts, expansions) show what is happening over the canvas.
const canvasWrap = $('#canvas-wrap');
const canvasBusy = $('#canvas-busy');
const busy = new Map<string, number>();
explorer.events.on('busy', ({ what, on }) => {
  busy.set(what, Math.max(0, (busy.get(what) ?? 0) + (on ? 1 : -1)));
  const active = [...busy].filter(([, n]) => n > 0).map(([w]) => w);
  canvasWrap.setAttribute('aria-busy', String(active.length > 0));
  canvasBusy.hidden = active.length === 0;
  canvasBusy.textContent = active.length ? `Working: ${active[0]}…` : '';
});

const pathBar = $('#path-bar');
const pathText = $('#path-text');
explorer.events.on('pathPick', ({ from, to }) => {
  const end = from ?? to;
  pathBar.hidden = !end;
  if (end) {
    pathText.textContent = from
      ? `Path from ${explorer.label(from)}: right-click another entity and choose “Path to here”.`
      : `Path to ${explorer.label(to!)}: right-click another entity and choose “Path from here”.`;
  }
});
$<HTMLSelectElement>('#path-mode').addEventListener('change', (e) => {
  explorer.pathMode = (e.target as HTMLSelectElement).value as PathMode;
});
$('#path-cancel').addEventListener('click', () => explorer.cancelPath());

// ---------------------------------------------------------------- toolbar

const layoutSelect = $<HTMLSelectElement>('#layout-select');
const undoBtn = $<HTMLButtonElement>('#undo-btn');
const redoBtn = $<HTMLButtonElement>('#redo-btn');
explorer.history.onChange((s) => {
  undoBtn.disabled = !s.canUndo;
  redoBtn.disabled = !s.canRedo;
  undoBtn.title = s.undoLabel ? `Undo ${s.undoLabel} (Ctrl+Z)` : 'Nothing to undo';
  redoBtn.title = s.redoLabel ? `Redo ${s.redoLabel} (Ctrl+Shift+Z)` : 'Nothing to redo';
  layoutSelect.value = canvas.layoutName;
});
undoBtn.addEventListener('click', () => explorer.undo());
redoBtn.addEventListener('click', () => explorer.redo());
$('#fit-btn').addEventListener('click', () => canvas.fit());

layoutSelect.addEventListener('change', () => {
  const name = layoutSelect.value as LayoutName;
  if (name !== 'preset') void explorer.layout(name);
});

$('#help-btn').addEventListener('click', () => help.open());
$('#workspaces-btn').addEventListener('click', () => workspaces.open());

const exportBtn = $('#export-btn');
exportBtn.addEventListener('click', () => {
  const r = exportBtn.getBoundingClientRect();
  const exportAs = async (kind: ExportKind) => {
    try {
      const { runExport } = await import('./panels/export.js');
      explorer.info(`Saved ${await runExport(kind, explorer)}.`);
    } catch (err) {
      explorer.error(err, 'export');
    }
  };
  // exportAs reports its own failures, so the menu need not wait for it.
  const run = (kind: ExportKind) => () => void exportAs(kind);
  menu.open({ x: r.left, y: r.bottom + 4 }, 'Export', [
    { label: 'Image (PNG)', run: run('png'), testId: 'export-png' },
    { label: 'Drawing (SVG)', run: run('svg'), testId: 'export-svg' },
    { label: 'Graph (JSON)', run: run('json'), testId: 'export-json' },
    { label: 'GraphML', run: run('graphml'), testId: 'export-graphml' },
    { label: 'GEXF (Gephi)', run: run('gexf'), testId: 'export-gexf' },
    { label: 'FollowTheMoney (FtM lines)', run: run('ftm'), testId: 'export-ftm' },
    { label: 'Dossier (HTML)', run: run('dossier'), testId: 'export-dossier' },
    { label: 'Query table (CSV)', disabled: !explorer.lastTable, run: run('csv'), testId: 'export-csv' },
  ]);
});

// The queries drawer and its code load on first use.
const queriesBtn = $('#queries-btn');
const drawer = $('#queries-drawer');
let queriesLoaded = false;
let queriesPanel: QueriesPanel | null = null;
const toggleQueries = async (open = drawer.hidden) => {
  drawer.hidden = !open;
  queriesBtn.setAttribute('aria-expanded', String(open));
  canvas.cy.resize();
  if (open && !queriesLoaded) {
    queriesLoaded = true;
    const { createQueriesPanel } = await import('./panels/queries.js');
    queriesPanel = createQueriesPanel(
      $('#queries-body'),
      explorer,
      () => access,
      () => signedInAs,
    );
  }
};
// The canvas table drawer: its code loads on first use, then it follows the canvas while open.
const tableBtn = $('#table-btn');
const tableDrawer = $('#table-drawer');
let canvasTable: import('./panels/canvas-table.js').CanvasTable | null = null;
// Style rules kept in this browser apply from the start; their form lives in the table drawer.
const styleRules = createStyleRulesPanel(explorer, $('#rule-legend'));
const toggleTable = async (open = tableDrawer.hidden) => {
  tableDrawer.hidden = !open;
  tableBtn.setAttribute('aria-expanded', String(open));
  canvas.cy.resize();
  if (open && !canvasTable) {
    const { createCanvasTable } = await import('./panels/canvas-table.js');
    canvasTable = createCanvasTable($('#table-body'), explorer, styleRules.form);
  }
  canvasTable?.setOpen(open);
};
tableBtn.addEventListener('click', () => void toggleTable());
$('#table-close').addEventListener('click', () => {
  void toggleTable(false);
  tableBtn.focus();
});
makeResizable(tableDrawer, 'casegraph.tableDrawerHeight', () => canvas.cy.resize());

// The map drawer: its code and the atlas load on first use, then it follows the canvas while open.
const mapBtn = $('#map-btn');
const mapDrawer = $('#map-drawer');
let mapView: import('./panels/map-view.js').MapView | null = null;
const toggleMap = async (open = mapDrawer.hidden) => {
  mapDrawer.hidden = !open;
  mapBtn.setAttribute('aria-expanded', String(open));
  canvas.cy.resize();
  if (open && !mapView) {
    const { createMapView } = await import('./panels/map-view.js');
    mapView = createMapView($('#map-body'), explorer);
  }
  mapView?.setOpen(open);
};
mapBtn.addEventListener('click', () => void toggleMap());
$('#map-close').addEventListener('click', () => {
  void toggleMap(false);
  mapBtn.focus();
});
makeResizable(mapDrawer, 'casegraph.mapDrawerHeight', () => canvas.cy.resize());

// Toasts sit at the bottom of the page: lift them above the open drawers, whatever their height,
// so an error never covers the query being written or the table being read.
const liftToasts = () => {
  const tops = [drawer, tableDrawer, mapDrawer, timelineDrawer]
    .filter((d) => !d.hidden)
    .map((d) => d.getBoundingClientRect().top);
  const lift = tops.length ? Math.max(0, window.innerHeight - Math.min(...tops)) : 0;
  document.body.style.setProperty('--drawer-height', `${lift}px`);
};
new ResizeObserver(liftToasts).observe(drawer);
new ResizeObserver(liftToasts).observe(tableDrawer);
new ResizeObserver(liftToasts).observe(mapDrawer);
new ResizeObserver(liftToasts).observe(timelineDrawer);
makeResizable(drawer, 'casegraph.drawerHeight', () => canvas.cy.resize());
window.addEventListener('resize', liftToasts);
queriesBtn.addEventListener('click', () => void toggleQueries());
$('#queries-close').addEventListener('click', () => {
  void toggleQueries(false);
  queriesBtn.focus();
});

// ---------------------------------------------------------------- keyboard

document.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement;
  if (target.closest('dialog, .context-menu')) return;
  if ((e.shiftKey && e.key === 'F10') || e.key === 'ContextMenu') {
    const id = canvas.selectedIds()[0];
    if (id && document.activeElement === $('#canvas')) {
      e.preventDefault();
      const p = canvas.cy.getElementById(id).renderedPosition();
      const box = $('#canvas').getBoundingClientRect();
      openNodeMenu(menu, explorer, id, { x: box.left + p.x, y: box.top + p.y });
    }
    return;
  }
  const inTextField = target.matches('input, textarea, select, [contenteditable="true"]');
  const action = shortcutFor({
    key: e.key,
    ctrlKey: e.ctrlKey,
    metaKey: e.metaKey,
    shiftKey: e.shiftKey,
    altKey: e.altKey,
    inTextField,
  });
  if (!action) return;
  // Buttons keep their own Enter/Space; the rest of the page shares the canvas shortcuts.
  const selected = canvas.selectedIds();
  switch (action) {
    case 'focus-search':
      search.focus();
      break;
    case 'escape':
      if (menu.isOpen()) menu.close();
      else {
        canvas.clearHighlight();
        explorer.cancelPath();
        toasts.clear();
      }
      break;
    case 'undo':
      explorer.undo();
      break;
    case 'redo':
      explorer.redo();
      break;
    case 'delete':
      if (!selected.length) return;
      explorer.remove(selected);
      break;
    case 'help':
      help.open();
      break;
    case 'fit':
      canvas.fit();
      break;
    case 'expand':
      if (!selected.length) return;
      selected.slice(0, 5).forEach((id) => void explorer.expand(id));
      break;
    case 'pin':
      if (!selected.length) return;
      explorer.pin(selected, !canvas.cy.getElementById(selected[0]!).locked());
      break;
    case 'select-all':
      canvas.cy.nodes(':visible').select();
      break;
  }
  e.preventDefault();
});

// ---------------------------------------------------------------- start-up

async function loadModel(): Promise<void> {
  try {
    const model: ModelResponse = await api.model();
    explorer.model = model;
    canvas.setModel(model);
    explorer.events.emit('graph', undefined);
  } catch (err) {
    explorer.error(err, 'load the data model (types are drawn with default styles)');
  }
}

async function followHash(): Promise<void> {
  const route = parseHash(location.hash);
  if (route.kind === 'workspace') {
    if (explorer.workspace?.id !== route.id) await workspaces.load(route.id);
  } else if (route.kind === 'state') {
    try {
      await explorer.loadState(decodeState(route.data));
    } catch (err) {
      explorer.error(err, 'open the link');
    }
  }
}
window.addEventListener('hashchange', () => void followHash());

let modelLoading = false;
const ensureModel = async () => {
  if (explorer.model || modelLoading) return;
  modelLoading = true;
  await loadModel().finally(() => (modelLoading = false));
};
const signIn = createSignIn((me) => {
  const roleChanged = me.role !== access.viewer.role || me.via !== access.viewer.via;
  access = accessFor(me);
  signedInAs = me.username;
  document.body.dataset.role = me.role;
  renderUserMenu($('#user-slot'), me, access, { openTokens: () => tokens.open() });
  if (roleChanged) void queriesPanel?.refresh();
  void ensureModel();
});
onUnauthenticated(() => signIn.open());
// A server that started before its database: fetch the model once the database is back.
watchReadiness($('#banner'), $('#db-status'), (ready) => {
  if (ready && !explorer.model && document.body.dataset.signedIn === 'true') void ensureModel();
});
explorer.events.emit('graph', undefined);
signIn
  .ensure()
  .then(async () => {
    document.body.dataset.signedIn = 'true';
    await ensureModel();
    await followHash();
  })
  .catch((err: unknown) => explorer.error(err, 'start'));

// Nothing may end up as an unhandled rejection in the console: report it instead.
window.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  explorer.error(e.reason);
});
