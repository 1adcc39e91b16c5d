// Hostile HdrHistogram inputs (issue 11, findings 4 and 5), built on the spot so the repository
// holds no large files: the tests (test/unit/jitter.hostile.test.ts) and the worst-case bench rows
// (bench/jitter.bench.mjs) share them. Plain JS so that the bench, which runs without a TS loader,
// can import it. Node only (node:zlib).
import { constants, deflateRawSync } from "node:zlib";

const V2_COOKIE = 0x1c849313;
const V2_COMPRESSED_COOKIE = 0x1c849314;
const MOD_ADLER = 65521;

/** The 40-byte V2 header (big-endian, integer histogram: ratio 1.0). */
export function v2Header({ payload, lowest = 1n, highest = 3_600_000_000_000n, digits = 3 }) {
  const h = new Uint8Array(40);
  const dv = new DataView(h.buffer);
  dv.setInt32(0, V2_COOKIE);
  dv.setInt32(4, payload);
  dv.setInt32(8, 0);
  dv.setInt32(12, digits);
  dv.setBigInt64(16, lowest);
  dv.setBigInt64(24, highest);
  dv.setFloat64(32, 1.0);
  return h;
}

function adlerOf(bytes, a = 1, b = 0) {
  for (const x of bytes) {
    a = (a + x) % MOD_ADLER;
    b = (b + a) % MOD_ADLER;
  }
  return [a, b];
}

/** Adler-32 state after n more zero bytes: a stays, b grows by n · a (mod 65521). */
function adlerZeros([a, b], n) {
  return [a, Number((BigInt(b) + BigInt(n) * BigInt(a)) % BigInt(MOD_ADLER))];
}

/** Base64 of the compressed form around a zlib stream. */
function compressedText(z) {
  const out = new Uint8Array(8 + z.length);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, V2_COMPRESSED_COOKIE);
  dv.setInt32(4, z.length);
  out.set(z, 8);
  return Buffer.from(out).toString("base64");
}

/** A whole zlib stream of `raw` (small inputs). */
function zlibOf(raw, tail = new Uint8Array(0), [a, b] = adlerOf(raw)) {
  const body = deflateRawSync(raw, { finishFlush: constants.Z_SYNC_FLUSH });
  const z = new Uint8Array(2 + body.length + tail.length + 4);
  z.set([0x78, 0x9c]);
  z.set(body, 2);
  z.set(tail, 2 + body.length);
  new DataView(z.buffer).setUint32(z.length - 4, ((b << 16) | a) >>> 0);
  return z;
}

/**
 * 64 characters whose one zero-run word claims 2^26 empty buckets before a count of 1, in a
 * 1-hour, 3-digit histogram (33 792 buckets). The old decoder pushed 2^26 zeros one by one
 * (12–36 s, 2.1 GB).
 */
export function zeroRunBomb(run = 2 ** 26) {
  const words = [];
  let u = 2 * run - 1; // ZigZag of −run
  while (u >= 0x80) {
    words.push((u & 0x7f) | 0x80);
    u = Math.floor(u / 128);
  }
  words.push(u, 0x02); // then a count of 1
  const raw = new Uint8Array([...v2Header({ payload: words.length }), ...words]);
  const z = new Uint8Array(deflateRawSync(raw)); // one final block
  const out = new Uint8Array(2 + z.length + 4);
  out.set([0x78, 0xda]);
  out.set(z, 2);
  const [a, b] = adlerOf(raw);
  new DataView(out.buffer).setUint32(out.length - 4, ((b << 16) | a) >>> 0);
  return compressedText(out);
}

let zeroMiB;
/** Raw deflate of 1 MiB of zero bytes, ending byte-aligned (a sync flush): copies concatenate. */
function zeroMiBBlock() {
  zeroMiB ??= new Uint8Array(
    deflateRawSync(new Uint8Array(1 << 20), { level: 9, finishFlush: constants.Z_SYNC_FLUSH }),
  );
  return zeroMiB;
}

/**
 * A header followed by `mib` MiB of zero bytes (each a count of 0: one bucket each), deflated:
 * ~1 KiB of stream per MiB, so the default 250 MiB is ~250 KB of stream, ~340 KB of text. The old
 * decoder inflated all of it (49 s, 2.5 GB). `header` defaults to a 1-hour 3-digit layout whose
 * stated payload is the honest length of what follows.
 */
export function inflateBomb({ mib = 250, ...header } = {}) {
  const n = mib * 2 ** 20;
  const head = v2Header({ payload: header.payload ?? n, ...header });
  const block = zeroMiBBlock();
  const tail = new Uint8Array(block.length * mib + 2);
  for (let i = 0; i < mib; i++) tail.set(block, i * block.length);
  tail.set([0x03, 0x00], block.length * mib); // an empty final block (fixed Huffman)
  return compressedText(zlibOf(head, tail, adlerZeros(adlerOf(head), n)));
}

/** Base64 text that backtracking padding regexes (/=+$/) choke on: n '=' then one letter. */
export function redosText(n = 300_000) {
  return "=".repeat(n) + "A";
}
