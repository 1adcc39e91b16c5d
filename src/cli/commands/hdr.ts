// clockmath hdr percentiles <file|-> | clockmath hdr merge <file>… [-o out]
import {
  CorruptEncodingError,
  formatIntervalLog,
  formatPercentileDistribution,
  type IntervalLogMergeOptions,
  type MergedHistogram,
  mergeHistograms,
  mergeIntervalLogs,
  parseDuration,
} from "../../mod.ts";
import { type Command, type Context, type Outcome, str, type Values } from "../command.ts";
import { CliError } from "../host.ts";
import { withProgress } from "../output.ts";

/** Bytes looked at to tell an interval log from one histogram before giving up and reading it as a log. */
const SNIFF_BYTES = 4 * 1024 * 1024;
/** Largest single base64 histogram read: 64 MiB. */
const MAX_HISTOGRAM_BYTES = 64 * 1024 * 1024;

type HistogramInput = { kind: "log"; name: string; chunks: AsyncIterable<Uint8Array> } | {
  kind: "histogram";
  name: string;
  text: string;
};

/**
 * Opens a file (or stdin) and tells its kind from its first line that is neither empty nor a
 * "#" comment: a line with a comma is an interval log line (or its CSV header), anything else one
 * base64 histogram. A log's bytes are handed on untouched (the ones read to decide come first).
 */
