// The codecs under HdrHistogram text: base64 (src/core/base64.ts, the platform's atob/btoa), zlib
// (fflate, read through hdr.ts's bounded streaming reader with its own Adler-32 check), checked
// against node:zlib and Buffer in both directions, and the SHA-1 of leap-seconds.list.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { constants, deflateSync, inflateSync } from "node:zlib";
import { base64ToBytes, bytesToBase64 } from "../../src/core/base64.ts";
import { compressV2, decodeCompressed, decodeText, encodeV2 } from "../../src/jitter/hdr.ts";
import { sha1Hex } from "../../src/leap/sha1.ts";
import { LatencyHistogram } from "../../src/mod.ts";

const code = (c: string) => expect.objectContaining({ code: c });

/** The compressed V2 form around a zlib stream made by someone else. */
function wrap(z: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + z.length);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, 0x1c849314);
  dv.setInt32(4, z.length);
  out.set(z, 8);
  return out;
}

/** A V2 encoding of `n` pseudo-random counts over a 1-hour, 3-digit layout (33 792 buckets). */
function rawV2(n: number, seed: number): Uint8Array {
  const counts = new BigInt64Array(33_792);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    counts[x % 20_000] += BigInt(1 + (x >>> 20));
  }
  let end = counts.length;
  while (end > 0 && counts[end - 1] === 0n) end--;
  return encodeV2(1n, 3_600_000_000_000n, 3, counts, end);
}

function decodedCounts(d: ReturnType<typeof decodeCompressed>): Map<number, bigint> {
  return new Map(d.index.map((i, k) => [i, (BigInt(d.countHi[k]) << 32n) | BigInt(d.countLo[k])]));
}

