// clockmath jitter | grpc-timeout encode/decode | deadline analyze
import {
  analyzeTimeouts,
  availableTimerApis,
  decodeGrpcTimeout,
  encodeGrpcTimeout,
  formatDuration,
  formatIntervalLog,
  InvalidArgumentError,
  LatencyHistogram,
  measureTimerJitter,
  parseDuration,
  type Rounding,
  type TimeoutStage,
  type TimerApi,
} from "../../mod.ts";
import { type Command, type Outcome, str } from "../command.ts";
import { CliError } from "../host.ts";
import { table } from "../output.ts";

/** Largest chain file read: 1 MiB. */
const MAX_CHAIN_BYTES = 1 << 20;

const dur = (
  ns: bigint | undefined,
) => (ns === undefined ? "never" : ns < 0n ? `-${formatDuration(-ns)}` : formatDuration(ns));

/** A duration field of the chain file: "1.5s"-style text, or integer ns (a number or a decimal string). */
function chainDuration(v: unknown, where: string): bigint | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === "string" && /^[0-9]{1,19}$/.test(v)) return BigInt(v);
  if (typeof v === "string") return parseDuration(v);
  throw new InvalidArgumentError(`${where}: a duration ("1.5s") or integer ns, got ${JSON.stringify(v)}`);
}

/** The chain file's stages: an array, or { "stages": [...] }; fields name, timeout, parent, start, retries. */
function chainStages(doc: unknown): TimeoutStage[] {
  const list = Array.isArray(doc) ? doc : (doc as { stages?: unknown } | null)?.stages;
  if (!Array.isArray(list)) {
    throw new InvalidArgumentError(`the chain must be a JSON array of stages or {"stages": [...]}`);
  }
  return list.map((s: unknown, i: number) => {
    if (typeof s !== "object" || s === null) throw new InvalidArgumentError(`stage ${i}: not an object`);
    const o = s as Record<string, unknown>;
    return {
      name: o.name as string,
      timeoutNs: chainDuration(o.timeout ?? o.timeoutNs, `stage ${i} timeout`) ?? null,
      parent: o.parent as string | undefined,
      startNs: chainDuration(o.start ?? o.startNs, `stage ${i} start`),
      retries: o.retries as number | undefined,
    };
  });
}

