// Drift vectors: RFC 5905 arithmetic worked by hand, NIST SP 1065's NBS14 reference deviations,
// chrony's regression on synthetic data, and the log parsers on the sample logs. Expected values
// come from the published tables and from hand calculation, never from this library's output.
import { eq, throwsCode, type VectorSuite } from "./suite.ts";
import { type AsyncVectorSuite, rejectsCode } from "./async.ts";
import * as logs from "../data/drift/samples.ts";

const S = 1_000_000_000n;
const close = (a: number, b: number, tol: number, what: string) => {
  if (!(Math.abs(a - b) <= tol * Math.abs(b))) throw new Error(`${what}: expected ${b} (±${tol} rel), got ${a}`);
};

// NBS14 (W. J. Riley's test suite, NIST SP 1065 pp. 107–108): 9 fractional-frequency values,
// tau0 = 1 s; deviations at tau = 1, 2 s
const NBS14_10 = [892, 809, 823, 798, 671, 644, 883, 903, 677];
const NBS14_10_DEVS: [string, number, number][] = [
  ["adev", 91.22945, 115.8082],
  ["oadev", 91.22945, 85.95287],
  ["mdev", 91.22945, 74.78849],
  ["hdev", 70.80608, 116.798],
  ["tdev", 52.67135, 86.35831],
  ["ohdev", 70.80607, 85.61487],
];
// 1000 values n_{i+1} = 16807·n_i mod (2^31 − 1), n_0 = 1234567890, divided by 2^31 − 1; tau = 1, 10, 100 s
const NBS14_1000_DEVS: [string, number, number, number][] = [
  ["adev", 2.922319e-1, 9.965736e-2, 3.897804e-2],
  ["oadev", 2.922319e-1, 9.159953e-2, 3.241343e-2],
  ["mdev", 2.922319e-1, 6.172376e-2, 2.170921e-2],
  ["hdev", 2.943883e-1, 1.052754e-1, 3.91086e-2],
  ["tdev", 1.687202e-1, 3.563623e-1, 1.253382],
  ["ohdev", 2.943883e-1, 9.581083e-2, 3.237638e-2],
];
function nbs14_1000(): number[] {
  const n = [1234567890];
  for (let i = 0; i < 999; i++) n.push((16807 * n[i]) % 2147483647);
  return n.map((v) => v / 2147483647);
}
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

