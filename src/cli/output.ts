// Presentation only: JSON with bigints as decimal strings, aligned tables, colour, progress.
import type { CliHost, CliInput } from "./host.ts";

/** One JSON document: bigints as decimal strings, typed arrays as arrays, non-finite numbers as strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "number" && !Number.isFinite(v)) return String(v);
    if (v instanceof BigInt64Array) return Array.from(v, (x) => x.toString());
    return v;
  }, 2) + "\n";
}

/** ns as signed decimal seconds with 9 decimals, exactly: -500000000n → "-0.500000000". */
export function seconds9(ns: bigint): string {
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  return `${neg ? "-" : ""}${a / 1_000_000_000n}.${(a % 1_000_000_000n).toString().padStart(9, "0")}`;
}

/** Rows as columns padded to their widest cell; numbers (cells starting with a digit or sign) right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[0-9]/.test(r[i] ?? "")));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

/** RFC 4180 CSV: cells with a comma, quote or line break are quoted. */
export function csv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\n") + "\n";
}

/** ANSI styling that honours NO_COLOR (https://no-color.org) and is off when the stream is not a terminal. */
export interface Paint {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
}

export function paint(enabled: boolean): Paint {
  const wrap = (code: number) => (s: string) => (enabled ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { bold: wrap(1), red: wrap(31), yellow: wrap(33), green: wrap(32) };
}

/** Colour on a stream: a terminal, and NO_COLOR unset or empty. */
export function colourWanted(host: CliHost, isTTY: boolean): boolean {
  const v = host.env("NO_COLOR");
  return isTTY && (v === undefined || v === "");
}

/** Inputs at least this large get a progress bar (when stderr is a terminal). */
export const PROGRESS_MIN_BYTES = 16 * 1024 * 1024;

/**
 * The input's chunks, drawing a progress bar on stderr as they are read when stderr is a terminal
 * and the input is a file of at least PROGRESS_MIN_BYTES; the bar is erased at the end.
 */
export function withProgress(host: CliHost, input: CliInput): AsyncIterable<Uint8Array> {
  const total = input.size;
  if (!host.stderrIsTTY || total === undefined || total < PROGRESS_MIN_BYTES) return input.chunks;
  return (async function* () {
    let done = 0;
    let shown = -1;
    try {
      for await (const c of input.chunks) {
        done += c.length;
        const pct = Math.min(100, Math.floor((done * 100) / total));
        if (pct !== shown) {
          shown = pct;
          const bar = "#".repeat(Math.floor(pct / 4)).padEnd(25, " ");
          host.err(`\r${input.name} [${bar}] ${String(pct).padStart(3)}% ${(done / 1048576).toFixed(0)} MiB`);
        }
        yield c;
      }
    } finally {
      host.err("\r\x1b[2K");
    }
  })();
}

/** Reads a whole input as UTF-8 text (invalid bytes become U+FFFD), refusing more than `limit` bytes. */
export async function readText(host: CliHost, input: CliInput, limit: number, tooLarge: () => Error): Promise<string> {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  for await (const c of withProgress(host, input)) {
    bytes += c.length;
    if (bytes > limit) throw tooLarge();
    parts.push(decoder.decode(c, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join("");
}

/** Every non-empty line indented by four spaces. */
export function indent(text: string): string {
  return text.split("\n").map((l) => (l === "" ? l : "    " + l)).join("\n");
}
