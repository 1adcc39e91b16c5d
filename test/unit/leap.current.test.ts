// Leap data that stays current, in Node with the real files: TZif against the text files of the same
// release, fromSystem on the test data (CLOCKMATH_DATA) and on this machine, range answers against a brute-force
// enumeration of possible leap sequences, property tests, and npm run update-leap.
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import * as api from "../../src/mod.ts";
import {
  BadTzifError,
  ClockmathError,
  LeapTable,
  NoLeapDataError,
  possibleLeapsBetween,
  SmearedClock,
} from "../../src/mod.ts";
import { updateBuiltinSource } from "../../scripts/update-leap.mjs";
import { dataDir } from "../data-dir.mjs";
import { LEAP_LIST_HYPOTHETICAL_2027, LEAP_LIST_REWRITTEN } from "../vectors/leap-fixtures.ts";

const DATA = dataDir("leap");
const S = 1_000_000_000n;
const pairs = (t: LeapTable) => t.leaps.map((l) => [l.unixNs, l.taiMinusUtcNs]);
const builtin = LeapTable.builtin();
const EXP = builtin.expiresUnixNs!;
const THREE_YEARS_NS = 3n * 366n * 86_400n * S;

describe("TZif against the text files of the same release", () => {
  const tzif = (name: string) => LeapTable.fromTzif(readFileSync(join(DATA, "tzif", name)));
  it("right/UTC built by zic -L from tzdata 2026-07-06 = leap-seconds.list = leapseconds", () => {
    const t = tzif("right-UTC-2026-07-06");
    expect(pairs(t)).toEqual(pairs(LeapTable.parse(readFileSync(join(DATA, "leap-seconds.list"), "utf8"))));
    expect(pairs(t)).toEqual(pairs(LeapTable.parse(readFileSync(join(DATA, "leapseconds"), "utf8"))));
  });
  it("Debian's right/UTC of August 2025 = the leap-seconds.list of 2025-07-07", () => {
    const t = tzif("right-UTC-debian-2025-08");
    expect(pairs(t)).toEqual(
      pairs(LeapTable.parse(readFileSync(join(DATA, "history/leap-seconds.2025-07-07.be764d7b.list"), "utf8"))),
    );
  });
  it("every truncation of a real file is bad-tzif at the byte where it ran out (never another error)", () => {
    const good = readFileSync(join(DATA, "tzif/right-UTC-2026-07-06"));
    for (let n = 0; n < good.length; n++) {
      let err: unknown;
      try {
        LeapTable.fromTzif(good.subarray(0, n));
      } catch (e) {
        err = e;
      }
      expect(err, `length ${n}`).toBeInstanceOf(BadTzifError);
      expect((err as BadTzifError).offset, `length ${n}`).toBe(n);
    }
  });
  it("property: any single byte changed parses or fails with bad-tzif / a table error, never a TypeError", () => {
    const good = new Uint8Array(readFileSync(join(DATA, "tzif/right-UTC-2026-07-06")));
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 }), (at, v) => {
        const b = good.slice();
        b[at] = v;
        try {
          LeapTable.fromTzif(b);
        } catch (e) {
          expect(e).toBeInstanceOf(ClockmathError);
        }
      }),
      { numRuns: 2000 },
    );
  });
  it("counts that claim gigabytes are refused from the header, without allocating", () => {
    const b = new Uint8Array(readFileSync(join(DATA, "tzif/right-UTC-2026-07-06")));
    new DataView(b.buffer).setUint32(32, 0xffff_ffff); // timecnt
    expect(() => LeapTable.fromTzif(b)).toThrow(expect.objectContaining({ code: "bad-tzif", offset: b.length }));
  });
});

