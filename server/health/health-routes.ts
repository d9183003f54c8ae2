/**
 * Liveness and readiness. `/api/health` answers while the process lives;
 * `/api/ready` only when Neo4j answers and we are not shutting down, so a
 * load balancer stops sending work before the database or the process goes.
 */
import { Router } from 'express';
import type { AppDeps } from '../app.js';
import { checkReadiness } from '../db/driver.js';

export function healthRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });

  router.get('/ready', async (_req, res) => {
    if (deps.lifecycle.shuttingDown) {
      res.status(503).json({ status: 'unavailable', reason: 'shutting down' });
      return;
    }
    const readiness = await checkReadiness(deps.driver, deps.database);
    if (readiness.ready) {
      res.json({ status: 'ready' });
    } else {
      res.set('Retry-After', '5').status(503).json({ status: 'unavailable', reason: readiness.reason });
    }
  });

  return router;
}
