// End to end: the real `clockmath` bin (dist/cli/bin.js, built by `npm run build`) and the Deno
// entry (deno/cli.ts), spawned on the sample logs and leap files; stdout, --json, exit codes and
// stderr checked against the library's own answers and hdr-histogram-js.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as hdr from "hdr-histogram-js";
import { beforeAll, describe, expect, it } from "vitest";
import {
  compareClocks,
  estimateDrift,
  LeapTable,
  parseDriftLog,
  parseIntervalLog,
  parseUtc,
  SmearedClock,
  taiToTai64n,
} from "../../src/mod.ts";
import { intervalLogText, timerLatencies, xorshift32 } from "../data/generators.mjs";

const BIN = "dist/cli/bin.js";
const LEAP = "../shared/data/leap";
const EXPIRED = `${LEAP}/history/leap-seconds.2013-08-12.459b72d3.list`;
let dir = "";

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}
function cli(args: string[], input?: string): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    input,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
function deno(perms: string[], args: string[], input?: string): Run {
  const r = spawnSync("npx", [
    "deno",
    "run",
    "--no-prompt",
    "--config",
    "deno/deno.json",
    ...perms,
    "deno/cli.ts",
    ...args,
  ], { encoding: "utf8", input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** An error: exit `status`, nothing on stdout, exactly one line on stderr naming `code`, no stack trace. */
function expectOneLineError(r: Run, status: number, code: string): void {
  // code may be an alternation ("bad-line|corrupt-encoding")
  expect(r.status).toBe(status);
  expect(r.stdout).toBe("");
  expect(r.stderr.endsWith("\n")).toBe(true);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(new RegExp(`^clockmath: (${code}): `));
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

// 100 deterministic hdr-histogram-js histograms (lowest 1, 3 digits) and interval logs cycling through them.
const histogramTexts: string[] = [];
function intervalLog(lines: number): string {
  return intervalLogText(histogramTexts, lines, {
    header: ["#[StartTime: 1441812279.474 (seconds since epoch), 2015-09-09T15:24:39.474Z]"],
  });
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  dir = mkdtempSync(join(tmpdir(), "clockmath-cli-"));
  const rnd = xorshift32(7);
  for (let j = 0; j < 20; j++) {
    const h = hdr.build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: 3_600_000_000_000,
      numberOfSignificantValueDigits: 3,
      bitBucketSize: 64,
    });
    for (const v of timerLatencies(rnd, 500)) h.recordValue(v);
    histogramTexts.push(hdr.encodeIntoCompressedBase64(h));
  }
  writeFileSync(join(dir, "run.hlog"), intervalLog(400));
  writeFileSync(join(dir, "one.hgrm64"), histogramTexts[3] + "\n");
  const garbage = new Uint8Array(4096);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 193 + 71) % 256;
  writeFileSync(join(dir, "garbage.bin"), garbage);
  const list = readFileSync(`${LEAP}/leap-seconds.list`, "utf8");
  writeFileSync(join(dir, "tampered.list"), list.replace(/^3692217600(\s+)37/m, "3692217600$138"));
  // peerstats with the offset stepped by half a second from the 20th line on: one clock jump
  const peer = readFileSync("test/data/drift/peerstats", "utf8").split("\n").map((l, i) => {
    const c = l.split(" ");
    if (i >= 19 && c.length > 4) c[4] = (Number(c[4]) + 0.5).toFixed(9);
    return c.join(" ");
  });
  writeFileSync(join(dir, "stepped.peerstats"), peer.join("\n"));
  writeFileSync(
    join(dir, "dead.json"),
    JSON.stringify([
      { name: "server", timeout: "2s" },
      { name: "handler", timeout: "5s", parent: "server" },
    ]),
  );
  writeFileSync(
    join(dir, "ok.json"),
    JSON.stringify({
      stages: [
        { name: "server", timeout: "30s" },
        { name: "db", timeout: "1s", parent: "server", retries: 2 },
      ],
    }),
  );
});