describe("base64 (the platform's atob/btoa)", () => {
  it("matches Buffer both ways on arbitrary bytes (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40_000 }), (bytes) => {
        const text = Buffer.from(bytes).toString("base64");
        expect(bytesToBase64(bytes)).toBe(text);
        expect(Buffer.from(base64ToBytes(text)!).equals(Buffer.from(bytes))).toBe(true);
        // padding optional
        expect(Buffer.from(base64ToBytes(text.replace(/=/g, ""))!).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it("ignores ASCII whitespace, as wrapped text has it", () => {
    expect([...base64ToBytes(" QU\nJD\r\n\tRA ==\n")!]).toEqual([65, 66, 67, 68]);
  });
  it("refuses what is not base64: foreign characters, '=' inside, a dangling character", () => {
    for (
      const s of ["QQ-_", "QQ==QQ==", "=QQ=", "Q", "QQ=", "Q===", "QUJD\u00e9", "QU\u00a0JD", "QUJ\u2028D", "QQ==="]
    ) {
      expect(base64ToBytes(s), s).toBeUndefined();
    }
  });
  it("refuses 300 000 '=' and one letter in linear time (the old /=+$/ took 40 s)", () => {
    // no timing here (bench/jitter.bench.mjs has the row): the call returns, refused, at all
    expect(base64ToBytes("=".repeat(300_000) + "A")).toBeUndefined();
    expect(() => LatencyHistogram.decode("=".repeat(300_000) + "A")).toThrow(code("corrupt-encoding"));
  });
});

/** HdrHistogram's V2 payload by the book, in BigInt: ZigZag LEB128 (9th byte 8 bits), zero runs as −k. */
function refPayload(counts: bigint[]): number[] {
  const out: number[] = [];
  const word = (v: bigint) => {
    let u = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
    for (let i = 0; i < 8; i++) {
      if (u < 0x80n) {
        out.push(Number(u));
        return;
      }
      out.push(Number(u & 0x7fn) | 0x80);
      u >>= 7n;
    }
    out.push(Number(u));
  };
  for (let i = 0; i < counts.length;) {
    if (counts[i] !== 0n) {
      word(counts[i++]);
      continue;
    }
    let k = 0;
    while (i < counts.length && counts[i] === 0n) {
      k++;
      i++;
    }
    word(k > 1 ? BigInt(-k) : 0n);
  }
  return out;
}

describe("V2 words", () => {
  it("encodeV2 writes exactly HdrHistogram's payload: small, 2^30 and wider counts, zero runs (property)", () => {
    const count = fc.oneof(
      fc.constant(0n),
      fc.constant(0n),
      fc.bigInt({ min: 1n, max: 300n }),
      fc.bigInt({ min: 2n ** 29n, max: 2n ** 31n }),
      fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
      fc.bigInt({ min: 1n, max: 2n ** 50n }),
    );
    fc.assert(
      fc.property(fc.array(count, { maxLength: 400 }), (list) => {
        while (list.length > 0 && list[list.length - 1] === 0n) list.pop();
        const counts = BigInt64Array.from([...list, 0n, 0n, 0n]);
        const raw = encodeV2(1n, 3_600_000_000_000n, 3, counts, list.length);
        expect([...raw.subarray(40)]).toEqual(refPayload(list));
        expect(new DataView(raw.buffer).getInt32(4)).toBe(raw.length - 40);
        if (list.reduce((a, b) => a + b, 0n) > 2n ** 63n - 1n) {
          expect(() => decodeCompressed(compressV2(raw))).toThrow(code("corrupt-encoding")); // total past i64
          return;
        }
        const back = decodedCounts(decodeCompressed(compressV2(raw)));
        expect(back).toEqual(new Map(list.flatMap((c, i) => (c === 0n ? [] : [[i, c] as [number, bigint]]))));
      }),
      { numRuns: 300 },
    );
  });
});

describe("zlib (fflate) under HdrHistogram's compressed form", () => {
  const raws: [string, Uint8Array][] = [["empty", rawV2(0, 1)], ["100 counts", rawV2(100, 2)], [
    "20 000 counts",
    rawV2(20_000, 3),
  ], ["200 000 counts", rawV2(200_000, 4)]];
  for (const [name, raw] of raws) {
    it(`decodes node:zlib streams at levels 0, 1, 6, 9, Z_FIXED and Z_HUFFMAN_ONLY: ${name}`, () => {
      const want = decodedCounts(decodeCompressed(compressV2(raw)));
      for (
        const opts of [{ level: 0 }, { level: 1 }, { level: 6 }, { level: 9 }, { strategy: constants.Z_FIXED }, {
          strategy: constants.Z_HUFFMAN_ONLY,
        }]
      ) {
        const z = new Uint8Array(deflateSync(raw, opts));
        expect(decodedCounts(decodeCompressed(wrap(z)))).toEqual(want);
      }
    });
    it(`compresses to a stream node:zlib inflates to the same bytes: ${name}`, () => {
      const c = compressV2(raw);
      expect(Buffer.from(inflateSync(c.subarray(8))).equals(Buffer.from(raw))).toBe(true);
    });
  }
  it("reads streams of many inflate chunks (2 KiB each)", () => {
    const raw = rawV2(200_000, 5);
    const z = new Uint8Array(deflateSync(raw, { level: 0 }));
    expect(z.length).toBeGreaterThan(3 * 4096);
    const d = decodeCompressed(wrap(z));
    expect(d.total).toBeGreaterThan(0n);
    expect(decodedCounts(d)).toEqual(decodedCounts(decodeCompressed(compressV2(raw))));
  });
  it("rejects corrupt and truncated streams with corrupt-encoding", () => {
    const raw = rawV2(5000, 6);
    const good = new Uint8Array(deflateSync(raw));
    const bad: Uint8Array[] = [
      new Uint8Array(0),
      good.subarray(0, 3),
      good.subarray(0, good.length - 1),
      good.subarray(0, good.length >> 1),
    ];
    const flipped = good.slice();
    flipped[good.length - 2] ^= 0xff;
    bad.push(flipped); // Adler-32 (fflate does not check it)
    const hdr = good.slice();
    hdr[1] ^= 1;
    bad.push(hdr); // FCHECK
    bad.push(new Uint8Array([0x78, 0xbb, 0, 0, 0, 1, 3, 0, 0, 0, 0, 1])); // preset dictionary
    bad.push(new Uint8Array([0x78, 0x9c, 0x07, 0, 0, 0, 0, 0])); // block type 3
    bad.push(new Uint8Array([...good, 1, 2, 3, 4])); // trailing bytes: the checksum read is not the stream's
    for (const b of bad) expect(() => decodeCompressed(wrap(b))).toThrow(code("corrupt-encoding"));
    let threw = 0;
    for (let i = 2; i < good.length; i += 31) {
      const c = good.slice();
      c[i] ^= 0x5a;
      try {
        decodeCompressed(wrap(c));
      } catch (e) {
        expect((e as { code?: string }).code).toBe("corrupt-encoding");
        threw++;
      }
    }
    expect(threw).toBeGreaterThan(0);
  });
  it("rejects a stream that inflates to more than its header states", () => {
    const raw = rawV2(100, 7);
    const longer = new Uint8Array(raw.length + 1000);
    longer.set(raw);
    expect(() => decodeCompressed(wrap(new Uint8Array(deflateSync(longer))))).toThrow(code("corrupt-encoding"));
    const shorter = raw.subarray(0, raw.length - 1);
    expect(() => decodeCompressed(wrap(new Uint8Array(deflateSync(shorter))))).toThrow(code("corrupt-encoding"));
  });
  it("decodeText is base64 then decodeCompressed", () => {
    const c = compressV2(rawV2(300, 8));
    expect(decodedCounts(decodeText(Buffer.from(c).toString("base64")))).toEqual(decodedCounts(decodeCompressed(c)));
    expect(() => decodeText("HISTFAAA*")).toThrow(code("corrupt-encoding"));
  });
});

describe("SHA-1 (@noble/hashes) for leap-seconds.list", () => {
  it("FIPS 180 examples", () => {
    expect(sha1Hex("abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(sha1Hex("")).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
    );
  });
});
