// A block of core memory with several owners, freed when the last lets go. A LeapTable and every
// SmearedClock built on it share the table's rows this way: disposing the table (or losing it to
// the garbage collector) never pulls the rows from under a clock that still reads them, and the
// clock needs no copy of them.
import { allocBlock, releaseBlock } from "./block.ts";
import { ClockmathError } from "../errors.ts";

export class SharedBlock {
  /** Address of the block (unsigned); valid while any owner holds it. */
  readonly ptr: number;
  #owners = 1;

  /** A new block of `bytes` bytes with one owner, the caller (see allocBlock for `what` and failure). */
  constructor(bytes: number, what: string) {
    this.ptr = allocBlock(bytes, what);
  }

  /** Adds an owner. Throws `internal` once the block was freed (a caller kept a dead handle). */
  retain(): void {
    if (this.#owners === 0) {
      throw new ClockmathError("internal", "a shared core block was used after its last owner released it");
    }
    this.#owners++;
  }

  /** Drops one owner; the last frees the block. Extra calls do nothing. */
  release(): void {
    if (this.#owners === 0) return;
    if (--this.#owners === 0) releaseBlock(this.ptr);
  }
}
