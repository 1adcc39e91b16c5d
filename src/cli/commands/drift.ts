// clockmath drift <log>… : chrony-style estimate, Allan deviation, clock jumps.
import {
  ALLAN_KINDS,
  allanDeviation,
  type AllanKind,
  detectClockJumps,
  DRIFT_LOG_FORMATS,
  type DriftLogFormat,
  type DriftSample,
  estimateDrift,
  formatDuration,
  type ParsedDriftLog,
  parseDriftLog,
  parseDuration,
  ResourceExhaustedError,
} from "../../mod.ts";
import { type Command, type Context, type Outcome, str } from "../command.ts";
import { CliError } from "../host.ts";
import { indent, readText, seconds9, table } from "../output.ts";

/** Largest log read whole (until the streaming parser is wired in): 256 MiB. */
const MAX_WHOLE_LOG_BYTES = 256 * 1024 * 1024;

/**
 * One log, parsed. The single place the CLI turns an input into a ParsedDriftLog, so moving to the
 * streaming parser (parseDriftLogStream(source, options)) changes only this function.
 */
async function readDriftLog(ctx: Context, path: string, format: DriftLogFormat | "auto"): Promise<ParsedDriftLog> {
  const input = ctx.host.open(path);
  const text = await readText(
    ctx.host,
    input,
    MAX_WHOLE_LOG_BYTES,
    () =>
      new ResourceExhaustedError(
        `${input.name}: more than ${MAX_WHOLE_LOG_BYTES} bytes; the whole-text log reader holds the file in memory`,
      ),
  );
  return parseDriftLog(text, { format, strict: false });
}

/**
 * detectClockJumps pairs for a log: the reference clock's time (t − offset) plays the monotonic
 * clock and the local clock (t) the wall clock, so a step of the measured offset is a jump.
 */
function offsetPairs(samples: readonly DriftSample[]) {
  return samples.map((s) => ({ monotonicNs: s.readingNs - s.offsetNs, wallNs: s.readingNs }));
}

export const driftCommands: Command[] = [
  {
    words: ["drift"],
    operands: "<log>…",
    minOperands: 1,
    maxOperands: 64,
    summary:
      "Clock drift from chrony or ntpd logs: chrony's frequency/skew/offset estimate, the Allan deviation, jumps.",
    details: `Formats (detected unless --format): ${DRIFT_LOG_FORMATS.join(", ")}. "-" reads stdin.\n` +
      "A jump is a step of the measured offset larger than --jump between two samples. Exit status 1 when jumps are found.",
    examples: ["clockmath drift /var/log/chrony/measurements.log --kind oadev"],
    options: {
      format: { type: "string", arg: "F", help: "the log layout (default: detect)" },
      kind: { type: "string", arg: "KIND", help: `Allan deviation kind: ${ALLAN_KINDS.join(", ")} (default oadev)` },
      jump: { type: "string", arg: "DURATION", help: "offset steps above this are jumps (default 10ms)" },
    },
    async run(ctx, values, logs): Promise<Outcome> {
      const format = (str(values, "format") ?? "auto") as DriftLogFormat | "auto";
      const kind = (str(values, "kind") ?? "oadev") as AllanKind;
      if (!ALLAN_KINDS.includes(kind)) {
        throw new CliError("usage", `--kind ${JSON.stringify(kind)}: one of ${ALLAN_KINDS.join(", ")}`);
      }
      const toleranceNs = parseDuration(str(values, "jump") ?? "10ms");
      if (logs.filter((l) => l === "-").length > 1) throw new CliError("usage", `"-" (stdin) can be given once`);
      let text = "";
      const reports: unknown[] = [];
      let jumpsFound = 0;
      for (const path of logs) {
        const log = await readDriftLog(ctx, path, format);
        const e = estimateDrift(log.samples);
        const allan = allanDeviation(log, { kind, taus: "octave" });
        const jumps = detectClockJumps(offsetPairs(log.samples), { toleranceNs });
        jumpsFound += jumps.jumps.length;
        reports.push({
          file: path,
          format: log.format,
          source: log.source,
          records: log.records.length,
          badLineCount: log.badLineCount,
          estimate: e,
          allan: { kind, points: allan },
          jumps: jumps.jumps,
        });
        text +=
          `${ctx.paint.bold(path)}: ${log.format}, ${log.records.length} records, source ${log.source || "(none)"}` +
          (log.badLineCount > 0
            ? `, ${log.badLineCount} bad lines (first: line ${log.badLines[0].line}: ${log.badLines[0].message})`
            : "") +
          "\n";
        text += `  frequency  ${e.frequencyPpm.toFixed(3)} ppm\n` +
          `  skew       ${e.skewPpm.toFixed(3)} ppm\n` +
          `  offset     ${seconds9(e.offsetNs)} s (sd ${(e.offsetSdNs / 1e9).toExponential(3)} s)\n` +
          `  residual   ${(e.residualSdNs / 1e9).toExponential(3)} s (sd)\n` +
          `  samples    ${e.used} used, ${e.dropped} dropped, ${e.runs} runs\n`;
        text += `  ${kind}:\n` +
          indent(
            table(
              ["tau", "deviation", "n"],
              allan.map((p) => [formatDuration(p.tauNs), p.deviation.toExponential(3), String(p.n)]),
            ),
          );
        text += jumps.jumps.length === 0
          ? `  jumps: none above ${formatDuration(toleranceNs)}\n`
          : `  jumps (${jumps.jumps.length}):\n` +
            indent(
              table(
                ["at (local Unix s)", "size (s)", "after (s)"],
                jumps.jumps.map((j) => [seconds9(j.wallNs), seconds9(j.sizeNs), seconds9(j.gapNs)]),
              ),
            );
      }
      return { text, json: { logs: reports }, exit: jumpsFound > 0 ? 1 : 0 };
    },
  },
];
