// Leap-table vectors with values from the IERS file and hand-computed from the USNO segments.
import { eq, throwsCode, type VectorSuite } from "./suite.ts";

const S = 1_000_000_000n;
const L2017 = 1_483_228_800n * S; // 2017-01-01T00:00:00Z
const L1972 = 63_072_000n * S; // 1972-01-01T00:00:00Z

export const leapSuite: VectorSuite = {
  name: "leap",
  cases: [
    {
      name: "TAI−UTC around 2017-01-01",
      run: ({ LeapTable }) => {
        const t = LeapTable.builtin();
        eq(t.taiMinusUtc(L2017 - 1n), 36n * S, "last ns of 2016");
        eq(t.taiMinusUtc(L2017), 37n * S, "first ns of 2017");
        eq(t.unixToTai(L2017), L2017 + 37n * S, "unixToTai 2017");
      },
    },
    {
      name: "the inserted second 2016-12-31T23:59:60",
      run: ({ LeapTable, formatUtc }) => {
        const t = LeapTable.builtin();
        const start = L2017 + 36n * S; // TAI of 23:59:60.000
        eq(formatUtc(t.taiToUtc(start - 1n)), "2016-12-31T23:59:59.999999999Z", "just before");
        eq(formatUtc(t.taiToUtc(start)), "2016-12-31T23:59:60Z", "start of :60");
        eq(formatUtc(t.taiToUtc(start + S - 1n)), "2016-12-31T23:59:60.999999999Z", "end of :60");
        eq(formatUtc(t.taiToUtc(start + S)), "2017-01-01T00:00:00Z", "after");
        eq(t.taiToUnix(start + S / 2n), L2017 - S / 2n, "Linux repeats 23:59:59");
      },
    },
    {
      name: "utcToTai accepts :60 only on leap days",
      run: ({ LeapTable, parseUtc }) => {
        const t = LeapTable.builtin();
        eq(t.utcToTai(parseUtc("2016-12-31T23:59:60.25Z")), L2017 + 36n * S + S / 4n, ":60.25");
        throwsCode(() => t.utcToTai(parseUtc("2020-12-31T23:59:60Z")), "not-a-leap-second", "2020 had none");
      },
    },
    {
      name: "rubber seconds 1961–1971 (USNO segments)",
      run: ({ LeapTable }) => {
        const t = LeapTable.builtin();
        eq(t.taiMinusUtc(-283_996_800n * S), 1_422_818_000n, "1961-01-01: 1.4228180 s");
        eq(t.taiMinusUtc(0n), 8_000_082_000n, "1970-01-01: 4.2131700 + 1461 × 0.002592 s");
        eq(t.taiMinusUtc(L1972 - 1n), 9_892_241_999n, "last ns of 1971 (floor)");
        eq(t.taiMinusUtc(L1972), 10n * S, "1972-01-01: 10 s");
      },
    },
    {
      name: "ranges and types are checked",
      run: ({ LeapTable }) => {
        const t = LeapTable.builtin();
        throwsCode(() => t.taiMinusUtc(-283_996_800n * S - 1n), "out-of-range", "before 1961");
        throwsCode(() => t.taiMinusUtc(2n ** 63n), "out-of-range", "beyond i64");
        throwsCode(() => t.taiMinusUtc(1e18 as unknown as bigint), "invalid-argument", "a number");
        throwsCode(() => t.taiMinusUtc(2_000_000_000n * S, { strict: true }), "expired", "2033 strictly");
        eq(t.taiMinusUtc(2_000_000_000n * S), 37n * S, "2033 leniently");
      },
    },
    {
      name: "GPS, PTP and TAI64N",
      run: (api) => {
        const t = api.LeapTable.builtin();
        const tai = t.unixToTai(L2017);
        eq(api.taiToGps(tai), (L2017 - 315_964_800n * S) + 18n * S, "GPS = UTC + 18 s in 2017");
        eq(api.taiToPtp(tai), { seconds: 1_483_228_837n, nanoseconds: 0 }, "PTP");
        eq(api.taiToTai64n(tai + 5n), "@40000000586846a500000005", "TAI64N");
        eq(api.tai64nToTai("@40000000586846a500000005"), tai + 5n, "TAI64N back");
      },
    },
    {
      name: "batch forms across chunks, into, in place, errors by index",
      run: ({ LeapTable }) => {
        const t = LeapTable.builtin();
        // 20 000 instants (three trips through the core's 8192-instant chunks) one second apart,
        // straddling the 2016-12-31 leap: 10 000 before it (36 s), 10 000 from it on (37 s).
        const a = BigInt64Array.from({ length: 20_000 }, (_, i) => L2017 + BigInt(i - 10_000) * S);
        const into = new BigInt64Array(a.length);
        eq(t.taiMinusUtcMany(a, { into }) === into, true, "returns into");
        eq(
          [into[0], into[9_999], into[10_000], into[19_999]],
          [36n * S, 36n * S, 37n * S, 37n * S],
          "TAI−UTC per element",
        );
        const tai = t.unixToTaiMany(a);
        eq(tai[10_000] - tai[9_999], 2n * S, "the inserted second lies between the two");
        t.taiToUnixMany(tai, { into: tai });
        eq(tai.every((u, i) => u === a[i]), true, "taiToUnixMany in place undoes unixToTaiMany");
        a[16_000] = -(2n ** 63n);
        const before = a.slice();
        try {
          t.taiMinusUtcMany(a, { into: a });
          throw new Error("no error for an instant before 1961");
        } catch (e) {
          eq((e as { code?: string }).code, "out-of-range", "code");
          eq(/unixNs\[16000\]/.test((e as Error).message), true, "the message names the index");
        }
        eq(a.every((u, i) => u === before[i]), true, "in place: nothing written on error");
      },
    },
    {
      name: "CoreArray: the batch fast lane in the core's memory",
      run: ({ CoreArray, LeapTable }) => {
        const t = LeapTable.builtin();
        const a = new CoreArray(20_000), b = new CoreArray(20_000);
        a.view.set(Array.from({ length: 20_000 }, (_, i) => L2017 + BigInt(i - 10_000) * S));
        t.unixToTaiMany(a.view, { into: b.view });
        eq(
          [b.view[9_999] - a.view[9_999], b.view[10_000] - a.view[10_000]],
          [36n * S, 37n * S],
          "TAI − Unix on both sides of the leap",
        );
        a.view[5] = -(2n ** 63n);
        throwsCode(() => t.unixToTaiMany(a.view, { into: b.view }), "out-of-range", "a bad instant");
        a.dispose();
        throwsCode(() => a.view, "invalid-argument", "view after dispose");
        b.dispose();
      },
    },
  ],
};
