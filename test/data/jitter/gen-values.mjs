// Writes the shared data set (values.txt) that test/data/jitter/HdrReference.java read once to
// produce java-reference.json. Deterministic: xorshift32 with a fixed seed.
import { writeFileSync } from "node:fs";
let x = 0x9e3779b9;
const rnd = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 2 ** 32; };
const out = [];
for (let i = 0; i < 10000; i++) {
  const r = rnd();
  let v;
  if (r < 0.6) v = 50 + Math.floor(rnd() * 2000);            // timer fired ~on time
  else if (r < 0.95) v = Math.floor(10 ** (4 + 2 * rnd()));  // 10 µs … 1 ms
  else if (r < 0.999) v = Math.floor(10 ** (6 + 2 * rnd())); // 1 ms … 100 ms
  else v = Math.floor(10 ** (8 + 2 * rnd()));                // 0.1 s … 10 s
  out.push(v);
}
const corrected = [];
for (let i = 0; i < 200; i++) corrected.push(i % 37 === 0 ? 5_000_000 + i * 1000 : 900_000 + i * 7);
writeFileSync(new URL("values.txt", import.meta.url), out.join("\n") + "\n");
writeFileSync(new URL("corrected-values.txt", import.meta.url), corrected.join("\n") + "\n");