describe("clockmath leap", () => {
  it("info: the built-in table's source, dates and status; --json with bigints as decimal strings", () => {
    const r = cli(["leap", "info", "--now", "2026-12-01T00:00:00Z"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("expires  2027-06-28\nstatus   valid (209 days left)\n");
    const j = JSON.parse(cli(["leap", "info", "--json"]).stdout);
    expect(j.expiresUnixNs).toBe(String(LeapTable.builtin().expiresUnixNs));
    expect(j.entries).toBe(LeapTable.builtin().leaps.length);
  });
  it("info on an expired file exits 1, and says so", () => {
    const r = cli(["leap", "info", "--file", EXPIRED]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^status {3}expired \(\d+ days ago\)$/m);
  });
  it("offset: TAI-UTC with nine decimals, and a range past a file's expiry (exit 1)", () => {
    expect(cli(["leap", "offset", "2017-01-01T00:00:00Z"]).stdout).toBe("37.000000000\n");
    expect(cli(["leap", "offset", "2016-12-31T23:59:60.5Z", "--file", `${LEAP}/leapseconds`]).stdout).toBe(
      "36.000000000\n",
    );
    const past = cli(["leap", "offset", "2020-01-01T00:00:00Z", "--file", EXPIRED, "--json"]);
    expect(past.status).toBe(1);
    const j = JSON.parse(past.stdout);
    // every month end from the file's expiry (2014-06-28) on might have had a leap either way
    expect(j.exact).toBe(false);
    expect(BigInt(j.minNs)).toBeLessThan(35_000_000_000n);
    expect(BigInt(j.maxNs)).toBeGreaterThan(37_000_000_000n);
    expect(BigInt(j.minNs) + BigInt(j.maxNs)).toBe(70_000_000_000n);
  });
  it("convert: every scale, from RFC 3339, ns and TAI64N", () => {
    const t = LeapTable.builtin();
    const tai = t.utcToTai(parseUtc("2016-12-31T23:59:60.5Z"));
    const conv = (to: string, at = "2016-12-31T23:59:60.5Z") => cli(["leap", "convert", at, "--to", to]).stdout;
    expect(conv("tai")).toBe(`${tai}ns\n`);
    expect(conv("unix")).toBe("1483228799500000000ns\n");
    expect(conv("utc")).toBe("2016-12-31T23:59:60.500000000Z\n");
    expect(conv("tai64n")).toBe(`${taiToTai64n(tai)}\n`);
    expect(conv("ptp")).toBe("1483228836.500000000\n");
    expect(conv("gps")).toBe(`${tai - (315_964_819n * 1_000_000_000n)}ns\n`);
    expect(conv("utc", taiToTai64n(tai))).toBe("2016-12-31T23:59:60.500000000Z\n");
    expect(conv("utc", "1483228800000000000ns")).toBe("2017-01-01T00:00:00.000000000Z\n");
  });
  it("convert --to nonsense: exit 2, one line on stderr", () => {
    expectOneLineError(cli(["leap", "convert", "2017-01-01T00:00:00Z", "--to", "nonsense"]), 2, "usage");
    expectOneLineError(cli(["leap", "convert", "yesterday", "--to", "tai"]), 2, "invalid-argument");
  });
  it("check: hash verified (0), expired (1), bad hash (1), garbage and missing files (2)", () => {
    const ok = cli(["leap", "check", `${LEAP}/leap-seconds.list`, "--now", "2026-12-01T00:00:00Z"]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/: hash verified, 28 entries\n/);
    expect(cli(["leap", "check", EXPIRED]).status).toBe(1);
    const bad = cli(["leap", "check", join(dir, "tampered.list"), "--json"]);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).problem.code).toBe("hash-mismatch");
    expectOneLineError(cli(["leap", "check", join(dir, "garbage.bin")]), 2, "bad-line");
    expectOneLineError(cli(["leap", "check", join(dir, "missing.list")]), 2, "not-found");
  });
  it("table: every entry of a file", () => {
    const j = JSON.parse(cli(["leap", "table", "--file", `${LEAP}/leapseconds`, "--json"]).stdout);
    expect(j.entries).toHaveLength(28);
    expect(j.entries.at(-1)).toMatchObject({ date: "2017-01-01", taiMinusUtcNs: "37000000000" });
    expect(cli(["leap", "table"]).stdout.trimEnd().split("\n").at(-1)).toBe("2017-01-01  37.000000000");
  });
});

