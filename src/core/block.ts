// Owned blocks of the core's memory: the one place the shell asks the core for memory that
// outlives a call. Every owning object (LeapTable, SmearedClock, LatencyHistogram, CoreArray)
// allocates through here, so the pointer convention and the failure mode are the same for all.
import { core, coreMemoryLimit } from "./loader.ts";
import { ResourceExhaustedError } from "../errors.ts";

/** Largest block the core's allocator can serve (4 GiB of wasm32 memory less its static data). */
export const MAX_BLOCK_BYTES = 0xffff_0000;

/**
 * Address of a zeroed, 16-byte aligned block of at least `bytes` bytes (an integer in
 * [0, MAX_BLOCK_BYTES]) in the core's memory, as an unsigned number (wasm32 addresses above 2 GiB
 * come back from the core as negative i32). Throws `resource-exhausted` when the block does not
 * fit under the core's memory limit (setCoreMemoryLimit); nothing else changes then. The caller
 * owns the block until it passes it to `releaseBlock`, exactly once.
 */
export function allocBlock(bytes: number, what: string): number {
  if (!Number.isInteger(bytes) || bytes < 0 || bytes > MAX_BLOCK_BYTES) {
    throw new ResourceExhaustedError(`cannot allocate ${bytes} bytes of WebAssembly memory for ${what}`);
  }
  const ptr = core().alloc(bytes) >>> 0;
  if (ptr === 0) {
    throw new ResourceExhaustedError(
      `cannot allocate ${bytes} bytes of WebAssembly memory for ${what}: the core's memory limit is reached ` +
        "(dispose objects no longer needed, or raise it with setCoreMemoryLimit)",
    );
  }
  return ptr;
}

/** Returns a block from `allocBlock` to the core. Releasing 0 does nothing. */
export function releaseBlock(ptr: number): void {
  if (ptr !== 0) core().release(ptr);
}

/**
 * A JS ArrayBuffer that stands for `bytes` of core memory in the garbage collector's eyes, for an
 * owner to hold until it is disposed, or undefined where no FinalizationRegistry releases blocks.
 *
 * Why: engines do not count WebAssembly memory as memory pressure, so an object holding a 530 KB
 * histogram looks like a few hundred bytes to the collector; without this, 1e5 histograms created
 * and dropped with a yield every 100 outran the collector and hit the 1 GiB limit at ~20 000 (V8,
 * Node 20). ArrayBuffers are counted (as external memory), and a buffer that is never written costs
 * little resident memory. Measured (scripts/core-memory-churn.mjs, same loop, default limit): with
 * a buffer of 1/4 of each block, the live core memory peaked at ~330 MB; 1/8: ~520 MB; 1/16: ~740
 * MB. The share is chosen so that the peak stays near a third of the limit: 2^28 / limit (1/4 at
 * the default), between 1/16 and 1, and at most 32 MiB per object.
 */
export function gcPressure(bytes: number): ArrayBuffer | undefined {
  if (typeof FinalizationRegistry !== "function") return undefined;
  const share = Math.min(1, Math.max(1 / 16, 2 ** 28 / coreMemoryLimit()));
  try {
    return new ArrayBuffer(Math.min(Math.ceil(bytes * share), MAX_PRESSURE_BYTES));
  } catch {
    return undefined; // an engine short of memory refuses the buffer (RangeError): the block still works
  }
}

/** Largest gcPressure buffer: a few large CoreArrays need no more to be noticed. */
const MAX_PRESSURE_BYTES = 32 * 2 ** 20;

/**
 * Adds `[Symbol.dispose]` (the `using` declaration's hook) as an alias of `dispose` to a class's
 * prototype, where the runtime has Symbol.dispose (a computed class member would be named
 * "undefined" elsewhere).
 */
export function installDispose(proto: { dispose(): void }): void {
  const s = (Symbol as { dispose?: symbol }).dispose;
  if (typeof s === "symbol") {
    Object.defineProperty(proto, s, { value: proto.dispose, writable: true, configurable: true });
  }
}
