import { core } from "../core/loader.ts";
import type { CoreExports } from "../core/exports.ts";
import { checkI64, checkOptions, I64_MAX, I64_MIN, I64Range, show } from "../check.ts";
import { isCoreView } from "../core/array.ts";
import { LEAP_HEADER_BYTES, LEAP_ROW_BYTES, RATE_DEN } from "../core/exports.ts";
import { SharedBlock } from "../core/shared-block.ts";
import { installDispose } from "../core/block.ts";
import {
  BadLineError,
  ClockmathError,
  ExpiredError,
  InvalidArgumentError,
  NotALeapSecondError,
  NotMonotonicError,
  OutOfRangeError,
} from "../errors.ts";
import { MAX_OFFSET_NS, MAX_TAI_NS, MAX_UNIX_NS, MIN_UNIX_NS, NS_PER_DAY, NS_PER_SECOND } from "../constants.ts";
import { BUILTIN_EXPIRES_UNIX_S, BUILTIN_ROWS, BUILTIN_SOURCE, BUILTIN_UPDATED_UNIX_S } from "./builtin.ts";
import { parseLeapFile, type ParseOptions } from "./parse.ts";
import { checkUtcFields, civilFromUnix, unixFromFields, type UtcFields } from "../time/civil.ts";
// Leap data that stays current (system files, TZif, fetching, ranges, status): logic in these files.
import { readTzifLeaps } from "./tzif.ts";
import { type SystemOptions, tableFromSystem } from "./system.ts";
import { type FetchLatestOptions, fetchLatestTable } from "./fetch.ts";
import { LeapRange, type NsRange, type RangeOptions } from "./range.ts";
import { type LeapTableStatus, type StatusOptions, tableStatus } from "./status.ts";

/** One entry of a table: from `unixNs` on, TAI−UTC is `taiMinusUtcNs` (plus a drift before 1972). */
export interface Leap {
  /** Unix ns (00:00:00 UTC of a day) from which this entry is in force. */
  readonly unixNs: bigint;
  /** TAI−UTC at `unixNs`, ns. */
  readonly taiMinusUtcNs: bigint;
  /** 1961–1971 only: how much TAI−UTC grows per UTC day, ns (UTC then ran on longer seconds). */
  readonly driftNsPerDay?: bigint;
  /** Where the row comes from (a bulletin, a file), when known. */
  readonly source?: string;
}

/** Options of a table and of a single lookup. */
export interface LookupOptions {
  /** Throw `expired` for instants at or after `expiresUnixNs` instead of answering from stale data. */
  readonly strict?: boolean;
}

/** Options of the batch forms (taiMinusUtcMany, unixToTaiMany, taiToUnixMany). */
export interface BatchOptions extends LookupOptions {
  /** Where to write the results instead of a new array: same length as the input, may be the input. */
  readonly into?: BigInt64Array;
}

// Instants per trip through the core's scratch buffer: 64 KiB, well inside L2.
const BATCH_CHUNK = 8192;

export interface TableOptions extends LookupOptions {
  /** Unix ns after which the data may be wrong (the file's expiry). */
  readonly expiresUnixNs?: bigint;
  /** Unix ns of the data's last change. */
  readonly updatedUnixNs?: bigint;
  /** A line saying where the table came from. */
  readonly source?: string;
}

interface Row {
  startUnixNs: bigint;
  offset: bigint; // at root
  root: bigint;
  rate: bigint; // 1e-7 s/day
}

const ROW_WORDS = LEAP_ROW_BYTES / 8;

/**
 * Most rows a table may have: 4096 (192 KiB of core memory). The published tables have 42; the
 * limit only keeps a hostile file or list from taking memory without end. `fromLeaps` and `parse`
 * throw `out-of-range` past it.
 */
export const MAX_LEAP_TABLE_ROWS = 4096;

// Ranges no bigint is in: a disposed table's lookups all take the slow path, which throws.
const NOTHING = new I64Range(1n, 0n);

