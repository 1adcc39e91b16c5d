// LeapTable.fetchLatest: a fresh leap-seconds.list from public sources, verified before use.
import { checkInt, checkOptions } from "../check.ts";
import { ClockmathError, InvalidArgumentError, type LeapSourceAttempt, NoLeapDataError } from "../errors.ts";
import { compareFreshness, historyConflict } from "./status.ts";
import type { LeapTable } from "./table.ts";

/** One place to fetch a leap-seconds.list from. */
export interface LeapSource {
  /** Short name for `source` and error reports, e.g. "IERS". */
  readonly name: string;
  /** An https URL of a leap-seconds.list (IETF format, with its `#h` SHA-1 line). */
  readonly url: string;
}

/** The IERS (Paris Observatory), which issues Bulletin C and writes the file. */
export const IERS_LEAP_SECONDS_URL = "https://hpiers.obspm.fr/iers/bul/bulc/ntp/leap-seconds.list";
/** IANA's tz database distribution (updated with each tzdata release). */
export const IANA_LEAP_SECONDS_URL = "https://data.iana.org/time-zones/tzdb/leap-seconds.list";
/** The tz project's development repository on GitHub (raw file of the main branch). */
export const TZ_GITHUB_LEAP_SECONDS_URL = "https://raw.githubusercontent.com/eggert/tz/main/leap-seconds.list";

/**
 * The default sources, in the order tried. NIST publishes its copy only by FTP
 * (ftp.boulder.nist.gov/pub/time/leap-seconds.list), which `fetch` cannot use, so it is not here;
 * add an HTTPS mirror you trust through `sources`.
 */
export const LEAP_SOURCES: readonly LeapSource[] = Object.freeze([
  Object.freeze({ name: "IERS", url: IERS_LEAP_SECONDS_URL }),
  Object.freeze({ name: "IANA tzdb", url: IANA_LEAP_SECONDS_URL }),
  Object.freeze({ name: "tz GitHub mirror", url: TZ_GITHUB_LEAP_SECONDS_URL }),
]);

/** The part of a fetch Response used here. */
export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText?: string;
  readonly body?: ReadableStream<Uint8Array> | null;
  /** The body as text. */
  text(): Promise<string>;
}
/** The part of `fetch` that `fetchLatest` calls; pass your own to proxy, cache or test. */
export type FetchLike = (url: string, init: { signal: AbortSignal; redirect: "follow" }) => Promise<FetchResponseLike>;

/** Options of `LeapTable.fetchLatest`. */
export interface FetchLatestOptions {
  /** Sources to try, in order, instead of {@link LEAP_SOURCES} (1 to 16). */
  readonly sources?: readonly LeapSource[];
  /** Cancels the whole call: pending requests are aborted, and it rejects with `no-leap-data`. */
  readonly signal?: AbortSignal;
  /** The fetch to use (default globalThis.fetch): for tests, proxies or caching. */
  readonly fetch?: FetchLike;
  /** The table in hand; a file older than it is refused. Default `LeapTable.builtin()`. */
  readonly current?: LeapTable;
  /** Per-source time limit in ms, an integer in [1, 600 000]; default 10 000. */
  readonly timeoutMs?: number;
}

/** Largest response accepted: the file is about 5–11 KB. */
export const MAX_LEAP_RESPONSE_BYTES = 256 * 1024;
const MAX_SOURCES = 16;

class Failure {
  constructor(readonly code: string, readonly message: string) {}
}

/**
 * See `LeapTable.fetchLatest`. `Table` is the LeapTable class (passed in to keep modules acyclic).
 * Never rejects with anything but a ClockmathError.
 */
