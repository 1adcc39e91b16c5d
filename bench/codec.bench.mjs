// Codec benchmarks: HdrHistogram compressed base64 encode/decode (zlib + base64 + V2 words) and
// the leap-seconds.list hash (SHA-1), against hdr-histogram-js 3.0.1's decoder in the same run.
// Run through bench/run.mjs (`npm run bench -- codec`). These rows are the before/after record of
// replacing the hand-written zlib, SHA-1 and base64 with maintained libraries (issue 12 item 2).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { xorshift32 } from "../test/data/generators.mjs";
import { dirname, join } from "node:path";
import * as hdr from "hdr-histogram-js";
import { LatencyHistogram, LeapTable } from "../build/tsc/mod.js";

const here = dirname(fileURLToPath(import.meta.url));
const HOUR = 3_600_000_000_000n;

/** Deterministic timer-lateness-like values: mostly 50 ns … 2 µs, a tail to 100 ms (as jitter.bench). */
function makeValues(n, seed = 0x2545f491) {
  const rnd = xorshift32(seed);
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    out[i] = BigInt(r < 0.9 ? 50 + Math.floor(rnd() * 2000) : Math.floor(10 ** (3 + 5 * rnd())));
  }
  return out;
}

export default async function codec(suite) {
  const big = new LatencyHistogram({ highestTrackableNs: HOUR });
  big.recordMany(makeValues(1_000_000));
  const small = new LatencyHistogram({ highestTrackableNs: HOUR });
  small.recordMany(makeValues(1000, 7));
  const bigText = big.encode(), smallText = small.encode();
  for (const [h, t] of [[big, bigText], [small, smallText]]) {
    const back = LatencyHistogram.decode(t);
    const ref = hdr.decodeFromCompressedBase64(t, 64, false);
    if (
      back.count !== h.count || BigInt(ref.totalCount) !== h.count ||
      back.percentile(99) !== BigInt(ref.getValueAtPercentile(99))
    ) {
      throw new Error("bench/codec: round trip disagrees");
    }
    back.dispose();
  }
  suite.note(
    `encodings: 1e6 values → ${bigText.length} base64 chars; 1e3 values → ${smallText.length} chars (1 h, 3 digits); decodes checked against hdr-histogram-js.`,
  );
  const refDecode = "(b') hdr-histogram-js decodeFromCompressedBase64, 1e6-value histogram";
  suite.baseline(refDecode);
  suite.add({
    name: "(a) encode(), 1e6-value histogram",
    fn: () => big.encode().length,
    unit: "µs/op",
    scale: 1000,
  });
  suite.add({
    name: "(a') encode(), 1e3-value histogram",
    fn: () => small.encode().length,
    unit: "µs/op",
    scale: 1000,
  });
  suite.add({
    name: "(b) LatencyHistogram.decode, 1e6-value histogram",
    fn: () => {
      const h = LatencyHistogram.decode(bigText);
      const n = h.count;
      h.dispose();
      return n;
    },
    unit: "µs/op",
    scale: 1000,
  });
  suite.add({
    name: refDecode,
    fn: () => hdr.decodeFromCompressedBase64(bigText, 64, false).totalCount,
    unit: "µs/op",
    scale: 1000,
  });
  suite.add({
    name: "(b'') LatencyHistogram.decode, 1e3-value histogram",
    fn: () => {
      const h = LatencyHistogram.decode(smallText);
      const n = h.count;
      h.dispose();
      return n;
    },
    unit: "µs/op",
    scale: 1000,
  });
  const leapFile = join(here, "..", "..", "shared", "data", "leap", "leap-seconds.list");
  if (existsSync(leapFile)) {
    const text = readFileSync(leapFile, "utf8");
    suite.add({
      name: "(c) LeapTable.parse(leap-seconds.list), hash verified",
      fn: () => LeapTable.parse(text) !== null,
      unit: "µs/op",
      scale: 1000,
      note: "SHA-1 of the file's data lines plus parsing and the table build",
    });
    suite.add({
      name: "(c') LeapTable.parse(leap-seconds.list), verifyHash: false",
      fn: () => LeapTable.parse(text, { verifyHash: false }) !== null,
      unit: "µs/op",
      scale: 1000,
      note: "(c) − (c') is the hash",
    });
  }
}
