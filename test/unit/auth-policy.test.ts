import { describe, expect, it } from 'vitest';
import { auditKindOf, matchPolicy, POLICY, type PolicyRule } from '../../server/auth/policy.js';
import { ROLES, roleAtLeast } from '../../server/auth/roles.js';
import { registeredRoutes } from '../support/registered-routes.js';

const key = (rule: PolicyRule) => `${rule.method} ${rule.path}`;

describe('the policy table (server/auth/policy.ts)', () => {
  it('when the app registers a route, then the table has a rule for exactly that method and path', () => {
    const routes = registeredRoutes();
    expect(routes.length).toBeGreaterThan(25);
    const rules = new Set(POLICY.map(key));
    expect(routes.filter((route) => !rules.has(route))).toEqual([]);
    const missing = POLICY.map(key).filter((rule) => !routes.includes(rule));
    expect(missing).toEqual([]);
  });

  it('when read, then every rule is unique, under /api, and only the probes, sign-in and the API document are public', () => {
    const keys = POLICY.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const rule of POLICY) expect(rule.path).toMatch(/^\/api\/[a-z]/);
    expect(POLICY.filter((rule) => rule.access === 'public').map(key)).toEqual([
      'GET /api/health',
      'GET /api/ready',
      'GET /api/openapi.json',
      'POST /api/auth/login',
    ]);
  });

  it('when two rules share a method, then no path can match both (first match never hides a rule)', () => {
    const overlaps = (a: string, b: string) => {
      const x = a.split('/');
      const y = b.split('/');
      return (
        x.length === y.length && x.every((s, i) => s === y[i] || s.startsWith(':') || y[i]!.startsWith(':'))
      );
    };
    for (const [i, a] of POLICY.entries()) {
      for (const b of POLICY.slice(i + 1)) {
        if (a.method === b.method) expect(overlaps(a.path, b.path), `${key(a)} / ${key(b)}`).toBe(false);
      }
    }
  });

  it('when a request changes something, then its rule names an audit action; passwords are never a target', () => {
    for (const rule of POLICY.filter((r) => r.method !== 'GET')) expect(rule.audit, key(rule)).toBeTruthy();
    for (const rule of POLICY) {
      for (const source of [...(rule.target ?? []), rule.actor ?? ''])
        expect(source).not.toMatch(/password/i);
    }
  });

  it('when a request changes something or runs a query, then its event is stored before the answer', () => {
    const background = POLICY.filter((r) => r.audit && auditKindOf(r) === 'read').map(key);
    // Only reads may be answered before their event is stored (subgraph is a read sent as POST).
    expect(background.every((k) => k.startsWith('GET ') || k === 'POST /api/graph/subgraph')).toBe(true);
    const queries = POLICY.filter((r) => auditKindOf(r) === 'query').map(key);
    expect(queries.sort()).toEqual(['POST /api/cypher', 'POST /api/queries/:id/run']);
    for (const rule of POLICY.filter((r) => r.method !== 'GET' && !background.includes(key(r)))) {
      expect(['change', 'query'], key(rule)).toContain(auditKindOf(rule));
    }
  });

  it('when admin routes are listed, then each needs the admin role; the console and query writes need analyst', () => {
    for (const rule of POLICY.filter((r) => r.path.startsWith('/api/admin/')))
      expect(rule.access, key(rule)).toBe('admin');
    const analystOnly = [
      'POST /api/cypher',
      'POST /api/queries',
      'PUT /api/queries/:id',
      'DELETE /api/queries/:id',
    ];
    for (const name of analystOnly) expect(POLICY.find((r) => key(r) === name)?.access).toBe('analyst');
  });
});

describe('matchPolicy', () => {
  it('when a path has parameters, then they are decoded like Express decodes them', () => {
    const match = matchPolicy('GET', '/api/entities/fx%3Aorg%3Aphantom/neighbours');
    expect(match?.rule.path).toBe('/api/entities/:id/neighbours');
    expect(match?.params).toEqual({ id: 'fx:org:phantom' });
    expect(matchPolicy('GET', '/api/entities/a%2Fb')?.params).toEqual({ id: 'a/b' });
  });

  it('when Express would route it (HEAD, a trailing slash, other letter case), then the same rule applies', () => {
    expect(matchPolicy('HEAD', '/api/search')?.rule.path).toBe('/api/search');
    expect(matchPolicy('GET', '/api/search/')?.rule.path).toBe('/api/search');
    expect(matchPolicy('get', '/API/Admin/Users')?.rule.access).toBe('admin');
  });

  it('when nothing in the table fits, then there is no rule (deny)', () => {
    for (const [method, path] of [
      ['GET', '/api/nowhere'],
      ['DELETE', '/api/search'],
      ['GET', '/api/entities/'],
      ['GET', '/api/entities//neighbours'],
      ['GET', '/api/entities/%E0%A4%A'],
      ['GET', '/api/admin/users/../../search'],
      ['GET', '/api//search'],
      ['OPTIONS', '/api/search'],
      ['POST', '/api/admin/users/x'],
    ] as const) {
      expect(matchPolicy(method, path), `${method} ${path}`).toBeUndefined();
    }
  });
});

describe('roles', () => {
  it('when compared, then each role includes the ones before it', () => {
    expect(ROLES).toEqual(['investigator', 'analyst', 'admin']);
    expect(roleAtLeast('admin', 'analyst')).toBe(true);
    expect(roleAtLeast('analyst', 'analyst')).toBe(true);
    expect(roleAtLeast('investigator', 'analyst')).toBe(false);
    expect(roleAtLeast('analyst', 'admin')).toBe(false);
  });
});
