// The `clockmath drift` pipeline streamed (digestDriftLog: parseDriftLogColumns, a window for the
// estimate, phases for the Allan deviation, jumps pair by pair) against the whole-text pipeline it
// replaced (parseDriftLog, estimateDrift(log.samples), allanDeviation(log), detectClockJumps): the
// same numbers and the same errors, on the sample logs and on random multi-source logs; and past the
// phase budget, the Allan table of every 2^k-th sample.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  allanDeviation,
  type AllanKind,
  detectClockJumps,
  type DriftSample,
  estimateDrift,
  parseDriftLog,
} from "../../src/mod.ts";
import { digestDriftLog, ESTIMATE_WINDOW, JUMP_BUDGET, MAX_KEPT_JUMPS } from "../../src/cli/commands/drift-digest.ts";
import * as samples from "../data/drift/samples.ts";

const utf8 = new TextEncoder();
const LOGS = samples.SAMPLE_LOGS.map(([, text]) => text);

/** What the command computed before: the whole text, parsed. Errors as { code, message }. */
function wholeText(text: string, kind: AllanKind, toleranceNs: bigint) {
  try {
    const log = parseDriftLog(text, { strict: false });
    const estimate = estimateDrift(log.samples);
    const allan = allanDeviation(log, { kind, taus: "octave" });
    const pairs = log.samples.map((s: DriftSample) => ({ monotonicNs: s.readingNs - s.offsetNs, wallNs: s.readingNs }));
    const jumps = detectClockJumps(pairs, { toleranceNs }).jumps;
    return {
      format: log.format,
      records: log.records.length,
      source: log.source,
      samples: log.samples.length,
      badLineCount: log.badLineCount,
      badLines: log.badLines,
      estimate,
      allan,
      jumps,
      jumpCount: jumps.length,
    };
  } catch (e) {
    return { error: { code: (e as { code: string }).code, message: (e as Error).message } };
  }
}

async function streamed(chunks: Uint8Array[], kind: AllanKind, toleranceNs: bigint, maxPhaseSamples?: number) {
  try {
    const d = await digestDriftLog(chunks, { format: "auto", kind, toleranceNs, maxPhaseSamples });
    return {
      format: d.format,
      records: d.records,
      source: d.source,
      samples: d.samples,
      badLineCount: d.badLineCount,
      badLines: d.badLines,
      estimate: d.estimate,
      allan: d.allan,
      jumps: d.jumps,
      jumpCount: d.jumpCount,
    };
  } catch (e) {
    return { error: { code: (e as { code: string }).code, message: (e as Error).message } };
  }
}

