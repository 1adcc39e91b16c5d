// The public API, independent of how the core is loaded (see mod.ts and mod.module.ts).
export { LeapTable, type Leap, type LookupOptions, type TableOptions } from "./leap/table.ts";
export { detectLeapFormat, type LeapFileFormat, type ParseOptions } from "./leap/parse.ts";
export { formatUtc, parseUtc, type FormatOptions } from "./time/rfc3339.ts";
export type { UtcFields } from "./time/civil.ts";
export {
  GPS_EPOCH_TAI_NS,
  gpsToTai,
  gpsWeek,
  NS_PER_WEEK,
  type PtpTimestamp,
  ptpToTai,
  tai64nToTai,
  taiToGps,
  taiToPtp,
  taiToTai64n,
} from "./time/scales.ts";
export * from "./constants.ts";
export {
  BadLineError,
  ClockmathError,
  type ErrorCode,
  ExpiredError,
  HashMismatchError,
  InvalidArgumentError,
  NotALeapSecondError,
  NotMonotonicError,
  OutOfRangeError,
} from "./errors.ts";
export { initCore } from "./core/loader.ts";
