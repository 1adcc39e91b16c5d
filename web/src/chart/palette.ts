// Series colours and dash patterns of <cm-chart>: an Okabe–Ito / Tol–style hue order, one tone for light
// backgrounds and one for dark. Every colour has ≥ 3:1 contrast against both backgrounds of its scheme
// (light: #ffffff card and #f6f7f9 page; dark: #1c2028 card and #14171d page), checked by
// test/e2e/smear-page.mjs through chartPalette(). A series also gets its own dash pattern, so no two
// lines are told apart by colour alone.

/** [light, dark] per palette index. */
export const PALETTE: readonly (readonly [string, string])[] = [
  ["#0072B2", "#56B4E9"], // blue
  ["#D55E00", "#EE7733"], // vermillion
  ["#117733", "#9FD36B"], // green
  ["#AA4499", "#CC79A7"], // reddish purple
  ["#7A5A00", "#E69F00"], // ochre
  ["#00796B", "#44AA99"], // teal
  ["#6A3D9A", "#C8A2FF"], // violet
  ["#C2185B", "#EE3377"], // rose
  ["#5B6475", "#BBBBBB"], // grey
];

/** Dash patterns (CSS px, canvas setLineDash) per palette index; index 0 is solid. */
export const DASHES: readonly (readonly number[])[] = [
  [],
  [7, 3],
  [2, 2],
  [10, 3, 2, 3],
  [14, 4],
  [3, 5],
  [8, 3, 2, 3, 2, 3],
  [1, 3],
  [16, 4, 4, 4],
];

/** The colour of palette index `i` (wrapping) in the light or dark scheme. */
export function colorOf(i: number, dark: boolean): string {
  const p = PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
  return dark ? p[1] : p[0];
}

/** The dash pattern of palette index `i` (wrapping). */
export function dashOf(i: number): number[] {
  return [...DASHES[((i % DASHES.length) + DASHES.length) % DASHES.length]];
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const lum = (h: string) => {
    const c = [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((
      v,
    ) => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const x = lum(a), y = lum(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
