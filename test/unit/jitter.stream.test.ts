// Interval logs read as a stream: the shared line reader across chunk boundaries, the streaming
// parser against the whole-text one, HistogramLogReader's in-order time rules, the line cap, and
// cancellation of the source when the reader stops early.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  ClockmathError,
  formatIntervalLog,
  LatencyHistogram,
  parseIntervalLog,
  parseIntervalLogStream,
} from "../../src/mod.ts";
import { LineSplitter, textChunks } from "../../src/jitter/lines.ts";

const START_NS = 1_441_812_279_474_000_000n;

function hist(seed: number, n: number): LatencyHistogram {
  const h = new LatencyHistogram({ highestTrackableNs: 3_600_000_000_000n });
  for (let i = 1; i <= n; i++) h.record(BigInt(((i * 7919 + seed * 104729) % 100_000) * 31 + 17));
  return h;
}

/** Cuts `s` at the given fractions (sorted, deduplicated) into pieces. */
function cut<T extends { length: number; slice(a: number, b?: number): T }>(s: T, at: number[]): T[] {
  const pos = [...new Set(at.map((f) => Math.floor(f * s.length)))].sort((a, b) => a - b);
  const out: T[] = [];
  let prev = 0;
  for (const p of pos) {
    out.push(s.slice(prev, p));
    prev = p;
  }
  out.push(s.slice(prev));
  return out;
}

/** Reference: lines split at \r\n, \r or \n, with a final (possibly empty) line. */
function referenceLines(s: string): string[] {
  return s.split(/\r\n|\r|\n/);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function rejection(p: Promise<unknown>): Promise<ClockmathError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ClockmathError);
    return e as ClockmathError;
  }
  throw new Error("expected a rejection");
}

describe("LineSplitter", () => {
  it("gives the same numbered lines however the text is cut (\\r\\n split across chunks included)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "b", "é", "\n", "\r", "\r\n", " ", "#"), { maxLength: 60 }).map((a) =>
          a.join("")
        ),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        (text, at) => {
          const s = new LineSplitter();
          const got: [string, number][] = [];
          for (const piece of cut(text, at)) for (const l of s.push(piece)) got.push(l);
          got.push(s.end());
          expect(got).toEqual(referenceLines(text).map((l, i) => [l, i + 1]));
        },
      ),
    );
  });
  it("refuses a line past the cap as soon as it passes it, with its number", () => {
    const s = new LineSplitter(10);
    expect([...s.push("0123456789\nabc")]).toEqual([["0123456789", 1]]);
    try {
      for (const _ of s.push("defghijk")) { /* a line of 11 characters pending */ }
      throw new Error("expected bad-line");
    } catch (e) {
      expect(ClockmathError.is(e, "bad-line")).toBe(true);
      expect((e as { line: number }).line).toBe(2);
    }
  });
  it("decodes UTF-8 split inside a character, and mixes byte and text chunks", async () => {
    const bytes = new TextEncoder().encode("é€😀\n");
    const chunks: (Uint8Array | string)[] = [...bytes].map((b) => new Uint8Array([b]));
    chunks.push("x");
    expect((await collect(textChunks(chunks, "t"))).join("")).toBe("é€😀\nx");
  });
});

