/**
 * Lineart and hint pixels -> the network's input channels, exactly as the
 * contract (and training/preprocess.py) define them:
 *
 *   line      = sum_c luma[c] * (rgb[c]/255 * a + (1 - a)),  a = alpha/255
 *               (alpha composited over white; ink dark, paper 1)
 *   hint_mask = hintAlpha/255 * strength
 *   hint_rgb  = hintRgb/255 * hint_mask                     (premultiplied)
 *   then, if blurSigmaFraction > 0, a gaussian blur of hint_rgb and
 *   hint_mask with sigma = blurSigmaFraction * working long side.
 *
 * The working-resolution versions are produced by area-averaging (or
 * bilinear growing) the full-resolution channels; averaging premultiplied
 * colour is what keeps hint edges from bleeding dark.
 */
import { BYTE_TO_UNIT, pixelWordRuns, pixelWords } from './bytes';
import type { Contract, RgbaImage } from './types';
import { createPlane, type Plane } from './plane';
import type { LineValues } from './linewidth';
import { axisWeights, resamplePlane, resampleNarrowedRowRange, type AxisWeights, type NarrowedRowReader } from './resample';
import { PAPER_THRESHOLD, planePaperRows, type PaperRowSource } from './paper-regions';
import { computeRegionFill, fillRow, planeHintPixels } from './regions';
import { hasRegionFill } from './contract';

export interface HintPlanes {
  readonly r: Plane;
  readonly g: Plane;
  readonly b: Plane;
  readonly mask: Plane;
}

/**
 * Full-resolution line channel (0 = ink, 1 = paper). `into`, if given, is
 * a float buffer of at least width x height values to write into instead of
 * a new plane: the tile loop makes one band per tile row, and a fresh 8 MiB
 * band each time (4096 wide) left freed blocks the allocator kept resident.
 */
export function lineChannel(lineart: RgbaImage, contract: Contract, into?: Float32Array): Plane {
  const { width, height, data } = lineart;
  if (into && into.length < width * height) throw new RangeError(`lineChannel: buffer of ${into.length} values for ${width} x ${height}`);
  const plane = into ? { width, height, data: into.subarray(0, width * height) } : createPlane(width, height);
  const [wr, wg, wb] = contract.lineart.luma;
  const out = plane.data;
  const words = pixelWords(data, out.length);
  if (words) {
    lineValuesFromWords(words, data, out, oneByteLineValues(wr, wg, wb), wr, wg, wb);
  } else {
    for (let i = 0, p = 0; i < out.length; i++, p += 4) out[i] = lineValue(data, p, wr, wg, wb);
  }
  return plane;
}

/**
 * lineChannel's values from 32-bit pixels (R in the low byte): most lineart
 * pixels have a value that depends on one byte, from a table (oneByteIndex).
 * A pixel the same as the one before it (runs of paper, most of a page) takes
 * its value without looking it up again.
 */
function lineValuesFromWords(words: Uint32Array, data: Uint8Array | Uint8ClampedArray, out: Float32Array, table: Float32Array, wr: number, wg: number, wb: number): void {
  let last = -1; // no pixel word: the first pixel is looked up
  let value = 0;
  for (let i = 0; i < out.length; i++) {
    const w = words[i];
    if (w !== last) {
      last = w;
      const k = oneByteIndex(w);
      value = k >= 0 ? table[k] : lineValue(data, i * 4, wr, wg, wb);
    }
    out[i] = value;
  }
}

/**
 * The line channel of the lineart, each value computed when read, rounded
 * to float32 as lineChannel's plane holds it: for measuring strokes on
 * sampled rows without a page-sized plane.
 */
export function rgbaLineValues(lineart: RgbaImage, contract: Contract): LineValues {
  const { width, height, data } = lineart;
  const [wr, wg, wb] = contract.lineart.luma;
  const words = pixelWords(data, width * height);
  const table = oneByteLineValues(wr, wg, wb);
  const at = words
    ? (i: number): number => {
        const k = oneByteIndex(words[i]);
        return k >= 0 ? table[k] : Math.fround(lineValue(data, i * 4, wr, wg, wb));
      }
    : (i: number): number => Math.fround(lineValue(data, i * 4, wr, wg, wb));
  return { width, height, at };
}

