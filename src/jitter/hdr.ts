// HdrHistogram's V2 encoding and its compressed base64 form ("HISTFAAA…").
//
// Uncompressed V2 (all integers big-endian):
//   i32 cookie 0x1c849313 (V2 base 0x1c849303 | 0x10: ZigZag LEB128 words, up to 9 bytes)
//   i32 payload length in bytes     i32 normalizing index offset (0 for integer histograms)
//   i32 significant digits          i64 lowest discernible value      i64 highest trackable value
//   f64 integer-to-double ratio (1.0)   then the payload: the counts array from index 0 through the
//   index of the largest value, each a ZigZag LEB128 word; a run of k >= 2 zero counts is one word −k.
// Compressed: i32 cookie 0x1c849314, i32 length of what follows, then a zlib stream of the above.
// Text: standard base64 of the compressed form.
//
// zlib is fflate's (synchronous in every runtime); base64 the platform's (src/core/base64.ts).
// Decoding is bounded by the layout the header declares: the inflate stops as soon as the stream
// produces more than the 40 + payload bytes the header states, and the payload may not be longer
// than 9 bytes (one full LEB128 word) per bucket of that layout, nor may any count or zero run
// land past its last bucket. Hostile text therefore costs at most what decoding an honest
// histogram of that layout costs, plus one input chunk's inflation (INFLATE_CHUNK).
import { Unzlib, unzlibSync, zlibSync } from "fflate";
import { base64ToBytes, bytesToBase64 } from "../core/base64.ts";
import { I64_MAX } from "../check.ts";
import { ClockmathError, CorruptEncodingError } from "../errors.ts";
import { layoutFor } from "./layout.ts";

const V2_COOKIE = 0x1c849313;
const V2_COMPRESSED_COOKIE = 0x1c849314;
const V2_BASE = 0x1c849303;
const V2_COMPRESSED_BASE = 0x1c849304;
const HEADER_BYTES = 40;
/** Longest LEB128 word of the format (the ninth byte carries 8 bits). */
const MAX_WORD_BYTES = 9;
/**
 * Compressed bytes handed to the streaming inflater at a time. Deflate expands at most ~1032:1,
 * so a decoder that refuses the stream after a chunk has inflated at most ~2 MB past the point
 * where it knew better (a few ms); smaller chunks cost honest streams more per byte (fflate
 * copies its 32 KiB window and reserves 128 KiB of output per push).
 */
const INFLATE_CHUNK = 2048;
/** The first chunk (the header is in it) and the least one: expands to at most ~260 KB. */
const MIN_INFLATE_CHUNK = 256;

/** What an encoding holds: the layout parameters and its non-zero counts. */
export interface DecodedCounts {
  readonly lowest: bigint;
  readonly highest: bigint;
  readonly digits: number;
  /** Buckets of the layout of (lowest, highest, digits): every index below is less. */
  readonly buckets: number;
  /** Ascending bucket indexes of the non-zero counts. */
  readonly index: readonly number[];
  /**
   * The count (> 0) at bucket index[k] is countHi[k] · 2^32 + countLo[k] (both uint32): the
   * halves of an i64 as they lie in memory, written without making a bigint per count.
   */
  readonly countLo: readonly number[];
  readonly countHi: readonly number[];
  /** Σ counts, at most 2^63 − 1. */
  readonly total: bigint;
}

class Writer {
  buf = new Uint8Array(256);
  n = 0;
  room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    b.set(this.buf);
    this.buf = b;
  }
  /** LEB128 of an already ZigZagged u < 2^31. */
  small(u: number): void {
    this.room(5);
    const buf = this.buf;
    let n = this.n;
    while (u >= 0x80) {
      buf[n++] = (u & 0x7f) | 0x80;
      u >>>= 7;
    }
    buf[n++] = u;
    this.n = n;
  }
  /** ZigZag, then LEB128 with HdrHistogram's 9-byte form (the 9th byte carries 8 bits). */
  zigzag(v: bigint): void {
    let u = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
    this.room(9);
    if (u < 0x80n) {
      this.buf[this.n++] = Number(u);
      return;
    }
    for (let i = 0; i < 8; i++) {
      const b = Number(u & 0x7fn);
      u >>= 7n;
      if (u === 0n) {
        this.buf[this.n++] = b;
        return;
      }
      this.buf[this.n++] = b | 0x80;
    }
    this.buf[this.n++] = Number(u);
  }
}

