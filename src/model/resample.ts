/**
 * Separable resampling of float planes between page and working resolution.
 *
 * Shrinking uses exact area averaging (each output pixel is the mean of the
 * page area it covers, fractional coverage included), so thin lines fade to
 * grey instead of aliasing away. Growing uses bilinear interpolation with
 * half-pixel centres and clamped edges (OpenCV INTER_LINEAR / PyTorch
 * align_corners=False). Equal sizes are an exact copy.
 *
 * The resampler pulls source rows one at a time from a callback, so callers
 * can produce rows on the fly (e.g. from RGBA) without a full-resolution
 * float copy of the page.
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
 * Resamples `channels` planes of size srcWidth x srcHeight to dstWidth x
 * dstHeight. `readRow(y, rows)` must fill rows[c] (length srcWidth) with
 * source row y of channel c; rows are requested in increasing y, once each.
 */
export function resampleRows(
  srcWidth: number,
  srcHeight: number,
  dstWidth: number,
  dstHeight: number,
  channels: number,
  readRow: (y: number, rows: Float32Array[]) => void,
): Plane[] {
  const xw = axisWeights(srcWidth, dstWidth);
  const yw = axisWeights(srcHeight, dstHeight);
  const out = Array.from({ length: channels }, () => createPlane(dstWidth, dstHeight));
  const rows = Array.from({ length: channels }, () => new Float32Array(srcWidth));
  const narrowed = Array.from({ length: channels }, () => new Float64Array(dstWidth));

  // Invert the vertical taps: which output rows does source row y feed?
  const feeds: Array<Array<[number, number]>> = Array.from({ length: srcHeight }, () => []);
  for (let i = 0; i < dstHeight; i++) {
    for (let t = yw.offsets[i]; t < yw.offsets[i + 1]; t++) feeds[yw.indices[t]].push([i, yw.weights[t]]);
  }
  // Accumulate in float64 rows so sums of many small contributions stay exact enough; flushed when complete.
  const pending = new Map<number, Float64Array[]>();
  const lastFeeder = new Int32Array(dstHeight).fill(-1);
  for (let i = 0; i < dstHeight; i++) {
    for (let t = yw.offsets[i]; t < yw.offsets[i + 1]; t++) lastFeeder[i] = Math.max(lastFeeder[i], yw.indices[t]);
  }

  for (let y = 0; y < srcHeight; y++) {
    if (feeds[y].length === 0) continue;
    readRow(y, rows);
    for (let c = 0; c < channels; c++) {
      const src = rows[c];
      const dst = narrowed[c];
      for (let i = 0; i < dstWidth; i++) {
        let s = 0;
        for (let t = xw.offsets[i]; t < xw.offsets[i + 1]; t++) s += src[xw.indices[t]] * xw.weights[t];
        dst[i] = s;
      }
    }
    for (const [i, w] of feeds[y]) {
      let acc = pending.get(i);
      if (!acc) {
        acc = Array.from({ length: channels }, () => new Float64Array(dstWidth));
        pending.set(i, acc);
      }
      for (let c = 0; c < channels; c++) {
        const a = acc[c];
        const n = narrowed[c];
        for (let x = 0; x < dstWidth; x++) a[x] += n[x] * w;
      }
      if (lastFeeder[i] === y) {
        for (let c = 0; c < channels; c++) out[c].data.set(acc[c], i * dstWidth);
        pending.delete(i);
      }
    }
  }
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
