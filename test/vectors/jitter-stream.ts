// Streaming interval logs in every runtime (Node, Deno, Chromium, workerd): a ReadableStream of
// UTF-8 bytes cut inside a character and inside a \r\n, merged, and printed as HdrHistogram's
// percentile distribution (the text hdr-histogram-js prints for it; checked in the unit tests).
import type { AsyncVectorSuite } from "./async.ts";
import { rejectsCode } from "./async.ts";
import { eq } from "./suite.ts";

/** The percentile text of the values 1000, 2000, …, 10 000 ns (1 ns … 3.6 s, 3 digits), 1 tick per half. */
const TEN_VALUES_TABLE = "       Value     Percentile TotalCount 1/(1-Percentile)\n\n" +
  "    1000.000 0.000000000000          1           1.00\n" +
  "    5003.000 0.500000000000          5           2.00\n" +
  "    8003.000 0.750000000000          8           4.00\n" +
  "    9007.000 0.875000000000          9           8.00\n" +
  "   10007.000 0.937500000000         10          16.00\n" +
  "   10007.000 1.000000000000         10\n" +
  "#[Mean    =     5501.800, StdDeviation   =     2873.535]\n" +
  "#[Max     =    10007.000, Total count    =           10]\n" +
  "#[Buckets =           22, SubBuckets     =         2048]\n";

export const jitterStreamSuite: AsyncVectorSuite = {
  name: "jitter streams",
  cases: [
    {
      name: "parseIntervalLogStream over a byte ReadableStream, mergeIntervalLogs, formatPercentileDistribution",
      run: async (api) => {
        const start = 1_441_812_279_474_000_000n;
        const entries = [1, 6].map((first, i) => {
          const h = new api.LatencyHistogram({ highestTrackableNs: 3_600_000_000n });
          for (let v = first; v < first + 5; v++) h.record(BigInt(v) * 1000n);
          return { startNs: start + BigInt(i) * 1_000_000_000n, lengthNs: 1_000_000_000n, histogram: h };
        });
        const text = "# é €\r\n" + api.formatIntervalLog({ startTimeNs: start, entries }).replace(/\n/g, "\r\n");
        const bytes = new TextEncoder().encode(text);
        const cuts = [3, 7, 8, 100, bytes.length - 1]; // inside "é", between \r and \n, …
        const stream = (): ReadableStream<Uint8Array> =>
          new ReadableStream({
            start(c) {
              let prev = 0;
              for (const at of cuts) {
                c.enqueue(bytes.subarray(prev, at));
                prev = at;
              }
              c.enqueue(bytes.subarray(prev));
              c.close();
            },
          });
        const records = [];
        for await (const r of api.parseIntervalLogStream(stream())) {
          records.push([r.startUnixNs, r.offsetNs, r.lineNumber, r.encoded]);
        }
        eq(
          records,
          entries.map((e, i) => [e.startNs, BigInt(i) * 1_000_000_000n, 6 + i, e.histogram.encode()]),
          "records",
        );
        const merged = await api.mergeIntervalLogs([stream()]);
        eq(
          [merged.intervals, merged.firstStartUnixNs, merged.lastEndUnixNs],
          [2, start, start + 2_000_000_000n],
          "merged intervals",
        );
        eq(
          api.formatPercentileDistribution(merged.histogram, { percentileTicksPerHalfDistance: 1 }),
          TEN_VALUES_TABLE,
          "percentile text",
        );
        merged.histogram.dispose();
        for (const e of entries) e.histogram.dispose();
        await rejectsCode(api.mergeIntervalLogs([["0.1,1.0,2.0,HISTFAAA\n"]]), "bad-line", "bad line");
      },
    },
  ],
};
