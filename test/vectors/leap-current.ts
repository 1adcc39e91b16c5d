// Leap data that stays current, in every runtime: TZif (real right/UTC files and built v1/v4 ones),
// range answers past expiry, status, and fetchLatest with an injected fetch (no network).
import { eq, throwsCode, type VectorSuite } from "./suite.ts";
import { type AsyncVectorSuite, rejectsCode } from "./async.ts";
import {
  buildTzif,
  fromBase64,
  LEAP_LIST_2026_01,
  LEAP_LIST_2026_07,
  LEAP_LIST_HYPOTHETICAL_2027,
  LEAP_LIST_REWRITTEN,
  TZIF_RIGHT_UTC_2026,
  TZIF_RIGHT_UTC_DEBIAN_2025,
} from "./leap-fixtures.ts";

const S = 1_000_000_000n;
const DAY = 86_400n * S;
const pairs = (t: { leaps: readonly { unixNs: bigint; taiMinusUtcNs: bigint }[] }) =>
  t.leaps.map((l) => [l.unixNs, l.taiMinusUtcNs]);
const EXP_2027 = 1_814_140_800n * S; // 2027-06-28, the built-in table's expiry
const U2030 = 1_893_456_000n * S; // 2030-01-01T00:00:00Z
const T1972 = 63_072_000n * S;

