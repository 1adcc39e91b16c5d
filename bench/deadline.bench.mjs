// Deadline benchmarks: grpc-timeout encode / decode per call (target ≤ 100 ns/call, the issue's
// bar), against a plain-BigInt reference of the same rule, and the millisecond headers.
// Run through bench/run.mjs (`npm run bench`, `node bench/run.mjs deadline`).
import {
  Deadline,
  decodeConnectTimeoutMs,
  decodeGrpcTimeout,
  encodeConnectTimeoutMs,
  encodeGrpcTimeout,
} from "../build/tsc/mod.js";
import { seededRandom } from "./harness.mjs";

const POOL = 1 << 12;
const MASK = POOL - 1;
const UNITS = [["n", 1n], ["u", 1_000n], ["m", 1_000_000n], ["S", 1_000_000_000n], ["M", 60_000_000_000n], [
  "H",
  3_600_000_000_000n,
]];

/** Deterministic durations, log-uniform from 1 ns to ~10^18 ns so every unit is exercised. */
function makeDurations(n, seed = 0xdead11e) {
  const rand = seededRandom(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const digits = 1 + Math.floor(rand() * 18);
    let v = 0n;
    for (let d = 0; d < digits; d++) v = v * 10n + BigInt(Math.floor(rand() * 10));
    out.push(v + 1n);
  }
  return out;
}

// Plain-BigInt reference of grpc-go's rule (ceil to the finest unit within 8 digits).
function refEncode(ns) {
  if (ns <= 0n) return "0n";
  for (const [u, size] of UNITS) {
    const q = (ns + size - 1n) / size;
    if (q <= 99_999_999n || u === "H") return `${q}${u}`;
  }
}
function refDecode(s) {
  if (!/^[0-9]{1,8}[HMSmun]$/.test(s)) throw new Error("malformed");
  const size = UNITS.find(([u]) => u === s[s.length - 1])[1];
  const v = BigInt(s.slice(0, -1)) * size;
  return v > 9_223_372_036_854_775_807n ? 9_223_372_036_854_775_807n : v;
}

export default async function (suite) {
  const ns = makeDurations(POOL);
  const headers = ns.map((x) => encodeGrpcTimeout(x));
  const msHeaders = ns.filter((x) => x >= 1_000_000n && x < 9_999_999_999n * 1_000_000n).map((x) =>
    encodeConnectTimeoutMs(x)
  );
  const msDur = ns.filter((x) => x >= 1_000_000n);
  for (let i = 0; i < POOL; i++) {
    if (refEncode(ns[i]) !== headers[i]) {
      throw new Error(`encode mismatch at ${ns[i]}: ${headers[i]} vs ${refEncode(ns[i])}`);
    }
  }
  let i = 0;
  suite.baseline("encodeGrpcTimeout");
  suite.add({
    name: "encodeGrpcTimeout",
    fn: () => encodeGrpcTimeout(ns[i++ & MASK]),
    target: { max: 100 },
    note: "up (grpc-go), 4096 durations 1 ns … 10^18 ns, every unit",
  });
  suite.add({
    name: "encodeGrpcTimeout down",
    fn: () => encodeGrpcTimeout(ns[i++ & MASK], { rounding: "down" }),
    target: { max: 100 },
  });
  suite.add({
    name: "decodeGrpcTimeout",
    fn: () => decodeGrpcTimeout(headers[i++ & MASK]),
    target: { max: 100 },
    note: "strict parse + saturating multiply in the core",
  });
  suite.add({ name: "reference encode (plain BigInt)", fn: () => refEncode(ns[i++ & MASK]) });
  suite.add({ name: "reference decode (regex + BigInt)", fn: () => refDecode(headers[i++ & MASK]) });
  const mm = msHeaders.length - 1;
  suite.add({
    name: "encodeConnectTimeoutMs",
    fn: () => encodeConnectTimeoutMs(msDur[i++ % msDur.length] % 9_999_999_999_000_000n + 1_000_000n),
  });
  suite.add({ name: "decodeConnectTimeoutMs", fn: () => decodeConnectTimeoutMs(msHeaders[i++ % mm]) });
  let t = 0n;
  const now = () => (t += 1_000n);
  const d = Deadline.after(3_600_000_000_000n, { now });
  suite.add({ name: "Deadline.remainingNs (fake clock)", fn: () => d.remainingNs() });
  const h = { "grpc-timeout": "1500m" };
  suite.add({ name: "Deadline.fromHeaders (object)", fn: () => Deadline.fromHeaders(h, { now }).monoNs });
  suite.note("targets from the issue: encode and decode ≤ 100 ns per call, same run");
}
