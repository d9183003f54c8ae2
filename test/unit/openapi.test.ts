/**
 * The OpenAPI document (`GET /api/openapi.json`): it names exactly the routes of the policy table,
 * the app serves each of them, it passes an OpenAPI 3.1 validator, its security follows the
 * policy, and the zod answers it is generated from agree with the contract's interfaces.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type {
  ApiTokenList,
  AuditPage,
  CreatedApiToken,
  Me,
  UserList,
  UserSummary,
} from '../../server/auth/auth-contract.js';
import { CSRF_HEADER } from '../../server/auth/access-control.js';
import {
  apiTokenListSchema,
  createdApiTokenSchema,
  meSchema,
  userListSchema,
  userSummarySchema,
} from '../../server/auth/auth-schemas.js';
import { auditPageSchema } from '../../server/audit/audit-schemas.js';
import { SESSION_COOKIE } from '../../server/auth/cookies.js';
import { POLICY } from '../../server/auth/policy.js';
import type {
  ApiErrorBody,
  EntityDetail,
  FactDetail,
  GraphEdge,
  GraphNode,
  GraphPayload,
  ImportSummary,
  ModelResponse,
  NeighboursPage,
  PathsResponse,
  QueryRunResult,
  SavedQuery,
  SavedQueryList,
  SearchResponse,
  Workspace,
  WorkspaceList,
  WorkspaceSummary,
  Note,
  NoteList,
} from '../../server/contract.js';
import { noteListSchema, noteSchema } from '../../server/notes/notes-schemas.js';
import {
  entityDetailSchema,
  factDetailSchema,
  graphEdgeSchema,
  graphNodeSchema,
  graphPayloadSchema,
  modelResponseSchema,
  neighboursPageSchema,
  pathsResponseSchema,
} from '../../server/graph/graph-schemas.js';
import { importSummarySchema } from '../../server/import/import-schemas.js';
import { buildOpenApiDocument, openApiPath } from '../../server/openapi/document.js';
import { apiErrorSchema } from '../../server/openapi/error-schema.js';
import { ROUTE_DOCS } from '../../server/openapi/registry.js';
import {
  queryRunResultSchema,
  savedQueryListSchema,
  savedQuerySchema,
} from '../../server/queries/queries-schemas.js';
import { searchResponseSchema } from '../../server/search/search-schemas.js';
import {
  workspaceListSchema,
  workspaceSchema,
  workspaceSummarySchema,
} from '../../server/workspaces/workspaces-schemas.js';
import { registeredRoutes } from '../support/registered-routes.js';

const key = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

/** Compile-time: the zod answer and the contract's interface accept the same values. */
type Agrees<S extends z.ZodType, T> = [z.output<S>] extends [T]
  ? [T] extends [z.output<S>]
    ? true
    : false
  : false;

// Each line fails to compile when a schema and its interface drift apart.
const agreements = {
  GraphNode: true satisfies Agrees<typeof graphNodeSchema, GraphNode>,
  GraphEdge: true satisfies Agrees<typeof graphEdgeSchema, GraphEdge>,
  GraphPayload: true satisfies Agrees<typeof graphPayloadSchema, GraphPayload>,
  ModelResponse: true satisfies Agrees<typeof modelResponseSchema, ModelResponse>,
  SearchResponse: true satisfies Agrees<typeof searchResponseSchema, SearchResponse>,
  EntityDetail: true satisfies Agrees<typeof entityDetailSchema, EntityDetail>,
  NeighboursPage: true satisfies Agrees<typeof neighboursPageSchema, NeighboursPage>,
  FactDetail: true satisfies Agrees<typeof factDetailSchema, FactDetail>,
  PathsResponse: true satisfies Agrees<typeof pathsResponseSchema, PathsResponse>,
  QueryRunResult: true satisfies Agrees<typeof queryRunResultSchema, QueryRunResult>,
  SavedQuery: true satisfies Agrees<typeof savedQuerySchema, SavedQuery>,
  SavedQueryList: true satisfies Agrees<typeof savedQueryListSchema, SavedQueryList>,
  ImportSummary: true satisfies Agrees<typeof importSummarySchema, ImportSummary>,
  WorkspaceSummary: true satisfies Agrees<typeof workspaceSummarySchema, WorkspaceSummary>,
  Workspace: true satisfies Agrees<typeof workspaceSchema, Workspace>,
  WorkspaceList: true satisfies Agrees<typeof workspaceListSchema, WorkspaceList>,
  Note: true satisfies Agrees<typeof noteSchema, Note>,
  NoteList: true satisfies Agrees<typeof noteListSchema, NoteList>,
  ApiErrorBody: true satisfies Agrees<typeof apiErrorSchema, ApiErrorBody>,
  Me: true satisfies Agrees<typeof meSchema, Me>,
  ApiTokenList: true satisfies Agrees<typeof apiTokenListSchema, ApiTokenList>,
  CreatedApiToken: true satisfies Agrees<typeof createdApiTokenSchema, CreatedApiToken>,
  UserSummary: true satisfies Agrees<typeof userSummarySchema, UserSummary>,
  UserList: true satisfies Agrees<typeof userListSchema, UserList>,
  AuditPage: true satisfies Agrees<typeof auditPageSchema, AuditPage>,
};

