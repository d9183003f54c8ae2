/**
 * Entity parameters of saved queries: each must name an existing entity of an allowed type. Run
 * inside the query's own transaction (no second round trip), in the process or in a run worker.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import type { JsonValue, QueryParameterSpec } from '../contract.js';
import { ValidationError } from '../errors.js';
import { resolveNode } from '../graph/entity-service.js';
import type { GraphMapper } from '../mapping/graph-mapper.js';

/**
 * Entity parameters must name an existing entity of an allowed type; a 422 lists the ones that
 * do not, so the form can point at them.
 */
export async function checkEntityParameters(
  context: { mapper: GraphMapper },
  tx: Pick<ManagedTransaction, 'run'>,
  specs: readonly QueryParameterSpec[],
  values: Record<string, JsonValue>,
): Promise<void> {
  const issues: { path: string; message: string }[] = [];
  for (const spec of specs) {
    if (spec.type !== 'entity' || typeof values[spec.name] !== 'string') continue;
    const resolved = await resolveNode(tx, values[spec.name] as string);
    if (!resolved) {
      issues.push({ path: spec.name, message: 'no entity has this id' });
      continue;
    }
    const type = context.mapper.nodeType(resolved.node.labels);
    if (spec.entityTypes && spec.entityTypes.length > 0 && !spec.entityTypes.includes(type)) {
      issues.push({
        path: spec.name,
        message: `must be one of: ${spec.entityTypes.join(', ')} (is ${type})`,
      });
    }
  }
  if (issues.length > 0) {
    throw new ValidationError(
      `Invalid parameters: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      {
        issues,
      },
    );
  }
}
