/**
 * Dabs that missed their shape: paint laid on the page around a figure,
 * right beside a shape of the figure painted in the same colour.
 *
 * Why: one dab on the page around the figures colours all of it (the
 * region fill spreads it, and the white fill fills what the network left
 * white). An artist dabbing a figure quickly lands the odd dab just off
 * its shape: a pink dab 18 px outside a strand of long hair painted pink,
 * a brown dab in a shoe whose outline is open at the sole. Each turned
 * the whole page pink or brown (a review, session 29). A dab meant for
 * the page is mostly laid in the open, away from the figures.
 *
 * A stroke (spill.ts's: painted pixels of about one colour, connected) is
 * a missed dab, taken out of the hint, when it lies wholly in one region
 * of the page around the figures (`background`), and
 * - it lies tight against the lines: its farthest cell from ink is at most
 *   TIGHT_SHARE of the farthest any cell of its region lies (a sky dab in
 *   the open lies far out; on a crowded page the page around is narrow,
 *   and so is that farthest distance);
 * - its colour (within COLOUR_APART a channel) is painted in a shape that
 *   is not the page around (the figure it was meant for);
 * - and every stroke in its region is such a dab: a region with paint laid
 *   in the open is painted on purpose, and its dabs by the figure are the
 *   artist's too.
 * Regions are the page grid's (page-grid.ts); distances to ink are
 * measured on a coarser grid (COARSE_SIDE), and a stroke's colour is read
 * at one of its pixels.
 */
import { squaredInkDistance } from './interior-distance';
import type { PageGrid } from './page-grid';
import { PAINTED_ALPHA, type PaintedSpans } from './painted-spans';
import { cellRegions, forEachSegment, strokesOf } from './spill';
import type { RgbaImage } from './types';

/** A dab lies tight against the lines when its farthest cell from ink is at most this share of its region's farthest. */
const TIGHT_SHARE = 0.2;
/** Colours within this (0..255 a channel) of each other are one colour. */
const COLOUR_APART = 24;
/** Distances to ink are measured on a grid of at most this many cells a side: how open a spot is, not where a line lies. */
const COARSE_SIDE = 256;

/**
 * `hint` without its missed dabs: a copy with their pixels made
 * transparent (`hint`'s own pixels when `owned`), or `hint` itself where
 * none missed. `background` flags the page grid's regions of the page
 * around the figures.
 */