export async function fetchLatestTable(Table: typeof LeapTable, options?: FetchLatestOptions): Promise<LeapTable> {
  const o = checkOptions(options, "options");
  const sources = o.sources ?? LEAP_SOURCES;
  // Array.from: every() alone skips a sparse array's holes (then read as sources).
  if (
    !Array.isArray(sources) || sources.length === 0 || sources.length > MAX_SOURCES ||
    !Array.from(sources).every((s) => typeof s?.url === "string" && typeof s?.name === "string")
  ) {
    throw new InvalidArgumentError(`sources must be an array of 1 to ${MAX_SOURCES} { name, url } strings`);
  }
  const doFetch = o.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
  if (typeof doFetch !== "function") throw new InvalidArgumentError("no fetch in this runtime: pass options.fetch");
  const timeoutMs = o.timeoutMs === undefined ? 10_000 : checkInt(o.timeoutMs, 1, 600_000, "timeoutMs");
  const sig = o.signal as { aborted?: unknown; addEventListener?: unknown } | undefined;
  if (sig !== undefined && (typeof sig?.aborted !== "boolean" || typeof sig.addEventListener !== "function")) {
    throw new InvalidArgumentError("signal must be an AbortSignal");
  }
  if (o.current !== undefined && !(o.current instanceof Table)) {
    throw new InvalidArgumentError("current must be a LeapTable");
  }
  const current = o.current ?? Table.builtin();
  const attempts: LeapSourceAttempt[] = [];
  for (const src of sources) {
    const where = `${src.name} <${src.url}>`;
    if (o.signal?.aborted) {
      attempts.push({ source: where, code: "aborted", message: "the caller's signal was aborted" });
      continue;
    }
    try {
      const text = await download(doFetch, src.url, timeoutMs, o.signal);
      const table = verify(Table, text, where, current);
      return table;
    } catch (e) {
      if (e instanceof Failure) attempts.push({ source: where, code: e.code, message: e.message });
      else if (ClockmathError.is(e)) attempts.push({ source: where, code: e.code, message: e.message });
      else attempts.push({ source: where, code: "network", message: describe(e) });
    }
  }
  throw new NoLeapDataError("LeapTable.fetchLatest", attempts);
}

function verify(Table: typeof LeapTable, text: string, where: string, current: LeapTable): LeapTable {
  // Only the IETF format carries a checksum; a tzdata leapseconds file could not be verified.
  if (/^Leap[ \t]/m.test(text) || !/^#h[ \t]/m.test(text)) {
    throw new Failure("hash-mismatch", "not a leap-seconds.list with a #h line: nothing to verify it by");
  }
  const table = Table.parse(text, { verifyHash: true, source: `${where} (leap-seconds.list, hash verified)` });
  if (compareFreshness(table, current) < 0) {
    throw new Failure(
      "stale",
      `updated ${isoDay(table.updatedUnixNs)}, older than the table in hand (${isoDay(current.updatedUnixNs)})`,
    );
  }
  const conflict = historyConflict(current, table);
  if (conflict !== undefined) throw new Failure("inconsistent", `it rewrites known leaps: ${conflict}`);
  return table;
}

/** GETs `url` within `timeoutMs` and the caller's signal; at most MAX_LEAP_RESPONSE_BYTES. */
async function download(
  doFetch: FetchLike,
  url: string,
  timeoutMs: number,
  outer: AbortSignal | undefined,
): Promise<string> {
  const ctrl = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Failure("timeout", `no complete answer within ${timeoutMs} ms`));
      ctrl.abort();
    }, timeoutMs);
    if (outer !== undefined) {
      onAbort = () => {
        reject(new Failure("aborted", "the caller's signal was aborted"));
        ctrl.abort();
      };
      outer.addEventListener("abort", onAbort, { once: true });
    }
  });
  const work = (async () => {
    const res = await doFetch(url, { signal: ctrl.signal, redirect: "follow" });
    if (!res || typeof res.ok !== "boolean") throw new Failure("network", "fetch returned no response");
    if (!res.ok) throw new Failure("http-error", `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`);
    return await readCapped(res);
  })();
  // Whichever loses the race must not surface as an unhandled rejection.
  work.catch(() => {});
  stop.catch(() => {});
  try {
    return await Promise.race([work, stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) outer?.removeEventListener("abort", onAbort);
    ctrl.abort();
  }
}

async function readCapped(res: FetchResponseLike): Promise<string> {
  const body = res.body;
  if (body && typeof body.getReader === "function") {
    const reader = body.getReader();
    const parts: Uint8Array[] = [];
    let n = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      n += value.byteLength;
      if (n > MAX_LEAP_RESPONSE_BYTES) {
        reader.cancel().catch(() => {});
        throw new Failure("too-large", `more than ${MAX_LEAP_RESPONSE_BYTES} bytes: not a leap-seconds.list`);
      }
      parts.push(value);
    }
    const all = new Uint8Array(n);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.byteLength;
    }
    return new TextDecoder("utf-8").decode(all);
  }
  const text = await res.text();
  if (typeof text !== "string") throw new Failure("network", "the response body is not text");
  if (text.length > MAX_LEAP_RESPONSE_BYTES) {
    throw new Failure("too-large", `more than ${MAX_LEAP_RESPONSE_BYTES} characters: not a leap-seconds.list`);
  }
  return text;
}

function isoDay(ns: bigint | undefined): string {
  if (ns === undefined) return "at an unknown date";
  const ms = Number(ns / 1_000_000n);
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString().slice(0, 10) : `${ns} ns`;
}

function describe(e: unknown): string {
  try {
    const err = e as { name?: unknown; message?: unknown };
    return `${String(err?.name ?? "Error")}: ${String(err?.message ?? e)}`;
  } catch {
    return "an unprintable error";
  }
}