export const miscCommands: Command[] = [
  {
    words: ["jitter"],
    operands: "",
    minOperands: 0,
    maxOperands: 0,
    summary:
      "Measures how late this runtime's timers fire: percentiles of lateness, late share, optional interval log.",
    details:
      "APIs: setTimeout, setInterval, setImmediate (Node, Bun, Deno; no delay: its lateness is the time from scheduling\n" +
      "to running), and where the runtime has them postTask, requestAnimationFrame.",
    examples: ["clockmath jitter --api setTimeout --interval 1ms --samples 500 --hdr jitter.hlog"],
    options: {
      api: { type: "string", arg: "API", help: "the timer to probe (default setTimeout)" },
      interval: {
        type: "string",
        arg: "DURATION",
        help: "requested delay or period (default 1ms; 0 for setImmediate, which takes none)",
      },
      samples: { type: "string", arg: "N", help: "firings to measure (default 200)" },
      threshold: { type: "string", arg: "DURATION", help: "later than this counts as late (default 1ms)" },
      hdr: { type: "string", arg: "OUT", help: "also write the histogram as an HdrHistogram interval log" },
    },
    async run(ctx, values): Promise<Outcome> {
      const api = (str(values, "api") ?? "setTimeout") as TimerApi;
      if (!availableTimerApis().includes(api)) {
        throw new CliError(
          "usage",
          `--api ${JSON.stringify(api)}: this runtime has ${availableTimerApis().join(", ")}`,
        );
      }
      const samplesText = str(values, "samples") ?? "200";
      if (!/^[0-9]{1,7}$/.test(samplesText)) {
        throw new CliError("usage", `--samples ${JSON.stringify(samplesText)}: not a whole number`);
      }
      const threshold = str(values, "threshold");
      const startNs = BigInt(Date.now()) * 1_000_000n;
      const r = await measureTimerJitter({
        api,
        intervalNs: parseDuration(str(values, "interval") ?? (api === "setImmediate" ? "0s" : "1ms")),
        samples: Number(samplesText),
        thresholdNs: threshold === undefined ? undefined : parseDuration(threshold),
      });
      if (r.status !== "ok") throw new CliError("clock-stands-still", r.message);
      const endNs = BigInt(Date.now()) * 1_000_000n;
      try {
        const out = str(values, "hdr");
        let early = 0;
        if (out !== undefined) {
          // HdrHistogram has no negative values: firings that came early are written as 0 (on time)
          for (const v of r.latenessNs) if (v < 0n) early++;
          const h = LatencyHistogram.decode(r.histogram.encodeSplit().nonNegative);
          try {
            if (early > 0) h.record(0n, early);
            ctx.host.writeText(
              out,
              formatIntervalLog({
                startTimeNs: startNs,
                entries: [{ startNs, lengthNs: endNs - startNs, histogram: h }],
              }),
            );
          } finally {
            h.dispose();
          }
        }
        const s = r.summary;
        const text = `${s.api} every ${dur(s.intervalNs)}, ${s.samples} firings, clock ${r.clock.source}` +
          (r.clock.resolutionNs === undefined ? "" : ` (resolution ${dur(r.clock.resolutionNs)})`) + "\n" +
          table(["p50", "p99", "p99.9", "max", `late (> ${dur(s.thresholdNs)})`], [[
            dur(s.p50Ns),
            dur(s.p99Ns),
            dur(s.p999Ns),
            dur(s.maxNs),
            `${s.lateCount} (${(s.lateShare * 100).toFixed(1)} %)`,
          ]]) +
          (out === undefined
            ? ""
            : `interval log written to ${out}${
              early > 0 ? ` (${early} early firings as 0: HdrHistogram has no negative values)` : ""
            }\n`);
        return {
          text,
          json: { summary: s, clock: r.clock, hdr: out, earlyWrittenAsZero: out === undefined ? undefined : early },
          exit: 0,
        };
      } finally {
        r.histogram.dispose();
      }
    },
  },
  {
    words: ["grpc-timeout", "encode"],
    operands: "<duration>",
    minOperands: 1,
    maxOperands: 1,
    summary: "The grpc-timeout header value for a duration (at most 8 digits and a unit, as gRPC requires).",
    details: "Durations: 1.5s, 250ms, 100us, 10ns, 2h (units d, h, min, m, s, ms, us, ns).",
    examples: ["clockmath grpc-timeout encode 1.5s", "clockmath grpc-timeout encode 123456789123ns --rounding down"],
    options: {
      rounding: {
        type: "string",
        arg: "up|down",
        help: "when the duration needs a coarser unit: round up (default) or down",
      },
    },
    async run(_ctx, values, [text]): Promise<Outcome> {
      const rounding = (str(values, "rounding") ?? "up") as Rounding;
      if (rounding !== "up" && rounding !== "down") {
        throw new CliError("usage", `--rounding ${JSON.stringify(rounding)}: up or down`);
      }
      const ns = parseDuration(text);
      const header = encodeGrpcTimeout(ns, { rounding });
      const decodedNs = decodeGrpcTimeout(header);
      return {
        text: `${header}\n`,
        json: { durationNs: ns, rounding, header, headerNs: decodedNs, errorNs: decodedNs - ns },
        exit: 0,
      };
    },
  },
  {
    words: ["grpc-timeout", "decode"],
    operands: "<header>",
    minOperands: 1,
    maxOperands: 1,
    summary: "The duration a grpc-timeout header value stands for, in ns.",
    examples: ["clockmath grpc-timeout decode 1500m"],
    options: {},
    async run(_ctx, _values, [header]): Promise<Outcome> {
      const ns = decodeGrpcTimeout(header);
      return { text: `${ns}ns (${formatDuration(ns)})\n`, json: { header, ns }, exit: 0 };
    },
  },
  {
    words: ["deadline", "analyze"],
    operands: "<chain.json>",
    minOperands: 1,
    maxOperands: 1,
    summary: "Effective deadlines of nested timeouts, and the timeouts that can never fire.",
    details:
      'The file: [{"name": "server", "timeout": "30s"}, {"name": "db", "timeout": "5s", "parent": "server", "retries": 2}, …]\n' +
      "(timeout/start: durations like 1.5s, or integer ns). Exit status 1 when a timeout can never fire or a retry never starts.",
    examples: ["clockmath deadline analyze chain.json"],
    options: {},
    async run(ctx, _values, [path]): Promise<Outcome> {
      const bytes = path === "-" ? undefined : ctx.host.readSmall(path, MAX_CHAIN_BYTES);
      let doc: unknown;
      try {
        doc = JSON.parse(new TextDecoder().decode(bytes ?? await readAll(ctx.host.open(path).chunks)));
      } catch (e) {
        throw new InvalidArgumentError(`${path}: not JSON (${(e as Error).message})`);
      }
      const a = analyzeTimeouts(chainStages(doc));
      const rows = a.stages.map((
        s,
      ) => [
        s.name,
        s.parent ?? "",
        dur(s.startNs),
        dur(s.endNs),
        dur(s.effectiveTimeoutNs),
        s.limitedBy || "-",
        String(s.reachableAttempts),
        s.dead ? ctx.paint.red("DEAD") : "ok",
      ]);
      let text = table(["stage", "parent", "start", "end", "effective", "limited by", "attempts", "timeout"], rows);
      for (const s of a.stages) if (s.dead) text += `${s.name}: ${s.reason}\n`;
      for (const r of a.deadRetries) text += `${r}\n`;
      return { text, json: a, exit: a.dead.length > 0 || a.deadRetries.length > 0 ? 1 : 0 };
    },
  },
];

async function readAll(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of chunks) {
    n += c.length;
    if (n > MAX_CHAIN_BYTES) throw new CliError("too-large", `stdin: more than ${MAX_CHAIN_BYTES} bytes`);
    parts.push(c);
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
