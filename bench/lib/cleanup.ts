/**
 * What must be undone if the benchmark is interrupted (SIGINT, SIGTERM): the servers it started
 * and their temporary homes. Each start registers its stop and unregisters it once stopped.
 */
const pending = new Set<() => Promise<void>>();

/** Registers `stop`; returns a wrapper that runs it once and unregisters it. */
export function registerCleanup(stop: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const once = () => {
    done ??= stop().finally(() => pending.delete(once));
    return done;
  };
  pending.add(once);
  return once;
}

/** Runs every registered stop (newest first), ignoring failures. */
export async function cleanupAll(): Promise<void> {
  for (const stop of [...pending].reverse()) await stop().catch(() => {});
}
