// Real public data: the current IERS/IETF file, 29 historical versions and tzdata's leapseconds.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { ClockmathError, detectLeapFormat, LeapTable } from "../../src/mod.ts";
import { sha1Hex } from "../../src/leap/sha1.ts";
import { dataDir } from "../data-dir.mjs";

const DATA = dataDir("leap");
const read = (name: string) => readFileSync(join(DATA, name), "utf8");
const history = readdirSync(join(DATA, "history")).filter((f) => f.endsWith(".list")).sort();
const S = 1_000_000_000n;
const NTP = 2_208_988_800n;

describe("SHA-1", () => {
  it("matches the FIPS 180 examples", () => {
    expect(sha1Hex("abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(sha1Hex("")).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
    );
  });
});

describe("the current leap-seconds.list", () => {
  const text = read("leap-seconds.list");
  const table = LeapTable.parse(text);
  it("verifies, and agrees with the built-in table from 1972 on", () => {
    expect(detectLeapFormat(text)).toBe("leap-seconds.list");
    const builtin = LeapTable.builtin().leaps.filter((l) => l.unixNs >= 63_072_000n * S);
    expect(table.leaps.map((l) => [l.unixNs, l.taiMinusUtcNs])).toEqual(
      builtin.map((l) => [l.unixNs, l.taiMinusUtcNs]),
    );
    expect(table.updatedUnixNs).toBe(LeapTable.builtin().updatedUnixNs);
    expect(table.expiresUnixNs).toBe(LeapTable.builtin().expiresUnixNs);
  });
  it("reads its data lines and header values as written", () => {
    const rows = text.split("\n").filter((l) => /^\d/.test(l)).map((l) => l.split(/\s+/));
    expect(table.leaps.map((l) => [(l.unixNs / S + NTP).toString(), (l.taiMinusUtcNs / S).toString()])).toEqual(
      rows.map((r) => [r[0], r[1]]),
    );
    expect(table.expiresUnixNs).toBe((BigInt(/^#@\s+(\d+)/m.exec(text)![1]) - NTP) * S);
    expect(table.isExpired((BigInt(/^#@\s+(\d+)/m.exec(text)![1]) - NTP) * S - 1n)).toBe(false);
    expect(table.isExpired(table.expiresUnixNs!)).toBe(true);
  });
  it("one changed digit fails with hash-mismatch, anywhere the hash covers", () => {
    const lines = text.split("\n");
    const targets = lines.map((l, i) => (/^(\d|#\$|#@)/.test(l) ? i : -1)).filter((i) => i >= 0);
    for (const i of targets) {
      const m = /\d/.exec(lines[i].slice(lines[i].startsWith("#") ? 2 : 0))!;
      const at = m.index + (lines[i].startsWith("#") ? 2 : 0);
      const d = lines[i][at];
      const changed = [...lines];
      changed[i] = lines[i].slice(0, at) + (d === "9" ? "8" : String(+d + 1)) + lines[i].slice(at + 1);
      let code: string | undefined;
      try {
        LeapTable.parse(changed.join("\n"));
      } catch (e) {
        code = (e as ClockmathError).code;
      }
      expect(code, `line ${i + 1}`).toBe("hash-mismatch");
    }
  });
  it("a changed hash fails; verifyHash: false skips the check", () => {
    const bad = text.replace(/^#h(\s+)([0-9a-f])/m, (_, sp, c) => `#h${sp}${c === "0" ? "1" : "0"}`);
    expect(() => LeapTable.parse(bad)).toThrow(expect.objectContaining({ code: "hash-mismatch" }));
    expect(LeapTable.parse(bad, { verifyHash: false }).leaps.length).toBe(28);
    const noHash = text.replace(/^#h.*$/m, "");
    expect(() => LeapTable.parse(noHash)).toThrow(expect.objectContaining({ code: "hash-mismatch" }));
  });
  it("strict tables refuse instants past the expiry", () => {
    const strict = LeapTable.parse(text, { strict: true });
    const exp = strict.expiresUnixNs!;
    expect(strict.taiMinusUtc(exp - 1n)).toBe(37n * S);
    expect(() => strict.taiMinusUtc(exp)).toThrow(expect.objectContaining({ code: "expired" }));
    expect(table.taiMinusUtc(exp)).toBe(37n * S);
    expect(() => table.taiMinusUtc(exp, { strict: true })).toThrow(expect.objectContaining({ code: "expired" }));
  });
});

describe("29 historical versions", () => {
  it("there are 29", () => expect(history.length).toBe(29));
  for (const name of history) {
    it(`${name} parses, verifies and agrees with the current data`, () => {
      const text = read(join("history", name));
      const table = LeapTable.parse(text);
      const current = LeapTable.parse(read("leap-seconds.list"));
      expect(table.leaps.length).toBeGreaterThanOrEqual(25);
      expect(table.leaps).toEqual(current.leaps.slice(0, table.leaps.length));
      // #@ agrees with the file's own words, "File expires on[:] 28 June 2014".
      const words = /File expires on:?\s+(\d{1,2}) (\w+) (\d{4})/.exec(text)!;
      const expected = new Date(`${words[1]} ${words[2]} ${words[3]} UTC`).getTime();
      expect(table.expiresUnixNs).toBe(BigInt(expected) * 1_000_000n);
      expect(table.expiresUnixNs! > table.updatedUnixNs!).toBe(true);
    });
  }
});

describe("tzdata leapseconds", () => {
  const text = read("leapseconds");
  it("parses and agrees with leap-seconds.list, with its Expires line", () => {
    expect(detectLeapFormat(text)).toBe("tzdata");
    const tz = LeapTable.parse(text);
    const list = LeapTable.parse(read("leap-seconds.list"));
    expect(tz.leaps.map((l) => [l.unixNs, l.taiMinusUtcNs])).toEqual(
      list.leaps.map((l) => [l.unixNs, l.taiMinusUtcNs]),
    );
    expect(tz.expiresUnixNs).toBe(list.expiresUnixNs);
    expect(tz.updatedUnixNs).toBe(1_783_323_897n * S);
  });
  it("falls back to the #expires comment when there is no Expires line", () => {
    const tz = LeapTable.parse(text.replace(/^Expires.*$/m, ""));
    expect(tz.expiresUnixNs).toBe(1_814_140_800n * S);
  });
  it("reads a negative leap second", () => {
    const tz = LeapTable.parse(
      `${text}\nLeap\t2029\tDec\t31\t23:59:59\t-\tS\n`.replace(/^Expires.*$/m, "Expires 2030 Jun 28 00:00:00"),
    );
    const L = BigInt(Date.UTC(2030, 0, 1) / 1000) * S;
    expect(tz.leaps.at(-1)).toEqual({ unixNs: L, taiMinusUtcNs: 36n * S });
    expect(tz.taiToUnix(L + 36n * S)).toBe(L); // 00:00:00 follows 23:59:58 directly
    expect(tz.taiToUnix(L + 36n * S - 1n)).toBe(L - 1_000_000_001n); // 23:59:58.999999999
    expect(() => tz.utcToTai({ year: 2029, month: 12, day: 31, hour: 23, minute: 59, second: 59, nanosecond: 0 }))
      .toThrow(expect.objectContaining({ code: "out-of-range" }));
    expect(() => tz.utcToTai({ year: 2029, month: 12, day: 31, hour: 23, minute: 59, second: 60, nanosecond: 0 }))
      .toThrow(expect.objectContaining({ code: "not-a-leap-second" }));
  });
});

describe("bad input is reported by line", () => {
  it("a garbage data line", () => {
    const lines = read("leap-seconds.list").split("\n");
    const i = lines.findIndex((l) => l.startsWith("2871676800"));
    lines[i] = "2871676800 twenty-six";
    const e = (() => {
      try {
        LeapTable.parse(lines.join("\n"));
      } catch (x) {
        return x;
      }
    })() as { code: string; line: number };
    expect(e.code).toBe("bad-line");
    expect(e.line).toBe(i + 1);
  });
  it("out-of-order entries", () => {
    const text = "#$ 3992312697\n#@ 4023129600\n2272060800 10\n2303683200 11\n2287785600 12\n";
    expect(() => LeapTable.parse(text, { verifyHash: false })).toThrow(
      expect.objectContaining({ code: "not-monotonic", message: expect.stringContaining("line 5") }),
    );
  });
  it("a tzdata Leap line with a wrong time", () => {
    const e = (() => {
      try {
        LeapTable.parse("Leap 1972 Jun 30 23:59:59 + S\n");
      } catch (x) {
        return x;
      }
    })() as { code: string; line: number };
    expect([e.code, e.line]).toEqual(["bad-line", 1]);
  });
  it("text that is neither format", () => {
    expect(() => LeapTable.parse("hello\nworld")).toThrow(expect.objectContaining({ code: "bad-line" }));
    expect(() => LeapTable.parse(42 as unknown as string)).toThrow(
      expect.objectContaining({ code: "invalid-argument" }),
    );
  });
});

describe("parser fuzz: random edits of the real files parse or throw ClockmathError", () => {
  const sources = [read("leap-seconds.list"), read("leapseconds"), read(join("history", history[0]))];
  const edit = fc.oneof(
    fc.record({ kind: fc.constant("delete"), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant("insert"), at: fc.nat(), text: fc.string({ unit: "binary", maxLength: 12 }) }),
    fc.record({
      kind: fc.constant("digit"),
      at: fc.nat(),
      text: fc.constantFrom("0", "9", "-", " ", "\t", "#", "\n", "60", "+"),
    }),
    fc.record({ kind: fc.constant("swap"), at: fc.nat(), len: fc.nat() }),
    fc.record({ kind: fc.constant("dup"), at: fc.nat() }),
  );
  function apply(text: string, e: { kind: string; at: number; len?: number; text?: string }): string {
    const at = e.at % (text.length + 1);
    const lines = text.split("\n");
    switch (e.kind) {
      case "delete":
        return text.slice(0, at) + text.slice(at + (e.len ?? 1));
      case "insert":
      case "digit":
        return text.slice(0, at) + e.text + text.slice(at);
      case "swap": {
        const i = e.at % lines.length, j = (e.len ?? 0) % lines.length;
        [lines[i], lines[j]] = [lines[j], lines[i]];
        return lines.join("\n");
      }
      default: {
        const i = e.at % lines.length;
        lines.splice(i, 0, lines[i]);
        return lines.join("\n");
      }
    }
  }
  it("never anything else, never hangs", () => {
    let parsed = 0, rejected = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: sources.length - 1 }),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (s, edits, verify) => {
          const text = edits.reduce(apply, sources[s]);
          try {
            const t = LeapTable.parse(text, { verifyHash: verify });
            expect(t.leaps.length).toBeGreaterThan(0);
            parsed++;
          } catch (e) {
            if (!(e instanceof ClockmathError)) throw e;
            rejected++;
          }
        },
      ),
      { numRuns: 2000 },
    );
    // Both outcomes happen: the fuzz reaches the parser's accepting and rejecting paths.
    expect(parsed).toBeGreaterThan(50);
    expect(rejected).toBeGreaterThan(50);
  });
});