describe('GET /api/openapi.json: the document', () => {
  const document = buildOpenApiDocument();
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );

  it('when built, then it documents exactly the routes of the policy table, one operation each', () => {
    expect(ROUTE_DOCS.map(key).sort()).toEqual(POLICY.map(key).sort());
    expect(operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
      POLICY.map((rule) => `${rule.method} ${openApiPath(rule.path)}`).sort(),
    );
  });

  it('when the app is built, then it serves every documented route', () => {
    const served = new Set(registeredRoutes());
    const missing = ROUTE_DOCS.map(key).filter((route) => !served.has(route));
    expect(missing).toEqual([]);
  });

  it('when a policy rule has no documentation, or documentation no rule, then building fails', () => {
    expect(() => buildOpenApiDocument(ROUTE_DOCS.slice(1))).toThrow(/undocumented \["GET \/api\/health"\]/);
    expect(() => buildOpenApiDocument(ROUTE_DOCS, POLICY.slice(1))).toThrow(/not in the policy/);
  });

  it('when validated as OpenAPI 3.1, then it passes', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('when read, then public routes need nothing and the others a session (with CSRF on changes) or a token', () => {
    for (const rule of POLICY) {
      const { op } = operations.find((o) => o.method === rule.method && o.path === openApiPath(rule.path))!;
      const expected =
        rule.access === 'public'
          ? []
          : [
              rule.method === 'GET' ? { sessionCookie: [] } : { sessionCookie: [], csrfToken: [] },
              ...(rule.sessionOnly ? [] : [{ bearerToken: [] }]),
            ];
      expect(op.security, key(rule)).toEqual(expected);
    }
    const schemes = document.components.securitySchemes as Record<string, { name?: string }>;
    expect(schemes.sessionCookie!.name).toBe(SESSION_COOKIE);
    expect(schemes.csrfToken!.name!.toLowerCase()).toBe(CSRF_HEADER);
  });

  it('when a route validates its input with zod, then the document describes that input', () => {
    const paths = document.paths['/api/paths']!.get!;
    const parameters = paths.parameters as {
      name: string;
      required: boolean;
      schema: Record<string, unknown>;
    }[];
    expect(parameters.find((p) => p.name === 'from')).toMatchObject({
      required: true,
      schema: { maxLength: 300 },
    });
    expect(parameters.find((p) => p.name === 'mode')!.schema.enum).toEqual([
      'shortest',
      'all-shortest',
      'k-paths',
    ]);
    const cypher = document.paths['/api/cypher']!.post!.requestBody as {
      content: { 'application/json': { schema: { required: string[]; additionalProperties: boolean } } };
    };
    expect(cypher.content['application/json'].schema).toMatchObject({
      required: ['cypher'],
      additionalProperties: false,
    });
    expect(Object.values(agreements).every(Boolean)).toBe(true);
  });
});
