// Types of leap-bigint.mjs (plain JS so that the bench, which runs without a TS loader, shares it).
export interface RefRow {
  readonly start: bigint;
  readonly offset: bigint;
  readonly root: bigint;
  readonly rate: bigint;
}
export const RATE_DEN: bigint;
export const REF_ROWS: readonly RefRow[];
export function floorDiv(a: bigint, b: bigint): bigint;
export function refRowAt(u: bigint, rows?: readonly RefRow[]): number;
export function refTaiMinusUtc(u: bigint, rows?: readonly RefRow[]): bigint;
export function refUnixToTai(u: bigint, rows?: readonly RefRow[]): bigint;
export function refTaiToUnix(t: bigint, rows?: readonly RefRow[]): bigint;
export function refInLeap(t: bigint, rows?: readonly RefRow[]): boolean;
