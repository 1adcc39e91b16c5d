// HdrHistogram's V2 encoding and its compressed base64 form ("HISTFAAA…").
//
// Uncompressed V2 (all integers big-endian):
//   i32 cookie 0x1c849313 (V2 base 0x1c849303 | 0x10: ZigZag LEB128 words, up to 9 bytes)
//   i32 payload length in bytes     i32 normalizing index offset (0 for integer histograms)
//   i32 significant digits          i64 lowest discernible value      i64 highest trackable value
//   f64 integer-to-double ratio (1.0)   then the payload: the counts array from index 0 through the
//   index of the largest value, each a ZigZag LEB128 word; a run of k >= 2 zero counts is one word −k.
// Compressed: i32 cookie 0x1c849314, i32 length of what follows, then a zlib stream of the above.
import { CorruptEncodingError } from "../errors.ts";
import { deflateZlib, inflateZlib } from "./zlib.ts";

const V2_COOKIE = 0x1c849313;
const V2_COMPRESSED_COOKIE = 0x1c849314;
const V2_BASE = 0x1c849303;
const V2_COMPRESSED_BASE = 0x1c849304;
const HEADER_BYTES = 40;
/** Largest counts array a decoded histogram may have (HdrHistogram's int index). */
const MAX_DECODED_ENTRIES = 1 << 26;

/** What an encoding holds: the layout parameters and the counts from index 0. */
export interface DecodedCounts {
  readonly lowest: bigint;
  readonly highest: bigint;
  readonly digits: number;
  /** counts[i] for i < counts.length; later indexes are zero. */
  readonly counts: BigInt64Array;
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

/**
 * The uncompressed V2 encoding of counts[0 … end) (end = 1 + index of the largest value, 0 when
 * empty), as HdrHistogram writes it.
 */
export function encodeV2(lowest: bigint, highest: bigint, digits: number, counts: BigInt64Array, end: number): Uint8Array {
  const w = new Writer();
  w.room(HEADER_BYTES);
  w.n = HEADER_BYTES;
  for (let i = 0; i < end;) {
    const c = counts[i++];
    if (c === 0n) {
      let zeros = 1;
      while (i < end && counts[i] === 0n) {
        zeros++;
        i++;
      }
      w.zigzag(zeros > 1 ? BigInt(-zeros) : 0n);
    } else {
      w.zigzag(c);
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
  const z = deflateZlib(v2);
  const out = new Uint8Array(8 + z.length);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, V2_COMPRESSED_COOKIE);
  dv.setInt32(4, z.length);
  out.set(z, 8);
  return out;
}

function bad(why: string): never {
  throw new CorruptEncodingError(`HdrHistogram encoding: ${why}`);
}

/**
 * Reads a compressed V2 histogram. Throws `corrupt-encoding` for a wrong cookie (including the
 * V0/V1 formats and DoubleHistogram encodings), a truncated or corrupt zlib stream, a payload that
 * ends mid-word or overruns its stated length, negative counts, or parameters HdrHistogram itself
 * would refuse. The normalizing index offset is not applied: integer histograms write 0, and
 * hdr-histogram-js writes 1 and ignores it when reading, as this decoder does.
 */
export function decodeCompressed(bytes: Uint8Array): DecodedCounts {
  if (bytes.length < 8) bad("shorter than its 8-byte header");
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cookie = dv.getInt32(0);
  if ((cookie & ~0xf0) !== V2_COMPRESSED_BASE) {
    bad(`cookie 0x${(cookie >>> 0).toString(16)} is not a V2 compressed histogram (0x1c849314)`);
  }
  const len = dv.getInt32(4);
  if (len < 0 || 8 + len > bytes.length) bad(`compressed length ${len} overruns the ${bytes.length - 8} bytes present`);
  return decodeV2(inflateZlib(bytes.subarray(8, 8 + len)));
}

/** Reads an uncompressed V2 histogram (see decodeCompressed for what throws). */
export function decodeV2(raw: Uint8Array): DecodedCounts {
  if (raw.length < HEADER_BYTES) bad("shorter than the 40-byte V2 header");
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const cookie = dv.getInt32(0);
  if ((cookie & ~0xf0) !== V2_BASE) bad(`cookie 0x${(cookie >>> 0).toString(16)} is not a V2 histogram (0x1c849313)`);
  if (((cookie & 0xf0) >> 4) !== 1) bad("word size is not ZigZag LEB128 (cookie nibble 1)");
  const payload = dv.getInt32(4);
  const digits = dv.getInt32(12);
  const lowest = dv.getBigInt64(16);
  const highest = dv.getBigInt64(24);
  const ratio = dv.getFloat64(32);
  if (payload < 0 || HEADER_BYTES + payload > raw.length) bad(`payload length ${payload} overruns the ${raw.length - HEADER_BYTES} bytes present`);
  if (digits < 0 || digits > 5) bad(`significant digits ${digits} outside 0 … 5`);
  if (lowest < 1n) bad(`lowest discernible value ${lowest} < 1`);
  if (highest < 2n * lowest) bad(`highest trackable value ${highest} < 2 × lowest ${lowest}`);
  // hdr-histogram-js writes the ratio as the integer 1 (the double 5e-324); Java writes 1.0.
  if (ratio !== 1 && dv.getBigInt64(32) !== 1n) bad(`integer-to-double ratio ${ratio}: a DoubleHistogram, not supported`);
  const end = HEADER_BYTES + payload;
  const counts: bigint[] = [];
  let p = HEADER_BYTES;
  while (p < end) {
    // LEB128, at most 9 bytes; the ninth carries a full 8 bits
    let u = 0n, shift = 0n, i = 0;
    for (;;) {
      if (p >= end) bad("payload ends inside a LEB128 word");
      const b = raw[p++];
      if (i === 8) {
        u |= BigInt(b) << shift;
        break;
      }
      u |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
      i++;
    }
    const v = (u >> 1n) ^ -(u & 1n);
    if (v < 0n) {
      if (counts.length - Number(v) > MAX_DECODED_ENTRIES) bad("zero run overruns the largest counts array");
      for (let k = 0n; k > v; k--) counts.push(0n);
    } else {
      if (counts.length >= MAX_DECODED_ENTRIES) bad("more counts than the largest counts array");
      counts.push(v);
    }
  }
  return { lowest, highest, digits, counts: BigInt64Array.from(counts) };
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[B64.charCodeAt(i)] = i;
  return t;
})();

/** Standard base64 with padding (RFC 4648 §4). */
export function toBase64(bytes: Uint8Array): string {
  let s = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
    s += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : "=") + "=";
  }
  return s;
}

/**
 * Strict base64 (RFC 4648 §4; whitespace anywhere ignored, as in wrapped text; padding optional):
 * throws `corrupt-encoding` for any other character, a misplaced '=', or a length that is 1 mod 4.
 */
export function fromBase64(text: string): Uint8Array {
  const s = text.replace(/\s+/g, "").replace(/=+$/, "");
  if (s.length % 4 === 1) bad("base64 length is not a whole number of bytes (truncated?)");
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let acc = 0, bits = 0, o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) bad(`character ${JSON.stringify(s[i])} at ${i} is not base64`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
