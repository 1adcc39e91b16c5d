// parseDriftLogStream against the whole-text parseDriftLog on the sample logs: the same records
// and bad lines wherever the chunks are cut (mid-line, mid-CRLF, mid-UTF-8 character), plus the
// stream's own cases: an overlong line, a source that errors, an early break, bad chunks.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  BadLineError,
  ClockmathError,
  type DriftLogRecord,
  type DriftLogStreamOptions,
  MAX_BAD_LINE_TEXT,
  parseDriftLog,
  parseDriftLogStream,
} from "../../src/mod.ts";
import * as samples from "../data/drift/samples.ts";

const LOGS = samples.SAMPLE_LOGS;
const utf8 = new TextEncoder();

/**
 * `bytes` cut at the given points (sorted, deduplicated), each piece as bytes or, when `asText`, decoded
 * text (only at character boundaries).
 */
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

async function readAll(chunks: unknown, options?: DriftLogStreamOptions) {
  const s = parseDriftLogStream(chunks as never, options);
  const records: DriftLogRecord[] = [];
  for await (const batch of s.batches()) {
    expect(batch.length).toBeGreaterThan(0);
    records.push(...batch);
  }
  return { records, summary: s.summary() };
}

/** A web ReadableStream of the chunks; `log` records what happened to it. */
function webStream(chunks: (Uint8Array | string)[], log: string[] = [], failAt = -1) {
  let i = 0;
  return new ReadableStream<Uint8Array | string>({
    pull(ctrl) {
      if (i === failAt) {
        ctrl.error(new Error("disk on fire"));
        return;
      }
      if (i < chunks.length) ctrl.enqueue(chunks[i++]);
      else ctrl.close();
    },
    cancel() {
      log.push("cancelled");
    },
  }, { highWaterMark: 0 });
}

/** Bad lines sprinkled in (lax mode), some with multi-byte characters to cut through. */
function withBadLines(text: string, seed: number): string {
  const lines = text.split("\n");
  const junk = [
    "garbage ünïcödé line ✓",
    "61364 79397.000 192.0.2.10 zz 1 2 3",
    "2026-11-31 00:00:00 x",
    "\r",
    "   \t  ",
  ];
  for (let k = 0; k < 4; k++) {
    lines.splice(3 + ((seed * (k + 7)) % (lines.length - 3)), 0, junk[(seed + k) % junk.length]);
  }
  return lines.join("\n");
}

describe("parseDriftLogStream: the same answers as parseDriftLog", () => {
  it("whole sample logs, one chunk, bytes or text", async () => {
    for (const [format, text] of LOGS) {
      const whole = parseDriftLog(text);
      for (const chunk of [text, utf8.encode(text)]) {
        const { records, summary } = await readAll([chunk]);
        expect(records, format).toEqual(whole.records);
        expect(summary).toEqual({
          format,
          lineCount: text.split("\n").length - (text.endsWith("\n") ? 1 : 0),
          recordCount: whole.records.length,
          badLines: [],
          badLineCount: 0,
          done: true,
        });
      }
    }
  });
  it("cut at random points (bytes, so also mid-character and mid-CRLF): same records and bad lines", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: LOGS.length - 1 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.boolean(),
        fc.boolean(),
        fc.nat(),
        async (which, points, crlf, junk, seed) => {
          let text = LOGS[which][1];
          if (junk) text = withBadLines(text, seed);
          if (crlf) text = text.replaceAll("\n", "\r\n");
          const whole = parseDriftLog(text, { strict: false });
          const bytes = utf8.encode(text);
          const chunks: (Uint8Array | string)[] = cut(bytes, points);
          // some chunks as text: where a cut falls on a character boundary it decodes on its own
          if (seed % 3 === 0) {
            for (let i = 0; i < chunks.length; i += 2) {
              const s = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
              try {
                chunks[i] = s.decode(chunks[i] as Uint8Array);
              } catch { /* a cut character: stays bytes */ }
            }
          }
          const { records, summary } = await readAll(chunks, { strict: false });
          expect(records).toEqual(whole.records);
          expect(summary.badLines).toEqual(whole.badLines);
          expect(summary.badLineCount).toBe(whole.badLineCount);
          expect(summary.format).toBe(whole.format);
          expect(summary.recordCount).toBe(whole.records.length);
        },
      ),
      { numRuns: 300 },
    );
  });
  it("a web ReadableStream of 1-byte chunks: detection waits for a whole line", async () => {
    const text = samples.CHRONY_MEASUREMENTS;
    const bytes = utf8.encode(text);
    const { records, summary } = await readAll(
      webStream(cut(bytes, Array.from({ length: bytes.length }, (_, i) => i))),
    );
    expect(records).toEqual(parseDriftLog(text).records);
    expect(summary.format).toBe("chrony-measurements");
  });
  it("an async generator of chunks (a Node stream is one), records one by one", async () => {
    const text = samples.NTPD_PEERSTATS;
    async function* gen() {
      for (let i = 0; i < text.length; i += 100) yield text.slice(i, i + 100);
    }
    const s = parseDriftLogStream(gen());
    const got: DriftLogRecord[] = [];
    for await (const r of s) got.push(r);
    expect(got).toEqual(parseDriftLog(text).records);
    expect(s.summary().done).toBe(true);
  });
  it("CRLF cut between CR and LF, and a UTF-8 character cut in two", async () => {
    const text =
      "61364 79397.000 192.0.2.10 9614 -0.000317740 0.022015581 0.001966264 0.000044783\r\n# né\r\n61364 79461.000 192.0.2.10 9614 -0.001689513 0.023842144 0.002045872 0.000043582\r\n";
    const bytes = utf8.encode(text);
    const cr = bytes.indexOf(13), e = text.indexOf("é");
    const { records, summary } = await readAll(cut(bytes, [cr + 1, e + 1, e + 2]));
    expect(records).toEqual(parseDriftLog(text).records);
    expect(records.map((r) => r.line)).toEqual([1, 3]);
    expect(summary.lineCount).toBe(3);
  });
  it("explicit format: no detection", async () => {
    const { records, summary } = await readAll([samples.NTPD_LOOPSTATS], { format: "ntpd-loopstats" });
    expect(records).toEqual(parseDriftLog(samples.NTPD_LOOPSTATS, { format: "ntpd-loopstats" }).records);
    expect(summary.format).toBe("ntpd-loopstats");
  });
});

