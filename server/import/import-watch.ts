/**
 * The running server's watch over imports: every few seconds it looks for runs that were
 * interrupted (see `interrupted.ts`: a heartbeat stale for 30 s, or an importer process on this
 * host that is gone) and rolls them back, or finishes those that had fully written. Without it a
 * crashed CLI import or replica waited for the next import or a restart to be undone. Until then
 * readers never see the run's batches anyway: its elements are staged (`case-data.ts`).
 */
import type { Driver } from 'neo4j-driver';
import type { Logger } from '../logger.js';
import type { CaseModel } from '../model/model.js';
import { INTERRUPTED_AFTER_MS } from './interrupted.js';
import { recoverInterruptedImports } from './staging.js';

export interface ImportWatch {
  /** One look now (the timer's work); resolves when it is done. Never throws. */
  sweep(): Promise<string[]>;
  stop(): void;
}

export function watchImports(options: {
  driver: Driver;
  database: string;
  model: CaseModel;
  logger: Logger;
  everyMs?: number;
  staleAfterMs?: number;
}): ImportWatch {
  const { driver, database, model, logger } = options;
  let current: Promise<string[]> | null = null;
  let failing = false;
  const sweep = (): Promise<string[]> => {
    // One sweep at a time: a long roll-back must not be started twice by this process.
    current ??= recoverInterruptedImports(
      driver,
      database,
      model,
      options.staleAfterMs ?? INTERRUPTED_AFTER_MS,
    )
      .then((ids) => {
        if (failing) logger.info('the import watch reaches the graph again');
        failing = false;
        if (ids.length > 0) logger.warn({ imports: ids }, 'rolled back interrupted imports');
        return ids;
      })
      .catch((error: unknown) => {
        // The database may be down for a while: say so once, not every few seconds.
        if (!failing) logger.warn({ err: error }, 'the import watch could not look for interrupted imports');
        failing = true;
        return [];
      })
      .finally(() => {
        current = null;
      });
    return current;
  };
  const timer = setInterval(() => void sweep(), options.everyMs ?? 10_000);
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
}
