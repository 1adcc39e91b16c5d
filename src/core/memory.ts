// The public knobs of the core's memory: its ceiling and a snapshot of its use.
import { applyCoreMemoryLimit, coreMemoryLimit, DEFAULT_CORE_MEMORY_LIMIT, loadedCore } from "./loader.ts";
import { InvalidArgumentError, OutOfRangeError } from "../errors.ts";

export { DEFAULT_CORE_MEMORY_LIMIT };

/** Smallest ceiling setCoreMemoryLimit accepts: 1 MiB (16 pages of 64 KiB). */
export const MIN_CORE_MEMORY_LIMIT = 2 ** 20;
/** Largest: 4 GiB, all that wasm32 can address. */
export const MAX_CORE_MEMORY_LIMIT = 2 ** 32;

/** A snapshot of the core's memory, in bytes. */
export interface CoreMemoryStats {
  /** The ceiling of linear memory (setCoreMemoryLimit), rounded down to whole 64 KiB pages. */
  readonly limitBytes: number;
  /** Size of linear memory now (0 before the core is loaded). It never shrinks. */
  readonly memoryBytes: number;
  /**
   * Bytes in live blocks: objects not yet disposed or collected, plus the batch calls' scratch
   * region and 16 bytes of header per block (0 before the core is loaded).
   */
  readonly liveBytes: number;
}

/**
 * Sets the ceiling of clockmath's WebAssembly memory, in bytes: an integer in [2^20, 2^32]
 * (1 MiB … 4 GiB), rounded down to whole 64 KiB pages; the default is DEFAULT_CORE_MEMORY_LIMIT
 * (1 GiB). Memory grows on demand up to the ceiling; an object or batch call that would need more
 * throws `resource-exhausted` and changes nothing, and works again once other objects are disposed
 * or garbage-collected. Linear memory never shrinks: a ceiling below its current size stops further
 * growth but frees nothing. Applies to the one core shared by the whole process (or worker).
 *
 * @example
 * setCoreMemoryLimit(256 * 2 ** 20); // a small container: fail at 256 MiB instead of growing on
 */
export function setCoreMemoryLimit(bytes: number): void {
  if (typeof bytes !== "number" || !Number.isInteger(bytes)) {
    throw new InvalidArgumentError(
      `setCoreMemoryLimit takes an integer number of bytes, got ${typeof bytes === "number" ? bytes : typeof bytes}`,
    );
  }
  if (bytes < MIN_CORE_MEMORY_LIMIT || bytes > MAX_CORE_MEMORY_LIMIT) {
    throw new OutOfRangeError(`core memory limit = ${bytes} bytes is outside [2^20, 2^32]`);
  }
  applyCoreMemoryLimit(bytes);
}

/** The ceiling, the size of linear memory and the bytes in live blocks (see CoreMemoryStats). */
export function coreMemory(): CoreMemoryStats {
  const c = loadedCore();
  return {
    limitBytes: Math.floor(coreMemoryLimit() / 65536) * 65536,
    memoryBytes: c === undefined ? 0 : c.memory.buffer.byteLength,
    liveBytes: c === undefined ? 0 : c.heapLiveBytes(),
  };
}