describe("parseDriftLogStream: bounded memory and the stream's own edges", () => {
  const good = samples.NTPD_PEERSTATS.split("\n").slice(0, 3).join("\n") + "\n";
  it("a line longer than maxLineLength is a bad line, in any chunking, without holding it", async () => {
    const huge = "61364 79397.000 " + "9".repeat(300_000);
    const text = good + huge + "\r\n" + good;
    const whole = parseDriftLog(text, { strict: false });
    // the whole-text parser has no cap: the huge line is bad there too, but for its content
    expect(whole.badLineCount).toBe(1);
    for (const size of [1 << 10, 1 << 16, text.length]) {
      const chunks = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      const { records, summary } = await readAll(chunks, { strict: false, maxLineLength: 4096 });
      expect(records).toEqual(whole.records);
      expect(summary.badLineCount).toBe(1);
      expect(summary.badLines[0]).toEqual({
        line: 4,
        message: "line longer than 4096 characters (maxLineLength)",
        text: huge.slice(0, MAX_BAD_LINE_TEXT) + "…",
      });
    }
    // strict: a BadLineError with the line's number as soon as it outgrows the cap
    const strict = readAll([good, huge.slice(0, 5000), huge.slice(5000)], { maxLineLength: 4096 });
    await expect(strict).rejects.toBeInstanceOf(BadLineError);
    await expect(readAll([good, huge], { maxLineLength: 4096 })).rejects.toMatchObject({ code: "bad-line", line: 4 });
    // exactly maxLineLength is still a line (the CR counts, the LF does not)
    const edge = "# " + "x".repeat(254) + "\r\n" + good;
    expect((await readAll([edge], { maxLineLength: 257 })).summary.badLineCount).toBe(0);
    expect((await readAll([edge], { maxLineLength: 256, strict: false })).summary.badLineCount).toBe(1);
  });
  it("an endless line streams by in bounded memory", async () => {
    const block = "x".repeat(1 << 16);
    let sent = 0;
    async function* endless() {
      yield good;
      for (; sent < 1600; sent++) yield block; // 100 MiB in one line
      yield "\n" + good;
    }
    const { records, summary } = await readAll(endless(), { strict: false });
    expect(sent).toBe(1600);
    expect(records.length).toBe(6);
    expect(summary.badLines).toEqual([{
      line: 4,
      message: "line longer than 1048576 characters (maxLineLength)",
      text: "x".repeat(MAX_BAD_LINE_TEXT) + "…",
    }]);
  });
  it("a source that errors: the error propagates, the reader is released", async () => {
    const log: string[] = [];
    const rs = webStream([good, good, good], log, 2);
    const s = parseDriftLogStream(rs);
    const got: DriftLogRecord[] = [];
    await expect((async () => {
      for await (const r of s) got.push(r);
    })()).rejects.toThrow("disk on fire");
    expect(got.length).toBe(6);
    expect(rs.locked).toBe(false);
    expect(s.summary().done).toBe(false);
  });
  it("an early break cancels the source and releases the reader", async () => {
    const log: string[] = [];
    const rs = webStream([good, good, good, good], log);
    const s = parseDriftLogStream(rs);
    let n = 0;
    for await (const r of s) {
      expect(r.source).toBe("192.0.2.10");
      if (++n === 2) break;
    }
    expect(rs.locked).toBe(false);
    expect(log).toEqual(["cancelled"]);
    expect(s.summary()).toMatchObject({ done: false, lineCount: 3, recordCount: 3 });
    // an async iterator's return() is called the same way
    let returned = false;
    const it = {
      [Symbol.asyncIterator]: () => ({
        next: async () => ({ done: false, value: good }),
        return: async () => {
          returned = true;
          return { done: true, value: undefined };
        },
      }),
    };
    for await (const _ of parseDriftLogStream(it as never)) break;
    expect(returned).toBe(true);
  });
  it("strict: the first bad line throws, and the source is cancelled", async () => {
    const log: string[] = [];
    const rs = webStream([good, "61364 79397.000 192.0.2.10 zz 1 2 3\n", good], log);
    await expect(readAll(rs)).rejects.toMatchObject({ code: "bad-line", line: 4 });
    expect(rs.locked).toBe(false);
    expect(log).toEqual(["cancelled"]);
    // the good lines of the chunk with the bad one are handed over before the error
    const s = parseDriftLogStream([good + "61364 79397.000 192.0.2.10 zz 1 2 3\n" + good]);
    const got: number[] = [];
    await expect((async () => {
      for await (const r of s) got.push(r.line);
    })()).rejects.toMatchObject({ code: "bad-line", line: 4 });
    expect(got).toEqual([1, 2, 3]);
    expect(s.summary()).toMatchObject({ recordCount: 3, lineCount: 4, done: false });
  });
  it("typed refusals: options, sources, chunks, unknown formats, a second read", async () => {
    const code = async (f: () => unknown) => {
      try {
        await f();
      } catch (e) {
        return e instanceof ClockmathError ? e.code : `not a ClockmathError: ${e}`;
      }
      return "none";
    };
    expect(await code(() => parseDriftLogStream("text" as never))).toBe("invalid-argument");
    expect(await code(() => parseDriftLogStream(42 as never))).toBe("invalid-argument");
    expect(await code(() => parseDriftLogStream([good], { maxLineLength: 0 }))).toBe("out-of-range");
    expect(await code(() => parseDriftLogStream([good], { maxLineLength: 1.5e3 + 0.5 }))).toBe("invalid-argument");
    expect(await code(() => parseDriftLogStream([good], { format: "syslog" as never }))).toBe("invalid-argument");
    expect(await code(() => parseDriftLogStream([good], { strict: "no" as never }))).toBe("invalid-argument");
    expect(await code(() => parseDriftLogStream([good], null as never))).toBe("invalid-argument");
    expect(await code(() => readAll([good, 7]))).toBe("invalid-argument");
    expect(await code(() => readAll(["hello world\n"]))).toBe("invalid-argument");
    expect(await code(() => readAll([]))).toBe("invalid-argument");
    expect(await code(() => readAll(["\n".repeat(70_000)]))).toBe("invalid-argument");
    const s = parseDriftLogStream([good]);
    for await (const _ of s) { /* read it all */ }
    expect(
      await code(async () => {
        for await (const _ of s) { /* again */ }
      }),
    ).toBe("invalid-argument");
    const rs = webStream([good]);
    rs.getReader();
    expect(await code(() => readAll(rs))).toBe("invalid-argument");
  });
  it("junk chunks and options: only ClockmathErrors, from the call or from the iteration", async () => {
    const chunk = fc.oneof(
      fc.string(),
      fc.uint8Array(),
      fc.constantFrom(samples.NTPD_PEERSTATS, samples.CHRONY_TRACKING, "\r", "\n", "=\n"),
      fc.anything(),
    );
    const opts = fc.oneof(
      fc.anything(),
      fc.record({
        format: fc.oneof(fc.anything(), fc.constantFrom("auto", "ntpd-peerstats", "toString")),
        strict: fc.anything(),
        maxLineLength: fc.anything(),
      }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(chunk, { maxLength: 6 }), opts, async (chunks, o) => {
        try {
          for await (const r of parseDriftLogStream(chunks as never, o as never)) {
            expect(typeof r.readingNs).toBe("bigint");
          }
        } catch (e) {
          if (!(e instanceof ClockmathError)) throw new Error(`threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
