/**
 * Distances on a grid of cells in two raster passes: the 3-4 chamfer
 * (3 a step along a row or column, 4 a diagonal step), within 8 % of the
 * Euclidean distance. For the page grid's morphology (page-pockets.ts),
 * where an exact distance transform a radius (interior-distance.ts) cost
 * 100 ms and more a pass on a 1,024 x 1,024 grid: this is a tenth of that.
 */

/** Chamfer units per cell step along a row or column. */
export const CHAMFER_STEP = 3;
const DIAGONAL = 4;
/** Stands for "no source within reach": above any distance a grid holds. */
const FAR = 0xffff;

/**
 * Per cell, its chamfer distance (CHAMFER_STEP a cell) to the nearest cell
 * `source` marks 1; FAR (65,535) where it has none, and distances are
 * capped there (a 1,024-cell grid's farthest is 3 x 1,024 x 2: under it).
 */
export function chamferDistance(source: Uint8Array, cols: number, rows: number): Uint16Array {
  const d = new Uint16Array(cols * rows);
  for (let c = 0; c < d.length; c++) d[c] = source[c] === 1 ? 0 : FAR;
  // Forward: from the left, above-left, above and above-right.
  for (let y = 0; y < rows; y++) {
    const row = y * cols;
    for (let x = 0; x < cols; x++) {
      const c = row + x;
      let v = d[c];
      if (v === 0) continue;
      if (x > 0) v = Math.min(v, d[c - 1] + CHAMFER_STEP);
      if (y > 0) {
        v = Math.min(v, d[c - cols] + CHAMFER_STEP);
        if (x > 0) v = Math.min(v, d[c - cols - 1] + DIAGONAL);
        if (x < cols - 1) v = Math.min(v, d[c - cols + 1] + DIAGONAL);
      }
      d[c] = Math.min(v, FAR);
    }
  }
  // Backward: from the right, below-right, below and below-left.
  for (let y = rows - 1; y >= 0; y--) {
    const row = y * cols;
    for (let x = cols - 1; x >= 0; x--) {
      const c = row + x;
      let v = d[c];
      if (v === 0) continue;
      if (x < cols - 1) v = Math.min(v, d[c + 1] + CHAMFER_STEP);
      if (y < rows - 1) {
        v = Math.min(v, d[c + cols] + CHAMFER_STEP);
        if (x < cols - 1) v = Math.min(v, d[c + cols + 1] + DIAGONAL);
        if (x > 0) v = Math.min(v, d[c + cols - 1] + DIAGONAL);
      }
      d[c] = Math.min(v, FAR);
    }
  }
  return d;
}