/** oneByteLineValues' tables by luma weights: one contract's, made once (not for each of a page's rows). */
const oneByteTables = new Map<string, Float32Array>();

/**
 * The line value (in float32) of every pixel oneByteIndex names, by that
 * index. Shared: not to be modified.
 */
function oneByteLineValues(wr: number, wg: number, wb: number): Float32Array {
  const key = `${wr},${wg},${wb}`;
  let table = oneByteTables.get(key);
  if (!table) {
    table = new Float32Array(512);
    const pixel = new Uint8Array(4);
    for (let v = 0; v < 256; v++) {
      pixel.set([v, v, v, 255]);
      table[v] = lineValue(pixel, 0, wr, wg, wb);
      pixel.set([0, 0, 0, v]);
      table[256 + v] = lineValue(pixel, 0, wr, wg, wb);
    }
    oneByteTables.set(key, table);
  }
  return table;
}

/**
 * For a pixel (a 32-bit word, R in the low byte) whose line value depends on
 * one byte, its index in oneByteLineValues' table, else -1:
 * - opaque grey (alpha 255, R = G = B: lineart drawn on white, a scan), by
 *   its level: 0-255;
 * - black at any alpha, and any colour at alpha 0 (which reads as paper
 *   whatever its colour), by its alpha: 256-511. Ink on a transparent
 *   layer, Photoshop's usual lineart layer, is all such pixels; without
 *   them in the table it took the per-channel path at every pixel (the
 *   engine's own time at scale 1 before the table, on the bench page made transparent,
 *   2,028-2,065 ms opaque against 2,264-2,382, bench/NOTES.md session 23).
 */
function oneByteIndex(w: number): number {
  const a = w >>> 24;
  if (a === 255 && ((w ^ (w >>> 8)) & 0xffff) === 0) return w & 255;
  return a === 0 || (w & 0xffffff) === 0 ? 256 + a : -1;
}

/**
 * The line channel of the RGBA pixel at byte offset p: composited over
 * white, then luma, in float64 (a plane stores it rounded to float32).
 */
function lineValue(data: Uint8Array | Uint8ClampedArray, p: number, wr: number, wg: number, wb: number): number {
  const a = BYTE_TO_UNIT[data[p + 3]];
  const paper = 1 - a;
  return wr * (BYTE_TO_UNIT[data[p]] * a + paper) + wg * (BYTE_TO_UNIT[data[p + 1]] * a + paper) + wb * (BYTE_TO_UNIT[data[p + 2]] * a + paper);
}

/**
 * The paper flags of the lineart at its own size (line channel >=
 * PAPER_THRESHOLD, with lineChannel's arithmetic), row by row, for the
 * region labelling: no float plane. Most lineart pixels have a flag that
 * depends on one byte (oneByteIndex), so those come from a table.
 */
export function rgbaPaperRows(lineart: RgbaImage, contract: Contract): PaperRowSource {
  const { width, height, data } = lineart;
  const [wr, wg, wb] = contract.lineart.luma;
  // lineChannel's value, rounded to float32 as its plane would hold it.
  const isPaper = (bytes: Uint8Array | Uint8ClampedArray, p: number): number => (Math.fround(lineValue(bytes, p, wr, wg, wb)) >= PAPER_THRESHOLD ? 1 : 0);
  // oneByteLineValues' values as paper flags, by oneByteIndex.
  const oneByte = Uint8Array.from(oneByteLineValues(wr, wg, wb), (v) => (v >= PAPER_THRESHOLD ? 1 : 0));
  const words = pixelWords(data, width * height);
  return (visit) => {
    const row = new Uint8Array(width);
    for (let y = 0, i = 0; y < height; y++, i += width) {
      if (words) paperRowFromWords(words, data, i, row, oneByte, isPaper);
      else for (let x = 0; x < width; x++) row[x] = isPaper(data, (i + x) * 4);
      visit(y, row);
    }
  };
}

