/**
 * fcose on a headless Cytoscape copy of the graph, returning positions only.
 * Runs inside the layout worker, or on the main thread when workers fail.
 * Pinned nodes are passed as fixed-position constraints.
 */
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { LayoutRequest } from './layout-protocol.js';

cytoscape.use(fcose);

/** The same computation, callable on the main thread when workers are unavailable. */
export function computeFcose(req: LayoutRequest): Record<string, { x: number; y: number }> {
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: 'node', style: { width: 'data(size)', height: 'data(size)' } }],
    elements: [
      ...req.nodes.map((n) => ({
        group: 'nodes' as const,
        data: { id: n.id, size: n.size },
        position: { x: n.x, y: n.y },
      })),
      ...req.edges.map((e) => ({
        group: 'edges' as const,
        data: { id: e.id, source: e.source, target: e.target },
      })),
    ],
  });
  const fixed = req.nodes.filter((n) => n.fixed).map((n) => ({ nodeId: n.id, position: { x: n.x, y: n.y } }));
  cy.layout({
    name: 'fcose',
    quality: req.nodes.length > 2000 ? 'draft' : 'default',
    randomize: fixed.length === 0,
    animate: false,
    fit: false,
    nodeDimensionsIncludeLabels: false,
    nodeRepulsion: 6500,
    idealEdgeLength: 90,
    nodeSeparation: 90,
    packComponents: true,
    ...(fixed.length ? { fixedNodeConstraint: fixed } : {}),
  } as cytoscape.LayoutOptions).run();
  const positions: Record<string, { x: number; y: number }> = {};
  cy.nodes().forEach((n) => {
    const p = n.position();
    positions[n.id()] = { x: Math.round(p.x), y: Math.round(p.y) };
  });
  cy.destroy();
  return positions;
}
