/**
 * Each painted shape brought to the colour the artist painted, its shading
 * kept.
 *
 * Why: the network paints a shape the hint's colour only roughly, and light
 * colours darker: on pages 'auto' shrinks, a face dabbed skin (246, 210,
 * 184) came out (158, 133, 97), delta E 31, legs (192, 156, 121), and at
 * scale 1 still 7-13 off (a review, session 29: 30 % of 267 dabs showed
 * against their shape at 'auto'). An artist picks a skin colour and
 * expects that skin, lit; the dab then shows as a light rivet in a dark
 * shape too.
 *
 * How: per region of the region fill that holds one painted colour (not a
 * sky's or a ground's part blended with its neighbour: fill-blend.ts), the
 * network's mean colour over its clear pixels (not ink, not painted, not
 * paper-white: the white fill's), sampled on a lattice of at most
 * MAX_SAMPLES pixels, in linear light; a shape mostly paper-white is left
 * to the white fill (a sky the network took for paper, its pale wash
 * around the dab no mean of the sky), and so is one the network painted
 * in two colours (MAX_CHROMA_SPREAD). Where it lies more than TOLERANCE
 * (delta E 1976) from the painted colour, each of those pixels is
 * multiplied, channel by channel in linear light, by the gain that brings
 * the mean to the painted colour: the same light on the painted material,
 * so the shading's ratios stay. Gains are held within MAX_GAIN. Works on
 * the page-sized result in place; memory: a few numbers per region.
 */
import type { LineValues } from './linewidth';
import { forEachLabelRun, PAPER_THRESHOLD, pageRegionLookup, workingIndices } from './paper-regions';
import { fillColour, type RegionFill } from './regions';
import type { RgbaImage } from './types';
import { deltaE, LINEAR } from './colour-difference';
import { PAINTED_ALPHA } from './painted-spans';
import { CLEAR_PAPER, isPaperWhite } from './white-fill';

/** A shape's mean within this delta E of its painted colour is left as the network made it. */
export const TOLERANCE = 8;
/** The gain a channel (linear light) is held within: a near-black rendering of a light paint is not lifted to noise. */
const MAX_GAIN = 4;
/** At most this many pixels are sampled for the means. */
const MAX_SAMPLES = 1 << 18;
/**
 * A region whose colours' chromaticity (red and blue shares of linear light) spreads more than this
 * (standard deviation) holds two colours, not one colour shaded: a sky (0.13, 0.56) and a leaked
 * figure's skin (0.41, 0.26), half and half, spread 0.14; a shaded shape a few hundredths.
 */
const MAX_CHROMA_SPREAD = 0.05;
/** A region is judged on at least this many samples. */
const MIN_SAMPLES = 16;

/** Linear light (0..1, in 4,096 steps) -> sRGB byte. */
const TO_BYTE = Uint8Array.from({ length: 4096 }, (_, k) => {
  const c = k / 4095;
  const s = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.round(255 * s);
});

/**
 * Tints `image` (the network's result, page-sized) shape by shape toward
 * the region fill's colours; `hint` is the artist's paint (its pixels are
 * left alone). Returns how many regions were tinted.
 */
