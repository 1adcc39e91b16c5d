// parseDriftLogColumns (the byte-level parser, typed-array batches) against parseDriftLogStream (the
// reference: the whole-text parsers' line readers): the same records, to the ns, and the same bad
// lines with their numbers, on the sample logs cut at every byte, on random and hostile lines
// (exponents, signs, many digits, columns missing, CRLF, NUL, tabs, non-ASCII, long lines), strict
// and lax.
import { describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import {
  DRIFT_COLUMN,
  type DriftLogColumns,
  type DriftLogRecord,
  MAX_BAD_LINE_TEXT,
  parseDriftLogColumns,
  parseDriftLogStream,
} from "../../src/mod.ts";
import { ByteLineWalker } from "../../src/drift/logs/columns.ts";
import type { DriftLogFormat } from "../../src/drift/logs/common.ts";
import { DETECT_CHARS, detectIn, StreamDetector } from "../../src/drift/logs/parse.ts";
import * as samples from "../data/drift/samples.ts";

const LOGS = samples.SAMPLE_LOGS;
const utf8 = new TextEncoder();

interface Row {
  line: number;
  readingNs: bigint;
  source: string;
  offsetNs: bigint;
  delayNs?: bigint;
  dispersionNs?: bigint;
  jitterNs?: bigint;
  frequencyPpm?: number;
  skewPpm?: number;
  stratum?: number;
}

/** A reference record in the batch's terms (T1..T4 are not in batches). */
function fromRecord(r: DriftLogRecord): Row {
  const o: Row = { line: r.line, readingNs: r.readingNs, source: r.source, offsetNs: r.offsetNs };
  if (r.delayNs !== undefined) o.delayNs = r.delayNs;
  if (r.dispersionNs !== undefined) o.dispersionNs = r.dispersionNs;
  if (r.jitterNs !== undefined) o.jitterNs = r.jitterNs;
  if (r.frequencyPpm !== undefined) o.frequencyPpm = r.frequencyPpm;
  if (r.skewPpm !== undefined) o.skewPpm = r.skewPpm;
  if (r.stratum !== undefined) o.stratum = r.stratum;
  return o;
}

function fromBatch(b: DriftLogColumns): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < b.length; i++) {
    const p = b.present[i];
    const o: Row = {
      line: b.line[i],
      readingNs: b.readingNs[i],
      source: b.sources[b.sourceIndex[i]],
      offsetNs: b.offsetNs[i],
    };
    if (p & DRIFT_COLUMN.delay) o.delayNs = b.delayNs[i];
    if (p & DRIFT_COLUMN.dispersion) o.dispersionNs = b.dispersionNs[i];
    if (p & DRIFT_COLUMN.jitter) o.jitterNs = b.jitterNs[i];
    if (p & DRIFT_COLUMN.frequency) o.frequencyPpm = b.frequencyPpm[i];
    if (p & DRIFT_COLUMN.skew) o.skewPpm = b.skewPpm[i];
    if (p & DRIFT_COLUMN.stratum) o.stratum = b.stratum[i];
    out.push(o);
  }
  return out;
}

type Chunks = (Uint8Array | string)[];
type Opts = { strict?: boolean; format?: DriftLogFormat; maxLineLength?: number };

async function reference(chunks: Chunks, options: Opts) {
  const s = parseDriftLogStream(chunks, options);
  const rows: Row[] = [];
  let error: unknown;
  try {
    for await (const batch of s.batches()) rows.push(...batch.map(fromRecord));
  } catch (e) {
    error = e;
  }
  return { rows, summary: s.summary(), error };
}

async function columns(chunks: Chunks, options: Opts) {
  const s = parseDriftLogColumns(chunks, options);
  const rows: Row[] = [];
  let error: unknown;
  try {
    for await (const batch of s.batches()) {
      expect(batch.length).toBeGreaterThan(0);
      rows.push(...fromBatch(batch));
    }
  } catch (e) {
    error = e;
  }
  return { rows, summary: s.summary(), error };
}

/** The bytes cut at the given points. */
function cut(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...at, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
}