export const driftSuite: VectorSuite = {
  name: "drift",
  cases: [
    {
      name: "ntpExchange: RFC 5905 §8 offset and delay",
      run: ({ ntpExchange }) => {
        // server 1 ms ahead, 40 ns each way, 10 ns in the server
        eq(
          ntpExchange({ t1: 0n, t2: 1_000_040n, t3: 1_000_050n, t4: 90n }),
          { thetaNs: 1_000_000n, delayNs: 80n },
          "symmetric",
        );
        eq(ntpExchange({ t1: 0n, t2: 0n, t3: 0n, t4: 1n }).thetaNs, -1n, "−1/2 rounds toward −∞");
        // the server's interval (30 ns) is longer than the client's round trip (25 ns): δ = 25 − 30;
        // θ = floor((4 000 + 4 005)/2) = 4 002
        eq(
          ntpExchange({ t1: 1_000n, t2: 5_000n, t3: 5_030n, t4: 1_025n }),
          { thetaNs: 4_002n, delayNs: -5n },
          "negative delay",
        );
        throwsCode(() => ntpExchange({ t1: 0, t2: 0n, t3: 0n, t4: 0n } as never), "invalid-argument", "number");
      },
    },
    {
      name: "NTP timestamps: eras, fraction floor, exact round trip",
      run: ({ ntpToUnixNs, unixNsToNtp }) => {
        eq(ntpToUnixNs(0, 0), -2_208_988_800n * S, "era 0 start: 1900-01-01");
        eq(ntpToUnixNs(0, 0, { era: 1 }), 2_085_978_496n * S, "era 1 start: 2036-02-07T06:28:16Z");
        eq(ntpToUnixNs(2_208_988_800, 2 ** 31), 500_000_000n, "half a second");
        eq(ntpToUnixNs(2_208_988_800, 5), 1n, "5·1e9/2^32 = 1.16 → 1");
        eq(ntpToUnixNs(2_208_988_800, 4), 0n, "4·1e9/2^32 = 0.93 → 0");
        eq(unixNsToNtp(2_085_978_496n * S), { era: 1, seconds: 0, fraction: 0 }, "2036 rollover");
        for (const ns of [0n, 1n, 999_999_999n, -1n, 1_795_212_197_123_456_789n, 4_102_444_800n * S + 7n]) {
          const t = unixNsToNtp(ns);
          eq(ntpToUnixNs(t.seconds, t.fraction, { era: t.era }), ns, `round trip ${ns}`);
        }
        throwsCode(() => ntpToUnixNs(2 ** 32, 0), "out-of-range", "seconds ≥ 2^32");
      },
    },
    {
      name: "ClockFilter: minimum delay, aged dispersion, jitter, negative delay clamped",
      run: ({ ClockFilter }) => {
        const f = new ClockFilter({ precisionNs: 1n });
        const t0 = 1_000n * S;
        f.add({ readingNs: t0, offsetNs: 500n, delayNs: 9_000n, dispersionNs: 100n });
        f.add({ readingNs: t0 + 64n * S, offsetNs: 300n, delayNs: 4_000n, dispersionNs: 100n });
        const o = f.add({ readingNs: t0 + 128n * S, offsetNs: 800n, delayNs: 7_000n, dispersionNs: 100n });
        // the best is still the second sample, already used: the output stays, not re-accepted
        eq([o.offsetNs, o.delayNs, o.accepted, o.reason], [300n, 4_000n, false, "not-newer"], "best = min delay");
        const want = (100 + 15e-6 * 64e9) / 2 + 100 / 4 + (100 + 15e-6 * 128e9) / 8 + 16e9 * (31 / 256);
        eq(o.dispersionNs, BigInt(Math.round(want)), "dispersion");
        eq(o.jitterNs, BigInt(Math.round(Math.sqrt((500 ** 2 + 200 ** 2) / 2))), "jitter");
        const g = new ClockFilter({ precisionNs: 100n });
        eq(g.add({ readingNs: 1n, offsetNs: 0n, delayNs: -5n }).delayNs, 100n, "δ < 0 clamped to precision");
      },
    },
    {
      name: "selectTruechimers: Marzullo intersection with one falseticker",
      run: ({ selectTruechimers }) => {
        const r = selectTruechimers([
          { offsetNs: 1_000n, rootDistanceNs: 500n },
          { offsetNs: 1_200n, rootDistanceNs: 400n },
          { offsetNs: 900n, rootDistanceNs: 300n },
          { offsetNs: 9_000n, rootDistanceNs: 100n },
        ]);
        eq(
          [r.truechimers, r.falsetickers, r.lowNs, r.highNs, r.allowed],
          [[0, 1, 2], [3], 800n, 1_200n, 1],
          "selection",
        );
      },
    },
    {
      name: "estimateDrift: exact line, hand-worked runs test, a frequency change cut away",
      run: ({ estimateDrift }) => {
        const line = Array.from(
          { length: 20 },
          (_, i) => ({ readingNs: 1_700_000_000n * S + BigInt(i) * 64n * S, offsetNs: 1_000n + BigInt(i) * 640_000n }),
        );
        const a = estimateDrift(line);
        close(a.frequencyPpm, 10, 1e-12, "10 ppm");
        eq(a.offsetNs, 1_000n + 19n * 640_000n, "offset at newest");
        // (x − 4.5)² s at x = 0..9 s: residuals + − + (3 runs ≤ critical 3): the oldest goes
        const par = Array.from(
          { length: 10 },
          (_, i) => ({ readingNs: BigInt(i) * S, offsetNs: BigInt((2 * i - 9) ** 2) * 250_000_000n }),
        );
        const b = estimateDrift(par, { minSamples: 9 });
        eq([b.used, b.dropped], [9, 1], "parabola");
        // slope of (x − 4.5)² over x = 1..9, u = x − 5: Σu(u² + u + 1/4) / Σu² = (0 + 60 + 0)/60 = 1 s/s
        close(b.frequencyPpm, 1e6, 1e-12, "parabola slope");
        // +20 ppm then −5 ppm with 200 ns noise: the newest part wins
        const r = lcg(4242);
        let off = 0;
        const chg = Array.from({ length: 40 }, (_, i) => {
          off += (i < 24 ? 20e-6 : -5e-6) * 64e9;
          return { readingNs: BigInt(i + 1) * 64n * S, offsetNs: BigInt(Math.round(off + (r() - 0.5) * 400)) };
        });
        const c = estimateDrift(chg);
        if (!(c.used <= 20 && Math.abs(c.frequencyPpm + 5) < 0.2)) {
          throw new Error(`frequency change: used ${c.used}, ${c.frequencyPpm} ppm`);
        }
        throwsCode(() => estimateDrift(line.slice(0, 2)), "invalid-argument", "2 samples");
        throwsCode(() => estimateDrift([line[1], line[0], line[2]]), "not-monotonic", "order");
      },
    },
    {
      name: "allanDeviation: NBS14 10-point set, every kind",
      run: ({ allanDeviation }) => {
        for (const [kind, d1, d2] of NBS14_10_DEVS) {
          const r = allanDeviation(NBS14_10, { tau0Ns: S, kind: kind as never, taus: [1, 2], input: "frequency" });
          const k = kind === "tdev" ? 1e9 : 1; // tdev in ns
          close(r[0].deviation / k, d1, 1e-6, `${kind}(1)`);
          close(r[1].deviation / k, d2, 1e-6, `${kind}(2)`);
        }
      },
    },
    {
      name: "allanDeviation: NBS14 1000-point set at 1, 10, 100 s",
      run: ({ allanDeviation }) => {
        const y = nbs14_1000();
        eq(Math.round(y[3] * 2147483647), 633705974, "n_3 as published");
        for (const [kind, d1, d10, d100] of NBS14_1000_DEVS) {
          const r = allanDeviation(y, { tau0Ns: S, kind: kind as never, taus: [1, 10, 100], input: "frequency" });
          const k = kind === "tdev" ? 1e9 : 1;
          close(r[0].deviation / k, d1, 1e-6, `${kind}(1)`);
          close(r[1].deviation / k, d10, 1e-6, `${kind}(10)`);
          close(r[2].deviation / k, d100, 1e-6, `${kind}(100)`);
        }
      },
    },
    {
      name: "detectClockJumps: a step back, a suspend, a fast slew",
      run: ({ detectClockJumps }) => {
        const pairs: { monotonicNs: bigint; wallNs: bigint }[] = [];
        let mono = 0n, wall = 1_700_000_000n * S;
        const tick = (extra = 0n) => {
          mono += S;
          wall += S + extra;
          pairs.push({ monotonicNs: mono, wallNs: wall });
        };
        for (let i = 0; i < 3; i++) tick();
        tick(-250_000_000n);
        tick();
        tick();
        tick(3_600n * S);
        for (let i = 0; i < 4; i++) tick(1_000_000n);
        tick();
        const r = detectClockJumps(pairs, { toleranceNs: 10_000_000n, maxDriftPpm: 500 });
        eq(r.jumps.map((j) => [j.index, j.sizeNs]), [[3, -250_000_000n], [6, 3_600n * S]], "jumps");
        eq(r.stretches.map((s) => [s.fromIndex, s.toIndex, Math.round(s.ratePpm)]), [[6, 10, 1000]], "stretch");
      },
    },
    {
      name: "log parsers: the sample logs, hand-read lines, signs normalised",
      run: ({ parseDriftLog, estimateDrift }) => {
        const m = parseDriftLog(logs.CHRONY_MEASUREMENTS);
        eq([m.format, m.records.length, m.samples.length, m.sources], ["chrony-measurements", 42, 40, [
          "192.0.2.10",
          "198.51.100.7",
        ]], "measurements");
        // line 4: "… 1.13 -3.177e-04  2.202e-02  1.612e-05 …": logged positive = local slow
        eq([m.records[0].line, m.records[0].readingNs, m.records[0].offsetNs, m.records[0].delayNs], [
          4,
          1_795_212_197n * S,
          317_700n,
          22_020_000n,
        ], "line 4");
        const p = parseDriftLog(logs.NTPD_PEERSTATS);
        // "61364 79397.000 192.0.2.10 9614 -0.000317740 0.022015581 …": MJD 61364 = 2026-11-20
        eq([p.format, p.records[0].readingNs, p.records[0].offsetNs, p.records[0].delayNs], [
          "ntpd-peerstats",
          1_795_212_197n * S,
          317_740n,
          22_015_581n,
        ], "peerstats");
        const s = parseDriftLog(logs.CHRONY_STATISTICS);
        eq(
          [s.format, s.records[0].offsetNs, s.records[0].frequencyPpm],
          ["chrony-statistics", 2_716_000n, 12.49],
          "statistics (positive = fast, kept)",
        );
        eq(parseDriftLog(logs.CHRONY_TRACKING).format, "chrony-tracking", "tracking");
        eq(parseDriftLog(logs.NTPD_LOOPSTATS).records[1].frequencyPpm, -12.499644, "loopstats");
        const raw = parseDriftLog(logs.NTPD_RAWSTATS).records[0];
        // T1 4004200997.123776674 … T4 4004200997.145834923 (era 0) → Unix 1795212197.xxx
        const u = (f: bigint) => 1_795_212_197n * S + f;
        const t1 = u(123_776_674n), t2 = u(134_460_449n), t3 = u(134_485_483n), t4 = u(145_834_923n);
        // (T2 − T1) + (T3 − T4) = 10 683 775 − 11 349 440 = −665 665: θ = floor(−332 832.5) = −332 833
        eq([raw.t1, raw.t4, raw.delayNs, raw.offsetNs], [t1, t4, (t4 - t1) - (t3 - t2), 332_833n], "rawstats");
        if (!(estimateDrift(m.samples).frequencyPpm > 12)) throw new Error("the sample clock runs 12.5 ppm fast");
      },
    },
    {
      name: "log parsers: bad lines by number",
      run: ({ parseDriftLog }) => {
        const lines = logs.CHRONY_MEASUREMENTS.split("\n");
        lines.splice(5, 0, "2026-11-20 22:05:00 192.0.2.10 N 2");
        const text = lines.join("\n");
        try {
          parseDriftLog(text);
          throw new Error("no error");
        } catch (e) {
          eq([(e as { code?: string }).code, (e as { line?: number }).line], ["bad-line", 6], "BadLineError");
        }
        eq(parseDriftLog(text, { strict: false }).badLines.map((b) => b.line), [6], "collected");
        throwsCode(() => parseDriftLog("hello\n"), "invalid-argument", "unknown format");
      },
    },
  ],
};

