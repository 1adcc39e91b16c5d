// Generates the sample logs in this directory (run once: node test/data/drift/generate.mjs).
// Synthetic data in the layouts chrony 4.x and ntpd 4.2.8 write (column formats from chrony's
// sourcestats.c / reference.c / ntp_core.c log format strings and its chrony.conf(5) `log`
// documentation; ntpd's monopt.html). A free-running clock 12.5 ppm fast with random-walk
// frequency wander and white measurement noise, seen by chronyd / ntpd every 64 s; chrony's banner
// repeats every 32 lines as it does in real files. Deterministic (Park–Miller LCG).
import { writeFileSync } from "node:fs";

const dir = new URL(".", import.meta.url);
let seed = 20261122;
const rnd = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
const gauss = () => Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
const e = (v, w = 10) => v.toExponential(3).replace(/e([+-])(\d)$/, "e$10$2").padStart(w);
const T0 = Date.UTC(2026, 10, 20, 22, 3, 16) / 1000;
const stamp = (s) => new Date(s * 1000).toISOString().slice(0, 19).replace("T", " ");
const mjd = (s) => Math.floor(s / 86400) + 40587;
const sod = (s) => (s % 86400).toFixed(3);

// clock model: offset (s, local − true) and frequency (fraction)
const N = 40;
const clock = [];
let off = 3.2e-4, freq = 12.5e-6;
for (let i = 0; i < N; i++) {
  const t = T0 + i * 64 + Math.floor(rnd() * 2);
  if (i > 0) { const dt = t - clock[i - 1].t; off += freq * dt; freq += 2e-9 * gauss(); }
  const delay = 2.2e-2 + 3e-3 * rnd() ** 3;
  clock.push({ t, off, freq, delay, meas: off + 40e-6 * gauss() + (delay - 2.2e-2) * 0.3 });
}

function banner(head) { return "=".repeat(head.length) + "\n" + head + "\n" + "=".repeat(head.length) + "\n"; }
function withBanners(head, lines) {
  let out = "";
  lines.forEach((l, i) => { if (i % 32 === 0) out += banner(head); out += l + "\n"; });
  return out;
}

const mHead = "   Date (UTC) Time     IP Address   L St 123 567 ABCD  LP RP Score    Offset  Peer del. Peer disp.  Root del. Root disp. Refid     MTxRx";
const mLines = clock.map((c) =>
  `${stamp(c.t)} ${"192.0.2.10".padEnd(15)} N  2 111 111 1111   6  6 ${(0.2 + rnd()).toFixed(2)} ${e(-c.meas)} ${e(c.delay)} ${e(1.6e-5 + rnd() * 2e-6)} ${e(1.53e-2)} ${e(3.4e-4 + rnd() * 1e-5)} C633640A 4B K K`);
// a second source, twice
mLines.splice(10, 0, `${stamp(clock[10].t - 1)} ${"198.51.100.7".padEnd(15)} N  1 111 111 1111   6  6 1.00 ${e(-clock[10].off + 3e-4)} ${e(4.1e-2)} ${e(2.1e-5)} ${e(0)} ${e(1.5e-5)} 47505300 4B K K`);
mLines.splice(30, 0, `${stamp(clock[29].t - 1)} ${"198.51.100.7".padEnd(15)} N  1 111 111 1111   6  6 1.00 ${e(-clock[29].off + 3e-4)} ${e(4.0e-2)} ${e(2.0e-5)} ${e(0)} ${e(1.5e-5)} 47505300 4B K K`);
writeFileSync(new URL("measurements.log", dir), withBanners(mHead, mLines));

const sHead = "   Date (UTC) Time     IP Address    Std dev'n Est offset  Offset sd  Diff freq   Est skew  Stress  Ns  Bs  Nr  Asym";
const sLines = clock.slice(3).map((c, k) => {
  const ns = Math.min(k + 4, 32);
  return `${stamp(c.t)} ${"192.0.2.10".padEnd(15)} ${e(4e-5 * (1 + 0.2 * rnd()))} ${e(c.off + 1e-5 * gauss())} ${e(1.5e-5 * (1 + rnd()))} ${e(c.freq + 3e-8 * gauss())} ${e(2e-7 / Math.sqrt(ns))} ${(rnd() * 0.9).toExponential(1).replace(/e([+-])(\d)$/, "e$10$2").padStart(7)} ${String(ns).padStart(3)} ${String(0).padStart(3)} ${String(Math.round(ns / 2)).padStart(3)}  0.00`;
});
writeFileSync(new URL("statistics.log", dir), withBanners(sHead, sLines));

const tHead = "   Date (UTC) Time     IP Address   St   Freq ppm   Skew ppm     Offset L Co  Offset sd Rem. corr. Root delay Root disp. Max. error";
const tLines = clock.map((c) =>
  `${stamp(c.t)} ${"192.0.2.10".padEnd(15)} 2 ${(-(c.freq * 1e6)).toFixed(3).padStart(10)} ${(0.05 + rnd() * 0.05).toFixed(3).padStart(10)} ${e(c.off - clock[0].off - (c.t - clock[0].t) * 12.5e-6)} N  1 ${e(9e-6 + rnd() * 4e-6)} ${e(1e-7 * gauss())} ${e(3.7e-2)} ${e(4.2e-4)} ${e(2.3e-2)}`);
writeFileSync(new URL("tracking.log", dir), withBanners(tHead, tLines));

const pLines = clock.map((c) =>
  `${mjd(c.t)} ${sod(c.t)} 192.0.2.10 9614 ${(-c.meas).toFixed(9)} ${c.delay.toFixed(9)} ${(1.9e-3 + rnd() * 2e-4).toFixed(9)} ${(4e-5 + rnd() * 1e-5).toFixed(9)}`);
writeFileSync(new URL("peerstats", dir), pLines.join("\n") + "\n");

const lLines = clock.map((c) =>
  `${mjd(c.t)} ${sod(c.t)} ${(-(c.off - clock[0].off - (c.t - clock[0].t) * 12.5e-6)).toFixed(9)} ${(-(c.freq * 1e6)).toFixed(6)} ${(3e-5 + rnd() * 1e-5).toFixed(9)} ${(0.002 + rnd() * 0.003).toFixed(6)} 6`);
writeFileSync(new URL("loopstats", dir), lLines.join("\n") + "\n");

// rawstats: client timestamps on the local clock (era 0 NTP seconds with 9 decimals), server true
const NTP = 2208988800;
const ntp = (s) => { const w = Math.floor(s); return `${w + NTP}.${String(Math.round((s - w) * 1e9)).padStart(9, "0")}`; };
const rLines = clock.slice(0, 20).map((c) => {
  const d1 = c.delay / 2 + 2e-5 * gauss(), d2 = c.delay / 2 + 2e-5 * gauss();
  const tTrue = c.t + 0.123456789; // client transmit, true time
  const t1 = tTrue + c.off, t2 = tTrue + d1, t3 = t2 + 2.5e-5, t4 = t3 + d2 + c.off + c.freq * (d1 + d2);
  return `${mjd(c.t)} ${sod(c.t)} 192.0.2.10 192.168.1.5 ${ntp(t1)} ${ntp(t2)} ${ntp(t3)} ${ntp(t4)} 0 4 4 2 6 -23 0.015335 0.000343 C633640A`;
});
writeFileSync(new URL("rawstats", dir), rLines.join("\n") + "\n");
