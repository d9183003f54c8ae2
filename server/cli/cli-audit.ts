/**
 * The command line's audit trail: seed, reset, import and user changes are events in the same
 * hash chain as the app's requests (`cli.seed`, `user.create`, …, status 0, the OS user as
 * `cli:<name>`). The store is opened, and checked to take writes, BEFORE the command changes
 * anything; the event is committed before the command reports success.
 */
import os from 'node:os';
import { openAppStore, type AppStore } from '../app-store/app-store.js';
import { appendAuditEvents } from '../audit/audit-store.js';
import { completeEvent } from '../audit/audit-log.js';
import { probeAuditStore } from '../audit/audit-store.js';
import { configFromEnvironment } from '../env.js';

export interface CliAudit {
  /** Commits one event now; throws when it cannot be stored. */
  record(action: string, target: string | null, details?: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** Who runs the command: `cli:<OS user>`, or `cli` when the OS will not say. */
export function cliActor(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** Opens the configured app store for the command's events; throws when it does not take writes. */
export async function openCliAudit(): Promise<CliAudit> {
  const config = configFromEnvironment();
  let store: AppStore;
  try {
    store = await openAppStore(config.appStore);
    await probeAuditStore(store).catch(async (error: unknown) => {
      await store.close();
      throw error;
    });
  } catch (error) {
    throw new Error(
      `The audit log (app store) cannot be written, so nothing was changed: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return {
    async record(action, target, details) {
      await appendAuditEvents(store, [
        completeEvent({
          username: cliActor(),
          action,
          target,
          status: 0,
          ip: null,
          details: details ?? null,
        }),
      ]);
    },
    close: () => store.close(),
  };
}

/**
 * `openCliAudit` for a command that cannot go on without its audit trail: on failure it calls
 * `abort` (to remove an unfinished output), prints why and exits 1.
 */
export async function openCliAuditOrExit(abort?: () => void): Promise<CliAudit> {
  return openCliAudit().catch((error: Error) => {
    abort?.();
    console.error(error.message);
    process.exit(1);
  });
}
