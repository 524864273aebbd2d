/**
 * A hint file without transparency: strokes on white paper, as a JPEG (which
 * cannot be transparent) or a PNG saved without alpha. Taken as it is, every
 * pixel would count as painted and the white paper as white paint over the
 * whole page. So its near-white is read as unpainted, and the artist is told.
 */
import type { RgbaImage } from '../src/model/types';

/** Every channel at least this, in a hint without transparency, is paper, not paint (JPEG noise keeps paper a few levels off 255). */
export const PAPER_LEVEL = 240;

/**
 * If no pixel of `hint` is transparent, makes its near-white pixels
 * transparent (in place) and returns a note for the artist; otherwise leaves
 * it alone and returns undefined.
 */
export function treatOpaqueHint(hint: RgbaImage, name: string): string | undefined {
  const d = hint.data;
  for (let i = 3; i < d.length; i += 4) if (d[i] < 255) return undefined;
  let paper = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i] >= PAPER_LEVEL && d[i + 1] >= PAPER_LEVEL && d[i + 2] >= PAPER_LEVEL) {
      d[i + 3] = 0;
      paper++;
    }
  }
  const share = paper / (hint.width * hint.height);
  const what =
    share === 0
      ? 'it has no white either, so all of it counts as paint: is it the right file?'
      : `its white (${(share * 100).toFixed(0)} % of it) is read as unpainted`;
  return `hint "${name}" has no transparency; ${what}. For exact hints (white or pale strokes included), paint them on a transparent layer and save it as PNG.`;
}