function chunked(text: string, size: number): Uint8Array[] {
  const b = utf8.encode(text), out: Uint8Array[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return out.length ? out : [b];
}

describe("digestDriftLog: today's drift report, streamed", () => {
  it("the sample logs, every Allan kind", async () => {
    for (const text of LOGS) {
      for (const kind of ["adev", "oadev", "mdev", "tdev", "hdev", "ohdev"] as const) {
        const want = wholeText(text, kind, 10_000_000n);
        expect(want).not.toHaveProperty("error");
        expect(await streamed(chunked(text, 333), kind, 10_000_000n)).toEqual(want);
      }
    }
  });

  // peerstats lines: sources, times (some repeated or going back), offsets with steps and outliers
  const line = fc.tuple(
    fc.constantFrom("192.0.2.10", "198.51.100.7", "203.0.113.5"),
    fc.integer({ min: 0, max: 400 }),
    fc.oneof(
      { weight: 150, arbitrary: fc.integer({ min: -2_000_000, max: 2_000_000 }) },
      { weight: 4, arbitrary: fc.integer({ min: -900_000_000, max: 900_000_000 }) },
      { weight: 1, arbitrary: fc.constantFrom(9_007_199_254_740_991, -9_007_199_254_740_991, 4_503_599_627_370_497) },
    ),
    fc.integer({ min: 0, max: 99_999_999 }),
  );
  it("random multi-source logs (time reversals, jumps, huge offsets): the same report or the same error", async () => {
    const seen = { ok: 0, error: 0, jumps: 0, errors: new Set<string>() };
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 0, maxLength: 300 }),
        fc.constantFrom<AllanKind>("oadev", "mdev", "hdev"),
        fc.constantFrom(0n, 1_000_000n, 10_000_000n, 2n ** 60n),
        fc.integer({ min: 7, max: 5000 }),
        async (rows, kind, tol, size) => {
          let sec = 1000;
          const text = rows.map(([src, step, offNs, del]) => {
            sec += step - 20; // mostly forward, sometimes back
            const t = 61364 * 86400 + sec;
            const mjd = Math.floor(t / 86400), s = t - mjd * 86400;
            const off = (offNs < 0 ? "-" : "") + (Math.abs(offNs) / 1e9).toFixed(9);
            return `${mjd} ${s}.000 ${src} 9614 ${off} ${(del / 1e9).toFixed(9)} 0.001966264 0.000044783`;
          }).join("\n");
          const want = wholeText(text, kind, tol);
          expect(await streamed(chunked(text, size), kind, tol)).toEqual(want);
          if ("error" in want) {
            seen.error++;
            seen.errors.add(want.error!.message.replace(/[0-9]+/g, "N"));
          } else {
            seen.ok++;
            if (want.jumpCount > 0) seen.jumps++;
          }
        },
      ),
      { numRuns: 150 },
    );
    // the property covered both outcomes, and more than one kind of error
    expect(seen.ok).toBeGreaterThan(25);
    expect(seen.jumps).toBeGreaterThan(10);
    expect(seen.error).toBeGreaterThan(5);
    expect(seen.errors.size).toBeGreaterThan(2);
  });

  it("errors in the estimate's window name the sample as the whole log does, its offset exact", async () => {
    // peerstats with a 200-day gap after sample 150: the window's span passes 2^53 ns at sample 72
    const gap = Array.from(
      { length: 200 },
      (_, i) => `${61000 + (i > 150 ? 200 : 0)} ${1000 + i * 60}.000 192.0.2.1 9614 0.00${i % 7} 0.002 0.003 0.004`,
    );
    // rawstats whose sample 250 has T2 − T1 ≈ 300 days: θ ≈ 1.3e16 ns, past 2^53 (no double holds it)
    const far = Array.from({ length: 300 }, (_, i) => {
      const t = 3974000000 + i * 60, x = i === 250 ? 26000000 : i % 3;
      return `61000 ${45000 + i * 60}.000 192.0.2.1 192.168.1.5 ${t}.000000001 ${t + x}.000000003 ` +
        `${t + x}.000000005 ${t}.000000010 0 3 3 1 13 -24 0.0 0.0 0.0`;
    });
    for (
      const [lines, message] of [
        [gap, "samples[72]: span to the newest sample exceeds 2^53 ns (104 days)"],
        [far, "samples[250].offsetNs = -25999999999999998 exceeds ±2^53 ns"],
      ] as const
    ) {
      const text = lines.join("\n") + "\n";
      const want = wholeText(text, "oadev", 0n);
      expect(want).toEqual({ error: { code: "out-of-range", message } });
      expect(await streamed(chunked(text, 4096), "oadev", 0n)).toEqual(want);
    }
  });

  it("rawstats offsets past 2^53 ns (span below it): the same Allan table and jumps, exactly", async () => {
    // theta = T2 − T1 exactly: samples 0–99 just past 2^53 ns (odd: no double holds them), then below it
    const lines = Array.from({ length: 300 }, (_, i) => {
      const x = i < 100 ? 2n ** 53n + BigInt(2 * i + 1) : 2n ** 53n - 1000n - BigInt(i), t = 3974000000 + i * 60;
      const s = `${t + Number(x / 1_000_000_000n)}.${String(x % 1_000_000_000n).padStart(9, "0")}`;
      return `61000 ${45000 + i * 60}.000 192.0.2.1 192.168.1.5 ${t}.000000000 ${s} ${s} ${t}.000000000 0 3 3 1`;
    });
    const text = lines.join("\n") + "\n";
    const want = wholeText(text, "oadev", 1n);
    expect(want).toMatchObject({ format: "ntpd-rawstats", samples: 300, jumpCount: 100 });
    expect(await streamed(chunked(text, 1000), "oadev", 1n)).toEqual(want);
  });

  it("the estimate reads only the newest ESTIMATE_WINDOW samples: a long log gives the same estimate", async () => {
    const lines: string[] = [];
    // 40 windows, several batches (their memory reused), two sources, a jump now and then
    const n = 40 * ESTIMATE_WINDOW;
    for (let i = 0; i < n; i++) {
      const off = Math.round(1e6 * Math.sin(i / 7) + i * 37 + (i % 1000 === 999 ? 5e7 : 0));
      const src = i % 5 === 0 ? "198.51.100.7" : "192.0.2.10";
      const s = 1000 + 16 * i, mjd = 61364 + Math.floor(s / 86400);
      lines.push(`${mjd} ${s % 86400}.000 ${src} 9614 ${(off / 1e9).toFixed(9)} 0.0${i % 9}1 0.001 0.00004`);
    }
    const text = lines.join("\n");
    const got = await streamed(chunked(text, 4096), "oadev", 10_000_000n);
    expect(got).toEqual(wholeText(text, "oadev", 10_000_000n));
    expect(got.samples).toBe(n * 0.8);
    expect(got.jumpCount).toBeGreaterThan(4);
  });

  it("past the phase budget: every 2^k-th sample, its spacing 2^k · tau0; below it, today's table", async () => {
    const lines: string[] = [];
    const n = 1000;
    for (let i = 0; i < n; i++) {
      const off = Math.round(3e5 * Math.sin(i / 5) + 1e4 * Math.cos(i * 1.7));
      lines.push(`61364 ${1000 + 16 * i}.000 192.0.2.10 9614 ${(off / 1e9).toFixed(9)} 0.02 0.001 0.00004`);
    }
    const text = lines.join("\n");
    const whole = wholeText(text, "oadev", 10_000_000n) as { allan: unknown };
    expect((await streamed(chunked(text, 999), "oadev", 10_000_000n, n)).allan).toEqual(whole.allan);
    // a budget of 300: decimated twice (1000 → 500 → 250 held)
    const d = await digestDriftLog(chunked(text, 999), {
      format: "auto",
      kind: "oadev",
      toleranceNs: 10_000_000n,
      maxPhaseSamples: 300,
    });
    expect(d.allanStride).toBe(4);
    const log = parseDriftLog(text);
    const every4th = BigInt64Array.from(log.samples.filter((_, i) => i % 4 === 0), (s) => s.offsetNs);
    expect(d.allan).toEqual(allanDeviation(every4th, { tau0Ns: 64_000_000_000n, kind: "oadev", taus: "octave" }));
    // the estimate and jumps are the whole log's still
    expect(d.estimate).toEqual(estimateDrift(log.samples));
  });

  it("jumps: the first MAX_KEPT_JUMPS kept, every one counted", async () => {
    const lines: string[] = [];
    const n = 2 * MAX_KEPT_JUMPS + 101;
    for (let i = 0; i < n; i++) {
      const off = i % 2 ? "0.020000000" : "-0.020000000";
      lines.push(`61364 ${1000 + 16 * i}.000 192.0.2.10 9614 ${off} 0.02 0.001 0.00004`);
    }
    const text = lines.join("\n");
    const d = await digestDriftLog(chunked(text, 8192), {
      format: "auto",
      kind: "oadev",
      toleranceNs: 10_000_000n,
    });
    const log = parseDriftLog(text);
    const pairs = log.samples.map((s) => ({ monotonicNs: s.readingNs - s.offsetNs, wallNs: s.readingNs }));
    const all = detectClockJumps(pairs, { toleranceNs: 10_000_000n }).jumps;
    expect(all).toHaveLength(n - 1);
    expect(d.jumpCount).toBe(n - 1);
    expect(d.jumps).toEqual(all.slice(0, MAX_KEPT_JUMPS));
  });

  it("jumps: past 65 sources each keeps its first JUMP_BUDGET / sources, trimmed when sources appear", async () => {
    const sources = 200, keep = Math.floor(JUMP_BUDGET / sources); // 327: fewer than the busiest source's 800
    const lines: string[] = [];
    const n = 801; // 700 of the busiest source's jumps come before the other sources, 100 after them
    const busiest = (i: number) => {
      const off = i % 2 ? "0.020000000" : "-0.020000000";
      lines.push(`61364 ${1000 + 16 * i}.000 192.0.2.10 9614 ${off} 0.02 0.001 0.00004`);
    };
    for (let i = 0; i < 701; i++) busiest(i);
    for (let s = 1; s < sources; s++) {
      for (let i = 0; i < 3; i++) {
        const off = i % 2 ? "0.020000000" : "-0.020000000";
        lines.push(`61364 ${1000 + 16 * i}.000 198.51.${s >> 8}.${s & 255} 9614 ${off} 0.02 0.001 0.00004`);
      }
    }
    for (let i = 701; i < n; i++) busiest(i);
    const text = lines.join("\n");
    const d = await digestDriftLog(chunked(text, 8192), { format: "auto", kind: "oadev", toleranceNs: 10_000_000n });
    const log = parseDriftLog(text);
    expect(log.source).toBe("192.0.2.10");
    const pairs = log.samples.map((s) => ({ monotonicNs: s.readingNs - s.offsetNs, wallNs: s.readingNs }));
    const all = detectClockJumps(pairs, { toleranceNs: 10_000_000n }).jumps;
    expect(keep).toBeLessThan(MAX_KEPT_JUMPS);
    expect(d.source).toBe("192.0.2.10");
    expect(d.jumpCount).toBe(n - 1);
    expect(d.jumps).toEqual(all.slice(0, keep));
  });
});
