/**
 * Saved queries: the read-only library (`lib:…`) and users' own (`uq:…`).
 *   GET    /api/queries          library + own + shared
 *   GET    /api/queries/:id
 *   POST   /api/queries          save a new one (201)
 *   PUT    /api/queries/:id      replace one's own (library: 403)
 *   DELETE /api/queries/:id      delete one's own (library: 403)
 *   POST   /api/queries/:id/run  {params, timeoutMs?, rowLimit?} → QueryRunResult
 * A query is checked when saved (the gate and Neo4j's EXPLAIN) and again on every run, under the
 * same rules as the console.
 */
import { Router } from 'express';
import { setRunDetails } from '../audit/audit-trail.js';
import neo4j from 'neo4j-driver';
import type { AppStore } from '../app-store/app-store.js';
import type {
  JsonValue,
  QueryParameterSpec,
  QueryRunResult,
  SavedQuery,
  SavedQueryList,
} from '../contract.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { checkReadOnlyCypher } from '../user-cypher/gate.js';
import { checkCypherLength } from '../user-cypher/limits.js';
import { explainUserCypher, type PlannerOptions } from '../user-cypher/read-runner.js';
import type { ExplorerContext } from '../graph/context.js';
import type { UserCypherContext } from '../user-cypher/run-slots.js';
import { parseBody, parseRequestParams } from '../http/validation.js';
import { requestUser } from '../http/request-user.js';
import { mergedPayload } from '../merge/merged-reads.js';
import { viewQuery } from '../merge/merge-schemas.js';
import { LIBRARY_ID_PREFIX, loadLibrary } from './library.js';
import { validateRunParameters } from './parameters.js';
import { idParams, runBody, savedQueryBody } from './queries-schemas.js';
import {
  createSavedQuery,
  deleteSavedQuery,
  getSavedQuery,
  listSavedQueries,
  updateSavedQuery,
  USER_QUERY_ID_PREFIX,
  type SavedQueryFields,
} from './store.js';

/**
 * Checks a query before it is stored: it must pass the gate, declare every $parameter it uses,
 * name only known entity types, and be read-only by Neo4j's own EXPLAIN. Problems are 422s
 * (400 for a syntax error, with its position).
 */
async function checkSavable(context: ExplorerContext, fields: SavedQueryFields): Promise<void> {
  const gate = checkReadOnlyCypher(fields.cypher);
  if (!gate.ok) {
    throw new AppError(422, 'CYPHER_NOT_ALLOWED', gate.reason, gate.position);
  }
  const declared = new Set(fields.parameters.map((spec) => spec.name));
  const undeclared = gate.parameters.filter((name) => !declared.has(name));
  if (undeclared.length > 0) {
    throw new ValidationError(`The query uses undeclared parameters: ${undeclared.join(', ')}`, {
      undeclared,
    });
  }
  const entityTypes = [...new Set(fields.parameters.flatMap((spec) => spec.entityTypes ?? []))];
  try {
    await context.names.labels(entityTypes, 'entityTypes');
  } catch (error) {
    if (error instanceof AppError) throw new ValidationError(error.message, error.details);
    throw error;
  }
  const placeholders = Object.fromEntries(fields.parameters.map((spec) => [spec.name, placeholder(spec)]));
  try {
    await explainUserCypher(context, fields.cypher, placeholders);
  } catch (error) {
    if (error instanceof AppError && error.code === 'CYPHER_NOT_ALLOWED') {
      throw new AppError(422, error.code, error.message, error.details);
    }
    throw error;
  }
}

/**
 * A value of the right type for EXPLAIN at save time (Neo4j checks some parameters, such as a
 * LIMIT's, while planning): the default when there is one, else a neutral value of the type.
 */
function placeholder(spec: QueryParameterSpec): unknown {
  const neutral: Record<QueryParameterSpec['type'], JsonValue> = {
    string: spec.options?.[0] ?? '',
    integer: spec.min !== undefined ? Math.ceil(spec.min) : 1,
    number: spec.min ?? 0,
    boolean: false,
    date: '2000',
    entity: '',
    'string[]': [],
  };
  const value = spec.default ?? neutral[spec.type];
  return spec.type === 'integer' && typeof value === 'number' ? neo4j.int(value) : value;
}

