/**
 * The hint read per region of the page grid (page-grid.ts), and paper the
 * engine keeps white on the artist's behalf, which the network would colour
 * and no colourist does: speech balloons (text-balloons.ts), painted white
 * in the hint so the network sees them white, and a comic page's gutters
 * and panel backgrounds (page-gutters.ts), made white in the result
 * (gutters painted in the hint changed the network's colour inside the
 * panels: grey clouds on an unpainted page).
 */
import { IndexList, PAPER_THRESHOLD, regionAt } from './paper-regions';
import type { LineValues } from './linewidth';
import type { PageGrid } from './page-grid';
import type { PaintedSpans } from './painted-spans';
import type { RgbaImage } from './types';

/** Per region of `grid` (index = region): its cell count and its box in cells (inclusive). */
export interface RegionBoxes {
  readonly cells: Int32Array;
  readonly left: Int32Array;
  readonly top: Int32Array;
  readonly right: Int32Array;
  readonly bottom: Int32Array;
}

export function regionBoxes(grid: PageGrid): RegionBoxes {
  const { cols, rows, regions } = grid;
  const n = regions.count + 1;
  const boxes = {
    cells: new Int32Array(n),
    left: new Int32Array(n).fill(cols),
    top: new Int32Array(n).fill(rows),
    right: new Int32Array(n).fill(-1),
    bottom: new Int32Array(n).fill(-1),
  };
  for (let cy = 0, cell = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++, cell++) {
      const r = regionAt(regions, cell);
      if (r === 0) continue;
      boxes.cells[r]++;
      if (cx < boxes.left[r]) boxes.left[r] = cx;
      if (cx > boxes.right[r]) boxes.right[r] = cx;
      if (cy < boxes.top[r]) boxes.top[r] = cy;
      boxes.bottom[r] = cy;
    }
  }
  return boxes;
}

/**
 * Per region of `grid`, how many pixels of the hint's painted spans fall in
 * its cells (a span may bridge a few unpainted pixels: an upper bound).
 * All zeros without spans.
 */
export function paintedPixels(grid: PageGrid, spans: PaintedSpans | undefined): Float64Array {
  const painted = new Float64Array(grid.regions.count + 1);
  if (!spans) return painted;
  const { cols, block, regions } = grid;
  for (let y = 0; y < spans.height; y++) {
    const cellRow = Math.floor(y / block) * cols;
    for (let k = spans.rowStart[y]; k < spans.rowStart[y + 1]; k++) {
      const from = spans.from[k];
      const to = spans.to[k];
      for (let cx = Math.floor(from / block), last = Math.floor((to - 1) / block); cx <= last; cx++) {
        painted[regionAt(regions, cellRow + cx)] += Math.min(to, (cx + 1) * block) - Math.max(from, cx * block);
      }
    }
  }
  return painted;
}

/**
 * The hint with the cells of `chosen` (regions of `grid`: paper cells only,
 * so never a line) painted opaque white: into `hint` itself when `owned` (a
 * copy the engine made already, or a hint given over to it; unpaintRegions
 * takes the paint off again),
 * else into a copy, or a new layer where there is no hint.
 */
export function withRegionsPaintedWhite(hint: RgbaImage | undefined, owned: boolean, width: number, height: number, grid: PageGrid, chosen: readonly number[]): RgbaImage {
  const out: RgbaImage = hint ? (owned ? hint : { width, height, data: new Uint8ClampedArray(hint.data) }) : { width, height, data: new Uint8ClampedArray(width * height * 4) };
  fillRegionCells(out, grid, chosen, 255);
  return out;
}

/**
 * Makes the cells of `chosen` transparent in `hint` (in place): where
 * withRegionsPaintedWhite painted regions the artist had left unpainted
 * into a hint the engine writes, the artist's hint again, without a second
 * copy. (Their transparent pixels' colour bytes are zeros then.)
 */
export function unpaintRegions(hint: RgbaImage, grid: PageGrid, chosen: readonly number[]): void {
  fillRegionCells(hint, grid, chosen, 0);
}

/** Every byte of the cells of `chosen` (regions of `grid`) in `image` set to `value`. */
function fillRegionCells(image: RgbaImage, grid: PageGrid, chosen: readonly number[], value: number): void {
  const { width, height, data } = image;
  const { cols, rows, block, regions } = grid;
  const flag = new Uint8Array(regions.count + 1);
  for (const r of chosen) flag[r] = 1;
  for (let cy = 0, cell = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++, cell++) {
      if (!flag[regionAt(regions, cell)]) continue;
      for (let y = cy * block, yEnd = Math.min(height, y + block); y < yEnd; y++) data.fill(value, (y * width + cx * block) * 4, (y * width + Math.min(width, (cx + 1) * block)) * 4);
    }
  }
}

