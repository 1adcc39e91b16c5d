// One growable scratch region above the static data for batch calls. The shell copies inputs in,
// calls a *Batch function and copies results out; memory never shrinks, so a steady workload
// allocates nothing after its first call. When it must grow it moves above the allocator's heap
// (alloc.ts): its contents are transient, so moving loses nothing.
import { heapTop } from "./alloc";

let base: usize = 0;
let capacity: usize = 0;

/** Address of a scratch region of at least `bytes` bytes (grows linear memory when needed). */
export function scratch(bytes: usize): usize {
  if (base == 0) base = (__heap_base + 15) & ~<usize>15;
  if (bytes > capacity) {
    const t = heapTop();
    if (t > base) base = (t + 15) & ~<usize>15;
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
