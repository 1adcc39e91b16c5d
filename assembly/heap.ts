// The core's memory: one heap of owned blocks (alloc/release) that also holds the transient scratch
// region of the batch calls, so nothing else in the core moves memory or grows it.
//
// Allocator: two-level segregated fit (the TLSF scheme) with immediate coalescing. Every block
// starts with a 16-byte header; the payload follows it, so payloads are 16-byte aligned (the SIMD
// loops of jitter.ts load v128 from histogram counts and staged values):
//   +0  u32  block size in bytes (header included, a multiple of 16) | FREE in bit 0
//   +4  u32  address of the physically previous block (0 for the first)
//   +8  u32  next block in its free list       (free blocks only)
//   +12 u32  previous block in its free list   (free blocks only)
// Free blocks sit in one of FL_COUNT × SL_COUNT lists by size: first level log2(size), second
// level its next SL_BITS bits, so a list's blocks differ in size by less than 1/16 and a request
// rounded up to the next list is served by any block there, found with two bitmap scans. A
// released block merges with free neighbours at once, so freed memory serves later requests of
// any size. The heap ends in a used 16-byte sentinel header at the end of linear memory; growth
// turns the old sentinel into the start of a free block (merged with a free last block).
//
// Addresses are u32 and every sum that could pass 2^32 is computed in u64: linear memory may grow
// to the full 4 GiB of wasm32 (65536 pages), whose end address 2^32 itself does not fit in a u32.
// Growth stops at limitPages (set by the shell: setCoreMemoryLimit); past it alloc returns 0.

const HEADER: usize = 16;
/** Smallest block: a header and 16 bytes of payload. */
const MIN_BLOCK: usize = 32;
const FREE: u32 = 1;
const SL_BITS: u32 = 4;
const SL_COUNT: u32 = 1 << SL_BITS;
/** Sizes below this (256 bytes) map to first level 0, one list per 16 bytes. */
const SMALL_LIMIT: u64 = <u64>1 << (SL_BITS + 4);
/** First levels: 0 for small sizes, then one per power of two from 2^8 up to 2^31. */
const FL_COUNT: u32 = 25;
const MAX_PAGES: i32 = 65536;
/** Largest request alloc accepts: what a 4 GiB memory could hold after static data. */
const MAX_REQUEST: u64 = 0xffff_0000;

const heads = memory.data(<i32>(4 * FL_COUNT * SL_COUNT)); // first free block of each list
const slMaps = memory.data(<i32>(4 * FL_COUNT)); // per first level: which second levels are non-empty
let flMap: u32 = 0; // which first levels have a non-empty list

let first: usize = 0; // first block (0 before the heap is set up)
let sentinel: usize = 0; // the used header at the end of linear memory
let liveBytes: u64 = 0; // bytes of used blocks, headers included (the scratch block too)
let limitPages: i32 = MAX_PAGES;
// Memory from this address up to the sentinel has never been written since memory.grow made it
// (zero by the wasm spec), so alloc need not clear it: set by the grow() that served the last
// allocBlock, else ~0 (a 512 MiB CoreArray from fresh memory costs no fill and no resident pages).
let cleanFrom: usize = ~<usize>0;

// @ts-ignore: decorator
@inline
function sizeOf(b: usize): usize {
  return <usize>(load<u32>(b) & ~<u32>15);
}

// @ts-ignore: decorator
@inline
function isFree(b: usize): bool {
  return (load<u32>(b) & FREE) != 0;
}

// @ts-ignore: decorator
@inline
function prevPhys(b: usize): usize {
  return <usize>load<u32>(b, 4);
}

// @ts-ignore: decorator
@inline
function setPrevPhys(b: usize, p: usize): void {
  store<u32>(b, <u32>p, 4);
}

// @ts-ignore: decorator
@inline
function listHead(fl: u32, sl: u32): usize {
  return heads + ((<usize>(fl * SL_COUNT + sl)) << 2);
}

/** First level of a free block's size (rounded down: the block serves every size of its list). */
// @ts-ignore: decorator
@inline
function flOf(size: u64): u32 {
  return size < SMALL_LIMIT ? 0 : <u32>(63 - clz<u64>(size)) - (SL_BITS + 3);
}