/**
 * Makes the paper of `chosen` (regions of `grid`) white in the coloured page
 * `image`, in place: their cells, and the paper pixels of the ink cells
 * beside them that can be reached from them without crossing a line, at
 * most a cell's width away (a line's near edge, the paper between it and the
 * cell's edge); ink keeps its colour. With `multiplied` the lines are multiplied over the colour,
 * so white is the line's own lightness. Returns how many pixels it set.
 */
export function paintPaperWhite(image: RgbaImage, grid: PageGrid, chosen: readonly number[], line: LineValues, multiplied: boolean): number {
  const { regions } = grid;
  const flag = new Uint8Array(regions.count + 1);
  for (const r of chosen) flag[r] = 1;
  const cells = new Uint8Array(grid.cols * grid.rows);
  for (let cell = 0; cell < cells.length; cell++) cells[cell] = flag[regionAt(regions, cell)] * FULL;
  return paintCellsWhite(image, grid, cells, line, multiplied);
}

/** A cell made white all the way (paintCellsWhite). */
export const FULL = 255;

/**
 * paintPaperWhite for the paper cells of `grid` that `chosen` marks FULL (a
 * byte per cell), whatever their region: the cells, and the paper of the ink
 * cells beside them reached without crossing a line, at most a cell's width
 * away. A cell marked 1 to FULL - 1 is taken that share of the way to white
 * (255 = all), and does not spread.
 */
export function paintCellsWhite(image: RgbaImage, grid: PageGrid, chosen: Uint8Array, line: LineValues, multiplied: boolean): number {
  const { width, height, data } = image;
  const { cols, block, regions } = grid;
  const cellOf = (x: number, y: number): number => Math.floor(y / block) * cols + Math.floor(x / block);
  const white = (i: number): void => {
    const v = multiplied ? Math.round(255 * Math.min(1, line.at(i))) : 255;
    data[i * 4] = v;
    data[i * 4 + 1] = v;
    data[i * 4 + 2] = v;
  };
  /** Part of the way to white: `share` of 255. */
  const toward = (i: number, share: number): void => {
    const v = multiplied ? 255 * Math.min(1, line.at(i)) : 255;
    for (let c = i * 4; c < i * 4 + 3; c++) data[c] = Math.round(data[c] + ((v - data[c]) * share) / 255);
  };
  // Pixels reached so far, as 1 + their steps from the chosen cells (0: not reached).
  const reached = new Uint8Array(width * height);
  const queue = new IndexList();
  let set = 0;
  for (let cy = 0, cell = 0; cy < grid.rows; cy++) {
    for (let cx = 0; cx < cols; cx++, cell++) {
      const share = chosen[cell];
      if (share === 0 || regionAt(regions, cell) === 0) continue;
      if (share < FULL) {
        // Part of the way: a fade, not spread into the ink cells beside it.
        for (let y = cy * block, yEnd = Math.min(height, y + block); y < yEnd; y++) {
          for (let i = y * width + cx * block, end = y * width + Math.min(width, (cx + 1) * block); i < end; i++) toward(i, share);
        }
        set += Math.min(block, width - cx * block) * Math.min(block, height - cy * block);
        continue;
      }
      // Only a cell beside an ink cell can spread into one: the others' pixels are not queued.
      const besideInk = (cx > 0 && regionAt(regions, cell - 1) === 0) || (cx < cols - 1 && regionAt(regions, cell + 1) === 0) || (cy > 0 && regionAt(regions, cell - cols) === 0) || (cy < grid.rows - 1 && regionAt(regions, cell + cols) === 0);
      for (let y = cy * block, yEnd = Math.min(height, y + block); y < yEnd; y++) {
        for (let i = y * width + cx * block, end = y * width + Math.min(width, (cx + 1) * block); i < end; i++) {
          white(i);
          set++;
          reached[i] = 1;
          if (besideInk) queue.push(i);
        }
      }
    }
  }
  // Into the ink cells beside them, through paper pixels only, and at most a cell's width (`block`
  // steps) from the chosen cells: the paper between a line and the cell's edge, not on through a gap
  // in the line that the region finding closed (inside the ink cells of a page over 1,024 px).
  const visit = (i: number, x: number, y: number, step: number): void => {
    if (reached[i] || regionAt(regions, cellOf(x, y)) !== 0 || line.at(i) < PAPER_THRESHOLD) return;
    reached[i] = step + 1;
    white(i);
    set++;
    if (step < block) queue.push(i);
  };
  for (let head = 0; head < queue.length; head++) {
    const i = queue.items[head];
    const y = Math.floor(i / width);
    const x = i - y * width;
    const step = reached[i]; // its own steps + 1
    if (x > 0) visit(i - 1, x - 1, y, step);
    if (x < width - 1) visit(i + 1, x + 1, y, step);
    if (y > 0) visit(i - width, x, y - 1, step);
    if (y < height - 1) visit(i + width, x, y + 1, step);
  }
  return set;
}