describe("clockmath smear", () => {
  it("readings of two models around a leap, as the library computes them", () => {
    const r = cli(["smear", "google,ntpsec", "--around", "2017-01-01", "--every", "6h", "--span", "12h", "--json"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.rows).toHaveLength(5);
    const g = new SmearedClock("google");
    for (const row of j.rows) expect(row.readings.google.readingNs).toBe(String(g.fromTai(BigInt(row.taiNs))));
    const csv = cli(["smear", "google", "--around", "2017-01-01", "--every", "6h", "--span", "12h", "--csv"]).stdout
      .split("\n");
    expect(csv[0]).toBe("UTC,google,google offset (s)");
    expect(csv[3]).toBe("2017-01-01T00:00:00Z,2017-01-01T00:00:00.499994213Z,0.499994213");
  });
  it("compare: the largest difference, as compareClocks finds it", () => {
    const j = JSON.parse(cli(["smear", "compare", "google", "ntpd", "--around", "2017-01-01", "--json"]).stdout);
    const t = LeapTable.builtin();
    const c = t.utcToTai(parseUtc("2017-01-01T00:00:00Z"));
    const d = 86_400_000_000_000n;
    expect(j.maxAbsNs).toBe(
      String(compareClocks(new SmearedClock("google"), new SmearedClock("ntpd"), c - d, c + d).maxAbsNs),
    );
    expectOneLineError(cli(["smear", "sundial", "--around", "2017-01-01"]), 2, "usage");
  });
});

describe("clockmath drift", () => {
  it("the chrony-style estimate of a sample log, from a file and from stdin", () => {
    const text = readFileSync("test/data/drift/measurements.log", "utf8");
    const e = estimateDrift(parseDriftLog(text).samples);
    const r = cli(["drift", "test/data/drift/measurements.log", "--json"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout).logs[0];
    expect(j.estimate.frequencyPpm).toBe(e.frequencyPpm);
    expect(j.estimate.offsetNs).toBe(String(e.offsetNs));
    expect(j.allan.kind).toBe("oadev");
    expect(j.jumps).toEqual([]);
    const piped = JSON.parse(cli(["drift", "-", "--json"], text).stdout).logs[0];
    expect(piped.estimate).toEqual(j.estimate);
    const plain = cli(["drift", "test/data/drift/peerstats", "--kind", "mdev"]).stdout;
    expect(plain).toContain(
      `frequency  ${
        estimateDrift(parseDriftLog(readFileSync("test/data/drift/peerstats", "utf8")).samples).frequencyPpm.toFixed(3)
      } ppm`,
    );
    expect(plain).toContain("  mdev:\n");
  });
  it("a stepped offset is a jump: exit 1", () => {
    const r = cli(["drift", join(dir, "stepped.peerstats"), "--json"]);
    expect(r.status).toBe(1);
    const jumps = JSON.parse(r.stdout).logs[0].jumps;
    expect(jumps).toHaveLength(1);
    // offsets come out as local − reference: ntpd's +0.5 s is a 0.5 s step back of the local clock
    expect(Math.abs(Number(jumps[0].sizeNs))).toBeGreaterThan(490_000_000);
    expect(Math.abs(Number(jumps[0].sizeNs))).toBeLessThan(510_000_000);
  });
  it("binary garbage and a missing file: exit 2 with one line", () => {
    expectOneLineError(cli(["drift", join(dir, "garbage.bin")]), 2, "invalid-argument");
    expectOneLineError(cli(["drift", join(dir, "nope.log")]), 2, "not-found");
    expectOneLineError(cli(["drift", "test/data/drift/peerstats", "--kind", "xdev"]), 2, "usage");
  });
});

describe("clockmath hdr", () => {
  const merged = () => {
    const acc = hdr.build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: 3_600_000_000_000,
      numberOfSignificantValueDigits: 3,
      bitBucketSize: 64,
    });
    for (let i = 0; i < 400; i++) {
      acc.add(hdr.decodeFromCompressedBase64(histogramTexts[i % histogramTexts.length], 64));
    }
    return acc;
  };
  it("percentiles of one histogram: hdr-histogram-js's outputPercentileDistribution, byte for byte", () => {
    const js = hdr.decodeFromCompressedBase64(histogramTexts[3], 64);
    expect(cli(["hdr", "percentiles", join(dir, "one.hgrm64")]).stdout).toBe(js.outputPercentileDistribution());
    expect(cli(["hdr", "percentiles", join(dir, "one.hgrm64"), "--ticks", "2", "--scale", "1000"]).stdout).toBe(
      js.outputPercentileDistribution(2, 1000),
    );
    expect(cli(["hdr", "percentiles", join(dir, "one.hgrm64"), "--csv"]).stdout).toBe(
      js.outputPercentileDistribution(5, 1, true),
    );
  });
  it("percentiles of an interval log: the merge of its lines, as hdr-histogram-js prints it", () => {
    const acc = merged();
    const r = cli(["hdr", "percentiles", join(dir, "run.hlog"), "--scale", "1000000"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(acc.outputPercentileDistribution(5, 1e6));
    expect(cli(["hdr", "percentiles", "-", "--csv"], intervalLog(400)).stdout).toBe(
      acc.outputPercentileDistribution(5, 1, true),
    );
    const j = JSON.parse(cli(["hdr", "percentiles", join(dir, "run.hlog"), "--json"]).stdout);
    expect([j.intervals, j.totalCount]).toEqual([400, String(acc.totalCount)]);
    // --start/--end in seconds after the log's start: intervals 100 … 199
    const part = JSON.parse(
      cli(["hdr", "percentiles", join(dir, "run.hlog"), "--start", "100", "--end", "199.5", "--json"]).stdout,
    );
    expect(part.intervals).toBe(100);
  });
  it("merge writes one histogram whose percentiles are the log's", () => {
    const out = join(dir, "merged.hgrm64");
    const r = cli(["hdr", "merge", join(dir, "run.hlog"), join(dir, "one.hgrm64"), "-o", out]);
    expect(r.status).toBe(0);
    const acc = merged();
    acc.add(hdr.decodeFromCompressedBase64(histogramTexts[3], 64));
    expect(cli(["hdr", "percentiles", out]).stdout).toBe(acc.outputPercentileDistribution());
    // --log: one interval spanning the log's 400 one-second intervals, from its start time
    const log = parseIntervalLog(cli(["hdr", "merge", join(dir, "run.hlog"), "--log"]).stdout);
    expect(log.startTimeNs).toBe(1_441_812_279_474_000_000n);
    expect(log.entries).toHaveLength(1);
    expect([log.entries[0].startNs, log.entries[0].lengthNs]).toEqual([1_441_812_279_474_000_000n, 400_000_000_000n]);
    expect(log.entries[0].histogram.count).toBe(BigInt(merged().totalCount));
  });
  it("garbage, a missing file and a bad --ticks: exit 2 with one line", () => {
    // garbage with a comma in its first line reads as a bad log line, else as a bad histogram
    expectOneLineError(cli(["hdr", "percentiles", join(dir, "garbage.bin")]), 2, "bad-line|corrupt-encoding");
    expectOneLineError(cli(["hdr", "percentiles", join(dir, "nope.hlog")]), 2, "not-found");
    expectOneLineError(cli(["hdr", "percentiles", join(dir, "one.hgrm64"), "--ticks", "lots"]), 2, "usage");
  });
});

describe("clockmath jitter, grpc-timeout, deadline", () => {
  it("jitter: a short probe, its summary and an interval log HdrHistogram tools read", () => {
    const out = join(dir, "jitter.hlog");
    const r = cli(["jitter", "--samples", "20", "--interval", "1ms", "--hdr", out, "--json"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect([j.summary.api, j.summary.samples, j.summary.intervalNs]).toEqual(["setTimeout", 20, "1000000"]);
    const log = parseIntervalLog(readFileSync(out, "utf8"));
    expect(log.entries[0].histogram.count).toBe(20n);
    const imm = JSON.parse(cli(["jitter", "--api", "setImmediate", "--samples", "30", "--json"]).stdout);
    expect([imm.summary.api, imm.summary.samples, imm.summary.intervalNs]).toEqual(["setImmediate", 30, "0"]);
    expectOneLineError(cli(["jitter", "--api", "setImmediate", "--interval", "1ms"]), 2, "invalid-argument");
    expectOneLineError(cli(["jitter", "--api", "requestAnimationFrame"]), 2, "usage");
  });
  it("grpc-timeout encode/decode", () => {
    expect(cli(["grpc-timeout", "encode", "1.5s"]).stdout).toBe("1500000u\n");
    expect(cli(["grpc-timeout", "encode", "2h"]).stdout).toBe("7200000m\n");
    expect(cli(["grpc-timeout", "encode", "123456789123ns", "--rounding", "down"]).stdout).toBe("123456m\n");
    expect(cli(["grpc-timeout", "decode", "1500m"]).stdout).toBe("1500000000ns (1.5s)\n");
    expectOneLineError(cli(["grpc-timeout", "decode", "15x"]), 2, "malformed-header");
    expectOneLineError(cli(["grpc-timeout", "encode", "1.5ns"]), 2, "invalid-argument");
  });
  it("deadline analyze: exit 1 when a timeout can never fire", () => {
    const dead = cli(["deadline", "analyze", join(dir, "dead.json"), "--json"]);
    expect(dead.status).toBe(1);
    expect(JSON.parse(dead.stdout).dead).toEqual(["handler"]);
    const ok = cli(["deadline", "analyze", join(dir, "ok.json")]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^db +server/m);
    expectOneLineError(cli(["deadline", "analyze", join(dir, "garbage.bin")]), 2, "invalid-argument");
  });
});

describe("clockmath usage", () => {
  it("--help on every command: exit 0, usage and an example", async () => {
    const { COMMANDS } = await import("../../src/cli/main.ts");
    for (const c of COMMANDS) {
      const r = cli([...c.words, "--help"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`Usage: clockmath ${c.words.join(" ")}`);
      expect(r.stdout).toMatch(/\nExamples?:\n {2}clockmath /);
    }
    expect(cli(["--help"]).status).toBe(0);
    expect(cli([]).status).toBe(2);
  });
  it("unknown commands and flags: exit 2 with one line", () => {
    expectOneLineError(cli(["frobnicate"]), 2, "usage");
    expectOneLineError(cli(["leap", "info", "--colour"]), 2, "usage");
    expectOneLineError(cli(["leap", "offset"]), 2, "usage");
  });
});

describe("clockmath in Deno (deno/cli.ts)", () => {
  it("the same answers with --allow-read, and a one-line error without it", () => {
    const one = join(dir, "one.hgrm64");
    expect(deno(["--allow-read"], ["hdr", "percentiles", one]).stdout).toBe(cli(["hdr", "percentiles", one]).stdout);
    const check = deno(["--allow-read"], ["leap", "check", EXPIRED, "--json"]);
    expect(check.status).toBe(1);
    expect(JSON.parse(check.stdout).status).toBe("expired");
    expect(deno([], ["leap", "offset", "2017-01-01T00:00:00Z"]).stdout).toBe("37.000000000\n");
    expect(deno([], ["grpc-timeout", "encode", "250ms"]).stdout).toBe("250000u\n");
    // stdin needs no permission
    const piped = deno([], ["hdr", "percentiles", "-", "--csv"], intervalLog(50));
    expect([piped.status, piped.stdout]).toEqual([
      0,
      cli(["hdr", "percentiles", "-", "--csv"], intervalLog(50)).stdout,
    ]);
    expect(piped.stdout.split("\n")[0]).toBe('"Value","Percentile","TotalCount","1/(1-Percentile)"');
    expectOneLineError(deno([], ["leap", "check", `${LEAP}/leapseconds`]), 2, "permission-denied");
    expectOneLineError(deno([], ["leap", "convert", "2017-01-01T00:00:00Z", "--to", "nonsense"]), 2, "usage");
  }, 120_000);
});
