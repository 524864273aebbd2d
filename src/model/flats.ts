/**
 * Flats: every region the lines enclose filled with one flat colour, the
 * lines themselves taking the colour of the regions beside them, as a
 * comics flatter lays them under the inks for the colourist to select with
 * the magic wand. No network: the engine's own region labelling (gaps in
 * the lines closed as the region fill closes them, here in page pixels).
 *
 * A region with hint paint in it takes the hint's colour there (the
 * alpha-weighted mean of its painted pixels, as the region fill computes
 * it; where that colour would run out through a gap just wider than the
 * closing, the region is closed one wider, as Colorize's fill is:
 * fill-leaks.ts); the others each take a colour of their own from a palette that
 * steps the hue by the golden angle, so regions numbered one after the
 * other (neighbours, mostly) differ clearly; unpainted specks too small to
 * be flats of their own go to their surroundings. The page around the figure
 * (paper touching the page's edge, the gutter of a comic page) stays
 * transparent unless it is painted; a panel's own background is a region
 * like any other. Memory: the page's labels (16 or 32 bits a pixel) and
 * the layer.
 */
import { EngineInputError } from './errors';
import { labelPaperRegions, MAX_GAP_RADIUS, regionAt, spreadIntoInk, type RegionLabels } from './paper-regions';
import { rgbaPaperRows } from './preprocess';
import { fillColour, rgbaHintPixels } from './regions';
import { levelledLineart } from './levels';
import { paintedSpans } from './painted-spans';
import { withoutSpills } from './spill';
import { ALL_PAGE_EDGES, checkPageEdges } from './page-grid';
import { guardedRegionFill } from './fill-leaks';
import type { Contract, PageEdges, RgbaImage } from './types';

export interface FlatsOptions {
  /** Close gaps in the lines up to 2 x this many page pixels (0..MAX_GAP_RADIUS). Default: the contract's fill.gapRadius. */
  readonly gapRadius?: number;
  /**
   * Unpainted regions smaller than this many pixels (specks between
   * hatching, the insides of tiny loops) are not flats of their own: they
   * take the colour of the regions around them, as the lines do. 0 keeps
   * every region. Default DEFAULT_MIN_REGION_PIXELS.
   */
  readonly minRegionPixels?: number;
  /** Which sides of the lineart are the page's edges (a crop's inner sides are not). Default: all four. */
  readonly pageEdges?: PageEdges;
}

/** About 6 x 6 pixels: a speck a flatter would not give a colour of its own. */
export const DEFAULT_MIN_REGION_PIXELS = 36;

/** 1 / the golden ratio: hue steps that never repeat and keep consecutive regions far apart. */
const GOLDEN = 0.6180339887498949;
/** Flats are mid-light and moderately saturated: distinct, and dark lines stay readable over them. */
const SATURATION = 0.55;
const LIGHTNESS = [0.62, 0.72, 0.8] as const;

