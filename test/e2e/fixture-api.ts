/**
 * An in-memory stand-in for the API of `server/contract.ts`, built from the
 * shipped Phantom Secure case plus two synthetic parts: a supernode (60
 * subscribers of the Phantom Secure network, to exercise "load N more") and
 * a 1,000-node query result (to check the canvas stays responsive). The
 * browser tests of the explorer UI use it so that they run without Neo4j;
 * `explorer.e2e.test.ts` drives the same walk against the real app.
 */
import { pathEvidence } from '../../server/graph/path-evidence.js';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { type Express, type Request } from 'express';
import { securityHeaders } from '../../server/app.js';
import type {
  EntityDetail,
  FactDetail,
  GraphEdge,
  GraphNode,
  GraphPayload,
  ModelResponse,
  NeighboursPage,
  NeighbourhoodSummaryRow,
  PathsResponse,
  QueryRunResult,
  SavedQuery,
  SearchResponse,
  SourceRef,
  Note,
  Workspace,
} from '../../server/contract.js';
import type { WorkspaceInput, WorkspaceUpdateInput } from '../../server/workspaces/workspaces-schemas.js';
import type { NoteInput } from '../../server/notes/notes-schemas.js';
import type { ApiTokenSummary, CreatedApiToken, Me } from '../../server/auth/auth-contract.js';
import { matchPolicy } from '../../server/auth/policy.js';
import { roleAtLeast, type Role } from '../../server/auth/roles.js';

const root = path.resolve(import.meta.dirname, '../..');

interface CaseFile {
  sources: SourceRef[];
  entities: {
    type: string;
    id: string;
    name: string;
    aliases?: string[];
    properties?: Record<string, unknown>;
    sources?: string[];
  }[];
  facts: {
    id: string;
    type: string;
    from: string;
    to: string;
    claim?: string;
    status?: GraphEdge['status'];
    confidence?: number;
    date?: string;
    validFrom?: string;
    validTo?: string;
    attribution?: string;
    sources?: string[];
    properties?: Record<string, unknown>;
  }[];
}

/** The accounts of the fixture API, one per role; the analyst is the one the walk signs in as. */
export const FIXTURE_USERS = {
  investigator: { username: 'investigator', password: 'fixture-password', role: 'investigator' },
  analyst: { username: 'analyst', password: 'fixture-password', role: 'analyst' },
  admin: { username: 'admin', password: 'fixture-password', role: 'admin' },
} as const satisfies Record<Role, { username: string; password: string; role: Role }>;
export const FIXTURE_USER = FIXTURE_USERS.analyst;

export interface FixtureOptions {
  /** Serve the built client from here (with the app's CSP). */
  clientDir?: string;
  /** Answer /api/ready with 503. */
  notReady?: boolean;
  /** Add the synthetic hub (HUB_ID) with 330 links in three groups, for the hub tests. */
  hub?: boolean;
}

/** The fixture's hub (with `hub: true`): 240 Person and 60 Organisation MEMBER_OF it, it USED 30 Devices. */
export const HUB_ID = 'org:hub-exchange';
/** The id of the hub's i-th Person member (1-based), in the order the neighbours route pages them. */
export const hubMember = (i: number) => `person:hub-member-${String(i).padStart(3, '0')}`;

