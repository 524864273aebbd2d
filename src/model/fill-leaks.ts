/**
 * Where the region fill's gap closing lets a stroke's colour out through a
 * gap just wider than it closes, the region is read again at a closing one
 * pixel wider.
 *
 * A painted region leaks when the paint's own parts of it at the wider
 * closing (its parts there that hold paint) are under a third of it: the
 * wider closing walls most of it off from every stroke. Each of its pixels
 * then takes the fill of its part at the wider closing (none where that
 * holds no paint), so the page around a figure, or the next shape, stays
 * unfilled. Everywhere else the fill is unchanged: the wider closing
 * everywhere would also cut off narrow shapes and slivers the paint is
 * meant to reach.
 *
 * Why: a page's gaps grow with its resolution while the closing is in
 * working pixels, and 'auto' works a big page finer than a small one. On
 * the hint walk's 25 pages enlarged 2.7x (as a 300 dpi scan), one dab's
 * colour filled a page's whole background and others ran into neighbour
 * shapes: 22,950 leaked pixels at 'auto', 3,396 with this (pixels the
 * strokes' own regions missed: 25,897 -> 26,712); at working scale 1,
 * 265,033 -> 40,828. A closing one wider everywhere leaked 1,818 but
 * missed 32,786, and on the pages at their own size leaked 4x more.
 *
 * Cost: a region is only read again where the page grid (page-grid.ts,
 * closed at least as wide, and at most scales already labelled for the
 * spills) says it might leak; then only the box around it is labelled, its
 * own pixels as paper (from the fill's labels), and the hint read in the
 * box's rows. A page with no suspect costs a pass over the grid's cells.
 */
import { labelPaperRegions, MAX_GAP_RADIUS, regionAt, type PaperRowSource, type RegionLabels } from './paper-regions';
import { regionFillOf, regionFillTable, type HintPixelSource, type RegionFill } from './regions';

/** Under this share of a painted region in the wider closing's painted parts, it leaks. */
export const LEAK_SHARE = 1 / 3;

/** The page grid as the guard reads it: regions closed at least one pixel wider than the fill, and which hold paint. */
export interface LeakScreen {
  readonly regions: RegionLabels;
  /** Page pixels per cell side. */
  readonly block: number;
  readonly pageWidth: number;
  readonly pageHeight: number;
  /** Per grid region, > 0 where it holds paint. */
  readonly painted: ArrayLike<number>;
}

/** Working pixels [left, left + width) x [top, top + height). */
interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * `fill` (of a working canvas, labelled at `gapRadius`) with each leaking
 * region taken from its parts at a closing one pixel wider; `fill` itself
 * where none leaks, or there is no closing to widen (0: the artist asked
 * for none). Its labels are relabelled in place.
 */
export function withLeaksClosed(fill: RegionFill, hint: HintPixelSource, gapRadius: number, screenOf: () => LeakScreen): RegionFill {
  if (gapRadius === 0 || gapRadius >= MAX_GAP_RADIUS || !fill.fillOf.some((key) => key > 0)) return fill;
  const suspects = suspectBoxes(fill, screenOf());
  let { regions, table } = fill;
  for (const [suspect, box] of suspects) {
    const inBox = (k: number): number => (Math.floor(k / box.width) + box.top) * regions.width + box.left + (k % box.width);
    // The suspect's own pixels are the paper (all else ink), labelled at the wider closing.
    const paper: PaperRowSource = (visit) => {
      const row = new Uint8Array(box.width);
      for (let y = 0; y < box.height; y++) {
        const first = (y + box.top) * regions.width + box.left;
        for (let x = 0; x < box.width; x++) row[x] = regionAt(regions, first + x) === suspect ? 1 : 0;
        visit(y, row);
      }
    };
    const wider = labelPaperRegions(box.width, box.height, paper, gapRadius + 1);
    const widerTable = regionFillTable(wider, boxedHint(hint, regions.width, box));
    if (!leaks(wider, widerTable)) continue;
    // Its pixels take their parts' numbers, after the regions there are: count + part.
    const first = regions.region.length;
    const labels = first + wider.count <= 0xffff || regions.labels instanceof Int32Array ? regions.labels : Int32Array.from(regions.labels);
    for (let k = 0; k < wider.labels.length; k++) {
      const part = regionAt(wider, k);
      if (part !== 0) labels[inBox(k)] = first + part;
    }
    const region = new Int32Array(first + wider.count + 1);
    region.set(regions.region);
    for (let part = 1; part <= wider.count; part++) region[first + part] = regions.count + part;
    const grown = new Float32Array((regions.count + wider.count + 1) * 4);
    grown.set(table.subarray(0, (regions.count + 1) * 4));
    grown.set(widerTable.subarray(4), (regions.count + 1) * 4);
    regions = { width: regions.width, height: regions.height, labels, region, count: regions.count + wider.count };
    table = grown;
  }
  return table === fill.table ? fill : { regions, table, fillOf: regionFillOf(regions, table) };
}

