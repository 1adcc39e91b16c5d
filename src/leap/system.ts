// LeapTable.fromSystem: the leap files the operating system already keeps up to date.
//
// Synchronous on purpose: the files are a few KB on local disk, a sync read keeps the call usable
// where a table is needed at once (module start-up, a constructor), and it needs no import of
// node:fs in the module graph (bundlers for browsers and workerd never see one). Node (20.16+) and
// Bun give node:fs through process.getBuiltinModule; Deno through Deno.openSync, which needs only
// --allow-read (for the paths read). Anywhere else it throws `unsupported-runtime`.
import { checkOptions } from "../check.ts";
import {
  ClockmathError,
  InvalidArgumentError,
  type LeapSourceAttempt,
  NoLeapDataError,
  UnsupportedRuntimeError,
} from "../errors.ts";
import { compareFreshness } from "./status.ts";
import type { LeapTable } from "./table.ts";

/**
 * Where systems keep leap data, in the order tried:
 * - tzdata's IERS file (Debian/Ubuntu tzdata, Fedora, Arch, Alpine tzdata) and, on macOS, the
 *   same under /var/db/timezone/zoneinfo (where /usr/share/zoneinfo points);
 * - ntpd's copy on FreeBSD (/var/db/ntpd.leap-seconds.list, refreshed by periodic/ntpd);
 * - tzdata's own `leapseconds` file;
 * - the compiled right/UTC TZif (what chrony's `leapsectz right/UTC` reads).
 * Windows keeps its leap seconds in the registry (LeapSecondInformation), not in a file: there is
 * no default path there; pass `paths` for a file you maintain.
 */
export const SYSTEM_LEAP_PATHS: readonly string[] = Object.freeze([
  "/usr/share/zoneinfo/leap-seconds.list",
  "/var/db/timezone/zoneinfo/leap-seconds.list",
  "/var/db/ntpd.leap-seconds.list",
  "/usr/share/zoneinfo/leapseconds",
  "/var/db/timezone/zoneinfo/leapseconds",
  "/usr/share/zoneinfo/right/UTC",
  "/var/db/timezone/zoneinfo/right/UTC",
]);

/** Options of `LeapTable.fromSystem`. */
export interface SystemOptions {
  /** Files to try instead of {@link SYSTEM_LEAP_PATHS} (at most 64). */
  readonly paths?: readonly string[];
  /** When no file gives a valid table, return `LeapTable.builtin()` instead of throwing. Default false. */
  readonly fallbackToBuiltin?: boolean;
}

/** Largest file read: leap files are under 20 KB; this keeps /dev/zero or a wrong path harmless. */
export const MAX_LEAP_FILE_BYTES = 1 << 20;
const MAX_PATHS = 64;

type ReadFile = (path: string, max: number) => Uint8Array;

/** A bounded synchronous file reader for this runtime, or undefined. */
function fileReader(): ReadFile | undefined {
  const g = globalThis as Record<string, unknown>;
  const deno = g.Deno as
    | { openSync?: (p: string) => { readSync(b: Uint8Array): number | null; close(): void } }
    | undefined;
  if (typeof deno?.openSync === "function") {
    const open = deno.openSync.bind(deno);
    return (path, max) => {
      const f = open(path);
      try {
        return readAll((buf) => f.readSync(buf), max);
      } finally {
        f.close();
      }
    };
  }
  const proc = g.process as { getBuiltinModule?: (id: string) => unknown } | undefined;
  if (typeof proc?.getBuiltinModule === "function") {
    const fs = proc.getBuiltinModule("node:fs") as {
      openSync(p: string, flags: string): number;
      readSync(fd: number, b: Uint8Array, off: number, len: number, pos: null): number;
      closeSync(fd: number): void;
    } | undefined;
    if (fs === undefined) return undefined;
    return (path, max) => {
      const fd = fs.openSync(path, "r");
      try {
        return readAll((buf) => fs.readSync(fd, buf, 0, buf.length, null), max);
      } finally {
        fs.closeSync(fd);
      }
    };
  }
  return undefined;
}