// @ts-ignore: decorator
@inline
function slOf(size: u64): u32 {
  if (size < SMALL_LIMIT) return <u32>(size >> 4);
  const fls = <u64>(63 - clz<u64>(size));
  return <u32>(size >> (fls - <u64>SL_BITS)) & (SL_COUNT - 1);
}

function insert(b: usize): void {
  const size = <u64>sizeOf(b);
  const fl = flOf(size), sl = slOf(size);
  const h = listHead(fl, sl);
  const next = <usize>load<u32>(h);
  store<u32>(b, <u32>next, 8);
  store<u32>(b, 0, 12);
  if (next != 0) store<u32>(next, <u32>b, 12);
  store<u32>(h, <u32>b);
  flMap |= <u32>1 << fl;
  const m = slMaps + (<usize>fl << 2);
  store<u32>(m, load<u32>(m) | (<u32>1 << sl));
}

function unlink(b: usize): void {
  const size = <u64>sizeOf(b);
  const fl = flOf(size), sl = slOf(size);
  const next = <usize>load<u32>(b, 8), prev = <usize>load<u32>(b, 12);
  if (next != 0) store<u32>(next, <u32>prev, 12);
  if (prev != 0) {
    store<u32>(prev, <u32>next, 8);
    return;
  }
  store<u32>(listHead(fl, sl), <u32>next);
  if (next == 0) {
    const m = slMaps + (<usize>fl << 2);
    const left = load<u32>(m) & ~(<u32>1 << sl);
    store<u32>(m, left);
    if (left == 0) flMap &= ~(<u32>1 << fl);
  }
}

/** Blocks of need's own list that take() looks at before it grows the memory. */
const EXACT_SCAN: i32 = 64;

/**
 * A free block of at least `need` bytes from the lists (unlinked), or 0. First any block of the
 * next list up (each fits), then the first fitting one of need's own list: a block freed by an
 * object of the same size sits there, and reusing it keeps a create/drop workload from growing.
 */
function take(need: u64): usize {
  let size = need;
  if (size >= SMALL_LIMIT) size += (<u64>1 << (<u64>(63 - clz<u64>(size)) - <u64>SL_BITS)) - 1; // next list up
  if (size >= <u64>1 << 32) return takeExact(need);
  let fl = flOf(size), sl = slOf(size);
  let slm = load<u32>(slMaps + (<usize>fl << 2)) & (~<u32>0 << sl);
  if (slm == 0) {
    const flm = fl + 1 < 32 ? flMap & (~<u32>0 << (fl + 1)) : 0;
    if (flm == 0) return takeExact(need);
    fl = ctz<u32>(flm);
    slm = load<u32>(slMaps + (<usize>fl << 2));
  }
  sl = ctz<u32>(slm);
  const b = <usize>load<u32>(listHead(fl, sl));
  unlink(b);
  return b;
}

function takeExact(need: u64): usize {
  let b = <usize>load<u32>(listHead(flOf(need), slOf(need)));
  for (let i = 0; i < EXACT_SCAN && b != 0; i++) {
    if (<u64>sizeOf(b) >= need) {
      unlink(b);
      return b;
    }
    b = <usize>load<u32>(b, 8);
  }
  return 0;
}

/** Sets up the heap over the memory above the static data (growing it when that is too small). */
function setUp(): bool {
  const base = (__heap_base + 15) & ~<usize>15;
  let end = <u64>memory.size() << 16;
  if (end < <u64>base + <u64>(MIN_BLOCK + HEADER)) {
    if (memory.size() + 1 > limitPages || memory.grow(1) < 0) return false;
    end = <u64>memory.size() << 16;
  }
  first = base;
  sentinel = <usize>(end - <u64>HEADER);
  store<u32>(first, <u32>(sentinel - first) | FREE);
  setPrevPhys(first, 0);
  store<u32>(sentinel, <u32>HEADER);
  setPrevPhys(sentinel, first);
  insert(first);
  return true;
}

