// The public API, independent of how the core is loaded (see mod.ts, and dist/mod.module.js written by
// scripts/build.mjs).
export {
  type BatchOptions,
  type Leap,
  LeapTable,
  type LookupOptions,
  MAX_LEAP_TABLE_ROWS,
  type TableOptions,
} from "./leap/table.ts";
export { detectLeapFormat, type LeapFileFormat, type ParseOptions } from "./leap/parse.ts";
export { type FormatOptions, formatUtc, parseUtc } from "./time/rfc3339.ts";
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
// Every error class, in one place (DESIGN.md: How are things named?).
export {
  AmbiguousReadingError,
  BadLineError,
  BadTzifError,
  ClockmathError,
  CorruptEncodingError,
  DeadlineExceededError,
  type ErrorCode,
  ExpiredError,
  HashMismatchError,
  IncompatibleHistogramError,
  InvalidArgumentError,
  type LeapSourceAttempt,
  MalformedHeaderError,
  NoLeapDataError,
  NonexistentReadingError,
  NotALeapSecondError,
  NotMonotonicError,
  OutOfRangeError,
  ResourceExhaustedError,
  UnsupportedRuntimeError,
} from "./errors.ts";
export { initCore } from "./core/loader.ts";
export { CoreArray, MAX_CORE_ARRAY_LENGTH } from "./core/array.ts";
export {
  coreMemory,
  type CoreMemoryStats,
  DEFAULT_CORE_MEMORY_LIMIT,
  MAX_CORE_MEMORY_LIMIT,
  MIN_CORE_MEMORY_LIMIT,
  setCoreMemoryLimit,
} from "./core/memory.ts";
export {
  CONNECT_TIMEOUT_MAX_MS,
  decodeConnectTimeoutMs,
  decodeEnvoyExpectedTimeoutMs,
  decodeGrpcTimeout,
  encodeConnectTimeoutMs,
  encodeEnvoyExpectedTimeoutMs,
  encodeGrpcTimeout,
  type EncodeOptions,
  ENVOY_TIMEOUT_MAX_MS,
  GRPC_TIMEOUT_UNIT_NS,
  GRPC_TIMEOUT_UNITS,
  type GrpcTimeoutEncoding,
  grpcTimeoutPrecisionLoss,
  type Rounding,
  type TimeoutHeader,
  timeoutHeaderFor,
  type TimeoutImplementation,
} from "./deadline/headers.ts";
export {
  defaultClock,
  defaultWallClock,
  type MonotonicClock,
  MonotonicGuard,
  type WallClock,
} from "./deadline/clock.ts";
export {
  type AtOptions,
  type ChildOptions,
  type ClockOptions,
  Deadline,
  type HeaderKind,
  type HeadersLike,
  type RemoteClockOptions,
  remoteToLocal,
  type SignalOptions,
  type TimerSource,
  type ToHeadersOptions,
} from "./deadline/deadline.ts";
export {
  analyzeTimeouts,
  type Hop,
  type HopBudget,
  type HopFormat,
  propagate,
  type StageAnalysis,
  type TimeoutAnalysis,
  type TimeoutStage,
} from "./deadline/chain.ts";
export {
  MAX_SMEAR_NS,
  SMEAR_MODELS,
  type SmearModel,
  type SmearModelName,
  type SmearSpec,
  type SmearWindow,
} from "./smear/models.ts";
export {
  type ClockComparison,
  compareClocks,
  MAX_SAMPLE_POINTS,
  type SampleOptions,
  type SecondShown,
  SmearedClock,
  type ToTaiOptions,
} from "./smear/clock.ts";
export {
  NTP_ERA_SECONDS,
  type NtpEraOptions,
  ntpExchange,
  type NtpExchangeResult,
  type NtpTimestamp,
  type NtpTimestamps,
  ntpToUnixNs,
  unixNsToNtp,
} from "./drift/ntp.ts";
export {
  ClockFilter,
  type ClockFilterOptions,
  type FilterOutput,
  type FilterSample,
  NTP_FILTER_STAGES,
  NTP_MAXDISP_NS,
  NTP_PHI,
  NTP_SGATE,
} from "./drift/filter.ts";
export { type SelectCandidate, type SelectResult, selectTruechimers } from "./drift/select.ts";
export {
  type DriftEstimate,
  type DriftSample,
  estimateDrift,
  type EstimateOptions,
  MAX_DRIFT_SAMPLES,
} from "./drift/estimate.ts";
export {
  ALLAN_KINDS,
  type AllanData,
  allanDeviation,
  type AllanKind,
  type AllanOptions,
  type AllanPoint,
  MAX_ALLAN_POINTS,
} from "./drift/allan.ts";
export {
  type ClockJump,
  type ClockPair,
  detectClockJumps,
  type DriftStretch,
  type JumpOptions,
  type JumpReport,
} from "./drift/jumps.ts";
export {
  type BadLine,
  type DriftLogFormat,
  type DriftLogRecord,
  type LogParseOptions,
  MAX_BAD_LINE_TEXT,
  MAX_KEPT_BAD_LINES,
  type ParsedDriftLog,
} from "./drift/logs/common.ts";
export { parseChronyMeasurements, parseChronyStatistics, parseChronyTracking } from "./drift/logs/chrony.ts";
export { parseNtpdLoopstats, parseNtpdPeerstats, parseNtpdRawstats } from "./drift/logs/ntpd.ts";
export { detectDriftLogFormat, DRIFT_LOG_FORMATS, type DriftLogOptions, parseDriftLog } from "./drift/logs/parse.ts";
export {
  type DriftLogSource,
  type DriftLogStream,
  type DriftLogStreamOptions,
  type DriftLogStreamSummary,
  parseDriftLogStream,
} from "./drift/logs/stream.ts";
export {
  DRIFT_COLUMN,
  type DriftLogColumns,
  type DriftLogColumnsOptions,
  type DriftLogColumnStream,
  parseDriftLogColumns,
} from "./drift/logs/columns.ts";
export {
  DEFAULT_HIGHEST_TRACKABLE_NS,
  type HistogramBucket,
  LatencyHistogram,
  type LatencyHistogramOptions,
  type OutOfRangePolicy,
  type PercentilePoint,
  type SplitEncoding,
} from "./jitter/histogram.ts";
export { MAX_SIGNIFICANT_DIGITS } from "./jitter/layout.ts";
export {
  formatIntervalLog,
  type FormatLogOptions,
  type IntervalLog,
  type IntervalLogEntry,
  parseIntervalLog,
} from "./jitter/log.ts";
export { type IntervalLogRecord, type IntervalLogStreamOptions, parseIntervalLogStream } from "./jitter/logstream.ts";
export type { TextChunkSource as IntervalLogSource } from "./jitter/lines.ts";
export {
  formatPercentileDistribution,
  MAX_PERCENTILE_TICKS,
  type PercentileDistributionOptions,
} from "./jitter/percentiles.ts";
export {
  type IntervalLogMergeOptions,
  type MergedHistogram,
  mergeHistograms,
  mergeIntervalLogs,
} from "./jitter/merge.ts";
export {
  availableTimerApis,
  bestClock,
  type ClockReport,
  MAX_PROBE_INTERVAL_NS,
  MAX_PROBE_SAMPLES,
  measureClockResolution,
  measureTimerJitter,
  type ProbeClock,
  TIMER_APIS,
  type TimerApi,
  type TimerJitterOptions,
  type TimerJitterResult,
  type TimerJitterSummary,
} from "./jitter/probe.ts";
// Leap data that stays current: TZif, system files, fetching, range answers past expiry, status.
export { readTzifLeaps, type TzifLeaps } from "./leap/tzif.ts";
export { MAX_LEAP_FILE_BYTES, SYSTEM_LEAP_PATHS, type SystemOptions } from "./leap/system.ts";
export {
  type FetchLatestOptions,
  type FetchLike,
  type FetchResponseLike,
  IANA_LEAP_SECONDS_URL,
  IERS_LEAP_SECONDS_URL,
  LEAP_SOURCES,
  type LeapSource,
  MAX_LEAP_RESPONSE_BYTES,
  TZ_GITHUB_LEAP_SECONDS_URL,
} from "./leap/fetch.ts";
export { LEAP_MONTHS, type LeapMonths, type NsRange, possibleLeapsBetween, type RangeOptions } from "./leap/range.ts";
export { DEFAULT_WARN_DAYS, type LeapTableState, type LeapTableStatus, type StatusOptions } from "./leap/status.ts";
export { DURATION_UNITS_NS, formatDuration, parseDuration } from "./time/duration.ts";
