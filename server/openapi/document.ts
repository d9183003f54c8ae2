/**
 * Builds the OpenAPI 3.1 document of the API from the route list (`registry.ts`), the policy
 * table (who may call what: the security of each operation) and the zod schemas the routes
 * validate with. Built once per process; nothing here reads the running app.
 */
import { SESSION_COOKIE } from '../auth/cookies.js';
import { z } from 'zod';
import { auditKindOf, POLICY, type PolicyRule } from '../auth/policy.js';
import { apiErrorSchema } from './error-schema.js';
import { SchemaCollector } from './json-schema.js';
import { ROUTE_DOCS, TAGS, type RouteDoc } from './registry.js';

export const OPENAPI_VERSION = '3.1.1';

export type OpenApiDocument = Record<string, unknown> & {
  openapi: string;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: Record<string, Record<string, unknown>>;
};

/** `/api/entities/:id` → `/api/entities/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

const ERROR_REF = { $ref: '#/components/responses/Error' };

function operationId(route: RouteDoc): string {
  const words = route.path
    .replace(/^\/api\//, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [route.method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

/** Who may call it, as OpenAPI security requirements (alternatives; each one all of its schemes). */
function security(rule: PolicyRule): Record<string, string[]>[] {
  if (rule.access === 'public') return [];
  const changes = rule.method !== 'GET';
  const session: Record<string, string[]> = changes
    ? { sessionCookie: [], csrfToken: [] }
    : { sessionCookie: [] };
  return rule.sessionOnly ? [session] : [session, { bearerToken: [] }];
}

/**
 * What a query-string or path value looks like on the wire. The shared query helpers
 * (`queryString().pipe(...)`, `nameList()`) read raw strings and hand them to a checking schema;
 * the checking schema says more (an enum, a key's bounds, a list of names), so it is the one
 * described. A transform has no JSON Schema, so its source is described instead.
 */
function wireSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodPipe) {
    const { in: source, out } = current.def;
    current = (out instanceof z.ZodTransform ? source : out) as z.ZodType;
  }
  return current;
}

function parameters(route: RouteDoc, schemas: SchemaCollector): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [where, object] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    for (const [name, property] of Object.entries(object?.shape ?? {}) as [string, z.ZodType][]) {
      let json = schemas.convert(wireSchema(property), 'input');
      // `queryInteger()` reads text or a number and checks its bounds in a transform: a whole
      // number, with the default it gives when absent.
      const fallback = property.safeParse(undefined);
      if (Array.isArray(json.type) && fallback.success && typeof fallback.data === 'number') {
        json = { type: 'integer', default: fallback.data };
      }
      const parameter: Record<string, unknown> = {
        name,
        in: where,
        required: where === 'path' || !property.safeParse(undefined).success,
        schema: json,
      };
      // Lists come as `?types=a&types=b` (or `a,b`).
      if (json.type === 'array') Object.assign(parameter, { style: 'form', explode: true });
      out.push(parameter);
    }
  }
  for (const header of route.headers ?? []) {
    out.push({
      name: header.name,
      in: 'header',
      description: header.description,
      required: header.required ?? false,
      schema: schemas.convert(header.schema, 'input'),
    });
  }
  return out;
}

/** The error statuses every route of this kind can answer, with the route's own on top. */
function errorStatuses(route: RouteDoc, rule: PolicyRule): Record<number, string> {
  const errors: Record<number, string> = {};
  if (route.params || route.query) errors[400] = 'A malformed path or query parameter';
  if (rule.access !== 'public') {
    errors[401] = 'Not signed in (no valid session or token)';
    errors[403] = rule.sessionOnly
      ? 'Below the least role, a bearer token, or a change without the CSRF token'
      : 'Below the least role, or a change without the CSRF token';
  }
  if (route.params) errors[404] = 'Nothing of that id (or not visible to the caller)';
  if (route.body) errors[422] = 'A well-formed body with unacceptable content (every problem listed)';
  if (rule.audit && auditKindOf(rule) !== 'read') {
    errors[503] =
      'AUDIT_UNAVAILABLE: the audit event could not be stored, so the answer is withheld (Retry-After)';
  }
  return { ...errors, ...route.errors };
}