/** Whether the painted parts of one region, read at the wider closing, are under LEAK_SHARE of it (and hold any of it). */
function leaks(wider: RegionLabels, widerTable: Float32Array): boolean {
  let size = 0;
  let held = 0;
  for (let k = 0; k < wider.labels.length; k++) {
    const part = regionAt(wider, k);
    if (part === 0) continue;
    size++;
    if (widerTable[part * 4 + 3] > 0) held++;
  }
  return held > 0 && held < LEAK_SHARE * size;
}

/**
 * The painted regions the grid says might leak (their cells in painted grid
 * regions, sampled at each cell's centre, are some but under LEAK_SHARE of
 * their cells), each with its box of working pixels (a cell wider each way).
 */
function suspectBoxes(fill: RegionFill, screen: LeakScreen): Map<number, Box> {
  const { regions, table } = fill;
  const grid = screen.regions;
  const n = regions.count + 1;
  const cells = new Float64Array(n);
  const held = new Float64Array(n);
  const [x0, y0, x1, y1] = [new Int32Array(n).fill(grid.width), new Int32Array(n).fill(grid.height), new Int32Array(n).fill(-1), new Int32Array(n).fill(-1)];
  const sx = regions.width / screen.pageWidth;
  const sy = regions.height / screen.pageHeight;
  // The working pixel at each cell's centre, by column and by row.
  const centres = (cellCount: number, scale: number, length: number, page: number): Int32Array =>
    Int32Array.from({ length: cellCount }, (_, cell) => Math.min(length - 1, Math.floor(Math.min(page - 1, (cell + 0.5) * screen.block) * scale)));
  const xs = centres(grid.width, sx, regions.width, screen.pageWidth);
  const ys = centres(grid.height, sy, regions.height, screen.pageHeight);
  for (let cy = 0; cy < grid.height; cy++) {
    const rowStart = ys[cy] * regions.width;
    for (let cx = 0; cx < grid.width; cx++) {
      const r = regionAt(regions, rowStart + xs[cx]);
      if (!(table[r * 4 + 3] > 0)) continue;
      cells[r]++;
      const g = regionAt(grid, cy * grid.width + cx);
      if (g !== 0 && screen.painted[g] > 0) held[r]++;
      x0[r] = Math.min(x0[r], cx);
      y0[r] = Math.min(y0[r], cy);
      x1[r] = Math.max(x1[r], cx);
      y1[r] = Math.max(y1[r], cy);
    }
  }
  const boxes = new Map<number, Box>();
  for (let r = 1; r < n; r++) {
    if (!(held[r] > 0 && held[r] < LEAK_SHARE * cells[r])) continue;
    const left = Math.max(0, Math.floor((x0[r] - 1) * screen.block * sx));
    const top = Math.max(0, Math.floor((y0[r] - 1) * screen.block * sy));
    const right = Math.min(regions.width, Math.ceil((x1[r] + 2) * screen.block * sx));
    const bottom = Math.min(regions.height, Math.ceil((y1[r] + 2) * screen.block * sy));
    boxes.set(r, { left, top, width: right - left, height: bottom - top });
  }
  return boxes;
}

/** `hint` (of a canvas `width` wide) inside `box`, as a source of the box's own pixel indices; only the box's rows are asked for. */
function boxedHint(hint: HintPixelSource, width: number, box: Box): HintPixelSource {
  return (visit) => {
    hint(
      (from, to, r, g, b, mask) => {
        // A run may cross rows: each row's part inside the box.
        for (let start = from; start < to; ) {
          const y = Math.floor(start / width);
          const rowEnd = Math.min(to, (y + 1) * width);
          const boxRow = y - box.top;
          if (boxRow >= 0 && boxRow < box.height) {
            const lo = Math.max(start - y * width, box.left);
            const hi = Math.min(rowEnd - y * width, box.left + box.width);
            if (lo < hi) visit(boxRow * box.width + lo - box.left, boxRow * box.width + hi - box.left, r, g, b, mask);
          }
          start = rowEnd;
        }
      },
      { from: box.top, to: box.top + box.height },
    );
  };
}