/** Both parsers on the same chunks: the same rows, bad lines, counts and error. */
async function same(chunks: Chunks, options: Opts = { strict: false }, bytesNotChars = false) {
  const a = await reference(chunks, options), b = await columns(chunks, options);
  expect(b.rows).toEqual(a.rows);
  const fix = (m: string) => (bytesNotChars ? m.replace(/characters \(maxLineLength\)/, "bytes (maxLineLength)") : m);
  expect(b.summary.badLines).toEqual(a.summary.badLines.map((l) => ({ ...l, message: fix(l.message) })));
  expect(b.summary.badLineCount).toBe(a.summary.badLineCount);
  expect(b.summary.format).toBe(a.summary.format);
  expect(b.summary.recordCount).toBe(a.summary.recordCount);
  expect(b.summary.done).toBe(a.summary.done);
  if (a.error === undefined) {
    expect(b.error).toBeUndefined();
    expect(b.summary.lineCount).toBe(a.summary.lineCount);
  } else {
    expect(b.error).toMatchObject({
      code: (a.error as { code: string }).code,
      message: fix((a.error as Error).message),
    });
  }
  return a;
}

describe("parseDriftLogColumns: the same records as parseDriftLogStream", () => {
  it("every sample log, whole and cut at every byte", async () => {
    for (const [format, text] of LOGS) {
      const r = await same([utf8.encode(text)]);
      expect(r.summary.format).toBe(format);
      expect(r.rows.length).toBeGreaterThan(10);
      await same([text]);
      const bytes = utf8.encode(text.replaceAll("\n", "\r\n"));
      // every byte of the first lines (a banner, several data lines: each place in a line), then a stride
      for (let at = 0; at <= bytes.length; at += at < 450 ? 1 : 29) {
        await same([bytes.subarray(0, at), bytes.subarray(at)]);
      }
    }
  });
  it("chrony measurements: the byte reader's records carry their ns exactly", async () => {
    const line =
      "2026-11-20 22:03:17 192.0.2.10      N  2 111 111 1111   6  6 1.13 -3.177e-04  2.202e-02  1.612e-05  " +
      "1.530e-02  3.450e-04 C633640A 4B K K\n";
    const s = parseDriftLogColumns([line]);
    const got: DriftLogColumns[] = [];
    for await (const b of s.batches()) got.push(b);
    expect(got).toHaveLength(1);
    expect(got[0].readingNs[0]).toBe(BigInt(Date.UTC(2026, 10, 20, 22, 3, 17)) * 1_000_000n);
    expect(got[0].offsetNs[0]).toBe(317_700n);
    expect(got[0].delayNs[0]).toBe(22_020_000n);
    expect(got[0].dispersionNs[0]).toBe(16_120n);
    expect(got[0].stratum[0]).toBe(2);
    expect(got[0].sources).toEqual(["192.0.2.10"]);
  });
  it("every format's sample log is read by its byte reader: no line goes to the line reader", () => {
    for (const [format, text] of LOGS) {
      const walker = new ByteLineWalker(format as DriftLogFormat, false, 1 << 20);
      const fallback = vi.spyOn(walker.walker, "walk");
      walker.push(utf8.encode(text));
      walker.end();
      expect(walker.records).toBeGreaterThan(10);
      expect(walker.walker.badLineCount).toBe(0);
      expect(fallback).not.toHaveBeenCalled();
      // the spy does see the fallback: a line no byte reader takes (its date spoilt) goes there, and is bad
      const data = text.split("\n").find((l) => /^[0-9]/.test(l))!;
      walker.push(utf8.encode("x" + data.slice(1) + "\n"));
      expect(fallback).toHaveBeenCalledTimes(1);
      expect(walker.walker.badLineCount).toBe(1);
    }
  });
  it("the new byte readers' records carry their ns exactly (statistics, tracking, loopstats, rawstats)", async () => {
    const one = async (text: string) => {
      const got: DriftLogColumns[] = [];
      for await (const b of parseDriftLogColumns([text]).batches()) got.push(b);
      expect(got).toHaveLength(1);
      expect(got[0].length).toBe(1);
      return fromBatch(got[0])[0];
    };
    const chronyT = BigInt(Date.UTC(2026, 10, 20, 22, 6, 29)) * 1_000_000n;
    const stats = await one(
      samples.CHRONY_STATISTICS.split("\n").slice(0, 3).join("\n") + "\n" +
        "2026-11-20 22:06:29 192.0.2.10       4.656e-05  2.716e-03  1.947e-05  1.249e-05  1.000e-07 2.7e-01   4   0   2  0.00\n",
    );
    expect(stats).toMatchObject({ line: 4, readingNs: chronyT, source: "192.0.2.10", jitterNs: 46_560n });
    expect(stats.offsetNs).toBe(2_716_000n); // statistics' Est offset keeps its sign
    expect(stats.frequencyPpm).toBeCloseTo(12.49, 12);
    expect(stats.skewPpm).toBeCloseTo(0.1, 12);
    const track = await one(
      samples.CHRONY_TRACKING.split("\n").slice(0, 3).join("\n") + "\n" +
        "2026-11-20 22:06:29 192.0.2.10      2    -12.500      0.096 -3.177e-04 N  1  1.221e-05  6.759e-08  3.700e-02\n",
    );
    expect(track).toMatchObject({ readingNs: chronyT, offsetNs: -317_700n, stratum: 2, frequencyPpm: -12.5 });
    expect(track.skewPpm).toBeCloseTo(0.096, 12);
    const ntpT = BigInt((61364 - 40587) * 86400 + 79461) * 1_000_000_000n + 250_000_000n;
    const loop = await one("61364 79461.250 -0.000000022 -12.499644 0.000031376 0.002144 6\n");
    expect(loop).toMatchObject({ readingNs: ntpT, source: "", offsetNs: 22n, jitterNs: 31_376n });
    expect(loop.frequencyPpm).toBeCloseTo(-12.499644, 12);
    // stamps across a second boundary: t2 − t1 = 101 ns, t3 − t4 = −201 ns, t4 − t1 = 502 ns, t3 − t2 = 200 ns
    const raw = await one(
      "61364 79461.250 192.0.2.10 192.168.1.5 4004200997.999999999 4004200998.0000001 4004200998.000000300 " +
        "4004200998.0000005019 0 4 4 2 6 -23 0.015335 0.000343 C633640A\n",
    );
    expect(raw).toEqual({
      line: 1,
      readingNs: ntpT,
      source: "192.0.2.10",
      offsetNs: 50n, // −θ, θ = floor(−100 / 2)
      delayNs: 302n,
      stratum: 2,
    });
  });
  it("a BOM, a UTF-8 character cut across chunks, NUL and non-ASCII in columns", async () => {
    const base = samples.NTPD_PEERSTATS.split("\n").slice(0, 4);
    const text = "\uFEFF" + base[0] + "\n" + base[1].replace("192.0.2.10", "hôst") + "\r\n" +
      base[2].replace("9614", "96\u000014") + "\n" + base[3].replace(" 0.0", " 0.0é") + "\n";
    const bytes = utf8.encode(text);
    for (let at = 0; at <= bytes.length; at++) await same([bytes.subarray(0, at), bytes.subarray(at)]);
    for (let at = 0; at <= 4; at++) await same([bytes.subarray(0, at), bytes.subarray(at, 4), bytes.subarray(4)]);
  });

  it("text and byte chunks mixed: a BOM only opens the stream; an empty text chunk is no text", async () => {
    const [l1, l2] = samples.NTPD_PEERSTATS.split("\n");
    const bom = Uint8Array.of(0xef, 0xbb, 0xbf);
    const withBom = (s: string) => new Uint8Array([...bom, ...utf8.encode(s)]);
    // after text, a mark is a character (U+FEFF opens line 2's date: a bad line), as in a byte stream
    for (const chunks of [[l1 + "\n", withBom(l2 + "\n")], [utf8.encode(l1 + "\n"), "", withBom(l2 + "\n")]]) {
      const a = await same(chunks);
      expect(a.rows.map((r) => r.line)).toEqual([1]);
      expect(a.summary.badLines.map((l) => [l.line, l.text.charCodeAt(0)])).toEqual([[2, 0xfeff]]);
    }
    // an empty text chunk neither opens the stream nor cuts a character in two
    for (const chunks of [["", withBom(l1 + "\n")], [bom.subarray(0, 1), "", withBom(l1 + "\n").subarray(1)]]) {
      expect((await same(chunks)).rows.map((r) => r.line)).toEqual([1]);
    }
    const line = utf8.encode(l1.replace("192.0.2.10", "h€st") + "\n"), at = line.indexOf(0xe2) + 2;
    const a = await same([line.subarray(0, at), "", line.subarray(at)]);
    expect(a.rows.map((r) => r.source)).toEqual(["h€st"]);
  });
});

