// Base64 (RFC 4648 §4) through the platform's atob/btoa: synchronous and the same in Node ≥ 16,
// Deno, browsers and workerd, which all implement the WHATWG "forgiving-base64" algorithm (checked
// by test/unit/base64.test.ts against Node and by the runtime suites in Deno, Chromium and workerd).
// The one base64 of clockmath: HdrHistogram text (src/jitter/hdr.ts). (The inline core is hex: src/core/inline.ts.)
//
// What forgiving-base64 accepts: ASCII whitespace (tab, LF, FF, CR, space) anywhere, and either
// no padding or exactly the padding that completes the last group of four. It refuses any other
// character, a '=' anywhere else, and a length that is 1 mod 4 (a truncated byte). It scans the
// input once, without backtracking, so hostile text costs what its length costs.

/** Bytes per String.fromCharCode call in bytesToBase64 (well below every engine's argument limit). */
const CHUNK = 0x2000;

/**
 * The bytes of base64 `text`, or undefined when it is not base64 (see the rules above). The
 * trailing bits of a last partial group are ignored, as forgiving-base64 does.
 */
export function base64ToBytes(text: string): Uint8Array | undefined {
  let bin: string;
  try {
    bin = atob(text);
  } catch {
    return undefined; // a DOMException "InvalidCharacterError" in every runtime
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Standard padded base64 of `bytes`. */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return btoa(bin);
}
