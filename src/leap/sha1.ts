// SHA-1 (FIPS 180-4), synchronous: the leap-seconds.list checksum must verify without awaiting
// crypto.subtle, in every runtime. Only ever fed a few hundred ASCII bytes.

/** The five 32-bit words of SHA-1 over the ASCII string `text`. */
export function sha1Words(text: string): Uint32Array {
  const bytes = new Uint8Array(((text.length + 8) >> 6) * 64 + 64);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  bytes[text.length] = 0x80;
  const blocks = ((text.length + 8) >> 6) + 1;
  const view = new DataView(bytes.buffer);
  const bits = text.length * 8;
  view.setUint32(blocks * 64 - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(blocks * 64 - 4, bits >>> 0);
  const h = new Uint32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);
  const w = new Uint32Array(80);
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(b * 64 + i * 4);
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
      w[i] = (x << 1) | (x >>> 31);
    }
    let [a, bb, c, d, e] = h;
    for (let i = 0; i < 80; i++) {
      let f: number, k: number;
      if (i < 20) { f = (bb & c) | (~bb & d); k = 0x5a827999; }
      else if (i < 40) { f = bb ^ c ^ d; k = 0x6ed9eba1; }
      else if (i < 60) { f = (bb & c) | (bb & d) | (c & d); k = 0x8f1bbcdc; }
      else { f = bb ^ c ^ d; k = 0xca62c1d6; }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) >>> 0;
      e = d; d = c; c = (bb << 30) | (bb >>> 2); bb = a; a = t;
    }
    h[0] += a; h[1] += bb; h[2] += c; h[3] += d; h[4] += e;
  }
  return h;
}

/** SHA-1 as 40 lowercase hex digits. */
export function sha1Hex(text: string): string {
  return Array.from(sha1Words(text), (x) => x.toString(16).padStart(8, "0")).join("");
}
