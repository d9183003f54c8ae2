/**
 * CLI tasks on the configured app store (server/app-store/), migrated, closed afterwards whatever
 * happens: `withAppStore` for a step of a larger task, `runStoreTask` for a whole command that
 * needs no graph (`npm run users`).
 */
import { openAppStore, type AppStore } from '../app-store/app-store.js';
import { configFromEnvironment } from '../env.js';
import { reportFailure } from './with-graph.js';

export async function withAppStore<T>(task: (store: AppStore) => Promise<T>): Promise<T> {
  const store = await openAppStore(configFromEnvironment().appStore);
  try {
    return await task(store);
  } finally {
    await store.close();
  }
}

/** Exit codes: 0 done, 1 failed, 2 bad input (validation, usage), as `runGraphTask`. */
export async function runStoreTask(task: (store: AppStore) => Promise<number>): Promise<never> {
  let code: number;
  try {
    code = await withAppStore(task);
  } catch (error) {
    code = reportFailure(error);
  }
  process.exit(code);
}
