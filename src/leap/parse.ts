// Readers for the two leap-second files in the wild:
// - the IERS/IETF leap-seconds.list (NTP seconds, `#$` updated, `#@` expires, `#h` SHA-1), and
// - tzdata's `leapseconds` (`Leap 2016 Dec 31 23:59:60 + S`, `Expires …` or `#expires <unix>`).
import { checkOptions, show } from "../check.ts";
import { BadLineError, HashMismatchError, InvalidArgumentError } from "../errors.ts";
import { NS_PER_DAY, NS_PER_SECOND, NTP_UNIX_OFFSET_S } from "../constants.ts";
import { sha1Hex } from "./sha1.ts";
// Types only: this module turns text into data and never builds a table, so it does not load
// table.ts (which loads it: a runtime cycle overflowed the stack under require() of ESM).
import type { LookupOptions, TableOptions } from "./table.ts";

export interface ParseOptions extends LookupOptions {
  /** Check a leap-seconds.list's `#h` line (default true). A file without one then fails. */
  readonly verifyHash?: boolean;
  /** The table's `source` (default: the format's name), e.g. the path or URL it came from. */
  readonly source?: string;
}

/** The leap-second file formats `LeapTable.parse` reads: the IERS/IETF list and tzdata's `leapseconds`. */
export type LeapFileFormat = "leap-seconds.list" | "tzdata";

/** One entry of a leap file, with the 1-based line it came from (0: implied by the format). */
export interface LeapFileEntry {
  unixNs: bigint;
  taiMinusUtcNs: bigint;
  line: number;
}
type Entry = LeapFileEntry;

/** A leap file's contents, ready for LeapTable.fromLeaps (LeapTable.parse reports its errors at `line`). */
export interface LeapFile {
  readonly entries: LeapFileEntry[];
  readonly options: TableOptions;
}

const DIGITS = /^\d{1,12}$/;
const MAX_LINES = 100_000;

