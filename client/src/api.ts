/**
 * The typed HTTP client of the explorer: one function per endpoint of
 * `server/contract.ts`. Every failure becomes an ApiError carrying the API's
 * `{error: {code, message}}` (or a synthetic code for network trouble), so
 * panels show one kind of message and never parse response text themselves.
 */
import type {
  EntityDetail,
  FactDetail,
  GraphPayload,
  ModelResponse,
  NeighboursPage,
  PathMode,
  PathOrder,
  PathsResponse,
  QueryParameterSpec,
  QueryRunResult,
  SavedQuery,
  SearchResponse,
  Direction,
  IdentityView,
  JsonValue,
  JudgementList,
  JudgementRequest,
  JudgementResult,
  MergeCandidatesResponse,
  SplitResult,
  Note,
  NoteList,
  UserNames,
  Workspace,
  WorkspaceSummary,
} from '../../server/contract.js';
import type { WorkspaceInput, WorkspaceUpdateInput } from '../../server/workspaces/workspaces-schemas.js';
import type { NoteInput } from '../../server/notes/notes-schemas.js';
import type { ApiTokenList, CreatedApiToken, Me } from '../../server/auth/auth-contract.js';
import type { CreateApiTokenRequest } from '../../server/auth/auth-schemas.js';

/** A failed API call: `code` is the API's error code, or NETWORK / BAD_RESPONSE / ABORTED. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when the endpoint itself is missing (the server predates it). */
  get isMissingRoute(): boolean {
    return this.status === 404 && /route/i.test(this.message);
  }
}

export type QueryValue = string | number | boolean | null | undefined | string[];

/** Builds `path?a=1&b=2`, leaving out empty values and joining arrays with commas. */
export function withQuery(path: string, params: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) search.set(key, value.join(','));
    } else search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Turns a non-2xx response into an ApiError, using the API's body when it has one. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let code = `HTTP_${res.status}`;
  let message = res.statusText || `The server answered ${res.status}`;
  let details: unknown;
  try {
    const body = (await res.json()) as {
      error?: { code?: string; message?: string; details?: unknown };
      reason?: string;
    };
    if (body?.error?.code) code = body.error.code;
    if (body?.error?.message) message = body.error.message;
    details = body?.error?.details;
    // /api/ready answers 503 with {status, reason} rather than an error body.
    if (!body?.error && typeof body?.reason === 'string') {
      message = body.reason;
      details = { reason: body.reason };
    }
  } catch {
    // not JSON (a proxy's error page): keep the status text
  }
  return new ApiError(res.status, code, message, details);
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** `text`: the answer is a file (FtM lines…), returned as text rather than parsed as JSON. */
  answer?: 'json' | 'text';
}

/** The session's CSRF token (from sign-in or /api/auth/me), sent on every write. */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
/** The CSRF header for a write sent without `request` (uploads that stream their answer). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

/** Called when the API says nobody is signed in (the session ended): the sign-in dialog opens. */
let unauthenticated: (() => void) | null = null;
export function onUnauthenticated(handler: () => void): void {
  unauthenticated = handler;
}

/** Listeners told about every request start/end, for the loading indicator. */
const activity = new Set<(delta: 1 | -1) => void>();
export function onApiActivity(listener: (delta: 1 | -1) => void): () => void {
  activity.add(listener);
  return () => activity.delete(listener);
}

/** One JSON request; resolves to the parsed body or rejects with an ApiError. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const init: RequestInit = {
    method: options.method ?? 'GET',
    headers: { Accept: 'application/json' },
    signal: options.signal ?? null,
  };
  const headers = init.headers as Record<string, string>;
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  if (init.method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  // Every POST carries a fresh key: when the answer is lost on the way back, the one retry below
  // sends the same key, and the server answers what it did the first time instead of creating
  // twice (server/http/idempotency.ts).
  const retryable = init.method === 'POST';
  if (retryable) headers['Idempotency-Key'] = newIdempotencyKey();
  activity.forEach((l) => l(1));
  try {
    let res: Response;
    try {
      res = await fetchOnceMore(path, init, retryable);
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw new ApiError(0, 'ABORTED', 'The request was cancelled');
      throw new ApiError(0, 'NETWORK', 'The server cannot be reached');
    }
    if (!res.ok) {
      const error = await errorFromResponse(res);
      if (res.status === 401 && !path.startsWith('/api/auth/')) unauthenticated?.();
      throw error;
    }
    if (res.status === 204) return undefined as T;
    if (options.answer === 'text') return (await res.text()) as T;
    try {
      return (await res.json()) as T;
    } catch {
      throw new ApiError(res.status, 'BAD_RESPONSE', 'The server sent an answer that is not JSON');
    }
  } finally {
    activity.forEach((l) => l(-1));
  }
}

/** How long to wait before sending a POST again after the network failed. */
export const RETRY_AFTER_MS = 500;

