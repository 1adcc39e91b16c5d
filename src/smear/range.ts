// Honest smeared readings past a table's expiry (SmearedClock.fromTaiRange): a future leap second
// the table cannot know about would shift the reading by up to one second once its smear window
// has begun, in either direction.
import { checkI64, checkOptions } from "../check.ts";
import { NS_PER_SECOND } from "../constants.ts";
import { checkMonths, leapInstantsBetween, type NsRange, type RangeOptions } from "../leap/range.ts";
import { MAX_SMEAR_NS } from "./models.ts";
import type { SmearedClock } from "./clock.ts";

// How long before its leap instant a window of the clock's model begins, per clock (windows of one
// model all have the same shape; a clock with no window yet assumes the longest any model has).
const leads = new WeakMap<SmearedClock, bigint>();

function leadOf(clock: SmearedClock): bigint {
  let lead = leads.get(clock);
  if (lead === undefined) {
    lead = 0n;
    for (const w of clock.windows()) if (w.leapTaiNs - w.startTaiNs > lead) lead = w.leapTaiNs - w.startTaiNs;
    if (clock.windows().length === 0) lead = MAX_SMEAR_NS;
    leads.set(clock, lead);
  }
  return lead;
}

/**
 * Bounds on what `clock` reads at TAI ns `taiNs` when leap seconds after the table's expiry are
 * unknown. r is the reading from the table as it stands (`fromTai`; for a strict table past its
 * expiry, the table's lenient Linux count, since the table holds no leap there). Each possible leap
 * instant E ≥ expiresUnixNs (month ends per `options.months`, see `LeapMonths`) whose smear window may have
 * begun by then (E − lead ≤ r + shift, lead = how long before its leap the model's window opens)
 * widens the bounds by one second each way. Equal bounds while no such window can have begun.
 */
export function smearedReadingRange(clock: SmearedClock, taiNs: bigint, options?: RangeOptions): NsRange {
  checkI64(taiNs, "taiNs");
  const months = checkMonths(checkOptions(options, "options").months);
  const table = clock.table;
  const exp = table.expiresUnixNs;
  let r: bigint;
  if (table.strict && exp !== undefined && table.taiToUnix(taiNs, { strict: false }) >= exp) {
    r = table.taiToUnix(taiNs, { strict: false });
  } else {
    r = clock.fromTai(taiNs);
  }
  if (exp === undefined) return { minNs: r, maxNs: r };
  const reach = r + leadOf(clock);
  // The reading may already be shifted by up to k seconds; one refinement covers that shift.
  const k0 = leapInstantsBetween(exp, reach, months);
  const k = BigInt(k0 === 0 ? 0 : leapInstantsBetween(exp, reach + BigInt(k0) * NS_PER_SECOND, months)) * NS_PER_SECOND;
  return { minNs: r - k, maxNs: r + k };
}