/**
 * One row of paper flags from 32-bit pixels starting at pixel `first`: the
 * common lineart pixels (oneByteIndex) from the table, the rest through
 * `isPaper`. A loop of its own, so the hot path has no
 * per-pixel test of whether 32-bit loads are possible.
 */
function paperRowFromWords(
  words: Uint32Array,
  data: Uint8Array | Uint8ClampedArray,
  first: number,
  row: Uint8Array,
  oneByte: Uint8Array,
  isPaper: (bytes: Uint8Array | Uint8ClampedArray, p: number) => number,
): void {
  let last = -1; // no pixel word: the first pixel is looked up
  let flag = 0;
  for (let x = 0, i = first; x < row.length; x++, i++) {
    const w = words[i];
    // A pixel the same as the one before it (runs of paper) takes its flag without a look-up.
    if (w !== last) {
      last = w;
      const k = oneByteIndex(w);
      flag = k >= 0 ? oneByte[k] : isPaper(data, i * 4);
    }
    row[x] = flag;
  }
}

/**
 * Source row y of the four hint channels (premultiplied r, g, b and mask,
 * as float32 values from the RGBA hint) filtered horizontally for `xw`,
 * straight from the bytes: the same sums narrowRow makes of float32 rows,
 * with transparent pixels (zero in every channel, adding nothing) skipped,
 * and a fully transparent row reported as zeros (false). Hint layers are
 * mostly transparent, so this is most of the resampling's cost saved.
 */
export function hintNarrowedReader(hint: RgbaImage, strength: number, xw: AxisWeights): NarrowedRowReader {
  const { width } = hint;
  const rowWords = pixelWordRuns(hint.data, width);
  const reach = tapReach(xw);
  return (y, narrowed) => {
    const row = rowWords(y * width, width);
    let x = 0;
    while (x < width && row[x] < OPAQUE_BIT) x++;
    if (x === width) return false;
    for (const channel of narrowed) channel.fill(0);
    narrowHintSpans(row, x, strength, xw, reach, narrowed);
    return true;
  };
}

/** A pixel word at or above this has alpha > 0 (alpha is the high byte). */
const OPAQUE_BIT = 1 << 24;

/** For each source index, the outputs whose taps can include it: first[j] .. last[j]. */
interface TapReach {
  readonly first: Int32Array;
  readonly last: Int32Array;
}

/**
 * first[j]: the first output whose last tap is at or after j; last[j]: the
 * last output whose first tap is at or before j. An output's taps are
 * consecutive source indices, rising with the output (axisWeights), so the
 * outputs that use any pixel of [a, b) lie in first[a] .. last[b - 1].
 */
function tapReach(xw: AxisWeights): TapReach {
  const { offsets, indices, dstLength, srcLength } = xw;
  const first = new Int32Array(srcLength);
  const last = new Int32Array(srcLength);
  for (let j = 0, i = 0; j < srcLength; j++) {
    while (i < dstLength - 1 && indices[offsets[i + 1] - 1] < j) i++;
    first[j] = i;
  }
  for (let j = srcLength - 1, i = dstLength - 1; j >= 0; j--) {
    while (i > 0 && indices[offsets[i]] > j) i--;
    last[j] = i;
  }
  return { first, last };
}

/**
 * hintNarrowedReader's row from its 32-bit pixels (R in the low byte), the
 * narrowed rows already zero: only the outputs whose taps reach a painted
 * run are summed (a hint row is mostly transparent gaps between strokes),
 * each once, its taps' weighted sums in tap order with transparent pixels
 * skipped, as narrowRow sums the float32 rows. A pixel's four channel
 * values are worked out once per run of identical pixels (a hint is
 * strokes of flat colour) instead of per tap. `from` is the first painted pixel.
 */