/** Fetches; a POST whose answer never came is sent once more (with its idempotency key). */
async function fetchOnceMore(path: string, init: RequestInit, retryable: boolean): Promise<Response> {
  try {
    return await fetch(path, init);
  } catch (err) {
    if (!retryable || (err as Error).name === 'AbortError') throw err;
    await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
    return fetch(path, init);
  }
}

/** 32 hex characters from the browser's random source. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Accepts `[...]` or `{<key>: [...]}` so the client survives either list shape. */
function listOf<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  const inner = (body as Record<string, unknown> | null)?.[key];
  return Array.isArray(inner) ? (inner as T[]) : [];
}

export interface ReadyState {
  ready: boolean;
  reason?: string;
}

/**
 * How entities judged the same are read (issue 20): as one node (`merged`, the server's default,
 * so no parameter is sent) or as stored (`apart`, the legend's toggle). Every read of entities
 * carries it, so search, expansion, paths and saved queries agree with the canvas.
 */
let identityView: IdentityView = 'merged';

export function setIdentityView(view: IdentityView): void {
  identityView = view;
}

export function getIdentityView(): IdentityView {
  return identityView;
}

/** The `view` query value: sent only when it is not the default, so URLs stay as they were. */
const view = () => (identityView === 'apart' ? 'apart' : undefined);

