// Types of hostile.mjs (plain JS so that the bench, which runs without a TS loader, shares it).
export interface HeaderFields {
  readonly payload?: number;
  readonly lowest?: bigint;
  readonly highest?: bigint;
  readonly digits?: number;
}
export function v2Header(h: HeaderFields & { readonly payload: number }): Uint8Array;
export function zeroRunBomb(run?: number): string;
export function inflateBomb(opts?: HeaderFields & { readonly mib?: number }): string;
export function redosText(n?: number): string;
