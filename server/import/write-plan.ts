/**
 * What the staged writer is given and what it reports: rows, counts, progress and options. Shared
 * by the writer's parts (`staged-writer.ts`, `batch-writers.ts`, `staging.ts`) and their callers.
 */
import type { CaseModel } from '../model/model.js';

export type PropertyMap = Record<string, unknown>;

export interface NodeRow {
  type: string;
  id: string;
  props: PropertyMap;
}

export interface FactRow {
  type: string;
  id: string;
  from: string;
  to: string;
  props: PropertyMap;
}

export interface WritePlan {
  nodes: NodeRow[];
  facts: FactRow[];
}

export interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface WriteResult {
  importId: string;
  nodes: Record<string, WriteCounts>;
  facts: WriteCounts;
}

export interface WriteProgress {
  phase: 'nodes' | 'facts' | 'commit' | 'rollback';
  done: number;
  total: number;
}

/**
 * Rows per transaction. With two batches in flight, 2,500 to 5,000 rows measured best; 10,000 and
 * 20,000 were slower (less overlap between serialising one batch and writing the other).
 */
export const DEFAULT_BATCH_SIZE = 5_000;
/**
 * Batches in flight at once. Two keep both Neo4j and this process busy (one serialises the next
 * batch while the other is written) on a two-core machine; more only queue on the same cores.
 */
export const DEFAULT_CONCURRENCY = 2;

export interface WriteOptions {
  database: string;
  batchSize?: number;
  /** Batches written at once, each in its own transaction (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** The model: the only labels and relationship types the writer splices into Cypher. */
  model: CaseModel;
  onProgress?: (progress: WriteProgress) => void;
  /** Keep the staging records on success, so the import can be undone (see staging.ts). */
  keepForUndo?: boolean;
}

export function emptyCounts(): WriteCounts {
  return { created: 0, updated: 0, unchanged: 0 };
}

/** Element ids of the nodes this import created, by `id`: facts find their ends by id seek. */
export type ElementIds = Map<string, string>;
