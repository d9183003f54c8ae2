import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDriverPatches, combinedBufferClassForTests } from '../../server/db/driver-patches.js';

/** A chunk as the driver's decoder sees one, counting how often its length is asked. */
class CountingChunk {
  lengthReads = 0;
  constructor(private readonly bytes: Buffer) {}
  get length(): number {
    this.lengthReads += 1;
    return this.bytes.length;
  }
  getUInt8(position: number): number {
    return this.bytes.readUInt8(position);
  }
  getInt8(position: number): number {
    return this.bytes.readInt8(position);
  }
}

interface Readable {
  getUInt8(position: number): number;
  getInt8(position: number): number;
}

function combined(chunks: Buffer[]): { buffer: Readable; counting: CountingChunk[] } {
  applyDriverPatches();
  const CombinedBuffer = combinedBufferClassForTests();
  const counting = chunks.map((bytes) => new CountingChunk(bytes));
  return { buffer: new CombinedBuffer(counting) as Readable, counting };
}

describe('the linear-time CombinedBuffer repair', () => {
  it('reads the same bytes as one contiguous buffer, in any order of reads', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 200 }),
        (parts, picks) => {
          const chunks = parts.map((part) => Buffer.from(part));
          const whole = Buffer.concat(chunks);
          const { buffer } = combined(chunks);
          // Forward reads as the decoder makes them, then reads anywhere (some behind the last).
          for (let position = 0; position < whole.length; position += 1) {
            expect(buffer.getUInt8(position)).toBe(whole.readUInt8(position));
          }
          for (const pick of picks) {
            const position = pick % whole.length;
            expect(buffer.getUInt8(position)).toBe(whole.readUInt8(position));
            expect(buffer.getInt8(position)).toBe(whole.readInt8(position));
          }
        },
      ),
    );
  });

  it('refuses a read past the end, as the driver does', () => {
    const { buffer } = combined([Buffer.from([1, 2]), Buffer.from([3])]);
    expect(buffer.getUInt8(2)).toBe(3);
    expect(() => buffer.getUInt8(3)).toThrow('Read beyond end of CombinedBuffer');
  });

  it('reading a message of many chunks front to back visits each chunk a bounded number of times', () => {
    // Unrepaired, every read walked the chunk list from its start: a 30 MB record of 4,000
    // chunks took tens of billions of steps (about 50 s of a blocked event loop). Here 1,000
    // chunks of 256 bytes: a quarter of a million reads, an eighth of a billion steps unrepaired.
    const chunkCount = 1_000;
    const chunkSize = 256;
    const chunks = Array.from({ length: chunkCount }, (_, index) => Buffer.alloc(chunkSize, index % 256));
    const { buffer, counting } = combined(chunks);
    let total = 0;
    for (let position = 0; position < chunkCount * chunkSize; position += 1)
      total += buffer.getUInt8(position);
    expect(total).toBeGreaterThan(0);
    const lengthReads = counting.reduce((sum, chunk) => sum + chunk.lengthReads, 0);
    // One length read per byte plus one per chunk passed: linear in the message.
    expect(lengthReads).toBeLessThanOrEqual(chunkCount * chunkSize + 2 * chunkCount);
  });
});
