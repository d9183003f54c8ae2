/**
 * A repair to neo4j-driver 6.3 that casegraph cannot wait for upstream.
 *
 * A Bolt message larger than one chunk reaches the driver's decoder as a `CombinedBuffer` over
 * the chunks (a few KB each). Its byte reader walks the chunk list from the start for every byte,
 * so decoding a message costs bytes × chunks: `RETURN range(1, 6000000)` (a 30 MB record of
 * ~4,000 chunks) kept the event loop busy for about 50 s, and with it every other request of
 * the process (`/api/health` included). The decoder reads almost always forward, so remembering
 * the chunk of the last read makes each read O(1) and the message linear.
 *
 * The repair replaces two methods of the driver's own class, keeping their contract (same
 * values, same error past the end); `test/unit/driver-patches.test.ts` checks it against a
 * single contiguous buffer at random positions. Remove it when the driver reads in linear time.
 */
import { createRequire } from 'node:module';

interface ChunkBuffer {
  length: number;
  getUInt8(position: number): number;
  getInt8(position: number): number;
}

interface CombinedBufferInstance {
  _buffers: ChunkBuffer[];
  /** Index of the chunk of the last read, and where that chunk starts in the message. */
  _casegraphChunk?: number;
  _casegraphChunkStart?: number;
}

interface CombinedBufferClass {
  prototype: {
    getUInt8(this: CombinedBufferInstance, position: number): number;
    getInt8(this: CombinedBufferInstance, position: number): number;
  };
}

const require = createRequire(import.meta.url);

/** The driver's class, from the copy of the bolt layer that neo4j-driver itself loads. */
function loadCombinedBuffer(): CombinedBufferClass {
  const driverEntry = require.resolve('neo4j-driver');
  const fromDriver = createRequire(driverEntry);
  const boltEntry = fromDriver.resolve('neo4j-driver-bolt-connection');
  const boltRequire = createRequire(boltEntry);
  const module = boltRequire('./channel/combined-buf.js') as { default: CombinedBufferClass };
  return module.default;
}

/**
 * Where `position` falls: moves the buffer's remembered chunk there (starting from the chunk of
 * the last read) and returns the offset in that chunk. No allocation: it runs once per byte.
 */
function locate(buffer: CombinedBufferInstance, position: number): number {
  const chunks = buffer._buffers;
  let index = buffer._casegraphChunk ?? 0;
  let start = buffer._casegraphChunkStart ?? 0;
  if (position < start) {
    // A read behind the last one (rare): start over from the first chunk.
    index = 0;
    start = 0;
  }
  while (index < chunks.length) {
    const length = chunks[index]!.length;
    if (position < start + length) {
      buffer._casegraphChunk = index;
      buffer._casegraphChunkStart = start;
      return position - start;
    }
    start += length;
    index += 1;
  }
  // The driver's own words for the same failure.
  throw new Error('Read beyond end of CombinedBuffer');
}

let applied = false;

/** Installs the repair once per process; later calls do nothing. */
export function applyDriverPatches(): void {
  if (applied) return;
  applied = true;
  const CombinedBuffer = loadCombinedBuffer();
  CombinedBuffer.prototype.getUInt8 = function getUInt8(position) {
    const offset = locate(this, position);
    return this._buffers[this._casegraphChunk!]!.getUInt8(offset);
  };
  CombinedBuffer.prototype.getInt8 = function getInt8(position) {
    const offset = locate(this, position);
    return this._buffers[this._casegraphChunk!]!.getInt8(offset);
  };
}

/** For tests: the class the repair applies to. */
export function combinedBufferClassForTests(): new (chunks: unknown[]) => unknown {
  return loadCombinedBuffer() as unknown as new (chunks: unknown[]) => unknown;
}
