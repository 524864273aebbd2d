/**
 * The network's dark rim along the lines, taken away: the colour beside a
 * line is the colour of its shape.
 *
 * Why: the network paints its own ink where the lines are and darkens the
 * paper a few of its pixels on either side (measured by an artist's review,
 * session 17: paper 2, 3 and 4 page pixels from a line 55, 34 and 17 luma
 * darker than the shape's inside at 'auto', 26, 10 and 6 at scale 1). With
 * the artist's lines multiplied over it, every line came out thicker and
 * blurred, and a grey line came out black (the network's near-black ink
 * times the grey).
 *
 * So within `radius` page pixels of ink (line channel below PAPER_THRESHOLD),
 * each paper pixel takes the colour of the clear paper beyond the rim on its
 * own side: filled inward, nearest first, from pixels farther than `radius`
 * from every line, through paper only (never across a line). Ink pixels then
 * take the mean of the paper beside them, so a grey line shows the shape's
 * colour through it, as a Multiply layer of the lines over flat colour
 * would (black ink, whose colour never shows, is left). Where `multiplied` is set, the line channel is multiplied over the
 * new colour as before. Paper that no clear paper reaches (a strand of hair
 * narrower than the rim on both sides) keeps the network's colour, and
 * pixels the artist painted are left as they are.
 *
 * Memory: a byte per page pixel and the rim's pixels in lists by distance.
 */
import type { LineValues } from './linewidth';
import { IndexList, type PaperRowSource } from './paper-regions';
import type { RgbaImage } from './types';

/** Passes over ink pixels that take their colour from beside them: enough for lines a few pixels wide. */
const INK_PASSES = 3;

/** Ink at least this light (line channel) lets the colour under it show. */
const SEEN_THROUGH = 0.05;

/**
 * Pixel states: CLEAR (0, so a fresh array needs no fill) is paper beyond the rim, a source;
 * 1 + d a rim pixel d steps from ink (ink is 1); DONE a rim pixel done with.
 */
const CLEAR = 0;
const DONE = 255;

/**
 * Replaces the rim's colour in `image` (in place); returns how many pixels
 * changed. `paper` gives the lineart's paper flags by rows and `line` its
 * line channel, at page size; `multiplied` says the line channel was
 * multiplied over `image` and is to be again.
 */
export function clearLineHalo(image: RgbaImage, paper: PaperRowSource, line: LineValues, radius: number, multiplied: boolean, hint?: RgbaImage): number {
  const { width, height, data } = image;
  const n = width * height;
  if (radius < 1 || radius + 1 >= DONE) return 0;
  const state = new Uint8Array(n);
  const levels: IndexList[] = Array.from({ length: radius + 1 }, () => new IndexList());
  const ink = levels[0];
  paper((y, flags) => {
    const row = y * width;
    for (let x = flags.indexOf(0); x >= 0; x = flags.indexOf(0, x + 1)) {
      state[row + x] = 1;
      ink.push(row + x);
    }
  });
  if (ink.length === 0) return 0;
  for (let d = 1; d <= radius; d++) spread(levels[d - 1], levels[d], state, width, n, d + 1);
  // Pixels given a new colour: written without the lines while the rim is filled (they are read
  // as the shape's colour), the lines multiplied over them at the end.
  const changed = new IndexList();
  const alpha = hint?.data;
  // The rim's paper, outermost first. What is not reached keeps the network's colour (and is then
  // read as it is by the pixels inside it).
  for (let d = radius; d >= 1; d--) fillFromAround(levels[d], data, state, width, n, alpha, changed);
  // Ink, from the paper beside it, then ink beside ink, pass by pass; its paper is done by now. Only
  // ink a colour shows through: under black (most of a page's ink) no colour is seen, with the
  // lines multiplied in or laid over the layer.
  let pending = new IndexList();
  for (let k = 0; k < ink.length; k++) {
    const i = ink.items[k];
    if (line.at(i) >= SEEN_THROUGH) pending.push(i);
    else state[i] = DONE;
  }
  for (let pass = 0; pass < INK_PASSES && pending.length > 0; pass++) {
    const missed = fillFromAround(pending, data, state, width, n, alpha, changed);
    // A pixel not reached this pass is tried again: it is not done yet.
    for (let k = 0; k < missed.length; k++) state[missed.items[k]] = 1;
    pending = missed;
  }
  if (multiplied) {
    for (let k = 0; k < changed.length; k++) {
      const i = changed.items[k];
      const l = Math.min(1, Math.max(0, line.at(i)));
      if (l === 1) continue;
      data[i * 4] = Math.round(data[i * 4] * l);
      data[i * 4 + 1] = Math.round(data[i * 4 + 1] * l);
      data[i * 4 + 2] = Math.round(data[i * 4 + 2] * l);
    }
  }
  return changed.length;
}

