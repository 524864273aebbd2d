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
 * Walks every line of pixels in direction (dx, dy) and lowers each ink
 * pixel's entry in `widths` to the width of the run through it. Diagonal
 * runs count each pixel as sqrt(2) px of length.
 */
function scanRuns(line: Plane, widths: Float32Array, dx: number, dy: number): void {
  const { width, height, data } = line;
  const step = Math.hypot(dx, dy);
  const starts: Array<[number, number]> = [];
  if (dy === 0) for (let y = 0; y < height; y++) starts.push([0, y]);
  else if (dx === 0) for (let x = 0; x < width; x++) starts.push([x, 0]);
  else {
    for (let x = 0; x < width; x++) starts.push([x, 0]);
    for (let y = 1; y < height; y++) starts.push([dx > 0 ? 0 : width - 1, y]);
  }
  const inside = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < width && y < height;
  for (const [sx, sy] of starts) {
    let x = sx;
    let y = sy;
    while (inside(x, y)) {
      if (1 - data[y * width + x] <= INK_EDGE) {
        x += dx;
        y += dy;
        continue;
      }
      const rx = x;
      const ry = y;
      let sum = 0;
      while (inside(x, y) && 1 - data[y * width + x] > INK_EDGE) {
        sum += 1 - data[y * width + x];
        x += dx;
        y += dy;
      }
      const runWidth = sum * step;
      for (let kx = rx, ky = ry; kx !== x || ky !== y; kx += dx, ky += dy) {
        const i = ky * width + kx;
        if (runWidth < widths[i]) widths[i] = runWidth;
      }
    }
  }
}

/** Median stroke width in pixels, or undefined when there is too little ink to tell. */
export function measureLineWidth(line: Plane): number | undefined {
  const { data } = line;
  const widths = new Float32Array(data.length).fill(Infinity);
  // Across a stroke is the shortest of the four runs through a pixel (within 8% for any angle).
  scanRuns(line, widths, 1, 0);
  scanRuns(line, widths, 0, 1);
  scanRuns(line, widths, 1, 1);
  scanRuns(line, widths, -1, 1);
  const bins = new Uint32Array(Math.ceil(HISTOGRAM_MAX_PX / HISTOGRAM_BIN) + 1);
  let core = 0;
  for (let i = 0; i < data.length; i++) {
    if (1 - data[i] < INK_CORE) continue;
    bins[Math.min(bins.length - 1, Math.round(widths[i] / HISTOGRAM_BIN))]++;
    core++;
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
