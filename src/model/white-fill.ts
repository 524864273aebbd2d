/**
 * White patches filled: paper-white pixels the network left inside a shape
 * it coloured, given the colour it gave the rest of that shape.
 *
 * Why: where the inside of a shape lies farther from every line than the
 * network can see, it takes the shape for background (white in the
 * training data) and leaves a white patch (training/NOTES.md, sessions 5,
 * 9 and 10). 'auto' shrinks such pages, but on big pages some patches
 * remain. An artist would bucket-fill them with the shape's colour; this
 * does that for shapes that are clearly coloured.
 *
 * A shape (a region the lines enclose, on the coarse page grid of
 * page-grid.ts) is filled when it is not background (paper touching the
 * page's edge, comic panels' rectangles: with leaky lines a figure's shape
 * can include the page around it, so those are left alone), is at least
 * MIN_SHAPE_PIXELS, and at least MIN_COLOURED_SHARE of it is coloured. Its
 * paper-white pixels (every channel at least PAPER_WHITE) take the mean
 * colour of its coloured ones, patch by patch (4-connected white pixels of
 * one shape), except patches too small for their shape (MIN_PATCH_SHARE:
 * highlights); pixels the artist painted (hint alpha > 0) are never
 * changed, so white painted on purpose stays. The shares and the mean are
 * sampled at the grid cells' centres. Memory: a byte per page pixel (the
 * patches found so far) and the pixels of one patch.
 */
import type { Contract, RgbaImage } from './types';
import { backgroundRegions, forEachCellCentre, PageGrids, type PageGrid } from './page-grid';
import { IndexList, regionAt } from './paper-regions';
import { rgbaLineValues } from './preprocess';
import { pixelWords } from './bytes';

/** Every channel at least this reads as paper-white (training/white_patches.py's PAPER). */
export const PAPER_WHITE = 232;
/** A shape less coloured than this is white by intent or by nature (an eye, a shirt): left alone. */
const MIN_COLOURED_SHARE = 0.2;
/** Shapes smaller than this (page pixels) are details: left alone. */
const MIN_SHAPE_PIXELS = 64;
/**
 * A white patch smaller than this share of its shape (or than MIN_PATCH_PIXELS)
 * is a highlight the network painted (a glint on metal), not a hole: kept.
 */
const MIN_PATCH_SHARE = 0.02;
const MIN_PATCH_PIXELS = 64;
/** The pale edge around a filled patch: this many pixels wide, blended from this lightness up. */
const FRINGE_PX = 2;
const FRINGE_FROM = 190;

/** Samples this close to ink (line value below it: anti-aliased edges, darkened by the lines) say nothing about a shape's colour. */
const CLEAR_PAPER = 0.9;

/** The alpha byte of a pixel read as a little-endian 32-bit word. */
const ALPHA_BITS = 0xff000000 | 0;

/** Pixel states of the patch search (0: neither). */
const CANDIDATE = 1;
const VISITED = 2;

const isWhite = (data: Uint8Array | Uint8ClampedArray, p: number): boolean => data[p] >= PAPER_WHITE && data[p + 1] >= PAPER_WHITE && data[p + 2] >= PAPER_WHITE;

/**
 * Fills the white patches of `image` (the page's colour, lines multiplied
 * or not) in place; returns how many pixels changed. `gapRadius` closes
 * gaps in the lines (page pixels) as the region fill does.
 */
