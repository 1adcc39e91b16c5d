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
  taiMinusUtcBatch(src: number, dst: number, n: number): void;
  unixToTaiBatch(src: number, dst: number, n: number): void;
  taiToUnixBatch(src: number, dst: number, n: number): void;
  minMax(src: number, n: number, dst: number): void;
  // buffer
  scratch(bytes: number): number;
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
  // alloc
  alloc(bytes: number): number;
  release(ptr: number): void;
  heapTop(): number;
  scratchBase(): number;
  scratchCapacity(): number;
  // jitter (histograms)
  histIndex(h: number, m: bigint): number;
  histValueFromIndex(h: number, i: number): bigint;
  histBucketSize(h: number, i: number): bigint;
  histReset(h: number): void;
  histRecord(h: number, v: bigint, c: bigint, overflow: number): number;
  histRecordMany(h: number, src: number, n: number, overflow: number): number;
  histRecordManyF64(h: number, src: number, n: number, overflow: number): number;
  histRecordCorrected(h: number, v: bigint, interval: bigint, overflow: number): number;
  histValueAtRank(h: number, k: bigint, lowest: number): bigint;
  histCountAtOrBelow(h: number, v: bigint): bigint;
  histAdd(h: number, o: number): void;
  histFromCounts(h: number): void;
}
