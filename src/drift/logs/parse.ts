// parseDriftLog: any supported chrony / ntpd log, its format detected from the text.
import { checkOptions } from "../../check.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { parseChronyMeasurements, parseChronyStatistics, parseChronyTracking } from "./chrony.ts";
import type { DriftLogFormat, LogParseOptions, ParsedDriftLog } from "./common.ts";
import { parseNtpdLoopstats, parseNtpdPeerstats, parseNtpdRawstats } from "./ntpd.ts";

const PARSERS: Record<DriftLogFormat, (text: string, o: LogParseOptions) => ParsedDriftLog> = {
  "chrony-measurements": parseChronyMeasurements,
  "chrony-statistics": parseChronyStatistics,
  "chrony-tracking": parseChronyTracking,
  "ntpd-peerstats": parseNtpdPeerstats,
  "ntpd-loopstats": parseNtpdLoopstats,
  "ntpd-rawstats": parseNtpdRawstats,
};
/** Every log format `parseDriftLog` reads, by its `format` name. */
export const DRIFT_LOG_FORMATS = Object.keys(PARSERS) as DriftLogFormat[];

/**
 * The format of a log from its banner, or else its first data line; undefined when it is none of
 * them.
 */
export function detectDriftLogFormat(text: string): DriftLogFormat | undefined {
  if (typeof text !== "string") throw new InvalidArgumentError("a log must be a string");
  for (const raw of text.slice(0, 65536).split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("=") || line.startsWith("#")) continue;
    if (line.startsWith("Date (UTC)")) {
      if (line.includes("Peer del")) return "chrony-measurements";
      if (line.includes("Std dev")) return "chrony-statistics";
      if (line.includes("Freq ppm")) return "chrony-tracking";
      continue;
    }
    const tok = line.split(/\s+/);
    if (/^\d{4}-\d\d-\d\d$/.test(tok[0])) {
      if (/^[N+\-?]$/.test(tok[3] ?? "")) return "chrony-measurements";
      if (/^\d+$/.test(tok[3] ?? "")) return "chrony-tracking";
      if (/e[-+]\d+$/.test(tok[3] ?? "")) return "chrony-statistics";
      return undefined;
    }
    if (/^\d{5}$/.test(tok[0]) && /^\d+(\.\d+)?$/.test(tok[1] ?? "")) {
      if (tok.length >= 8 && /^\d+\.\d+$/.test(tok[4]) && +tok[4] > 1e8) return "ntpd-rawstats";
      if (/^[-+]?\d*\.\d+/.test(tok[2] ?? "") && !/^\d+\.\d+\.\d+/.test(tok[2])) return "ntpd-loopstats";
      return "ntpd-peerstats";
    }
    return undefined;
  }
  return undefined;
}

/** Options of `parseDriftLog`. */
export interface DriftLogOptions extends LogParseOptions {
  /** The layout, or "auto" (default) to detect it. */
  readonly format?: DriftLogFormat | "auto";
}

/**
 * Parses a chrony (measurements, statistics, tracking) or ntpd (peerstats, loopstats, rawstats)
 * log. Offsets come out as local − reference; `samples` feed `estimateDrift`, and the result
 * itself feeds `allanDeviation` (its offsets as phase, at the median spacing).
 *
 * @example
 * const log = parseDriftLog(await file.text());
 * estimateDrift(log.samples).frequencyPpm;
 * allanDeviation(log, { kind: "oadev" });
 */
export function parseDriftLog(text: string, options: DriftLogOptions = {}): ParsedDriftLog {
  options = checkOptions(options, "options");
  let format = options.format ?? "auto";
  if (format === "auto") {
    const found = detectDriftLogFormat(text);
    if (found === undefined) throw new InvalidArgumentError("not a chrony or ntpd log this parser knows (give options.format to force one)");
    format = found;
  }
  const p = typeof format === "string" && Object.hasOwn(PARSERS, format) ? PARSERS[format] : undefined;
  if (p === undefined) throw new InvalidArgumentError(`format must be "auto" or one of ${DRIFT_LOG_FORMATS.join(", ")}`);
  return p(text, options);
}
