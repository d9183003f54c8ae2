import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startLocalNeo4j, type LocalNeo4jOptions } from '../../server/local-neo4j/local-neo4j.js';

/** The refusals happen before any JVM starts, so these tests are quick. */
describe('startLocalNeo4j refusals', () => {
  const homes: string[] = [];
  const options = async (): Promise<LocalNeo4jOptions> => {
    const homeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-refusal-'));
    homes.push(homeDir);
    return { homeDir, boltPort: await freePort(), heap: '256m', pageCache: '64m', txTimeoutMs: 1000 };
  };
  afterEach(() => {
    for (const home of homes.splice(0)) fs.rmSync(home, { recursive: true, force: true });
  });

  it('when the Bolt port is taken, then it refuses with PORT_IN_USE', async () => {
    const opts = await options();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(opts.boltPort, '127.0.0.1', resolve));
    try {
      await expect(startLocalNeo4j(opts)).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        message: expect.stringContaining(`Port ${opts.boltPort}`),
      });
    } finally {
      blocker.close();
    }
  });

  it('when a server already runs on the same data folder, then it refuses with ALREADY_RUNNING', async () => {
    const opts = await options();
    // A live pid in the pid file stands for the running server.
    fs.writeFileSync(path.join(opts.homeDir, 'casegraph-neo4j.pid'), String(process.pid));
    await expect(startLocalNeo4j(opts)).rejects.toMatchObject({ code: 'ALREADY_RUNNING' });
  });

  it('when java is not on PATH, then it refuses with JAVA_MISSING and says how to fix it', async () => {
    const opts = await options();
    const savedPath = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startLocalNeo4j(opts)).rejects.toMatchObject({
        code: 'JAVA_MISSING',
        message: expect.stringContaining('Java 17'),
      });
    } finally {
      process.env.PATH = savedPath;
    }
  });
});
