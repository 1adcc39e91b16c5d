// One growable scratch region above the static data for batch calls. The shell copies inputs in,
// calls a *Batch function and copies results out; memory never shrinks, so a steady workload
// allocates nothing after its first call. When it must grow it moves above the allocator's heap
// (alloc.ts): its contents are transient, so moving loses nothing.
import { heapTop } from "./alloc";

// The scratch region starts half a page past a 4 KiB boundary. Large JS typed arrays start at (or
// just past) a page boundary, and a memcpy between two regions whose addresses agree modulo 4096
// trips the CPU's 4K-aliasing stall: copying batch results out of a page-aligned scratch region
// measured 2.8 ns per i64 instead of 0.2 in V8 (Node 20; 64 KiB chunks into a new 8 MB array).
const SCRATCH_PAGE_OFFSET: usize = 2048;

let base: usize = 0;
let capacity: usize = 0;

/** Address of a scratch region of at least `bytes` bytes (grows linear memory when needed). */
export function scratch(bytes: usize): usize {
  if (base == 0) base = offPage(__heap_base);
  if (bytes > capacity) {
    const t = heapTop();
    if (t > base) base = offPage(t);
    const end = base + bytes;
    const have = <usize>memory.size() << 16;
    if (end > have) {
      const pages = <i32>((end - have + 0xffff) >>> 16);
      if (memory.grow(pages) < 0) return 0;
    }
    capacity = bytes;
  }
  return base;
}

/** Start of the scratch region (0 before its first use). */
export function scratchBase(): usize {
  return base;
}

/** Bytes reserved for the scratch region at scratchBase. */
export function scratchCapacity(): usize {
  return capacity;
}

// The first address at or above p that lies SCRATCH_PAGE_OFFSET past a 4 KiB boundary.
function offPage(p: usize): usize {
  return ((p + 4095) & ~<usize>4095) + SCRATCH_PAGE_OFFSET;
}