// Random lines for every format: well-formed numbers in many spellings, and damage.
const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
/** Mostly one of `good`, sometimes one of `bad`. */
const mostly = (good: string[], bad: string[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 6 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });
const number = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(
      fc.constantFrom("", "-", "+"),
      digits(1, 3),
      digits(1, 4),
      fc.constantFrom("e", "E"),
      fc.constantFrom("-", "+", ""),
      digits(1, 2),
    ).map(([s, a, b, e, es, x]) => `${s}${a[0]}.${b}${e}${es}${x.length > 1 && es !== "-" ? "0" : x}`),
  },
  {
    weight: 4,
    arbitrary: fc.tuple(fc.constantFrom("", "-"), digits(1, 6), digits(0, 12)).map(([s, a, b]) => `${s}${a}.${b}`),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("", "-"), digits(1, 25)).map(([s, a]) => `${s}${a}`) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom("", "-"), digits(10, 30), digits(0, 30)).map(([s, a, b]) => `${s}0.${a}${b}`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "0",
      "-0",
      "0e0",
      ".5",
      "5.",
      "0.0000000005",
      "-0.0000000005",
      "0.0000000015",
      "9007199.254740991",
      "1.5e-9",
      "2.5e-9",
      "-2.5e-9",
      "1.0000000005",
      "0.0000000025e0",
      "25e-10",
      "1e-0004",
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ".",
      "-",
      "e5",
      "1e",
      "1e+",
      "nan",
      "1e99999",
      "1e-99999",
      "9".repeat(40),
      "9007199.254740993",
      "1e00001",
    ),
  },
);
const damage = mostly([""], ["\r", "\t", "\u0000", "é", "x", " ", "  extra", "\uFFFD"]);
const chronyDate = mostly(["2026-11-20", "2024-02-29", "1677-09-22", "2262-04-11", "1970-01-01", "1969-12-31"], [
  "2023-02-29",
  "2026-13-01",
  "1677-09-21",
  "2262-04-12",
  "9999-12-31",
  "0000-01-01",
  "2026-1-20",
  "2026-11-2x",
]);
const chronyTime = mostly(["22:03:17", "23:59:60", "00:00:00", "23:47:16"], ["24:00:00", "1:2:3", "23:60:00"]);
const chronySource = mostly(["192.0.2.10", "198.51.100.7", "hôst", "2001:db8::1", "PPS"], ["é"]);
const stratum = mostly(["2", "16", "-1", "-0", "12345678901"], ["1234567890123456", "x"]);
/** The columns joined by `sep`, column `drop` left out (when drop % dropEvery is 0), `dmg` inserted at `where`. */
function damaged(cols: string[], sep: string, drop: number, dropEvery: number, dmg: string, where: number): string {
  if (drop < cols.length && drop % dropEvery === 0) cols.splice(drop, 1);
  const line = cols.join(sep);
  const w = where % (line.length + 1);
  return line.slice(0, w) + dmg + line.slice(w);
}
const measurementsLine = fc.tuple(
  chronyDate,
  chronyTime,
  chronySource,
  mostly(["N", "+", "-", "?"], ["X", "NN"]),
  stratum,
  mostly(["111", "1111", "0", "1"], ["10101", "2"]),
  mostly(["6", "-6", "10"], ["x", "6.5"]),
  fc.array(number, { minLength: 6, maxLength: 6 }),
  mostly(["C633640A", "c633640a", "12345678"], ["C633640", "XYZ"]),
  fc.constantFrom("4B K K", "", "4B"),
  fc.nat(30),
  damage,
  fc.nat(60),
).map(([d, t, src, leap, st, bits, poll, nums, refid, tail, drop, dmg, where]) => {
  const cols = [
    d,
    t,
    src,
    leap,
    st,
    bits,
    "111",
    "1111",
    poll,
    "6",
    ...nums,
    refid,
    ...tail.split(" ").filter(Boolean),
  ];
  if (drop < cols.length && drop % 5 === 0) cols.splice(drop, 1);
  let line = cols.join(drop % 2 ? "  " : " \t");
  const w = where % (line.length + 1);
  line = line.slice(0, w) + dmg + line.slice(w);
  return line;
});
const mjd = mostly(["61364", "40587", "0", "-1", "147332", "147333", "-65978"], [
  "99999999",
  "123456789012345",
  "6136x",
]);
const secondsOfDay = mostly(["79397.000", "79397", "86400", "86400.5", "1.123456789", "0"], [
  "86401",
  "0.1234567891",
  "123456.0",
  ".5",
  "5.",
]);
const peerstatsLine = fc.tuple(
  mjd,
  secondsOfDay,
  mostly(["192.0.2.10", "198.51.100.7", "127.127.1.0", "fe80::1", "hôst"], [""]),
  mostly(["9614", "f", "FFFFFFFF"], ["123456789", "xyz"]),
  fc.array(number, { minLength: 4, maxLength: 4 }),
  fc.nat(20),
  damage,
  fc.nat(60),
).map(([mjd, sec, src, st, nums, drop, dmg, where]) => {
  const cols = [mjd, sec, src, st, ...nums];
  if (drop < cols.length && drop % 4 === 0) cols.splice(drop, 1);
  let line = cols.join(" ");
  const w = where % (line.length + 1);
  line = line.slice(0, w) + dmg + line.slice(w);
  return line;
});

