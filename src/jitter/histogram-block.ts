// The core memory of one LatencyHistogram: a block (core/block.ts) holding a header of i64 words
// (layout, totals, exact moments) and the two count arrays, laid out as assembly/jitter.ts reads
// them. This file allocates, views, grows and releases that block; it knows nothing of recording.
import { core } from "../core/loader.ts";
import { allocBlock, gcPressure, releaseBlock } from "../core/block.ts";
import { type CoreExports, HIST_HEADER } from "../core/exports.ts";
import type { Layout } from "./layout.ts";

// Header words (i64 each; the byte offsets of assembly/jitter.ts divided by 8). The first seven
// describe the layout and are written once per block; the rest are what recording changes.
const WORD_UNIT = 0, WORD_HALF_MAGNITUDE = 1, WORD_MASK = 2, WORD_LEADING_ZERO_BASE = 3, WORD_HALF = 4;
const WORD_LENGTH = 5, WORD_HIGHEST = 6;
/** Values recorded (i64). */
export const WORD_TOTAL_COUNT = 7;
/** Values recorded below zero. */
export const WORD_NEGATIVE_COUNT = 8;
/** Smallest and largest value recorded (meaningless while the total is 0). */
export const WORD_MIN = 9, WORD_MAX = 10;
/** Σv as a signed 128-bit integer: low and high word. */
export const WORD_SUM_LOW = 11, WORD_SUM_HIGH = 12;
/** Σv² as an unsigned 192-bit integer, least significant word first. */
export const WORD_SQUARES_0 = 13, WORD_SQUARES_1 = 14, WORD_SQUARES_2 = 15;
/** Out-of-range values counted under outOfRange "count". */
export const WORD_OVERFLOW_COUNT = 16;
/** Header size; the count arrays start right after it. */
export const HEADER_BYTES = HIST_HEADER;
export const HEADER_WORDS = HEADER_BYTES / 8;

/** Releases the block of a histogram that was garbage-collected undisposed. */
const registry: FinalizationRegistry<{ ptr: number }> | undefined = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry((cell) => {
    releaseBlock(cell.ptr);
    cell.ptr = 0;
  })
  : undefined;

/**
 * One histogram's block in the core: `ptr` is its address (0 once released), `layout` the bucket
 * layout it was sized for. Owned by exactly one LatencyHistogram; released by `release()` or, when
 * the owner is collected undisposed, by a FinalizationRegistry.
 */
export class HistogramBlock {
  readonly core: CoreExports = core();
  /** Address of the block in core memory; 0 after release(). */
  ptr: number;
  layout: Layout;
  /** What the FinalizationRegistry releases: always the current ptr. */
  readonly #finalizerCell: { ptr: number };
  /** Makes the collector see the block's size (see gcPressure); dropped at release. */
  #gcWeight: ArrayBuffer | undefined;
  /** The header view, re-made when growing linear memory detached it (length 0) or the block moved. */
  #headerView: BigInt64Array;

  /** Allocates an empty block for `layout` (`resource-exhausted` past the core's memory limit). */
  constructor(layout: Layout) {
    this.layout = layout;
    this.ptr = this.#allocate(layout);
    this.#finalizerCell = { ptr: this.ptr };
    registry?.register(this, this.#finalizerCell, this);
    this.#headerView = this.#newHeaderView();
  }

  #allocate(l: Layout): number {
    const c = this.core;
    const bytes = HEADER_BYTES + 16 * l.len;
    const ptr = allocBlock(bytes, "a histogram");
    this.#gcWeight = gcPressure(bytes);
    const w = new BigInt64Array(c.memory.buffer, ptr, HEADER_WORDS);
    w[WORD_UNIT] = BigInt(l.unit);
    w[WORD_HALF_MAGNITUDE] = BigInt(l.halfMag);
    w[WORD_MASK] = l.mask;
    w[WORD_LEADING_ZERO_BASE] = BigInt(l.lzBase);
    w[WORD_HALF] = BigInt(l.half);
    w[WORD_LENGTH] = BigInt(l.len);
    w[WORD_HIGHEST] = l.highest;
    c.histReset(ptr);
    return ptr;
  }

  #newHeaderView(): BigInt64Array {
    return new BigInt64Array(this.core.memory.buffer, this.ptr, HEADER_WORDS);
  }

  /** The header words (a cached view; call again after anything that may grow the core's memory). */
  header(): BigInt64Array {
    if (this.#headerView.length === 0) this.#headerView = this.#newHeaderView();
    return this.#headerView;
  }

  /**
   * The count arrays [negative, reversed | non-negative], each layout.len long (a fresh view): the
   * count of negative magnitude index i is at len − 1 − i.
   */
  counts(): BigInt64Array {
    return new BigInt64Array(this.core.memory.buffer, this.ptr + HEADER_BYTES, 2 * this.layout.len);
  }

  /**
   * Moves everything into a new block for the wider `layout` (same lowest and digits: bucket i
   * keeps its meaning) and releases the old one. Allocates before releasing: on
   * `resource-exhausted` the histogram is unchanged.
   */
  grow(layout: Layout): void {
    const old = this.ptr, oldLen = this.layout.len;
    const ptr = this.#allocate(layout);
    const mem = this.core.memory.buffer;
    const src = new BigInt64Array(mem, old, HEADER_WORDS + 2 * oldLen);
    const dst = new BigInt64Array(mem, ptr, HEADER_WORDS + 2 * layout.len);
    dst.set(src.subarray(WORD_TOTAL_COUNT, WORD_OVERFLOW_COUNT + 1), WORD_TOTAL_COUNT);
    // the negative side is stored reversed, ending where the non-negative side starts
    dst.set(src.subarray(HEADER_WORDS, HEADER_WORDS + oldLen), HEADER_WORDS + layout.len - oldLen);
    dst.set(src.subarray(HEADER_WORDS + oldLen), HEADER_WORDS + layout.len);
    releaseBlock(old);
    this.ptr = ptr;
    this.#finalizerCell.ptr = ptr;
    this.layout = layout;
    this.#headerView = this.#newHeaderView();
  }

  /** Releases the block now (harmless twice); ptr becomes 0. */
  release(): void {
    if (this.ptr === 0) return;
    registry?.unregister(this);
    releaseBlock(this.ptr);
    this.ptr = 0;
    this.#finalizerCell.ptr = 0;
    this.#gcWeight = undefined;
  }
}
