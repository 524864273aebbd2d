/**
 * Separable resampling of float planes between page and working resolution.
 *
 * Shrinking uses exact area averaging (each output pixel is the mean of the
 * page area it covers, fractional coverage included), so thin lines fade to
 * grey instead of aliasing away. Growing uses bilinear interpolation with
 * half-pixel centres and clamped edges (OpenCV INTER_LINEAR / PyTorch
 * align_corners=False). Equal sizes are an exact copy.
 *
 * Row by row both ways: source rows are pulled from a callback (or pushed,
 * createRowResampler) and each output row is handed on as soon as it is
 * complete, for all output rows or a range of them. So callers make rows on
 * the fly (from RGBA, from the blend of a tile row) and consume them as
 * they come (a tile row's band, page rows of the result) without a
 * full-size float copy on either side. The sums are the same whichever way
 * rows travel (vertical taps are added in source-row order).
 */
import { createPlane, type Plane } from './plane';

/** For each output index, the source indices and weights that make it. */
export interface AxisWeights {
  readonly srcLength: number;
  readonly dstLength: number;
  /** Output i uses taps offsets[i] .. offsets[i+1]-1. */
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly weights: Float64Array;
}

export function axisWeights(srcLength: number, dstLength: number): AxisWeights {
  if (!(srcLength > 0 && dstLength > 0)) throw new RangeError(`resample lengths must be positive (got ${srcLength} -> ${dstLength})`);
  const offsets = new Int32Array(dstLength + 1);
  const indices: number[] = [];
  const weights: number[] = [];
  if (dstLength === srcLength) {
    for (let i = 0; i < dstLength; i++) {
      indices.push(i);
      weights.push(1);
      offsets[i + 1] = indices.length;
    }
  } else if (dstLength < srcLength) {
    const span = srcLength / dstLength;
    for (let i = 0; i < dstLength; i++) {
      const lo = i * span;
      const hi = Math.min(srcLength, (i + 1) * span);
      for (let j = Math.floor(lo); j < hi; j++) {
        const cover = Math.min(hi, j + 1) - Math.max(lo, j);
        if (cover > 1e-12) {
          indices.push(j);
          weights.push(cover / span);
        }
      }
      offsets[i + 1] = indices.length;
    }
  } else {
    const ratio = srcLength / dstLength;
    for (let i = 0; i < dstLength; i++) {
      const x = Math.min(srcLength - 1, Math.max(0, (i + 0.5) * ratio - 0.5));
      const j0 = Math.floor(x);
      const f = x - j0;
      indices.push(j0);
      weights.push(1 - f);
      if (f > 0 && j0 + 1 < srcLength) {
        indices.push(j0 + 1);
        weights.push(f);
      }
      offsets[i + 1] = indices.length;
    }
  }
  return { srcLength, dstLength, offsets, indices: Int32Array.from(indices), weights: Float64Array.from(weights) };
}

/**
 * Source row y of each channel written into rows[c] (length srcWidth).
 * Returning false says the row is zero in every channel (rows are then not
 * read): most rows of a hint layer are transparent, and their arithmetic
 * (adding zeros) can be skipped without changing a bit of the result.
 */
export type SourceRowReader = (y: number, rows: Float32Array[]) => boolean | void;

/**
 * Source row y already filtered horizontally: narrowed[c][i] exactly as
 * narrowRow computes it from the row's float32 values (false: zeros, not
 * written). For sources that can skip most taps (transparent hint pixels).
 */
export type NarrowedRowReader = (y: number, narrowed: Float64Array[]) => boolean;

/**
 * Output row i of each channel, as the float64 sums the filters make (before
 * any rounding to float32); the arrays are reused once this returns.
 */
export type OutputRowSink = (i: number, rows: readonly Float64Array[]) => void;

/** dst[i] = the horizontal filter of src at output column i: the taps' weighted sum, in tap order, in float64. */
export function narrowRow(xw: AxisWeights, src: Float32Array, dst: Float64Array): void {
  const { offsets, indices, weights } = xw;
  for (let i = 0, t = offsets[0]; i < xw.dstLength; i++) {
    const end = offsets[i + 1];
    let s = 0;
    // An output's taps are consecutive source indices (axisWeights): one index load per output.
    for (let j = indices[t]; t < end; t++, j++) s += src[j] * weights[t];
    dst[i] = s;
  }
}

/**
 * narrowRow of three channels at once, the same sums: the taps' indices and
 * weights are read once for all three (the page composer's colour rows),
 * about 40 % less time than three narrowRow calls. A pair of taps, as
 * growing makes at nearly every output, is summed without the tap loop:
 * 0 + p0 + p1, as the loop adds them.
 */
