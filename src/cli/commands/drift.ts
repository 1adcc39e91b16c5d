// clockmath drift <log>… : chrony-style estimate, Allan deviation, clock jumps.
import {
  ALLAN_KINDS,
  type AllanKind,
  DRIFT_LOG_FORMATS,
  type DriftLogFormat,
  formatDuration,
  parseDuration,
} from "../../mod.ts";
import { type Command, type Context, type Outcome, str } from "../command.ts";
import { CliError } from "../host.ts";
import { indent, seconds9, table, withProgress } from "../output.ts";
import { digestDriftLog, type DriftDigest, MAX_PHASE_SAMPLES } from "./drift-digest.ts";

/**
 * One log, streamed (file or stdin, in chunks) through parseDriftLogColumns into the digest the
 * command prints: memory stays bounded whatever the log's size (see drift-digest.ts).
 */
function readDriftLog(
  ctx: Context,
  path: string,
  format: DriftLogFormat | "auto",
  kind: AllanKind,
  toleranceNs: bigint,
): Promise<DriftDigest> {
  const input = ctx.host.open(path);
  return digestDriftLog(withProgress(ctx.host, input), { format, kind, toleranceNs });
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
        const log = await readDriftLog(ctx, path, format, kind, toleranceNs);
        const e = log.estimate, allan = log.allan, jumps = log.jumps;
        jumpsFound += log.jumpCount;
        reports.push({
          file: path,
          format: log.format,
          source: log.source,
          records: log.records,
          badLineCount: log.badLineCount,
          estimate: e,
          allan: { kind, points: allan, ...(log.allanStride > 1 ? { stride: log.allanStride } : {}) },
          jumps,
          ...(log.jumpCount > jumps.length ? { jumpCount: log.jumpCount } : {}),
        });
        text += `${ctx.paint.bold(path)}: ${log.format}, ${log.records} records, source ${log.source || "(none)"}` +
          (log.badLineCount > 0
            ? `, ${log.badLineCount} bad lines (first: line ${log.badLines[0].line}: ${log.badLines[0].message})`
            : "") +
          "\n";
        text += `  frequency  ${e.frequencyPpm.toFixed(3)} ppm\n` +
          `  skew       ${e.skewPpm.toFixed(3)} ppm\n` +
          `  offset     ${seconds9(e.offsetNs)} s (sd ${(e.offsetSdNs / 1e9).toExponential(3)} s)\n` +
          `  residual   ${(e.residualSdNs / 1e9).toExponential(3)} s (sd)\n` +
          `  samples    ${e.used} used, ${e.dropped} dropped, ${e.runs} runs\n`;
        text += `  ${kind}` +
          (log.allanStride > 1
            ? ` (every ${log.allanStride}${log.allanStride === 2 ? "nd" : "th"} of ${log.samples} samples: ` +
              `more than the ${MAX_PHASE_SAMPLES} held)`
            : "") +
          ":\n" +
          indent(
            table(
              ["tau", "deviation", "n"],
              allan.map((p) => [formatDuration(p.tauNs), p.deviation.toExponential(3), String(p.n)]),
            ),
          );
        text += log.jumpCount === 0
          ? `  jumps: none above ${formatDuration(toleranceNs)}\n`
          : `  jumps (${log.jumpCount}):\n` +
            indent(
              table(
                ["at (local Unix s)", "size (s)", "after (s)"],
                jumps.map((j) => [seconds9(j.wallNs), seconds9(j.sizeNs), seconds9(j.gapNs)]),
              ),
            ) +
            (log.jumpCount > jumps.length ? `    … and ${log.jumpCount - jumps.length} more\n` : "");
      }
      return { text, json: { logs: reports }, exit: jumpsFound > 0 ? 1 : 0 };
    },
  },
];
