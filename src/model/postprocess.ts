/**
 * Network output -> page pixels. Output values in contract.output.range
 * (-1..1) map to 0..255 as training/preprocess.py output_to_rgb does:
 * clamp((v + 1) * 127.5, 0, 255), then round half up. The working-size
 * colour is grown back to page size bilinearly, and the full-resolution line
 * channel is multiplied over it so lines stay as crisp as drawn.
 */
import { LITTLE_ENDIAN } from './bytes';
import type { Contract, RgbaImage } from './types';
import type { Plane } from './plane';
import { axisWeights, createTapResampler, sumRows } from './resample';

/** Maps one output value to 0..1 colour. */
export function outputToUnit(value: number, contract: Contract): number {
  const [lo, hi] = contract.output.range;
  return (value - lo) / (hi - lo);
}

/** 0..1 -> 0..255 with the reference rounding (clamp, round half up). */
export function unitToByte(unit: number): number {
  const v = unit * 255;
  if (!(v > 0)) return 0; // also maps NaN to 0
  if (v >= 255) return 255;
  return Math.floor(v + 0.5);
}

/**
 * LITTLE_ENDIAN as a module constant: an imported binding compiles to a load
 * from the other module's exports at every use, and in pixelWord (a call per
 * page pixel) that load and its branch made the band blend ~30 % slower
 * (bench/NOTES.md, session 12).
 */
const littleEndian = LITTLE_ENDIAN;

/** unitToByte of v / 255 given x = v + 0.5 (floor by truncation: x is positive there; NaN -> 0). */
function roundedByte(x: number): number {
  return x >= 255 ? 255 : x >= 1 ? x | 0 : 0;
}

/**
 * The opaque RGBA pixel of unit colour (r, g, b) as one 32-bit word in the
 * platform's byte order, for an Int32Array view of RGBA bytes: one store per
 * pixel instead of four clamped byte stores. Bytes as unitToByte rounds them.
 */
export function pixelWord(r: number, g: number, b: number): number {
  const R = roundedByte(r * 255 + 0.5);
  const G = roundedByte(g * 255 + 0.5);
  const B = roundedByte(b * 255 + 0.5);
  return littleEndian ? R | (G << 8) | (B << 16) | -16777216 : (R << 24) | (G << 16) | (B << 8) | 255;
}

/**
 * Page row y of the line channel (0 = ink), written into `into` (page-width
 * floats) and returned: made from the lineart as it is needed, so composing
 * a page needs no page-sized line plane.
 */
export type LineRowSource = (y: number, into: Float32Array) => Float32Array;

/** The rows of a page-sized line plane as a LineRowSource. */
export function planeLineRows(plane: Plane): LineRowSource {
  return (y) => plane.data.subarray(y * plane.width, (y + 1) * plane.width);
}

/** Working-size colour rows in, page pixels out (createPageComposer). */
export interface PageComposer {
  /** Working row y of the three colour channels (0..1), rows in increasing y. */
  push(y: number, rows: readonly Float32Array[]): void;
  /** The page, once every working row has been pushed. */
  finish(): RgbaImage;
}

/**
 * Grows (or shrinks) working-size colour to the page with the resampling
 * filters, streaming: each page row is written as soon as the working rows
 * it uses have arrived, so no working-size colour plane is needed. `line`
 * (page rows, 0 = ink) is multiplied over the colour when given.
 */
export function createPageComposer(workWidth: number, workHeight: number, pageWidth: number, pageHeight: number, line: LineRowSource | undefined): PageComposer {
  const out = new Uint8ClampedArray(pageWidth * pageHeight * 4);
  const words = new Int32Array(out.buffer);
  const lineRow = new Float32Array(pageWidth);
  const ones = new Float32Array(pageWidth).fill(1);
  const summed = [0, 1, 2].map(() => new Float64Array(pageWidth));
  let written = 0;
  const resampler = createTapResampler(axisWeights(workWidth, pageWidth), axisWeights(workHeight, pageHeight), 3, (y, taps) => {
    const lr = line ? line(y, lineRow) : ones;
    const first = y * pageWidth;
    if (taps.count === 2) {
      // Growing, a page row between two working rows (nearly every row): the taps summed as
      // sumRows sums them, in the pass that writes the pixels, with no summed row in between.
      const [[r0, r1], [g0, g1], [b0, b1]] = taps.rows;
      const [w0, w1] = taps.weights;
      for (let x = 0; x < pageWidth; x++) {
        const l = lr[x];
        words[first + x] = pixelWord((r0[x] * w0 + r1[x] * w1) * l, (g0[x] * w0 + g1[x] * w1) * l, (b0[x] * w0 + b1[x] * w1) * l);
      }
    } else {
      const [r, g, b] = summed;
      for (let c = 0; c < 3; c++) sumRows(summed[c], taps.rows[c], taps.weights, taps.count, pageWidth);
      for (let x = 0; x < pageWidth; x++) words[first + x] = pixelWord(r[x] * lr[x], g[x] * lr[x], b[x] * lr[x]);
    }
    written++;
  });
  return {
    push: (y, rows) => resampler.push(y, rows),
    finish() {
      if (written !== pageHeight) throw new Error(`The page composer wrote ${written} of ${pageHeight} rows: a working row was not pushed.`);
      return { width: pageWidth, height: pageHeight, data: out };
    },
  };
}

/**
 * Writes the page-sized RGBA result from working-size colour planes (0..1).
 * `line` (page rows, 0 = ink) is multiplied over the colour when given.
 */
export function composeResult(color: readonly [Plane, Plane, Plane], pageWidth: number, pageHeight: number, line: LineRowSource | undefined): RgbaImage {
  const [pr, pg, pb] = color;
  const ww = pr.width;
  if (ww === pageWidth && pr.height === pageHeight) {
    // Same size: the bilinear taps would all be 1-tap identities.
    const out = new Uint8ClampedArray(pageWidth * pageHeight * 4);
    const lineRow = new Float32Array(pageWidth);
    const words = new Int32Array(out.buffer);
    for (let y = 0, i = 0; y < pageHeight; y++) {
      const lr = line ? line(y, lineRow) : undefined;
      for (let x = 0; x < pageWidth; x++, i++) {
        const l = lr ? lr[x] : 1;
        words[i] = pixelWord(pr.data[i] * l, pg.data[i] * l, pb.data[i] * l);
      }
    }
    return { width: pageWidth, height: pageHeight, data: out };
  }
  const composer = createPageComposer(ww, pr.height, pageWidth, pageHeight, line);
  for (let y = 0; y < pr.height; y++) composer.push(y, color.map((p) => p.data.subarray(y * ww, (y + 1) * ww)));
  return composer.finish();
}