// The safety net for tables that are dropped without dispose(). Missing in some runtimes (workerd
// before compatibility date 2025-05-05): there only dispose() frees a table's rows.
const registry: FinalizationRegistry<SharedBlock> | undefined = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry<SharedBlock>((rows) => {
    try {
      rows.release();
    } catch { /* never throw into the event loop */ }
  })
  : undefined;

// Set in LeapTable's static block: takes a share of a live table's rows (see retainLeapRows).
let retainRows: (t: LeapTable) => SharedBlock;

/** True for a bigint that fits i64 (checkI64 would return it). */
function isI64(v: unknown): v is bigint {
  return typeof v === "bigint" && v >= I64_MIN && v <= I64_MAX;
}

/** Passed by the factories to the private constructor, which refuses any other caller. */
const BUILD: unique symbol = Symbol("LeapTable");

/**
 * A leap-second table: TAI−UTC as a function of time, and exact conversions between Unix ns,
 * TAI ns and UTC fields.
 *
 * Instants are bigint nanoseconds. Unix ns count 86 400 s per day (POSIX); TAI ns count SI
 * seconds from 1970-01-01T00:00:00 TAI (the PTP epoch). Each lookup accepts instants from the
 * table's first row up to {@link MAX_UNIX_NS}; outside that it throws `out-of-range`.
 *
 * A table keeps its rows in a block of clockmath's WebAssembly memory (48 bytes a row, at most
 * {@link MAX_LEAP_TABLE_ROWS} rows). `dispose()` frees it at once; a table dropped without it is
 * freed when garbage-collected (where FinalizationRegistry exists).
 *
 * @example
 * const t = LeapTable.builtin();
 * t.taiMinusUtc(1_483_228_800_000_000_000n); // 37_000_000_000n (2017-01-01)
 * t.taiToUtc(1_483_228_836_500_000_000n);     // 2016-12-31 23:59:60.5
 */
export class LeapTable {
  static {
    retainRows = (t) => {
      t.#live();
      t.#block.retain();
      return t.#block;
    };
  }

  readonly #rows: Row[];
  /** The rows in core memory (LEAP_HEADER_BYTES, then LEAP_ROW_BYTES per row), shared with clocks. */
  readonly #block: SharedBlock;
  /** #block.ptr, or 0 once disposed. */
  #ptr: number;
  readonly #core: CoreExports;
  /** The cached LeapTable.builtin(): shared by every caller, so dispose() leaves it alone. */
  #shared = false;
  /** Entries in force order, each valid from its `unixNs` on. */
  readonly leaps: readonly Leap[];
  /** Unix ns after which this data may be wrong, or undefined when the source gave none. */
  readonly expiresUnixNs: bigint | undefined;
  /** Unix ns of the data's last change, or undefined. */
  readonly updatedUnixNs: bigint | undefined;
  /** Whether lookups past `expiresUnixNs` throw `expired` by default. */
  readonly strict: boolean;
  readonly source: string | undefined;
  /** First Unix ns this table answers for. */
  readonly validFromUnixNs: bigint;
  #minTai = 0n;
  /** [validFromUnixNs, MAX_UNIX_NS] and [minTai, MAX_TAI_NS]: what the core takes unchecked (NOTHING once disposed). */
  #unixRange: I64Range;
  #taiRange: I64Range;

