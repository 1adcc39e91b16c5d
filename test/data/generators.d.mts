export function xorshift32(seed: number): () => number;
export function timerLatencies(rnd: () => number, n: number): number[];
export function logUniform(rnd: () => number, n: number, fromExp: number, toExp: number): number[];
export function intervalLogText(
  encodings: readonly string[],
  lines: number,
  options?: { header?: readonly string[]; maxText?: string; eol?: string },
): string;
