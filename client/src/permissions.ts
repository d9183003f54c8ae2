/**
 * What the signed-in user may do in the explorer, answered from their role (GET /api/auth/me)
 * and the server's own policy table (`server/auth/policy.ts`, bundled: it is plain data). Every
 * screen asks here before offering a control, so nothing offered answers 403, and the reason
 * shown for what is not offered comes from the same table the server enforces.
 */
import type { Me, Role } from '../../server/auth/auth-contract.js';
import { matchPolicy, type PolicyMethod } from '../../server/auth/policy.js';

/** The roles from least to most (server/auth/roles.ts; a unit test keeps the two equal). */
export const ROLE_ORDER = ['investigator', 'analyst', 'admin'] as const satisfies readonly Role[];

interface CapabilityRule {
  /** What it lets a person do, completing "… can …". */
  what: string;
  /** Every route the screen calls for it: it is offered only when all of them are allowed. */
  routes: readonly (readonly [PolicyMethod, string])[];
}

/** The things a screen may offer or withhold, each with the routes it calls. */
export const CAPABILITIES = {
  writeQueries: {
    what: 'write and test queries',
    routes: [
      ['POST', '/api/queries'],
      ['POST', '/api/cypher'],
    ],
  },
  changeOwnQueries: {
    what: 'edit and delete their saved queries',
    routes: [
      ['PUT', '/api/queries/:id'],
      ['DELETE', '/api/queries/:id'],
    ],
  },
  manageTokens: {
    what: 'make API tokens',
    routes: [
      ['GET', '/api/auth/tokens'],
      ['POST', '/api/auth/tokens'],
      ['DELETE', '/api/auth/tokens/:id'],
    ],
  },
  manageUsers: {
    what: 'manage users',
    routes: [
      ['GET', '/api/admin/users'],
      ['POST', '/api/admin/users'],
      ['PATCH', '/api/admin/users/:username'],
    ],
  },
  readAudit: {
    what: 'read the audit log',
    routes: [
      ['GET', '/api/admin/audit'],
      ['GET', '/api/admin/audit/export'],
    ],
  },
  judgeIdentity: {
    what: 'merge and split entities',
    routes: [
      ['POST', '/api/judgements'],
      ['POST', '/api/entities/:id/split'],
    ],
  },
  importData: {
    what: 'import case data',
    routes: [
      ['POST', '/api/admin/import'],
      ['POST', '/api/admin/import/preview'],
      ['POST', '/api/admin/import/:id/undo'],
    ],
  },
  manageSearchIndex: {
    what: 'extend the search index',
    routes: [
      ['GET', '/api/admin/search-index'],
      ['POST', '/api/admin/search-index'],
    ],
  },
  shareWorkspaces: {
    what: 'share workspaces',
    routes: [
      ['GET', '/api/users/names'],
      ['GET', '/api/workspaces/:id'],
      ['PUT', '/api/workspaces/:id'],
    ],
  },
  writeNotes: {
    what: 'read and write notes',
    routes: [
      ['GET', '/api/notes'],
      ['GET', '/api/notes/search'],
      ['POST', '/api/notes'],
      ['PUT', '/api/notes/:id'],
      ['DELETE', '/api/notes/:id'],
    ],
  },
} as const satisfies Record<string, CapabilityRule>;

export type Capability = keyof typeof CAPABILITIES;

/** Who the explorer acts for; `via: 'token'` matters because some routes take sessions only. */
export type Viewer = Pick<Me, 'role' | 'via'> & {
  /** Who it is, once signed in: their own notes may be deleted. */
  username?: string;
};

/** True when `role` is `minimum` or above it (the same order as the server's). */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(minimum);
}

/** May this viewer call this route? Routes missing from the table are refused, as on the server. */
export function mayCall(viewer: Viewer, method: PolicyMethod, path: string): boolean {
  const rule = matchPolicy(method, path)?.rule;
  if (!rule) return false;
  if (rule.sessionOnly && viewer.via !== 'session') return false;
  return rule.access === 'public' || roleAtLeast(viewer.role, rule.access);
}

/** May this viewer do this? True only when every route the capability needs is allowed. */
export function may(viewer: Viewer, capability: Capability): boolean {
  return CAPABILITIES[capability].routes.every(([method, path]) => mayCall(viewer, method, path));
}

/** The least role that may call every route of a capability. */
export function leastRoleFor(capability: Capability): Role {
  let least: Role = ROLE_ORDER[0];
  for (const [method, path] of CAPABILITIES[capability].routes) {
    const access = matchPolicy(method, path)?.rule.access;
    // A route missing from the table is closed to all: say admins, the closest truthful answer.
    const needed: Role = access === undefined ? 'admin' : access === 'public' ? ROLE_ORDER[0] : access;
    if (roleAtLeast(needed, least)) least = needed;
  }
  return least;
}

const WHO: Record<Role, string> = {
  investigator: 'Everyone signed in',
  analyst: 'Analysts and admins',
  admin: 'Only admins',
};

/** Why a capability is not offered, for a tooltip or a note: "Analysts and admins can write…". */
export function reasonFor(viewer: Viewer, capability: Capability): string {
  const { what } = CAPABILITIES[capability];
  const least = leastRoleFor(capability);
  if (roleAtLeast(viewer.role, least) && viewer.via !== 'session') {
    return `Sign in with your password to ${what}: API tokens cannot.`;
  }
  return `${WHO[least]} can ${what}.`;
}

/** The questions a screen asks about the current viewer, bound once after sign-in. */
export interface Access {
  readonly viewer: Viewer;
  may(capability: Capability): boolean;
  reason(capability: Capability): string;
}

/** Binds the questions to one viewer (from `GET /api/auth/me` or sign-in). */
export function accessFor(viewer: Viewer): Access {
  return {
    viewer,
    may: (capability) => may(viewer, capability),
    reason: (capability) => reasonFor(viewer, capability),
  };
}
