/**
 * A small page to colour once before the artist's first Colorize, so that
 * click does not pay for what only a first run costs: onnxruntime's kernels
 * set up and (WebGPU) its shader pipelines compiled for the tile's shape,
 * V8 tiering up onnxruntime's WebAssembly in background threads (on two
 * cores that slowed a first 4,096 page by ~0.45 s, bench/NOTES.md session
 * 15), and the engine's own passes compiled.
 *
 * One tile of the usual size, so the pipelines made are the ones a page
 * uses; a closed box with a gap in its side and a painted dab inside, so
 * gap closing, the region fill and the stroke paths run as well as the
 * network.
 */
import type { RgbaImage } from './types';

/** The contract's usual tile edge (assets/deepcolor.json tile.size): pages are cut into tiles of it. */
export const WARM_UP_PAGE_PX = 512;

export interface WarmUpPage {
  readonly lineart: RgbaImage;
  readonly hint: RgbaImage;
}

export function warmUpPage(size = WARM_UP_PAGE_PX): WarmUpPage {
  if (!Number.isInteger(size) || size < 16) throw new RangeError(`warmUpPage: size must be an integer >= 16, got ${size}`);
  const lineart = new Uint8ClampedArray(size * size * 4).fill(255);
  const hint = new Uint8ClampedArray(size * size * 4);
  const ink = (x: number, y: number): void => {
    lineart.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
  };
  const [from, to, stroke] = [Math.round(size / 8), Math.round((size * 7) / 8), Math.max(2, Math.round(size / 128))];
  const gap = [Math.round(size / 2), Math.round(size / 2) + 2];
  for (let y = from; y < to; y++) {
    for (let x = from; x < to; x++) {
      const onEdge = x < from + stroke || x >= to - stroke || y < from + stroke || y >= to - stroke;
      const inGap = x >= to - stroke && y >= gap[0] && y < gap[1];
      if (onEdge && !inGap) ink(x, y);
    }
  }
  // A dab of skin colour, opaque in its middle and soft at its edge, as a brush leaves it.
  const [cx, cy, r] = [Math.round(size / 3), Math.round(size / 3), Math.max(3, Math.round(size / 24))];
  for (let y = cy - r; y <= cy + r; y++) {
    for (let x = cx - r; x <= cx + r; x++) {
      const d = Math.hypot(x - cx, y - cy) / r;
      if (d > 1) continue;
      hint.set([232, 180, 150, d < 0.7 ? 255 : Math.round(255 * (1 - d) / 0.3)], (y * size + x) * 4);
    }
  }
  return { lineart: { width: size, height: size, data: lineart }, hint: { width: size, height: size, data: hint } };
}
