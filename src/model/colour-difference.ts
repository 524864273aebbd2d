/**
 * How far apart two colours look: CIELAB (D65) and its delta E 1976, for
 * the passes that judge a colour against another (the stroke blend, the
 * region tint).
 */

/** sRGB byte -> linear light. */
export const LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

function labF(t: number): number {
  return t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116;
}

/** CIELAB (D65) of an sRGB colour given as 0..255 floats. */
export function lab(r: number, g: number, b: number): [number, number, number] {
  const R = LINEAR[Math.max(0, Math.min(255, Math.round(r)))];
  const G = LINEAR[Math.max(0, Math.min(255, Math.round(g)))];
  const B = LINEAR[Math.max(0, Math.min(255, Math.round(b)))];
  const fx = labF((0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047);
  const fy = labF(0.2126 * R + 0.7152 * G + 0.0722 * B);
  const fz = labF((0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** CIELAB delta E 1976 between two sRGB colours given as 0..255 floats. */
export function deltaE(a: readonly number[], b: readonly number[]): number {
  const [l1, a1, b1] = lab(a[0], a[1], a[2]);
  const [l2, a2, b2] = lab(b[0], b[1], b[2]);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}
