/**
 * A comic page's gutters and margins: the paper between and around its
 * panels, left unpainted, made white after the network (grid-paint.ts).
 *
 * Why: the network paints them (tan, mottled: an artist's review, session
 * 17), and no colourist does. Leave margins clears every region around the
 * drawing, but it is off by default: a leaky outline joins a figure's inside
 * to the page around it, and full-bleed art touches the page's edge
 * everywhere. This takes only the page around that is plainly a comic
 * page's: one region of the page grid (gaps closed) that
 * - reaches all four edges of the page (the margins join the gutters),
 * - is thin: its cells per boundary cell (about its half-width, or its
 *   width along the page's edge) are at most GUTTER_SHARE of the page's
 *   shorter side, and it is at most GUTTER_AREA of the page; the page around
 *   a figure, or around a figure joined to it through a gap, is far wider;
 * - and holds less than KEEP_MIN_PIXELS of paint (as Leave margins keeps a
 *   painted region around the drawing).
 */
import { KEEP_MIN_PIXELS } from './page-around';
import { regionAt } from './paper-regions';
import type { PageGrid } from './page-grid';
import type { RegionBoxes } from './grid-paint';

/** A gutter network's cells per boundary cell, at most this share of the page's shorter side (in cells). */
const GUTTER_SHARE = 0.06;
/**
 * ...and its share of the page at most this: gutters and margins are a sixth of a page or so, while
 * the open page around a figure is most of it, thin on average only where snow, stars or grass
 * fleck it.
 */
const GUTTER_AREA = 0.35;

/**
 * The regions of `grid` that are a comic page's unpainted gutters (see the
 * module comment); `painted` is grid-paint's paintedPixels, `boxes` its regionBoxes.
 */
export function pageGutters(grid: PageGrid, painted: Float64Array, boxes: RegionBoxes): number[] {
  const { cols, rows, regions, edges } = grid;
  if (!(edges.left && edges.top && edges.right && edges.bottom)) return [];
  const n = regions.count + 1;
  const boundary = new Int32Array(n);
  for (let cy = 0, cell = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++, cell++) {
      const r = regionAt(regions, cell);
      if (r === 0) continue;
      // A boundary cell has a neighbour (within the page) of another region, or ink.
      if ((cx > 0 && regionAt(regions, cell - 1) !== r) || (cx < cols - 1 && regionAt(regions, cell + 1) !== r) || (cy > 0 && regionAt(regions, cell - cols) !== r) || (cy < rows - 1 && regionAt(regions, cell + cols) !== r)) {
        boundary[r]++;
      }
    }
  }
  const widest = GUTTER_SHARE * Math.min(cols, rows);
  const most = GUTTER_AREA * cols * rows;
  const gutters: number[] = [];
  for (let r = 1; r < n; r++) {
    const cells = boxes.cells[r];
    const allSides = boxes.left[r] === 0 && boxes.top[r] === 0 && boxes.right[r] === cols - 1 && boxes.bottom[r] === rows - 1;
    if (allSides && boundary[r] > 0 && cells <= widest * boundary[r] && cells <= most && painted[r] < KEEP_MIN_PIXELS) gutters.push(r);
  }
  return gutters;
}
