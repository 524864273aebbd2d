/**
 * Lineart drawn light on a dark ground (chalk-style lines, or a layer
 * inverted by mistake). The engine reads dark as ink and light as paper, so
 * such a page comes out as one dark mass with no regions to colour. It is
 * not inverted for the artist (light lines may be meant), only noticed: the
 * CLI and the Photoshop host tell the artist what to do.
 */
import type { RgbaImage } from './types';

/** A pixel darker than this (BT.601 luma over white, 0..255) counts as ink. */
const DARK_LUMA = 128;
/**
 * A lineart at least this dark is taken for light on dark: inked pages are
 * mostly paper (a page heavy with black fills stays well under it).
 */
export const INVERTED_DARK_SHARE = 0.6;
/** Every STRIDE-th pixel is looked at: the share needs no more, and a 4,096 px page has 16 M. */
const STRIDE = 7;

/** The share (0..1) of `lineart` that is dark, composited over white as the engine reads it. */
export function darkShare(lineart: RgbaImage): number {
  const d = lineart.data;
  let dark = 0;
  let seen = 0;
  for (let i = 0; i < d.length; i += 4 * STRIDE) {
    const a = d[i + 3] / 255;
    const luma = (0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2]) * a + 255 * (1 - a);
    if (luma < DARK_LUMA) dark++;
    seen++;
  }
  return seen === 0 ? 0 : dark / seen;
}

/**
 * What to tell the artist when `lineart` (named as `what`) looks light on
 * dark, else undefined. `fix` says how to invert it where they work.
 */
export function invertedLineartNote(lineart: RgbaImage, what: string, fix: string): string | undefined {
  const share = darkShare(lineart);
  if (share < INVERTED_DARK_SHARE) return undefined;
  return (
    `${what} is mostly dark (${(share * 100).toFixed(0)} % of it): Deepcolor reads dark as ink and light as paper, ` +
    `so light lines on a dark ground come out as one dark mass. If the lines are the light part, ${fix} and colour it again.`
  );
}
