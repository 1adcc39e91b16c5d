// Between a LatencyHistogram's count arrays and HdrHistogram's compressed base64 (src/jitter/hdr.ts
// does the format): one side of the signed counts out as a plain histogram, and decoded halves in.
import { I64_MAX } from "../check.ts";
import { CorruptEncodingError, IncompatibleHistogramError, InvalidArgumentError } from "../errors.ts";
import { countsEnd, type DecodedCounts, decodeText, encodeText } from "./hdr.ts";
import type { Layout } from "./layout.ts";

/** The two halves of a histogram with negative values, each a plain HdrHistogram. */
export interface SplitEncoding {
  /** The magnitudes |v| of the negative values. */
  readonly negative: string;
  /** The values v >= 0. */
  readonly nonNegative: string;
}

/** Which half of the signed counts: the magnitudes of the negative values, or the values >= 0. */
export type Side = "negative" | "nonNegative";

/**
 * One side of `counts` (a histogram's [negative reversed | non-negative] arrays, layout.len each)
 * as HdrHistogram compressed base64 of (lowest, highest, digits).
 */
export function encodeSide(
  layout: Layout,
  counts: BigInt64Array,
  side: Side,
  lowest: bigint,
  highest: bigint,
  digits: number,
): string {
  const arr = side === "nonNegative" ? counts.subarray(layout.len) : counts.slice(0, layout.len).reverse();
  return encodeText(lowest, highest, digits, arr, countsEnd(arr));
}

/**
 * The decoded halves of `text`: a base64 string is the non-negative half alone; a SplitEncoding
 * gives both, which must share lowest and digits (`incompatible-histogram`) and together hold at
 * most 2^63 − 1 values (`corrupt-encoding`). Anything else: `invalid-argument`.
 */
export function decodeHalves(
  text: string | SplitEncoding,
): { nonNegative: DecodedCounts; negative: DecodedCounts | undefined } {
  if (typeof text === "string") return { nonNegative: decodeText(text), negative: undefined };
  if (
    typeof text !== "object" || text === null || typeof text.negative !== "string" ||
    typeof text.nonNegative !== "string"
  ) {
    throw new InvalidArgumentError("decode takes a base64 string or { negative, nonNegative }");
  }
  const negative = decodeText(text.negative);
  const nonNegative = decodeText(text.nonNegative);
  if (negative.lowest !== nonNegative.lowest || negative.digits !== nonNegative.digits) {
    throw new IncompatibleHistogramError("the two halves have different precision");
  }
  if (negative.total > I64_MAX - nonNegative.total) {
    throw new CorruptEncodingError("HdrHistogram encoding: total count of the two halves above 2^63 − 1");
  }
  return { nonNegative, negative };
}

/**
 * Writes decoded halves into an empty histogram's count arrays (len per side). Every index is
 * below its half's layout (hdr.ts checked it), and the histogram's layout holds both.
 */
export function fillCounts(
  counts: BigInt64Array,
  len: number,
  nonNegative: DecodedCounts,
  negative: DecodedCounts | undefined,
): void {
  // the counts as uint32 halves (wasm memory is little-endian): no bigint per count
  const u32 = new Uint32Array(counts.buffer, counts.byteOffset, counts.length * 2);
  for (let k = 0; k < nonNegative.index.length; k++) {
    const at = 2 * (len + nonNegative.index[k]);
    u32[at] = nonNegative.countLo[k];
    u32[at + 1] = nonNegative.countHi[k];
  }
  // index 0 of the negative half holds magnitudes [1, 2^unit − 1] (its bucket starts at 0)
  if (negative) {
    for (let k = 0; k < negative.index.length; k++) {
      const at = 2 * (len - 1 - negative.index[k]);
      u32[at] = negative.countLo[k];
      u32[at + 1] = negative.countHi[k];
    }
  }
}