// statistics.log: Std dev'n, Est offset, Offset sd, Diff freq, Est skew, Stress, then Ns Bs Nr (Asym: 4.x)
const statisticsLine = fc.tuple(
  chronyDate,
  chronyTime,
  chronySource,
  fc.array(number, { minLength: 6, maxLength: 6 }),
  fc.constantFrom("4   0   2  0.00", "4 0 2", "", "12"),
  fc.nat(30),
  damage,
  fc.nat(60),
).map(([d, t, src, nums, tail, drop, dmg, where]) =>
  damaged([d, t, src, ...nums, ...tail.split(" ").filter(Boolean)], drop % 2 ? "  " : " ", drop, 4, dmg, where)
);
// tracking.log: St, Freq ppm, Skew ppm, Offset, L, Co, Offset sd, Rem. corr., Root delay, Root disp., Max. error
const trackingLine = fc.tuple(
  chronyDate,
  chronyTime,
  chronySource,
  stratum,
  fc.array(number, { minLength: 3, maxLength: 3 }),
  mostly(["N", "+", "-", "?"], ["X"]),
  fc.constantFrom("1  9.455e-06 -4.311e-08  3.700e-02  4.200e-04  2.300e-02", "1", ""),
  fc.nat(30),
  damage,
  fc.nat(60),
).map(([d, t, src, st, nums, leap, tail, drop, dmg, where]) =>
  damaged(
    [d, t, src, st, ...nums, leap, ...tail.split(" ").filter(Boolean)],
    drop % 2 ? "  " : " ",
    drop,
    4,
    dmg,
    where,
  )
);
// loopstats: offset, frequency, jitter, wander, time constant (old files: offset, frequency, time constant)
const loopstatsLine = fc.tuple(
  mjd,
  secondsOfDay,
  fc.array(number, { minLength: 4, maxLength: 4 }),
  mostly(["6", "10", "-0"], ["6.5", "x", "1234567890123456"]),
  fc.boolean(),
  fc.nat(20),
  damage,
  fc.nat(60),
).map(([day, sec, nums, tc, old, drop, dmg, where]) =>
  damaged([day, sec, ...(old ? nums.slice(0, 2) : nums), tc], " ", drop, 4, dmg, where)
);
// rawstats: T1..T4 as NTP seconds.fraction, mostly near one another (a few seconds to ±4·10^6 s apart,
// around the byte reader's exact range), sometimes an era or more apart; then leap … refid
/** As `mostly`, rarer damage (each of a line's four stamps may carry some). */
const rarely = (good: string[], bad: string[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 24 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });
const ntpSeconds = rarely(["4004200997", "3913056000", "1", "4294967295", "2208988800", "0"], [
  "4294967296",
  "12345678901",
  "-5",
]);
const ntpFraction = rarely(["123776674", "1", "000000000", "5", "999999999", "1234567891234", "0"], ["", "x", "-1"]);
const ntpOffset = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(-2_000_000, 1_999_999, 2_000_000, -1_000_001, 4_000_000) },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 33), max: 2 ** 33 }) },
);
const ntpStamp = fc.tuple(ntpSeconds, ntpOffset, ntpFraction, fc.nat(29)).map(([sec, off, frac, form]) => {
  // a good seconds column stays one (wrapping into the next or last era); a bad one stays bad
  const whole = Number(sec) >= 0 && Number(sec) < 2 ** 32 ? String((Number(sec) + off + 2 ** 34) % 2 ** 32) : sec;
  return form === 0 ? whole : form === 1 ? `${whole}.` : `${whole}.${frac}`;
});
const rawstatsLine = fc.tuple(
  mjd,
  secondsOfDay,
  mostly(["192.0.2.10", "127.127.1.0", "hôst"], [""]),
  fc.array(ntpStamp, { minLength: 4, maxLength: 4 }),
  fc.constantFrom("0 4 4 2 6 -23 0.015335 0.000343 C633640A", "0 4 4 -0", "0 4 4 4294967298", "0 4 4 x", "0 4 4", ""),
  fc.nat(30),
  damage,
  fc.nat(60),
).map(([day, sec, src, stamps, tail, drop, dmg, where]) =>
  damaged(
    [day, sec, src, "192.168.1.5", ...stamps, ...tail.split(" ").filter(Boolean)],
    " ",
    drop,
    6,
    dmg,
    where,
  )
);

