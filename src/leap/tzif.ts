// Leap-second records of a TZif file (RFC 9636, versions 1 to 4), e.g. tzdata's right/UTC.
//
// Only what a leap table needs is read: the header counts (to find and bounds-check the blocks),
// the leap-second records and, in version 4, the expiry record. Transitions, types and the footer
// are skipped after a bounds check. Every read is checked against the file's length first, so the
// work is bounded by the file's size and a bad or short file fails with the byte where it broke.
import { BadTzifError, InvalidArgumentError } from "../errors.ts";
import { MAX_OFFSET_NS, MAX_UNIX_NS, NS_PER_DAY, NS_PER_SECOND } from "../constants.ts";

/** What a TZif file says about leap seconds. */
export interface TzifLeaps {
  /** 1, 2, 3 or 4 (a version byte of NUL is version 1). */
  readonly version: number;
  /** Table entries: from `unixNs` on, TAI−UTC is `taiMinusUtcNs` (1972-01-01, 10 s first unless truncated). */
  readonly leaps: readonly { readonly unixNs: bigint; readonly taiMinusUtcNs: bigint }[];
  /** Version 4 expiry record, Unix ns; undefined when the file has none. */
  readonly expiresUnixNs: bigint | undefined;
  /** Version 4: the table was truncated at the start (its first record is not a ±1 correction). */
  readonly truncated: boolean;
}

const HEADER = 44;
// TAI−UTC when integer-second UTC began (1972-01-01): the TZif corrections count from there.
const BASE_TAI_MINUS_UTC_NS = 10n * NS_PER_SECOND;
const UTC_1972_NS = 63_072_000n * NS_PER_SECOND;
// Largest |correction| whose TAI−UTC (10 s + C) a table can hold.
const MAX_CORRECTION = Number(MAX_OFFSET_NS / NS_PER_SECOND) - 10;

/**
 * Reads the leap-second records of a TZif file. A v2+ file's 64-bit block is used (the v1 block
 * before it is only bounds-checked); a v1 file's 32-bit block otherwise.
 *
 * Record semantics (RFC 9636 §3.2, as zic writes them): occurrence T is a "right" time_t (leap
 * seconds counted) and correction C is the total from T on. With P the previous total, a positive
 * leap takes effect at Unix second T − P, a negative one at T − P + 1: both the 00:00:00 UTC that
 * starts the next day. TAI−UTC = 10 s + C. A v4 table truncated at the start (first correction not
 * ±1) begins with a positive leap if its correction is positive, else a negative one (tzfile(5)
 * states this rule; RFC 9636 leaves it implicit). A v4 last record
 * with the same correction as the one before is the expiry, at Unix second T − C.
 *
 * Throws `bad-tzif` (BadTzifError, with the byte offset) for a wrong magic or version, a file too
 * short for its counts, counts RFC 9636 forbids, records out of order, corrections that step by
 * other than one, occurrences that are not the end of a UTC day, or no leap records at all.
 */
export function readTzifLeaps(bytes: Uint8Array): TzifLeaps {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError("bytes must be a Uint8Array");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = header(bytes, view, 0);
  const version = first.version;
  let at = HEADER;
  let counts = first;
  let timeSize = 4;
  if (version >= 2) {
    at = skipBlock(bytes, first, 4, at);
    const second = header(bytes, view, at);
    if (second.version !== version) {
      throw new BadTzifError(at + 4, `the second header says version ${second.version}, the first ${version}`);
    }
    counts = second;
    at += HEADER;
    timeSize = 8;
  }
  const blockStart = at;
  need(bytes, blockStart, blockSize(counts, timeSize), `the ${timeSize === 8 ? "64" : "32"}-bit data block`);
  const leapStart = blockStart + counts.timecnt * timeSize + counts.timecnt + counts.typecnt * 6 + counts.charcnt;
  if (counts.leapcnt === 0) throw new BadTzifError(first.leapcntAt, "no leap-second records (not a right/ zone)");
  if (version >= 2) checkFooter(bytes, blockStart + blockSize(counts, timeSize));

  const recSize = timeSize + 4;
  const leaps: { unixNs: bigint; taiMinusUtcNs: bigint }[] = [];
  let expiresUnixNs: bigint | undefined;
  let prevCorr = 0;
  let prevOcc = 0n;
  let truncated = false;
  for (let i = 0; i < counts.leapcnt; i++) {
    const off = leapStart + i * recSize;
    const occ = timeSize === 8 ? view.getBigInt64(off) : BigInt(view.getInt32(off));
    const corr = view.getInt32(off + timeSize);
    if (corr > MAX_CORRECTION || corr < -MAX_CORRECTION) {
      throw new BadTzifError(
        off + timeSize,
        `leap record ${i} has correction ${corr} s; at most ±${MAX_CORRECTION} s is supported`,
      );
    }
    if (occ > MAX_UNIX_NS / NS_PER_SECOND + BigInt(MAX_CORRECTION)) {
      throw new BadTzifError(off, `leap record ${i} occurs at ${occ}, after 2262 (beyond i64 nanoseconds)`);
    }
    if (i > 0 && occ <= prevOcc) {
      throw new BadTzifError(off, `leap record ${i} occurs at ${occ}, not after the previous one (${prevOcc})`);
    }
    if (i === 0) {
      if (occ < 0n) throw new BadTzifError(off, `the first leap record occurs at ${occ}, before 1970`);
      if (corr !== 1 && corr !== -1) {
        if (version < 4) {
          throw new BadTzifError(
            off + timeSize,
            `the first correction is ${corr}; before version 4 it must be +1 or −1`,
          );
        }
        truncated = true;
        // tzfile(5): the first leap is positive if and only if its correction is positive.
        prevCorr = corr > 0 ? corr - 1 : corr + 1;
      } else {
        leaps.push({ unixNs: UTC_1972_NS, taiMinusUtcNs: BASE_TAI_MINUS_UTC_NS });
      }
    }
    const step = corr - prevCorr;
    if (step === 0 && i === counts.leapcnt - 1 && i > 0 && version >= 4) {
      expiresUnixNs = (occ - BigInt(corr)) * NS_PER_SECOND;
      break;
    }
    if (step !== 1 && step !== -1) {
      throw new BadTzifError(
        off + timeSize,
        `leap record ${i} changes the correction from ${prevCorr} to ${corr}; a leap is one second` +
          (step === 0 && version >= 4 ? " (only the last record may repeat it, as the expiry)" : ""),
      );
    }
    const unixS = occ - BigInt(prevCorr) + (step === 1 ? 0n : 1n);
    const unixNs = unixS * NS_PER_SECOND;
    if (unixNs % NS_PER_DAY !== 0n) {
      throw new BadTzifError(
        off,
        `leap record ${i} (occurrence ${occ}, correction ${corr}) is not at the end of a UTC day`,
      );
    }
    const last = leaps[leaps.length - 1];
    if (last !== undefined && unixNs <= last.unixNs) {
      throw new BadTzifError(off, `leap record ${i} takes effect at Unix ${unixS}, not after the previous entry`);
    }
    leaps.push({ unixNs, taiMinusUtcNs: BASE_TAI_MINUS_UTC_NS + BigInt(corr) * NS_PER_SECOND });
    prevCorr = corr;
    prevOcc = occ;
  }
  return { version, leaps, expiresUnixNs: expiresUnixNs, truncated };
}

