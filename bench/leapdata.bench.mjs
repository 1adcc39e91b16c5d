// Leap data that stays current: range answers (inside the table's validity and past its expiry)
// and TZif parsing. Run through bench/run.mjs (`node bench/run.mjs leapdata`).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LeapTable, readTzifLeaps } from "../build/tsc/mod.js";
import { makeInstants } from "./leap.bench.mjs";
import { seededRandom } from "./harness.mjs";
import { dataDir } from "../test/data-dir.mjs";

const DATA = dataDir("leap");
const POOL = 1 << 16;
const MASK = POOL - 1;
const S = 1_000_000_000n;

/**
 * A 1024-byte TZif v4 file: the 27 leap records of right/UTC plus a v4 expiry record (2027-06-28)
 * and 25 transitions of padding (zic writes such transitions in real files), with v1 and v2 blocks.
 */
function tzif1k(real) {
  const view = new DataView(real.buffer, real.byteOffset, real.byteLength);
  const leaps = [];
  const at = real.length - 2 - 27 * 12; // the 64-bit block's leap records, before the "\n\n" footer
  for (let i = 0; i < 27; i++) leaps.push([Number(view.getBigInt64(at + i * 12)), view.getInt32(at + i * 12 + 8)]);
  leaps.push([1_814_140_800 + 27, 27]); // expiry
  const trans = Array.from({ length: 25 }, (_, i) => 100_000_000 + i * 50_000_000);
  const out = [];
  const u32 = (v) => out.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  const i64 = (v) => {
    u32(Math.floor(v / 2 ** 32) >>> 0);
    u32(v >>> 0);
  };
  const header = () => {
    out.push(0x54, 0x5a, 0x69, 0x66, 0x34, ...new Array(15).fill(0));
    u32(0);
    u32(0);
    u32(leaps.length);
    u32(trans.length);
    u32(1);
    u32(4);
  };
  const block = (wide) => {
    for (const t of trans) (wide ? i64 : u32)(t);
    for (const _ of trans) out.push(0);
    out.push(0, 0, 0, 0, 0, 0, 0x55, 0x54, 0x43, 0);
    for (const [occ, corr] of leaps) {
      (wide ? i64 : u32)(occ);
      u32(corr);
    }
  };
  header();
  block(false);
  header();
  block(true);
  out.push(0x0a, 0x55, 0x54, 0x43, 0x30, 0x0a);
  return Uint8Array.from(out);
}

export default async function leapdata(suite) {
  const table = LeapTable.builtin();
  const inside = Array.from(makeInstants(POOL));
  const rand = seededRandom(0x1eaf);
  const exp = table.expiresUnixNs;
  const july = 1_814_400_000n * S; // 2027-07-01, the first possible unannounced leap
  const past = Array.from({ length: POOL }, () => july + BigInt(Math.floor(rand() * 3 * 365 * 86_400)) * S);
  const real = new Uint8Array(readFileSync(join(DATA, "tzif/right-UTC-2026-07-06")));
  const k1 = tzif1k(real);

  // ---- correctness before speed ----
  for (const u of inside) {
    const r = table.taiMinusUtcRange(u);
    const v = table.taiMinusUtc(u);
    if (r.minNs !== v || r.maxNs !== v) throw new Error(`bench/leapdata: range at ${u} is not the exact value ${v}`);
  }
  for (const u of past.slice(0, 1000)) {
    const r = table.taiMinusUtcRange(u);
    if (!(r.minNs < 37n * S && r.maxNs > 37n * S)) {
      throw new Error(`bench/leapdata: range past expiry at ${u} not widened`);
    }
  }
  if (k1.length !== 1024) throw new Error(`bench/leapdata: the 1 KB TZif is ${k1.length} bytes`);
  const t1 = LeapTable.fromTzif(k1);
  if (t1.leaps.length !== 28 || t1.expiresUnixNs !== exp) {
    throw new Error("bench/leapdata: the 1 KB TZif did not parse to 28 entries + the 2027-06-28 expiry");
  }

  const base = "(a0) taiMinusUtc(u), same instants";
  suite.baseline(base);
  const expiry = new Date(Number(exp / 1_000_000n)).toISOString().slice(0, 10);
  suite.note(
    `instants inside validity: the leap bench's mix (90% in the last row, 10% 1961..2017), ${POOL} pre-made; ` +
      `past expiry: uniform over 3 years from 2027-07-01 (expiry ${expiry}).`,
  );
  suite.note("checked before timing: inside validity both bounds equal taiMinusUtc; past expiry the range is widened.");
  suite.add({
    name: base,
    setup: () => {
      let i = 0;
      return () => table.taiMinusUtc(inside[i = (i + 1) & MASK]);
    },
  });
  suite.add({
    name: "(a) taiMinusUtcRange(u) inside validity",
    setup: () => {
      let i = 0;
      return () => table.taiMinusUtcRange(inside[i = (i + 1) & MASK]);
    },
    target: { max: 30 },
    note: "returns a new { minNs, maxNs }; the last row's span is answered in the shell",
  });
  suite.add({
    name: "(b) taiMinusUtcRange(u) past expiry (any month)",
    setup: () => {
      let i = 0;
      return () => table.taiMinusUtcRange(past[i = (i + 1) & MASK]);
    },
    note: "diagnostic: core lookup + civil month count + two bigint products",
  });
  suite.add({
    name: "(c) fromTzif, 1024-byte TZif v4 (27 leaps + expiry)",
    fn: () => LeapTable.fromTzif(k1).dispose(),
    unit: "µs/op",
    scale: 1e3,
    target: { max: 20 },
    note:
      "whole call: header checks, records, building the table (fromLeaps, core rows), then dispose() as its owner would; left to the collector, each dropped table adds its finalization (~10 µs here)",
  });
  suite.add({
    name: "(c') readTzifLeaps, same 1024-byte file (the TZif parse alone)",
    fn: () => readTzifLeaps(k1),
    unit: "µs/op",
    scale: 1e3,
    note: "diagnostic: (c) minus this is LeapTable.fromLeaps building the table (src/leap/table.ts)",
  });
  suite.add({
    name: "(d) fromTzif, real right/UTC (664 bytes, v2)",
    fn: () => LeapTable.fromTzif(real).dispose(),
    unit: "µs/op",
    scale: 1e3,
  });
}
