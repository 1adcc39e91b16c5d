// Synchronous zlib (RFC 1950) around DEFLATE (RFC 1951), for HdrHistogram's compressed encoding.
// CompressionStream is asynchronous only, and the library has no runtime dependencies, so both
// directions live here: a complete inflater (stored, fixed and dynamic Huffman blocks) and a
// deflater that emits one fixed-Huffman block with LZ77 matches (any valid stream decodes in
// HdrHistogram, Java's Inflater, node:zlib and pako alike).
import { CorruptEncodingError } from "../errors.ts";

/** Thrown for every malformed zlib stream; `code` "corrupt-encoding". */
function corrupt(why: string): never {
  throw new CorruptEncodingError(`zlib: ${why}`);
}

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CLEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const MAX_BITS = 15;

/** Adler-32 of bytes (RFC 1950 §8.2). */
export function adler32(data: Uint8Array): number {
  let a = 1, b = 0;
  for (let i = 0; i < data.length;) {
    const end = Math.min(i + 5552, data.length); // largest run before the sums can pass 2^32
    for (; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A canonical Huffman code as counts per length and symbols in code order (puff's form). */
interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
}

function huffman(lengths: ArrayLike<number>, n: number, what: string): Huffman {
  const count = new Uint16Array(MAX_BITS + 1);
  for (let s = 0; s < n; s++) count[lengths[s]]++;
  let left = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left = left * 2 - count[len];
    if (left < 0) corrupt(`over-subscribed ${what} code`);
  }
  const offs = new Uint16Array(MAX_BITS + 1);
  for (let len = 1; len < MAX_BITS; len++) offs[len + 1] = offs[len] + count[len];
  const symbol = new Uint16Array(n);
  for (let s = 0; s < n; s++) if (lengths[s] !== 0) symbol[offs[lengths[s]]++] = s;
  return { count, symbol };
}

const FIXED_LIT = (() => {
  const l = new Uint8Array(288);
  l.fill(8, 0, 144);
  l.fill(9, 144, 256);
  l.fill(7, 256, 280);
  l.fill(8, 280, 288);
  return huffman(l, 288, "literal");
})();
const FIXED_DIST = huffman(new Uint8Array(30).fill(5), 30, "distance");

class BitReader {
  pos: number;
  bitBuf = 0;
  bitCnt = 0;
  constructor(readonly data: Uint8Array, start: number, readonly end: number) {
    this.pos = start;
  }
  bits(n: number): number {
    let v = this.bitBuf;
    while (this.bitCnt < n) {
      if (this.pos >= this.end) corrupt("stream ends inside a block");
      v |= this.data[this.pos++] << this.bitCnt;
      this.bitCnt += 8;
    }
    this.bitBuf = v >>> n;
    this.bitCnt -= n;
    return v & ((1 << n) - 1);
  }
  decode(h: Huffman): number {
    let code = 0, first = 0, index = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= this.bits(1);
      const c = h.count[len];
      if (code - c < first) return h.symbol[index + (code - first)];
      index += c;
      first = (first + c) << 1;
      code <<= 1;
    }
    return corrupt("invalid Huffman code");
  }
}

class Output {
  buf: Uint8Array;
  n = 0;
  constructor(hint: number, readonly limit: number) {
    this.buf = new Uint8Array(Math.max(64, Math.min(hint, limit)));
  }
  room(k: number): void {
    if (this.n + k > this.limit) corrupt(`inflated size exceeds the limit of ${this.limit} bytes`);
    if (this.n + k <= this.buf.length) return;
    const b = new Uint8Array(Math.min(this.limit, Math.max(this.buf.length * 2, this.n + k)));
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }
}

/**
 * Inflates a zlib stream (header, DEFLATE blocks, Adler-32). Throws `corrupt-encoding` for a bad
 * header, a preset dictionary, any malformed block, a truncated stream or a checksum mismatch.
 * `maxOutput` bounds the inflated size (default 256 MiB), so a hostile input cannot exhaust memory.
 */
export function inflateZlib(data: Uint8Array, maxOutput = 256 * 1024 * 1024): Uint8Array {
  if (data.length < 6) corrupt("stream shorter than a zlib header and checksum");
  const cmf = data[0], flg = data[1];
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7) corrupt("not a deflate stream (CM/CINFO)");
  if (((cmf << 8) | flg) % 31 !== 0) corrupt("header check bits (FCHECK) do not match");
  if (flg & 0x20) corrupt("preset dictionaries are not supported");
  const r = new BitReader(data, 2, data.length);
  const out = new Output(data.length * 4, maxOutput);
  let last = 0;
  while (!last) {
    last = r.bits(1);
    const type = r.bits(2);
    if (type === 0) stored(r, out);
    else if (type === 1) codes(r, out, FIXED_LIT, FIXED_DIST);
    else if (type === 2) dynamic(r, out);
    else corrupt("reserved block type 3");
  }
  // the checksum starts at the next byte boundary
  if (r.pos + 4 > data.length) corrupt("stream ends before its Adler-32 checksum");
  const want = ((data[r.pos] << 24) | (data[r.pos + 1] << 16) | (data[r.pos + 2] << 8) | data[r.pos + 3]) >>> 0;
  const result = out.buf.subarray(0, out.n);
  if (adler32(result) !== want) corrupt("Adler-32 checksum mismatch");
  return result.slice();
}