/** Typed arrays are little-endian here (every platform JS runs on): i64 counts read as uint32 halves. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The uint32 halves of counts (low word first), or undefined on a big-endian platform. */
function halves(counts: BigInt64Array): Uint32Array | undefined {
  return LITTLE_ENDIAN ? new Uint32Array(counts.buffer, counts.byteOffset, counts.length * 2) : undefined;
}

/** 1 + the index of the last non-zero count (0 when all are zero), reading no bigint. */
export function countsEnd(counts: BigInt64Array): number {
  const u = halves(counts);
  let end = counts.length;
  if (u === undefined) {
    while (end > 0 && counts[end - 1] === 0n) end--;
  } else {
    while (end > 0 && (u[2 * end - 2] | u[2 * end - 1]) === 0) end--;
  }
  return end;
}

/**
 * The uncompressed V2 encoding of counts[0 … end) (end = 1 + index of the largest value, 0 when
 * empty), as HdrHistogram writes it. Counts below 2^30 and zero runs are written from the counts'
 * uint32 halves with double arithmetic: reading an i64 element makes a bigint, which cost more
 * than the encoding itself.
 */
export function encodeV2(
  lowest: bigint,
  highest: bigint,
  digits: number,
  counts: BigInt64Array,
  end: number,
): Uint8Array {
  const w = new Writer();
  w.room(HEADER_BYTES);
  w.n = HEADER_BYTES;
  const u = halves(counts);
  const isZero = (i: number): boolean => (u === undefined ? counts[i] === 0n : (u[2 * i] | u[2 * i + 1]) === 0);
  for (let i = 0; i < end;) {
    const lo = u === undefined ? -1 : u[2 * i], hi = u === undefined ? -1 : u[2 * i + 1];
    if (isZero(i)) {
      let zeros = 1;
      i++;
      while (i < end && isZero(i)) {
        zeros++;
        i++;
      }
      w.small(zeros > 1 ? 2 * zeros - 1 : 0); // ZigZag of −zeros, or of a single 0
    } else if (hi === 0 && lo < 2 ** 30) {
      w.small(2 * lo); // ZigZag of a positive count
      i++;
    } else {
      w.zigzag(counts[i++]);
    }
  }
  const out = w.buf.slice(0, w.n);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, V2_COOKIE);
  dv.setInt32(4, w.n - HEADER_BYTES);
  dv.setInt32(8, 0);
  dv.setInt32(12, digits);
  dv.setBigInt64(16, lowest);
  dv.setBigInt64(24, highest);
  dv.setFloat64(32, 1.0);
  return out;
}

/** The compressed form: cookie, length, zlib(encodeV2 …). */
export function compressV2(v2: Uint8Array): Uint8Array {
  const z = zlibSync(v2);
  const out = new Uint8Array(8 + z.length);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, V2_COMPRESSED_COOKIE);
  dv.setInt32(4, z.length);
  out.set(z, 8);
  return out;
}

/** HdrHistogram's compressed base64 text of counts[0 … end) (see encodeV2). */
export function encodeText(
  lowest: bigint,
  highest: bigint,
  digits: number,
  counts: BigInt64Array,
  end: number,
): string {
  return bytesToBase64(compressV2(encodeV2(lowest, highest, digits, counts, end)));
}

/** What a decode did, for tests that check it stopped early: bytes the inflater produced. */
export interface DecodeStats {
  inflatedBytes: number;
}

function bad(why: string): never {
  throw new CorruptEncodingError(`HdrHistogram encoding: ${why}`);
}