/** A web ReadableStream of `bytes` in `size`-byte chunks; `log` records a cancel. */
function byteStream(bytes: Uint8Array, size: number, log: string[] = []): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(ctrl) {
      if (at >= bytes.length) {
        ctrl.close();
        return;
      }
      ctrl.enqueue(bytes.slice(at, at + size));
      at += size;
    },
    cancel() {
      log.push("cancelled");
    },
  }, { highWaterMark: 0 });
}

export const driftStreamSuite: AsyncVectorSuite = {
  name: "drift streams",
  cases: [
    {
      name: "parseDriftLogStream: a web ReadableStream of 7-byte chunks, CRLF, a bad line: as parseDriftLog",
      run: async ({ parseDriftLog, parseDriftLogStream }) => {
        const lines = logs.CHRONY_MEASUREMENTS.split("\n");
        lines.splice(5, 0, "2026-11-20 22:05:00 192.0.2.10 N 2 — café");
        const text = lines.join("\r\n");
        const whole = parseDriftLog(text, { strict: false });
        const s = parseDriftLogStream(byteStream(new TextEncoder().encode(text), 7), { strict: false });
        const got = [];
        for await (const r of s) got.push(r);
        eq(got, whole.records, "records");
        eq([got.length, got[0].line, got[0].offsetNs], [42, 4, 317_700n], "line 4 as hand-read");
        const sum = s.summary();
        eq([sum.format, sum.badLineCount, sum.badLines[0].line, sum.badLines[0].text, sum.done], [
          "chrony-measurements",
          1,
          6,
          "2026-11-20 22:05:00 192.0.2.10 N 2 — café",
          true,
        ], "summary");
      },
    },
    {
      name: "parseDriftLogStream: early break cancels and releases; overlong lines; typed refusals",
      run: async ({ parseDriftLogStream }) => {
        const log: string[] = [];
        const rs = byteStream(new TextEncoder().encode(logs.NTPD_PEERSTATS), 64, log);
        for await (const r of parseDriftLogStream(rs)) {
          eq(r.source, "192.0.2.10", "first record");
          break;
        }
        eq([rs.locked, log], [false, ["cancelled"]], "released and cancelled");
        const long = logs.NTPD_PEERSTATS.replace("\n", "\n" + "9".repeat(5000) + "\n");
        const s = parseDriftLogStream([long.slice(0, 3000), long.slice(3000)], { strict: false, maxLineLength: 1000 });
        for await (const _ of s.batches()) { /* drain */ }
        eq(
          [s.summary().badLineCount, s.summary().badLines[0].line, s.summary().badLines[0].text.length],
          [1, 2, 201],
          "overlong line: bad, 200 characters kept + …",
        );
        await rejectsCode(
          (async () => {
            for await (const _ of parseDriftLogStream(["hello\n"])) { /* */ }
          })(),
          "invalid-argument",
          "unknown format",
        );
        await rejectsCode(
          (async () => {
            for await (const _ of parseDriftLogStream([long], { maxLineLength: 1000 })) { /* */ }
          })(),
          "bad-line",
          "strict overlong",
        );
      },
    },
  ],
};