function narrowRow3(xw: AxisWeights, r: Float32Array, g: Float32Array, b: Float32Array, dr: Float64Array, dg: Float64Array, db: Float64Array): void {
  const { offsets, indices, weights } = xw;
  for (let i = 0, t = offsets[0]; i < xw.dstLength; i++) {
    const end = offsets[i + 1];
    let j = indices[t];
    if (end - t === 2) {
      const w0 = weights[t];
      const w1 = weights[t + 1];
      dr[i] = 0 + r[j] * w0 + r[j + 1] * w1;
      dg[i] = 0 + g[j] * w0 + g[j + 1] * w1;
      db[i] = 0 + b[j] * w0 + b[j + 1] * w1;
      t = end;
      continue;
    }
    let sr = 0;
    let sg = 0;
    let sb = 0;
    for (; t < end; t++, j++) {
      const w = weights[t];
      sr += r[j] * w;
      sg += g[j] * w;
      sb += b[j] * w;
    }
    dr[i] = sr;
    dg[i] = sg;
    db[i] = sb;
  }
}

/** narrowRow of each channel of `src` into `dst`. */
function narrowRows(xw: AxisWeights, src: readonly Float32Array[], dst: readonly Float64Array[], channels: number): void {
  if (channels === 3) narrowRow3(xw, src[0], src[1], src[2], dst[0], dst[1], dst[2]);
  else for (let c = 0; c < channels; c++) narrowRow(xw, src[c], dst[c]);
}

/**
 * Source rows in, output rows out: each output row of [from, to) is emitted
 * as soon as the last source row it uses has been pushed, so a caller can
 * stream a page through the filters with only the rows in flight held.
 */
export interface RowResampler {
  /** The source rows output rows [from, to) use lie in [sourceFrom, sourceTo). */
  readonly sourceFrom: number;
  readonly sourceTo: number;
  /** Whether any output row in range uses source row y (others need not be pushed). */
  uses(y: number): boolean;
  /** Source row y (pushed in increasing y); undefined = zero in every channel. */
  push(y: number, rows: readonly Float32Array[] | undefined): void;
  /**
   * Source row y already filtered horizontally (narrowRow): `read` writes it
   * into the arrays it is given, or returns false for zeros (nothing written).
   */
  pushNarrowed(y: number, read: (narrowed: Float64Array[]) => boolean): void;
}

/**
 * Output row i as its vertical taps, before they are summed: `rows[c][k]` is
 * the narrowed source row of tap k in channel c, `weights[k]` its weight, in
 * source-row order, zero rows left out (`count` may be 0: the row is zeros).
 * The arrays are reused once the sink returns. For a sink that sums the taps
 * itself as it writes its output (sumRows' arithmetic, in the same order).
 */
export interface OutputTaps {
  readonly count: number;
  readonly weights: readonly number[];
  readonly rows: readonly (readonly Float64Array[])[];
}
export type OutputTapSink = (i: number, taps: OutputTaps) => void;

export function createRowResampler(xw: AxisWeights, yw: AxisWeights, channels: number, emit: OutputRowSink, from = 0, to = yw.dstLength): RowResampler {
  const out = Array.from({ length: channels }, () => new Float64Array(xw.dstLength));
  return createTapResampler(xw, yw, channels, (i, taps) => {
    for (let c = 0; c < channels; c++) sumRows(out[c], taps.rows[c], taps.weights, taps.count, xw.dstLength);
    emit(i, out);
  }, from, to);
}

/** createRowResampler handing each output row on as its taps (OutputTapSink), unsummed. */
export function createTapResampler(xw: AxisWeights, yw: AxisWeights, channels: number, emit: OutputTapSink, from = 0, to = yw.dstLength): RowResampler {
  const dstWidth = xw.dstLength;
  if (!(from >= 0 && from < to && to <= yw.dstLength)) throw new RangeError(`resample rows ${from}..${to} outside 0..${yw.dstLength}`);
  let sourceFrom = yw.srcLength;
  let sourceTo = 0;
  // How many source rows one output row spans at most: the narrowed rows kept until it is emitted.
  let depth = 1;
  for (let i = from; i < to; i++) {
    const first = yw.indices[yw.offsets[i]];
    const last = yw.indices[yw.offsets[i + 1] - 1];
    sourceFrom = Math.min(sourceFrom, first);
    sourceTo = Math.max(sourceTo, last + 1);
    depth = Math.max(depth, last - first + 1);
  }
  const used = new Uint8Array(Math.max(0, sourceTo - sourceFrom));
  for (let t = yw.offsets[from]; t < yw.offsets[to]; t++) used[yw.indices[t] - sourceFrom] = 1;
  // Narrowed source rows, in a ring: source row y in slot y % depth (its taps' rows never share a slot).
  const ring = Array.from({ length: depth }, () => Array.from({ length: channels }, () => new Float64Array(dstWidth)));
  const zero = new Uint8Array(depth); // 1: the slot's row is zeros (not written)
  const tapWeights: number[] = [];
  const tapRows: Float64Array[][] = Array.from({ length: channels }, () => []);
  const taps = { count: 0, weights: tapWeights, rows: tapRows };
  let next = from; // the next output row to emit
  const uses = (y: number): boolean => y >= sourceFrom && y < sourceTo && used[y - sourceFrom] === 1;

  /** Output row i's taps: the narrowed rows it sums, zero rows left out. */
  const emitRow = (i: number): void => {
    let count = 0;
    for (let t = yw.offsets[i]; t < yw.offsets[i + 1]; t++) {
      const slot = yw.indices[t] % depth;
      if (zero[slot]) continue;
      tapWeights[count] = yw.weights[t];
      for (let c = 0; c < channels; c++) tapRows[c][count] = ring[slot][c];
      count++;
    }
    taps.count = count;
    emit(i, taps);
  };
  const emitCompleted = (y: number): void => {
    while (next < to && yw.indices[yw.offsets[next + 1] - 1] === y) emitRow(next++);
  };
  return {
    sourceFrom,
    sourceTo,
    uses,
    push(y, rows) {
      if (!uses(y)) return;
      const slot = y % depth;
      zero[slot] = rows ? 0 : 1;
      if (rows) narrowRows(xw, rows, ring[slot], channels);
      emitCompleted(y);
    },
    pushNarrowed(y, read) {
      if (!uses(y)) return;
      const slot = y % depth;
      zero[slot] = read(ring[slot]) ? 0 : 1;
      emitCompleted(y);
    },
  };
}

