/** Messages between the canvas and the layout worker. */
export interface LayoutRequest {
  requestId: number;
  /**
   * `size` is the node's drawn diameter; `width`/`height`, when given, are the
   * box of the node with its label (model units at zoom 1), so layouts can
   * keep labels apart, not only the nodes.
   */
  nodes: {
    id: string;
    x: number;
    y: number;
    size: number;
    width?: number;
    height?: number;
    fixed?: boolean;
  }[];
  edges: { id: string; source: string; target: string }[];
}

export type LayoutResponse =
  | { requestId: number; positions: Record<string, { x: number; y: number }> }
  | { requestId: number; error: string };

/** The layouts the toolbar offers; `preset` means "as placed". */
export const LAYOUTS = [
  { name: 'fcose', label: 'Force-directed' },
  { name: 'concentric', label: 'Concentric (by degree)' },
  { name: 'breadthfirst', label: 'Hierarchical' },
  { name: 'grid', label: 'Grid' },
] as const;

export type LayoutName = (typeof LAYOUTS)[number]['name'] | 'preset';
