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
import { regionAt } from './paper-regions';
import { backgroundRegions, PAGE_GRID_SIDE, pageGrid, valuePaperRows, type PageGrid } from './page-grid';

/** The measuring grid's longest side: the page grid's, 1 Mpx of labels and distances at most. */
export const MEASURE_SIDE = PAGE_GRID_SIDE;

/** Fewer enclosed grid cells than this share of the grid: nothing enclosed worth measuring. */
const MIN_INTERIOR_SHARE = 0.002;

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
 * The `percentile` (0..1) of the distance, in page pixels, from the paper
 * the lines enclose to the nearest ink; undefined when the lines enclose
 * (almost) nothing or there is no ink. `gapRadius` closes gaps in the lines
 * as the region fill does (page pixels).
 */
export function measureInteriorDistance(line: LineValues, gapRadius: number, percentile = 0.9): number | undefined {
  return interiorDistance(pageGrid(valuePaperRows(line), line.width, line.height, MEASURE_SIDE, gapRadius), percentile);
}

/** measureInteriorDistance on a page's grid, its gaps already closed (page-grid.ts). */
export function interiorDistance(grid: PageGrid, percentile = 0.9): number | undefined {
  const { cols, rows, block, paper, regions } = grid;
  const background = backgroundRegions(regions, 1, grid.edges);
  const dist = squaredInkDistance(paper, cols, rows);
  const inside = (i: number): boolean => !background[regionAt(regions, i)] && dist[i] !== Infinity;
  let count = 0;
  for (let i = 0; i < dist.length; i++) if (inside(i)) count++;
  if (count < Math.max(1, MIN_INTERIOR_SHARE * cols * rows)) return undefined;
  const values = new Float64Array(count);
  for (let i = 0, k = 0; i < dist.length; i++) if (inside(i)) values[k++] = dist[i];
  return Math.sqrt(kthSmallest(values, Math.min(count - 1, Math.floor(percentile * count)))) * block;
}

/**
 * The value a sort would put at index k (reorders `values`): quickselect
 * with a three-way partition (squared grid distances repeat a lot), linear
 * on average where sorting the up to 1 M values took ~50 ms.
 */
export function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    // Median of three as the pivot: sorted or constant runs do not make it quadratic.
    const a = values[lo];
    const b = values[(lo + hi) >> 1];
    const c = values[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    // values[lo..lt) < pivot, [lt..i) == pivot, (gt..hi] > pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = values[i];
      if (v < pivot) {
        values[i++] = values[lt];
        values[lt++] = v;
      } else if (v > pivot) {
        values[i] = values[gt];
        values[gt--] = v;
      } else {
        i++;
      }
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return values[k];
}
