/**
 * Who may call what: the ONE table of `/api` routes and the least role each needs, read by the
 * one access-control middleware (`access-control.ts`) mounted before every `/api` router.
 *
 * Anything not in the table is denied: 401 to strangers, 404 to signed-in users. A new route is
 * therefore closed until someone adds its line here (and the matrix test then checks it).
 * Paths are matched like Express matches them (`:name` is one segment, static segments ignore
 * case, one trailing slash is allowed), so the table and the routers cannot disagree about which
 * route a request reaches.
 *
 * `audit` names the action written to the audit log when the request is answered (whatever the
 * status, refusals included); `target` says which request values describe what it acted on.
 * `auditKind` says when (server/audit/audit-trail.ts): a change's or a query run's event is
 * stored BEFORE its answer is sent (503 when it cannot be), a read's in the background.
 */
import type { Role } from './roles.js';

export type PolicyMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `param:x` (a `:x` path segment), `query:x` (the query string) or `body:x` (the JSON body). */
export type TargetSource = `${'param' | 'query' | 'body'}:${string}`;

export interface PolicyRule {
  method: PolicyMethod;
  path: string;
  /** `public`: no sign-in; otherwise the least role. */
  access: 'public' | Role;
  /** Only with a browser session, never a bearer token (a leaked token cannot mint more). */
  sessionOnly?: boolean;
  audit?: string;
  target?: readonly TargetSource[];
  /** For sign-in: who is acting when nobody is signed in yet. */
  actor?: TargetSource;
  /** The route reads its own request body (the app's JSON parser leaves it alone). */
  rawBody?: boolean;
  /** Default: `read` for GET, `change` otherwise; `query` runs a query the caller wrote or chose. */
  auditKind?: AuditKind;
}

/**
 * - `read`: answered whether or not its event could be stored yet (kept and retried);
 * - `query`: answered only once its event is stored (it may read anything);
 * - `change`: also checks the audit store takes writes before it runs, so nothing changes that
 *   cannot be accounted for; answered only once its event is stored.
 */
export type AuditKind = 'read' | 'query' | 'change';

/** When a rule's audit event is stored (see AuditKind). */
export function auditKindOf(rule: PolicyRule): AuditKind {
  return rule.auditKind ?? (rule.method === 'GET' ? 'read' : 'change');
}

