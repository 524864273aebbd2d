/**
 * Hint strokes blended into the colour around them.
 *
 * An artist's rough stroke across a face says "the face is this colour",
 * but the network copies painted pixels almost exactly (its stroke gate,
 * training/NOTES.md session 7), so where it shades the region around the
 * stroke a little lighter or darker, the stroke stays visible as a flat
 * streak. This replaces the colour under such a stroke with the colour the
 * network gave the rest of the same region around it, filled in from the
 * stroke's edge inward and smoothed (a membrane / harmonic fill).
 *
 * Only where the stroke already agrees with its surroundings: a stroke
 * whose mean colour difference (CIELAB delta E 1976) from the filled-in
 * colour is above `maxDeltaE` is a deliberate detail (a red dab for the
 * lips, a blush) and is left as painted. A region painted all over has no
 * unpainted pixels to fill from and is left alone too.
 *
 * Works on the page-sized result in place. Regions are the region fill's
 * labels (at working size; page pixels look up the working pixel they fall
 * in), so a fill never crosses a line. Memory: one byte per page pixel plus
 * a few numbers per painted pixel.
 */
import type { LineValues } from './linewidth';
import { PAPER_THRESHOLD, regionAt, type RegionLabels } from './paper-regions';
import type { RgbaImage } from './types';

/** Smoothing passes after the inward fill: enough to blur the fill's layer pattern across a ~20 px stroke. */
const SMOOTHING_PASSES = 24;

/** Delta E 1976 above which a stroke is kept as painted (a colour clearly different from the region's). */
export const DEFAULT_MAX_DELTA_E = 12;

const UNPAINTED = 0;
const PAINTED = 1;
const FILLED = 2;

export interface StrokeBlendInput {
  /** The result, page-sized RGBA; changed in place. */
  readonly image: RgbaImage;
  /** The hint layer, page-sized RGBA: painted where alpha > 0. */
  readonly hint: RgbaImage;
  /** The page's line channel, for what is paper (ink is never painted over). */
  readonly line: LineValues;
  /** Whether the result has the lines multiplied over it (restoreLines): their darkening is divided out first. */
  readonly linesMultiplied: boolean;
  /** The region fill's labels, at working size. */
  readonly regions: RegionLabels;
  readonly maxDeltaE?: number;
  /** Page pixels around each stroke taken with it (the network's halo around strokes). */
  readonly margin?: number;
}

/** sRGB byte -> linear light. */
const LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

function labF(t: number): number {
  return t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116;
}