export const leapCurrentSuite: VectorSuite = {
  name: "leap data current",
  cases: [
    {
      name: "right/UTC (zic -L, 2026-07-06) gives the table of leap-seconds.list 2026-07-06",
      run: ({ LeapTable }) => {
        const tz = LeapTable.fromTzif(fromBase64(TZIF_RIGHT_UTC_2026));
        const text = LeapTable.parse(LEAP_LIST_2026_07);
        eq(pairs(tz), pairs(text), "entries");
        eq(tz.leaps.length, 28, "1972 + 27 leaps");
        eq(tz.expiresUnixNs, undefined, "a v2 file has no expiry record");
        eq(tz.source, "TZif v2", "source");
        eq(tz.taiMinusUtc(1_483_228_800n * S), 37n * S, "2017");
      },
    },
    {
      name: "Debian's right/UTC of August 2025 gives the same leaps as the 2026-01 list",
      run: ({ LeapTable }) => {
        const tz = LeapTable.fromTzif(fromBase64(TZIF_RIGHT_UTC_DEBIAN_2025), { source: "debian" });
        eq(pairs(tz), pairs(LeapTable.parse(LEAP_LIST_2026_01)), "entries");
        eq(tz.source, "debian", "source option");
        const known = LeapTable.fromTzif(fromBase64(TZIF_RIGHT_UTC_2026), { expiresUnixNs: EXP_2027 });
        eq(known.expiresUnixNs, EXP_2027, "a v2 file takes options.expiresUnixNs");
      },
    },
    {
      name: "TZif v1, negative leap, v4 expiry and v4 truncation",
      run: ({ LeapTable }) => {
        const v1 = LeapTable.fromTzif(buildTzif(1, [[78_796_800, 1], [94_694_401, 2]]));
        eq(pairs(v1), [[T1972, 10n * S], [78_796_800n * S, 11n * S], [94_694_400n * S, 12n * S]], "v1");
        // A negative leap at the end of 1972-12-31: 23:59:59 is skipped; occurrence = 94 694 399 + 1.
        const neg = LeapTable.fromTzif(buildTzif(2, [[78_796_800, 1], [94_694_400, 0]]));
        eq(pairs(neg), [[T1972, 10n * S], [78_796_800n * S, 11n * S], [94_694_400n * S, 10n * S]], "negative");
        // v4: a last record repeating the correction is the expiry, at occurrence − correction.
        const v4 = LeapTable.fromTzif(buildTzif(4, [[78_796_800, 1], [94_694_401, 2], [1_814_140_802, 2]]));
        eq(v4.expiresUnixNs, EXP_2027, "v4 expiry");
        eq(v4.leaps.length, 3, "the expiry is not an entry");
        // v4 truncated: the table starts at its first record (2017-01-01, correction 27).
        const tr = LeapTable.fromTzif(buildTzif(4, [[1_483_228_826, 27], [1_814_140_827, 27]]));
        eq(pairs(tr), [[1_483_228_800n * S, 37n * S]], "truncated");
        eq(tr.expiresUnixNs, EXP_2027, "truncated + expiry");
        // Truncated at a negative first leap (correction −3, so −2 before): 23:59:59 skipped, effect at occ − (−2) + 1.
        const trNeg = LeapTable.fromTzif(buildTzif(4, [[1_483_228_797, -3]]));
        eq(pairs(trNeg), [[1_483_228_800n * S, 7n * S]], "truncated, negative");
      },
    },
    {
      name: "bad TZif: typed errors with byte offsets",
      run: ({ LeapTable, BadTzifError }) => {
        const good = fromBase64(TZIF_RIGHT_UTC_2026);
        const offset = (bytes: Uint8Array): number => {
          try {
            LeapTable.fromTzif(bytes);
          } catch (e) {
            if (!(e instanceof BadTzifError)) throw new Error(`expected BadTzifError, got ${String(e)}`);
            eq(e.code, "bad-tzif", "code");
            return e.offset;
          }
          throw new Error("no error");
        };
        eq(offset(good.slice(0, 100)), 100, "truncated in the v1 block: offset = length");
        eq(offset(good.slice(0, 30)), 30, "truncated header");
        eq(offset(good.slice(0, good.length - 1)), good.length - 1, "footer not closed");
        const magic = good.slice();
        magic[0] = 0x58;
        eq(offset(magic), 0, "magic");
        const ver = good.slice();
        ver[4] = 0x35;
        eq(offset(ver), 4, "version 5");
        // The 64-bit block ends with 27 leap records of 12 bytes, then the footer "\n\n".
        const leaps = good.length - 2 - 27 * 12;
        const odd = good.slice();
        odd[leaps + 7] ^= 1; // first occurrence off by one second
        eq(offset(odd), leaps, "occurrence not at the end of a day");
        const jump = good.slice();
        jump[leaps + 12 + 11] = 3; // second record's correction 2 → 3
        eq(offset(jump), leaps + 12 + 8, "correction steps by 2");
        // header 44, v1 block 6 + 4 + 2 × 8, header 44, types + chars 10, first record 12, occurrence 8.
        eq(offset(buildTzif(3, [[78_796_800, 1], [94_694_401, 1]])), 44 + 26 + 44 + 10 + 12 + 8, "repeat before v4");
        eq(offset(buildTzif(2, [])), 28, "no leap records");
        eq(
          offset(buildTzif(2, [[78_796_800, 1], [94_694_401, 2000]])),
          44 + 26 + 44 + 10 + 12 + 8,
          "TAI−UTC beyond ±1000 s",
        );
        eq(offset(buildTzif(2, [[78_796_800, 1], [2 ** 40, 2]])), 44 + 26 + 44 + 10 + 12, "an occurrence past 2262");
        throwsCode(() => LeapTable.fromTzif("TZif" as unknown as Uint8Array), "invalid-argument", "a string");
      },
    },
    {
      name: "taiMinusUtcRange: exact inside validity, ∓1 s per possible month end after",
      run: ({ LeapTable }) => {
        const t = LeapTable.builtin();
        eq(t.taiMinusUtcRange(1_600_000_000n * S), { minNs: 37n * S, maxNs: 37n * S }, "2020");
        eq(t.taiMinusUtcRange(T1972 - 1n), { minNs: 9_892_241_999n, maxNs: 9_892_241_999n }, "1971, drifting row");
        eq(t.taiMinusUtcRange(EXP_2027 - 1n), { minNs: 37n * S, maxNs: 37n * S }, "last ns before expiry");
        eq(t.taiMinusUtcRange(EXP_2027), { minNs: 37n * S, maxNs: 37n * S }, "expiry: no month end yet");
        const j = 1_814_400_000n * S; // 2027-07-01: the first possible leap takes effect
        eq(t.taiMinusUtcRange(j - 1n), { minNs: 37n * S, maxNs: 37n * S }, "2027-06-30T23:59:59.999999999");
        eq(t.taiMinusUtcRange(j), { minNs: 36n * S, maxNs: 38n * S }, "2027-07-01");
        eq(t.taiMinusUtcRange(U2030), { minNs: 6n * S, maxNs: 68n * S }, "2030-01-01, any month: 31 month starts");
        eq(t.taiMinusUtcRange(U2030, { months: "quarterly" }), { minNs: 26n * S, maxNs: 48n * S }, "quarterly: 11");
        eq(
          t.taiMinusUtcRange(U2030, { months: "june-december" }),
          { minNs: 31n * S, maxNs: 43n * S },
          "june-december: 6",
        );
        throwsCode(() => t.taiMinusUtcRange(U2030, { months: "weekly" as never }), "invalid-argument", "bad months");
        throwsCode(() => t.taiMinusUtcRange(-300_000_000n * S), "out-of-range", "before 1961");
        throwsCode(() => t.taiMinusUtcRange(5 as never), "invalid-argument", "a number");
        const strict = LeapTable.builtin({ strict: true });
        eq(
          strict.taiMinusUtcRange(U2030, { months: "june-december" }),
          { minNs: 31n * S, maxNs: 43n * S },
          "strict tables answer too",
        );
        const noExpiry = LeapTable.fromLeaps([{ unixNs: T1972, taiMinusUtcNs: 10n * S }]);
        eq(noExpiry.taiMinusUtcRange(U2030), { minNs: 10n * S, maxNs: 10n * S }, "no expiry: exact");
      },
    },
    {
      name: "SmearedClock.fromTaiRange: widens once a possible window may have begun",
      run: ({ LeapTable, SmearedClock }) => {
        const t = LeapTable.builtin();
        const google = new SmearedClock("google", t);
        const tai2030 = U2030 + 37n * S;
        const r = google.fromTai(tai2030);
        eq(google.fromTaiRange(tai2030), { minNs: r - 31n * S, maxNs: r + 31n * S }, "2030, any month");
        eq(
          google.fromTaiRange(tai2030, { months: "june-december" }),
          { minNs: r - 6n * S, maxNs: r + 6n * S },
          "june-december",
        );
        // Google smears noon to noon: a leap at 2027-06-30 24:00 would start at 12:00 that day.
        const noon = 1_814_356_800n * S + 37n * S; // 2027-06-30T12:00:00 UTC in TAI
        eq(
          google.fromTaiRange(noon - 1n),
          { minNs: google.fromTai(noon - 1n), maxNs: google.fromTai(noon - 1n) },
          "before the window",
        );
        eq(google.fromTaiRange(noon).maxNs - google.fromTaiRange(noon).minNs, 2n * S, "window may have begun");
        const strict = new SmearedClock("google", LeapTable.builtin({ strict: true }));
        eq(strict.fromTaiRange(tai2030), { minNs: U2030 - 31n * S, maxNs: U2030 + 31n * S }, "strict table");
      },
    },
    {
      name: "status: valid, expiring-soon, expired, days left",
      run: ({ LeapTable }) => {
        const t = LeapTable.builtin();
        const st = (now: bigint, warnDays?: number) => {
          const s = t.status(now, warnDays === undefined ? undefined : { warnDays });
          return [s.state, s.daysLeft];
        };
        eq(st(EXP_2027 - 31n * DAY), ["valid", 31], "31 days left");
        eq(st(EXP_2027 - 30n * DAY), ["valid", 30], "30 days left: not under 30");
        eq(st(EXP_2027 - 30n * DAY + 1n), ["expiring-soon", 29], "under 30 days");
        eq(st(EXP_2027 - 1n), ["expiring-soon", 0], "last ns");
        eq(st(EXP_2027), ["expired", 0], "at expiry");
        eq(st(EXP_2027 + 1n), ["expired", -1], "just after");
        eq(st(EXP_2027 - 90n * DAY, 100), ["expiring-soon", 90], "warnDays 100");
        eq(t.status(0n).source, t.source, "source");
        throwsCode(() => t.status(0n, { warnDays: 1.5 }), "invalid-argument", "warnDays");
        eq(LeapTable.fromLeaps([{ unixNs: T1972, taiMinusUtcNs: 10n * S }]).status(U2030).state, "valid", "no expiry");
      },
    },
    {
      name: "fromSystem: falls back to the built-in table only when asked",
      run: ({ LeapTable }) => {
        const t = LeapTable.fromSystem({
          paths: ["/nonexistent/clockmath/leap-seconds.list"],
          fallbackToBuiltin: true,
        });
        eq(t, LeapTable.builtin(), "fallback");
        throwsCode(() => LeapTable.fromSystem({ paths: [42 as never] }), "invalid-argument", "paths");
        const g = globalThis as { Deno?: { openSync?: unknown }; process?: { getBuiltinModule?: unknown } };
        const canRead = typeof g.Deno?.openSync === "function" || typeof g.process?.getBuiltinModule === "function";
        throwsCode(
          () => LeapTable.fromSystem({ paths: ["/nonexistent/clockmath/leapseconds"] }),
          canRead ? "no-leap-data" : "unsupported-runtime",
          canRead ? "no file" : "no files in this runtime",
        );
      },
    },
  ],
};

