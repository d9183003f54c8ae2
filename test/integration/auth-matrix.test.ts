/**
 * The access matrix: every rule of the policy table, called as nobody, investigator, analyst and
 * admin, with a browser session (cookie + CSRF token) and with an API token. Expected: 401 for
 * nobody, 403 below the rule's role (and for tokens on session-only routes), anything but 401/403
 * otherwise. The requests are harmless: bodies are invalid or ids unknown wherever a route writes.
 */
import type { Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { POLICY, type PolicyRule } from '../../server/auth/policy.js';
import { ROLES, roleAtLeast, type Role } from '../../server/auth/roles.js';
import { signIn, testUsers } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';

interface Sample {
  path: string;
  body?: unknown;
}

/** One harmless request per rule, keyed `METHOD /api/pattern`. */
const SAMPLES: Record<string, Sample> = {
  'GET /api/health': { path: '/api/health' },
  'GET /api/ready': { path: '/api/ready' },
  'GET /api/openapi.json': { path: '/api/openapi.json' },
  'POST /api/auth/login': { path: '/api/auth/login', body: {} },
  'POST /api/auth/logout': { path: '/api/auth/logout' },
  'GET /api/auth/me': { path: '/api/auth/me' },
  'GET /api/model': { path: '/api/model' },
  'GET /api/search': { path: '/api/search?q=phantom' },
  'GET /api/entities/:id': { path: '/api/entities/matrix:nobody' },
  'GET /api/entities/:id/neighbours': { path: '/api/entities/matrix:nobody/neighbours' },
  'GET /api/entities/:id/merge-candidates': { path: '/api/entities/matrix:nobody/merge-candidates' },
  'POST /api/judgements': { path: '/api/judgements', body: {} },
  'GET /api/judgements': { path: '/api/judgements?entity=matrix:nobody' },
  'POST /api/entities/:id/split': { path: '/api/entities/matrix:nobody/split', body: {} },
  'GET /api/facts/:id': { path: '/api/facts/matrix:nofact' },
  'GET /api/paths': { path: '/api/paths?from=matrix:a&to=matrix:b' },
  'POST /api/graph/subgraph': { path: '/api/graph/subgraph', body: { ids: [] } },
  'POST /api/export/ftm': { path: '/api/export/ftm', body: { entities: ['org:phantom-secure'] } },
  'GET /api/workspaces/:id/export/ftm': { path: '/api/workspaces/ws:matrix-none/export/ftm' },
  'POST /api/export/dossier': { path: '/api/export/dossier', body: { entities: ['org:phantom-secure'] } },
  'GET /api/workspaces/:id/export/dossier': { path: '/api/workspaces/ws:matrix-none/export/dossier' },
  'GET /api/admin/search-index': { path: '/api/admin/search-index' },
  'POST /api/admin/search-index': { path: '/api/admin/search-index' },
  'GET /api/queries': { path: '/api/queries' },
  'GET /api/queries/:id': { path: '/api/queries/lib:arrests' },
  'POST /api/queries/:id/run': { path: '/api/queries/lib:arrests/run', body: { rowLimit: 1 } },
  'GET /api/workspaces': { path: '/api/workspaces' },
  'POST /api/workspaces': { path: '/api/workspaces', body: {} },
  'GET /api/workspaces/:id': { path: '/api/workspaces/ws:matrix-none' },
  'PUT /api/workspaces/:id': { path: '/api/workspaces/ws:matrix-none', body: {} },
  'DELETE /api/workspaces/:id': { path: '/api/workspaces/ws:matrix-none' },
  'GET /api/users/names': { path: '/api/users/names' },
  'GET /api/notes': { path: '/api/notes?target=org:matrix-none' },
  'GET /api/notes/search': { path: '/api/notes/search?q=matrix' },
  'POST /api/notes': { path: '/api/notes', body: {} },
  'PUT /api/notes/:id': { path: '/api/notes/note:00000000-0000-0000-0000-000000000000', body: { text: 'x' } },
  'DELETE /api/notes/:id': { path: '/api/notes/note:00000000-0000-0000-0000-000000000000' },
  'POST /api/queries': { path: '/api/queries', body: {} },
  'PUT /api/queries/:id': { path: '/api/queries/uq:matrix-none', body: {} },
  'DELETE /api/queries/:id': { path: '/api/queries/uq:matrix-none' },
  'POST /api/cypher': { path: '/api/cypher', body: { cypher: 'RETURN 1 AS one' } },
  'GET /api/auth/tokens': { path: '/api/auth/tokens' },
  'POST /api/auth/tokens': { path: '/api/auth/tokens', body: {} },
  'DELETE /api/auth/tokens/:id': { path: '/api/auth/tokens/tok:00000000-0000-0000-0000-000000000000' },
  'POST /api/admin/import': { path: '/api/admin/import' },
  'POST /api/admin/import/preview': { path: '/api/admin/import/preview' },
  'POST /api/admin/import/:id/undo': { path: '/api/admin/import/00000000-0000-0000-0000-000000000000/undo' },
  'GET /api/admin/users': { path: '/api/admin/users' },
  'POST /api/admin/users': { path: '/api/admin/users', body: {} },
  'PATCH /api/admin/users/:username': { path: '/api/admin/users/matrix-nobody', body: {} },
  'GET /api/admin/audit': { path: '/api/admin/audit?limit=1' },
  'GET /api/admin/audit/export': { path: '/api/admin/audit/export?format=csv&action=matrix.none' },
};

type Caller = 'anonymous' | Role;
type Via = 'session' | 'token';

function expected(rule: PolicyRule, caller: Caller, via: Via): 'open' | 401 | 403 {
  if (rule.access === 'public') return 'open';
  if (caller === 'anonymous') return 401;
  if (!roleAtLeast(caller, rule.access)) return 403;
  if (rule.sessionOnly && via === 'token') return 403;
  return 'open';
}

let app: Express;
const sessions = {} as Record<Role, { cookie: string; csrfToken: string }>;

useTestApp(
  {
    as: 'anonymous',
    setup: async () => {
      for (const role of ROLES) sessions[role] = await signIn(app, role);
    },
  },
  (made) => ({ app } = made),
);

function call(rule: PolicyRule, sample: Sample, caller: Caller, via: Via) {
  const method = rule.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let req = request(app)[method](sample.path);
  if (caller !== 'anonymous') {
    req =
      via === 'token'
        ? req.set('Authorization', `Bearer ${testUsers()[caller].token}`)
        : req.set('Cookie', sessions[caller].cookie).set('X-CSRF-Token', sessions[caller].csrfToken);
  }
  return sample.body === undefined ? req : req.send(sample.body as object);
}

describe('the access matrix: every route × nobody, investigator, analyst, admin × session, token', () => {
  it('when every route is called by everyone, then each answer fits the policy table', async () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(POLICY.map((r) => `${r.method} ${r.path}`).sort());
    // Sign-out last: it ends the sessions the other rows use.
    const rules = [...POLICY].sort(
      (a, b) => Number(a.path === '/api/auth/logout') - Number(b.path === '/api/auth/logout'),
    );
    const failures: string[] = [];
    const counts: Record<string, number> = { calls: 0, 401: 0, 403: 0, open: 0 };
    for (const via of ['token', 'session'] as const) {
      for (const rule of rules) {
        const sample = SAMPLES[`${rule.method} ${rule.path}`]!;
        for (const caller of ['anonymous', ...ROLES] as const) {
          const want = expected(rule, caller, via);
          const res = await call(rule, sample, caller, via);
          counts.calls! += 1;
          counts[String(want)]! += 1;
          const ok =
            want === 'open'
              ? res.status !== 401 && res.status !== 403 && res.status < 500
              : res.status === want;
          if (!ok)
            failures.push(
              `${via} ${caller} ${rule.method} ${sample.path}: ${res.status} (want ${want}) ${JSON.stringify(res.body).slice(0, 120)}`,
            );
        }
      }
    }
    console.log(`access matrix: ${JSON.stringify(counts)}`);
    expect(failures).toEqual([]);
  });

  it('when a route is in no rule, then nobody gets 401 and everyone signed in gets 404, whatever the method', async () => {
    for (const [method, path] of [
      ['get', '/api/not-a-route'],
      ['delete', '/api/search'],
      ['put', '/api/admin/audit'],
      ['get', '/api/admin/users/test-admin'],
    ] as const) {
      expect((await request(app)[method](path)).status, `${method} ${path}`).toBe(401);
      for (const role of ROLES) {
        const call = request(app)[method](path);
        const res = await call.set('Authorization', `Bearer ${testUsers()[role].token}`);
        expect(res.status, `${role} ${method} ${path}`).toBe(404);
      }
    }
  });

  it('when the refusal is for the role, then the answer says which role is needed and is the one JSON error shape', async () => {
    const res = await request(app)
      .get('/api/admin/audit')
      .set('Authorization', `Bearer ${testUsers().analyst.token}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: { code: 'FORBIDDEN', message: 'This needs the admin role (you are analyst)' },
    });
    const anonymous = await request(app).get('/api/model');
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
  });
});
