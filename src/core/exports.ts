/** The raw exports of the AssemblyScript core (assembly/index.ts). */
export interface CoreExports {
  memory: WebAssembly.Memory;
  // civil
  civilFieldsPtr(): number;
  civilFromUnix(unixNs: bigint): void;
  unixFromCivil(year: bigint, month: number, day: number, hour: number, minute: number, second: number, ns: bigint): bigint;
  daysFromCivil(year: bigint, month: number, day: number): bigint;
  // leap
  tablePtr(): number;
  setRows(n: number): void;
  rowAtUnix(u: bigint): number;
  rowAtTai(t: bigint): number;
  taiMinusUtc(u: bigint): bigint;
  unixToTai(u: bigint): bigint;
  taiToUnix(t: bigint): bigint;
  insertedOffset(t: bigint): bigint;
  switchTai(j: number): bigint;
  entryTai(j: number): bigint;
  /** 1 when some of the n i64 at p lies outside [lo, hi], else 0 (the batch forms' range check). */
  outsideRange(p: number, n: number, lo: bigint, hi: bigint): number;
  taiMinusUtcBatch(src: number, dst: number, n: number): void;
  unixToTaiBatch(src: number, dst: number, n: number): void;
  taiToUnixBatch(src: number, dst: number, n: number): void;
  // heap (assembly/heap.ts). The loader wraps alloc and scratch: the pointers they return are
  // unsigned (addresses above 2 GiB come out of wasm as negative i32), and scratch throws
  // `resource-exhausted` instead of returning 0.
  /** Address of the transient scratch region (>= bytes), valid until the next scratch or alloc. */
  scratch(bytes: number): number;
  /** A zeroed block of at least `bytes` bytes, 16-byte aligned; 0 when it does not fit under the limit. */
  alloc(bytes: number): number;
  /** Returns a block from alloc; 0 and blocks already free are ignored. */
  release(ptr: number): void;
  /** Ceiling of linear memory in 64 KiB pages (1 … 65536). */
  setMemoryLimitPages(pages: number): void;
  /** Bytes in used blocks (headers and the scratch region included). */
  heapLiveBytes(): number;
  /** 0 when the heap's invariants hold, else the number of the first broken one (tests). */
  heapCheck(): number;
  // deadline
  grpcUnitNs(unit: number): bigint;
  satAdd(a: bigint, b: bigint): bigint;
  satSub(a: bigint, b: bigint): bigint;
  grpcEncode(ns: bigint, up: number): bigint;
  grpcDecode(value: bigint, unit: number): bigint;
  msEncode(ns: bigint, up: number, maxMs: bigint): bigint;
  msDecode(ms: bigint): bigint;
  // smear
  smearTablePtr(): number;
  setSmearWindows(n: number, base: bigint): void;
  smearWindowAt(t: bigint): number;
  smearAt(t: bigint, s: bigint, w: bigint, l: bigint, d: bigint, off0: bigint, shape: bigint, p: bigint): bigint;
  smearFromTai(t: bigint): bigint;
  smearSample(from: bigint, to: bigint, n: number, dst: number): void;
  // drift (assembly/drift.ts, assembly/allan.ts)
  driftTCoef(dof: number): number;
  driftCriticalRuns(n: number): number;
  driftResultPtr(): number;
  driftScratchBytes(total: number): number;
  driftEstimate(ptr: number, total: number, n: number, minSamples: number, mode: number, precision: number): number;
  allanCount(): number;
  allanI64ToF64(src: number, dst: number, n: number): void;
  allanFreqToPhase(src: number, dst: number, n: number, tau0: number): void;
  allanFirstNonFinite(p: number, n: number): number;
  allanDev(p: number, n: number, m: number, tau0: number, kind: number, work: number): number;
  // jitter (histograms)
  histIndex(h: number, m: bigint): number;
  histValueFromIndex(h: number, i: number): bigint;
  histBucketSize(h: number, i: number): bigint;
  histReset(h: number): void;
  histRecord(h: number, v: bigint, c: bigint, overflow: number): number;
  histRecordMany(h: number, src: number, n: number, overflow: number): number;
  histRecordManyF64(h: number, src: number, n: number, overflow: number): number;
  histRecordStagedF64(h: number, src: number, n: number): number;
  histRecordCorrected(h: number, v: bigint, interval: bigint, overflow: number): number;
  histValueAtRank(h: number, k: bigint, lowest: number): bigint;
  histCountAtOrBelow(h: number, v: bigint): bigint;
  histAdd(h: number, o: number): void;
  histFromCounts(h: number): void;
}
