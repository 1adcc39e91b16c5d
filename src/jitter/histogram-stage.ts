// Staging of single records: `LatencyHistogram.record` checks one value in JS and stages it; a
// JS → WebAssembly call per value costs more than the recording itself, so STAGE_CAPACITY staged
// values go to the core in one call (through its scratch region). Every read of the histogram
// records what is staged first, so staging is never observable.
import { type CoreExports, REC_OK } from "../core/exports.ts";
import { ClockmathError } from "../errors.ts";

/** Values staged per histogram (bigints and numbers apart) before one core call records them. */
export const STAGE_CAPACITY = 1024;
/** What the core's histRecordMany / histRecordStagedF64 return when every value was taken (assembly/jitter.ts). */
// The core's "every value taken" answer, as a local constant the hot path compares against.
const RECORDED_ALL = REC_OK;
/** Numbers at most this large in magnitude are converted by the core without checks (histRecordStagedF64). */
const STAGED_NUMBER_LIMIT = 2 ** 51 - 1;

// Views of STAGE_CAPACITY words of the core's scratch region, shared by all histograms and re-made
// only when linear memory or the region moved.
let scratchBuffer: ArrayBufferLike | undefined;
let scratchPtr = 0;
let scratchBigints: BigInt64Array = new BigInt64Array(0);
let scratchNumbers: Float64Array = new Float64Array(0);

/** The scratch region's address, with scratchBigints / scratchNumbers viewing it. */
function scratchForStage(c: CoreExports): number {
  const ptr = c.scratch(STAGE_CAPACITY * 8); // resource-exhausted past the core's memory limit
  if (ptr !== scratchPtr || c.memory.buffer !== scratchBuffer) {
    const buf = c.memory.buffer;
    scratchBuffer = buf;
    scratchPtr = ptr;
    scratchBigints = new BigInt64Array(buf, ptr, STAGE_CAPACITY);
    scratchNumbers = new Float64Array(buf, ptr, STAGE_CAPACITY);
  }
  return ptr;
}

/**
 * Records staged bigints (checked in range when staged: the core takes every one) into the
 * histogram block at `block`. `staged` holds exactly the values to record.
 */
export function recordStagedBigints(c: CoreExports, block: number, staged: BigInt64Array): void {
  const ptr = scratchForStage(c);
  scratchBigints.set(staged);
  if (c.histRecordMany(block, ptr, staged.length, 0) !== RECORDED_ALL) {
    throw new ClockmathError("internal", "a staged value was refused");
  }
}

/** Records staged numbers: whole, in range and within ±(2^51 − 1), as `numberStageBound` promises. */
export function recordStagedNumbers(c: CoreExports, block: number, staged: Float64Array): void {
  const ptr = scratchForStage(c);
  scratchNumbers.set(staged);
  if (c.histRecordStagedF64(block, ptr, staged.length) !== RECORDED_ALL) {
    throw new ClockmathError("internal", "a staged value was refused");
  }
}

/**
 * The bound of `record(number)`'s staging for a histogram tracking ±highest: the largest double
 * <= highest, and at most 2^51 − 1, where the core converts staged numbers without checks. A
 * whole number within ± the bound is in range, exactly; larger ones take the checked path.
 */
export function numberStageBound(highest: bigint): number {
  let n = Number(highest);
  if (BigInt(n) > highest) n -= 2 ** (Math.floor(Math.log2(n)) - 52); // one ulp down: Number() rounded up
  return Math.min(n, STAGED_NUMBER_LIMIT);
}