/**
 * Grows linear memory so that a free block of at least `need` bytes ends at the new sentinel, and
 * returns that block (unlinked), or 0 when the memory would pass limitPages or 4 GiB.
 */
function grow(need: u64): usize {
  const last = prevPhys(sentinel);
  const trailing: u64 = isFree(last) ? <u64>sizeOf(last) : 0;
  if (trailing >= need) { // possible: take() skips fitting blocks of need's list after EXACT_SCAN
    unlink(last);
    return last;
  }
  const pages = <i32>((need - trailing + 0xffff) >> 16);
  const before = memory.size();
  if (<i64>before + <i64>pages > <i64>limitPages || memory.grow(pages) < 0) return 0;
  const newEnd = <u64>memory.size() << 16;
  const oldSentinel = sentinel;
  sentinel = <usize>(newEnd - <u64>HEADER);
  store<u32>(sentinel, <u32>HEADER);
  let b = oldSentinel; // the old sentinel header starts the new free block; its prevPhys is `last`
  let size = sentinel - oldSentinel;
  if (trailing != 0) {
    unlink(last);
    b = last;
    size += <usize>trailing;
  }
  store<u32>(b, <u32>size | FREE);
  setPrevPhys(sentinel, b);
  cleanFrom = oldSentinel + HEADER; // b's header and the old sentinel's were written; the rest is new
  return b;
}

/** Cuts block b (free, unlinked) to `need` bytes when the rest makes a block; the rest goes free. */
function split(b: usize, need: usize): void {
  const size = sizeOf(b);
  if (size - need < MIN_BLOCK) return;
  const rest = b + need;
  store<u32>(rest, <u32>(size - need) | FREE);
  setPrevPhys(rest, b);
  setPrevPhys(b + size, rest);
  store<u32>(b, <u32>need | FREE);
  insert(rest);
}

// The scratch region: one used block, replaced by a larger one when a call needs more.
let scratchBlock: usize = 0;
let scratchStart: usize = 0;
let scratchBytes: usize = 0;

/** A used block of at least `bytes` payload bytes (not zeroed), or 0. */
function allocBlock(bytes: usize, mayDropScratch: bool): usize {
  if (<u64>bytes > MAX_REQUEST) return 0;
  if (first == 0 && !setUp()) return 0;
  const need = ((<u64>bytes + 15) & ~<u64>15) + <u64>HEADER;
  const want = need < <u64>MIN_BLOCK ? <u64>MIN_BLOCK : need;
  cleanFrom = ~<usize>0;
  let b = take(want);
  if (b == 0) b = grow(want);
  if (b == 0 && mayDropScratch && scratchBlock != 0) {
    // Scratch contents live for one call only: give the block back and try once more.
    dropScratch();
    b = take(want);
    if (b == 0) b = grow(want);
  }
  if (b == 0) return 0;
  split(b, <usize>want);
  store<u32>(b, load<u32>(b) & ~FREE);
  liveBytes += <u64>sizeOf(b);
  return b + HEADER;
}

function dropScratch(): void {
  const s = scratchBlock;
  scratchBlock = scratchStart = scratchBytes = 0;
  release(s);
}

/**
 * Address of a zeroed block of at least `bytes` bytes, 16-byte aligned, owned by the caller until
 * release. 0 when it does not fit under the memory limit (nothing changed then, except that an
 * unused scratch region may have been given back). Linear memory may grow: views of it must be
 * re-created after any call.
 */
export function alloc(bytes: usize): usize {
  const p = allocBlock(bytes, true);
  if (p == 0) return 0;
  const end = <u64>p + ((<u64>bytes + 15) & ~<u64>15);
  const dirtyEnd = end < <u64>cleanFrom ? end : <u64>cleanFrom;
  if (dirtyEnd > <u64>p) memory.fill(p, 0, <usize>(dirtyEnd - <u64>p));
  return p;
}