export const api = {
  me: () => request<Me>('/api/auth/me'),
  login: (username: string, password: string) =>
    request<Me>('/api/auth/login', { method: 'POST', body: { username, password } }),
  logout: () => request<void>('/api/auth/logout', { method: 'POST' }),
  async tokens() {
    return (await request<ApiTokenList>('/api/auth/tokens')).tokens;
  },
  createToken: (input: CreateApiTokenRequest) =>
    request<CreatedApiToken>('/api/auth/tokens', { method: 'POST', body: input }),
  deleteToken: (id: string) =>
    request<void>(`/api/auth/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  async ready(): Promise<ReadyState> {
    try {
      await request<{ status: string }>('/api/ready');
      return { ready: true };
    } catch (err) {
      const e = err as ApiError;
      const reason = (e.details as { reason?: string } | undefined)?.reason;
      return {
        ready: false,
        reason: e.code === 'NETWORK' ? 'the server cannot be reached' : (reason ?? e.message),
      };
    }
  },
  model: () => request<ModelResponse>('/api/model'),
  search: (q: string, opts: { limit?: number; types?: string[]; signal?: AbortSignal } = {}) =>
    request<SearchResponse>(
      withQuery('/api/search', { q, limit: opts.limit ?? 8, types: opts.types, view: view() }),
      {
        signal: opts.signal,
      },
    ),
  entity: (id: string) =>
    request<EntityDetail>(withQuery(`/api/entities/${encodeURIComponent(id)}`, { view: view() })),
  neighbours: (
    id: string,
    opts: {
      types?: string[];
      direction?: Direction;
      neighbourTypes?: string[];
      limit?: number;
      cursor?: string;
    },
  ) =>
    request<NeighboursPage>(
      withQuery(`/api/entities/${encodeURIComponent(id)}/neighbours`, {
        types: opts.types,
        direction: opts.direction,
        neighbourTypes: opts.neighbourTypes,
        limit: opts.limit,
        cursor: opts.cursor,
        view: view(),
      }),
    ),
  fact: (id: string) => request<FactDetail>(`/api/facts/${encodeURIComponent(id)}`),
  paths: (
    from: string,
    to: string,
    opts: { mode?: PathMode; maxHops?: number; k?: number; order?: PathOrder; without?: string[] } = {},
  ) =>
    request<PathsResponse>(
      withQuery('/api/paths', {
        from,
        to,
        mode: opts.mode,
        maxHops: opts.maxHops,
        k: opts.k,
        order: opts.order,
        without: opts.without,
        view: view(),
      }),
    ),
  subgraph: (ids: string[]) =>
    request<GraphPayload>(withQuery('/api/graph/subgraph', { view: view() }), {
      method: 'POST',
      body: { ids },
    }),
  /** Entities that may be the same as this one, with the reasons each scored. */
  mergeCandidates: (id: string, limit = 10) =>
    request<MergeCandidatesResponse>(
      withQuery(`/api/entities/${encodeURIComponent(id)}/merge-candidates`, { limit }),
    ),
  judge: (input: JudgementRequest) =>
    request<JudgementResult>('/api/judgements', { method: 'POST', body: input }),
  judgements: (entity: string) => request<JudgementList>(withQuery('/api/judgements', { entity })),
  split: (id: string, scope: 'cluster' | 'entity') =>
    request<SplitResult>(`/api/entities/${encodeURIComponent(id)}/split`, {
      method: 'POST',
      body: { scope },
    }),
  /** The given entities, the facts among them and their sources as FollowTheMoney lines. */
  exportFtm: (ids: string[]) =>
    request<string>('/api/export/ftm', { method: 'POST', body: { entities: ids }, answer: 'text' }),
  /** The same selection as a self-contained HTML dossier, drawn where the entities are on the canvas. */
  exportDossier: (ids: string[], positions: Record<string, { x: number; y: number }>, workspace?: string) =>
    request<string>('/api/export/dossier', {
      method: 'POST',
      body: { entities: ids, positions, ...(workspace ? { workspace } : {}) },
      answer: 'text',
    }),
  async queries(): Promise<SavedQuery[]> {
    return listOf<SavedQuery>(await request<unknown>('/api/queries'), 'queries');
  },
  runQuery: (id: string, params: Record<string, JsonValue>) =>
    request<QueryRunResult>(withQuery(`/api/queries/${encodeURIComponent(id)}/run`, { view: view() }), {
      method: 'POST',
      body: { params },
    }),
  runCypher: (cypher: string, params: Record<string, JsonValue>) =>
    request<QueryRunResult>('/api/cypher', { method: 'POST', body: { cypher, params } }),
  saveQuery: (query: {
    title: string;
    description: string;
    cypher: string;
    parameters: QueryParameterSpec[];
    visibility: 'private' | 'shared';
  }) => request<SavedQuery>('/api/queries', { method: 'POST', body: query }),
  updateQuery: (
    id: string,
    query: {
      title: string;
      description: string;
      cypher: string;
      parameters: QueryParameterSpec[];
      visibility: 'private' | 'shared';
    },
  ) => request<SavedQuery>(`/api/queries/${encodeURIComponent(id)}`, { method: 'PUT', body: query }),
  deleteQuery: (id: string) => request<void>(`/api/queries/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  async workspaces(): Promise<WorkspaceSummary[]> {
    return listOf<WorkspaceSummary>(await request<unknown>('/api/workspaces'), 'workspaces');
  },
  workspace: (id: string) => request<Workspace>(`/api/workspaces/${encodeURIComponent(id)}`),
  createWorkspace: (input: WorkspaceInput) =>
    request<Workspace>('/api/workspaces', { method: 'POST', body: input }),
  updateWorkspace: (id: string, input: WorkspaceUpdateInput) =>
    request<Workspace>(`/api/workspaces/${encodeURIComponent(id)}`, { method: 'PUT', body: input }),
  deleteWorkspace: (id: string) =>
    request<void>(`/api/workspaces/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  async userNames(): Promise<string[]> {
    return (await request<UserNames>('/api/users/names')).usernames;
  },
  notes: (query: { target?: string; workspace?: string | undefined }) =>
    request<NoteList>(withQuery('/api/notes', query)),
  searchNotes: (q: string, limit = 20) => request<NoteList>(withQuery('/api/notes/search', { q, limit })),
  createNote: (input: NoteInput) => request<Note>('/api/notes', { method: 'POST', body: input }),
  updateNote: (id: string, text: string) =>
    request<Note>(`/api/notes/${encodeURIComponent(id)}`, { method: 'PUT', body: { text } }),
  deleteNote: (id: string) => request<void>(`/api/notes/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

export type Api = typeof api;

/** A sentence for the user from any thrown value. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'NETWORK') return 'The server cannot be reached. Check that it is running.';
    if (err.isMissingRoute) return `This server does not offer that yet (${err.message}).`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
