// zlib: round trips against node:zlib in both directions, and corrupt streams.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { deflateSync, inflateSync, constants } from "node:zlib";
import { adler32, deflateZlib, inflateZlib } from "../../src/jitter/zlib.ts";

function sample(seed: number, n: number, alphabet: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x % alphabet;
  }
  return out;
}

const inputs: [string, Uint8Array][] = [
  ["empty", new Uint8Array(0)],
  ["one byte", new Uint8Array([7])],
  ["zeros 100k", new Uint8Array(100_000)],
  ["random 50k", sample(1, 50_000, 256)],
  ["low entropy 70k", sample(2, 70_000, 3)],
  ["text", new TextEncoder().encode("HdrHistogram ".repeat(5000) + "end")],
];

describe("zlib", () => {
  it("adler32 matches the RFC 1950 definition on a known string", () => {
    // Adler-32("Wikipedia") = 0x11E60398, a widely published value
    expect(adler32(new TextEncoder().encode("Wikipedia"))).toBe(0x11e60398);
  });
  for (const [name, data] of inputs) {
    it(`inflates node:zlib output at levels 0, 1, 6, 9 and Z_FIXED: ${name}`, () => {
      for (const opts of [{ level: 0 }, { level: 1 }, { level: 6 }, { level: 9 }, { strategy: constants.Z_FIXED }, { strategy: constants.Z_HUFFMAN_ONLY }]) {
        const z = new Uint8Array(deflateSync(data, opts));
        expect(Buffer.from(inflateZlib(z)).equals(Buffer.from(data))).toBe(true);
      }
    });
    it(`deflates to a stream node:zlib inflates: ${name}`, () => {
      const z = deflateZlib(data);
      expect(Buffer.from(inflateSync(z)).equals(Buffer.from(data))).toBe(true);
      expect(Buffer.from(inflateZlib(z)).equals(Buffer.from(data))).toBe(true);
    });
  }
  it("compresses repetitive data (LZ77 matches are used)", () => {
    expect(deflateZlib(new Uint8Array(100_000)).length).toBeLessThan(1000);
  });
  it("round-trips arbitrary bytes both ways (property)", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 2, max: 256 }), (raw, k) => {
      const data = raw.map((b) => b % k);
      expect(Buffer.from(inflateSync(deflateZlib(data))).equals(Buffer.from(data))).toBe(true);
      expect(Buffer.from(inflateZlib(new Uint8Array(deflateSync(data)))).equals(Buffer.from(data))).toBe(true);
    }), { numRuns: 200 });
  });
  it("rejects corrupt and truncated streams with corrupt-encoding", () => {
    const good = new Uint8Array(deflateSync(sample(3, 5000, 16)));
    const bad: Uint8Array[] = [new Uint8Array(0), good.subarray(0, 3), good.subarray(0, good.length - 1), good.subarray(0, good.length >> 1)];
    const flipped = good.slice(); flipped[good.length - 2] ^= 0xff; bad.push(flipped); // checksum
    const hdr = good.slice(); hdr[1] ^= 1; bad.push(hdr); // FCHECK
    const dict = new Uint8Array([0x78, 0xbb, 0, 0, 0, 1, 3, 0, 0, 0, 0, 1]); bad.push(dict);
    const type3 = new Uint8Array([0x78, 0x9c, 0x07, 0, 0, 0, 0, 0]); bad.push(type3);
    for (const b of bad) expect(() => inflateZlib(b)).toThrow(expect.objectContaining({ code: "corrupt-encoding" }));
    // every single-byte corruption either throws corrupt-encoding or (rarely) still passes Adler-32
    let threw = 0;
    for (let i = 2; i < good.length; i += 7) {
      const c = good.slice(); c[i] ^= 0x5a;
      try { inflateZlib(c); } catch (e) { expect((e as { code?: string }).code).toBe("corrupt-encoding"); threw++; }
    }
    expect(threw).toBeGreaterThan(0);
  });
  it("bounds the inflated size", () => {
    const z = new Uint8Array(deflateSync(new Uint8Array(1 << 20)));
    expect(() => inflateZlib(z, 1000)).toThrow(expect.objectContaining({ code: "corrupt-encoding" }));
  });
});
