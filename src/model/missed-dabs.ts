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
 * Distances are measured on the page grid (page-grid.ts), whose regions
 * these are.
 */
import { squaredInkDistance } from './interior-distance';
import type { PageGrid } from './page-grid';
import type { PaintedSpans } from './painted-spans';
import { cellRegions, forEachSegment, strokesOf } from './spill';
import type { RgbaImage } from './types';

/** A dab lies tight against the lines when its farthest cell from ink is at most this share of its region's farthest. */
const TIGHT_SHARE = 0.2;
/** Colours within this (0..255 a channel) of each other are one colour. */
const COLOUR_APART = 24;

/**
 * `hint` without its missed dabs: a copy with their pixels made
 * transparent (`hint`'s own pixels when `owned`), or `hint` itself where
 * none missed. `background` flags the page grid's regions of the page
 * around the figures.
 */
export function withoutMissedDabs(hint: RgbaImage, spans: PaintedSpans, grid: PageGrid, background: Uint8Array, owned = false): RgbaImage {
  const { regions, block, cols, rows } = grid;
  const strokes = strokesOf(hint, spans);
  if (strokes.count === 0) return hint;
  const { width, data } = hint;
  const regionOf = cellRegions(regions, block);
  const { from, to, stroke } = strokes;
  // Per stroke: its one region (-1: in two or more), its colour's sums over opaque pixels.
  const home = new Int32Array(strokes.count);
  const sums = new Float64Array(strokes.count * 4);
  for (let k = 0; k < strokes.runs; k++) {
    const s = stroke[k];
    const y = Math.floor(from[k] / width);
    forEachSegment(from[k], to[k], y, width, block, regionOf, (start, end, l) => {
      if (l === 0 || home[s] === -1) return;
      home[s] = home[s] === 0 || home[s] === l ? l : -1;
    });
    for (let i = from[k]; i < to[k]; i++) {
      if (data[i * 4 + 3] < 128) continue;
      for (let c = 0; c < 3; c++) sums[s * 4 + c] += data[i * 4 + c];
      sums[s * 4 + 3]++;
    }
  }
  // The candidates: strokes wholly in the page around. Without one, nothing to measure.
  const onPage = (s: number): boolean => home[s] > 0 && background[home[s]] === 1;
  let candidates = 0;
  for (let s = 0; s < strokes.count; s++) if (onPage(s)) candidates++;
  if (candidates === 0) return hint;

  // Colours painted in the figures' shapes.
  const colour = (s: number, c: number): number => sums[s * 4 + c] / Math.max(1, sums[s * 4 + 3]);
  const figureColours: number[][] = [];
  for (let s = 0; s < strokes.count; s++) if (home[s] !== 0 && !onPage(s) && sums[s * 4 + 3] > 0) figureColours.push([0, 1, 2].map((c) => colour(s, c)));
  const paintedInFigure = (s: number): boolean => figureColours.some((f) => f.every((v, c) => Math.abs(v - colour(s, c)) <= COLOUR_APART));

  // Distances to ink on the grid: each region's farthest cell, each stroke's farthest cell.
  const distance = squaredInkDistance(grid.paper, cols, rows);
  const regionFarthest = new Float64Array(regions.count + 1);
  for (let cy = 0, cell = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++, cell++) {
      const r = regions.region[regions.labels[cell]];
      if (background[r] === 1 && distance[cell] > regionFarthest[r]) regionFarthest[r] = distance[cell];
    }
  }
  const strokeFarthest = new Float64Array(strokes.count);
  for (let k = 0; k < strokes.runs; k++) {
    const s = stroke[k];
    if (!onPage(s)) continue;
    const y = Math.floor(from[k] / width);
    const row = Math.floor(y / block) * cols;
    for (let x = from[k] - y * width, end = to[k] - y * width; x < end; x += block) {
      const d = distance[row + Math.floor(x / block)];
      if (d > strokeFarthest[s]) strokeFarthest[s] = d;
    }
  }

  // Missed, unless its region holds a stroke that is not (paint laid in the open, or in a colour of its own).
  const missed = new Uint8Array(strokes.count);
  const regionKept = new Uint8Array(regions.count + 1);
  for (let s = 0; s < strokes.count; s++) {
    if (!onPage(s)) continue;
    const tight = strokeFarthest[s] <= TIGHT_SHARE * TIGHT_SHARE * regionFarthest[home[s]]; // squared distances
    if (tight && paintedInFigure(s)) missed[s] = 1;
    else regionKept[home[s]] = 1;
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
