/**
 * Opens the configured app store (server/app-store/), migrated, for a CLI task, and closes it
 * afterwards whatever happens.
 */
import { openAppStore, type AppStore } from '../app-store/app-store.js';
import { configFromEnvironment } from '../env.js';

export async function withAppStore<T>(task: (store: AppStore) => Promise<T>): Promise<T> {
  const store = await openAppStore(configFromEnvironment().appStore);
  try {
    return await task(store);
  } finally {
    await store.close();
  }
}