export const POLICY: readonly PolicyRule[] = [
  // Open: the probes, the API document and the way in.
  { method: 'GET', path: '/api/health', access: 'public' },
  { method: 'GET', path: '/api/ready', access: 'public' },
  { method: 'GET', path: '/api/openapi.json', access: 'public' },
  {
    method: 'POST',
    path: '/api/auth/login',
    access: 'public',
    audit: 'auth.login',
    target: ['body:username'],
    actor: 'body:username',
  },

  // Every signed-in user.
  { method: 'POST', path: '/api/auth/logout', access: 'investigator', audit: 'auth.logout' },
  { method: 'GET', path: '/api/auth/me', access: 'investigator' },

  // Investigators: explore the case, run saved queries, keep workspaces.
  { method: 'GET', path: '/api/model', access: 'investigator' },
  {
    method: 'GET',
    path: '/api/search',
    access: 'investigator',
    audit: 'search',
    target: ['query:q', 'query:types'],
  },
  { method: 'GET', path: '/api/entities/:id', access: 'investigator', audit: 'entity', target: ['param:id'] },
  {
    method: 'GET',
    path: '/api/entities/:id/neighbours',
    access: 'investigator',
    audit: 'expand',
    target: ['param:id', 'query:types', 'query:cursor'],
  },
  {
    method: 'GET',
    path: '/api/entities/:id/merge-candidates',
    access: 'investigator',
    audit: 'merge.candidates',
    target: ['param:id'],
  },
  // Judgements (issue 20): investigators merge and split; each is a change to the case graph.
  {
    method: 'POST',
    path: '/api/judgements',
    access: 'investigator',
    audit: 'merge.judge',
    target: ['body:a', 'body:b', 'body:verdict'],
  },
  {
    method: 'GET',
    path: '/api/judgements',
    access: 'investigator',
    audit: 'merge.judgements',
    target: ['query:entity'],
  },
  {
    method: 'POST',
    path: '/api/entities/:id/split',
    access: 'investigator',
    audit: 'merge.split',
    target: ['param:id', 'body:scope'],
  },
  { method: 'GET', path: '/api/facts/:id', access: 'investigator', audit: 'fact', target: ['param:id'] },
  {
    method: 'GET',
    path: '/api/paths',
    access: 'investigator',
    audit: 'paths',
    target: ['query:from', 'query:to'],
  },
  {
    method: 'POST',
    path: '/api/graph/subgraph',
    access: 'investigator',
    audit: 'subgraph',
    target: ['body:ids'],
    auditKind: 'read',
  },
  // The canvas as FollowTheMoney. Case data leaving the system is recorded before it leaves (as
  // `npm run export` records cli.export), so not a background `read` event like the subgraph.
  {
    method: 'POST',
    path: '/api/export/ftm',
    access: 'investigator',
    audit: 'export.ftm',
    target: ['body:entities'],
  },
  {
    method: 'GET',
    path: '/api/workspaces/:id/export/ftm',
    access: 'investigator',
    audit: 'export.ftm',
    target: ['param:id'],
  },
  // The dossier: the same case data as a readable report, recorded as the FtM export is.
  {
    method: 'POST',
    path: '/api/export/dossier',
    access: 'investigator',
    audit: 'export.dossier',
    target: ['body:entities'],
  },
  {
    method: 'GET',
    path: '/api/workspaces/:id/export/dossier',
    access: 'investigator',
    audit: 'export.dossier',
    target: ['param:id'],
  },
  { method: 'GET', path: '/api/queries', access: 'investigator' },
  { method: 'GET', path: '/api/queries/:id', access: 'investigator' },
  {
    method: 'POST',
    path: '/api/queries/:id/run',
    access: 'investigator',
    audit: 'query.run',
    target: ['param:id'],
    auditKind: 'query',
  },
  { method: 'GET', path: '/api/workspaces', access: 'investigator' },
  {
    method: 'POST',
    path: '/api/workspaces',
    access: 'investigator',
    audit: 'workspace.create',
    target: ['body:name'],
  },
  { method: 'GET', path: '/api/workspaces/:id', access: 'investigator' },
  {
    method: 'PUT',
    path: '/api/workspaces/:id',
    access: 'investigator',
    audit: 'workspace.update',
    target: ['param:id'],
  },
  {
    method: 'DELETE',
    path: '/api/workspaces/:id',
    access: 'investigator',
    audit: 'workspace.delete',
    target: ['param:id'],
  },

  // Sharing a workspace needs the names of the people to share it with.
  { method: 'GET', path: '/api/users/names', access: 'investigator' },
  { method: 'GET', path: '/api/notes', access: 'investigator' },
  {
    method: 'GET',
    path: '/api/notes/search',
    access: 'investigator',
    audit: 'note.search',
    target: ['query:q'],
  },
  {
    method: 'POST',
    path: '/api/notes',
    access: 'investigator',
    audit: 'note.create',
    target: ['body:target', 'body:workspaceId'],
  },
  {
    method: 'PUT',
    path: '/api/notes/:id',
    access: 'investigator',
    audit: 'note.update',
    target: ['param:id'],
  },
  {
    method: 'DELETE',
    path: '/api/notes/:id',
    access: 'investigator',
    audit: 'note.delete',
    target: ['param:id'],
  },

  // Analysts: write saved queries, the read-only console, tokens for their scripts.
  { method: 'POST', path: '/api/queries', access: 'analyst', audit: 'query.create', target: ['body:title'] },
  { method: 'PUT', path: '/api/queries/:id', access: 'analyst', audit: 'query.update', target: ['param:id'] },
  {
    method: 'DELETE',
    path: '/api/queries/:id',
    access: 'analyst',
    audit: 'query.delete',
    target: ['param:id'],
  },
  {
    method: 'POST',
    path: '/api/cypher',
    access: 'analyst',
    audit: 'console',
    target: ['body:cypher'],
    auditKind: 'query',
  },
  { method: 'GET', path: '/api/auth/tokens', access: 'investigator', sessionOnly: true },
  {
    method: 'POST',
    path: '/api/auth/tokens',
    access: 'investigator',
    sessionOnly: true,
    audit: 'token.create',
    target: ['body:name'],
  },
  {
    method: 'DELETE',
    path: '/api/auth/tokens/:id',
    access: 'investigator',
    sessionOnly: true,
    audit: 'token.delete',
    target: ['param:id'],
  },

  // Admins: change the case data, manage users, read the audit log.
  { method: 'POST', path: '/api/admin/import', access: 'admin', audit: 'import', rawBody: true },
  // A preview writes no case data, but it reads an uploaded file against the graph: audited like one.
  {
    method: 'POST',
    path: '/api/admin/import/preview',
    access: 'admin',
    audit: 'import.preview',
    rawBody: true,
  },
  {
    method: 'POST',
    path: '/api/admin/import/:id/undo',
    access: 'admin',
    audit: 'import.undo',
    target: ['param:id'],
  },
  { method: 'GET', path: '/api/admin/search-index', access: 'admin' },
  { method: 'POST', path: '/api/admin/search-index', access: 'admin', audit: 'search-index.extend' },
  { method: 'GET', path: '/api/admin/users', access: 'admin' },
  {
    method: 'POST',
    path: '/api/admin/users',
    access: 'admin',
    audit: 'user.create',
    target: ['body:username'],
  },
  {
    method: 'PATCH',
    path: '/api/admin/users/:username',
    access: 'admin',
    audit: 'user.update',
    target: ['param:username', 'body:role', 'body:disabled'],
  },
  { method: 'GET', path: '/api/admin/audit', access: 'admin' },
  // Reading the whole log out of the app is itself worth a line in it.
  { method: 'GET', path: '/api/admin/audit/export', access: 'admin', audit: 'audit.export' },
];

