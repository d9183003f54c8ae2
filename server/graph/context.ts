/**
 * What the explorer's features share: where the graph is, the model, the mapper and the name
 * allowlist. `createApp` makes one with `explorerContext` and hands it to every router that
 * reads the case graph (graph, search, saved queries, console, workspaces).
 */
import type { GraphTarget } from '../db/graph-target.js';
import { GraphMapper } from '../mapping/graph-mapper.js';
import { loadModel, type CaseModel } from '../model/model.js';
import { loadCypher } from '../cypher-files.js';
import { SchemaNames } from './schema-names.js';

export interface ExplorerContext extends GraphTarget {
  model: CaseModel;
  mapper: GraphMapper;
  names: SchemaNames;
}

/** Makes the context for `target`; the model file and the Cypher files are read here, at start-up. */
export function explorerContext(target: GraphTarget): ExplorerContext {
  loadCypher();
  const model = loadModel();
  return {
    driver: target.driver,
    database: target.database,
    model,
    mapper: new GraphMapper(model),
    names: new SchemaNames(target.driver, target.database, model),
  };
}
