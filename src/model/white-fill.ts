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
import { backgroundRegions, pageGrid } from './page-grid';
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
  const { cols, rows, block, regions } = pageGrid(rgbaPaperRows(lineart, contract), width, height, GRID_SIDE, gapRadius);
  const background = backgroundRegions(regions);
  const painted = (p: number): boolean => hint !== undefined && hint.data[p + 3] > 0;
  const line = rgbaLineValues(lineart, contract);

  // Per shape, at the cells' centres: samples, white samples, and the colour of the rest.
  const count = regions.count + 1;
  const samples = new Int32Array(count);
  const whites = new Int32Array(count);
  const sums = new Float64Array(3 * count);
  for (let cy = 0, i = 0; cy < rows; cy++) {
    const y = Math.min(height - 1, cy * block + (block >> 1));
    for (let cx = 0; cx < cols; cx++, i++) {
      const r = regionAt(regions, i);
      if (background[r]) continue;
      const pixel = y * width + Math.min(width - 1, cx * block + (block >> 1));
      if (line.at(pixel) < CLEAR_PAPER) continue;
      const p = pixel * 4;
      const white = isWhite(data, p);
      if (white && painted(p)) continue; // white on purpose: neither a hole nor the shape's colour
      samples[r]++;
      if (white) {
        whites[r]++;
        continue;
      }
      sums[3 * r] += data[p];
      sums[3 * r + 1] += data[p + 1];
      sums[3 * r + 2] += data[p + 2];
    }
  }
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

  // The white pixels of the shapes to fill, as 4-connected patches: a patch too small for its
  // shape (a highlight the network put there) stays; the rest takes the shape's colour.
  const shapeOf = (i: number): number => regionAt(regions, Math.floor(Math.floor(i / width) / block) * cols + Math.floor((i % width) / block));
  const candidate = (i: number): boolean => isWhite(data, i * 4) && !painted(i * 4) && fillWith[shapeOf(i)] >= 0;
  const seen = new Uint8Array(width * height);
  const patch = new IndexList();
  /**
   * The anti-aliased edge of a patch (pale but not paper-white) would stay as a pale ring
   * around the fill: the FRINGE_PX pixels around it in the same shape are blended toward
   * the fill as far as they are pale (FRINGE_FROM: not at all, PAPER_WHITE: fully).
   */
  const softenFringe = (filled: IndexList, shape: number, colour: number): number => {
    let ring = filled;
    let blended = 0;
    for (let step = 0; step < FRINGE_PX; step++) {
      const next = new IndexList();
      for (let k = 0; k < ring.length; k++) {
        const i = ring.items[k];
        const x = i % width;
        for (const j of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width]) {
          if (j < 0 || j >= width * height || seen[j] || shapeOf(j) !== shape || painted(j * 4)) continue;
          seen[j] = 1;
          next.push(j);
          const p = j * 4;
          const t = (Math.min(data[p], data[p + 1], data[p + 2]) - FRINGE_FROM) / (PAPER_WHITE - FRINGE_FROM);
          if (t <= 0) continue;
          data[p] = Math.round(data[p] + ((colour & 255) - data[p]) * t);
          data[p + 1] = Math.round(data[p + 1] + (((colour >> 8) & 255) - data[p + 1]) * t);
          data[p + 2] = Math.round(data[p + 2] + ((colour >> 16) - data[p + 2]) * t);
          blended++;
        }
      }
      ring = next;
    }
    return blended;
  };
  let changed = 0;
  for (let start = 0; start < width * height; start++) {
    if (seen[start] || !candidate(start)) continue;
    const shape = shapeOf(start);
    patch.length = 0;
    patch.push(start);
    seen[start] = 1;
    for (let k = 0; k < patch.length; k++) {
      const i = patch.items[k];
      const x = i % width;
      for (const j of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width]) {
        if (j < 0 || j >= width * height || seen[j] || !candidate(j) || shapeOf(j) !== shape) continue;
        seen[j] = 1;
        patch.push(j);
      }
    }
    if (patch.length < Math.max(MIN_PATCH_PIXELS, MIN_PATCH_SHARE * samples[shape] * block * block)) continue;
    const colour = fillWith[shape];
    for (let k = 0; k < patch.length; k++) {
      const p = patch.items[k] * 4;
      data[p] = colour & 255;
      data[p + 1] = (colour >> 8) & 255;
      data[p + 2] = colour >> 16;
    }
    changed += patch.length + softenFringe(patch, shape, colour);
  }
  return changed;
}