describe("parseDriftLogColumns: random and hostile lines (differential)", () => {
  for (
    const [format, gen, head] of [
      ["chrony-measurements", measurementsLine, samples.CHRONY_MEASUREMENTS.split("\n").slice(0, 4).join("\n")],
      ["ntpd-peerstats", peerstatsLine, samples.NTPD_PEERSTATS.split("\n")[0]],
      ["chrony-statistics", statisticsLine, samples.CHRONY_STATISTICS.split("\n").slice(0, 4).join("\n")],
      ["chrony-tracking", trackingLine, samples.CHRONY_TRACKING.split("\n").slice(0, 4).join("\n")],
      ["ntpd-loopstats", loopstatsLine, samples.NTPD_LOOPSTATS.split("\n")[0]],
      ["ntpd-rawstats", rawstatsLine, samples.NTPD_RAWSTATS.split("\n")[0]],
    ] as const
  ) {
    it(`${format}: lax and strict, cut anywhere`, async () => {
      let lineCount = 0, recordCount = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(gen, { minLength: 1, maxLength: 25 }),
          fc.array(fc.nat(), { maxLength: 8 }),
          fc.boolean(),
          fc.boolean(),
          async (lines, points, crlf, strict) => {
            const text = head + "\n" + lines.join(crlf ? "\r\n" : "\n") + (crlf ? "\r\n" : "");
            const chunks = cut(utf8.encode(text), points);
            const r = await same(chunks, { strict });
            if (!strict) {
              lineCount += lines.length;
              recordCount += r.rows.length;
            }
          },
        ),
        { numRuns: 400 },
      );
      // the property is about the byte readers: many lines must be records (read by them), not bad lines.
      // About 30 % are with these generators (the rest carry damage), so the guard sits well below that:
      // at 0.3 it failed on about half of the random seeds (CI: 414 records of 1408 lines; 8 runs here: chrony
      // 0.296–0.311, peerstats 0.422–0.452; statistics, tracking, loopstats 0.52–0.58, rawstats 0.28–0.30).
      expect(recordCount).toBeGreaterThan(lineCount * 0.2);
    });
  }
  it("long lines (ASCII: bytes are characters) around maxLineLength, at chunk cuts", async () => {
    const good = samples.NTPD_PEERSTATS.split("\n").slice(0, 3).join("\n") + "\n";
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 60, max: 300 }),
        fc.integer({ min: 0, max: 700 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.boolean(),
        async (max, extra, points, strict) => {
          const long = "61364 79397.000 192.0.2.10 9614 -0.000317740 " + "9".repeat(extra);
          const text = good + long + "\r\n" + good + long;
          await same(cut(utf8.encode(text), points), { strict, maxLineLength: max }, true);
        },
      ),
      { numRuns: 200 },
    );
    const r = await columns([good + "x".repeat(5000) + "\n" + good], { strict: false, maxLineLength: 100 });
    expect(r.summary.badLines).toEqual([{
      line: 4,
      message: "line longer than 100 bytes (maxLineLength)",
      text: "x".repeat(MAX_BAD_LINE_TEXT) + "…",
    }]);
    expect(r.rows.map((x) => x.line)).toEqual([1, 2, 3, 5, 6, 7]);
  });
  it("bad lines are counted past the kept ones, with their numbers", async () => {
    const good = samples.NTPD_PEERSTATS.split("\n")[0];
    const lines = [good];
    for (let i = 0; i < 250; i++) lines.push(i % 2 ? good : `61364 79397.000 192.0.2.10 zz ${i}`);
    const r = await same([lines.join("\n")]);
    expect(r.summary.badLineCount).toBe(125);
    expect(r.summary.badLines).toHaveLength(100);
    expect(r.summary.badLines[0].line).toBe(2);
  });
});

