/**
 * How thick are this page's strokes, and at what scale do they look like the
 * strokes the network was trained on?
 *
 * Stroke width is measured from ink runs. A run is a maximal straight line
 * of pixels with ink darkness (1 - line) above INK_EDGE;
 * its width is the summed darkness along it, so an anti-aliased 1.5 px
 * stroke measures about 1.5 rather than 2 or 3. Runs are taken in four
 * directions (rows, columns, both diagonals); each core ink pixel
 * (darkness >= INK_CORE) keeps the shortest run through it (the one across
 * the stroke, not along it), and the page's stroke width is the median over
 * core pixels.
 */
import type { Contract } from './types';
import type { Plane } from './plane';

/**
 * Line channel values (0 = ink, 1 = paper) by pixel index, however they are
 * stored: a plane, or computed from the lineart's RGBA as they are read
 * (preprocess.rgbaLineValues), so 'auto' need not make a page-sized plane
 * just to measure a page it then colours at scale 1.
 */
export interface LineValues {
  readonly width: number;
  readonly height: number;
  at(i: number): number;
}

function planeValues(plane: Plane): LineValues {
  const data = plane.data;
  return { width: plane.width, height: plane.height, at: (i) => data[i] };
}

const INK_EDGE = 0.1;
const INK_CORE = 0.5;
/** Fewer core ink pixels than this: too little ink to measure (blank or near-blank page). */
const MIN_CORE_PIXELS = 32;
const HISTOGRAM_BIN = 1 / 32;
const HISTOGRAM_MAX_PX = 256;

/**
 * The working canvas is capped so memory stays bounded whatever the page
 * size and scale (about 0.5 GB of float planes at the cap).
 */
export const MAX_WORKING_PIXELS = 4096 * 4096;
export const MAX_WORKING_SIDE = 8192;

/**
 * Pages are measured on every rowStep-th row so that about this many pixels
 * are looked at: the median over millions of core pixels does not need all
 * of them (on a 4096 x 4096 page every 8th row: within 1 % of the full
 * measurement, about 10x faster, and no page-sized scratch plane).
 */
const SAMPLE_PIXELS = 2 ** 21;

/** Row step measureLineWidth uses for a page of this size (1 up to 2 Mpx: every row). */
export function sampleRowStep(width: number, height: number): number {
  return Math.max(1, Math.floor((width * height) / SAMPLE_PIXELS));
}

/**
 * Width of the ink run through (x, y) in direction (dx, dy): summed darkness
 * along it both ways, times the step length (sqrt(2) on diagonals). Stops
 * early at `limit`: only the shortest of the four directions matters.
 */
function runWidth(line: LineValues, x: number, y: number, dx: number, dy: number, limit: number): number {
  const { width, height } = line;
  const step = Math.hypot(dx, dy);
  let sum = 1 - line.at(y * width + x);
  for (const sign of [1, -1]) {
    let cx = x + sign * dx;
    let cy = y + sign * dy;
    while (cx >= 0 && cy >= 0 && cx < width && cy < height) {
      const dark = 1 - line.at(cy * width + cx);
      if (dark <= INK_EDGE) break;
      sum += dark;
      if (sum * step >= limit) return limit;
      cx += sign * dx;
      cy += sign * dy;
    }
  }
  return sum * step;
}

/**
 * Median stroke width in pixels, or undefined when there is too little ink
 * to tell. Core pixels are taken on every `rowStep`-th row (default: by page
 * size, see SAMPLE_PIXELS); each pixel's width is still exact.
 */
export function measureLineWidth(source: Plane | LineValues, rowStep = sampleRowStep(source.width, source.height)): number | undefined {
  const line = 'data' in source ? planeValues(source) : source;
  const { width, height } = line;
  const bins = new Uint32Array(Math.ceil(HISTOGRAM_MAX_PX / HISTOGRAM_BIN) + 1);
  let core = 0;
  for (let y = Math.floor(rowStep / 2); y < height; y += rowStep) {
    const row = y * width;
    for (let x = 0; x < width; ) {
      if (1 - line.at(row + x) <= INK_EDGE) {
        x++;
        continue;
      }
      // One horizontal run, shared by all its pixels; the other directions per core pixel.
      const runStart = x;
      let sum = 0;
      for (let dark; x < width && (dark = 1 - line.at(row + x)) > INK_EDGE; x++) sum += dark;
      for (let k = runStart; k < x; k++) {
        if (1 - line.at(row + k) < INK_CORE) continue;
        // Across a stroke is the shortest of the four runs through a pixel (within 8% for any angle).
        let w = sum;
        w = runWidth(line, k, y, 0, 1, w);
        w = runWidth(line, k, y, 1, 1, w);
        w = runWidth(line, k, y, -1, 1, w);
        bins[Math.min(bins.length - 1, Math.round(w / HISTOGRAM_BIN))]++;
        core++;
      }
    }
  }
  if (core < MIN_CORE_PIXELS) return undefined;
  let seen = 0;
  for (let b = 0; b < bins.length; b++) {
    seen += bins[b];
    if (seen * 2 >= core) return Math.max(HISTOGRAM_BIN, b * HISTOGRAM_BIN);
  }
  return HISTOGRAM_MAX_PX;
}

/** Largest scale at which a width x height page stays within the working-size cap. */
export function maxScaleForSize(width: number, height: number): number {
  return Math.min(Math.sqrt(MAX_WORKING_PIXELS / (width * height)), MAX_WORKING_SIDE / Math.max(width, height));
}

/**
 * Working scale for 'auto': strokes of `measured` px become
 * contract.geometry.lineWidthPx, clamped to the contract's range. A page
 * with too little ink to measure keeps scale 1 (clamped): nothing says it
 * needs resizing.
 */
export function autoWorkingScale(measured: number | undefined, contract: Contract): number {
  const { lineWidthPx, minWorkingScale, maxWorkingScale } = contract.geometry;
  const wanted = measured === undefined ? 1 : lineWidthPx / measured;
  return Math.min(maxWorkingScale, Math.max(minWorkingScale, wanted));
}