/** HSL (all 0..1) to RGB bytes. */
function hslBytes(h: number, s: number, l: number): [number, number, number] {
  const chroma = (1 - Math.abs(2 * l - 1)) * s;
  const hp = h * 6;
  const x = chroma * (1 - Math.abs((hp % 2) - 1));
  const [r, g, b] = hp < 1 ? [chroma, x, 0] : hp < 2 ? [x, chroma, 0] : hp < 3 ? [0, chroma, x] : hp < 4 ? [0, x, chroma] : hp < 5 ? [x, 0, chroma] : [chroma, 0, x];
  const m = l - chroma / 2;
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/** The generated flat of region n (1 up). */
export function flatColour(n: number): [number, number, number] {
  return hslBytes((n * GOLDEN) % 1, SATURATION, LIGHTNESS[n % LIGHTNESS.length]);
}

function checkInputs(lineart: RgbaImage, hint: RgbaImage | undefined, gapRadius: number, minRegionPixels: number): void {
  if (!Number.isInteger(minRegionPixels) || minRegionPixels < 0) {
    throw new EngineInputError('BAD_OPTION', `minRegionPixels must be a whole number of pixels, 0 or more, got ${String(minRegionPixels)}.`);
  }
  for (const [what, image] of [['lineart', lineart], ['hint', hint]] as const) {
    if (image === undefined) continue;
    if (!(image.width > 0 && image.height > 0) || image.data.length !== image.width * image.height * 4) {
      throw new EngineInputError('BAD_BUFFER', `The ${what} image is not ${image.width}x${image.height} RGBA (${image.data.length} bytes).`);
    }
  }
  if (hint && (hint.width !== lineart.width || hint.height !== lineart.height)) {
    throw new EngineInputError('HINT_SIZE_MISMATCH', `The hint is ${hint.width}x${hint.height} but the lineart is ${lineart.width}x${lineart.height}; they must be the same size.`);
  }
  if (!Number.isInteger(gapRadius) || gapRadius < 0 || gapRadius > MAX_GAP_RADIUS) {
    throw new EngineInputError('BAD_OPTION', `gapRadius must be a whole number of pixels from 0 to ${MAX_GAP_RADIUS}, got ${String(gapRadius)}.`);
  }
}

/** 1 for the regions that touch the page's edge (only the sides `edges` names), and for region 0. */
export function edgeRegions(regions: RegionLabels, edges: PageEdges): Uint8Array {
  const { width, height } = regions;
  const flags = new Uint8Array(regions.count + 1);
  flags[0] = 1;
  for (let x = 0; x < width; x++) {
    if (edges.top) flags[regionAt(regions, x)] = 1;
    if (edges.bottom) flags[regionAt(regions, (height - 1) * width + x)] = 1;
  }
  for (let y = 0; y < height; y++) {
    if (edges.left) flags[regionAt(regions, y * width)] = 1;
    if (edges.right) flags[regionAt(regions, y * width + width - 1)] = 1;
  }
  return flags;
}

/** The flats of a page (see the module comment): an RGBA layer of the lineart's size. */
export function flatsLayer(lineart: RgbaImage, hint: RgbaImage | undefined, contract: Contract, options: FlatsOptions = {}): RgbaImage {
  const gapRadius = options.gapRadius ?? contract.fill.gapRadius;
  const minRegionPixels = options.minRegionPixels ?? DEFAULT_MIN_REGION_PIXELS;
  checkInputs(lineart, hint, gapRadius, minRegionPixels);
  const { width, height } = lineart;
  const edges = options.pageEdges === undefined ? ALL_PAGE_EDGES : checkPageEdges(options.pageEdges);
  // A scan read levelled, as Colorize reads it (levels.ts): the same regions.
  const levelled = levelledLineart(lineart, contract);
  let regions = labelPaperRegions(width, height, rgbaPaperRows(levelled, contract), gapRadius);
  let fill: Float32Array | undefined;
  if (hint) {
    // The ends of strokes that slipped over a line are not paint (spill.ts).
    const paint = withoutSpills(hint, paintedSpans(hint), regions, 1, edgeRegions(regions, edges));
    // Where a dab's colour runs out through a gap just wider than the closing, closed one wider there, as Colorize does.
    ({ regions, table: fill } = guardedRegionFill(regions, rgbaHintPixels(paint, 1), gapRadius));
  }
  const background = edgeRegions(regions, edges);

  // One RGBA entry per region (0: none reached, transparent), read as 32-bit words in the platform's order.
  const palette = new Uint8Array((regions.count + 1) * 4);
  for (let r = 1; r <= regions.count; r++) {
    const colour = fill ? fillColour(fill, r) : -1;
    if (colour >= 0) {
      for (let c = 0; c < 3; c++) palette[r * 4 + c] = (colour >> (8 * c)) & 255;
      palette[r * 4 + 3] = 255;
    } else if (!background[r]) {
      palette.set(flatColour(r), r * 4);
      palette[r * 4 + 3] = 255;
    }
  }
  const colourOf = new Uint32Array(palette.buffer);

  // Specks: unpainted regions too small to be flats of their own are handed to their
  // surroundings with the lines.
  const { labels, region } = regions;
  if (minRegionPixels > 0) {
    const size = new Int32Array(regions.count + 1);
    for (let i = 0; i < labels.length; i++) size[region[labels[i]]]++;
    const speck = new Uint8Array(regions.count + 1);
    for (let r = 1; r <= regions.count; r++) speck[r] = size[r] < minRegionPixels && !(fill && fill[r * 4 + 3] > 0) ? 1 : 0;
    for (let i = 0; i < labels.length; i++) if (speck[region[labels[i]]]) labels[i] = 0;
  }
  // The lines take the colour of the regions beside them: no gaps between flats under the inks.
  spreadIntoInk(labels, width, height);
  const data = new Uint8ClampedArray(width * height * 4);
  const out = new Uint32Array(data.buffer);
  for (let i = 0; i < out.length; i++) out[i] = colourOf[region[labels[i]]];
  return { width, height, data };
}