async function openHistogramInput(ctx: Context, path: string): Promise<HistogramInput> {
  const input = ctx.host.open(path);
  const it = withProgress(ctx.host, input)[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  let kind: "log" | "histogram" | undefined;
  let ended = false;
  while (kind === undefined) {
    const r = await it.next();
    if (r.done) {
      text += decoder.decode();
      ended = true;
    } else {
      head.push(r.value);
      bytes += r.value.length;
      text += decoder.decode(r.value, { stream: true });
    }
    kind = sniff(text, ended) ?? (bytes > SNIFF_BYTES ? "log" : undefined);
    if (ended && kind === undefined) {
      throw new CorruptEncodingError(`${input.name}: empty: neither an interval log nor a histogram`);
    }
  }
  if (kind === "log") {
    const chunks = (async function* () {
      yield* head;
      if (!ended) { for (let r = await it.next(); !r.done; r = await it.next()) yield r.value; }
    })();
    return { kind, name: input.name, chunks };
  }
  while (!ended) {
    const r = await it.next();
    if (r.done) break;
    bytes += r.value.length;
    if (bytes > MAX_HISTOGRAM_BYTES) {
      throw new CliError("too-large", `${input.name}: a single histogram of more than ${MAX_HISTOGRAM_BYTES} bytes`);
    }
    text += decoder.decode(r.value, { stream: true });
  }
  text += decoder.decode();
  return { kind, name: input.name, text: text.split("\n").filter((l) => !l.startsWith("#")).join("").trim() };
}

/** "log", "histogram", or undefined while the first content line has not ended yet. */
function sniff(text: string, ended: boolean): "log" | "histogram" | undefined {
  let from = 0;
  while (from < text.length) {
    let end = text.indexOf("\n", from);
    if (end < 0) {
      if (!ended) return undefined;
      end = text.length;
    }
    const line = text.slice(from, end).trim();
    if (line !== "" && !line.startsWith("#")) return line.includes(",") ? "log" : "histogram";
    from = end + 1;
  }
  return undefined;
}

const rangeOptions = {
  start: {
    type: "string",
    arg: "SECONDS",
    help: "skip intervals starting less than this after the log's start (HistogramLogProcessor -start)",
  },
  end: {
    type: "string",
    arg: "SECONDS",
    help: "stop at intervals starting more than this after the log's start (-end)",
  },
  tag: { type: "string", arg: "TAG", help: "merge the intervals with this tag (default: the untagged ones)" },
  "all-tags": { type: "boolean", help: "merge every interval whatever its tag" },
} as const;

function mergeOptions(values: Values): IntervalLogMergeOptions {
  const secs = (name: string) => {
    const v = str(values, name);
    return v === undefined ? undefined : parseDuration(`${v}s`);
  };
  return {
    tag: str(values, "tag"),
    allTags: values["all-tags"] === true || undefined,
    rangeStartNs: secs("start"),
    rangeEndNs: secs("end"),
  };
}

/**
 * Every input merged into one histogram (the caller disposes it). Interval logs are merged together as
 * HistogramLogProcessor does.
 */
async function mergeInputs(ctx: Context, paths: readonly string[], values: Values): Promise<MergedHistogram> {
  if (paths.filter((p) => p === "-").length > 1) throw new CliError("usage", `"-" (stdin) can be given once`);
  const inputs: HistogramInput[] = [];
  for (const p of paths) inputs.push(await openHistogramInput(ctx, p));
  const logs = inputs.flatMap((i) => (i.kind === "log" ? [i.chunks] : []));
  const singles = inputs.flatMap((i) => (i.kind === "histogram" ? [i.text] : []));
  const options = mergeOptions(values);
  if (singles.length === 0) return mergeIntervalLogs(logs, options);
  if (logs.length === 0) return mergeHistograms(singles);
  const fromLogs = await mergeIntervalLogs(logs, options);
  try {
    const all = await mergeHistograms([fromLogs.histogram, ...singles]);
    return { ...all, intervals: fromLogs.intervals + singles.length };
  } finally {
    fromLogs.histogram.dispose();
  }
}

export const hdrCommands: Command[] = [
  {
    words: ["hdr", "percentiles"],
    operands: "<file|->",
    minOperands: 1,
    maxOperands: 1,
    summary: "HdrHistogram's percentile distribution of an interval log (merged) or of one base64 histogram.",
    details:
      "Prints the table HdrHistogram's outputPercentileDistribution prints (Value, Percentile, TotalCount, 1/(1-Percentile)\n" +
      "and the #[Mean …] / #[Max …] / #[Buckets …] footer), byte for byte. Interval logs are merged as HistogramLogProcessor does.",
    examples: ["clockmath hdr percentiles latency.hlog --scale 1000000 --ticks 5"],
    options: {
      ticks: { type: "string", arg: "N", help: "percentile ticks per half distance (default 5)" },
      scale: {
        type: "string",
        arg: "R",
        help: "output value unit scaling ratio: values are divided by it (default 1)",
      },
      csv: { type: "boolean", help: "HdrHistogram's CSV form" },
      ...rangeOptions,
    },
    async run(ctx, values, [path]): Promise<Outcome> {
      const ticks = number(values, "ticks", 5);
      const scale = number(values, "scale", 1);
      const merged = await mergeInputs(ctx, [path], values);
      const h = merged.histogram;
      try {
        const text = formatPercentileDistribution(h, {
          percentileTicksPerHalfDistance: ticks,
          outputValueUnitScalingRatio: scale,
          csv: values.csv === true,
        });
        const json = {
          file: path,
          intervals: merged.intervals,
          totalCount: h.count,
          minNs: h.min,
          maxNs: h.max,
          mean: h.mean,
          stddev: h.stddev,
          percentiles: h.percentileSeries(ticks),
        };
        return { text, json, exit: 0 };
      } finally {
        h.dispose();
      }
    },
  },
  {
    words: ["hdr", "merge"],
    operands: "<file>…",
    minOperands: 1,
    maxOperands: 1024,
    summary: "One histogram (or, with --log, a one-interval log) from many interval logs and histograms.",
    details:
      "Writes the merged histogram (compressed V2, base64) to -o or stdout; with --log, an interval log of one line\n" +
      "spanning the merged intervals (from the first start to the last end; 0 for inputs that are bare histograms).",
    examples: ["clockmath hdr merge run1.hlog run2.hlog -o all.hgrm64"],
    options: {
      output: { type: "string", short: "o", arg: "OUT", help: "write the histogram here instead of stdout" },
      log: { type: "boolean", help: "write an interval log (one line) instead of a bare histogram" },
      ...rangeOptions,
    },
    async run(ctx, values, paths): Promise<Outcome> {
      const merged = await mergeInputs(ctx, paths, values);
      const h = merged.histogram;
      try {
        const encoded = h.encode();
        const out = str(values, "output");
        const startNs = merged.firstStartUnixNs ?? 0n;
        const body = values.log === true
          ? formatIntervalLog({
            startTimeNs: merged.logStartUnixNs ?? startNs,
            entries: [{ startNs, lengthNs: (merged.lastEndUnixNs ?? startNs) - startNs, histogram: h }],
          })
          : encoded + "\n";
        if (out !== undefined) ctx.host.writeText(out, body);
        const json = {
          inputs: paths,
          intervals: merged.intervals,
          totalCount: h.count,
          output: out,
          encoded: out === undefined ? encoded : undefined,
        };
        const text = out === undefined ? body : `${out}: ${merged.intervals} histograms merged, ${h.count} values\n`;
        return { text, json, exit: 0 };
      } finally {
        h.dispose();
      }
    },
  },
];

/** A numeric flag: a plain decimal number, or the default. The library range-checks it. */
function number(values: Values, name: string, fallback: number): number {
  const v = str(values, name);
  if (v === undefined) return fallback;
  const n = /^[0-9]{1,15}(\.[0-9]{1,15})?$/.test(v) ? Number(v) : NaN;
  if (Number.isNaN(n)) throw new CliError("usage", `--${name} ${JSON.stringify(v)}: not a number`);
  return n;
}