export function createFixtureApp(options: FixtureOptions = {}): Express {
  const modelFile = JSON.parse(
    fs.readFileSync(path.join(root, 'cypher/model.json'), 'utf8'),
  ) as ModelResponse & {
    nodeTypes: Record<string, { display: string }>;
  };
  const model: ModelResponse = {
    nodeTypes: modelFile.nodeTypes,
    relationshipTypes: modelFile.relationshipTypes,
    statuses: modelFile.statuses,
    graphAccess: 'write',
  };
  const data = JSON.parse(
    fs.readFileSync(path.join(root, 'cypher/cases/phantom-secure.json'), 'utf8'),
  ) as CaseFile;

  const nodes = new Map<string, GraphNode & { aliases: string[]; sources: string[] }>();
  for (const e of data.entities) {
    nodes.set(e.id, {
      id: e.id,
      labels: [e.type],
      type: e.type,
      label: e.name,
      properties: { name: e.name, aliases: e.aliases ?? [], ...(e.properties as Record<string, never>) },
      aliases: e.aliases ?? [],
      sources: e.sources ?? [],
    });
  }
  const edges = new Map<string, GraphEdge>();
  for (const f of data.facts) {
    const edge: GraphEdge = {
      id: f.id,
      type: f.type,
      source: f.from,
      target: f.to,
      properties: (f.properties ?? {}) as GraphEdge['properties'],
    };
    for (const k of ['status', 'confidence', 'claim', 'sources', 'validFrom', 'validTo', 'date'] as const) {
      if (f[k] !== undefined) (edge as unknown as Record<string, unknown>)[k] = f[k];
    }
    // As the real mapper does (server/mapping/graph-mapper.ts): attribution is not lifted out of
    // the properties, and the fact's details carry it again as `attribution`.
    if (f.attribution !== undefined) edge.properties.attribution = f.attribution;
    edges.set(f.id, edge);
  }
  const attribution = new Map(data.facts.map((f) => [f.id, f.attribution]));
  // Synthetic supernode: 60 subscribers of the network, with validity periods for the time slider.
  for (let i = 1; i <= 60; i++) {
    const id = `person:subscriber-${String(i).padStart(2, '0')}`;
    nodes.set(id, {
      id,
      labels: ['Person'],
      type: 'Person',
      label: `Subscriber ${i}`,
      properties: { name: `Subscriber ${i}` },
      aliases: [],
      sources: [],
    });
    edges.set(`fact:subscriber-${i}`, {
      id: `fact:subscriber-${i}`,
      type: 'SUBSCRIBED_TO',
      source: id,
      target: 'network:phantom-secure',
      properties: {},
      status: 'alleged',
      confidence: 0.4 + (i % 5) / 10,
      claim: `Subscriber ${i} paid for access to the network (synthetic test data).`,
      sources: [data.sources[0]!.id],
      validFrom: `${2010 + (i % 8)}-01-01`,
      validTo: `${2013 + (i % 6)}-06-30`,
    });
  }

  if (options.hub) addHub(nodes, edges);

  const degree = (id: string) => [...edges.values()].filter((e) => e.source === id || e.target === id).length;
  const publicNode = (id: string): GraphNode => {
    const n = nodes.get(id)!;
    return {
      id: n.id,
      labels: n.labels,
      type: n.type,
      label: n.label,
      properties: n.properties,
      degree: degree(id),
    };
  };
  const sourcesById = new Map(data.sources.map((s) => [s.id, s]));

  const queries: SavedQuery[] = [
    {
      id: 'neighbours-of',
      title: 'Who is linked to an entity',
      description: 'Every entity one step from the chosen one, with the link type.',
      cypher: 'MATCH (e {id: $entity})-[r]-(x) RETURN e, r, x LIMIT $limit',
      parameters: [
        { name: 'entity', type: 'entity', label: 'Entity', required: true },
        { name: 'limit', type: 'integer', label: 'Limit', required: false, default: 25, min: 1, max: 200 },
      ],
      origin: 'library',
    },
    {
      id: 'large-network',
      title: 'Synthetic large network (1,000 nodes)',
      description: 'Fixture only: checks that the canvas copes with a large answer.',
      cypher: 'RETURN 1',
      parameters: [],
      origin: 'library',
    },
  ];
  const workspaces = new Map<string, Workspace>();

  const app = express();
  app.use(securityHeaders());
  app.use('/api', express.json());

  // Sign-in as the real API does it, reduced: a session cookie naming the user, a CSRF token on
  // writes, and the real policy table (server/auth/policy.ts) deciding who may call what, so a
  // control offered to a role that the server would refuse shows up here as a 403.
  const users = Object.values(FIXTURE_USERS);
  const meOf = (user: (typeof users)[number]): Me => ({
    username: user.username,
    role: user.role,
    csrfToken: `fixture-csrf-${user.username}`,
    via: 'session',
  });
  const currentUser = (req: Request) => {
    const name = /(?:^|;\s*)fixture_session=([a-z]+)/.exec(req.headers.cookie ?? '')?.[1];
    return users.find((u) => u.username === name);
  };
  const userOf = (req: Request) => currentUser(req)!;
  app.post('/api/auth/login', (req, res) => {
    const { username, password } = req.body as { username?: string; password?: string };
    const user = users.find((u) => u.username === username);
    if (!user || password !== user.password) {
      return void res
        .status(401)
        .json({ error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' } });
    }
    res.cookie('fixture_session', user.username, { httpOnly: true, sameSite: 'strict' }).json(meOf(user));
  });
  app.use('/api', (req, res, next) => {
    if (req.path === '/health' || req.path === '/ready') return next();
    const user = currentUser(req);
    if (!user)
      return void res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'Sign in first' } });
    if (req.method !== 'GET' && req.get('x-csrf-token') !== meOf(user).csrfToken) {
      return void res
        .status(403)
        .json({ error: { code: 'CSRF_FAILED', message: 'Missing or wrong X-CSRF-Token header' } });
    }
    const rule = matchPolicy(req.method, req.baseUrl + req.path)?.rule;
    if (rule && rule.access !== 'public' && !roleAtLeast(user.role, rule.access)) {
      return void res.status(403).json({
        error: {
          code: 'FORBIDDEN',
          message: `This needs the ${rule.access} role (you are ${user.role})`,
        },
      });
    }
    next();
  });
  app.get('/api/auth/me', (req, res) => res.json(meOf(userOf(req))));
  app.post('/api/auth/logout', (_q, res) => res.clearCookie('fixture_session').status(204).end());

  // API tokens, per user: the secret is answered once, the list carries names and dates only.
  const tokens = new Map<string, (ApiTokenSummary & { username: string })[]>();
  const tokensOf = (req: Request) => tokens.get(userOf(req).username) ?? [];
  app.get('/api/auth/tokens', (req, res) =>
    res.json({ tokens: tokensOf(req).map(({ username: _u, ...summary }) => summary) }),
  );
  app.post('/api/auth/tokens', (req, res) => {
    const { name, expiresInDays } = req.body as { name?: string; expiresInDays?: number };
    if (typeof name !== 'string' || !name.trim()) {
      return void res.status(422).json({ error: { code: 'VALIDATION', message: 'name: name the token' } });
    }
    const now = new Date();
    const created: CreatedApiToken = {
      id: `tok:${randomUUID()}`,
      name: name.trim(),
      createdAt: now.toISOString(),
      token: `cgt_${randomUUID().replaceAll('-', '')}fixture0000`,
    };
    if (expiresInDays !== undefined)
      created.expiresAt = new Date(now.getTime() + expiresInDays * 86_400_000).toISOString();
    const { token: _secret, ...summary } = created;
    tokens.set(userOf(req).username, [{ ...summary, username: userOf(req).username }, ...tokensOf(req)]);
    res.status(201).json(created);
  });
  app.delete('/api/auth/tokens/:id', (req, res) => {
    const mine = tokensOf(req);
    if (!mine.some((t) => t.id === req.params.id))
      return void res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such token' } });
    tokens.set(
      userOf(req).username,
      mine.filter((t) => t.id !== req.params.id),
    );
    res.status(204).end();
  });
  const notFound = (what: string) => ({ error: { code: 'NOT_FOUND', message: what } });

  app.get('/api/health', (_q, res) => res.json({ status: 'ok' }));
  app.get('/api/ready', (_q, res) => {
    if (options.notReady)
      res.status(503).json({ status: 'unavailable', reason: 'Neo4j does not answer (fixture)' });
    else res.json({ status: 'ready' });
  });
  app.get('/api/model', (_q, res) => res.json(model));

  app.get('/api/search', (req, res) => {
    const q = String(req.query.q ?? '').toLowerCase();
    const limit = Number(req.query.limit ?? 10);
    const types = req.query.types ? String(req.query.types).split(',') : null;
    const hits = [...nodes.values()]
      .filter((n) => !types || types.includes(n.type))
      .map((n) => {
        const names = [n.label, ...n.aliases].map((s) => s.toLowerCase());
        const score = names.some((s) => s.startsWith(q)) ? 2 : names.some((s) => s.includes(q)) ? 1 : 0;
        return { n, score };
      })
      .filter((x) => q && x.score > 0)
      .sort((a, b) => b.score - a.score || a.n.label.localeCompare(b.n.label))
      .slice(0, limit)
      .map(({ n, score }) => ({ id: n.id, type: n.type, label: n.label, score, aliases: n.aliases }));
    res.json({ query: q, hits } satisfies SearchResponse);
  });

  const summary = (id: string): NeighbourhoodSummaryRow[] => {
    const rows = new Map<string, NeighbourhoodSummaryRow>();
    for (const e of edges.values()) {
      const dir = e.source === id ? 'out' : e.target === id ? 'in' : null;
      if (!dir) continue;
      const other = nodes.get(dir === 'out' ? e.target : e.source)!;
      const key = `${e.type}|${dir}|${other.type}`;
      const row = rows.get(key) ?? { relType: e.type, direction: dir, neighbourType: other.type, count: 0 };
      row.count++;
      rows.set(key, row);
    }
    return [...rows.values()];
  };

  app.get('/api/entities/:id', (req, res) => {
    const n = nodes.get(req.params.id);
    if (!n) return void res.status(404).json(notFound(`No entity ${req.params.id}`));
    const body: EntityDetail = {
      node: publicNode(n.id),
      sources: n.sources.map((s) => sourcesById.get(s)!).filter(Boolean),
      degree: degree(n.id),
      summary: summary(n.id),
    };
    res.json(body);
  });

  app.get('/api/entities/:id/neighbours', (req: Request<{ id: string }>, res) => {
    const id = req.params.id;
    if (!nodes.has(id)) return void res.status(404).json(notFound(`No entity ${id}`));
    const types = req.query.types ? String(req.query.types).split(',') : null;
    const direction = req.query.direction ? String(req.query.direction) : null;
    // As the server (MAX_NEIGHBOUR_LIMIT): a larger limit is refused, not cut.
    const limit = Number(req.query.limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      return void res.status(400).json({ error: { code: 'VALIDATION', message: 'limit must be 1–500' } });
    const neighbourTypes = req.query.neighbourTypes ? String(req.query.neighbourTypes).split(',') : null;
    // As the server: keyset pages in id order, the cursor an opaque base64url JSON of the last key.
    let after = '';
    if (req.query.cursor !== undefined) {
      try {
        const state: unknown = JSON.parse(
          Buffer.from(String(req.query.cursor), 'base64url').toString('utf8'),
        );
        const a = (state as { a?: unknown } | null)?.a;
        if (typeof a !== 'string') throw new Error('no key');
        after = a;
      } catch {
        return void res
          .status(400)
          .json({ error: { code: 'BAD_REQUEST', message: 'The cursor is not one this API gave out' } });
      }
    }
    const all = [...edges.values()]
      .filter((e) => e.source === id || e.target === id)
      .filter((e) => !types || types.includes(e.type))
      .filter((e) => !direction || (direction === 'out' ? e.source === id : e.target === id))
      .filter(
        (e) =>
          !neighbourTypes || neighbourTypes.includes(nodes.get(e.source === id ? e.target : e.source)!.type),
      )
      .sort((a, b) => a.id.localeCompare(b.id));
    const start = all.findIndex((e) => e.id.localeCompare(after) > 0);
    const from = start < 0 ? all.length : start;
    const page = all.slice(from, from + limit);
    const ids = new Set([id, ...page.map((e) => (e.source === id ? e.target : e.source))]);
    const rest = all.slice(from + limit);
    const next =
      rest.length > 0 ? Buffer.from(JSON.stringify({ a: page.at(-1)!.id })).toString('base64url') : null;
    const remaining = new Map<string, { relType: string; direction: 'in' | 'out'; count: number }>();
    for (const e of rest) {
      const dir = e.source === id ? 'out' : 'in';
      const r = remaining.get(`${e.type}|${dir}`) ?? { relType: e.type, direction: dir, count: 0 };
      r.count++;
      remaining.set(`${e.type}|${dir}`, r);
    }
    const body: NeighboursPage = {
      center: id,
      nodes: [...ids].map(publicNode),
      edges: page,
      truncated: next !== null,
      nextCursor: next,
      remaining: [...remaining.values()],
      total: all.length,
    };
    res.json(body);
  });

  app.get('/api/facts/:id', (req, res) => {
    const e = edges.get(req.params.id);
    if (!e) return void res.status(404).json(notFound(`No fact ${req.params.id}`));
    const body: FactDetail = {
      edge: e,
      from: publicNode(e.source),
      to: publicNode(e.target),
      sources: (e.sources ?? []).map((s) => sourcesById.get(s)!).filter(Boolean),
    };
    const a = attribution.get(e.id);
    if (a) body.attribution = a;
    res.json(body);
  });

  app.get('/api/paths', (req, res) => {
    const from = String(req.query.from);
    const to = String(req.query.to);
    if (!nodes.has(from) || !nodes.has(to)) return void res.status(404).json(notFound('No such entity'));
    // Breadth-first over undirected facts.
    const prev = new Map<string, { node: string; edge: string } | null>([[from, null]]);
    const queue = [from];
    while (queue.length && !prev.has(to)) {
      const cur = queue.shift()!;
      for (const e of edges.values()) {
        const other = e.source === cur ? e.target : e.target === cur ? e.source : null;
        if (other && !prev.has(other)) {
          prev.set(other, { node: cur, edge: e.id });
          queue.push(other);
        }
      }
    }
    const body: PathsResponse = {
      nodes: [],
      edges: [],
      paths: [],
      sources: [],
      outcome: 'complete',
      elapsedMs: 3,
    };
    if (prev.has(to)) {
      const pn = [to];
      const pe: string[] = [];
      let step = prev.get(to);
      while (step) {
        pe.unshift(step.edge);
        pn.unshift(step.node);
        step = prev.get(step.node);
      }
      body.paths.push({
        nodes: pn,
        edges: pe,
        length: pe.length,
        evidence: pathEvidence(pe, (id) => edges.get(id)),
      });
      body.nodes = pn.map(publicNode);
      body.edges = pe.map((id) => edges.get(id)!);
      body.sources = [...new Set(body.edges.flatMap((e) => e.sources ?? []))]
        .map((s) => sourcesById.get(s)!)
        .filter(Boolean);
    }
    res.json(body);
  });

  app.post('/api/graph/subgraph', (req, res) => {
    const ids = new Set((req.body as { ids: string[] }).ids.filter((id) => nodes.has(id)));
    const body: GraphPayload = {
      nodes: [...ids].map(publicNode),
      edges: [...edges.values()].filter((e) => ids.has(e.source) && ids.has(e.target)),
    };
    res.json(body);
  });

  // FtM lines as the server writes them, one per known entity (the converter has its own tests).
  app.post('/api/export/ftm', (req, res) => {
    const ids = (req.body as { entities: string[] }).entities.filter((id) => nodes.has(id));
    res.type('application/x-ndjson');
    res.send(
      ids
        .map((id) =>
          JSON.stringify({
            id,
            schema: 'Thing',
            properties: { name: [publicNode(id).label] },
            casegraph: { kind: 'entity', id },
          }),
        )
        .join('\n') + '\n',
    );
  });

  app.get('/api/queries', (_q, res) => res.json({ queries }));
  app.post('/api/queries', (req, res) => {
    const q = {
      ...(req.body as SavedQuery),
      id: `user-${randomUUID().slice(0, 8)}`,
      origin: 'user' as const,
      owner: userOf(req).username,
    };
    queries.push(q);
    res.status(201).json(q);
  });
  app.post('/api/queries/:id/run', (req, res) => {
    const params = (req.body as { params: Record<string, unknown> }).params ?? {};
    if (req.params.id === 'large-network') return void res.json(largeResult());
    if (req.params.id !== 'neighbours-of' && !queries.some((q) => q.id === req.params.id)) {
      return void res.status(404).json(notFound(`No saved query ${req.params.id}`));
    }
    const id = String(params.entity ?? '');
    if (!nodes.has(id))
      return void res
        .status(400)
        .json({ error: { code: 'BAD_PARAMETER', message: 'entity: no such entity' } });
    const limit = Number(params.limit ?? 25);
    const all = [...edges.values()].filter((e) => e.source === id || e.target === id);
    const page = all.slice(0, limit);
    const ids = new Set([id, ...page.map((e) => (e.source === id ? e.target : e.source))]);
    const body: QueryRunResult = {
      graph: { nodes: [...ids].map(publicNode), edges: page },
      table: {
        columns: ['entity', 'relationship', 'other', 'status'],
        rows: page.map((e) => [
          nodes.get(id)!.label,
          e.type,
          nodes.get(e.source === id ? e.target : e.source)!.label,
          e.status ?? null,
        ]),
      },
      outcome: all.length > limit ? 'truncated' : 'complete',
      rowCount: page.length,
      elapsedMs: 7,
    };
    res.json(body);
  });
  app.post('/api/cypher', (req, res) => {
    const { cypher } = req.body as { cypher: string };
    if (/\b(create|merge|delete|set)\b/i.test(cypher)) {
      return void res
        .status(400)
        .json({ error: { code: 'WRITE_NOT_ALLOWED', message: 'Only read queries may run here' } });
    }
    res.json({
      graph: { nodes: [], edges: [] },
      table: { columns: ['answer'], rows: [[42]] },
      outcome: 'complete',
      rowCount: 1,
      elapsedMs: 2,
    });
  });

  // Workspaces with sharing, reduced from server/workspaces/workspace-store.ts: the owner, everyone
  // when shared, or the named people as viewers or editors; unknown names are a 422 naming them.
  const accessOf = (ws: Workspace, username: string): Workspace['access'] | undefined => {
    if (ws.owner === username) return 'owner';
    const share = ws.shares.find((s) => s.username === username);
    if (share) return share.permission;
    return ws.visibility === 'shared' ? 'viewer' : undefined;
  };
  const asSeenBy = (ws: Workspace, req: Request): Workspace => {
    const user = userOf(req);
    const access = accessOf(ws, user.username)!;
    return { ...ws, access, canShare: access === 'owner' || user.role === 'admin' };
  };
  const unknownUsers = (shares: WorkspaceInput['shares']) =>
    (shares ?? []).map((s) => s.username).filter((name) => !users.some((u) => u.username === name));
  const refuseUnknown = (res: express.Response, shares: WorkspaceInput['shares']) => {
    const unknown = unknownUsers(shares);
    if (!unknown.length) return false;
    res.status(422).json({
      error: { code: 'VALIDATION_FAILED', message: `No active user named ${unknown.join(', ')}` },
    });
    return true;
  };
  app.get('/api/users/names', (_q, res) => res.json({ usernames: users.map((u) => u.username).sort() }));
  app.get('/api/workspaces', (req, res) =>
    res.json({
      workspaces: [...workspaces.values()]
        .filter((ws) => accessOf(ws, userOf(req).username))
        .map((ws) => {
          const { state: _s, shares: _h, canShare: _c, ...summary } = asSeenBy(ws, req);
          return summary;
        }),
    }),
  );
  app.post('/api/workspaces', (req, res) => {
    const input = req.body as WorkspaceInput;
    if (refuseUnknown(res, input.shares)) return;
    const ws: Workspace = {
      id: `ws:${randomUUID()}`,
      name: input.name,
      owner: userOf(req).username,
      updatedAt: new Date().toISOString(),
      state: input.state,
      visibility: input.visibility ?? 'private',
      access: 'owner',
      shares: input.shares ?? [],
      canShare: true,
    };
    workspaces.set(ws.id, ws);
    res.status(201).json(ws);
  });
  app.get('/api/workspaces/:id', (req, res) => {
    const ws = workspaces.get(req.params.id);
    if (!ws) return void res.status(404).json(notFound('No such workspace'));
    if (!accessOf(ws, userOf(req).username)) {
      return void res.status(403).json({
        error: {
          code: 'WORKSPACE_NOT_SHARED',
          message: `This workspace is not shared with you; ask its owner (${ws.owner}) to share it`,
          details: { owner: ws.owner },
        },
      });
    }
    res.json(asSeenBy(ws, req));
  });
  app.put('/api/workspaces/:id', (req, res) => {
    const ws = workspaces.get(req.params.id);
    const access = ws && accessOf(ws, userOf(req).username);
    if (!ws || !access) return void res.status(404).json(notFound('No such workspace'));
    const input = req.body as WorkspaceUpdateInput;
    if ((input.name !== undefined || input.state !== undefined) && access === 'viewer') {
      return void res.status(403).json({ error: { code: 'WORKSPACE_READ_ONLY', message: 'View only' } });
    }
    const sharing = input.visibility !== undefined || input.shares !== undefined;
    if (sharing && access !== 'owner' && userOf(req).role !== 'admin') {
      return void res
        .status(403)
        .json({ error: { code: 'WORKSPACE_SHARING_OWNER_ONLY', message: 'Only the owner can share it' } });
    }
    if (refuseUnknown(res, input.shares)) return;
    if (input.name !== undefined) ws.name = input.name;
    if (input.state !== undefined) ws.state = input.state;
    if (input.visibility !== undefined) ws.visibility = input.visibility;
    if (input.shares !== undefined)
      ws.shares = [...input.shares].sort((a, b) => a.username.localeCompare(b.username));
    ws.updatedAt = new Date().toISOString();
    res.json(asSeenBy(ws, req));
  });
  app.delete('/api/workspaces/:id', (req, res) => {
    workspaces.delete(req.params.id);
    res.status(204).end();
  });

  // Notes, reduced from server/notes/notes-store.ts: the case's are everyone's, a workspace's are
  // read by whoever may open it.
  const notes: Note[] = [];
  const mayRead = (note: Note, req: Request) => {
    if (note.workspaceId === null) return true;
    const ws = workspaces.get(note.workspaceId);
    return ws !== undefined && accessOf(ws, userOf(req).username) !== undefined;
  };
  app.get('/api/notes/search', (req, res) => {
    const q = String(req.query.q ?? '')
      .trim()
      .toLowerCase();
    if (!q) return void res.status(400).json({ error: { code: 'BAD_REQUEST', message: 'q is required' } });
    const found = notes.filter((n) => mayRead(n, req) && n.text.toLowerCase().includes(q)).reverse();
    res.json({ notes: found.slice(0, 20), truncated: found.length > 20 });
  });
  app.get('/api/notes', (req, res) => {
    const target = typeof req.query.target === 'string' ? req.query.target : undefined;
    const workspace = typeof req.query.workspace === 'string' ? req.query.workspace : undefined;
    const listed = notes.filter(
      (n) =>
        (target === undefined || n.target === target) &&
        (n.workspaceId === null || (n.workspaceId === workspace && mayRead(n, req))),
    );
    res.json({ notes: listed, truncated: false });
  });
  app.post('/api/notes', (req, res) => {
    const input = req.body as NoteInput;
    const text = String(input.text ?? '').trim();
    if (!text || text.length > 10_000) {
      return void res
        .status(422)
        .json({ error: { code: 'VALIDATION_FAILED', message: 'text: must be 1 to 10,000 characters' } });
    }
    const now = new Date().toISOString();
    const note: Note = {
      id: `note:${randomUUID()}`,
      author: userOf(req).username,
      target: input.target,
      workspaceId: input.workspaceId ?? null,
      scope: input.workspaceId ? 'workspace' : 'case',
      text,
      createdAt: now,
      updatedAt: now,
    };
    notes.push(note);
    res.status(201).json(note);
  });
  app.delete('/api/notes/:id', (req, res) => {
    const i = notes.findIndex((n) => n.id === req.params.id && mayRead(n, req));
    if (i < 0) return void res.status(404).json(notFound('No such note'));
    notes.splice(i, 1);
    res.status(204).end();
  });
  app.use('/api', (req, res) => res.status(404).json(notFound(`No API route ${req.method} ${req.path}`)));

  if (options.clientDir) {
    const dir = options.clientDir;
    app.use(express.static(dir));
    app.get(/^\/(?!api\/).*/, (_q, res) => res.sendFile(path.join(dir, 'index.html')));
  }
  return app;
}

