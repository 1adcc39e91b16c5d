// HdrHistogram's percentile distribution text (outputPercentileDistribution): the table of
// Value / Percentile / TotalCount / 1/(1-Percentile) at percentile levels that halve the remaining
// distance to 100% every `percentileTicksPerHalfDistance` rows, then the Mean / Max / Buckets
// footer, or the CSV form. The levels, the cumulative percentiles and the moments are computed
// with HdrHistogram's own double arithmetic in its order, so the text is the same byte for byte.
import { checkInt, checkOptions, show } from "../check.ts";
import { InvalidArgumentError, OutOfRangeError } from "../errors.ts";
import { LatencyHistogram } from "./histogram.ts";
import { layoutFor } from "./layout.ts";

/** Largest percentileTicksPerHalfDistance: the table has at most ~2 × ticks rows per halving (≤ 64 of them). */
export const MAX_PERCENTILE_TICKS = 1000;

/** Options of formatPercentileDistribution, named as HdrHistogram's outputPercentileDistribution names them. */
export interface PercentileDistributionOptions {
  /** Rows per halving of the distance to 100%, an integer in [1, 1000]; default 5 (HdrHistogram's). */
  readonly percentileTicksPerHalfDistance?: number;
  /** Values (ns) are divided by this before printing, a positive finite number; default 1 (1e6 prints ms). */
  readonly outputValueUnitScalingRatio?: number;
  /** HdrHistogram's CSV form: a quoted header row, no padding, "Infinity" on the 100% row, no footer. Default false. */
  readonly csv?: boolean;
}

const formatters = new Map<number, Intl.NumberFormat>();

/**
 * A double with exactly `digits` decimals, left-padded with spaces to `width` (Java's "%{width}.{digits}f"):
 * the shortest decimal that reads back as the same double, rounded half up (Intl/ICU, as
 * hdr-histogram-js prints; Java's Formatter also rounds those digits), no grouping, no exponent.
 */
function fixed(x: number, digits: number, width: number): string {
  let f = formatters.get(digits);
  if (f === undefined) {
    f = new Intl.NumberFormat("en-US", {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: false,
    });
    formatters.set(digits, f);
  }
  return f.format(x).padStart(width);
}

/** HdrHistogram's next percentile level: steps of 100 / (ticks · 2^(k+1)) in the k-th half of the rest. */
function nextLevel(level: number, ticks: number): number {
  return level + 100 / (ticks * 2 ** (Math.floor(Math.log2(100 / (100 - level))) + 1));
}

/**
 * The text HdrHistogram's `outputPercentileDistribution(ticks, ratio, csv)` prints for the same
 * counts: a row at each percentile level 0, then steps of 100/(2·ticks), 100/(4·ticks), … (each
 * halving of the distance to 100% gets `ticks` rows), showing the highest value equivalent to the
 * bucket where the cumulative count first reaches the level (a bucket can show for several levels),
 * its cumulative count, and 1/(1 − level); then a last row at 100% for the highest bucket. The
 * footer (text form only) has the mean and standard deviation of bucket midpoints ("median
 * equivalent values") accumulated in doubles as HdrHistogram does, Max = the highest value
 * equivalent to the highest non-empty bucket (Java's getMaxValue), the total count, and the
 * layout's bucket and sub-bucket counts (Java's bucketCount, subBucketCount). Values are divided
 * by outputValueUnitScalingRatio and printed with significantDigits decimals, rounded half up
 * from the shortest decimal form of the double (as hdr-histogram-js prints them). An empty
 * histogram prints the header and a footer of zeros. hdr-histogram-js differs in one place: its
 * decoded histograms' Max is 2^floor(log2 lowestDiscernible) − 1 above Java's (equal when the
 * lowest discernible value is 1); this prints Java's.
 *
 * HdrHistogram has no negative values, and its percentiles of a signed set would not mean what the
 * table claims: a histogram holding any negative value throws `out-of-range` (print the
 * non-negative side and the magnitudes of the negative side apart, e.g. from encodeSplit()).
 * Counts and values are exact bigints up to the conversion to doubles that HdrHistogram's
 * arithmetic itself makes (values above 2^53 print rounded to a double, as Java does).
 * Throws `invalid-argument` for a non-histogram or bad option types, `out-of-range` for ticks
 * outside [1, 1000] or a non-positive ratio.
 *
 * @example
 * formatPercentileDistribution(h, { outputValueUnitScalingRatio: 1e6 }); // ms, as HistogramLogProcessor
 */
