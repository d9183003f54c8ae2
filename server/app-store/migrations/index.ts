/**
 * Every migration of the app store, in order. Forward only: a released migration never changes;
 * a change to the schema is a new file `NNNN-what.ts` here and a new entry below (the Migrator
 * runs them by name order and refuses a store whose applied history does not match).

 */
import type { Migration } from 'kysely';
import type { AppStoreDialect } from '../app-store-location.js';
import { savedQueriesAndWorkspaces } from './0001-saved-queries-and-workspaces.js';
import { usersSessionsTokens } from './0002-users-sessions-tokens.js';
import { auditEvents } from './0003-audit-events.js';
import { workspaceSharesAndNotes } from './0004-workspace-shares-and-notes.js';
import { idempotentRequests } from './0005-idempotent-requests.js';

export function appStoreMigrations(dialect: AppStoreDialect): Record<string, Migration> {
  return {
    '0001-saved-queries-and-workspaces': savedQueriesAndWorkspaces(dialect),
    '0002-users-sessions-tokens': usersSessionsTokens(),
    '0003-audit-events': auditEvents(dialect),
    '0004-workspace-shares-and-notes': workspaceSharesAndNotes(),
    '0005-idempotent-requests': idempotentRequests(),
  };
}