describe("parseIntervalLogStream", () => {
  const entries = [
    { startNs: START_NS + 127_000_000n, lengthNs: 1_007_000_000n, histogram: hist(1, 500) },
    { tag: "timer", startNs: START_NS + 1_134_000_000n, lengthNs: 999_000_000n, histogram: hist(2, 800) },
    { startNs: START_NS + 2_133_000_000n, lengthNs: 1_000_000_000n, histogram: hist(3, 50) },
  ];
  const text = formatIntervalLog({ startTimeNs: START_NS, entries }).replace(/\n/g, "\r\n") + "# é comment\n";

  it("yields what parseIntervalLog reads, from bytes cut anywhere (ReadableStream and async iterable)", async () => {
    const whole = parseIntervalLog(text);
    const bytes = new TextEncoder().encode(text);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
        fc.boolean(),
        async (at, asStream) => {
          const pieces = cut(bytes, at);
          const source = asStream
            ? new ReadableStream<Uint8Array>({
              start(c) {
                for (const p of pieces) c.enqueue(p);
                c.close();
              },
            })
            : (async function* () {
              yield* pieces;
            })();
          const got = await collect(parseIntervalLogStream(source));
          expect(got.map((r) => [r.tag, r.startUnixNs, r.lengthNs, r.encoded])).toEqual(
            whole.entries.map((e, i) => [e.tag, e.startNs, e.lengthNs, entries[i].histogram.encode()]),
          );
          // version, StartTime, BaseTime, legend
          expect(got.map((r) => r.lineNumber)).toEqual([4, 5, 6].map((n) => n + 1));
          expect(got.map((r) => r.offsetNs)).toEqual([127_000_000n, 1_134_000_000n, 2_133_000_000n]);
          expect(got.every((r) => r.logStartUnixNs === START_NS)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
    for (const e of entries) e.histogram.dispose();
  });

  it("decode() gives a new histogram equal to the line's", async () => {
    const h = hist(4, 300);
    const [r] = await collect(
      parseIntervalLogStream([
        formatIntervalLog({ entries: [{ startNs: 5_000_000_000n, lengthNs: 1_000_000_000n, histogram: h }] }),
      ]),
    );
    const d = r.decode();
    expect(d.buckets()).toEqual(LatencyHistogram.decode(h.encode()).buckets());
    expect(d.count).toBe(300n);
    d.dispose();
    h.dispose();
  });

  it("follows HistogramLogReader's in-order time rules", async () => {
    const h = hist(5, 10);
    const enc = h.encode();
    h.dispose();
    // no StartTime: the first line's timestamp is the start; absolute timestamps stay absolute
    const a = await collect(
      parseIntervalLogStream([`1441812279.500,1.000,1.0,${enc}\n1441812280.500,1.000,1.0,${enc}\n`]),
    );
    expect(a.map((r) => [r.startUnixNs, r.offsetNs, r.logStartUnixNs])).toEqual([
      [1_441_812_279_500_000_000n, 0n, 1_441_812_279_500_000_000n],
      [1_441_812_280_500_000_000n, 1_000_000_000n, 1_441_812_279_500_000_000n],
    ]);
    // StartTime and timestamps more than a year before it: relative to StartTime
    const b = await collect(
      parseIntervalLogStream([`#[StartTime: 1441812279.474 (seconds since epoch), x]\n0.126,1.000,1.0,${enc}\n`]),
    );
    expect([b[0].startUnixNs, b[0].offsetNs]).toEqual([START_NS + 126_000_000n, 126_000_000n]);
    // BaseTime decides, whatever StartTime says; offsets stay relative to StartTime
    const c = await collect(
      parseIntervalLogStream([
        `#[StartTime: 1441812279.474 x]\n#[BaseTime: 1441812200.000 x]\n79.000,1.000,1.0,${enc}\n`,
      ]),
    );
    expect([c[0].startUnixNs, c[0].offsetNs]).toEqual([1_441_812_279_000_000_000n, -474_000_000n]);
  });

  it("reports a bad line with its number, and a line over maxLineLength without reading on", async () => {
    const bad = await rejection(collect(parseIntervalLogStream(["#[StartTime: 1 x]\n", "0.1,1.0,1.0,HISTFAAA!!\n"])));
    expect(bad.code).toBe("bad-line");
    expect((bad as unknown as { line: number }).line).toBe(2);
    let pulled = 0;
    const endless = (function* () {
      for (;;) {
        pulled++;
        yield "x".repeat(1000);
      }
    })();
    const long = await rejection(collect(parseIntervalLogStream(endless, { maxLineLength: 5000 })));
    expect(long.code).toBe("bad-line");
    expect(long.message).toContain("5000");
    expect(pulled).toBe(6); // the sixth chunk takes the line past the cap
    expect((await rejection(collect(parseIntervalLogStream([], { maxLineLength: 0 })))).code).toBe("out-of-range");
  });

  it("refuses sources and chunks that are not streams of bytes or text", async () => {
    expect((await rejection(collect(parseIntervalLogStream("0.1,1,1,x" as never)))).code).toBe("invalid-argument");
    expect((await rejection(collect(parseIntervalLogStream(42 as never)))).code).toBe("invalid-argument");
    expect((await rejection(collect(parseIntervalLogStream([42] as never)))).code).toBe("invalid-argument");
    expect((await rejection(collect(parseIntervalLogStream([], null as never)))).code).toBe("invalid-argument");
  });

  it("cancels a ReadableStream when the consumer stops early", async () => {
    const h = hist(6, 10);
    const line = `0.1,1.0,1.0,${h.encode()}\n`;
    h.dispose();
    let cancelled = false, pulls = 0;
    const stream = new ReadableStream<string>({
      pull(c) {
        pulls++;
        c.enqueue(line);
      },
      cancel() {
        cancelled = true;
      },
    });
    let n = 0;
    for await (const _ of parseIntervalLogStream(stream)) if (++n === 3) break;
    expect(n).toBe(3);
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(10);
  });
});