/** Returns a block from `alloc` to the heap. Releasing 0, or a block already free, does nothing. */
export function release(ptr: usize): void {
  if (ptr < first + HEADER || ptr >= sentinel) return;
  let b = ptr - HEADER;
  if (isFree(b)) return;
  let size = sizeOf(b);
  liveBytes -= <u64>size;
  const next = b + size;
  if (isFree(next)) {
    unlink(next);
    size += sizeOf(next);
  }
  const prev = prevPhys(b);
  if (prev != 0 && isFree(prev)) {
    unlink(prev);
    size += sizeOf(prev);
    b = prev;
  }
  store<u32>(b, <u32>size | FREE);
  setPrevPhys(b + size, b);
  insert(b);
}

// The scratch region starts half a page past a 4 KiB boundary. Large JS typed arrays start at (or
// just past) a page boundary, and a memcpy between two regions whose addresses agree modulo 4096
// trips the CPU's 4K-aliasing stall: copying batch results out of a page-aligned scratch region
// measured 2.8 ns per i64 instead of 0.2 in V8 (Node 20; 64 KiB chunks into a new 8 MB array).
const SCRATCH_PAGE_OFFSET: usize = 2048;

/**
 * Address of the scratch region, at least `bytes` bytes (contents undefined), or 0 when it does
 * not fit under the memory limit. The region is transient: it stays valid until the next call of
 * scratch or alloc. It only grows, so a steady workload allocates nothing after its first call.
 */
export function scratch(bytes: usize): usize {
  if (scratchBlock != 0 && bytes <= scratchBytes) return scratchStart;
  if (<u64>bytes > MAX_REQUEST - 4096) return 0;
  if (scratchBlock != 0) dropScratch();
  const p = allocBlock(bytes + 4096, false);
  if (p == 0) return 0;
  scratchBlock = p;
  scratchStart = p + ((SCRATCH_PAGE_OFFSET - p) & 4095);
  scratchBytes = bytes;
  return scratchStart;
}

/** Sets the ceiling of linear memory in 64 KiB pages (1 … 65536); growth past it fails. */
export function setMemoryLimitPages(pages: i32): void {
  limitPages = pages < 1 ? 1 : pages > MAX_PAGES ? MAX_PAGES : pages;
}

/** Bytes in used blocks, headers and the scratch region included (an f64: it may reach 2^32). */
export function heapLiveBytes(): f64 {
  return <f64>liveBytes;
}

/**
 * Walks the heap and checks its invariants; 0 when they hold, else a code naming the first
 * broken one (tests run it after every step of the model-based test).
 */
export function heapCheck(): i32 {
  if (first == 0) return 0;
  let b = first, prev: usize = 0, used: u64 = 0, prevFree = false, freeCount = 0;
  while (b != sentinel) {
    if (b > sentinel || (b & 15) != 0) return 1; // a block runs past the end, or misaligned
    const size = sizeOf(b);
    if (size < MIN_BLOCK) return 2;
    if (prevPhys(b) != prev) return 3;
    const free = isFree(b);
    if (free && prevFree) return 4; // two free neighbours: not coalesced
    if (free) freeCount++;
    else used += <u64>size;
    prevFree = free;
    prev = b;
    b += size;
  }
  if (prevPhys(sentinel) != prev) return 3;
  if (used != liveBytes) return 5;
  if (<u64>sentinel + <u64>HEADER != <u64>memory.size() << 16) return 6;
  // every list holds free blocks of its own size class, and the bitmaps match the lists
  let listed = 0;
  for (let fl: u32 = 0; fl < FL_COUNT; fl++) {
    const slm = load<u32>(slMaps + (<usize>fl << 2));
    if (((flMap >> fl) & 1) != (slm != 0 ? 1 : 0)) return 7;
    for (let sl: u32 = 0; sl < SL_COUNT; sl++) {
      let f = <usize>load<u32>(listHead(fl, sl));
      if (((slm >> sl) & 1) != (f != 0 ? 1 : 0)) return 7;
      let back: usize = 0;
      while (f != 0) {
        if (!isFree(f) || flOf(<u64>sizeOf(f)) != fl || slOf(<u64>sizeOf(f)) != sl) return 8;
        if (<usize>load<u32>(f, 12) != back) return 9;
        if (++listed > freeCount) return 10;
        back = f;
        f = <usize>load<u32>(f, 8);
      }
    }
  }
  return listed == freeCount ? 0 : 10;
}