const YES = (text: string) => async () => new Response(text, { status: 200 });
const src = (name: string) => ({ name, url: `https://fixture.test/${name}` });

/** An injected fetch answering by URL name; unknown names are a 404. */
function fakeFetch(answers: Record<string, (signal: AbortSignal) => Promise<unknown>>) {
  const calls: string[] = [];
  const f = (url: string, init: { signal: AbortSignal }) => {
    const name = url.slice(url.lastIndexOf("/") + 1);
    calls.push(name);
    const a = answers[name];
    return (a
      ? a(init.signal)
      : Promise.resolve(new Response("not found", { status: 404, statusText: "Not Found" }))) as never;
  };
  return { f, calls };
}

// A fetch that never answers, but honours its signal as a real one does.
const HANG = (signal: AbortSignal) =>
  new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted"))));

export const leapFetchSuite: AsyncVectorSuite = {
  name: "leap fetch (injected)",
  cases: [
    {
      name: "404, timeout, tampered, stale, rewritten, then a valid newer file",
      run: async ({ LeapTable }) => {
        const tampered = LEAP_LIST_HYPOTHETICAL_2027.replace("\t38\n", "\t39\n");
        const { f, calls } = fakeFetch({
          timeout: HANG,
          tampered: YES(tampered),
          stale: YES(LEAP_LIST_2026_01),
          rewritten: YES(LEAP_LIST_REWRITTEN),
          newer: YES(LEAP_LIST_HYPOTHETICAL_2027),
          after: YES(LEAP_LIST_2026_07),
        });
        const sources = ["missing", "timeout", "tampered", "stale", "rewritten", "newer", "after"].map(src);
        const t = await LeapTable.fetchLatest({ sources, fetch: f, timeoutMs: 50 });
        eq(
          calls,
          ["missing", "timeout", "tampered", "stale", "rewritten", "newer"],
          "tried in order, stopped at the first good one",
        );
        eq(t.source, "newer <https://fixture.test/newer> (leap-seconds.list, hash verified)", "source");
        eq(t.taiMinusUtc(1_814_400_000n * S), 38n * S, "the new leap");
        eq(t.expiresUnixNs, 1_845_763_200n * S, "expiry 2028-06-28");
      },
    },
    {
      name: "every failure collected into one no-leap-data error",
      run: async ({ LeapTable, NoLeapDataError }) => {
        const { f } = fakeFetch({
          timeout: HANG,
          tampered: YES(LEAP_LIST_2026_07.replace("3692217600      37", "3692217600      36")),
          stale: YES(LEAP_LIST_2026_01),
          plain: async () => ({ ok: true, status: 200, text: async () => LEAP_LIST_REWRITTEN }),
          throws: async () => {
            throw new TypeError("fetch failed");
          },
        });
        const e = await rejectsCode(
          LeapTable.fetchLatest({
            sources: ["missing", "timeout", "tampered", "stale", "plain", "throws"].map(src),
            fetch: f,
            timeoutMs: 30,
          }),
          "no-leap-data",
          "all fail",
        );
        eq(e instanceof NoLeapDataError, true, "class");
        const attempts = e.attempts as { source: string; code: string }[];
        eq(
          attempts.map((a) => a.code),
          ["http-error", "timeout", "hash-mismatch", "stale", "inconsistent", "network"],
          "codes in order",
        );
        eq(attempts[0].source, "missing <https://fixture.test/missing>", "source named");
        eq(LEAP_LIST_2026_07.includes("3692217600      37"), true, "the tampered copy differs");
      },
    },
    {
      name: "the same file as the one in hand is accepted; an older one is not",
      run: async ({ LeapTable }) => {
        const { f } = fakeFetch({ same: YES(LEAP_LIST_2026_07) });
        const t = await LeapTable.fetchLatest({ sources: [src("same")], fetch: f });
        eq(t.updatedUnixNs, LeapTable.builtin().updatedUnixNs, "same data");
        const newer = LeapTable.parse(LEAP_LIST_HYPOTHETICAL_2027);
        await rejectsCode(
          LeapTable.fetchLatest({ sources: [src("same")], fetch: f, current: newer }),
          "no-leap-data",
          "older than current",
        );
      },
    },
    {
      name: "an aborted signal stops every source",
      run: async ({ LeapTable }) => {
        const ctrl = new AbortController();
        const { f, calls } = fakeFetch({ a: HANG, b: YES(LEAP_LIST_HYPOTHETICAL_2027) });
        const p = LeapTable.fetchLatest({
          sources: [src("a"), src("b")],
          fetch: f,
          signal: ctrl.signal,
          timeoutMs: 60_000,
        });
        setTimeout(() => ctrl.abort(), 5);
        const e = await rejectsCode(p, "no-leap-data", "aborted");
        eq((e.attempts as { code: string }[]).map((a) => a.code), ["aborted", "aborted"], "codes");
        eq(calls, ["a"], "b never fetched");
        await rejectsCode(
          Promise.resolve().then(() => LeapTable.fetchLatest({ sources: [], fetch: f })),
          "invalid-argument",
          "no sources",
        );
        await rejectsCode(
          LeapTable.fetchLatest({ fetch: f, signal: {} as AbortSignal }),
          "invalid-argument",
          "not a signal",
        );
      },
    },
  ],
};