export interface PolicyMatch {
  rule: PolicyRule;
  /** Path parameters, decoded like Express decodes them. */
  params: Record<string, string>;
}

interface CompiledRule {
  rule: PolicyRule;
  segments: { param?: string; literal?: string }[];
}

function compile(rules: readonly PolicyRule[]): CompiledRule[] {
  return rules.map((rule) => ({
    rule,
    segments: rule.path
      .split('/')
      .slice(1)
      .map((segment) =>
        segment.startsWith(':') ? { param: segment.slice(1) } : { literal: segment.toLowerCase() },
      ),
  }));
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The rule for a request, or undefined (deny). `path` is the raw path without the query string,
 * as Express sees it (`req.baseUrl + req.path`). HEAD is checked as GET, since Express answers
 * HEAD with the GET handler.
 */
export function matchPolicy(
  method: string,
  path: string,
  rules: readonly PolicyRule[] = POLICY,
): PolicyMatch | undefined {
  const compiled = rules === POLICY ? compiledPolicy : compile(rules);
  const wanted = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  if (!path.startsWith('/')) return undefined;
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const parts = trimmed.split('/').slice(1);
  for (const { rule, segments } of compiled) {
    if (rule.method !== wanted || segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (const [i, segment] of segments.entries()) {
      const part = parts[i]!;
      if (segment.param !== undefined) {
        const value = part === '' ? undefined : decode(part);
        if (value === undefined) {
          ok = false;
          break;
        }
        params[segment.param] = value;
      } else if (part.toLowerCase() !== segment.literal) {
        ok = false;
        break;
      }
    }
    if (ok) return { rule, params };
  }
  return undefined;
}

const compiledPolicy = compile(POLICY);
