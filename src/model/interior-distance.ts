/**
 * How far is the inside of the drawn figure from its nearest line?
 *
 * The network sees a window of a few tens of working pixels around each
 * pixel. Where a region's inside is farther than that from every line, it
 * cannot tell a cloak from the page's background, and backgrounds in the
 * training data are white: it paints white patches (training/NOTES.md,
 * sessions 5 and 9). The working scale that avoids this depends on how open
 * the figure is, which the stroke width (linewidth.ts) says little about;
 * auto-scale.ts combines the two.
 *
 * The measure: the given percentile of the distance to the nearest ink over
 * the paper enclosed by the lines, i.e. the paper regions (paper-regions.ts,
 * gaps closed) that do not touch the page's edge and are not rectangles.
 * Paper regions touching the edge are the page's background, and
 * rectangles are a comic panel's: both may be as open as they like.
 *
 * Pages are measured on a grid of at most MEASURE_SIDE pixels a side: each
 * grid cell is ink if any of its pixels is (a thin line is never lost), and
 * distances are given back in page pixels.
 */
import type { LineValues } from './linewidth';
import { labelPaperRegions, PAPER_THRESHOLD, regionAt, type PaperRowSource, type RegionLabels } from './paper-regions';

/** The measuring grid's longest side: 1 Mpx of labels and distances at most. */
export const MEASURE_SIDE = 1024;

/** Fewer enclosed grid cells than this share of the grid: nothing enclosed worth measuring. */
const MIN_INTERIOR_SHARE = 0.002;

/**
 * 1 where the cell's every pixel is paper. Cells are `block` x `block` page
 * pixels; `rows` gives the page's paper flags row by row.
 */
export function paperGrid(rows: PaperRowSource, width: number, height: number, block: number): { cols: number; rows: number; paper: Uint8Array } {
  const cols = Math.ceil(width / block);
  const gridRows = Math.ceil(height / block);
  const paper = new Uint8Array(cols * gridRows).fill(1);
  const cellOf = Int32Array.from({ length: width }, (_, x) => Math.floor(x / block));
  rows((y, flags) => {
    const cellRow = Math.floor(y / block) * cols;
    for (let x = 0; x < width; x++) if (flags[x] === 0) paper[cellRow + cellOf[x]] = 0;
  });
  return { cols, rows: gridRows, paper };
}

/** The paper flags (value >= PAPER_THRESHOLD) of line values, row by row. */
export function valuePaperRows(line: LineValues): PaperRowSource {
  return (visit) => {
    const flags = new Uint8Array(line.width);
    for (let y = 0, i = 0; y < line.height; y++) {
      for (let x = 0; x < line.width; x++, i++) flags[x] = line.at(i) >= PAPER_THRESHOLD ? 1 : 0;
      visit(y, flags);
    }
  };
}

/**
 * Squared Euclidean distance transform along one line of `n` samples
 * (Felzenszwalb and Huttenlocher 2012, the lower envelope of parabolas):
 * out[i] = min_j (f[j] + (i - j)^2), read and written with a stride.
 */
function distanceLine(f: Float64Array, n: number, out: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    if (f[q] === Infinity) continue;
    if (f[v[0]] === Infinity) {
      v[0] = q;
      continue;
    }
    let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    while (s <= z[k]) {
      k--;
      s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  if (f[v[0]] === Infinity) {
    out.fill(Infinity, 0, n);
    return;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    const d = q - v[k];
    out[q] = d * d + f[v[k]];
  }
}

/** Squared distance of every cell to the nearest ink cell (Infinity with no ink at all). */
export function squaredInkDistance(paper: Uint8Array, cols: number, rows: number): Float64Array {
  const dist = new Float64Array(cols * rows);
  const n = Math.max(cols, rows);
  const f = new Float64Array(n);
  const out = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < cols; x++) {
    for (let y = 0; y < rows; y++) f[y] = paper[y * cols + x] ? Infinity : 0;
    distanceLine(f, rows, out, v, z);
    for (let y = 0; y < rows; y++) dist[y * cols + x] = out[y];
  }
  for (let y = 0; y < rows; y++) {
    const row = y * cols;
    for (let x = 0; x < cols; x++) f[x] = dist[row + x];
    distanceLine(f, cols, out, v, z);
    for (let x = 0; x < cols; x++) dist[row + x] = out[x];
  }
  return dist;
}

