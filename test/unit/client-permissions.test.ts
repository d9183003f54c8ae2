import { describe, expect, it } from 'vitest';
import {
  CAPABILITIES,
  ROLE_ORDER,
  accessFor,
  leastRoleFor,
  may,
  mayCall,
  reasonFor,
  type Capability,
} from '../../client/src/permissions.js';
import { POLICY, matchPolicy } from '../../server/auth/policy.js';
import { ROLES } from '../../server/auth/roles.js';

const investigator = { role: 'investigator', via: 'session' } as const;
const analyst = { role: 'analyst', via: 'session' } as const;
const admin = { role: 'admin', via: 'session' } as const;

describe('client permissions', () => {
  it('when the roles are listed, then the client orders them as the server does', () => {
    expect([...ROLE_ORDER]).toEqual([...ROLES]);
  });

  it('when a capability names its routes, then every one is in the policy table', () => {
    for (const [name, { routes }] of Object.entries(CAPABILITIES)) {
      for (const [method, path] of routes) {
        expect(matchPolicy(method, path)?.rule.path, `${name}: ${method} ${path}`).toBe(path);
      }
    }
  });

  it('when each role asks, then investigators may not write queries and analysts may; everyone shares workspaces, writes notes and judges identities', () => {
    const table = (viewer: typeof investigator | typeof analyst | typeof admin) =>
      Object.fromEntries(
        (Object.keys(CAPABILITIES) as Capability[]).map((capability) => [
          capability,
          may(viewer, capability),
        ]),
      );
    expect(table(investigator)).toEqual({
      writeQueries: false,
      changeOwnQueries: false,
      manageTokens: true,
      manageUsers: false,
      readAudit: false,
      judgeIdentity: true,
      importData: false,
      manageSearchIndex: false,
      shareWorkspaces: true,
      writeNotes: true,
    });
    expect(table(analyst)).toEqual({
      writeQueries: true,
      changeOwnQueries: true,
      manageTokens: true,
      manageUsers: false,
      readAudit: false,
      judgeIdentity: true,
      importData: false,
      manageSearchIndex: false,
      shareWorkspaces: true,
      writeNotes: true,
    });
    expect(Object.values(table(admin)).every(Boolean)).toBe(true);
  });

  it('when every rule of the policy is asked about, then mayCall agrees with its least role', () => {
    for (const rule of POLICY) {
      for (const role of ROLE_ORDER) {
        const expected =
          rule.access === 'public' || ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(rule.access);
        expect(mayCall({ role, via: 'session' }, rule.method, rule.path), `${role} ${rule.path}`).toBe(
          expected,
        );
      }
    }
    expect(mayCall(admin, 'GET', '/api/no-such-route')).toBe(false);
  });

  it('when the API tokens routes are checked, then every role may manage its own, by session only', () => {
    for (const rule of POLICY.filter((r) => r.path.startsWith('/api/auth/tokens'))) {
      expect(rule.access, `${rule.method} ${rule.path}`).toBe('investigator');
      expect(rule.sessionOnly).toBe(true);
    }
    expect(may({ role: 'admin', via: 'token' }, 'manageTokens')).toBe(false);
  });

  it('when something is withheld, then the reason names who may do it', () => {
    expect(leastRoleFor('writeQueries')).toBe('analyst');
    expect(reasonFor(investigator, 'writeQueries')).toBe('Analysts and admins can write and test queries.');
    expect(reasonFor(analyst, 'manageUsers')).toBe('Only admins can manage users.');
    expect(reasonFor({ role: 'analyst', via: 'token' }, 'manageTokens')).toMatch(
      /Sign in with your password/,
    );
    const access = accessFor(analyst);
    expect(access.may('writeQueries')).toBe(true);
    expect(access.reason('readAudit')).toBe('Only admins can read the audit log.');
  });
});