export function fillWhitePatches(
  image: RgbaImage,
  lineart: RgbaImage,
  hint: RgbaImage | undefined,
  contract: Contract,
  gapRadius: number,
  grids: PageGrids = PageGrids.of(lineart, contract),
): number {
  const { width, height, data } = image;
  const grid = grids.withGaps(gapRadius);
  const { cols, block, regions } = grid;
  const background = backgroundRegions(regions, 1, grid.edges);
  const painted = (p: number): boolean => hint !== undefined && hint.data[p + 3] > 0;
  const line = rgbaLineValues(lineart, contract);

  // Per shape, at the cells' centres: samples, white samples, and the colour of the rest.
  const count = regions.count + 1;
  const samples = new Int32Array(count);
  const whites = new Int32Array(count);
  const sums = new Float64Array(3 * count);
  forEachCellCentre(grid, width, height, (cell, pixel) => {
    const r = regionAt(regions, cell);
    if (background[r] || line.at(pixel) < CLEAR_PAPER) return;
    const p = pixel * 4;
    const white = isWhite(data, p);
    if (white && painted(p)) return; // white on purpose: neither a hole nor the shape's colour
    samples[r]++;
    if (white) {
      whites[r]++;
      return;
    }
    sums[3 * r] += data[p];
    sums[3 * r + 1] += data[p + 1];
    sums[3 * r + 2] += data[p + 2];
  });
  const fillWith = new Int32Array(count).fill(-1); // the shape's colour as 0xBBGGRR, -1 = not filled
  let any = false;
  for (let r = 1; r < count; r++) {
    const coloured = samples[r] - whites[r];
    if (whites[r] === 0 || samples[r] * block * block < MIN_SHAPE_PIXELS || coloured < MIN_COLOURED_SHARE * samples[r]) continue;
    const mean = (c: number): number => Math.round(sums[3 * r + c] / coloured);
    fillWith[r] = mean(0) | (mean(1) << 8) | (mean(2) << 16);
    any = true;
  }
  if (!any) return 0;

  // Each pixel's state, found in one pass: a candidate is paper-white, unpainted and in a shape
  // to fill. Patches are the 4-connected candidates of one shape, found by scanline flood fill
  // (runs, not pixels: a patch can be millions of pixels), each candidate tested once as its
  // run is found; visited pixels (a patch's, or blended into a fringe) are never looked at again.
  const cellX = new Int32Array(width);
  for (let x = 0; x < width; x++) cellX[x] = Math.floor(x / block);
  const cellY = new Int32Array(height);
  for (let y = 0; y < height; y++) cellY[y] = Math.floor(y / block) * cols;
  const cellShape = new Int32Array(regions.labels.length);
  for (let cell = 0; cell < cellShape.length; cell++) cellShape[cell] = regions.region[regions.labels[cell]];
  const state = candidates(image, hint, grid, cellShape, fillWith);
  const words = pixelWords(data, width * height); // R in the low byte, as fillWith's colours
  const spans = new IndexList(); // y, first x, last x per run of the patch, in the order found
  let shape = 0;
  const open = (i: number, x: number, y: number): boolean => state[i] === CANDIDATE && cellShape[cellY[y] + cellX[x]] === shape;
  /** Marks the run of open pixels through (x, y) visited and lists it; returns its last x. */
  const takeRun = (x: number, y: number): number => {
    const row = y * width;
    let left = x;
    let right = x;
    while (left > 0 && open(row + left - 1, left - 1, y)) left--;
    while (right < width - 1 && open(row + right + 1, right + 1, y)) right++;
    state.fill(VISITED, row + left, row + right + 1);
    spans.push(y);
    spans.push(left);
    spans.push(right);
    return right;
  };
  /** The patch from pixel (x, y): its runs into `spans`; returns its size. */
  const flood = (x: number, y: number): number => {
    spans.length = 0;
    takeRun(x, y);
    let size = 0;
    // Breadth first over the list of runs: each run, once listed, finds the runs touching it above and below.
    for (let k = 0; k < spans.length; k += 3) {
      const sy = spans.items[k];
      const left = spans.items[k + 1];
      const right = spans.items[k + 2];
      size += right - left + 1;
      for (let ny = sy - 1; ny <= sy + 1; ny += 2) {
        if (ny < 0 || ny >= height) continue;
        const row = ny * width;
        for (let nx = left; nx <= right; nx++) if (open(row + nx, nx, ny)) nx = takeRun(nx, ny);
      }
    }
    return size;
  };
  /** Blends pixel i = (x, y) toward the fill as far as it is pale, once, if it is in the shape and not painted. */
  const soften = (i: number, x: number, y: number, colour: number): boolean => {
    const p = i * 4;
    if (painted(p) || cellShape[cellY[y] + cellX[x]] !== shape) return false;
    state[i] = VISITED;
    // At most all the way: a paper-white pixel near the patch but not in it (beyond a pale one,
    // or a patch of its own) takes the fill's colour; past 1 it would overshoot to a dark speck.
    const t = Math.min(1, (Math.min(data[p], data[p + 1], data[p + 2]) - FRINGE_FROM) / (PAPER_WHITE - FRINGE_FROM));
    if (t <= 0) return false;
    data[p] = Math.round(data[p] + ((colour & 255) - data[p]) * t);
    data[p + 1] = Math.round(data[p + 1] + (((colour >> 8) & 255) - data[p + 1]) * t);
    data[p + 2] = Math.round(data[p + 2] + ((colour >> 16) - data[p + 2]) * t);
    return true;
  };
  /** The fringe pixels of row y, columns from .. to (clamped to the page), not yet visited, softened; returns how many changed. */
  const softenRow = (y: number, from: number, to: number, colour: number): number => {
    if (y < 0 || y >= height) return 0;
    let softened = 0;
    for (let x = Math.max(0, from), i = y * width + x, last = Math.min(width - 1, to); x <= last; x++, i++) {
      if (state[i] !== VISITED && soften(i, x, y, colour)) softened++;
    }
    return softened;
  };

  let changed = 0;
  for (let i = state.indexOf(CANDIDATE); i >= 0; i = state.indexOf(CANDIDATE, i + 1)) {
    const y = Math.floor(i / width);
    const x = i - y * width;
    shape = cellShape[cellY[y] + cellX[x]];
    const size = flood(x, y);
    if (size < Math.max(MIN_PATCH_PIXELS, MIN_PATCH_SHARE * samples[shape] * block * block)) continue;
    const colour = fillWith[shape];
    for (let k = 0; k < spans.length; k += 3) {
      const row = spans.items[k] * width;
      const from = row + spans.items[k + 1];
      const to = row + spans.items[k + 2];
      if (words) {
        // One 32-bit store a pixel (alpha kept) instead of three byte stores: patches can be millions of pixels.
        for (let i = from; i <= to; i++) words[i] = (words[i] & ALPHA_BITS) | colour;
      } else {
        for (let p = from * 4; p <= to * 4; p += 4) {
          data[p] = colour & 255;
          data[p + 1] = (colour >> 8) & 255;
          data[p + 2] = colour >> 16;
        }
      }
    }
    changed += size;
    // The anti-aliased edge of the patch (pale, not paper-white) would stay as a pale ring:
    // the pixels within FRINGE_PX steps of it are blended toward the fill as far as they are
    // pale (FRINGE_FROM: not at all, PAPER_WHITE: fully). Each is blended once, so the order
    // the runs are visited in does not matter.
    for (let k = 0; k < spans.length; k += 3) {
      const sy = spans.items[k];
      const left = spans.items[k + 1];
      const right = spans.items[k + 2];
      for (let d = 1; d <= FRINGE_PX; d++) {
        changed += softenRow(sy, left - d, left - d, colour) + softenRow(sy, right + d, right + d, colour);
        changed += softenRow(sy - d, left - FRINGE_PX + d, right + FRINGE_PX - d, colour) + softenRow(sy + d, left - FRINGE_PX + d, right + FRINGE_PX - d, colour);
      }
    }
  }
  return changed;
}

