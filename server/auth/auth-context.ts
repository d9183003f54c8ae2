/**
 * What the auth and audit code of one app shares: where users live, the settings, the session
 * time-outs and the audit sink. Made once per `createApp` call.
 */
import type { AppDeps } from '../app.js';
import { Neo4jAuditLog, type AuditSink } from '../audit/audit-log.js';
import type { Logger } from '../logger.js';
import type { GraphTarget } from './graph-target.js';
import type { SessionTimeouts } from './session-store.js';
import { securitySettings, type SecuritySettings } from './settings.js';

export interface AuthContext {
  target: GraphTarget;
  settings: Readonly<SecuritySettings>;
  timeouts: SessionTimeouts;
  audit: AuditSink;
  logger: Logger;
}

const contexts = new WeakMap<AppDeps, AuthContext>();

/** The auth context of one app (made on first use, then the same one). */
export function authContext(deps: AppDeps): AuthContext {
  let context = contexts.get(deps);
  if (!context) {
    const target = { driver: deps.driver, database: deps.database };
    const settings = securitySettings(deps.security);
    context = {
      target,
      settings,
      timeouts: {
        idleMs: settings.sessionIdleMinutes * 60_000,
        absoluteMs: settings.sessionAbsoluteHours * 3_600_000,
      },
      audit: deps.audit ?? new Neo4jAuditLog(target, deps.logger),
      logger: deps.logger,
    };
    contexts.set(deps, context);
  }
  return context;
}