/** 1,000 nodes in 20 clusters, ~1,600 links: the size a canvas must handle without freezing. */
function largeResult(): QueryRunResult {
  const types = ['Person', 'Organisation', 'Device', 'Server', 'EmailAddress'];
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (let i = 0; i < 1000; i++) {
    const type = types[i % types.length]!;
    nodes.push({
      id: `big:${i}`,
      labels: [type],
      type,
      label: `${type} ${i}`,
      properties: { name: `${type} ${i}` },
      degree: 3,
    });
  }
  let seed = 7;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 1; i < 1000; i++) {
    const cluster = Math.floor(i / 50) * 50;
    const target = i % 50 === 0 ? Math.floor(rand() * i) : cluster + Math.floor(rand() * (i - cluster));
    edges.push({
      id: `big:e${i}`,
      type: 'SUPPLIED',
      source: `big:${i}`,
      target: `big:${target}`,
      properties: {},
      status: 'reported',
    });
  }
  for (let j = 0; j < 600; j++) {
    const a = Math.floor(rand() * 1000);
    const b = Math.floor(a / 50) * 50 + Math.floor(rand() * 50);
    if (a !== b)
      edges.push({
        id: `big:x${j}`,
        type: 'CUSTOMER_OF',
        source: `big:${a}`,
        target: `big:${b}`,
        properties: {},
        status: 'alleged',
      });
  }
  return {
    graph: { nodes, edges },
    table: { columns: ['nodes', 'links'], rows: [[nodes.length, edges.length]] },
    outcome: 'complete',
    rowCount: 1,
    elapsedMs: 40,
  };
}