/**
 * A region at least PANEL_SIDE of the page wide and tall whose rows, filled
 * from its leftmost to its rightmost pixel, cover at least PANEL_FILL of its
 * bounding box is a comic panel's background around the figures in it (a
 * disc covers pi / 4 = 0.785 of its box, a cloak or a face less). Small
 * regions are left alone: most are nearly their box, and they are a
 * figure's details.
 */
const PANEL_FILL = 0.9;
const PANEL_SIDE = 1 / 8;

/**
 * 1 for the regions that are not a figure's inside: ink (0), paper touching
 * at least `edgeSides` of the page's four edges, and large rectangle-like
 * regions (PANEL_FILL), so that a comic page's empty panel backgrounds do
 * not make it look open. With edgeSides 2 a figure cut off by one edge (a
 * bust portrait's cloak) is not background; the page's surround touches two.
 */
export function backgroundRegions(regions: RegionLabels, edgeSides = 1): Uint8Array {
  const { width, height, count } = regions;
  const flags = new Uint8Array(count + 1);
  flags[0] = 1;
  const minX = new Int32Array(count + 1).fill(width);
  const maxX = new Int32Array(count + 1).fill(-1);
  const minY = new Int32Array(count + 1).fill(height);
  const maxY = new Int32Array(count + 1).fill(-1);
  const rowFill = new Float64Array(count + 1);
  const rowFirst = new Int32Array(count + 1).fill(-1);
  const rowLast = new Int32Array(count + 1);
  const seen = new Int32Array(count + 1);
  for (let y = 0; y < height; y++) {
    let touched = 0;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const r = regionAt(regions, i);
      if (rowFirst[r] < 0) {
        rowFirst[r] = x;
        seen[touched++] = r;
      }
      rowLast[r] = x;
    }
    for (let k = 0; k < touched; k++) {
      const r = seen[k];
      rowFill[r] += rowLast[r] - rowFirst[r] + 1;
      minX[r] = Math.min(minX[r], rowFirst[r]);
      maxX[r] = Math.max(maxX[r], rowLast[r]);
      minY[r] = Math.min(minY[r], y);
      maxY[r] = y;
      rowFirst[r] = -1;
    }
  }
  for (let r = 1; r <= count; r++) {
    const sides = Number(minX[r] === 0) + Number(minY[r] === 0) + Number(maxX[r] === width - 1) + Number(maxY[r] === height - 1);
    const edge = sides >= edgeSides;
    const boxWidth = maxX[r] - minX[r] + 1;
    const boxHeight = maxY[r] - minY[r] + 1;
    const panel = boxWidth >= PANEL_SIDE * width && boxHeight >= PANEL_SIDE * height && rowFill[r] >= PANEL_FILL * boxWidth * boxHeight;
    if (edge || panel) flags[r] = 1;
  }
  return flags;
}

/**
 * The `percentile` (0..1) of the distance, in page pixels, from the paper
 * the lines enclose to the nearest ink; undefined when the lines enclose
 * (almost) nothing or there is no ink. `gapRadius` closes gaps in the lines
 * as the region fill does (page pixels).
 */
export function measureInteriorDistance(line: LineValues, gapRadius: number, percentile = 0.9): number | undefined {
  const block = Math.max(1, Math.ceil(Math.max(line.width, line.height) / MEASURE_SIDE));
  const { cols, rows, paper } = paperGrid(valuePaperRows(line), line.width, line.height, block);
  const rowsOf: PaperRowSource = (visit) => {
    for (let y = 0; y < rows; y++) visit(y, paper.subarray(y * cols, (y + 1) * cols));
  };
  const regions = labelPaperRegions(cols, rows, rowsOf, Math.ceil(gapRadius / block));
  const background = backgroundRegions(regions);
  const dist = squaredInkDistance(paper, cols, rows);
  const inside = (i: number): boolean => !background[regionAt(regions, i)] && dist[i] !== Infinity;
  let count = 0;
  for (let i = 0; i < dist.length; i++) if (inside(i)) count++;
  if (count < Math.max(1, MIN_INTERIOR_SHARE * cols * rows)) return undefined;
  const values = new Float64Array(count);
  for (let i = 0, k = 0; i < dist.length; i++) if (inside(i)) values[k++] = dist[i];
  values.sort();
  return Math.sqrt(values[Math.min(count - 1, Math.floor(percentile * count))]) * block;
}
