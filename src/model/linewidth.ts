/**
 * How thick are this page's strokes, and at what scale do they look like the
 * strokes the network was trained on?
 *
 * Stroke width is measured from ink runs. A run is a maximal horizontal (or
 * vertical) sequence of pixels with ink darkness (1 - line) above INK_EDGE;
 * its width is the summed darkness along it, so an anti-aliased 1.5 px
 * stroke measures about 1.5 rather than 2 or 3. Each core ink pixel
 * (darkness >= INK_CORE) takes the smaller of its horizontal and vertical run
 * widths (the run across the stroke, not along it), and the page's stroke
 * width is the median over core pixels.
 */
import type { Contract } from './types';
import type { Plane } from './plane';

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

/** Median stroke width in pixels, or undefined when there is too little ink to tell. */
export function measureLineWidth(line: Plane): number | undefined {
  const { width, height, data } = line;
  const across = new Float32Array(width * height);
  // Horizontal runs: write each run's width onto its pixels.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      if (1 - data[row + x] <= INK_EDGE) {
        x++;
        continue;
      }
      const start = x;
      let sum = 0;
      while (x < width && 1 - data[row + x] > INK_EDGE) sum += 1 - data[row + x++];
      across.fill(sum, row + start, row + x);
    }
  }
  const bins = new Uint32Array(Math.ceil(HISTOGRAM_MAX_PX / HISTOGRAM_BIN) + 1);
  let core = 0;
  // Vertical runs: each core pixel keeps min(horizontal, vertical) in the histogram.
  for (let x = 0; x < width; x++) {
    let y = 0;
    while (y < height) {
      if (1 - data[y * width + x] <= INK_EDGE) {
        y++;
        continue;
      }
      const start = y;
      let sum = 0;
      while (y < height && 1 - data[y * width + x] > INK_EDGE) sum += 1 - data[y++ * width + x];
      for (let k = start; k < y; k++) {
        const i = k * width + x;
        if (1 - data[i] < INK_CORE) continue;
        const w = Math.min(sum, across[i]);
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
