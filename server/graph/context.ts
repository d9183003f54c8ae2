/**
 * What the explorer's features share: where the graph is, the model, the mapper and the name
 * allowlist. `createApp` makes one with `explorerContext` and hands it to every router that
 * reads the case graph (graph, search, saved queries, console, workspaces).
 */
import type { GraphTarget } from '../db/graph-target.js';
import { GraphMapper } from '../mapping/graph-mapper.js';
import { caseRelationshipTypeNames, loadModel, type CaseModel } from '../model/model.js';
import { fillTemplate, loadCypher, quoteName } from '../cypher-files.js';
import { caseDataSlots, caseFactSlots } from '../model/case-data.js';
import { FactIdIndexes } from './fact-id-indexes.js';
import { SchemaNames } from './schema-names.js';
import { SearchCoverageReader } from '../search/search-coverage.js';
import { SourceDates } from './source-dates.js';
import type { GraphChanges } from '../graph-state/graph-state.js';
import { IdentityClusters } from '../merge/identity-clusters.js';

export interface ExplorerContext extends GraphTarget {
  model: CaseModel;
  mapper: GraphMapper;
  names: SchemaNames;
  /** What the full-text index covers and which labels search must scan (cached briefly). */
  searchCoverage: SearchCoverageReader;
  /** Relationship types whose neighbour pages may seek the `id` index (cached briefly). */
  factIdIndexes: FactIdIndexes;
  /** Source dates, for each fact's recorded date (cached per graph version). */
  sourceDates: SourceDates;
  /** The clusters of entities judged the same, for the merged view (cached per graph version). */
  identity: IdentityClusters;
  /**
   * The fact look-up by `id` across all model relationship types (undefined when the model has
   * none): one UNION ALL branch per type, each an index seek on that type's fact-id constraint.
   * Built once here, since it depends only on the model, not on each request.
   */
  factByIdStatement: string | undefined;
}

/**
 * Makes the context for `target`; the model file and the Cypher files are read here, at start-up.
 * `changes` tells its caches of this app's own writes.
 */
export function explorerContext(target: GraphTarget, changes?: GraphChanges): ExplorerContext {
  loadCypher();
  const model = loadModel();
  const names = new SchemaNames(target.driver, target.database, model);
  return {
    driver: target.driver,
    database: target.database,
    model,
    mapper: new GraphMapper(model),
    names,
    searchCoverage: new SearchCoverageReader(target, names),
    factIdIndexes: new FactIdIndexes(target.driver, target.database),
    sourceDates: new SourceDates(target, changes),
    identity: new IdentityClusters(target, changes),
    factByIdStatement: factByIdStatement(model),
  };
}

function factByIdStatement(model: CaseModel): string | undefined {
  // Only case types have fact ids a constraint guards; a graph's own types are found by element id.
  const types = caseRelationshipTypeNames(model).sort();
  if (types.length === 0) return undefined;
  return types
    .map((relType) =>
      fillTemplate('graph/fact-by-id-branch', {
        relType: quoteName(relType),
        ...caseDataSlots('a', 'b'),
        ...caseFactSlots('r'),
      }),
    )
    .join('\nUNION ALL\n');
}
