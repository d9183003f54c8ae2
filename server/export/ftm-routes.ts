/**
 * `POST /api/export/ftm` {entities: [ids]}: the canvas as FollowTheMoney entity lines, as a
 * download. It holds the given entities, every fact among them, and the sources they cite (so each
 * FtM `proof` points at a Document in the file); ids that are not case entities are skipped, as
 * the subgraph route skips them. Read-only: two bounded reads, no Cypher from the request.
 */
import { Router } from 'express';
import type { Driver } from 'neo4j-driver';
import { z } from 'zod';
import { caseToFtm } from '../ftm/case-to-ftm.js';
import { formatFtmLines } from '../ftm/ftm-lines.js';
import type { AppStore } from '../app-store/app-store.js';
import { requireIdentity } from '../auth/identity.js';
import { NotFoundError } from '../errors.js';
import { parseBody } from '../http/validation.js';
import { openableWorkspace } from '../workspaces/workspace-store.js';
import { WORKSPACE_ID } from '../workspaces/workspaces-schemas.js';
import { keySchema } from '../mapping/keys.js';
import { caseStatement, type CaseDocument, type CaseModel } from '../model/model.js';
import {
  isPlainSource,
  toEntity,
  toFact,
  toSource,
  type FactRecord,
  type NodeRecord,
} from './export-rows.js';

/** As many ids as a canvas may hold when it is reopened (`MAX_SUBGRAPH_KEYS`) and more: exports are rarer. */
export const MAX_FTM_EXPORT_IDS = 2_000;

export const ftmExportBody = z.strictObject({
  entities: z
    .array(keySchema)
    .min(1, 'name at least one entity')
    .max(MAX_FTM_EXPORT_IDS, `at most ${MAX_FTM_EXPORT_IDS} entities`),
});

export interface FtmExportDeps {
  driver: Driver;
  database: string;
  model: CaseModel;
}

/** The selection as a case document: the entities, the facts among them, the sources they cite. */
export async function selectionDocument(deps: FtmExportDeps, ids: readonly string[]): Promise<CaseDocument> {
  const read = async (name: string, nodes: string[], facts: string[], params: Record<string, unknown>) =>
    (
      await deps.driver.executeQuery(caseStatement(name, nodes, facts), params, {
        database: deps.database,
        routing: 'READ',
      })
    ).records.map((record) => record.toObject());
  const unique = [...new Set(ids)];
  const nodes = (await read('export/ftm-nodes', ['n'], [], { ids: unique })) as NodeRecord[];
  const facts = ((await read('export/ftm-facts', ['a', 'b'], ['r'], { ids: unique })) as FactRecord[]).map(
    toFact,
  );
  const entities = nodes.filter((row) => !isPlainSource(row)).map((row) => toEntity(deps.model, row));
  const sourceRows = nodes.filter(isPlainSource);
  const have = new Set(sourceRows.map((row) => row.id));
  const cited = [...new Set([...entities, ...facts].flatMap((e) => e.sources))].filter((id) => !have.has(id));
  if (cited.length > 0) {
    const more = (await read('export/ftm-nodes', ['n'], [], { ids: cited })) as NodeRecord[];
    // A cited document that is more than a plain source (aliases, own citations) comes as an entity.
    for (const row of more)
      if (isPlainSource(row)) sourceRows.push(row);
      else entities.push(toEntity(deps.model, row));
  }
  return {
    case: {
      id: 'case:canvas',
      title: 'Canvas export',
      summary: `${entities.length} entities and ${facts.length} facts.`,
    },
    sources: sourceRows.map(toSource),
    entities,
    facts: facts.map((f) => ({ ...f, properties: f.properties ?? {} })),
  };
}

/**
 * Mounts `POST /api/export/ftm` (the canvas) and `GET /api/workspaces/:id/export/ftm` (a saved
 * workspace the caller may open, read from the app store in `deps.store`).
 */
export function ftmExportRoutes(deps: FtmExportDeps & { store: AppStore }): Router {
  const router = Router();

  router.get('/workspaces/:id/export/ftm', async (req, res) => {
    const id = String(req.params.id ?? '');
    if (!WORKSPACE_ID.test(id)) throw new NotFoundError('No such workspace');
    const identity = requireIdentity(req);
    const workspace = await openableWorkspace(
      deps.store,
      { username: identity.username, admin: identity.role === 'admin' },
      id,
    );
    const document = await selectionDocument(
      deps,
      workspace.state.nodes.map((node) => node.id),
    );
    document.case = {
      id: 'case:workspace',
      title: workspace.name,
      summary: `Workspace "${workspace.name}": ${document.case.summary}`,
    };
    res.set({
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': 'attachment; filename="workspace.ftm.jsonl"',
      'Cache-Control': 'no-store',
    });
    res.send(formatFtmLines(caseToFtm(deps.model, document)));
  });

  router.post('/export/ftm', async (req, res) => {
    const { entities } = parseBody(ftmExportBody, req.body);
    const document = await selectionDocument(deps, entities);
    res.set({
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': 'attachment; filename="canvas.ftm.jsonl"',
      'Cache-Control': 'no-store',
    });
    res.send(formatFtmLines(caseToFtm(deps.model, document)));
  });
  return router;
}
