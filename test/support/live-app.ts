/**
 * An app listening on an ephemeral loopback port, for tests that send many requests or raw bytes:
 * supertest opens a server per call and serialises Buffers given with a JSON content type, while
 * fetch over one keep-alive agent sends exactly the bytes given.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';

export interface LiveApp {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Starts `app` on 127.0.0.1 with a free port. */
export async function listenOnLoopback(app: Express): Promise<LiveApp> {
  const server: Server = await new Promise((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