export function withoutMissedDabs(hint: RgbaImage, spans: PaintedSpans, grid: PageGrid, background: Uint8Array, owned = false): RgbaImage {
  const { regions, block } = grid;
  const strokes = strokesOf(hint, spans);
  if (strokes.count === 0) return hint;
  const { width, data } = hint;
  const regionOf = cellRegions(regions, block);
  const { from, to, stroke } = strokes;
  // Per stroke: its one region (-1: in two or more) and its colour, read at one opaque pixel (a stroke
  // is paint of about one colour: spill.ts), or its first pixel.
  const home = new Int32Array(strokes.count);
  const sample = new Int32Array(strokes.count).fill(-1);
  for (let k = 0; k < strokes.runs; k++) {
    const s = stroke[k];
    const y = Math.floor(from[k] / width);
    forEachSegment(from[k], to[k], y, width, block, regionOf, (_start, _end, l) => {
      if (l === 0 || home[s] === -1) return;
      home[s] = home[s] === 0 || home[s] === l ? l : -1;
    });
    if (sample[s] < 0 || data[sample[s] * 4 + 3] < PAINTED_ALPHA) {
      const middle = (from[k] + to[k]) >> 1;
      if (sample[s] < 0 || data[middle * 4 + 3] >= PAINTED_ALPHA) sample[s] = middle;
    }
  }
  const onPage = (s: number): boolean => home[s] > 0 && background[home[s]] === 1;
  const colour = (s: number, c: number): number => data[sample[s] * 4 + c];
  // The figures' colours, each once, binned by 32 levels a channel: a stroke looks in the (at most 8)
  // bins within COLOUR_APART of its colour, not through every figure stroke (a spatter brush makes
  // tens of thousands: a code review timed the pairwise search at minutes).
  const bins = new Map<number, number[]>();
  const binOf = (r: number, g: number, b: number): number => ((r >> 5) << 6) | ((g >> 5) << 3) | (b >> 5);
  for (let s = 0; s < strokes.count; s++) {
    if (home[s] === 0 || onPage(s)) continue;
    const packed = colour(s, 0) | (colour(s, 1) << 8) | (colour(s, 2) << 16);
    const key = binOf(colour(s, 0), colour(s, 1), colour(s, 2));
    const list = bins.get(key);
    if (!list) bins.set(key, [packed]);
    else if (!list.includes(packed)) list.push(packed);
  }
  const paintedInFigure = (s: number): boolean => {
    const [r, g, b] = [colour(s, 0), colour(s, 1), colour(s, 2)];
    const range = (v: number): [number, number] => [Math.max(0, v - COLOUR_APART) >> 5, Math.min(255, v + COLOUR_APART) >> 5];
    const [[r0, r1], [g0, g1], [b0, b1]] = [range(r), range(g), range(b)];
    for (let br = r0; br <= r1; br++) {
      for (let bg = g0; bg <= g1; bg++) {
        for (let bb = b0; bb <= b1; bb++) {
          for (const f of bins.get((br << 6) | (bg << 3) | bb) ?? []) {
            if (Math.abs((f & 255) - r) <= COLOUR_APART && Math.abs(((f >> 8) & 255) - g) <= COLOUR_APART && Math.abs((f >> 16) - b) <= COLOUR_APART) return true;
          }
        }
      }
    }
    return false;
  };

  // The candidates: strokes wholly in the page around, in a colour painted in a figure. A region with a
  // stroke of its own colour keeps all its paint; where no region could lose any, nothing to measure.
  const missed = new Uint8Array(strokes.count);
  const regionKept = new Uint8Array(regions.count + 1);
  for (let s = 0; s < strokes.count; s++) {
    if (!onPage(s)) continue;
    if (paintedInFigure(s)) missed[s] = 1;
    else regionKept[home[s]] = 1;
  }
  let candidates = 0;
  for (let s = 0; s < strokes.count; s++) {
    if (missed[s] && regionKept[home[s]]) missed[s] = 0;
    candidates += missed[s];
  }
  if (candidates === 0) return hint;

  // How far from ink, on a coarse grid (a measure of how open a spot is, not where a line lies): each
  // candidate region's farthest cell, and each candidate's farthest cell.
  const coarse = coarseDistance(grid);
  const regionFarthest = new Float64Array(regions.count + 1);
  for (let cy = 0, cell = 0; cy < coarse.rows; cy++) {
    for (let cx = 0; cx < coarse.cols; cx++, cell++) {
      const gx = Math.min(grid.cols - 1, cx * coarse.step + (coarse.step >> 1));
      const gy = Math.min(grid.rows - 1, cy * coarse.step + (coarse.step >> 1));
      const r = regions.region[regions.labels[gy * grid.cols + gx]];
      if (coarse.distance[cell] > regionFarthest[r]) regionFarthest[r] = coarse.distance[cell];
    }
  }
  const strokeFarthest = new Float64Array(strokes.count);
  const pixelsPerCell = block * coarse.step;
  for (let k = 0; k < strokes.runs; k++) {
    const s = stroke[k];
    if (!missed[s]) continue;
    const y = Math.floor(from[k] / width);
    const row = Math.floor(y / pixelsPerCell) * coarse.cols;
    // Every coarse cell the run touches, its last included.
    for (let cell = Math.floor((from[k] - y * width) / pixelsPerCell), last = Math.floor((to[k] - 1 - y * width) / pixelsPerCell); cell <= last; cell++) {
      const d = coarse.distance[row + cell];
      if (d > strokeFarthest[s]) strokeFarthest[s] = d;
    }
  }
  // Tight against the lines, or laid in the open (and then its region keeps all its paint). A region too
  // narrow for the coarse grid to measure (no paper cell of its own) is a crowded page's: kept.
  for (let s = 0; s < strokes.count; s++) {
    if (!missed[s]) continue;
    const farthest = regionFarthest[home[s]];
    if (farthest === 0 || strokeFarthest[s] > TIGHT_SHARE * TIGHT_SHARE * farthest) regionKept[home[s]] = 1; // squared distances
  }
  let any = false;
  for (let s = 0; s < strokes.count; s++) {
    if (missed[s] && regionKept[home[s]]) missed[s] = 0;
    if (missed[s]) any = true;
  }
  if (!any) return hint;
  const out = owned ? data : Uint8ClampedArray.from(data);
  for (let k = 0; k < strokes.runs; k++) if (missed[stroke[k]]) out.fill(0, from[k] * 4, to[k] * 4);
  return { width: hint.width, height: hint.height, data: out };
}

/**
 * Squared distance to ink of every cell of a grid `step` times coarser than `grid` (at most
 * COARSE_SIDE cells a side): a coarse cell is paper where every grid cell in it is.
 */
function coarseDistance(grid: PageGrid): { cols: number; rows: number; step: number; distance: Float64Array } {
  const step = Math.max(1, Math.ceil(Math.max(grid.cols, grid.rows) / COARSE_SIDE));
  const cols = Math.ceil(grid.cols / step);
  const rows = Math.ceil(grid.rows / step);
  const paper = new Uint8Array(cols * rows).fill(1);
  for (let gy = 0; gy < grid.rows; gy++) {
    const row = Math.floor(gy / step) * cols;
    for (let gx = 0, cell = gy * grid.cols; gx < grid.cols; gx++, cell++) if (grid.paper[cell] === 0) paper[row + Math.floor(gx / step)] = 0;
  }
  return { cols, rows, step, distance: squaredInkDistance(paper, cols, rows) };
}
