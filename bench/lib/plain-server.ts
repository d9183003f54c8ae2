/**
 * The baselines for the throughput benchmark, each in a process of its own like the API, answering
 * every request with one JSON body captured from the API (the file given as the first argument):
 *   - `plain`: bare `node:http`, the bytes as they are;
 *   - `express`: the API's HTTP stack without the API — Express 5, helmet, pino-http at `warn`,
 *     the JSON body parser, no ETag, `Cache-Control: no-store`, and `res.json()` of the parsed body
 *     (so JSON.stringify is paid, as the API pays it) — but no access control, no audit, no Neo4j,
 *     no mapping.
 * Prints its port on stdout once listening.
 */
import fs from 'node:fs';
import http from 'node:http';
import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { createLogger } from '../../server/logger.js';

const bytes = fs.readFileSync(process.argv[2]!);
const kind = process.argv[3] ?? 'plain';

let server: http.Server;
if (kind === 'express') {
  const body: unknown = JSON.parse(bytes.toString('utf8'));
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(helmet());
  app.use(pinoHttp({ logger: createLogger('warn') }));
  app.use(express.json({ limit: '1mb' }));
  app.use((_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(body);
  });
  server = http.createServer(app);
} else {
  server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length });
    res.end(bytes);
  });
}
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(typeof address === 'object' && address ? address.port : 0);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
