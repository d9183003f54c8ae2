/**
 * Loaded into the API under soak with `node --import`: every 10 s it appends the process's own
 * memory (RSS, V8 heap used and total, external, array buffers, in bytes) as one JSON line to the
 * file SOAK_MEMORY_PROBE names. RSS alone cannot tell a growing JavaScript heap from V8 merely
 * keeping more pages; these lines can. Worker threads inherit `--import`, so each thread (the
 * user-Cypher workers too) writes its own lines: `thread` 0 is the main one; RSS is the process's.
 * Plain JavaScript: it runs in the compiled server, not under tsx.
 */
import fs from 'node:fs';
import process from 'node:process';
import { setInterval } from 'node:timers';
import { threadId } from 'node:worker_threads';

const file = process.env.SOAK_MEMORY_PROBE;
if (file) {
  const started = Date.now();
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    const line = {
      atSeconds: Math.round((Date.now() - started) / 1000),
      thread: threadId,
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
    };
    fs.appendFile(file, JSON.stringify(line) + '\n', () => {});
  }, 10_000);
  // Never the reason the server stays up.
  timer.unref();
}