export function tintToPaint(image: RgbaImage, fill: RegionFill, line: LineValues, hint: RgbaImage | undefined): number {
  const { width, height, data } = image;
  const { regions, table, blend } = fill;
  const count = regions.count + 1;
  const colours = Int32Array.from({ length: count }, (_, r) => (r === 0 || blend?.has(r) ? -1 : fillColour(table, r)));
  const regionOf = pageRegionLookup(regions, width, height);
  /** Whether pixel i is clear of ink (line value `least` up) and unpainted. */
  const clearPixel = (i: number, least: number): boolean => line.at(i) >= least && (hint === undefined || hint.data[i * 4 + 3] < PAINTED_ALPHA);
  const white = (i: number): boolean => isPaperWhite(data, i * 4); // the white fill's

  // The means, in linear light, on a lattice.
  const step = Math.max(1, Math.floor(Math.sqrt((width * height) / MAX_SAMPLES)));
  const sums = new Float64Array(count * 3);
  const samples = new Int32Array(count);
  const whites = new Int32Array(count);
  const chroma = new Float64Array(count * 4); // per region: sum and sum of squares of the red share, then the blue's
  for (let y = step >> 1; y < height; y += step) {
    for (let x = step >> 1, i = y * width + x; x < width; x += step, i += step) {
      const r = regionOf(i);
      if (colours[r] < 0 || !clearPixel(i, CLEAR_PAPER)) continue;
      if (white(i)) {
        whites[r]++;
        continue;
      }
      const [red, green, blue] = [LINEAR[data[i * 4]], LINEAR[data[i * 4 + 1]], LINEAR[data[i * 4 + 2]]];
      sums[r * 3] += red;
      sums[r * 3 + 1] += green;
      sums[r * 3 + 2] += blue;
      // Chromaticity (red and blue shares of the light), its spread: shading leaves it, a second colour does not.
      const light = red + green + blue + 1e-6;
      const [redShare, blueShare] = [red / light, blue / light];
      chroma[r * 4] += redShare;
      chroma[r * 4 + 1] += redShare * redShare;
      chroma[r * 4 + 2] += blueShare;
      chroma[r * 4 + 3] += blueShare * blueShare;
      samples[r]++;
    }
  }

  const gains = new Float32Array(count * 3);
  const tinted: number[] = [];
  for (let r = 1; r < count; r++) {
    // A shape the network left mostly white is the white fill's (a painted sky it took for paper).
    if (colours[r] < 0 || samples[r] < MIN_SAMPLES || samples[r] < whites[r]) continue;
    // Two colours in one region (a figure leaking into a painted sky, the network painting each): no one gain.
    const spread = (k: number): number => Math.sqrt(Math.max(0, chroma[r * 4 + k * 2 + 1] / samples[r] - (chroma[r * 4 + k * 2] / samples[r]) ** 2));
    if (Math.max(spread(0), spread(1)) > MAX_CHROMA_SPREAD) continue;
    const paint = [colours[r] & 255, (colours[r] >> 8) & 255, (colours[r] >> 16) & 255];
    const mean = [0, 1, 2].map((c) => sums[r * 3 + c] / samples[r]);
    if (deltaE(mean.map(toByte), paint) <= TOLERANCE) continue;
    for (let c = 0; c < 3; c++) gains[r * 3 + c] = Math.min(MAX_GAIN, Math.max(1 / MAX_GAIN, LINEAR[paint[c]] / Math.max(mean[c], 1e-6)));
    tinted.push(r);
  }
  if (tinted.length === 0) return 0;

  // Row by row, the runs of one label in the working row each page row falls in: a tinted region's
  // run is its page pixels from the first page column of its first working column on.
  const isTinted = new Uint8Array(count);
  for (const r of tinted) isTinted[r] = 1;
  const colOf = workingIndices(width, regions.width);
  const rowOf = workingIndices(height, regions.height);
  const firstColumn = new Int32Array(regions.width + 1).fill(width);
  for (let x = width - 1; x >= 0; x--) firstColumn[colOf[x]] = x;
  for (let c = regions.width - 1; c >= 0; c--) firstColumn[c] = Math.min(firstColumn[c], firstColumn[c + 1]);
  for (let y = 0; y < height; y++) {
    const row = rowOf[y] * regions.width;
    forEachLabelRun(regions.labels, row, row + regions.width, (from, to, label) => {
      const r = regions.region[label];
      if (isTinted[r] === 0) return;
      for (let x = firstColumn[from - row], i = y * width + x, end = firstColumn[to - row]; x < end; x++, i++) {
        if (!clearPixel(i, PAPER_THRESHOLD) || white(i)) continue;
        for (let c = 0; c < 3; c++) data[i * 4 + c] = TO_BYTE[Math.min(4095, Math.round(LINEAR[data[i * 4 + c]] * gains[r * 3 + c] * 4095))];
      }
    });
  }
  return tinted.length;
}

/** A linear-light value (0..1) as an sRGB float (0..255). */
const toByte = (v: number): number => TO_BYTE[Math.min(4095, Math.max(0, Math.round(v * 4095)))];
