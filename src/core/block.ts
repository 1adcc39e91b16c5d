// Owned blocks of the core's memory: the one place the shell asks the core for memory that
// outlives a call. Every owning object (LeapTable, SmearedClock, LatencyHistogram, CoreArray)
// allocates through here, so the pointer convention and the failure mode are the same for all.
import { core } from "./loader.ts";
import { ResourceExhaustedError } from "../errors.ts";

/**
 * Address of a zeroed block of at least `bytes` bytes in the core's memory, as an unsigned number
 * (wasm32 addresses above 2 GiB come back from the core as negative i32). Throws
 * `resource-exhausted` when the core cannot provide it; nothing else changes then.
 */
export function allocBlock(bytes: number, what: string): number {
  const ptr = core().alloc(bytes) >>> 0;
  if (ptr === 0) {
    throw new ResourceExhaustedError(`cannot allocate ${bytes} bytes of WebAssembly memory for ${what}`);
  }
  return ptr;
}

/** Returns a block from `allocBlock` to the core. Releasing 0 does nothing. */
export function releaseBlock(ptr: number): void {
  if (ptr !== 0) core().release(ptr);
}
