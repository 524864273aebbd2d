/**
 * A box blur that stays inside regions: every row, then every column, is
 * averaged over runs of cells of one region only, so a value never leaks
 * across a line into the neighbouring shape (an edge-stopped filter in the
 * manner of Gastal and Oliveira's domain transform, with region labels as
 * the edges). Each region has its own radius, so a thin strand of hair is
 * smoothed across a few cells and a cloak across many.
 *
 * A pair of passes with one radius leaves streaks where a shape's outline is
 * ragged (neighbouring columns end at different rows, and the last pass
 * averages each over its own run), so, as the domain transform does, the
 * pairs are repeated with radii halving each time, whose variances sum to
 * the Gaussian's: the last, narrow pass leaves little to streak.
 */

/**
 * Averages `values` in place, `iterations` pairs of passes along rows and
 * then columns. `region[i]` is the cell's region (0 = not blurred, left as
 * it is); `sigma[r]` is region r's Gaussian sigma in cells (0 = not blurred).
 */
export function blurWithinRegions(values: Float32Array, region: Int32Array, cols: number, rows: number, sigma: Float32Array, iterations: number): void {
  const line = new Float32Array(Math.max(cols, rows));
  const sums = new Float64Array(Math.max(cols, rows) + 1);
  const radius = new Float32Array(sigma.length);
  for (let k = 0; k < iterations; k++) {
    // Iteration k's sigma (Gastal and Oliveira 2011, eq. 14), as a box radius: a box of radius r has sigma r / sqrt(3).
    const share = (Math.sqrt(3) * 2 ** (iterations - k - 1)) / Math.sqrt(4 ** iterations - 1);
    for (let r = 0; r < sigma.length; r++) radius[r] = Math.sqrt(3) * sigma[r] * share;
    for (let y = 0; y < rows; y++) blurLine(values, region, y * cols, 1, cols, radius, line, sums);
    for (let x = 0; x < cols; x++) blurLine(values, region, x, cols, rows, radius, line, sums);
  }
}

/** One row or column (`n` cells from `start`, `step` apart), run by run of one region. */
function blurLine(values: Float32Array, region: Int32Array, start: number, step: number, n: number, radius: Float32Array, line: Float32Array, sums: Float64Array): void {
  for (let k = 0, i = start; k < n; k++, i += step) line[k] = values[i];
  let from = 0;
  while (from < n) {
    const r = region[start + from * step];
    let to = from + 1;
    while (to < n && region[start + to * step] === r) to++;
    const reach = r === 0 ? 0 : Math.round(radius[r]);
    if (reach > 0 && to - from > 1) {
      // Prefix sums over the run; each cell averages the part of its window inside the run.
      sums[from] = 0;
      for (let k = from; k < to; k++) sums[k + 1] = sums[k] + line[k];
      for (let k = from; k < to; k++) {
        const lo = Math.max(from, k - reach);
        const hi = Math.min(to, k + reach + 1);
        values[start + k * step] = (sums[hi] - sums[lo]) / (hi - lo);
      }
    }
    from = to;
  }
}