/** Which of the two formats `text` is, or undefined. Throws `invalid-argument` for a non-string. */
export function detectLeapFormat(text: string): LeapFileFormat | undefined {
  if (typeof text !== "string") throw new InvalidArgumentError(`text must be a string, got ${show(text)}`);
  // both regexes are linear: anchored at line starts, fixed-length alternatives, bounded repetition
  if (/^(Leap|Expires)[ \t]/m.test(text)) return "tzdata";
  if (/^(#[$@h][ \t]|\d{10}[ \t])/m.test(text)) return "leap-seconds.list";
  return undefined;
}

/** Reads either file into entries and table options; see `LeapTable.parse`. */
export function parseLeapFile(text: string, options: ParseOptions = {}): LeapFile {
  options = checkOptions(options, "options");
  if (typeof text !== "string") throw new InvalidArgumentError(`text must be a string, got ${show(text)}`);
  // counted by searching for line breaks, stopping one past the limit: never split, so a text of
  // 5e7 empty lines costs MAX_LINES searches and no memory
  if (linesUpTo(text, MAX_LINES + 1) > MAX_LINES) {
    throw new InvalidArgumentError(`more than ${MAX_LINES} lines: not a leap-second file`);
  }
  const format = detectLeapFormat(text);
  if (format === "tzdata") return parseTzdata(text, options);
  if (format === "leap-seconds.list") return parseIetf(text, options);
  let first = 0;
  eachLine(text, (l, n) => {
    if (first === 0 && l.trim() !== "" && !l.startsWith("#")) first = n;
  });
  throw new BadLineError(first === 0 ? 1 : first, "neither a leap-seconds.list nor a tzdata leapseconds file");
}

/** Lines in `text` as `split(/\r?\n/)` counts them (an empty text is one line), at most `limit`. */
function linesUpTo(text: string, limit: number): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i >= 0 && n < limit; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * Calls fn with each line of `text` (LF or CRLF, the break removed; the same lines as
 * `split(/\r?\n/)` gives, one at a time) and its 1-based number; returns the number of lines.
 */
function eachLine(text: string, fn: (line: string, n: number) => void): number {
  const len = text.length;
  let pos = 0, n = 0;
  while (pos <= len) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = len;
    const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    fn(text.slice(pos, stop), ++n);
    pos = end + 1;
  }
  return n;
}

function parseIetf(text: string, options: ParseOptions): LeapFile {
  let updated: string | undefined;
  let expires: string | undefined;
  let hash: { groups: string[]; line: number } | undefined;
  const entries: Entry[] = [];
  const hashed: string[] = [];
  const lineCount = eachLine(text, (raw, n) => {
    const line = raw.trim();
    if (line === "") return;
    if (line.startsWith("#$") || line.startsWith("#@")) {
      const v = line.slice(2).trim();
      if (!DIGITS.test(v)) {
        throw new BadLineError(
          n,
          `${line.slice(0, 2)} must be followed by NTP seconds, got ${JSON.stringify(v.slice(0, 30))}`,
        );
      }
      if (line[1] === "$") {
        if (updated !== undefined) throw new BadLineError(n, "second #$ line");
        updated = v;
      } else {
        if (expires !== undefined) throw new BadLineError(n, "second #@ line");
        expires = v;
      }
      return;
    }
    if (line.startsWith("#h")) {
      const groups = line.slice(2).trim().split(/\s+/);
      if (groups.length !== 5 || !groups.every((g) => /^[0-9a-fA-F]{1,8}$/.test(g))) {
        throw new BadLineError(n, "#h must hold five groups of up to 8 hex digits");
      }
      hash = { groups, line: n };
      return;
    }
    if (line.startsWith("#")) return;
    const fields = line.split("#")[0].trim().split(/\s+/);
    if (fields.length !== 2 || !DIGITS.test(fields[0]) || !/^-?\d{1,4}$/.test(fields[1])) {
      throw new BadLineError(n, `expected "<NTP seconds> <TAI−UTC seconds>", got ${JSON.stringify(line.slice(0, 60))}`);
    }
    const unixS = BigInt(fields[0]) - NTP_UNIX_OFFSET_S;
    entries.push({ unixNs: unixS * NS_PER_SECOND, taiMinusUtcNs: BigInt(fields[1]) * NS_PER_SECOND, line: n });
    hashed.push(fields[0], fields[1]);
  });
  if (entries.length === 0) throw new BadLineError(lineCount, "no leap-second entries");
  if (options.verifyHash ?? true) {
    if (hash === undefined) {
      throw new HashMismatchError("the file has no #h line to verify (pass verifyHash: false to skip)");
    }
    if (updated === undefined || expires === undefined) {
      throw new HashMismatchError("the hash covers the #$ and #@ lines, and one of them is missing");
    }
    const want = hash.groups.map((g) => g.toLowerCase().padStart(8, "0")).join("");
    const got = sha1Hex(updated + expires + hashed.join(""));
    if (want !== got) throw new HashMismatchError(`line ${hash.line}: #h is ${want} but the contents hash to ${got}`);
  }
  const ntpNs = (
    v: string | undefined,
  ) => (v === undefined ? undefined : (BigInt(v) - NTP_UNIX_OFFSET_S) * NS_PER_SECOND);
  return build(entries, {
    ...options,
    updatedUnixNs: ntpNs(updated),
    expiresUnixNs: ntpNs(expires),
    source: options.source ?? "leap-seconds.list",
  });
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function parseTzdata(text: string, options: ParseOptions): LeapFile {
  // tzdata lists the leaps only; TAI−UTC was 10 s from 1972-01-01 (CCIR), which the file assumes.
  const entries: Entry[] = [{ unixNs: 63_072_000n * NS_PER_SECOND, taiMinusUtcNs: 10n * NS_PER_SECOND, line: 0 }];
  let expires: bigint | undefined;
  let commentExpires: bigint | undefined;
  let updated: bigint | undefined;
  const lineCount = eachLine(text, (raw, n) => {
    const line = raw.split("#")[0].trim();
    const comment = /^#(expires|updated)[ \t]+(\d{1,12})\b/.exec(raw.trim());
    if (comment) {
      const v = BigInt(comment[2]) * NS_PER_SECOND;
      if (comment[1] === "expires") commentExpires = v;
      else updated = v;
      return;
    }
    if (line === "") return;
    const f = line.split(/\s+/);
    if (f[0] === "Leap") {
      if (f.length !== 7) throw new BadLineError(n, `a Leap line has 7 fields, got ${f.length}`);
      const day = dateNs(f[1], f[2], f[3], n);
      const corr = f[5];
      if (corr !== "+" && corr !== "-") {
        throw new BadLineError(n, `correction must be + or -, got ${JSON.stringify(corr)}`);
      }
      if (f[6] !== "S" && f[6] !== "R") {
        throw new BadLineError(n, `last field must be S or R, got ${JSON.stringify(f[6])}`);
      }
      if (f[4] !== (corr === "+" ? "23:59:60" : "23:59:59")) {
        throw new BadLineError(
          n,
          `a ${corr === "+" ? "positive" : "negative"} leap second is at ${
            corr === "+" ? "23:59:60" : "23:59:59"
          }, got ${f[4]}`,
        );
      }
      const prev = entries[entries.length - 1];
      entries.push({
        unixNs: day + NS_PER_DAY,
        taiMinusUtcNs: prev.taiMinusUtcNs + (corr === "+" ? NS_PER_SECOND : -NS_PER_SECOND),
        line: n,
      });
      return;
    }
    if (f[0] === "Expires") {
      if (f.length !== 5) throw new BadLineError(n, `an Expires line has 5 fields, got ${f.length}`);
      expires = dateNs(f[1], f[2], f[3], n) + timeNs(f[4], n);
      return;
    }
    throw new BadLineError(n, `expected a Leap or Expires line, got ${JSON.stringify(line.slice(0, 60))}`);
  });
  if (entries.length === 1) throw new BadLineError(lineCount, "no Leap lines");
  return build(entries, {
    ...options,
    expiresUnixNs: expires ?? commentExpires,
    updatedUnixNs: updated,
    source: options.source ?? "tzdata leapseconds",
  });
}

function dateNs(y: string, mon: string, d: string, n: number): bigint {
  const month = MONTHS.indexOf(mon);
  if (!/^\d{4}$/.test(y) || month < 0 || !/^\d{1,2}$/.test(d)) throw new BadLineError(n, `bad date ${y} ${mon} ${d}`);
  const ms = Date.UTC(+y, month, +d);
  const check = new Date(ms);
  if (check.getUTCDate() !== +d || check.getUTCMonth() !== month) {
    throw new BadLineError(n, `no such date ${y} ${mon} ${d}`);
  }
  return BigInt(ms / 1000) * NS_PER_SECOND;
}

function timeNs(t: string, n: number): bigint {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(t);
  if (!m || +m[1] > 23 || +m[2] > 59 || +m[3] > 59) throw new BadLineError(n, `bad time ${JSON.stringify(t)}`);
  return BigInt(+m[1] * 3600 + +m[2] * 60 + +m[3]) * NS_PER_SECOND;
}

/** The entries and options of a file (the table is built by LeapTable.parse). */
function build(entries: Entry[], options: TableOptions): LeapFile {
  return { entries, options };
}