function operation(route: RouteDoc, rule: PolicyRule, schemas: SchemaCollector): Record<string, unknown> {
  const role = rule.access === 'public' ? 'public' : `least role: ${rule.access}`;
  const op: Record<string, unknown> = {
    operationId: operationId(route),
    summary: route.summary,
    description: [route.description, `Access: ${role}${rule.sessionOnly ? ' (browser session only)' : ''}.`]
      .filter(Boolean)
      .join('\n\n'),
    tags: [route.tag],
    security: security(rule),
    'x-casegraph-access': rule.access,
  };
  const params = parameters(route, schemas);
  if (params.length > 0) op.parameters = params;
  if (route.body) {
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: schemas.convert(route.body, 'input') } },
    };
  } else if (route.rawBody) {
    op.requestBody = {
      required: true,
      description: route.rawBody.description,
      content: route.rawBody.content,
    };
  }
  const responses: Record<string, unknown> = {};
  for (const [status, answer] of Object.entries(route.answers)) {
    responses[status] = answer.schema
      ? {
          description: answer.description,
          content: { 'application/json': { schema: schemas.convert(answer.schema, 'output') } },
        }
      : answer.media
        ? { description: answer.description, content: answer.media }
        : { description: answer.description };
  }
  for (const [status, description] of Object.entries(errorStatuses(route, rule))) {
    responses[status] = {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
    };
  }
  responses.default = ERROR_REF;
  op.responses = responses;
  return op;
}

/**
 * The OpenAPI 3.1 document of every route of the policy table. Throws when a documented route has
 * no rule (or a rule has no documentation), so a route cannot be half added.
 */
export function buildOpenApiDocument(
  routes: readonly RouteDoc[] = ROUTE_DOCS,
  policy: readonly PolicyRule[] = POLICY,
): OpenApiDocument {
  const rules = new Map(policy.map((rule) => [routeKey(rule), rule]));
  const documented = new Set(routes.map(routeKey));
  const undocumented = [...rules.keys()].filter((key) => !documented.has(key));
  const unknown = [...documented].filter((key) => !rules.has(key));
  if (undocumented.length > 0 || unknown.length > 0) {
    throw new Error(
      `The OpenAPI registry and the policy table disagree: undocumented ${JSON.stringify(undocumented)}, ` +
        `not in the policy ${JSON.stringify(unknown)}`,
    );
  }

  const schemas = new SchemaCollector();
  const errorSchema = schemas.convert(apiErrorSchema, 'output');
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route, rules.get(routeKey(route))!, schemas);
  }

  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'casegraph API',
      version: '0.1.0',
      description:
        'The explorer’s JSON API. Every answer that is not a success is `{error: {code, message, details?}}`. ' +
        'Browsers sign in with `POST /api/auth/login` (a session cookie) and send the CSRF token from ' +
        '`GET /api/auth/me` as `X-CSRF-Token` on every change; scripts send `Authorization: Bearer <token>` ' +
        '(made at `POST /api/auth/tokens`). Who may call what is `server/auth/policy.ts`.',
    },
    servers: [{ url: '/' }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: { ApiError: errorSchema, ...schemas.components() },
      responses: {
        Error: {
          description:
            'Any other failure (500 INTERNAL, 503 DATABASE_UNAVAILABLE, 503 AUDIT_UNAVAILABLE, ...)',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
        },
      },
      securitySchemes: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'The browser session, set by `POST /api/auth/login`',
        },
        csrfToken: {
          type: 'apiKey',
          in: 'header',
          // server/auth/access-control.ts checks it (header names ignore case; a test compares them).
          name: 'X-CSRF-Token',
          description:
            'With the session cookie, on every POST, PUT, PATCH and DELETE: `csrfToken` of `GET /api/auth/me`',
        },
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token made at `POST /api/auth/tokens` (analysts and admins)',
        },
      },
    },
  };
}
