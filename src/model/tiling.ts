/**
 * Splits the working canvas into overlapping tiles and blends them back.
 *
 * Tiles form a grid: the same column positions in every row, so blend
 * weights are separable (w(x, y) = wx(x) * wy(y)) and the weight sum at any
 * pixel is the product of two 1-D sums, no weight plane needed. Along an axis
 * longer than a tile, tiles are tileSize (rounded up to the size multiple,
 * so they need no padding) and spread evenly with at least tileOverlap
 * between neighbours. Along an axis no longer than a tile, one tile covers
 * it and is padded (mirrored) up to the size multiple, then cropped.
 *
 * Weights ramp linearly across each overlap (a cross-fade), and are 1 at the
 * canvas border, so seams fade instead of cutting.
 */

export interface AxisPlan {
  /** Canvas length along this axis. */
  readonly length: number;
  /** Tile starts, increasing; the last tile ends at `length`. */
  readonly starts: readonly number[];
  /** Tile length (<= length). */
  readonly size: number;
  /** Tile length after padding to the size multiple (>= size). */
  readonly paddedSize: number;
  /** Overlap (in px) with the previous / next tile, per tile; 0 at the canvas border. */
  readonly overlapBefore: readonly number[];
  readonly overlapAfter: readonly number[];
}

export interface TileGrid {
  readonly x: AxisPlan;
  readonly y: AxisPlan;
  readonly tilesTotal: number;
}

export interface Tile {
  readonly index: number;
  readonly column: number;
  readonly row: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly paddedWidth: number;
  readonly paddedHeight: number;
}

const roundUp = (n: number, multiple: number): number => Math.ceil(n / multiple) * multiple;

export function planAxis(length: number, tileSize: number, tileOverlap: number, sizeMultiple: number): AxisPlan {
  const tile = roundUp(Math.max(tileSize, sizeMultiple), sizeMultiple);
  if (length <= tile) {
    return { length, starts: [0], size: length, paddedSize: roundUp(length, sizeMultiple), overlapBefore: [0], overlapAfter: [0] };
  }
  const overlap = Math.min(tileOverlap, Math.floor(tile / 2) - 1);
  const count = Math.ceil((length - overlap) / (tile - overlap));
  const starts: number[] = [];
  for (let i = 0; i < count; i++) starts.push(Math.round((i * (length - tile)) / (count - 1)));
  const overlapBefore = starts.map((s, i) => (i === 0 ? 0 : starts[i - 1] + tile - s));
  const overlapAfter = starts.map((s, i) => (i === count - 1 ? 0 : s + tile - starts[i + 1]));
  return { length, starts, size: tile, paddedSize: tile, overlapBefore, overlapAfter };
}

export function planGrid(width: number, height: number, tileSize: number, tileOverlap: number, sizeMultiple: number): TileGrid {
  const x = planAxis(width, tileSize, tileOverlap, sizeMultiple);
  const y = planAxis(height, tileSize, tileOverlap, sizeMultiple);
  return { x, y, tilesTotal: x.starts.length * y.starts.length };
}

/** Tiles in raster order (row by row). */
export function* tilesOf(grid: TileGrid): Generator<Tile> {
  let index = 0;
  for (let row = 0; row < grid.y.starts.length; row++) {
    for (let column = 0; column < grid.x.starts.length; column++) {
      yield {
        index: index++,
        column,
        row,
        x: grid.x.starts[column],
        y: grid.y.starts[row],
        width: grid.x.size,
        height: grid.y.size,
        paddedWidth: grid.x.paddedSize,
        paddedHeight: grid.y.paddedSize,
      };
    }
  }
}

/**
 * Blend weight of tile `i` along one axis at offset `t` inside the tile:
 * a linear ramp across each overlap, never exactly 0, so every pixel has a
 * positive weight sum.
 */
export function axisWeight(plan: AxisPlan, i: number, t: number): number {
  const before = plan.overlapBefore[i];
  const after = plan.overlapAfter[i];
  let w = 1;
  if (before > 0) w = Math.min(w, (t + 0.5) / before);
  if (after > 0) w = Math.min(w, (plan.size - t - 0.5) / after);
  return w;
}

/** Per-tile weight table along an axis: weights[i][t]. */
export function axisWeightTable(plan: AxisPlan): Float32Array[] {
  return plan.starts.map((_, i) => {
    const w = new Float32Array(plan.size);
    for (let t = 0; t < plan.size; t++) w[t] = axisWeight(plan, i, t);
    return w;
  });
}

/** Sum over tiles of the axis weights at each canvas position. */
export function axisWeightSum(plan: AxisPlan, table: Float32Array[]): Float32Array {
  const sum = new Float32Array(plan.length);
  plan.starts.forEach((s, i) => {
    for (let t = 0; t < plan.size; t++) sum[s + t] += table[i][t];
  });
  return sum;
}

/**
 * Per-tile axis weights divided by the weight sum at each canvas position,
 * times `scale`: weights[i][t] = scale * w_i(t) / sum_j w_j. The product of
 * an x and a y table then sums to `scale` at every pixel, so tiles blended
 * with them need no normalisation pass afterwards (a full-canvas pass saved).
 */
export function normalisedAxisWeights(plan: AxisPlan, scale = 1): Float32Array[] {
  const table = axisWeightTable(plan);
  const sum = axisWeightSum(plan, table);
  return table.map((w, i) => {
    const start = plan.starts[i];
    const out = new Float32Array(w.length);
    for (let t = 0; t < w.length; t++) out[t] = (w[t] / sum[start + t]) * scale;
    return out;
  });
}

/** Mirror index for padding (reflect-101: ... c b | a b c d | c b ...), any distance, any n >= 1. */
export function reflect101(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - k;
}