function stored(r: BitReader, out: Output): void {
  r.bitBuf = 0;
  r.bitCnt = 0;
  if (r.pos + 4 > r.end) corrupt("stream ends inside a stored block header");
  const d = r.data, p = r.pos;
  const len = d[p] | (d[p + 1] << 8), nlen = d[p + 2] | (d[p + 3] << 8);
  if (len !== (~nlen & 0xffff)) corrupt("stored block length does not match its complement");
  if (p + 4 + len > r.end) corrupt("stream ends inside a stored block");
  out.room(len);
  out.buf.set(d.subarray(p + 4, p + 4 + len), out.n);
  out.n += len;
  r.pos = p + 4 + len;
}

function codes(r: BitReader, out: Output, lit: Huffman, dist: Huffman): void {
  for (;;) {
    const sym = r.decode(lit);
    if (sym < 256) {
      out.room(1);
      out.buf[out.n++] = sym;
    } else if (sym === 256) {
      return;
    } else {
      const li = sym - 257;
      if (li >= 29) corrupt("invalid length symbol");
      const len = LEN_BASE[li] + r.bits(LEN_EXTRA[li]);
      const di = r.decode(dist);
      if (di >= 30) corrupt("invalid distance symbol");
      const d = DIST_BASE[di] + r.bits(DIST_EXTRA[di]);
      if (d > out.n) corrupt("distance reaches before the start of the output");
      out.room(len);
      const b = out.buf;
      for (let k = 0; k < len; k++, out.n++) b[out.n] = b[out.n - d];
    }
  }
}

function dynamic(r: BitReader, out: Output): void {
  const nlen = r.bits(5) + 257, ndist = r.bits(5) + 1, ncode = r.bits(4) + 4;
  if (nlen > 286 || ndist > 30) corrupt("too many length or distance codes");
  const lengths = new Uint8Array(320);
  for (let i = 0; i < ncode; i++) lengths[CLEN_ORDER[i]] = r.bits(3);
  const clen = huffman(lengths, 19, "code-length");
  lengths.fill(0);
  for (let i = 0; i < nlen + ndist;) {
    const sym = r.decode(clen);
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let rep = 0, len = 0;
    if (sym === 16) {
      if (i === 0) corrupt("repeat of a code length with none before it");
      len = lengths[i - 1];
      rep = 3 + r.bits(2);
    } else if (sym === 17) rep = 3 + r.bits(3);
    else rep = 11 + r.bits(7);
    if (i + rep > nlen + ndist) corrupt("code lengths overrun the table");
    while (rep--) lengths[i++] = len;
  }
  if (lengths[256] === 0) corrupt("no end-of-block code");
  const lit = huffman(lengths.subarray(0, nlen), nlen, "literal");
  const dist = huffman(lengths.subarray(nlen, nlen + ndist), ndist, "distance");
  codes(r, out, lit, dist);
}

