import type { RgbaImage } from '../src/model/types';

/**
 * Photoshop's Multiply of the lineart layer over the colour layer, per
 * channel, with the lineart's alpha composited over white first (a
 * transparent pixel multiplies by white = no change). This is exactly how
 * the PSD's two layers flatten, so the PNG always equals the flattened PSD.
 * Works in place on `colour` to avoid another full-page buffer.
 */
export function multiplyLinesInPlace(colour: RgbaImage, lineart: RgbaImage): void {
  if (colour.width !== lineart.width || colour.height !== lineart.height) {
    throw new Error(`multiplyLines: colour ${colour.width}x${colour.height} vs lineart ${lineart.width}x${lineart.height}`);
  }
  const c = colour.data;
  const l = lineart.data;
  for (let i = 0; i < c.length; i += 4) {
    const a = l[i + 3];
    const inv = 255 - a;
    for (let k = 0; k < 3; k++) {
      // lineart over white, 0..255*255
      const over = l[i + k] * a + 255 * inv;
      c[i + k] = Math.round((c[i + k] * over) / (255 * 255));
    }
    c[i + 3] = 255;
  }
}
