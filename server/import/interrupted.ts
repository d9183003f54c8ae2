/**
 * When an import counts as interrupted: the rule the recovery sweep applies to each run record.
 * Pure, so it is unit-tested without a database.
 *
 * A run is alive while its importer refreshes the heartbeat (every batch, and a timer between
 * batches). It is interrupted when the heartbeat is older than `staleAfterMs`, or at once when it
 * was started on this host by another process that no longer exists (a killed CLI import, a
 * crashed replica): waiting 30 s for a heartbeat from a process that is gone only leaves its
 * batches in the graph for longer.
 */

/** Who runs an import: stored on its run record. */
export interface Importer {
  host: string;
  pid: number;
  /** Random per process: a pid can be reused by an unrelated process after a crash. */
  processId: string;
}

/** What the sweep reads of one run record. */
export interface RunRecord {
  id: string;
  status: string;
  host: string | null;
  pid: number | null;
  processId: string | null;
  heartbeatAgeMs: number;
  /** A committing run that is to be kept for undo once published. */
  keep: boolean;
}

/** How long a run may go without a heartbeat before another process rolls it back. */
export const INTERRUPTED_AFTER_MS = 30_000;

/** True when `run` should be rolled back by `self`. */
export function isInterrupted(
  run: RunRecord,
  self: Importer,
  staleAfterMs: number,
  isProcessAlive: (pid: number) => boolean,
): boolean {
  // Whoever rolls a run back or commits it heartbeats too; 'undoable' runs are finished.
  if (!['running', 'rolling-back', 'committing'].includes(run.status)) return false;
  if (run.heartbeatAgeMs >= staleAfterMs) return true;
  if (run.processId === self.processId) return false;
  return run.host === self.host && run.pid !== null && !isProcessAlive(run.pid);
}

/** Whether a process with this pid exists on this host (signal 0 checks without sending). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
