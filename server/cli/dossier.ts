/**
 * `npm run dossier -- [--workspace ID | --entities id,id] [--title TEXT] FILE` (or `-` for standard
 * output): the dossier (server/dossier/), one self-contained HTML file to read or print to PDF.
 * By default it covers the whole case; `--entities` the named entities and the facts among them;
 * `--workspace` a saved workspace, seen as its owner sees it (positions and notes included).
 * Exit 0 done, 2 bad usage, path or workspace, 1 failure.
 */
import { parseArgs } from 'node:util';
import { MAX_FTM_EXPORT_IDS } from '../export/ftm-routes.js';
import { keySchema } from '../mapping/keys.js';
import { NotFoundError } from '../errors.js';
import { caseDossier, selectionDossier, workspaceDossier } from '../dossier/load-dossier.js';
import { renderDossier, type DossierInput } from '../dossier/render-dossier.js';
import { workspaceOwner } from '../workspaces/workspace-store.js';
import { WORKSPACE_ID } from '../workspaces/workspaces-schemas.js';
import { cliActor, openCliAuditOrExit } from './cli-audit.js';
import { openOutputOrExit } from './output-file.js';
import { withAppStore } from './with-app-store.js';
import { runGraphTask } from './with-graph.js';

const USAGE =
  'usage: npm run dossier -- [--workspace ID | --entities id,id,...] [--title TEXT] FILE.html | -\n' +
  '       (default: the whole case; - writes to standard output)';

let target: string;
let workspace: string | undefined;
let entities: string[] | undefined;
let title: string | undefined;
try {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: {
      workspace: { type: 'string' },
      entities: { type: 'string' },
      title: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new Error('give exactly one output file');
  if (values.workspace !== undefined && values.entities !== undefined)
    throw new Error('give --workspace or --entities, not both');
  if (values.workspace !== undefined && !WORKSPACE_ID.test(values.workspace))
    throw new Error(`"${values.workspace}" is not a workspace id (ws:…)`);
  if (values.entities !== undefined) {
    const ids = values.entities
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    if (ids.length === 0) throw new Error('--entities names no entity: give ids separated by commas');
    if (ids.length > MAX_FTM_EXPORT_IDS)
      throw new Error(`--entities takes at most ${MAX_FTM_EXPORT_IDS} ids`);
    for (const id of ids) {
      const checked = keySchema.safeParse(id);
      if (!checked.success) throw new Error(`entity id "${id}" ${checked.error.issues[0]!.message}`);
    }
    entities = ids;
  }
  if (values.title !== undefined && values.title.trim() === '') throw new Error('--title must not be empty');
  workspace = values.workspace;
  title = values.title?.trim();
  target = positionals[0]!;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

const output = openOutputOrExit(target);

// Case data leaving the system in a readable report is worth a line in the audit trail, as an export.
const audit = await openCliAuditOrExit(() => output.abort());

await runGraphTask(async (graph) => {
  try {
    const generatedBy = cliActor();
    const options = { generatedBy, ...(title !== undefined ? { title } : {}) };
    const input: DossierInput = await withAppStore(async (store) => {
      const deps = { ...graph, store };
      if (workspace !== undefined) {
        // The command line reads a workspace as its owner would: whoever runs it holds the store anyway.
        const owner = await workspaceOwner(store, workspace);
        if (owner === undefined) throw new NotFoundError(`No such workspace: ${workspace}`);
        return workspaceDossier(deps, { username: owner, admin: false }, workspace, options);
      }
      if (entities !== undefined) return selectionDossier(deps, entities, options);
      return caseDossier(deps, options);
    });
    await output.write(renderDossier(input));
    await output.finish();
    const summary = { entities: input.entities.length, facts: input.facts.length, notes: input.notes.length };
    await audit.record('cli.dossier', workspace ?? target, { ...summary, scope: input.scope });
    await audit.close();
    console.error(
      `Wrote the dossier of ${input.title}: ${summary.entities} entities, ${summary.facts} facts and ${summary.notes} notes to ${output.name}`,
    );
    return 0;
  } catch (error) {
    output.abort();
    await audit.close().catch(() => {});
    throw error;
  }
});