function narrowHintSpans(row: Uint32Array, from: number, strength: number, xw: AxisWeights, reach: TapReach, [nr, ng, nb, nm]: Float64Array[]): void {
  const { offsets, indices, weights } = xw;
  const width = row.length;
  let last = 0; // the pixel the values below are for; 0 is transparent, never looked up
  let vr = 0;
  let vg = 0;
  let vb = 0;
  let vm = 0;
  let next = 0; // outputs before this are summed
  for (let x = from; x < width; ) {
    if (row[x] < OPAQUE_BIT) {
      x++;
      continue;
    }
    const start = x;
    while (x < width && row[x] >= OPAQUE_BIT) x++;
    const to = reach.last[x - 1];
    for (let i = Math.max(next, reach.first[start]); i <= to; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let m = 0;
      for (let t = offsets[i], end = offsets[i + 1]; t < end; t++) {
        const px = row[indices[t]];
        if (px < OPAQUE_BIT) continue;
        if (px !== last) {
          last = px;
          const mask = BYTE_TO_UNIT[px >>> 24] * strength;
          // Rounded to float32 where the channel rows would have stored them.
          vr = Math.fround(BYTE_TO_UNIT[px & 255] * mask);
          vg = Math.fround(BYTE_TO_UNIT[(px >>> 8) & 255] * mask);
          vb = Math.fround(BYTE_TO_UNIT[(px >>> 16) & 255] * mask);
          vm = Math.fround(mask);
        }
        const w = weights[t];
        r += vr * w;
        g += vg * w;
        b += vb * w;
        m += vm * w;
      }
      nr[i] = r;
      ng[i] = g;
      nb[i] = b;
      nm[i] = m;
    }
    next = Math.max(next, to + 1);
  }
}

/**
 * Hint channels at the given (working) size, produced row by row from the
 * RGBA hint so that no full-resolution float copy is made.
 */
export function hintChannels(hint: RgbaImage, strength: number, dstWidth: number, dstHeight: number): HintPlanes {
  const [r, g, b, mask] = [0, 1, 2, 3].map(() => createPlane(dstWidth, dstHeight));
  const xw = axisWeights(hint.width, dstWidth);
  resampleNarrowedRowRange(xw, axisWeights(hint.height, dstHeight), 4, hintNarrowedReader(hint, strength, xw), (i, acc) => {
    [r, g, b, mask].forEach((plane, c) => plane.data.set(acc[c], i * dstWidth));
  });
  return { r, g, b, mask };
}

/** Blur sigma in working pixels for a working canvas of the given size (0 = no blur). */
export function hintBlurSigma(contract: Contract, workingWidth: number, workingHeight: number): number {
  return contract.hint.blurSigmaFraction * Math.max(workingWidth, workingHeight);
}

/**
 * Normalised 1-D gaussian taps: radius ceil(3 sigma), weights
 * exp(-k^2 / (2 sigma^2)) / sum. Matches training/preprocess.py.
 */
export function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.ceil(3 * sigma);
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    k[i + radius] = w;
    sum += w;
  }
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

const clampIndex = (i: number, n: number): number => (i < 0 ? 0 : i >= n ? n - 1 : i);

/**
 * In-place separable gaussian blur, rows then columns, edges replicated
 * (as training/preprocess.py blur_channels); sigma <= 0 leaves the plane unchanged.
 */
export function gaussianBlurExact(plane: Plane, sigma: number): void {
  if (!(sigma > 0)) return;
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const { width, height, data } = plane;
  const line = new Float64Array(Math.max(width, height));
  // Rows.
  for (let y = 0; y < height; y++) {
    const base = y * width;
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let t = -radius; t <= radius; t++) s += kernel[t + radius] * data[base + clampIndex(x + t, width)];
      line[x] = s;
    }
    for (let x = 0; x < width; x++) data[base + x] = line[x];
  }
  // Columns.
  const column = new Float64Array(height);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) column[y] = data[y * width + x];
    for (let y = 0; y < height; y++) {
      let s = 0;
      for (let t = -radius; t <= radius; t++) s += kernel[t + radius] * column[clampIndex(y + t, height)];
      line[y] = s;
    }
    for (let y = 0; y < height; y++) data[y * width + x] = line[y];
  }
}