/** CIELAB (D65) of an sRGB colour given as 0..255 floats (rounded to bytes for the table). */
function lab(r: number, g: number, b: number, out: Float64Array, at: number): void {
  const R = LINEAR[Math.max(0, Math.min(255, Math.round(r)))];
  const G = LINEAR[Math.max(0, Math.min(255, Math.round(g)))];
  const B = LINEAR[Math.max(0, Math.min(255, Math.round(b)))];
  const fx = labF((0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047);
  const fy = labF(0.2126 * R + 0.7152 * G + 0.0722 * B);
  const fz = labF((0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883);
  out[at] = 116 * fy - 16;
  out[at + 1] = 500 * (fx - fy);
  out[at + 2] = 200 * (fy - fz);
}

/**
 * Blends the strokes of `hint` into the result (see the module comment).
 * Returns how many painted pixels were changed.
 */
export function blendStrokes({ image, hint, line, linesMultiplied, regions, maxDeltaE = DEFAULT_MAX_DELTA_E, margin = 0 }: StrokeBlendInput): number {
  const { width, height, data } = image;
  const hintData = hint.data;
  // Page pixel -> region through the working pixel it falls in.
  const colOf = Int32Array.from({ length: width }, (_, x) => Math.min(regions.width - 1, Math.floor((x * regions.width) / width)));
  const rowOf = Int32Array.from({ length: height }, (_, y) => Math.min(regions.height - 1, Math.floor((y * regions.height) / height)) * regions.width);
  const regionOf = (i: number): number => {
    const y = (i / width) | 0;
    return regionAt(regions, rowOf[y] + colOf[i - y * width]);
  };
  const paper = (i: number): boolean => line.at(i) >= PAPER_THRESHOLD;

  // The painted paper pixels, in index order (so a pixel's slot is found by binary search).
  const state = new Uint8Array(width * height);
  let count = 0;
  for (let i = 0, p = 3; i < state.length; i++, p += 4) {
    if (hintData[p] > 0 && paper(i) && regionOf(i) !== 0) {
      state[i] = PAINTED;
      count++;
    }
  }
  if (count === 0) return 0;
  // The network's own colour bleeds a little around a stroke (a faint halo): the stroke is
  // taken `margin` pixels wider, within its region.
  let ring: number[] = [];
  for (let i = 0; i < state.length; i++) if (state[i] === PAINTED) ring.push(i);
  for (let step = 0; step < margin; step++) {
    const grown: number[] = [];
    for (const i of ring) {
      const r = regionOf(i);
      const x = i % width;
      const visit = (j: number): void => {
        if (state[j] !== UNPAINTED || !paper(j) || regionOf(j) !== r) return;
        state[j] = PAINTED;
        grown.push(j);
      };
      if (x > 0) visit(i - 1);
      if (x < width - 1) visit(i + 1);
      if (i >= width) visit(i - width);
      if (i < width * (height - 1)) visit(i + width);
    }
    count += grown.length;
    ring = grown;
  }
  const pixels = new Int32Array(count);
  for (let i = 0, k = 0; i < state.length; i++) if (state[i] === PAINTED) pixels[k++] = i;
  const slotOf = (i: number): number => {
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pixels[mid] < i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const region = Int32Array.from(pixels, regionOf);

  // The colour before the lines were multiplied over it (0..255 floats).
  const shade = (i: number): number => (linesMultiplied ? Math.max(line.at(i), PAPER_THRESHOLD) : 1);
  const fill = new Float64Array(count * 3);
  const neighbours = (i: number, visit: (j: number) => void): void => {
    const x = i % width;
    if (x > 0) visit(i - 1);
    if (x < width - 1) visit(i + 1);
    if (i >= width) visit(i - width);
    if (i < width * (height - 1)) visit(i + width);
  };

  // Inward fill, layer by layer: a painted pixel next to known colour of its own region takes
  // the mean of those neighbours (known = unpainted paper of the region, or filled in an
  // earlier layer).
  let frontier: number[] = [];
  const known = (j: number, r: number): boolean => state[j] !== PAINTED && paper(j) && regionOf(j) === r;
  for (let k = 0; k < count; k++) {
    let next = false;
    neighbours(pixels[k], (j) => {
      if (state[j] === UNPAINTED && paper(j) && regionOf(j) === region[k]) next = true;
    });
    if (next) frontier.push(k);
  }
  const colourAt = (j: number, out: Float64Array, at: number): void => {
    if (state[j] === FILLED) {
      const s = slotOf(j) * 3;
      out[at] = fill[s];
      out[at + 1] = fill[s + 1];
      out[at + 2] = fill[s + 2];
    } else {
      const d = shade(j);
      out[at] = data[j * 4] / d;
      out[at + 1] = data[j * 4 + 1] / d;
      out[at + 2] = data[j * 4 + 2] / d;
    }
  };
  const sample = new Float64Array(3);
  const sumInto = (k: number, from: (j: number) => boolean): number => {
    let n = 0;
    let r = 0;
    let g = 0;
    let b = 0;
    neighbours(pixels[k], (j) => {
      if (!from(j)) return;
      colourAt(j, sample, 0);
      r += sample[0];
      g += sample[1];
      b += sample[2];
      n++;
    });
    if (n > 0) {
      fill[k * 3] = r / n;
      fill[k * 3 + 1] = g / n;
      fill[k * 3 + 2] = b / n;
    }
    return n;
  };
  while (frontier.length > 0) {
    for (const k of frontier) sumInto(k, (j) => known(j, region[k]));
    for (const k of frontier) state[pixels[k]] = FILLED;
    const next: number[] = [];
    for (const k of frontier) {
      neighbours(pixels[k], (j) => {
        if (state[j] !== PAINTED || regionOf(j) !== region[k]) return;
        const s = slotOf(j);
        state[j] = 3; // queued for the next layer (neither painted-unknown nor filled yet)
        next.push(s);
      });
    }
    for (const s of next) state[pixels[s]] = PAINTED;
    frontier = next;
  }

  // Smoothing: each filled pixel becomes the mean of its region's paper neighbours (filled ones
  // at their current fill), which relaxes toward the membrane through the stroke's edge. The
  // unpainted neighbours' sum and the filled neighbours' slots are gathered once.
  const filled = Array.from({ length: count }, (_, k) => k).filter((k) => state[pixels[k]] === FILLED);
  const fixedSum = new Float64Array(filled.length * 3);
  const fixedCount = new Uint8Array(filled.length);
  const links = new Int32Array(filled.length * 4).fill(-1);
  filled.forEach((k, f) => {
    let link = 0;
    neighbours(pixels[k], (j) => {
      if (!paper(j) || regionOf(j) !== region[k] || state[j] === PAINTED) return;
      if (state[j] === FILLED) {
        links[f * 4 + link++] = slotOf(j);
        return;
      }
      colourAt(j, sample, 0);
      for (let c = 0; c < 3; c++) fixedSum[f * 3 + c] += sample[c];
      fixedCount[f]++;
    });
  });
  for (let pass = 0; pass < SMOOTHING_PASSES; pass++) {
    filled.forEach((k, f) => {
      let n = fixedCount[f];
      let r = fixedSum[f * 3];
      let g = fixedSum[f * 3 + 1];
      let b = fixedSum[f * 3 + 2];
      for (let l = f * 4; l < f * 4 + 4 && links[l] >= 0; l++) {
        const o = links[l] * 3;
        r += fill[o];
        g += fill[o + 1];
        b += fill[o + 2];
        n++;
      }
      fill[k * 3] = r / n;
      fill[k * 3 + 1] = g / n;
      fill[k * 3 + 2] = b / n;
    });
  }

  // Per stroke piece (painted pixels connected within one region): keep it unless it agrees
  // with its fill on average.
  const piece = new Int32Array(count).fill(-1);
  const labA = new Float64Array(3);
  const labB = new Float64Array(3);
  let changed = 0;
  for (const start of filled) {
    if (piece[start] >= 0) continue;
    const members = [start];
    piece[start] = start;
    let deltaSum = 0;
    for (let m = 0; m < members.length; m++) {
      const k = members[m];
      const i = pixels[k];
      colourAt(i, sample, 0); // FILLED: reads the fill
      lab(sample[0], sample[1], sample[2], labA, 0);
      const d = shade(i);
      lab(data[i * 4] / d, data[i * 4 + 1] / d, data[i * 4 + 2] / d, labB, 0);
      deltaSum += Math.hypot(labA[0] - labB[0], labA[1] - labB[1], labA[2] - labB[2]);
      neighbours(i, (j) => {
        if (state[j] !== FILLED || regionOf(j) !== region[k]) return;
        const s = slotOf(j);
        if (piece[s] < 0) {
          piece[s] = start;
          members.push(s);
        }
      });
    }
    if (deltaSum / members.length > maxDeltaE) continue;
    for (const k of members) {
      const i = pixels[k];
      const d = shade(i);
      for (let c = 0; c < 3; c++) data[i * 4 + c] = Math.max(0, Math.min(255, Math.round(fill[k * 3 + c] * d)));
      changed++;
    }
  }
  return changed;
}
