/**
 * What the auth and audit code of one app shares: where users live (the app store), the settings, the session
 * time-outs, the remembered credentials and the audit sink. `createApp` makes it once and hands
 * it to the access control and the auth, admin and audit routers.
 */
import type { AppStore } from '../app-store/app-store.js';
import { AppStoreAuditLog, type AuditSink } from '../audit/audit-log.js';
import type { GraphTarget } from '../db/graph-target.js';
import type { Logger } from '../logger.js';
import { CredentialCache } from './credential-cache.js';
import type { SessionTimeouts } from './session-store.js';
import { securitySettings, type SecuritySettings } from './settings.js';

export interface AuthContext {
  /** casegraph's own records (server/app-store/): users, sessions, API tokens, sign-in counters, the audit log. */
  store: AppStore;
  /** The case graph. */
  target: GraphTarget;
  settings: Readonly<SecuritySettings>;
  timeouts: SessionTimeouts;
  /** Credentials this app checked lately (server/auth/credential-cache.ts). */
  credentials: CredentialCache;
  audit: AuditSink;
  logger: Logger;
}

/** Makes the auth context of one app; without an `audit` sink, events go to the app store. */
export function authContext(options: {
  store: AppStore;
  target: GraphTarget;
  logger: Logger;
  security?: Partial<SecuritySettings> | undefined;
  audit?: AuditSink | undefined;
  credentials?: CredentialCache | undefined;
}): AuthContext {
  const { target, store, logger } = options;
  const settings = securitySettings(options.security);
  return {
    store,
    target,
    settings,
    timeouts: {
      idleMs: settings.sessionIdleMinutes * 60_000,
      absoluteMs: settings.sessionAbsoluteHours * 3_600_000,
    },
    credentials: options.credentials ?? new CredentialCache(),
    audit: options.audit ?? new AppStoreAuditLog(store, logger),
    logger,
  };
}
