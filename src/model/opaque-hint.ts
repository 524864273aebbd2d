/**
 * A hint without any transparency: strokes on white paper, as a JPEG (which
 * cannot be transparent), a PNG saved without alpha, or a Photoshop layer
 * filled white before painting. Taken as it is, every pixel counts as
 * painted and the white paper as white paint over the whole page: the
 * result comes out washed white. So its near-white is read as unpainted.
 * The CLI and the Photoshop host both do this, and tell the artist.
 */
import type { RgbaImage } from './types';

/** Every channel at least this, in a hint without transparency, is paper, not paint (JPEG noise keeps paper a few levels off 255). */
export const PAPER_LEVEL = 240;

/**
 * If no pixel of `hint` is transparent, makes its near-white pixels
 * transparent (in place) and returns the share of the hint that was paper
 * (0..1); returns undefined, changing nothing, for a hint with any
 * transparency (the normal case: a layer painted on transparency).
 */
export function paperAsUnpainted(hint: RgbaImage): number | undefined {
  return hasTransparency(hint) ? undefined : clearPaper(hint);
}

/**
 * Makes the near-white pixels of a hint judged to have no transparency
 * transparent (in place); returns the share that was paper. For a caller
 * that judged it on more than these pixels (the host: the whole layer).
 */
export function clearPaper(hint: RgbaImage): number {
  const d = hint.data;
  let paper = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i] >= PAPER_LEVEL && d[i + 1] >= PAPER_LEVEL && d[i + 2] >= PAPER_LEVEL) {
      d[i + 3] = 0;
      paper++;
    }
  }
  return paper / (hint.width * hint.height);
}

/** Whether any pixel of `image` is less than opaque. */
export function hasTransparency(image: RgbaImage): boolean {
  const d = image.data;
  for (let i = 3; i < d.length; i += 4) if (d[i] < 255) return true;
  return false;
}

/** What to tell the artist about a hint read by paperAsUnpainted (`share` its result), named as `what`. */
export function opaqueHintNote(what: string, share: number): string {
  const read =
    share === 0
      ? 'it has no white either, so all of it counts as paint: is it the right one?'
      : `its white (${(share * 100).toFixed(0)} % of it) was read as unpainted`;
  return `${what} has no transparency; ${read}. For exact hints (white or pale strokes included), paint them on a transparent layer.`;
}