/** The CLEAR 4-neighbours of `from`'s pixels, marked `mark` and listed in `to`. */
function spread(from: IndexList, to: IndexList, state: Uint8Array, width: number, n: number, mark: number): void {
  const items = from.items;
  for (let k = 0; k < from.length; k++) {
    const i = items[k];
    const x = i % width;
    if (x > 0 && state[i - 1] === CLEAR) (state[i - 1] = mark), to.push(i - 1);
    if (x < width - 1 && state[i + 1] === CLEAR) (state[i + 1] = mark), to.push(i + 1);
    if (i >= width && state[i - width] === CLEAR) (state[i - width] = mark), to.push(i - width);
    if (i + width < n && state[i + width] === CLEAR) (state[i + width] = mark), to.push(i + width);
  }
}

/**
 * MEAN_BYTE[c * 1024 + s] = Math.round(s / c): the mean of c (1..4) bytes summing to s, as a
 * table, not a division per channel.
 */
const MEAN_BYTE = (() => {
  const table = new Uint8Array(5 * 1024);
  for (let c = 1; c <= 4; c++) for (let s = 0; s <= 255 * c; s++) table[c * 1024 + s] = Math.round(s / c);
  return table;
})();

/**
 * Gives each pixel of `pixels` (not painted) the mean colour of its 4-neighbours that are CLEAR or
 * DONE, listing it in `changed`; then marks them all DONE. Returns those no such neighbour reached.
 *
 * Every pixel reads its neighbours before any of them is written, though each is written as soon
 * as it is summed: the pixels listed are neither CLEAR nor DONE until the end (a rim level, or
 * pending ink, state 1), so none reads another's new colour, and each is listed once.
 */
function fillFromAround(
  pixels: IndexList,
  data: Uint8Array | Uint8ClampedArray,
  state: Uint8Array,
  width: number,
  n: number,
  alpha: Uint8Array | Uint8ClampedArray | undefined,
  changed: IndexList,
): IndexList {
  const items = pixels.items;
  const count = pixels.length;
  const missed = new IndexList();
  for (let k = 0; k < count; k++) {
    const i = items[k];
    let r = 0;
    let g = 0;
    let b = 0;
    let c = 0;
    if (alpha === undefined || alpha[i * 4 + 3] === 0) {
      const x = i % width;
      let s: number;
      let p: number;
      if (x > 0 && ((s = state[i - 1]) === CLEAR || s === DONE)) (p = i * 4 - 4), (r += data[p]), (g += data[p + 1]), (b += data[p + 2]), c++;
      if (x < width - 1 && ((s = state[i + 1]) === CLEAR || s === DONE)) (p = i * 4 + 4), (r += data[p]), (g += data[p + 1]), (b += data[p + 2]), c++;
      if (i >= width && ((s = state[i - width]) === CLEAR || s === DONE)) (p = (i - width) * 4), (r += data[p]), (g += data[p + 1]), (b += data[p + 2]), c++;
      if (i + width < n && ((s = state[i + width]) === CLEAR || s === DONE)) (p = (i + width) * 4), (r += data[p]), (g += data[p + 1]), (b += data[p + 2]), c++;
    }
    if (c === 0) {
      missed.push(i);
      continue;
    }
    const mean = c * 1024;
    data[i * 4] = MEAN_BYTE[mean + r];
    data[i * 4 + 1] = MEAN_BYTE[mean + g];
    data[i * 4 + 2] = MEAN_BYTE[mean + b];
    changed.push(i);
  }
  for (let k = 0; k < count; k++) state[items[k]] = DONE;
  return missed;
}
