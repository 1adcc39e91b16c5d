// Hostile HdrHistogram text (issue 11, findings 4 and 5): decompression bombs and ReDoS strings
// are refused with corrupt-encoding after work bounded by the layout the header declares, and the
// library keeps working afterwards. Timings are in bench/jitter.bench.mjs ("worst case" rows); here
// the decoder's own count of inflated bytes shows where it stopped.
import { describe, expect, it } from "vitest";
import { inflateSync } from "node:zlib";
import { type DecodeStats, decodeText } from "../../src/jitter/hdr.ts";
import { layoutFor } from "../../src/jitter/layout.ts";
import { LatencyHistogram } from "../../src/mod.ts";
import { inflateBomb, redosText, zeroRunBomb } from "../reference/hostile.mjs";

const code = (c: string) => expect.objectContaining({ code: c });
const MiB = 2 ** 20;
/** One inflate chunk (2 KiB of stream) expands to at most ~2.1 MB: the most a decoder may overshoot. */
const CHUNK_SLACK = 2048 * 1032 + 32768;

function refused(text: string): { stats: DecodeStats; message: string } {
  const stats: DecodeStats = { inflatedBytes: 0 };
  let message = "";
  try {
    decodeText(text, stats);
  } catch (e) {
    expect(e).toEqual(code("corrupt-encoding"));
    message = (e as Error).message;
  }
  expect(message, "refused").not.toBe("");
  return { stats, message };
}

function stillWorks(): void {
  const h = new LatencyHistogram();
  h.record(1000n);
  const back = LatencyHistogram.decode(h.encode());
  expect(back.percentile(50)).toBe(1000n);
  back.dispose();
  h.dispose();
}

describe("decompression bombs", () => {
  it("a 64-character zero run claiming 2^26 empty buckets is refused where the run starts", () => {
    const text = zeroRunBomb();
    expect(text.length).toBe(64);
    const { stats, message } = refused(text);
    expect(message).toMatch(/run of 67108864 empty buckets runs past the 33792 buckets/);
    expect(stats.inflatedBytes).toBe(45); // header and two words: nothing else was made
    expect(() => LatencyHistogram.decode(text)).toThrow(code("corrupt-encoding"));
    stillWorks();
  });
  it("zero runs up to the last bucket are fine, one bucket more is not", () => {
    const buckets = layoutFor(1n, 3_600_000_000_000n, 3).len;
    // the run then the count: the count lands on index `run`
    const h = LatencyHistogram.decode(zeroRunBomb(buckets - 1));
    expect(h.count).toBe(1n);
    expect(h.max).toBeGreaterThan(3_500_000_000_000n);
    h.dispose();
    expect(() => LatencyHistogram.decode(zeroRunBomb(buckets))).toThrow(code("corrupt-encoding"));
  });
  it("~340 KB of text inflating to 250 MiB, its header stating that length, is refused at the header", () => {
    const text = inflateBomb();
    expect(text.length).toBeGreaterThan(300_000);
    expect(text.length).toBeLessThan(400_000);
    expect(inflateSync(Buffer.from(text, "base64").subarray(8)).length).toBe(250 * MiB + 40); // an honest zlib stream
    const { stats, message } = refused(text);
    expect(message).toMatch(/payload length 262144000 is more than 9 bytes for each of the 33792 buckets/);
    expect(stats.inflatedBytes).toBeLessThanOrEqual(256 * 1032 + 32768); // the first 256 bytes of stream
    expect(stats.inflatedBytes).toBeLessThan(CHUNK_SLACK);
    stillWorks();
  });
  it("the same bomb behind a header that states a short payload stops one small chunk past it", () => {
    const { stats, message } = refused(inflateBomb({ payload: 12 }));
    expect(message).toMatch(/runs past the 12 payload bytes/);
    expect(stats.inflatedBytes).toBeLessThanOrEqual(2 * (256 * 1032 + 32768)); // the header's chunk, then one more
  });
  it("behind the largest layout (5 digits up to 2^63 − 1) it stops once the counts pass its buckets", () => {
    const buckets = layoutFor(1n, 2n ** 63n - 1n, 5).len;
    const { stats, message } = refused(inflateBomb({ digits: 5, highest: 2n ** 63n - 1n, payload: 9 * buckets }));
    expect(message).toMatch(new RegExp(`past the ${buckets} buckets`));
    expect(stats.inflatedBytes).toBeLessThanOrEqual(40 + buckets + CHUNK_SLACK);
    stillWorks();
  });
  it("a split encoding with a bomb in either half is refused", () => {
    const good = new LatencyHistogram();
    good.record(5n);
    const ok = good.encode();
    good.dispose();
    expect(() => LatencyHistogram.decode({ negative: zeroRunBomb(), nonNegative: ok })).toThrow(
      code("corrupt-encoding"),
    );
    expect(() => LatencyHistogram.decode({ negative: ok, nonNegative: inflateBomb({ payload: 100 }) })).toThrow(
      code("corrupt-encoding"),
    );
  });
});

describe("ReDoS", () => {
  it("300 000 '=' and a letter (the old /=+$/ took 40 s) are refused as not base64", () => {
    expect(() => decodeText(redosText())).toThrow(/not base64/);
    expect(() => LatencyHistogram.decode(redosText())).toThrow(code("corrupt-encoding"));
    stillWorks();
  });
  it("whitespace floods and padding floods are refused or read, never retried", () => {
    for (const s of [" ".repeat(300_000) + "A", "A" + "\n".repeat(300_000) + "=", "HISTFAAA" + "=".repeat(300_000)]) {
      expect(() => LatencyHistogram.decode(s)).toThrow(code("corrupt-encoding"));
    }
  });
});