/** A query the user may see, or 404 (someone else's private query does not exist for them). */
async function visibleQuery(store: AppStore, id: string, user: string): Promise<SavedQuery> {
  if (id.startsWith(LIBRARY_ID_PREFIX)) {
    const found = loadLibrary().find((query) => query.id === id);
    if (found) return found;
  } else if (id.startsWith(USER_QUERY_ID_PREFIX)) {
    const found = await getSavedQuery(store, id);
    if (found && (found.owner === user || found.visibility === 'shared')) return found;
  }
  throw new NotFoundError(`No saved query ${JSON.stringify(id)}`);
}

/** A query the user may change: their own; the library and others' queries are read-only. */
async function ownQuery(store: AppStore, id: string, user: string): Promise<SavedQuery> {
  const query = await visibleQuery(store, id, user);
  if (query.origin === 'library') {
    throw new ForbiddenError('LIBRARY_READ_ONLY', 'Library queries are read-only; save a copy to change it');
  }
  if (query.owner !== user) {
    throw new ForbiddenError('NOT_OWNER', 'Only the owner can change or delete this query');
  }
  return query;
}

/**
 * Mounts the saved-query routes: users' queries live in the app store, runs go to the graph. The
 * library is read (and checked) here, at start-up.
 */
/** Mounts the saved-query routes; runs go through `runner` (the user-Cypher pool and slots). */
export function queriesRoutes(context: ExplorerContext, store: AppStore, runner: UserCypherContext): Router {
  loadLibrary();
  const router = Router();

  router.get('/queries', async (req, res) => {
    const user = requestUser(req);
    const body: SavedQueryList = { queries: [...loadLibrary(), ...(await listSavedQueries(store, user))] };
    res.json(body);
  });

  router.get('/queries/:id', async (req, res) => {
    const { id } = parseRequestParams(idParams, req.params);
    res.json(await visibleQuery(store, id, requestUser(req)));
  });

  router.post('/queries', async (req, res) => {
    const user = requestUser(req);
    checkCypherLength(req.body);
    const fields = parseBody(savedQueryBody, req.body) as SavedQueryFields;
    await checkSavable(context, fields);
    res.status(201).json(await createSavedQuery(store, user, fields));
  });

  router.put('/queries/:id', async (req, res) => {
    const { id } = parseRequestParams(idParams, req.params);
    const user = requestUser(req);
    await ownQuery(store, id, user);
    checkCypherLength(req.body);
    const fields = parseBody(savedQueryBody, req.body) as SavedQueryFields;
    await checkSavable(context, fields);
    const updated = await updateSavedQuery(store, id, fields);
    if (!updated) throw new NotFoundError(`No saved query ${JSON.stringify(id)}`);
    res.json(updated);
  });

  router.delete('/queries/:id', async (req, res) => {
    const { id } = parseRequestParams(idParams, req.params);
    await ownQuery(store, id, requestUser(req));
    await deleteSavedQuery(store, id);
    res.status(204).end();
  });

  router.post('/queries/:id/run', async (req, res) => {
    const { id } = parseRequestParams(idParams, req.params);
    const query = await visibleQuery(store, id, requestUser(req));
    const body = parseBody(runBody, req.body);
    const { view } = parseRequestParams(viewQuery, req.query);
    const values = validateRunParameters(query.parameters, body.params);
    // The slot is held until the answer is written: serialising it is part of the run's cost.
    await runner.slots.run(requestUser(req), async () => {
      const answer = await runner.runner.run({
        cypher: query.cypher,
        params: values,
        specs: query.parameters,
        limits: { timeoutMs: body.timeoutMs, rowLimit: body.rowLimit },
        // Only the library's own files carry planner options; a user query's are never read.
        planner:
          query.origin === 'library' ? (query.plannerOptions as PlannerOptions | undefined) : undefined,
      });
      setRunDetails(res, answer, values);
      res.type('json').send(view === 'merged' ? await mergedRunJson(context, answer.json) : answer.json);
    });
  });

  return router;
}

/**
 * A run's answer (JSON text from the runner) with its graph part in the merged view; the text as
 * it was when nothing is merged, so a graph without judgements pays nothing.
 */
async function mergedRunJson(context: ExplorerContext, json: string): Promise<string> {
  if ((await context.identity.state()).canonical.size === 0) return json;
  const answer = JSON.parse(json) as QueryRunResult;
  return JSON.stringify({ ...answer, graph: await mergedPayload(context, answer.graph) });
}