export function formatPercentileDistribution(
  histogram: LatencyHistogram,
  options: PercentileDistributionOptions = {},
): string {
  if (!(histogram instanceof LatencyHistogram)) {
    throw new InvalidArgumentError(`formatPercentileDistribution takes a LatencyHistogram, got ${show(histogram)}`);
  }
  options = checkOptions(options, "options");
  const ticks = checkInt(
    options.percentileTicksPerHalfDistance ?? 5,
    1,
    MAX_PERCENTILE_TICKS,
    "percentileTicksPerHalfDistance",
  );
  const ratio = options.outputValueUnitScalingRatio ?? 1;
  if (typeof ratio !== "number") {
    throw new InvalidArgumentError(`outputValueUnitScalingRatio must be a number, got ${show(ratio)}`);
  }
  if (!(ratio > 0) || !Number.isFinite(ratio)) {
    throw new OutOfRangeError(`outputValueUnitScalingRatio = ${ratio} must be positive and finite`);
  }
  const csv = options.csv ?? false;
  if (typeof csv !== "boolean") throw new InvalidArgumentError(`csv must be a boolean, got ${show(csv)}`);

  const buckets = histogram.buckets();
  if (buckets.length > 0 && buckets[0].fromNs < 0n) {
    throw new OutOfRangeError(
      "formatPercentileDistribution: the histogram holds negative values, which HdrHistogram's percentile text cannot show",
    );
  }
  const digits = histogram.significantDigits;
  const total = buckets.reduce((s, b) => s + b.count, 0n);
  const totalD = Number(total);
  const out: string[] = [
    csv
      ? '"Value","Percentile","TotalCount","1/(1-Percentile)"\n'
      : "       Value     Percentile TotalCount 1/(1-Percentile)\n\n",
  ];
  const row = (valueNs: bigint, level: number, cum: bigint): void => {
    const v = Number(valueNs) / ratio, p = level / 100;
    if (csv) {
      out.push(
        `${fixed(v, digits, 0)},${fixed(p, 12, 0)},${cum},${level < 100 ? fixed(1 / (1 - p), 2, 0) : "Infinity"}\n`,
      );
    } else {
      out.push(
        `${fixed(v, digits, 12)} ${fixed(p, 12, 2)} ${String(cum).padStart(10)}${
          level < 100 ? ` ${fixed(1 / (1 - p), 2, 14)}` : ""
        }\n`,
      );
    }
  };
  // HdrHistogram's percentile iterator: a bucket shows for every level its cumulative percentile
  // reaches, until the cumulative count is the total; then one more row at exactly 100%
  let level = 0, cum = 0n;
  for (const b of buckets) {
    cum += b.count;
    const pct = (100 * Number(cum)) / totalD;
    while (pct >= level) {
      row(b.toNs, level, cum);
      level = nextLevel(level, ticks);
      if (cum === total) break;
    }
  }
  if (total > 0n) row(buckets[buckets.length - 1].toNs, 100, total);
  if (!csv) {
    // moments of bucket midpoints, summed in doubles in ascending order (HdrHistogram's getMean, getStdDeviation)
    let mean = 0, dev = 0;
    if (total > 0n) {
      let sum = 0;
      for (const b of buckets) sum += Number(b.fromNs + (b.toNs - b.fromNs + 1n) / 2n) * Number(b.count);
      mean = sum / totalD;
      for (const b of buckets) {
        const d = Number(b.fromNs + (b.toNs - b.fromNs + 1n) / 2n) - mean;
        dev += d * d * Number(b.count);
      }
      dev = Math.sqrt(dev / totalD);
    }
    const max = total > 0n ? Number(buckets[buckets.length - 1].toNs) : 0;
    const l = layoutFor(histogram.lowestDiscernibleNs, histogram.highestTrackableNs, digits);
    out.push(
      `#[Mean    = ${fixed(mean / ratio, digits, 12)}, StdDeviation   = ${fixed(dev / ratio, digits, 12)}]\n` +
        `#[Max     = ${fixed(max / ratio, digits, 12)}, Total count    = ${String(total).padStart(12)}]\n` +
        `#[Buckets = ${String(l.len / l.half - 1).padStart(12)}, SubBuckets     = ${
          String(2 * l.half).padStart(12)
        }]\n`,
    );
  }
  return out.join("");
}