interface Counts {
  version: number;
  isutcnt: number;
  isstdcnt: number;
  leapcnt: number;
  timecnt: number;
  typecnt: number;
  charcnt: number;
  leapcntAt: number;
}

function header(bytes: Uint8Array, view: DataView, at: number): Counts {
  need(bytes, at, HEADER, "a TZif header");
  if (bytes[at] !== 0x54 || bytes[at + 1] !== 0x5a || bytes[at + 2] !== 0x69 || bytes[at + 3] !== 0x66) {
    throw new BadTzifError(at, 'not a TZif file (no "TZif" magic)');
  }
  const v = bytes[at + 4];
  const version = v === 0 ? 1 : v >= 0x32 && v <= 0x34 ? v - 0x30 : -1;
  if (version < 0) throw new BadTzifError(at + 4, `unknown TZif version byte 0x${v.toString(16).padStart(2, "0")}`);
  const c = (k: number) => view.getUint32(at + 20 + 4 * k);
  const counts: Counts = {
    version,
    isutcnt: c(0),
    isstdcnt: c(1),
    leapcnt: c(2),
    timecnt: c(3),
    typecnt: c(4),
    charcnt: c(5),
    leapcntAt: at + 28,
  };
  if (counts.typecnt === 0) throw new BadTzifError(at + 36, "typecnt is zero (RFC 9636 requires at least one type)");
  if (counts.charcnt === 0) throw new BadTzifError(at + 40, "charcnt is zero (RFC 9636 requires at least one byte)");
  if (counts.isutcnt !== 0 && counts.isutcnt !== counts.typecnt) {
    throw new BadTzifError(at + 20, `isutcnt is ${counts.isutcnt}; it must be 0 or typecnt (${counts.typecnt})`);
  }
  if (counts.isstdcnt !== 0 && counts.isstdcnt !== counts.typecnt) {
    throw new BadTzifError(at + 24, `isstdcnt is ${counts.isstdcnt}; it must be 0 or typecnt (${counts.typecnt})`);
  }
  return counts;
}

// Sizes stay exact as doubles: six counts below 2^32 times at most 12 bytes each.
function blockSize(c: Counts, timeSize: number): number {
  return c.timecnt * timeSize + c.timecnt + c.typecnt * 6 + c.charcnt + c.leapcnt * (timeSize + 4) + c.isstdcnt +
    c.isutcnt;
}

function skipBlock(bytes: Uint8Array, c: Counts, timeSize: number, at: number): number {
  const size = blockSize(c, timeSize);
  need(bytes, at, size, "the version 1 data block");
  return at + size;
}

// A v2+ footer is "\n", a POSIX TZ string without newlines, "\n".
function checkFooter(bytes: Uint8Array, at: number): void {
  need(bytes, at, 2, "the footer");
  if (bytes[at] !== 0x0a) throw new BadTzifError(at, "the footer does not start with a newline");
  for (let i = at + 1; i < bytes.length; i++) if (bytes[i] === 0x0a) return;
  throw new BadTzifError(bytes.length, "the footer's TZ string is not closed by a newline (truncated?)");
}

function need(bytes: Uint8Array, at: number, size: number, what: string): void {
  if (at + size > bytes.length) {
    throw new BadTzifError(
      bytes.length,
      `truncated: ${what} needs bytes ${at}..${at + size - 1}, the file has ${bytes.length}`,
    );
  }
}