// Reads until EOF or max + 1 bytes (so "too large" is detectable without reading more).
function readAll(read: (buf: Uint8Array) => number | null, max: number): Uint8Array {
  const out = new Uint8Array(max + 1);
  let n = 0;
  while (n < out.length) {
    const got = read(out.subarray(n));
    if (got === null || got === 0) break;
    n += got;
  }
  return out.subarray(0, n);
}

/** See `LeapTable.fromSystem`. `Table` is the LeapTable class (passed in to keep modules acyclic). */
export function tableFromSystem(Table: typeof LeapTable, options?: SystemOptions): LeapTable {
  const o = checkOptions(options, "options");
  const paths = o.paths ?? SYSTEM_LEAP_PATHS;
  // Array.from: every() alone skips a sparse array's holes (then read as paths).
  if (
    !Array.isArray(paths) || paths.length > MAX_PATHS ||
    !Array.from(paths).every((p) => typeof p === "string" && p !== "")
  ) {
    throw new InvalidArgumentError(`paths must be an array of at most ${MAX_PATHS} non-empty strings`);
  }
  const read = fileReader();
  if (read === undefined) {
    if (o.fallbackToBuiltin === true) return Table.builtin();
    throw new UnsupportedRuntimeError(
      "LeapTable.fromSystem reads files, which needs Node (20.16+), Deno or Bun; use fetchLatest or parse here",
    );
  }
  const attempts: LeapSourceAttempt[] = [];
  let best: LeapTable | undefined;
  for (const path of paths) {
    let bytes: Uint8Array;
    try {
      bytes = read(path, MAX_LEAP_FILE_BYTES);
    } catch (e) {
      attempts.push({ source: path, ...readFailure(e) });
      continue;
    }
    if (bytes.length > MAX_LEAP_FILE_BYTES) {
      attempts.push({
        source: path,
        code: "too-large",
        message: `more than ${MAX_LEAP_FILE_BYTES} bytes: not a leap file`,
      });
      continue;
    }
    try {
      const table = tableFromFileBytes(Table, bytes, path);
      if (best === undefined || compareFreshness(table, best) > 0) best = table;
    } catch (e) {
      if (!ClockmathError.is(e)) throw e;
      attempts.push({ source: path, code: e.code, message: e.message });
    }
  }
  if (best !== undefined) return best;
  if (o.fallbackToBuiltin === true) return Table.builtin();
  throw new NoLeapDataError("LeapTable.fromSystem", attempts);
}

/**
 * A table from a leap file's bytes, whichever of the three formats it is: TZif (by its magic),
 * else a leap-seconds.list (hash verified) or tzdata leapseconds file. `source` names the file.
 */
export function tableFromFileBytes(Table: typeof LeapTable, bytes: Uint8Array, path: string): LeapTable {
  if (bytes.length >= 4 && bytes[0] === 0x54 && bytes[1] === 0x5a && bytes[2] === 0x69 && bytes[3] === 0x66) {
    return Table.fromTzif(bytes, { source: `${path} (TZif)` });
  }
  const text = new TextDecoder("utf-8").decode(bytes);
  // parse detects the format itself; this only names it in `source` (a tzdata file has Leap lines).
  const kind = /^Leap[ \t]/m.test(text) ? "tzdata leapseconds" : "leap-seconds.list, hash verified";
  return Table.parse(text, { source: `${path} (${kind})` });
}

function readFailure(e: unknown): { code: string; message: string } {
  const err = e as { code?: unknown; name?: unknown; message?: unknown };
  const code = String(err?.code ?? "");
  const name = String(err?.name ?? "");
  const message = String(err?.message ?? e);
  if (code === "ENOENT" || name === "NotFound" || code === "ENOTDIR") return { code: "not-found", message };
  if (code === "EACCES" || code === "EPERM" || name === "PermissionDenied" || name === "NotCapable") {
    return { code: "permission-denied", message: `${message} (in Deno, run with --allow-read)` };
  }
  return { code: "read-failed", message };
}