/**
 * out[x] = rows[0][x] * w[0] + rows[1][x] * w[1] + ... for the first `n`
 * rows, left to right, in float64: p0 + p1 + ... (the first product is the
 * sum so far, 0 + p being p: the products are never -0, the weights being
 * positive and narrowed sums starting from +0); zeros for no rows. One pass
 * for up to three rows.
 */
export function sumRows(out: Float64Array, rows: readonly Float64Array[], w: readonly number[], n: number, width: number): void {
  if (n === 0) {
    out.fill(0);
    return;
  }
  const [r0, r1, r2] = rows;
  const [w0, w1, w2] = w;
  if (n === 1) for (let x = 0; x < width; x++) out[x] = r0[x] * w0;
  else if (n === 2) for (let x = 0; x < width; x++) out[x] = r0[x] * w0 + r1[x] * w1;
  else for (let x = 0; x < width; x++) out[x] = r0[x] * w0 + r1[x] * w1 + r2[x] * w2;
  for (let k = 3; k < n; k++) {
    const r = rows[k];
    const wk = w[k];
    for (let x = 0; x < width; x++) out[x] += r[x] * wk;
  }
}

/**
 * Output rows [from, to) of `channels` planes resampled to xw.dstLength x
 * yw.dstLength from rows `read` gives already filtered horizontally, emitted
 * in order; source rows are read once each, in increasing y, and only those
 * the range uses.
 */
export function resampleNarrowedRowRange(xw: AxisWeights, yw: AxisWeights, channels: number, read: NarrowedRowReader, emit: OutputRowSink, from = 0, to = yw.dstLength): void {
  const resampler = createRowResampler(xw, yw, channels, emit, from, to);
  for (let y = resampler.sourceFrom; y < resampler.sourceTo; y++) {
    if (resampler.uses(y)) resampler.pushNarrowed(y, (narrowed) => read(y, narrowed));
  }
}

/** resampleNarrowedRowRange from source rows: each row read whole, then filtered horizontally. */
function resampleRowRange(xw: AxisWeights, yw: AxisWeights, channels: number, readRow: SourceRowReader, emit: OutputRowSink, from = 0, to = yw.dstLength): void {
  const rows = Array.from({ length: channels }, () => new Float32Array(xw.srcLength));
  const read: NarrowedRowReader = (y, narrowed) => {
    if (readRow(y, rows) === false) return false;
    for (let c = 0; c < channels; c++) narrowRow(xw, rows[c], narrowed[c]);
    return true;
  };
  resampleNarrowedRowRange(xw, yw, channels, read, emit, from, to);
}

/**
 * Resamples `channels` planes of size srcWidth x srcHeight to dstWidth x
 * dstHeight. `readRow(y, rows)` must fill rows[c] (length srcWidth) with
 * source row y of channel c (or return false for a row of zeros); rows are
 * requested in increasing y, once each.
 */
export function resampleRows(
  srcWidth: number,
  srcHeight: number,
  dstWidth: number,
  dstHeight: number,
  channels: number,
  readRow: SourceRowReader,
): Plane[] {
  const out = Array.from({ length: channels }, () => createPlane(dstWidth, dstHeight));
  resampleRowRange(axisWeights(srcWidth, dstWidth), axisWeights(srcHeight, dstHeight), channels, readRow, (i, acc) => {
    for (let c = 0; c < channels; c++) out[c].data.set(acc[c], i * dstWidth);
  });
  return out;
}

/** Resamples one plane (see resampleRows for the filters). */
export function resamplePlane(src: Plane, dstWidth: number, dstHeight: number): Plane {
  if (dstWidth === src.width && dstHeight === src.height) return { width: src.width, height: src.height, data: src.data.slice() };
  const [out] = resampleRows(src.width, src.height, dstWidth, dstHeight, 1, (y, rows) => {
    rows[0].set(src.data.subarray(y * src.width, (y + 1) * src.width));
  });
  return out;
}