  private constructor(token: typeof BUILD, rows: Row[], leaps: Leap[], options: TableOptions) {
    // Plain JS can call a TypeScript-private constructor: refuse it before touching core memory.
    if (token !== BUILD) {
      throw new InvalidArgumentError(
        "LeapTable has no public constructor: use LeapTable.builtin(), LeapTable.parse(text) or LeapTable.fromLeaps(leaps)",
      );
    }
    this.#rows = rows;
    this.leaps = Object.freeze(leaps.map((l) => Object.freeze(l)));
    this.expiresUnixNs = options.expiresUnixNs;
    this.updatedUnixNs = options.updatedUnixNs;
    this.strict = options.strict ?? false;
    this.source = options.source;
    this.validFromUnixNs = rows[0].startUnixNs;
    this.#unixRange = new I64Range(this.validFromUnixNs, MAX_UNIX_NS);
    // Callers check rows.length against MAX_LEAP_TABLE_ROWS; the block is sized from it here.
    const c = (this.#core = core());
    const block = (this.#block = new SharedBlock(
      LEAP_HEADER_BYTES + rows.length * LEAP_ROW_BYTES,
      `a leap table of ${rows.length} rows`,
    ));
    const ptr = (this.#ptr = block.ptr);
    // One view, field by field (no array per row); the TAI boundaries setRows derives stay in core
    // memory (entryTai/switchTai read them where needed) instead of two bigint arrays per table.
    const words = new BigInt64Array(c.memory.buffer, ptr + LEAP_HEADER_BYTES, rows.length * ROW_WORDS);
    for (let j = 0, o = 0; j < rows.length; j++, o += ROW_WORDS) {
      const r = rows[j];
      words[o] = r.startUnixNs;
      words[o + 1] = r.offset;
      words[o + 2] = r.root;
      words[o + 3] = r.rate;
    }
    c.setRows(ptr, rows.length);
    this.#minTai = c.switchTai(ptr, 0);
    this.#taiRange = new I64Range(this.#minTai, MAX_TAI_NS);
    registry?.register(this, block, this);
    Object.freeze(this);
  }

  /**
   * Frees the table's core memory now instead of when it is garbage-collected. Afterwards every
   * method throws `invalid-argument`; the fields (leaps, expiresUnixNs, …) stay readable. Calling it
   * again does nothing. Clocks built on the table keep working: they hold their own share of the
   * rows, freed with the last of them.
   *
   * The shared `LeapTable.builtin()` (without `strict`) is never freed: dispose() does nothing to
   * it, since every other caller holds the same instance.
   */
  dispose(): void {
    if (this.#shared || this.#ptr === 0) return;
    this.#ptr = 0;
    this.#unixRange = this.#taiRange = NOTHING;
    registry?.unregister(this);
    this.#block.release();
  }

  /**
   * The built-in table: 1961-01-01 on, from the IERS/IETF leap-seconds.list updated 2026-07-06
   * (expires 2027-06-28) and, before 1972, the rubber-second segments of USNO/ERFA.
   */
  static builtin(options: LookupOptions = {}): LeapTable {
    options = checkOptions(options, "options");
    if (!options.strict && builtinCache !== undefined) return builtinCache;
    const rows: Row[] = [];
    const leaps: Leap[] = [];
    for (const b of BUILTIN_ROWS) {
      const start = (BigInt(b.mjd) - 40_587n) * NS_PER_DAY;
      const root = (BigInt(b.rootMjd) - 40_587n) * NS_PER_DAY;
      const row = { startUnixNs: start, offset: BigInt(b.offset1e7) * 100n, root, rate: BigInt(b.rate1e7) };
      rows.push(row);
      const at = row.offset + (row.rate === 0n ? 0n : ((start - root) * row.rate) / RATE_DEN);
      leaps.push(
        b.rate1e7 === 0
          ? { unixNs: start, taiMinusUtcNs: at, source: b.source }
          : { unixNs: start, taiMinusUtcNs: at, driftNsPerDay: BigInt(b.rate1e7) * 100n, source: b.source },
      );
    }
    const table = new LeapTable(BUILD, rows, leaps, {
      expiresUnixNs: BUILTIN_EXPIRES_UNIX_S * NS_PER_SECOND,
      updatedUnixNs: BUILTIN_UPDATED_UNIX_S * NS_PER_SECOND,
      strict: options.strict,
      source: BUILTIN_SOURCE,
    });
    if (!options.strict) {
      table.#shared = true;
      registry?.unregister(table); // cached for the life of the program
      builtinCache = table;
    }
    return table;
  }

  /**
   * Reads a leap-seconds.list (IERS/IETF; its `#h` SHA-1 is verified unless `verifyHash: false`)
   * or a tzdata `leapseconds` file; the format is detected. Bad lines throw `bad-line` with the
   * 1-based line number; a wrong checksum throws `hash-mismatch`.
   */
  static parse(text: string, options: ParseOptions = {}): LeapTable {
    options = checkOptions(options, "options");
    const file = parseLeapFile(text, options);
    try {
      return LeapTable.fromLeaps(
        file.entries.map(({ unixNs, taiMinusUtcNs }) => ({ unixNs, taiMinusUtcNs })),
        file.options,
      );
    } catch (e) {
      // a rejected entry is reported at its line
      const m = ClockmathError.is(e) ? /leaps\[(\d+)\]/.exec(e.message) : null;
      const line = m ? file.entries[+m[1]].line : 0;
      if (!ClockmathError.is(e) || line === 0) throw e;
      if (e.code === "invalid-argument") throw new BadLineError(line, e.message);
      e.message = `line ${line}: ${e.message}`;
      throw e;
    }
  }

  /**
   * A table from whole entries, e.g. your own list or a hypothetical future leap. Entries must be
   * in increasing order at 00:00:00 UTC of a day, and consecutive values may differ by at most
   * one second (a positive or negative leap second).
   */
  static fromLeaps(
    leaps: readonly { unixNs: bigint; taiMinusUtcNs: bigint; source?: string }[],
    options: TableOptions = {},
  ): LeapTable {
    options = checkOptions(options, "options");
    if (!Array.isArray(leaps) || leaps.length === 0) {
      throw new InvalidArgumentError("leaps must be a non-empty array of { unixNs, taiMinusUtcNs }");
    }
    if (leaps.length > MAX_LEAP_TABLE_ROWS) {
      throw new OutOfRangeError(
        `leaps has ${leaps.length} entries; a table holds at most MAX_LEAP_TABLE_ROWS = ${MAX_LEAP_TABLE_ROWS}`,
      );
    }
    const rows: Row[] = [];
    const clean: Leap[] = [];
    // An index loop, not forEach: forEach skips the holes of a sparse array.
    for (let i = 0; i < leaps.length; i++) {
      const l = leaps[i];
      // the field names are built only for an error message (a template per row cost ~1 µs a table)
      const start = isI64(l?.unixNs) ? l.unixNs : checkI64(l?.unixNs, `leaps[${i}].unixNs`);
      const off = isI64(l?.taiMinusUtcNs) ? l.taiMinusUtcNs : checkI64(l?.taiMinusUtcNs, `leaps[${i}].taiMinusUtcNs`);
      if (start < MIN_UNIX_NS || start > MAX_UNIX_NS) {
        throw new OutOfRangeError(`leaps[${i}].unixNs = ${start} is outside [${MIN_UNIX_NS}, ${MAX_UNIX_NS}]`);
      }
      if (off < -MAX_OFFSET_NS || off > MAX_OFFSET_NS) {
        throw new OutOfRangeError(`leaps[${i}].taiMinusUtcNs = ${off} is beyond ±${MAX_OFFSET_NS} ns`);
      }
      if (i > 0) {
        const prev = rows[i - 1];
        if (start <= prev.startUnixNs) {
          throw new NotMonotonicError(
            `leaps[${i}].unixNs = ${start} is not after leaps[${i - 1}].unixNs = ${prev.startUnixNs}`,
          );
        }
        if (start % NS_PER_DAY !== 0n) { // zero exactly when divisible, whatever the sign
          throw new InvalidArgumentError(`leaps[${i}].unixNs = ${start} is not 00:00:00 UTC of a day`);
        }
        const step = off - prev.offset;
        if (step > NS_PER_SECOND || step < -NS_PER_SECOND) {
          throw new InvalidArgumentError(`leaps[${i}] changes TAI−UTC by ${step} ns; a leap is at most one second`);
        }
      }
      rows.push({ startUnixNs: start, offset: off, root: start, rate: 0n });
      const source = checkSource(l.source, `leaps[${i}].source`);
      clean.push(
        source === undefined ? { unixNs: start, taiMinusUtcNs: off } : { unixNs: start, taiMinusUtcNs: off, source },
      );
    }
    checkSource(options.source, "options.source");
    const expiresUnixNs = options.expiresUnixNs === undefined
      ? undefined
      : checkI64(options.expiresUnixNs, "expiresUnixNs");
    const updatedUnixNs = options.updatedUnixNs === undefined
      ? undefined
      : checkI64(options.updatedUnixNs, "updatedUnixNs");
    return new LeapTable(BUILD, rows, clean, {
      ...options,
      expiresUnixNs: expiresUnixNs,
      updatedUnixNs: updatedUnixNs,
    });
  }

  /** True when `nowUnixNs` is at or past `expiresUnixNs` (a table without expiry never expires). */
  isExpired(nowUnixNs: bigint): boolean {
    this.#live();
    checkI64(nowUnixNs, "nowUnixNs");
    return this.expiresUnixNs !== undefined && nowUnixNs >= this.expiresUnixNs;
  }

  /** TAI−UTC in ns at Unix ns `unixNs`. Inside an inserted second: the value before the leap. */
  taiMinusUtc(unixNs: bigint, options?: LookupOptions): bigint {
    this.#checkUnix(unixNs, "unixNs", options);
    return this.#core.taiMinusUtc(this.#ptr, unixNs);
  }

  /** TAI ns of Unix ns `unixNs`. A repeated 23:59:59 maps to its first occurrence. */
  unixToTai(unixNs: bigint, options?: LookupOptions): bigint {
    this.#checkUnix(unixNs, "unixNs", options);
    return this.#core.unixToTai(this.#ptr, unixNs);
  }

  /**
   * Unix ns that a Linux clock shows at TAI ns `taiNs`: during an inserted second 23:59:59
   * repeats; a deleted 23:59:59 is skipped. Before 1972 (rubber seconds) this is the smallest
   * Unix ns whose TAI is at or after `taiNs`.
   */
  taiToUnix(taiNs: bigint, options?: LookupOptions): bigint {
    this.#checkTai(taiNs, "taiNs");
    const u = this.#core.taiToUnix(this.#ptr, taiNs);
    this.#checkExpiry(u, options);
    return u;
  }

  /** UTC fields at TAI ns `taiNs`; `second` is 60 inside an inserted second. */
  taiToUtc(taiNs: bigint, options?: LookupOptions): UtcFields {
    this.#checkTai(taiNs, "taiNs");
    const c = this.#core, ptr = this.#ptr;
    const u = c.taiToUnix(ptr, taiNs);
    this.#checkExpiry(u, options);
    const into = c.insertedOffset(ptr, taiNs);
    if (into < 0n) return civilFromUnix(u);
    // Label the inserted interval as second 60 of the minute before the row starts.
    const j = c.rowAtTai(ptr, taiNs);
    const f = civilFromUnix(this.#rows[j].startUnixNs - NS_PER_SECOND);
    return { ...f, second: 60, nanosecond: Number(into) };
  }

  /**
   * TAI ns of UTC fields. Second 60 is accepted only inside a second this table inserted;
   * a time a negative leap skipped throws `out-of-range`.
   */
  utcToTai(fields: UtcFields, options?: LookupOptions): bigint {
    this.#live();
    checkUtcFields(fields, "fields");
    if (fields.second === 60) {
      const next = unixFromFields({ ...fields, second: 59, nanosecond: 0 }) + NS_PER_SECOND;
      const j = this.#rows.findIndex((r) => r.startUnixNs === next);
      const length = j > 0 ? this.#core.entryTai(this.#ptr, j) - this.#core.switchTai(this.#ptr, j) : 0n;
      if (length <= 0n) {
        throw new NotALeapSecondError(`${describe(fields)}: no leap second was inserted at the end of that minute`);
      }
      if (BigInt(fields.nanosecond) >= length) {
        throw new NotALeapSecondError(`${describe(fields)}: the inserted interval there lasted only ${length} ns`);
      }
      this.#checkExpiry(next - NS_PER_SECOND, options);
      return this.#core.switchTai(this.#ptr, j) + BigInt(fields.nanosecond);
    }
    const u = unixFromFields(fields);
    this.#checkUnix(u, "fields", options);
    const c = this.#core;
    const tai = c.unixToTai(this.#ptr, u);
    if (c.taiToUnix(this.#ptr, tai) !== u) {
      throw new OutOfRangeError(`${describe(fields)} never happened: a negative leap second skipped it`);
    }
    return tai;
  }

  /**
   * taiMinusUtc over many instants. The results go into `options.into` when given (same length;
   * it may be `unixNs` itself, for an in-place update) and into a new array otherwise.
   * Throws like taiMinusUtc, naming the index, for the first instant out of range. `into` may
   * then hold results for some instants before that index; when `into` shares memory with the
   * input, nothing is written, so the input is never half overwritten.
   *
   * When the input and `into` are both views of CoreArrays (and do not overlap), the core runs on
   * them in place with no copies: the fastest form. Returns `into`, or a live view of the same
   * elements if it was a CoreArray view that the call's own memory growth detached.
   *
   * @example
   * const offsets = table.taiMinusUtcMany(BigInt64Array.of(0n, 1_500_000_000_000_000_000n));
   */
  taiMinusUtcMany(unixNs: BigInt64Array, options?: BatchOptions): BigInt64Array {
    return this.#batch(unixNs, "unixNs", options, 0);
  }
  /** unixToTai over many instants; `options.into` as for taiMinusUtcMany. */
  unixToTaiMany(unixNs: BigInt64Array, options?: BatchOptions): BigInt64Array {
    return this.#batch(unixNs, "unixNs", options, 1);
  }
  /** taiToUnix over many instants; `options.into` as for taiMinusUtcMany. */
  taiToUnixMany(taiNs: BigInt64Array, options?: BatchOptions): BigInt64Array {
    return this.#batch(taiNs, "taiNs", options, 2);
  }

  // The work goes through the core in chunks small enough to stay in cache: for each, the core
  // checks the range (outsideRange), then runs the lookup loop over the same chunk. Plain arrays
  // are copied into the scratch region chunk by chunk and back out; CoreArray views are used where
  // they are (the fast lane). When `into` shares memory with the input, a first pass checks every
  // chunk before anything is written, so a bad instant cannot leave the input half overwritten.
  #batch(
    input: BigInt64Array,
    name: "unixNs" | "taiNs",
    options: BatchOptions | undefined,
    op: 0 | 1 | 2,
  ): BigInt64Array {
    this.#live();
    if (!(input instanceof BigInt64Array)) throw new InvalidArgumentError(`${name} must be a BigInt64Array`);
    let into = options?.into;
    if (into !== undefined && (!(into instanceof BigInt64Array) || into.length !== input.length)) {
      throw new InvalidArgumentError(`into must be a BigInt64Array of length ${input.length}`);
    }
    const n = input.length;
    const strict = options?.strict ?? this.strict;
    const expiry = strict && this.expiresUnixNs !== undefined ? this.expiresUnixNs - 1n : I64_MAX;
    const tai = name === "taiNs";
    const lo = tai ? this.#minTai : this.validFromUnixNs;
    const hi = tai ? MAX_TAI_NS : MAX_UNIX_NS < expiry ? MAX_UNIX_NS : expiry;
    const checkOut = tai && expiry !== I64_MAX; // taiToUnix results against the expiry
    const c = this.#core, tab = this.#ptr;
    const run = op === 0 ? c.taiMinusUtcBatch : op === 1 ? c.unixToTaiBatch : c.taiToUnixBatch;
    // Checks, then converts, `count` instants at src (index `at` of the input) into dst.
    const step = (src: number, dst: number, count: number, at: number): void => {
      let bad = c.outsideRange(src, count, lo, hi) !== 0;
      if (!bad) {
        run(tab, src, dst, count);
        bad = checkOut && c.outsideRange(dst, count, I64_MIN, expiry) !== 0;
      }
      if (bad) this.#batchError(input, at, at + count, name, options);
    };
    const inCore = isCoreView(input, name);
    if (into !== undefined && isCoreView(into, "into") && inCore && !overlap(input, into)) {
      for (let at = 0; at < n; at += BATCH_CHUNK) {
        step(input.byteOffset + at * 8, into.byteOffset + at * 8, Math.min(BATCH_CHUNK, n - at), at);
      }
      return into;
    }
    const size = n < BATCH_CHUNK ? n : BATCH_CHUNK;
    const before = c.memory.buffer;
    const ptr = c.scratch(size * 8);
    if (ptr === 0) throw new OutOfRangeError(`${name}: no WebAssembly memory left for a batch`);
    if (c.memory.buffer !== before) {
      // The scratch region grew the memory, which detached any view of it we were given.
      if (inCore) input = new BigInt64Array(c.memory.buffer, input.byteOffset, n);
      if (into !== undefined && into.buffer === before) into = new BigInt64Array(c.memory.buffer, into.byteOffset, n);
    }
    const view = new BigInt64Array(c.memory.buffer, ptr, size);
    const pass = (out: BigInt64Array | undefined): void => {
      for (let at = 0; at < n; at += size) {
        const count = Math.min(size, n - at);
        const part = count === size ? view : view.subarray(0, count);
        part.set(input.subarray(at, at + count));
        step(ptr, ptr, count, at);
        if (out !== undefined) out.set(part, at);
      }
    };
    if (into !== undefined && overlap(input, into)) pass(undefined);
    const out = into ?? new BigInt64Array(n);
    pass(out);
    return out;
  }

  // Slow path: finds the first bad instant of a chunk the core flagged and throws its error.
  #batchError(
    input: BigInt64Array,
    from: number,
    to: number,
    name: "unixNs" | "taiNs",
    options: BatchOptions | undefined,
  ): never {
    const c = this.#core;
    for (let i = from; i < to; i++) {
      const what = `${name}[${i}]`;
      if (name === "taiNs") {
        this.#checkTai(input[i], what);
        this.#checkExpiry(c.taiToUnix(this.#ptr, input[i]), options);
      } else {
        this.#checkUnix(input[i], what, options);
      }
    }
    throw new ClockmathError(
      "internal",
      `the core flagged ${name}[${from}..${to}) but no instant there is out of range`,
    );
  }

  /** Throws `invalid-argument` once the table was disposed. */
  #live(): void {
    if (this.#ptr === 0) throw new InvalidArgumentError("this LeapTable was disposed");
  }

  #checkUnix(u: bigint, name: string, options: LookupOptions | undefined): void {
    if (!this.#unixRange.has(u)) this.#rangeError(u, name, this.validFromUnixNs, MAX_UNIX_NS);
    if (options === undefined && !this.strict) return;
    this.#checkExpiry(u, options);
  }

  #checkTai(t: bigint, name: string): void {
    if (!this.#taiRange.has(t)) this.#rangeError(t, name, this.#minTai, MAX_TAI_NS);
  }

  #checkExpiry(u: bigint, options: LookupOptions | undefined): void {
    if ((options?.strict ?? this.strict) && this.expiresUnixNs !== undefined && u >= this.expiresUnixNs) {
      throw new ExpiredError(
        `${u} is at or after the table's expiry ${this.expiresUnixNs}: leap seconds there are unknown`,
      );
    }
  }

  #rangeError(v: unknown, name: string, lo: bigint, hi: bigint): never {
    this.#live();
    checkI64(v, name);
    throw new OutOfRangeError(`${name} = ${v} is outside this table's range [${lo}, ${hi}]`);
  }

  // ---- Leap data that stays current: thin delegates (logic in tzif.ts, system.ts, fetch.ts,
  // range.ts, status.ts). Private state of this block: the range answerer, built on first use.
  #range: LeapRange | undefined;

  /**
   * A table from the leap-second records of a TZif file (RFC 9636 v1–v4), e.g. tzdata's
   * `right/UTC`: from 1972-01-01 (10 s) on, one entry per record; `expiresUnixNs` from a version 4
   * expiry record (else `options.expiresUnixNs`, if given); `updatedUnixNs` only from `options` (TZif has none). Bad or
   * truncated bytes throw `bad-tzif` (BadTzifError) with the byte offset. Work is linear in the
   * file's size. `options.source` names the file (default "TZif").
   */
  static fromTzif(bytes: Uint8Array, options: TableOptions = {}): LeapTable {
    options = checkOptions(options, "options");
    const t = readTzifLeaps(bytes);
    return LeapTable.fromLeaps(t.leaps, {
      ...options,
      expiresUnixNs: t.expiresUnixNs ?? options.expiresUnixNs,
      source: options.source ?? `TZif v${t.version}`,
    });
  }

  /**
   * The freshest valid table among the system's leap files (Node 20.16+, Deno with --allow-read,
   * Bun): each of `options.paths` (default SYSTEM_LEAP_PATHS) that exists is read (at most 1 MiB),
   * parsed by its format (leap-seconds.list with its hash verified, tzdata leapseconds, TZif) and
   * the latest by `updatedUnixNs` (then `expiresUnixNs`) wins; `source` names the file. Synchronous: the
   * files are small and local. No valid file: `no-leap-data` listing each path's failure, or
   * `LeapTable.builtin()` when `options.fallbackToBuiltin`. Elsewhere: `unsupported-runtime`.
   */
  static fromSystem(options?: SystemOptions): LeapTable {
    return tableFromSystem(LeapTable, options);
  }

  /**
   * Fetches a leap-seconds.list from `options.sources` (default LEAP_SOURCES: IERS, IANA tzdb, the tz
   * GitHub mirror) in order, and resolves with the first that verifies (`#h` SHA-1), is not older
   * than `options.current` (default the built-in table) and keeps every leap `current` knows; its
   * `source` names the URL. Each source gets `options.timeoutMs` (10 s); `options.signal` cancels all.
   * When none succeeds it rejects with `no-leap-data`, whose `attempts` say what each source did.
   */
  static fetchLatest(options?: FetchLatestOptions): Promise<LeapTable> {
    return fetchLatestTable(LeapTable, options);
  }

  /**
   * Bounds on TAI−UTC at Unix ns `unixNs`, never throwing `expired`: before `expiresUnixNs` both
   * bounds are the exact value; from it on, the table's value ∓ 1 s for every possible leap
   * instant in [expiresUnixNs, unixNs] (the starts of months after a month end of `options.months`:
   * every month by default, as ITU-R TF.460-6 allows; "quarterly" or "june-december" for the
   * stricter sets). A table without expiry answers exactly everywhere. Range as `taiMinusUtc`.
   */
  taiMinusUtcRange(unixNs: bigint, options?: RangeOptions): NsRange {
    return (this.#range ??= new LeapRange(this)).range(unixNs, options);
  }

  /**
   * How current this table is at Unix ns `nowUnixNs`: `"valid"`, `"expiring-soon"` (fewer than
   * `options.warnDays`, default 30, days left) or `"expired"`, with the whole days left.
   */
  status(nowUnixNs: bigint, options?: StatusOptions): LeapTableStatus {
    return tableStatus(this, nowUnixNs, options);
  }
}

let builtinCache: LeapTable | undefined;

/**
 * A share of a live table's rows in core memory, for a clock that reads them directly
 * (`taiToUnix(block.ptr, t)` after its own range checks). The caller releases it when done.
 * Throws `invalid-argument` for a disposed table.
 */
export function retainLeapRows(table: LeapTable): SharedBlock {
  return retainRows(table);
}

function describe(f: UtcFields): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(f.year, 4)}-${p(f.month)}-${p(f.day)}T${p(f.hour)}:${p(f.minute)}:${p(f.second)}`;
}

/** Whether two typed arrays share any byte. */
function overlap(a: BigInt64Array, b: BigInt64Array): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength;
}

// `using table = LeapTable.parse(text)` disposes at the end of the scope, where Symbol.dispose exists.
export interface LeapTable extends Disposable {}
installDispose(LeapTable.prototype);

/**
 * A leap's or table's `source`: undefined or a string (anything else was once String()-ed, which throws
 * for some objects).
 */
function checkSource(v: unknown, name: string): string | undefined {
  if (v !== undefined && typeof v !== "string") {
    throw new InvalidArgumentError(`${name} must be a string, got ${show(v)}`);
  }
  return v;
}