/** Adler-32 (RFC 1950 §8.2) of what was inflated: fflate's inflater does not check the zlib trailer. */
class Adler32 {
  a = 1;
  b = 0;
  add(d: Uint8Array): void {
    let a = this.a, b = this.b;
    for (let i = 0; i < d.length;) {
      // 5552 bytes are the most that keep b below 2^32 before the reduction (zlib's NMAX)
      const end = Math.min(i + 5552, d.length);
      for (; i < end; i++) {
        a += d[i];
        b += a;
      }
      a %= 65521;
      b %= 65521;
    }
    this.a = a;
    this.b = b;
  }
  get value(): number {
    return ((this.b << 16) | this.a) >>> 0;
  }
}

/**
 * Reads an uncompressed V2 stream as it arrives, in pieces of any size: the 40-byte header first,
 * which fixes how many payload bytes may follow and how many buckets the counts may fill, then the
 * payload's ZigZag LEB128 words. Nothing is materialised but the non-zero counts; a zero run only
 * moves the bucket index. Every check fails as soon as the offending byte arrives.
 */
class V2Reader {
  readonly #head = new Uint8Array(HEADER_BYTES);
  #headN = 0;
  #lowest = 0n;
  #highest = 0n;
  #digits = 0;
  #buckets = 0;
  /** Payload bytes still expected; −1 until the header is read. */
  #left = -1;
  /** Next bucket index. */
  #at = 0;
  readonly #index: number[] = [];
  readonly #lo: number[] = [];
  readonly #hi: number[] = [];
  /** Σ counts so far: #sum (a double, exact below 2^53) plus #bigSum. */
  #sum = 0;
  #bigSum = 0n;
  // the LEB128 word being read: bits 0–27 (wlo), bits 28–63 (whi), bytes so far
  #wlo = 0;
  #whi = 0;
  #wordBytes = 0;

