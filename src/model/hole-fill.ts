/**
 * A smooth value for every pixel of a hole, from the pixels around it:
 * push-pull interpolation (Gortler et al., "The Lumigraph", 1996). The
 * white fill uses it for lightness, so a patch it fills is lit as the
 * colour beside each part of it is, instead of showing as one flat block
 * with a hard edge in a shaded shape.
 *
 * The box around the hole is cut into cells (one pixel each for boxes up to
 * MAX_CELLS a side, larger cells above that, so the work stays bounded);
 * each cell averages the source pixels in it. "Push": a pyramid of 2 x 2
 * sums up to one cell. "Pull": from the top down, a cell without sources
 * takes its parent's value (bilinear), one with a few a blend. Every pixel
 * then reads the finest level bilinearly: next to the hole's edge it is the
 * value there, inside it the average of the edge at the hole's scale.
 */

/** Cells a side at most: 128 x 128 values, whatever the hole's size. */
const MAX_CELLS = 128;

export interface Box {
  /** Inclusive pixel bounds. */
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

interface Level {
  readonly cols: number;
  readonly rows: number;
  /** Sums while pushing, values once pulled. */
  readonly value: Float32Array;
  readonly weight: Float32Array;
}

/** Bilinear sample of a pulled level at cell coordinates (cx, cy) (cell centres at .5). */
function sample(level: Level, cx: number, cy: number): number {
  const { cols, rows, value } = level;
  const fx = Math.min(cols - 1, Math.max(0, cx - 0.5));
  const fy = Math.min(rows - 1, Math.max(0, cy - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(cols - 1, x0 + 1);
  const y1 = Math.min(rows - 1, y0 + 1);
  const tx = fx - x0;
  const ty = fy - y0;
  const top = value[y0 * cols + x0] * (1 - tx) + value[y0 * cols + x1] * tx;
  const bottom = value[y1 * cols + x0] * (1 - tx) + value[y1 * cols + x1] * tx;
  return top * (1 - ty) + bottom * ty;
}

function emptyLevel(cols: number, rows: number): Level {
  return { cols, rows, value: new Float32Array(cols * rows), weight: new Float32Array(cols * rows) };
}

export class HoleFill {
  /** One row of the finest level, interpolated between two of its rows (row()). */
  private readonly column: Float32Array;

  private constructor(
    private readonly box: Box,
    private readonly cell: number,
    private readonly finest: Level,
  ) {
    this.column = new Float32Array(finest.cols);
  }

  /**
   * The fill for the pixels of `box` from its source pixels: `sources[0 ..
   * count - 1]`, their indices in the page (rows `width` long; those outside
   * the box are left out), each worth `valueOf(i)`. Null without any.
   */
  static around(box: Box, width: number, sources: Int32Array, count: number, valueOf: (i: number) => number): HoleFill | null {
    const boxWidth = box.right - box.left + 1;
    const boxHeight = box.bottom - box.top + 1;
    const cell = Math.max(1, Math.ceil(Math.max(boxWidth, boxHeight) / MAX_CELLS));
    const finest = emptyLevel(Math.ceil(boxWidth / cell), Math.ceil(boxHeight / cell));
    let found = 0;
    for (let s = 0; s < count; s++) {
      const i = sources[s];
      const y = Math.floor(i / width);
      const bx = i - y * width - box.left;
      const by = y - box.top;
      if (bx < 0 || by < 0 || bx >= boxWidth || by >= boxHeight) continue;
      const k = Math.floor(by / cell) * finest.cols + Math.floor(bx / cell);
      finest.value[k] += valueOf(i);
      finest.weight[k]++;
      found++;
    }
    if (found === 0) return null;

    // Push: each level's cells sum their 2 x 2 children, up to a single cell.
    const levels: Level[] = [finest];
    for (let below = finest; below.cols > 1 || below.rows > 1; ) {
      const up = emptyLevel(Math.ceil(below.cols / 2), Math.ceil(below.rows / 2));
      for (let y = 0; y < below.rows; y++) {
        for (let x = 0; x < below.cols; x++) {
          const from = y * below.cols + x;
          const to = (y >> 1) * up.cols + (x >> 1);
          up.weight[to] += below.weight[from];
          up.value[to] += below.value[from];
        }
      }
      levels.push(up);
      below = up;
    }
    // Pull: sums become values; a cell with under one pixel's worth of sources leans on its parent.
    levels[levels.length - 1].value[0] /= levels[levels.length - 1].weight[0];
    for (let l = levels.length - 2; l >= 0; l--) {
      const level = levels[l];
      const parent = levels[l + 1];
      for (let y = 0; y < level.rows; y++) {
        for (let x = 0; x < level.cols; x++) {
          const k = y * level.cols + x;
          const w = level.weight[k];
          const own = Math.min(1, w);
          const mean = w > 0 ? level.value[k] / w : 0;
          level.value[k] = own * mean + (1 - own) * sample(parent, (x + 0.5) / 2, (y + 0.5) / 2);
        }
      }
    }
    return new HoleFill(box, cell, finest);
  }

  /** The fill's value at page pixel (x, y) (clamped to the box). */
  valueAt(x: number, y: number): number {
    return sample(this.finest, (x - this.box.left + 0.5) / this.cell, (y - this.box.top + 0.5) / this.cell);
  }

  /** The fill's values along row y for x = left..right, into out[0 .. right - left]: valueAt, a row at a time. */
  row(y: number, left: number, right: number, out: Float32Array): void {
    const { cols, rows, value } = this.finest;
    const fy = Math.min(rows - 1, Math.max(0, (y - this.box.top + 0.5) / this.cell - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(rows - 1, y0 + 1);
    const ty = fy - y0;
    // The row between the two cell rows once, then across it.
    const column = this.column;
    for (let c = 0; c < cols; c++) column[c] = value[y0 * cols + c] * (1 - ty) + value[y1 * cols + c] * ty;
    const { cellOf, within } = this.acrossWeights();
    const from = Math.max(left, this.box.left);
    const to = Math.min(right, this.box.right);
    for (let x = from, b = from - this.box.left; x <= to; x++, b++) {
      const x0 = cellOf[b];
      const tx = within[b];
      out[x - left] = tx === 0 ? column[x0] : column[x0] * (1 - tx) + column[x0 + 1] * tx;
    }
    // Columns left and right of the box (the white fill never asks for them), clamped as valueAt clamps them.
    for (let x = left; x <= Math.min(right, this.box.left - 1); x++) out[x - left] = this.acrossOutside(x);
    for (let x = Math.max(left, this.box.right + 1); x <= right; x++) out[x - left] = this.acrossOutside(x);
  }

  /** row()'s value at column x outside the box, from the row it has just interpolated (this.column). */
  private acrossOutside(x: number): number {
    const column = this.column;
    const fx = Math.min(column.length - 1, Math.max(0, (x - this.box.left + 0.5) / this.cell - 0.5));
    const x0 = Math.floor(fx);
    const tx = fx - x0;
    return tx === 0 ? column[x0] : column[x0] * (1 - tx) + column[x0 + 1] * tx;
  }

  /** Per column of the box, the finest level's cell to its left and how far past it the column lies: the same for every row. */
  private across: { cellOf: Int32Array; within: Float64Array } | undefined;

  private acrossWeights(): { cellOf: Int32Array; within: Float64Array } {
    if (this.across) return this.across;
    const boxWidth = this.box.right - this.box.left + 1;
    const cols = this.finest.cols;
    const cellOf = new Int32Array(boxWidth);
    const within = new Float64Array(boxWidth);
    for (let b = 0; b < boxWidth; b++) {
      const fx = Math.min(cols - 1, Math.max(0, (b + 0.5) / this.cell - 0.5));
      cellOf[b] = Math.floor(fx);
      within[b] = fx - cellOf[b];
    }
    return (this.across = { cellOf, within });
  }
}
