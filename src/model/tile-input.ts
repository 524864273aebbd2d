/**
 * The network's input for one tile: the NCHW tensor of the line channel,
 * the four hint channels and (models with the region fill) the four fill
 * channels, mirror-padded to the padded tile size, written from the
 * working canvas row by row.
 */
import type { LineRows } from './blend';
import { BYTE_TO_UNIT, pixelWordRuns } from './bytes';
import type { HintPlanes } from './preprocess';
import type { HintBands } from './hint-bands';
import { fillRow, fillSpan, type RegionFill } from './regions';
import { reflect101, type Tile } from './tiling';
import type { RgbaImage } from './types';
import { forEachPaintedRun, paintedSpans, type PaintedSpans } from './painted-spans';

/**
 * Where a tile's hint channels come from: working-size planes (when the
 * hint is blurred: the blur needs the whole canvas), bands of working rows
 * resampled per tile row (hint-bands.ts), or straight from the page's RGBA
 * hint at working scale 1 without blur, which saves four page-sized float
 * planes (256 MiB on a 4096 x 4096 page). All three give bit-identical values.
 */
export type TileHint =
  | { readonly kind: 'none' }
  | { readonly kind: 'planes'; readonly planes: HintPlanes }
  | { readonly kind: 'bands'; readonly bands: HintBands }
  | RgbaTileHint;

/** The page's RGBA hint read as the hint channels at working scale 1; `words` reads a row's pixels as 32-bit words. */
export interface RgbaTileHint {
  readonly kind: 'rgba';
  readonly image: RgbaImage;
  readonly strength: number;
  readonly words: (first: number, count: number) => Uint32Array;
  /** Where it is painted: the rest of a row is zeros, written without reading it. */
  readonly spans: PaintedSpans;
}

/** The RGBA hint at working scale 1 as a TileHint. */
export function rgbaTileHint(image: RgbaImage, strength: number, spans: PaintedSpans = paintedSpans(image)): RgbaTileHint {
  return { kind: 'rgba', image, strength, words: pixelWordRuns(image.data, image.width), spans };
}

/**
 * Copies one canvas row into a tensor row: the in-canvas span in one
 * TypedArray.set (a memcpy), only the mirrored padding on the right pixel by
 * pixel (tiles start inside the canvas, so padding is never on the left).
 */
function copyRowMirrored(src: Float32Array, srcStart: number, dst: Float32Array, dstStart: number, width: number, paddedWidth: number): void {
  dst.set(src.subarray(srcStart, srcStart + width), dstStart);
  for (let px = width; px < paddedWidth; px++) dst[dstStart + px] = src[srcStart + reflect101(px, width)];
}

/**
 * Writes one tensor row of the four hint channels straight from the RGBA
 * hint, with the same arithmetic as preprocess.hintChannels: canvas row
 * `y`, columns x0 .. x0 + width, then the mirrored padding. A hint layer is
 * mostly transparent, and there every channel is 0: the gaps between
 * painted spans are zeroed with fill (a memset) without reading their
 * pixels, and only painted pixels are computed. Painted pixels come in
 * runs of one colour (flats, strokes of a hard brush): each run is
 * computed once and written with fills.
 */
function hintRowFromRgba(hint: RgbaTileHint, y: number, x0: number, tensor: Float32Array, area: number, outBase: number, width: number, paddedWidth: number): void {
  const { data, width: stride } = hint.image;
  const strength = hint.strength;
  const pixelStart = y * stride + x0;
  const words = hint.words(pixelStart, width); // one 32-bit load a pixel; R in the low byte
  // Each tensor value is written once: zeros over the transparent gaps, a run's values over the run.
  let clear = 0; // tensor columns before this are written
  forEachPaintedRun(hint.spans, y, x0, x0 + width, words, x0, (from, to, w) => {
    const px = from - x0;
    if (clear < px) for (let c = 1; c <= 4; c++) fillSpan(tensor, 0, c * area + outBase + clear, c * area + outBase + px);
    const m = BYTE_TO_UNIT[w >>> 24] * strength;
    const o = outBase + px;
    const n = to - from;
    fillSpan(tensor, BYTE_TO_UNIT[w & 255] * m, area + o, area + o + n);
    fillSpan(tensor, BYTE_TO_UNIT[(w >>> 8) & 255] * m, 2 * area + o, 2 * area + o + n);
    fillSpan(tensor, BYTE_TO_UNIT[(w >>> 16) & 255] * m, 3 * area + o, 3 * area + o + n);
    fillSpan(tensor, m, 4 * area + o, 4 * area + o + n);
    clear = to - x0;
  });
  // The rest of the row, the padding included (painted padding pixels are written over below).
  for (let c = 1; c <= 4; c++) fillSpan(tensor, 0, c * area + outBase + clear, c * area + outBase + paddedWidth);
  // The mirrored padding on the right, pixel by pixel.
  for (let px = width; px < paddedWidth; px++) {
    const p = (pixelStart + reflect101(px, width)) * 4;
    if (data[p + 3] === 0) continue;
    const m = BYTE_TO_UNIT[data[p + 3]] * strength;
    const o = outBase + px;
    tensor[area + o] = BYTE_TO_UNIT[data[p]] * m;
    tensor[2 * area + o] = BYTE_TO_UNIT[data[p + 1]] * m;
    tensor[3 * area + o] = BYTE_TO_UNIT[data[p + 2]] * m;
    tensor[4 * area + o] = m;
  }
}

/**
 * Copies one (mirror-padded) tile of the working canvas into the NCHW input
 * tensor. `line` holds at least the tile's rows; hint planes, the RGBA hint
 * and the region fill are canvas-sized; a hint band is made for the tile's rows.
 */
export function fillTileInput(tensor: Float32Array, line: LineRows, hint: TileHint, fill: RegionFill | undefined, tile: Tile): void {
  const { x, y, width, height, paddedWidth, paddedHeight } = tile;
  const area = paddedWidth * paddedHeight;
  const stride = line.plane.width;
  const lineShift = line.top * stride;
  if (hint.kind === 'none') tensor.fill(0, area);
  const hintRows = hint.kind === 'planes' ? { planes: hint.planes, top: 0 } : hint.kind === 'bands' ? hint.bands.rows(y, height) : undefined;
  const hintShift = hintRows ? hintRows.top * stride : 0;
  for (let py = 0; py < paddedHeight; py++) {
    const row = y + reflect101(py, height);
    const pixelStart = row * stride + x;
    const outBase = py * paddedWidth;
    copyRowMirrored(line.plane.data, pixelStart - lineShift, tensor, outBase, width, paddedWidth);
    if (hintRows) {
      const { r, g, b, mask } = hintRows.planes;
      [r, g, b, mask].forEach((plane, c) => copyRowMirrored(plane.data, pixelStart - hintShift, tensor, (c + 1) * area + outBase, width, paddedWidth));
    } else if (hint.kind === 'rgba') {
      hintRowFromRgba(hint, row, x, tensor, area, outBase, width, paddedWidth);
    }
    if (fill) fillRow(fill, pixelStart, tensor, area, 5, outBase, width, paddedWidth);
  }
}

