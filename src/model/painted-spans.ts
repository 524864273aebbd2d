/**
 * Where a hint layer is painted, row by row, found in one pass over its
 * pixels: the passes that read the hint afterwards (the tiles' hint
 * channels, the region fill's sums, the stroke blend) visit these spans
 * instead of testing every pixel's alpha. A hint layer is mostly
 * transparent: on the 4,096 bench page each of those tests was a pass over
 * 16.7 M pixels for the 6 M painted.
 *
 * Every pixel with alpha > 0 lies in a span, but a span may hold
 * transparent pixels too: painted pixels less than SPAN_GAP apart share
 * one, so a speckled or dithered layer costs at most width / SPAN_GAP spans
 * a row, not one per pixel. Readers still test alpha inside a span.
 */
import { pixelWordRuns } from './bytes';
import { IndexList } from './paper-regions';
import type { RgbaImage } from './types';

/**
 * A hint pixel at least this opaque is the artist's paint, its colour the colour painted; fainter, it
 * is a soft brush's fringe (at alpha 1-39 the network left 16-40 % of such pixels white: a review,
 * session 29), and its colour may be darkened by its alpha. Read by the passes after the network
 * (the white fill, the region tint, the stroke blend) and the missed dabs.
 */
export const PAINTED_ALPHA = 128;

/** Painted pixels closer than this (columns) share a span. */
const SPAN_GAP = 8;

/** The alpha byte of a pixel word (R in the low byte). */
const ALPHA_MASK = 0xff000000 | 0;

export interface PaintedSpans {
  readonly width: number;
  readonly height: number;
  /** Row y's spans are k = rowStart[y] .. rowStart[y + 1] - 1: columns from[k] .. to[k] - 1. */
  readonly rowStart: Int32Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
}

export function paintedSpans(hint: RgbaImage): PaintedSpans {
  const { width, height } = hint;
  const rowWords = pixelWordRuns(hint.data, width);
  // Read as signed words, whose values are small integers to V8 at every tier (a uint32 with
  // alpha >= 128 is not, and cost ~2x in this pass's first, unoptimised runs).
  const view = (words: Uint32Array): Int32Array => new Int32Array(words.buffer, words.byteOffset, words.length);
  const rowStart = new Int32Array(height + 1);
  const from = new IndexList();
  const to = new IndexList();
  for (let y = 0; y < height; y++) {
    rowStart[y] = from.length;
    const words = view(rowWords(y * width, width));
    let x = 0;
    for (;;) {
      // Transparent pixels four at a time (one test of their alphas or'ed), then one at a time.
      while (x + 4 <= width && ((words[x] | words[x + 1] | words[x + 2] | words[x + 3]) & ALPHA_MASK) === 0) x += 4;
      while (x < width && (words[x] & ALPHA_MASK) === 0) x++;
      if (x === width) break;
      from.push(x);
      // The span runs on over painted pixels and over gaps narrower than SPAN_GAP.
      let end = x;
      while (x < width) {
        while (x < width && (words[x] & ALPHA_MASK) !== 0) x++;
        end = x;
        while (x < width && x - end < SPAN_GAP && (words[x] & ALPHA_MASK) === 0) x++;
        if (x === width || x - end === SPAN_GAP) break;
      }
      to.push(end);
    }
  }
  rowStart[height] = from.length;
  return { width, height, rowStart, from: from.items.subarray(0, from.length), to: to.items.subarray(0, to.length) };
}

/**
 * Calls visit(from, to) for the parts of row y's spans within columns
 * [left, right), left to right.
 */
export function forEachSpanIn(spans: PaintedSpans, y: number, left: number, right: number, visit: (from: number, to: number) => void): void {
  for (let k = spans.rowStart[y], end = spans.rowStart[y + 1]; k < end; k++) {
    if (spans.to[k] <= left) continue;
    if (spans.from[k] >= right) break;
    visit(Math.max(left, spans.from[k]), Math.min(right, spans.to[k]));
  }
}

/**
 * Calls visit(from, to, word) for each run of identical painted pixels
 * (alpha > 0) of row y within columns [left, right), left to right. A hint
 * is strokes of flat colour, so its readers work out a run's values once.
 * `words` holds the row's pixels as 32-bit words (R in the low byte), its
 * first the pixel in column `firstColumn`.
 */
export function forEachPaintedRun(
  spans: PaintedSpans,
  y: number,
  left: number,
  right: number,
  words: Uint32Array,
  firstColumn: number,
  visit: (from: number, to: number, word: number) => void,
): void {
  forEachSpanIn(spans, y, left, right, (from, to) => {
    for (let x = from; x < to; ) {
      const word = words[x - firstColumn];
      if (word >>> 24 === 0) {
        x++;
        continue;
      }
      let end = x + 1;
      while (end < to && words[end - firstColumn] === word) end++;
      visit(x, end, word);
      x = end;
    }
  });
}
