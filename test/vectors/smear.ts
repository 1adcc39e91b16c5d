// Leap-smear vectors. Every expected value is derived by hand from the model's definition (see the
// comment beside it), not copied from the implementation's output.
import { eq, throwsCode, type VectorSuite } from "./suite.ts";

const S = 1_000_000_000n;
const U2017 = 1_483_228_800n * S; // 2017-01-01T00:00:00Z in Unix ns
const L2017 = U2017 + 36n * S; // TAI of 2016-12-31T23:59:60.000 (TAI−UTC was 36 s)
const U2030 = 1_893_456_000n * S; // 2030-01-01T00:00:00Z

/** A tzdata `leapseconds` file with a hypothetical negative leap at the end of 2029. */
export const NEGATIVE_LEAP_TZDATA = [
  "# hypothetical: one positive leap in 1972, then a deleted second at the end of 2029",
  "Leap\t1972\tJun\t30\t23:59:60\t+\tS",
  "Leap\t2029\tDec\t31\t23:59:59\t-\tS",
  "#Expires 2030 Jun 28 00:00:00",
  "",
].join("\n");

export const smearSuite: VectorSuite = {
  name: "smear",
  cases: [
    {
      name: "2016-12-31: every model at 23:59:59.5, :60.5 and 00:00:00.5",
      run: ({ SmearedClock }) => {
        // instants: TAI of 23:59:59.5 = L − 0.5 s, :60.5 = L + 0.5 s, 00:00:00.5 = L + 1.5 s
        const at = [L2017 - S / 2n, L2017 + S / 2n, L2017 + (3n * S) / 2n];
        const expect: Record<string, bigint[]> = {
          step: [-S / 2n, -S / 2n, S / 2n], // 23:59:59.5 twice
          overrun: [-S / 2n, S / 2n, S / 2n], // 00:00:00.5 twice
          stall: [-S / 2n, 0n, S / 2n], // held at 00:00:00.000
          // 2 s at half speed from 23:59:59: 0.25 s and 0.75 s into 23:59:59
          windows: [-750_000_000n, -250_000_000n, S / 2n],
          // noon to noon, 86 401 SI s for 86 400 counted: at :60.5 exactly half way → 00:00:00.000;
          // at 23:59:59.5, 43 199.5 s in: 43 199.5·86 400/86 401 = 43 199.5 − 0.49999421… s
          google: [-999_988_427n, 0n, 999_988_426n],
          // offset −τ/86 400 s for τ = 86 399.5 s: −0.999994212963 s, reading floored
          ntpsec: [-1_499_994_213n, -S / 2n, S / 2n],
          // −(1 − cos(π·86 399.5/86 400))/2 = −(1 − 8.26e-11) s: floors to a whole −1 s
          ntpd: [-1_500_000_000n, -S / 2n, S / 2n],
          // 2·(τ/62 500 s)² s after the leap: 0.128 ns at τ = 0.5 s, 1.152 ns at 1.5 s (ceil'd)
          chrony: [-S / 2n, S / 2n - 1n, (3n * S) / 2n - 2n],
          // τ·62 499/62 500 after the leap: −8 µs at 0.5 s, −24 µs at 1.5 s
          meta: [-S / 2n, 499_992_000n, 1_499_976_000n],
        };
        for (const [model, want] of Object.entries(expect)) {
          const c = new SmearedClock(model as "step");
          eq(at.map((t) => c.fromTai(t) - U2017), want, model);
        }
      },
    },
    {
      name: "2016-12-31: window ends and midpoints",
      run: ({ SmearedClock }) => {
        const g = new SmearedClock("google");
        const gs = U2017 - 43_200n * S + 36n * S; // 12:00 UTC on 2016-12-31 in TAI
        eq(
          g.windows().at(-1),
          { startTaiNs: gs, endTaiNs: gs + 86_401n * S, leapTaiNs: L2017, deltaNs: S },
          "google window",
        );
        eq(g.fromTai(gs), U2017 - 43_200n * S, "google start: 12:00:00");
        eq(g.fromTai(gs + 86_401n * S), U2017 + 43_200n * S, "google end: 12:00:00 next day");
        eq(g.rateAt(gs + S) * 1e6, (-1 / 86_401) * 1e12, "google rate ppm");
        const ch = new SmearedClock("chrony");
        eq(ch.fromTai(L2017 + 31_250n * S), U2017 + 31_250n * S - S / 2n, "chrony half way: half a second absorbed");
        eq(ch.fromTai(L2017 + 62_500n * S), U2017 + 62_499n * S, "chrony end");
        eq(
          ch.rateAt(L2017 + 31_250n * S - 1n) > -32.0001 && ch.rateAt(L2017 + 31_250n * S - 1n) < -31.9999,
          true,
          "chrony peak 32 ppm",
        );
        const m = new SmearedClock("meta");
        eq(m.fromTai(L2017 + 62_500n * S), U2017 + 62_499n * S, "meta end");
        eq(m.rateAt(L2017 + S), -16, "meta rate");
        const n = new SmearedClock("ntpd");
        eq(n.fromTai(L2017 - 86_400n * S), U2017 - 86_400n * S, "ntpd start");
        eq(n.fromTai(L2017 - 43_200n * S), U2017 - 43_200n * S - S / 2n, "ntpd half way: −0.5 s");
      },
    },
    {
      name: "what the seconds field shows across 2016-12-31",
      run: ({ SmearedClock }) => {
        const sec = (m: string, t: bigint) => {
          const f = new SmearedClock(m as "step").readingFields(t);
          return `${f.second}.${String(f.nanosecond).padStart(9, "0").slice(0, 2)}`;
        };
        eq(sec("step", L2017 + S / 2n), "59.50", "step repeats 59");
        eq(sec("stall", L2017 + S / 2n), "0.00", "stall shows 00");
        eq(sec("overrun", L2017 + S / 2n), "0.50", "overrun shows 00 early");
        eq(sec("windows", L2017 + S / 2n), "59.75", "windows half speed");
      },
    },
    {
      name: "secondsShown: repeats, stalls, half speed and skips",
      run: ({ LeapTable, SmearedClock }) => {
        const shown = (m: string, t: ReturnType<typeof LeapTable.builtin> | undefined, l: bigint) =>
          new SmearedClock(m as "step", t).secondsShown(l - 2n * S, l + 3n * S).map((x) =>
            `${x.label} ${(x.toTaiNs - x.fromTaiNs) / 1_000_000n}`
          ).join(", ");
        // durations in ms, from the definitions: Linux shows 23:59:59 twice, stall holds 00:00:00
        // for the inserted second plus its own, Windows shows 23:59:59 for 2 s
        eq(
          shown("step", undefined, L2017),
          "23:59:58 1000, 23:59:59 1000, 23:59:59 1000, 00:00:00 1000, 00:00:01 1000",
          "step",
        );
        eq(
          shown("overrun", undefined, L2017),
          "23:59:58 1000, 23:59:59 1000, 00:00:00 1000, 00:00:00 1000, 00:00:01 1000",
          "overrun",
        );
        eq(shown("stall", undefined, L2017), "23:59:58 1000, 23:59:59 1000, 00:00:00 2000, 00:00:01 1000", "stall");
        eq(shown("windows", undefined, L2017), "23:59:58 1000, 23:59:59 2000, 00:00:00 1000, 00:00:01 1000", "windows");
        // google: 00:00:00 begins exactly half way through 23:59:60 (see above)
        const g = new SmearedClock("google").secondsShown(L2017 - 2n * S, L2017 + 3n * S);
        eq(g.find((x) => x.label === "00:00:00")?.fromTaiNs, L2017 + S / 2n, "google 00:00:00 starts at :60.5");
        const t = LeapTable.parse(NEGATIVE_LEAP_TZDATA);
        eq(
          shown("step", t, U2030 + 10n * S),
          "23:59:57 1000, 23:59:58 1000, 00:00:00 1000, 00:00:01 1000, 00:00:02 1000",
          "deleted: 23:59:59 skipped",
        );
      },
    },
    {
      name: "toTai: exact inverse, repeated and skipped readings",
      run: ({ SmearedClock }) => {
        const step = new SmearedClock("step");
        throwsCode(() => step.toTai(U2017 - S / 2n), "ambiguous-reading", "23:59:59.5 on a Linux clock");
        eq(step.toTai(U2017 - S / 2n, { pick: "earliest" }), L2017 - S / 2n, "earliest");
        eq(step.toTai(U2017 - S / 2n, { pick: "latest" }), L2017 + S / 2n, "latest");
        eq(step.toTai(U2017 + S / 2n), L2017 + (3n * S) / 2n, "after the leap");
        const stall = new SmearedClock("stall");
        throwsCode(() => stall.toTai(U2017), "ambiguous-reading", "stalled 00:00:00");
        eq(stall.toTai(U2017, { pick: "latest" }), L2017 + S, "end of the stall");
        const g = new SmearedClock("google");
        eq(g.toTai(U2017), L2017 + S / 2n, "google reads 00:00:00 at :60.5");
      },
    },
    {
      name: "a negative leap from a tzdata file (2029-12-31 23:59:59 deleted)",
      run: ({ LeapTable, SmearedClock }) => {
        const t = LeapTable.parse(NEGATIVE_LEAP_TZDATA);
        eq(t.taiMinusUtc(U2030), 10n * S, "TAI−UTC after");
        const L = U2030 + 10n * S; // TAI where 23:59:59 would have begun: u − 1 s + 11 s
        const step = new SmearedClock("step", t);
        eq(step.fromTai(L - 1n), U2030 - S - 1n, "23:59:58.999999999");
        eq(step.fromTai(L), U2030, "then 00:00:00");
        throwsCode(() => step.toTai(U2030 - S / 2n), "nonexistent-reading", "23:59:59.5 never shown");
        eq(step.toTai(U2030 - S / 2n, { pick: "earliest" }), L, "pick: the jump");
        // google: 86 399 SI s counted as 86 400; half way (L + 0.5 s) reads 00:00:00.000
        const g = new SmearedClock("google", t);
        eq(g.fromTai(L + S / 2n), U2030, "google half way");
        eq(g.windows()[1].endTaiNs - g.windows()[1].startTaiNs, 86_399n * S, "google window 86 399 s");
        // meta runs fast after the leap: starts at 23:59:59.000 old count, +16 ppm
        const m = new SmearedClock("meta", t);
        eq(m.fromTai(L), U2030 - S, "meta at the leap");
        eq(m.fromTai(L + 62_500n * S), U2030 + 62_500n * S, "meta end");
        // ntpd's wrong sign: +1 s at the window start instead of 0
        const n = new SmearedClock("ntpd", t);
        const ns = U2030 - 86_400n * S + 11n * S;
        eq(n.windows()[1].startTaiNs, ns, "ntpd window start");
        eq(n.offsetAt(ns - 1n), 0n, "before: on time");
        eq(n.offsetAt(ns), S, "at the start: one second ahead");
        throwsCode(() => n.toTai(U2030 - 86_400n * S + S / 2n), "nonexistent-reading", "jumped over");
        const w = new SmearedClock("windows", t);
        eq(w.fromTai(L), U2030, "windows steps for a deleted second");
      },
    },
    {
      name: "bad input",
      run: ({ SmearedClock, LeapTable }) => {
        throwsCode(() => new SmearedClock("nope" as "step"), "invalid-argument", "unknown model");
        throwsCode(
          () => new SmearedClock({ shape: "linear", startNs: 0n, durationNs: 0n }),
          "invalid-argument",
          "zero window",
        );
        throwsCode(
          () => new SmearedClock({ shape: "linear", startNs: 0n, durationNs: -S }),
          "invalid-argument",
          "negative window",
        );
        throwsCode(
          () => new SmearedClock({ shape: "linear", startNs: S, durationNs: 10n * S }),
          "out-of-range",
          "window after the leap",
        );
        const g = new SmearedClock("google");
        throwsCode(() => g.fromTai(2n ** 63n), "out-of-range", "beyond i64");
        throwsCode(() => g.fromTai(5 as unknown as bigint), "invalid-argument", "a number");
        throwsCode(() => g.sample(L2017, L2017 - 1n, 10), "invalid-argument", "reversed");
        throwsCode(() => g.sample(L2017, L2017, 0), "out-of-range", "count 0");
        const flat = LeapTable.fromLeaps([{ unixNs: 0n, taiMinusUtcNs: 10n * S }]);
        throwsCode(() => new SmearedClock("google", flat), "invalid-argument", "no leaps");
      },
    },
  ],
};
