// A tiny allocator for data that must outlive one call (histogram counts), beside the transient
// scratch region of buffer.ts. Blocks come in power-of-two size classes (64 B … 2^31 B) with a
// 16-byte header holding the class; released blocks go to their class's free list and are reused
// before the bump pointer moves. Memory never shrinks. The bump pointer steps over the scratch
// region, and scratch moves above the heap when it grows (see buffer.ts), so the two never overlap.
import { scratchBase, scratchCapacity } from "./buffer";

const HEADER: usize = 16;
const MIN_CLASS: i32 = 6; // 64 bytes
const MAX_CLASS: i32 = 31;

const freeLists = memory.data(8 * 32); // head pointer (usize as u64) per class
let top: usize = 0;

// @ts-ignore: decorator
@inline
function align16(p: usize): usize {
  return (p + 15) & ~<usize>15;
}

/** End of the allocator's heap (0 before the first allocation). */
export function heapTop(): usize {
  return top;
}

function ensure(end: usize): bool {
  const have = <usize>memory.size() << 16;
  if (end <= have) return true;
  const pages = <i32>((end - have + 0xffff) >>> 16);
  return memory.grow(pages) >= 0;
}

/**
 * Address of a zeroed block of at least `bytes` bytes, 16-byte aligned, or 0 when memory cannot
 * grow (or bytes > 2^31 − 16). Linear memory may grow: views of it must be re-created after.
 */
export function alloc(bytes: usize): usize {
  const need = bytes + HEADER;
  let cls = MIN_CLASS;
  while (cls <= MAX_CLASS && (<usize>1 << <usize>cls) < need) cls++;
  if (cls > MAX_CLASS) return 0;
  const size = <usize>1 << <usize>cls;
  const head = freeLists + (<usize>cls << 3);
  let block = <usize>load<u64>(head);
  if (block != 0) {
    store<u64>(head, load<u64>(block, 8)); // next free block of the class
  } else {
    if (top == 0) top = align16(__heap_base);
    let p = top;
    const sb = scratchBase(), se = sb + scratchCapacity();
    if (sb != 0 && p < se && p + size > sb) p = align16(se);
    if (!ensure(p + size)) return 0;
    top = p + size;
    block = p;
  }
  store<u64>(block, <u64>cls);
  memory.fill(block + HEADER, 0, size - HEADER);
  return block + HEADER;
}

/** Returns a block from `alloc` to its size class. Releasing 0 does nothing. */
export function release(ptr: usize): void {
  if (ptr == 0) return;
  const block = ptr - HEADER;
  const cls = <usize>load<u64>(block);
  const head = freeLists + (cls << 3);
  store<u64>(block + 8, load<u64>(head));
  store<u64>(head, <u64>block);
}