/**
 * A byte per page pixel: CANDIDATE where it is paper-white, not painted,
 * and in a shape to fill (fillWith >= 0), else 0. Cells of shapes not
 * filled (most of a page) are skipped whole.
 */
function candidates(image: RgbaImage, hint: RgbaImage | undefined, grid: PageGrid, cellShape: Int32Array, fillWith: Int32Array): Uint8Array {
  const { width, height, data } = image;
  const { cols, block } = grid;
  const state = new Uint8Array(width * height);
  const words = pixelWords(data, width * height);
  for (let y = 0; y < height; y++) {
    const cellRow = Math.floor(y / block) * cols;
    for (let cx = 0; cx < cols; cx++) {
      if (fillWith[cellShape[cellRow + cx]] < 0) continue;
      const from = y * width + cx * block;
      const to = y * width + Math.min(width, (cx + 1) * block);
      if (words) {
        for (let i = from; i < to; i++) {
          const w = words[i];
          if ((w & 255) >= PAPER_WHITE && ((w >>> 8) & 255) >= PAPER_WHITE && ((w >>> 16) & 255) >= PAPER_WHITE && (hint === undefined || hint.data[i * 4 + 3] === 0)) state[i] = CANDIDATE;
        }
      } else {
        for (let i = from; i < to; i++) if (isWhite(data, i * 4) && (hint === undefined || hint.data[i * 4 + 3] === 0)) state[i] = CANDIDATE;
      }
    }
  }
  return state;
}