// ---------------------------------------------------------------------------------------------
// Deflate: one fixed-Huffman block, greedy LZ77 over a 32 KiB window with short hash chains.

class BitWriter {
  buf: Uint8Array;
  n = 0;
  acc = 0;
  cnt = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }
  put(v: number, bits: number): void {
    this.acc |= v << this.cnt;
    this.cnt += bits;
    while (this.cnt >= 8) {
      if (this.n >= this.buf.length) {
        const b = new Uint8Array(this.buf.length * 2);
        b.set(this.buf);
        this.buf = b;
      }
      this.buf[this.n++] = this.acc & 0xff;
      this.acc >>>= 8;
      this.cnt -= 8;
    }
  }
  /** A Huffman code: written most significant bit first. */
  code(c: number, bits: number): void {
    let rev = 0;
    for (let i = 0; i < bits; i++) rev |= ((c >> i) & 1) << (bits - 1 - i);
    this.put(rev, bits);
  }
  flush(): void {
    if (this.cnt > 0) this.put(0, 8 - this.cnt);
  }
}

function putLiteral(w: BitWriter, sym: number): void {
  if (sym < 144) w.code(0x30 + sym, 8);
  else if (sym < 256) w.code(0x190 + sym - 144, 9);
  else if (sym < 280) w.code(sym - 256, 7);
  else w.code(0xc0 + sym - 280, 8);
}

function putMatch(w: BitWriter, len: number, dist: number): void {
  let li = 28;
  while (LEN_BASE[li] > len) li--;
  putLiteral(w, 257 + li);
  if (LEN_EXTRA[li]) w.put(len - LEN_BASE[li], LEN_EXTRA[li]);
  let di = 29;
  while (DIST_BASE[di] > dist) di--;
  w.code(di, 5);
  if (DIST_EXTRA[di]) w.put(dist - DIST_BASE[di], DIST_EXTRA[di]);
}

const WINDOW = 32768;
const MAX_MATCH = 258;
const CHAIN = 32;

/** Compresses bytes into a zlib stream (default-compression header 0x78 0x9c). */
export function deflateZlib(data: Uint8Array): Uint8Array {
  const w = new BitWriter(64 + data.length + (data.length >> 3));
  w.put(0x78, 8);
  w.put(0x9c, 8);
  w.put(1, 1); // BFINAL
  w.put(1, 2); // fixed Huffman
  const head = new Int32Array(1 << 15).fill(-1);
  const prev = new Int32Array(Math.max(1, data.length)).fill(-1);
  const hash = (i: number) => ((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) & 0x7fff;
  const insert = (i: number) => {
    if (i + 2 >= data.length) return;
    const k = hash(i);
    prev[i] = head[k];
    head[k] = i;
  };
  let i = 0;
  while (i < data.length) {
    let bestLen = 0, bestDist = 0;
    if (i + 2 < data.length) {
      const limit = Math.min(MAX_MATCH, data.length - i);
      let cand = head[hash(i)];
      for (let chain = 0; cand >= 0 && i - cand <= WINDOW && chain < CHAIN; chain++, cand = prev[cand]) {
        let l = 0;
        while (l < limit && data[cand + l] === data[i + l]) l++;
        if (l > bestLen) {
          bestLen = l;
          bestDist = i - cand;
          if (l === limit) break;
        }
      }
    }
    if (bestLen >= 3) {
      putMatch(w, bestLen, bestDist);
      for (let k = 0; k < bestLen; k++) insert(i + k);
      i += bestLen;
    } else {
      putLiteral(w, data[i]);
      insert(i);
      i++;
    }
  }
  putLiteral(w, 256);
  w.flush();
  const a = adler32(data);
  w.put((a >>> 24) & 0xff, 8);
  w.put((a >>> 16) & 0xff, 8);
  w.put((a >>> 8) & 0xff, 8);
  w.put(a & 0xff, 8);
  return w.buf.slice(0, w.n);
}