type FixtureNode = GraphNode & { aliases: string[]; sources: string[] };

/** The synthetic hub: links whose ids sort in member order, so the pages come in a known order. */
function addHub(nodes: Map<string, FixtureNode>, edges: Map<string, GraphEdge>): void {
  const add = (id: string, type: string, label: string) =>
    nodes.set(id, { id, labels: [type], type, label, properties: { name: label }, aliases: [], sources: [] });
  add(HUB_ID, 'Organisation', 'Hub Exchange');
  const link = (id: string, type: string, source: string, target: string) =>
    edges.set(id, { id, type, source, target, properties: {}, status: 'alleged', confidence: 0.6 });
  for (let i = 1; i <= 240; i++) {
    add(hubMember(i), 'Person', `Member ${i}`);
    link(`fact:hub-a-${String(i).padStart(3, '0')}`, 'MEMBER_OF', hubMember(i), HUB_ID);
  }
  for (let i = 1; i <= 60; i++) {
    const id = `org:hub-firm-${String(i).padStart(2, '0')}`;
    add(id, 'Organisation', `Firm ${i}`);
    link(`fact:hub-b-${String(i).padStart(2, '0')}`, 'MEMBER_OF', id, HUB_ID);
  }
  for (let i = 1; i <= 30; i++) {
    const id = `device:hub-phone-${String(i).padStart(2, '0')}`;
    add(id, 'Device', `Phone ${i}`);
    link(`fact:hub-c-${String(i).padStart(2, '0')}`, 'USED', HUB_ID, id);
  }
}
