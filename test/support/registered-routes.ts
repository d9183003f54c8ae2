/**
 * Every `METHOD /api/path` the app's routers register, read from Express's router stack without
 * a database (the driver never connects, the app store is never queried). The policy and OpenAPI
 * tests compare it with their tables.
 */
import neo4j from 'neo4j-driver';
import { createApp } from '../../server/app.js';
import { createAppStore } from '../../server/app-store/app-store.js';
import { createLogger } from '../../server/logger.js';

interface RouterLayer {
  handle: { stack?: { route?: { path: string; methods: Record<string, boolean> } }[] };
}

/** The routes of a freshly made app; they are all mounted on /api. */
export function registeredRoutes(): string[] {
  const app = createApp({
    driver: neo4j.driver('bolt://127.0.0.1:1'),
    database: 'neo4j',
    logger: createLogger('silent'),
    lifecycle: { shuttingDown: false },
    appStore: createAppStore({ dialect: 'sqlite', file: ':memory:' }),
  });
  const routes: string[] = [];
  for (const layer of (app as unknown as { router: { stack: RouterLayer[] } }).router.stack) {
    for (const inner of layer.handle.stack ?? []) {
      if (!inner.route) continue;
      for (const method of Object.keys(inner.route.methods)) {
        routes.push(`${method.toUpperCase()} /api${inner.route.path}`);
      }
    }
  }
  return routes;
}
