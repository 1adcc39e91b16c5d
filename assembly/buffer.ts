// One growable scratch region above the static data for batch calls. The shell copies inputs in,
// calls a *Batch function and copies results out; memory never shrinks, so a steady workload
// allocates nothing after its first call.

// The scratch region starts half a page past a 4 KiB boundary. Large JS typed arrays start at (or
// just past) a page boundary, and a memcpy between two regions whose addresses agree modulo 4096
// trips the CPU's 4K-aliasing stall: copying batch results out of a page-aligned scratch region
// measured 2.8 ns per i64 instead of 0.2 in V8 (Node 20; 64 KiB chunks into a new 8 MB array).
const SCRATCH_PAGE_OFFSET: usize = 2048;

let base: usize = 0;
let capacity: usize = 0;

/** Address of a scratch region of at least `bytes` bytes (grows linear memory when needed). */
export function scratch(bytes: usize): usize {
  if (base == 0) base = ((__heap_base + 4095) & ~<usize>4095) + SCRATCH_PAGE_OFFSET;
  if (bytes > capacity) {
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