/**
 * Beyond this kernel radius the exact blur gets slow (cost grows with
 * sigma: a 0.01 fraction on a 4096 px canvas is radius 123, ~30 G
 * multiply-adds), so larger blurs run on an area-shrunk copy and are grown
 * back bilinearly. The result is smooth by construction, so the shortcut
 * costs little accuracy (tested against the exact blur).
 */
export const MAX_EXACT_BLUR_RADIUS = 24;

/** In-place gaussian blur of a plane: exact up to MAX_EXACT_BLUR_RADIUS, via a shrunk copy beyond. */
export function gaussianBlur(plane: Plane, sigma: number): void {
  if (!(sigma > 0)) return;
  if (Math.ceil(3 * sigma) <= MAX_EXACT_BLUR_RADIUS) {
    gaussianBlurExact(plane, sigma);
    return;
  }
  const { width, height } = plane;
  const factor = Math.ceil((3 * sigma) / MAX_EXACT_BLUR_RADIUS);
  // Replicate a full kernel radius of border first, as the exact blur sees it;
  // shrinking would otherwise average the edge into what lies beyond it.
  const margin = Math.ceil((3 * sigma) / factor) * factor;
  const paddedWidth = Math.ceil((width + 2 * margin) / factor) * factor;
  const paddedHeight = Math.ceil((height + 2 * margin) / factor) * factor;
  const padded = createPlane(paddedWidth, paddedHeight);
  for (let y = 0; y < paddedHeight; y++) {
    const src = clampIndex(y - margin, height) * width;
    for (let x = 0; x < paddedWidth; x++) padded.data[y * paddedWidth + x] = plane.data[src + clampIndex(x - margin, width)];
  }
  const small = resamplePlane(padded, paddedWidth / factor, paddedHeight / factor);
  gaussianBlurExact(small, sigma / factor);
  const grown = resamplePlane(small, paddedWidth, paddedHeight);
  for (let y = 0; y < height; y++) {
    plane.data.set(grown.data.subarray((y + margin) * paddedWidth + margin, (y + margin) * paddedWidth + margin + width), y * width);
  }
}

export function blurHint(planes: HintPlanes, sigma: number): void {
  gaussianBlur(planes.r, sigma);
  gaussianBlur(planes.g, sigma);
  gaussianBlur(planes.b, sigma);
  gaussianBlur(planes.mask, sigma);
}

/**
 * The network input for a whole canvas at its own size, NCHW
 * [1, channels, H, W] (5, or 9 with the region fill): what the parity
 * fixture compares against. Tiles are cut from the same values by colorize.
 */
export function preprocess(lineart: RgbaImage, hint: RgbaImage | undefined, strength: number, contract: Contract): Float32Array {
  const { width, height } = lineart;
  const n = width * height;
  const tensor = new Float32Array(contract.input.channels.length * n);
  const line = lineChannel(lineart, contract);
  tensor.set(line.data, 0);
  if (hint && strength > 0) {
    const planes = hintChannels(hint, strength, width, height);
    blurHint(planes, hintBlurSigma(contract, width, height));
    const { r, g, b, mask } = planes;
    [r, g, b, mask].forEach((plane, c) => tensor.set(plane.data, (c + 1) * n));
    if (hasRegionFill(contract)) {
      const pixels = planeHintPixels(r.data, g.data, b.data, mask.data);
      const fill = computeRegionFill(width, height, planePaperRows(line.data, width, height), pixels, contract.fill.gapRadius);
      // The tiles' own row writer, so the parity fixture checks the code colorize runs.
      for (let y = 0; y < height; y++) fillRow(fill, y * width, tensor, n, 5, y * width, width, width);
    }
  }
  return tensor;
}
