/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 document of the API, public like the probes. Built
 * once from the static route list and the policy table (`document.ts`), never from the app's deps.
 */
import { Router } from 'express';
import { buildOpenApiDocument, type OpenApiDocument } from './document.js';

/** Mounts `GET /api/openapi.json`. */
export function openApiRoutes(): Router {
  const router = Router();
  let document: OpenApiDocument | undefined;
  router.get('/openapi.json', (_req, res) => {
    document ??= buildOpenApiDocument();
    res.json(document);
  });
  return router;
}
