// Arrays that live inside the core's WebAssembly memory, so batch forms run on them in place.
import { core } from "./loader.ts";
import { allocBlock, gcPressure, installDispose, releaseBlock } from "./block.ts";
import { checkInt } from "../check.ts";
import { InvalidArgumentError } from "../errors.ts";

/**
 * Longest CoreArray: 2^26 elements (512 MiB, half the core's default memory limit; see
 * setCoreMemoryLimit).
 */
export const MAX_CORE_ARRAY_LENGTH = 2 ** 26;

// Every view handed out, mapped to its array: a batch call can tell a stale view (memory grew
// since) from a foreign array, and an array stays alive (not released) while any view of it does.
const handedOut = new WeakMap<BigInt64Array, CoreArray>();
const disposedViews = new WeakSet<BigInt64Array>();
// Live blocks, address → bytes: a view over the core's memory must lie inside one of them (a
// subarray of a live view does; a view of a disposed array does not).
const live = new Map<number, number>();
// FinalizationRegistry is missing in some runtimes (workerd before compatibility date 2025-05-05):
// there arrays are released by dispose() only.
const registry: FinalizationRegistry<number> | undefined = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry<number>((ptr) => {
    live.delete(ptr);
    releaseBlock(ptr);
  })
  : undefined;

/**
 * An array of i64 (nanoseconds) inside clockmath's WebAssembly memory. The batch forms
 * (`LeapTable.taiMinusUtcMany` and friends) given one as input and another as `into` read and write
 * them where they are, without copying in and out: for a million instants that is ~0.5 ns of
 * ~4 ns per instant. Ordinary BigInt64Arrays work everywhere too; this is only the fast lane.
 *
 * `view` is a BigInt64Array over the memory, zeroed at construction. The memory may grow on any
 * later call into clockmath, and growing detaches every older view (the engine sets its length to
 * 0); the data stays, and `view` always returns a live one. Batch forms reject a stale view with
 * `invalid-argument` rather than treat it as empty.
 *
 * Call `dispose()` (or declare it with `using`) when done; an array no longer reachable (neither it
 * nor any of its views) is released when it is garbage-collected, later. Construction throws
 * `resource-exhausted` when the array does not fit under the core's memory limit.
 *
 * @example
 * const a = new CoreArray(1_000_000), b = new CoreArray(1_000_000);
 * a.view.set(myInstants);
 * table.taiMinusUtcMany(a.view, { into: b.view }); // no copies
 * a.dispose(); b.dispose();
 */
export class CoreArray {
  /** Number of i64 elements. */
  readonly length: number;
  #ptr: number;
  #view: BigInt64Array | undefined;
  /** Makes the collector see the block's size (see gcPressure); dropped at dispose. */
  #weight: ArrayBuffer | undefined;

  constructor(length: number) {
    this.length = checkInt(length, 0, MAX_CORE_ARRAY_LENGTH, "length");
    const ptr = allocBlock(Math.max(length, 1) * 8, `CoreArray(${length})`);
    this.#ptr = ptr;
    this.#weight = gcPressure(Math.max(length, 1) * 8);
    live.set(ptr, length * 8);
    registry?.register(this, ptr, this);
  }

  /** A live BigInt64Array over the elements (re-created after the memory grew). */
  get view(): BigInt64Array {
    if (this.#ptr === 0) throw new InvalidArgumentError("this CoreArray was disposed");
    const buf = core().memory.buffer;
    if (this.#view === undefined || this.#view.buffer !== buf) {
      this.#view = new BigInt64Array(buf, this.#ptr, this.length);
      handedOut.set(this.#view, this);
    }
    return this.#view;
  }

  /**
   * Returns the memory to the core now. Using `view` afterwards throws; disposing twice does nothing.
   * `[Symbol.dispose]` is the same method (for `using`).
   */
  dispose(): void {
    if (this.#ptr === 0) return;
    registry?.unregister(this);
    live.delete(this.#ptr);
    releaseBlock(this.#ptr);
    if (this.#view !== undefined) disposedViews.add(this.#view);
    this.#ptr = 0;
    this.#view = undefined;
    this.#weight = undefined;
  }
}

// `using a = new CoreArray(n)` disposes at the end of the scope, where Symbol.dispose exists.
export interface CoreArray extends Disposable {}
installDispose(CoreArray.prototype);

/**
 * Whether `a` is a live view into the core's memory (the batch fast lane). Throws for a view of a
 * disposed CoreArray, and for one handed out before the memory grew (its data is still there,
 * under a fresh `view`).
 */
export function isCoreView(a: BigInt64Array, name: string): boolean {
  if (a.buffer === core().memory.buffer) {
    if (disposedViews.has(a)) throw new InvalidArgumentError(`${name} is a view of a disposed CoreArray`);
    for (const [ptr, bytes] of live) {
      if (a.byteOffset >= ptr && a.byteOffset + a.byteLength <= ptr + bytes) return true;
    }
    throw new InvalidArgumentError(`${name} is a view of a disposed CoreArray`);
  }
  if (handedOut.has(a)) {
    throw new InvalidArgumentError(
      `${name} is a stale CoreArray view: clockmath's memory grew since; take coreArray.view again`,
    );
  }
  return false;
}
