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
import { backgroundRegions, forEachCellCentre, pageGrid } from './page-grid';
import { IndexList, regionAt } from './paper-regions';
import { rgbaLineValues, rgbaPaperRows } from './preprocess';

/** Every channel at least this reads as paper-white (training/white_patches.py's PAPER). */
export const PAPER_WHITE = 232;
/** The grid's longest side (cells). */
const GRID_SIDE = 1024;
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

const isWhite = (data: Uint8Array | Uint8ClampedArray, p: number): boolean => data[p] >= PAPER_WHITE && data[p + 1] >= PAPER_WHITE && data[p + 2] >= PAPER_WHITE;

/**
 * Fills the white patches of `image` (the page's colour, lines multiplied
 * or not) in place; returns how many pixels changed. `gapRadius` closes
 * gaps in the lines (page pixels) as the region fill does.
 */
export function fillWhitePatches(image: RgbaImage, lineart: RgbaImage, hint: RgbaImage | undefined, contract: Contract, gapRadius: number): number {
  const { width, height, data } = image;
  const grid = pageGrid(rgbaPaperRows(lineart, contract), width, height, GRID_SIDE, gapRadius);
  const { cols, block, regions } = grid;
  const background = backgroundRegions(regions);
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

  // The white pixels of the shapes to fill, as 4-connected patches found by scanline flood
  // fill (runs, not pixels: a patch can be millions of pixels): a patch too small for its shape
  // (a highlight the network put there) stays; the rest takes the shape's colour.
  const cellX = Int32Array.from({ length: width }, (_, x) => Math.floor(x / block));
  const cellY = Int32Array.from({ length: height }, (_, y) => Math.floor(y / block) * cols);
  const seen = new Uint8Array(width * height);
  const spans = new IndexList(); // y, first x, last x per run of the patch
  const seeds = new IndexList();
  let shape = 0;
  const inPatch = (x: number, y: number): boolean => {
    const i = y * width + x;
    return seen[i] === 0 && isWhite(data, i * 4) && !painted(i * 4) && regionAt(regions, cellY[y] + cellX[x]) === shape;
  };
  /** Queues the start of every run of patch pixels in row y between x0 and x1. */
  const seedRow = (y: number, x0: number, x1: number): void => {
    if (y < 0 || y >= height) return;
    for (let x = Math.max(0, x0); x <= Math.min(width - 1, x1); x++) {
      if (!inPatch(x, y)) continue;
      seeds.push(y * width + x);
      while (x + 1 <= x1 && inPatch(x + 1, y)) x++;
    }
  };
  /** The patch from pixel (x, y): its runs into `spans`, marked seen; returns its size. */
  const flood = (x: number, y: number): number => {
    spans.length = 0;
    seeds.length = 0;
    seeds.push(y * width + x);
    let size = 0;
    while (seeds.length > 0) {
      const i = seeds.items[--seeds.length];
      const sy = Math.floor(i / width);
      let left = i - sy * width;
      if (!inPatch(left, sy)) continue; // taken by another run since it was queued
      let right = left;
      while (left > 0 && inPatch(left - 1, sy)) left--;
      while (right < width - 1 && inPatch(right + 1, sy)) right++;
      seen.fill(1, sy * width + left, sy * width + right + 1);
      spans.push(sy);
      spans.push(left);
      spans.push(right);
      size += right - left + 1;
      seedRow(sy - 1, left, right);
      seedRow(sy + 1, left, right);
    }
    return size;
  };
  /** Blends pixel (x, y) toward the fill as far as it is pale, once, if it is in the shape and not painted. */
  const soften = (x: number, y: number, colour: number): boolean => {
    if (x < 0 || x >= width || y < 0 || y >= height) return false;
    const i = y * width + x;
    const p = i * 4;
    if (seen[i] || painted(p) || regionAt(regions, cellY[y] + cellX[x]) !== shape) return false;
    seen[i] = 1;
    const t = (Math.min(data[p], data[p + 1], data[p + 2]) - FRINGE_FROM) / (PAPER_WHITE - FRINGE_FROM);
    if (t <= 0) return false;
    data[p] = Math.round(data[p] + ((colour & 255) - data[p]) * t);
    data[p + 1] = Math.round(data[p + 1] + (((colour >> 8) & 255) - data[p + 1]) * t);
    data[p + 2] = Math.round(data[p + 2] + ((colour >> 16) - data[p + 2]) * t);
    return true;
  };

  let changed = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (seen[i] || !isWhite(data, i * 4) || painted(i * 4)) continue;
      shape = regionAt(regions, cellY[y] + cellX[x]);
      if (fillWith[shape] < 0) continue;
      const size = flood(x, y);
      if (size < Math.max(MIN_PATCH_PIXELS, MIN_PATCH_SHARE * samples[shape] * block * block)) continue;
      const colour = fillWith[shape];
      for (let k = 0; k < spans.length; k += 3) {
        const row = spans.items[k] * width;
        for (let p = (row + spans.items[k + 1]) * 4; p <= (row + spans.items[k + 2]) * 4; p += 4) {
          data[p] = colour & 255;
          data[p + 1] = (colour >> 8) & 255;
          data[p + 2] = colour >> 16;
        }
      }
      changed += size;
      // The anti-aliased edge of the patch (pale, not paper-white) would stay as a pale ring:
      // the pixels within FRINGE_PX steps of it are blended toward the fill as far as they are
      // pale (FRINGE_FROM: not at all, PAPER_WHITE: fully).
      for (let k = 0; k < spans.length; k += 3) {
        const sy = spans.items[k];
        const left = spans.items[k + 1];
        const right = spans.items[k + 2];
        for (let d = 1; d <= FRINGE_PX; d++) {
          if (soften(left - d, sy, colour)) changed++;
          if (soften(right + d, sy, colour)) changed++;
          for (let x = left - FRINGE_PX + d; x <= right + FRINGE_PX - d; x++) {
            if (soften(x, sy - d, colour)) changed++;
            if (soften(x, sy + d, colour)) changed++;
          }
        }
      }
    }
  }
  return changed;
}