  push(d: Uint8Array): void {
    let p = 0;
    if (this.#left < 0) {
      const k = Math.min(HEADER_BYTES - this.#headN, d.length);
      this.#head.set(d.subarray(0, k), this.#headN);
      this.#headN += k;
      p = k;
      if (this.#headN < HEADER_BYTES) return;
      this.#readHeader();
    }
    if (d.length - p > this.#left) bad(`the data runs past the ${this.#payloadText()} payload bytes its header states`);
    this.#left -= d.length - p;
    let lo = this.#wlo, hi = this.#whi, n = this.#wordBytes;
    let at = this.#at, sum = this.#sum;
    const buckets = this.#buckets, index = this.#index, los = this.#lo;
    for (; p < d.length; p++) {
      const b = d[p];
      if (n < 4) lo |= (b & 0x7f) << (7 * n);
      else if (n < 8) hi |= (b & 0x7f) << (7 * (n - 4));
      else hi += b * 2 ** 28; // the ninth byte carries a full 8 bits
      n++;
      if ((b & 0x80) !== 0 && n < MAX_WORD_BYTES) continue;
      n = 0;
      if (hi === 0 && (lo & 1) === 0) {
        // a count below 2^27 (every count in practice): ZigZag of an even u is u / 2
        if (at >= buckets) bad(`a count lies past the ${buckets} buckets of its range`);
        if (lo !== 0) {
          index.push(at);
          los.push(lo >>> 1);
          this.#hi.push(0);
          sum += lo >>> 1;
          if (sum >= 2 ** 52) sum = this.#carry(sum);
        }
        at++;
      } else if (hi === 0) {
        // ZigZag of an odd u: −(u + 1) / 2, a run of (u + 1) / 2 empty buckets
        const k = (lo + 1) / 2;
        if (k > buckets - at) bad(`a run of ${k} empty buckets runs past the ${buckets} buckets of its range`);
        at += k;
      } else {
        this.#at = at;
        this.#sum = sum;
        this.#wideWord(lo, hi);
        at = this.#at;
        sum = this.#sum;
      }
      lo = hi = 0;
    }
    this.#wlo = lo;
    this.#whi = hi;
    this.#wordBytes = n;
    this.#at = at;
    this.#sum = sum;
  }

  /** Moves #sum into #bigSum (keeping the double exact) and checks the total; returns the new #sum, 0. */
  #carry(sum: number): number {
    this.#bigSum += BigInt(sum);
    if (this.#bigSum > I64_MAX) bad("total count above 2^63 − 1");
    return 0;
  }

  /** A word of 2^28 or more (bits 0–27 in lo, 28–63 in hi): a count of 2^27 or more, or a run past every layout. */
  #wideWord(lo: number, hi: number): void {
    const u = (BigInt(hi) << 28n) | BigInt(lo);
    if ((u & 1n) === 1n) {
      const k = (u + 1n) >> 1n;
      bad(`a run of ${k} empty buckets runs past the ${this.#buckets} buckets of its range`);
    }
    if (this.#at >= this.#buckets) bad(`a count lies past the ${this.#buckets} buckets of its range`);
    const c = u >> 1n;
    this.#index.push(this.#at++);
    this.#lo.push(Number(c & 0xffff_ffffn));
    this.#hi.push(Number(c >> 32n));
    this.#sum = this.#carry(this.#sum);
    this.#bigSum += c;
    if (this.#bigSum > I64_MAX) bad("total count above 2^63 − 1");
  }

  /** Payload bytes still due; −1 until the header is read. */
  get payloadLeft(): number {
    return this.#left;
  }

  #payloadText(): string {
    return String(new DataView(this.#head.buffer).getInt32(4));
  }

  #readHeader(): void {
    const dv = new DataView(this.#head.buffer);
    const cookie = dv.getInt32(0);
    if ((cookie & ~0xf0) !== V2_BASE) bad(`cookie 0x${(cookie >>> 0).toString(16)} is not a V2 histogram (0x1c849313)`);
    if (((cookie & 0xf0) >> 4) !== 1) bad("word size is not ZigZag LEB128 (cookie nibble 1)");
    const payload = dv.getInt32(4);
    const digits = dv.getInt32(12);
    const lowest = dv.getBigInt64(16);
    const highest = dv.getBigInt64(24);
    const ratio = dv.getFloat64(32);
    if (payload < 0) bad(`payload length ${payload} < 0`);
    if (digits < 0 || digits > 5) bad(`significant digits ${digits} outside 0 … 5`);
    if (lowest < 1n) bad(`lowest discernible value ${lowest} < 1`);
    if (highest < 2n * lowest) bad(`highest trackable value ${highest} < 2 × lowest ${lowest}`);
    // hdr-histogram-js writes the ratio as the integer 1 (the double 5e-324); Java writes 1.0.
    if (ratio !== 1 && dv.getBigInt64(32) !== 1n) {
      bad(`integer-to-double ratio ${ratio}: a DoubleHistogram, not supported`);
    }
    let buckets: number;
    try {
      buckets = layoutFor(lowest, highest, digits).len;
    } catch (e) {
      if (e instanceof ClockmathError) bad(e.message);
      throw e;
    }
    // every word moves the bucket index by at least one, and is at most 9 bytes long
    if (payload > MAX_WORD_BYTES * buckets) {
      bad(
        `payload length ${payload} is more than ${MAX_WORD_BYTES} bytes for each of the ${buckets} buckets of its range`,
      );
    }
    this.#lowest = lowest;
    this.#highest = highest;
    this.#digits = digits;
    this.#buckets = buckets;
    this.#left = payload;
  }

  /** The decoded counts once everything has been pushed. */
  finish(): DecodedCounts {
    if (this.#left < 0) bad("shorter than the 40-byte V2 header");
    if (this.#left > 0) bad(`payload ends ${this.#left} bytes short of the ${this.#payloadText()} its header states`);
    if (this.#wordBytes !== 0) bad("payload ends inside a LEB128 word");
    const total = this.#bigSum + BigInt(this.#sum);
    if (total > I64_MAX) bad("total count above 2^63 − 1");
    return {
      lowest: this.#lowest,
      highest: this.#highest,
      digits: this.#digits,
      buckets: this.#buckets,
      index: this.#index,
      countLo: this.#lo,
      countHi: this.#hi,
      total,
    };
  }
}

/**
 * Reads compressed V2 bytes. Throws `corrupt-encoding` for a wrong cookie (including the V0/V1
 * formats and DoubleHistogram encodings), a truncated or corrupt zlib stream (Adler-32 checked), a
 * stream that inflates to more or less than the header states, a payload that ends mid-word,
 * counts or zero runs past the last bucket of the stated range, a total above 2^63 − 1, or
 * parameters HdrHistogram itself would refuse. The normalizing index offset is not applied:
 * integer histograms write 0, and hdr-histogram-js writes 1 and ignores it when reading, as this
 * decoder does.
 */
export function decodeCompressed(bytes: Uint8Array, stats?: DecodeStats): DecodedCounts {
  if (bytes.length < 8) bad("shorter than its 8-byte header");
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cookie = dv.getInt32(0);
  if ((cookie & ~0xf0) !== V2_COMPRESSED_BASE) {
    bad(`cookie 0x${(cookie >>> 0).toString(16)} is not a V2 compressed histogram (0x1c849314)`);
  }
  const len = dv.getInt32(4);
  if (len < 0 || 8 + len > bytes.length) bad(`compressed length ${len} overruns the ${bytes.length - 8} bytes present`);
  const z = bytes.subarray(8, 8 + len);
  if (z.length < 6) bad("zlib stream shorter than its header and checksum");
  const reader = new V2Reader();
  const adler = new Adler32();
  const take = (chunk: Uint8Array): void => {
    if (stats) stats.inflatedBytes += chunk.length;
    reader.push(chunk); // first: a refused chunk is not checksummed
    adler.add(chunk);
  };
  try {
    // A stream of one chunk or less is first inflated whole into a buffer of 8× its size (honest
    // histograms compress 2–4×): at most ~2 MB of work even for a bomb, the slack the streaming
    // path has anyway, and no 128 KiB output buffer per block as fflate makes when it may grow
    // its output (which dominated parsing interval logs). A full buffer means it may not have held
    // everything (fflate drops what does not fit), and an error may be that: both go the
    // streaming way, which is exact.
    let whole: Uint8Array | undefined;
    if (z.length <= INFLATE_CHUNK) {
      const out = new Uint8Array(8 * z.length + 1024);
      try {
        whole = unzlibSync(z, { out });
        if (whole.length >= out.length) whole = undefined;
      } catch {
        whole = undefined;
      }
    }
    if (whole !== undefined) {
      take(whole);
    } else {
      const inflater = new Unzlib(take);
      for (let p = 0; p < z.length;) {
        // MIN_INFLATE_CHUNK until the header is read, then about half the payload still due
        // (honest payloads compress about 2×) within [MIN_INFLATE_CHUNK, INFLATE_CHUNK]: a stream
        // that inflates past a short stated payload overshoots by at most ~260 KB
        const left = reader.payloadLeft;
        const size = left < 0 ? MIN_INFLATE_CHUNK : Math.min(INFLATE_CHUNK, Math.max(MIN_INFLATE_CHUNK, left >> 1));
        const end = Math.min(p + size, z.length);
        inflater.push(z.subarray(p, end), end === z.length);
        p = end;
      }
    }
  } catch (e) {
    if (e instanceof ClockmathError) throw e;
    bad(`zlib: ${(e as Error)?.message ?? String(e)}`);
  }
  const decoded = reader.finish();
  const want = new DataView(z.buffer, z.byteOffset + z.length - 4, 4).getUint32(0);
  if (adler.value !== want) {
    bad(`zlib Adler-32 0x${adler.value.toString(16)} does not match the stream's 0x${want.toString(16)}`);
  }
  return decoded;
}

/** Reads an uncompressed V2 histogram (see decodeCompressed for what throws). */
export function decodeV2(raw: Uint8Array): DecodedCounts {
  const reader = new V2Reader();
  reader.push(raw);
  return reader.finish();
}

/** Reads HdrHistogram compressed base64 text (see decodeCompressed; not base64: `corrupt-encoding`). */
export function decodeText(text: string, stats?: DecodeStats): DecodedCounts {
  const bytes = base64ToBytes(text);
  if (bytes === undefined) bad("not base64 (RFC 4648 §4: A–Z a–z 0–9 + /, '=' padding only at the end)");
  return decodeCompressed(bytes, stats);
}