describe("fromSystem", () => {
  it("picks the freshest valid file and names it; failures do not hide the good ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "clockmath-leap-"));
    const bad = join(dir, "tampered.list");
    writeFileSync(
      bad,
      readFileSync(join(DATA, "leap-seconds.list"), "utf8").replace("3692217600      37", "3692217600      36"),
    );
    const paths = [
      join(DATA, "history/leap-seconds.2025-07-07.be764d7b.list"),
      bad,
      join(dir, "missing"),
      dir, // a directory
      "/dev/zero",
      join(DATA, "tzif/right-UTC-2026-07-06"),
      join(DATA, "leap-seconds.list"),
      join(DATA, "leapseconds"),
    ];
    const t = LeapTable.fromSystem({ paths });
    expect(t.source).toBe(`${join(DATA, "leap-seconds.list")} (leap-seconds.list, hash verified)`);
    expect(t.updatedUnixNs).toBe(builtin.updatedUnixNs);
    expect(pairs(t)).toEqual(pairs(LeapTable.parse(readFileSync(join(DATA, "leap-seconds.list"), "utf8"))));
    let err: unknown;
    try {
      LeapTable.fromSystem({ paths: paths.slice(1, 5) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NoLeapDataError);
    expect((err as NoLeapDataError).attempts.map((a) => a.code)).toEqual([
      "hash-mismatch",
      "not-found",
      "read-failed",
      "too-large",
    ]);
    expect(LeapTable.fromSystem({ paths: paths.slice(1, 3), fallbackToBuiltin: true })).toBe(builtin);
  });
  it("a TZif file alone gives its table with the path as source", () => {
    const p = join(DATA, "tzif/right-UTC-debian-2025-08");
    const t = LeapTable.fromSystem({ paths: [p] });
    expect(t.source).toBe(`${p} (TZif)`);
    expect(t.leaps.length).toBe(28);
  });
  it("on this machine (reported, and checked against the files that exist)", () => {
    const found = api.SYSTEM_LEAP_PATHS.filter((p) => existsSync(p));
    let t: LeapTable | undefined;
    let err: unknown;
    try {
      t = LeapTable.fromSystem();
    } catch (e) {
      err = e;
    }
    console.log(
      `fromSystem on this machine: files present: ${found.join(", ") || "none"}; ` +
        (t
          ? `chose ${t.source}, updated ${new Date(Number(t.updatedUnixNs! / 1_000_000n)).toISOString()}, ` +
            `expires ${new Date(Number(t.expiresUnixNs! / 1_000_000n)).toISOString()}`
          : `error ${(err as Error).message}`),
    );
    if (found.length === 0) {
      expect(err).toBeInstanceOf(NoLeapDataError);
    } else {
      expect(t).toBeDefined();
      expect(found.some((p) => t!.source!.startsWith(p))).toBe(true);
      expect(t!.taiMinusUtc(1_483_228_800n * S)).toBe(37n * S);
    }
  });
});

// ---- Range answers against brute force -------------------------------------------------------

/** The possible leap instants in [from, to]: 00:00 UTC of month starts, walked with Date.UTC. */
function monthStarts(from: bigint, to: bigint, months: number[]): bigint[] {
  const out: bigint[] = [];
  const d = new Date(Number(from / 1_000_000n));
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth();
  for (;;) {
    const at = BigInt(Date.UTC(y, m, 1)) * 1_000_000n;
    if (at > to) return out;
    if (at >= from && months.includes(m)) out.push(at);
    if (++m === 12) {
      m = 0;
      y++;
    }
  }
}
const SETS: Record<api.LeapMonths, number[]> = {
  "any-month": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  quarterly: [0, 3, 6, 9],
  "june-december": [0, 6],
};

describe("taiMinusUtcRange against every possible leap sequence", () => {
  const after1972 = builtin.leaps.filter((l) => l.unixNs >= 63_072_000n * S).map((l) => ({
    unixNs: l.unixNs,
    taiMinusUtcNs: l.taiMinusUtcNs,
  }));
  const last = after1972[after1972.length - 1].taiMinusUtcNs;

  it("june-december, 3 years past expiry: all 3^6 sequences as real tables", () => {
    const starts = monthStarts(EXP, EXP + THREE_YEARS_NS, SETS["june-december"]);
    expect(starts.length).toBe(6);
    // Instants: the expiry, each possible leap instant and the ns before it, and 3 years out.
    const instants = [EXP, ...starts.flatMap((s) => [s - 1n, s, s + 86_400n * S]), EXP + THREE_YEARS_NS];
    const lo = instants.map(() => 1n << 62n), hi = instants.map(() => -(1n << 62n));
    for (let code = 0; code < 3 ** starts.length; code++) {
      const leaps = [...after1972];
      let v = last;
      for (let i = 0, c = code; i < starts.length; i++, c = Math.floor(c / 3)) {
        const step = BigInt(c % 3) - 1n;
        if (step !== 0n) {
          v += step * S;
          leaps.push({ unixNs: starts[i], taiMinusUtcNs: v });
        }
      }
      const hypothetical = LeapTable.fromLeaps(leaps);
      instants.forEach((u, j) => {
        const truth = hypothetical.taiMinusUtc(u);
        if (truth < lo[j]) lo[j] = truth;
        if (truth > hi[j]) hi[j] = truth;
      });
    }
    instants.forEach((u, j) => {
      expect(builtin.taiMinusUtcRange(u, { months: "june-december" }), `u = ${u}`).toEqual({
        minNs: lo[j],
        maxNs: hi[j],
      });
    });
  });

  for (const [months, years] of [["quarterly", 3], ["any-month", 1]] as const) {
    it(`${months}, ${years} year(s) past expiry: all 3^k sequences (k = 12), min and max at every instant`, () => {
      const to = EXP + BigInt(years) * 366n * 86_400n * S;
      const starts = monthStarts(EXP, to, SETS[months]).slice(0, 12);
      expect(starts.length).toBe(12);
      const k = starts.length;
      // lo[i] / hi[i]: extremes of the sum of the first i steps over all 3^k sequences.
      const lo = new Array(k + 1).fill(0), hi = new Array(k + 1).fill(0);
      const steps = new Array(k).fill(-1);
      for (let n = 0; n < 3 ** k; n++) {
        let sum = 0;
        for (let i = 0; i < k; i++) {
          sum += steps[i];
          if (sum < lo[i + 1]) lo[i + 1] = sum;
          if (sum > hi[i + 1]) hi[i + 1] = sum;
        }
        for (let i = 0; i < k; i++) {
          if (steps[i] < 1) {
            steps[i]++;
            break;
          }
          steps[i] = -1;
        }
      }
      // Before the first start (i = 0) and from each start i on (until the next), exactly these.
      const probe = [[EXP, 0], ...starts.flatMap((s, i) => [[s - 1n, i], [s, i + 1]])] as [bigint, number][];
      for (const [u, i] of probe) {
        expect(builtin.taiMinusUtcRange(u, { months }), `u = ${u}`).toEqual({
          minNs: last + BigInt(lo[i]) * S,
          maxNs: last + BigInt(hi[i]) * S,
        });
      }
    });
  }

  it("property: possibleLeapsBetween counts the month starts Date.UTC walks, for every set", () => {
    const span = fc.bigInt({ min: 0n, max: THREE_YEARS_NS });
    fc.assert(
      fc.property(span, span, fc.constantFrom(...api.LEAP_MONTHS), (a, b, months) => {
        const from = EXP + a, to = EXP + b;
        expect(possibleLeapsBetween(from, to, months)).toBe(to < from ? 0 : monthStarts(from, to, SETS[months]).length);
      }),
      { numRuns: 500 },
    );
  });

  it("property: any hypothetical future table consistent with the rules lies inside the range", () => {
    const starts = monthStarts(EXP, EXP + THREE_YEARS_NS, SETS["any-month"]);
    const seq = fc.array(fc.constantFrom(-1n, 0n, 1n), { minLength: starts.length, maxLength: starts.length });
    const google = new SmearedClock("google", builtin);
    fc.assert(
      fc.property(seq, fc.bigInt({ min: 0n, max: THREE_YEARS_NS }), (steps, d) => {
        const leaps = [...after1972];
        let v = last;
        steps.forEach((s, i) => {
          if (s !== 0n) {
            v += s * S;
            leaps.push({ unixNs: starts[i], taiMinusUtcNs: v });
          }
        });
        const hypothetical = LeapTable.fromLeaps(leaps);
        const u = EXP + d;
        const truth = hypothetical.taiMinusUtc(u);
        const r = builtin.taiMinusUtcRange(u);
        expect(truth >= r.minNs && truth <= r.maxNs, `${truth} in [${r.minNs}, ${r.maxNs}]`).toBe(true);
        // A leap only at June/December ends lies inside the stricter range too.
        const jd = steps.map((
          s,
          i,
        ) => (SETS["june-december"].includes(new Date(Number(starts[i] / 1_000_000n)).getUTCMonth()) ? s : 0n));
        const leaps2 = [...after1972];
        let v2 = last;
        jd.forEach((s, i) => {
          if (s !== 0n) {
            v2 += s * S;
            leaps2.push({ unixNs: starts[i], taiMinusUtcNs: v2 });
          }
        });
        const t2 = LeapTable.fromLeaps(leaps2).taiMinusUtc(u);
        const r2 = builtin.taiMinusUtcRange(u, { months: "june-december" });
        expect(t2 >= r2.minNs && t2 <= r2.maxNs).toBe(true);
        // The smeared reading of the hypothetical table lies inside the built-in clock's reading range.
        const tai = hypothetical.unixToTai(u);
        const reading = new SmearedClock("google", hypothetical).fromTai(tai);
        const rr = google.fromTaiRange(tai);
        expect(reading >= rr.minNs && reading <= rr.maxNs, `${reading} in [${rr.minNs}, ${rr.maxNs}]`).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe("npm run update-leap", () => {
  const source = readFileSync(join(import.meta.dirname, "../../src/leap/builtin.ts"), "utf8");
  it("a verified newer file appends its leap and rewrites the provenance", () => {
    const r = updateBuiltinSource(source, LEAP_LIST_HYPOTHETICAL_2027, api);
    expect(r.changed).toBe(true);
    expect(r.added).toBe(1);
    expect(r.text).toContain('  leap(61587, 38, "leap-seconds.list updated 2027-01-07 (#h ');
    expect(r.text).toContain("export const BUILTIN_UPDATED_UNIX_S = 1_799_280_000n; // 2027-01-07T00:00:00Z");
    expect(r.text).toContain("export const BUILTIN_EXPIRES_UNIX_S = 1_845_763_200n; // 2028-06-28T00:00:00Z");
    expect(r.text).toContain(
      'export const BUILTIN_SOURCE = "IERS/IETF leap-seconds.list updated 2027-01-07, expires 2028-06-28";',
    );
    // Everything before the rows' end is unchanged.
    const end = source.indexOf("\n];", source.indexOf("export const BUILTIN_ROWS"));
    expect(r.text.slice(0, end)).toBe(source.slice(0, end));
  });
  it("the same file is no change; older, tampered, rewritten or tzdata files are refused", () => {
    expect(updateBuiltinSource(source, readFileSync(join(DATA, "leap-seconds.list"), "utf8"), api)).toEqual({
      changed: false,
    });
    const older = readFileSync(join(DATA, "history", readdirSync(join(DATA, "history")).sort()[0]), "utf8");
    expect(() => updateBuiltinSource(source, older, api)).toThrow(/before the built-in table/);
    expect(() => updateBuiltinSource(source, LEAP_LIST_HYPOTHETICAL_2027.replace("\t38\n", "\t39\n"), api)).toThrow(
      /does not verify: hash-mismatch/,
    );
    expect(() => updateBuiltinSource(source, LEAP_LIST_REWRITTEN, api)).toThrow(/leap history never changes/);
    expect(() => updateBuiltinSource(source, readFileSync(join(DATA, "leapseconds"), "utf8"), api)).toThrow(
      /not an IERS/,
    );
  });
});