describe("format detection over a stream (StreamDetector: each line looked at once)", () => {
  const skipped = ["", " ", "\r", "# note", "=====", "   Date (UTC) Time     IP Address    Std dev'n"];
  const data = [...LOGS.map(([, t]) => t.split("\n").find((l) => /^[0-9]/.test(l))!), "garbage", "x".repeat(300)];
  it("gives detectIn's answer over the whole text's first DETECT_CHARS, whatever the chunking", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...skipped, ...skipped, ...data), { maxLength: 12 }),
        fc.constantFrom("\n", "\r\n"),
        fc.oneof(fc.nat(20), fc.constant(2970), fc.constant(2979)),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 60 }),
        (lines, nl, pad, sizes) => {
          // pad: skipped lines of blanks, some pushing the first data line past DETECT_CHARS
          const text = " ".repeat(pad * 22) + nl + lines.join(nl);
          const d = new StreamDetector();
          const scale = pad > 100 ? 97 : 1; // long texts in fewer chunks (still many per line)
          let found: ReturnType<StreamDetector["feed"]>, at = 0, k = 0;
          while (found === undefined && at < text.length) {
            const n = sizes[k++ % sizes.length] * scale;
            found = d.feed(text.slice(at, at + n), at + n >= text.length); // the last feed answers
            at += n;
          }
          expect(found).toBe(detectIn(text, Math.min(text.length, DETECT_CHARS)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("64 KiB of skipped lines in 1-byte chunks: both parsers detect the same (linear now; 13 s before)", async () => {
    const text = "#\n".repeat(DETECT_CHARS / 2 - 60) + samples.NTPD_PEERSTATS.split("\n").slice(0, 2).join("\n");
    const bytes = utf8.encode(text);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i++) chunks.push(bytes.subarray(i, i + 1));
    const a = await same(chunks);
    expect(a.summary.format).toBe("ntpd-peerstats");
    expect(a.rows.map((r) => r.line)).toEqual([DETECT_CHARS / 2 - 59, DETECT_CHARS / 2 - 58]);
  });
});

describe("ntpd MJD -1 (1858-11-16) on the first line a process reads", () => {
  it("is that day in both parsers (the line reader's day cache once took -1 for 'no day yet': 0 ns)", async () => {
    vi.resetModules(); // fresh module state: no ntpd line read yet
    const fresh = await import("../../src/mod.ts");
    const text = "-1 86400 192.0.2.10 f -3.921e-06 -6.800e-06 0.672e-02 4.20e-03\n";
    const want = BigInt((-1 - 40587) * 86400 + 86400) * 1_000_000_000n;
    expect(fresh.parseDriftLog(text, { format: "ntpd-peerstats" }).records[0].readingNs).toBe(want);
    const a = await same([utf8.encode(text)], { strict: true, format: "ntpd-peerstats" });
    expect(a.rows.map((r) => r.readingNs)).toEqual([want]);
  });
});
