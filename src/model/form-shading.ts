/**
 * Form shading: the side of each drawn shape that faces away from a light,
 * darkened, as a grey layer for Photoshop's Multiply blend.
 *
 * Why: the network colours each shape in nearly flat colour (training/NOTES.md,
 * sessions 6-8: every loss this project could train without a GPU kept the
 * flat median), while an artist colours with a light in mind that the
 * network cannot know. This gives the artist that choice. It is a drawing
 * aid, not a measure of the painters' shading: against the originals it
 * adds light and dark but places it only as well as the network's own
 * (better on the test split at 2x, slightly worse on validation), and the
 * side matters, lit from the top left beating the bottom right on both
 * (training/NOTES.md, session 11). It is a separate layer so the artist
 * keeps clean flats, and it depends on the lineart, the light and which
 * shapes are paper-white only, so a new light needs no new colouring.
 *
 * Method (the inflation of Lumo, Johnston 2002, and Ink-and-Ray, Sýkora et
 * al. 2014, in its simplest form): the whole figure's silhouette and every
 * shape the lines enclose are raised into rounded reliefs, circular
 * profiles of the distance to their edges (steep at the edge, flat at the
 * middle), smoothed inside each so the middle has no crease, and added;
 * the relief is lit by a distant light (Lambert), and
 * where it receives less light than a face turned to the viewer it is
 * darkened by up to `strength`. Nothing is lightened: the layer multiplies.
 *
 * Not shaded: the page's surround (paper touching two or more page edges,
 * and comic panels' rectangles: page-grid.backgroundRegions), shapes
 * the colouring left paper-white (most likely background showing through),
 * and specks too small to have a form. Works on the page grid (at most
 * 1024 cells a side, page-grid.ts: the relief is smooth; colorize shares
 * it with the white fill), grown back bilinearly.
 */
import { levelledLineart } from './levels';
import type { Contract, LightDirection, RgbaImage, ShadingOptions } from './types';
import { LITTLE_ENDIAN, scaleAlpha } from './bytes';
import { EngineInputError } from './errors';
import { squaredInkDistance } from './interior-distance';
import { backgroundRegions, forEachCellCentre, PageGrids } from './page-grid';
import { labelPaperRegions, regionAt } from './paper-regions';
import { blurWithinRegions } from './region-blur';

/** Where the light comes from, as an artist names it; degrees counter-clockwise from the right. */
export const LIGHT_DIRECTIONS: Readonly<Record<LightDirection, number>> = {
  right: 0,
  'top-right': 45,
  top: 90,
  'top-left': 135,
  left: 180,
  'bottom-left': 225,
  bottom: 270,
  'bottom-right': 315,
};

/** The strength the CLI and the panel start from: shadows that read without hiding the colour. */
export const DEFAULT_SHADING_STRENGTH = 0.35;

/**
 * The relief's and the light's shape: fixed in the product, a parameter so
 * that training/shade_tune.py can measure alternatives on validation pages.
 */
export interface ShadingTuning {
  /** The light's height above the page (degrees): low enough to model a form, high enough not to blacken half of it. */
  readonly elevationDeg: number;
  /** The smoothing inside a part (Gaussian sigma), as a share of its largest distance to its edge. */
  readonly smoothing: number;
  /** How much of the relief is the whole figure's, the rest each shape's own. */
  readonly figureWeight: number;
}

export const SHADING_TUNING: ShadingTuning = { elevationDeg: 35, smoothing: 0.25, figureWeight: 0.5 };
/** Shapes of fewer grid cells than this are specks: no form to shade. */
const MIN_SHAPE_CELLS = 24;
/**
 * A shape whose mean colour is at least this in all of R, G, B was left
 * paper-white: not shaded. (A mean over the shape, so stricter than
 * white-fill.ts's PAPER_WHITE for single pixels.)
 */
const WHITE_SHAPE_MEAN = 240;
const SMOOTHING_ITERATIONS = 3;

/** The light's direction as a unit vector (x right, y down the page, z towards the viewer). */
function lightVector(light: LightDirection | number, elevationDeg: number): [number, number, number] {
  const azimuth = ((typeof light === 'number' ? light : LIGHT_DIRECTIONS[light]) * Math.PI) / 180;
  const elevation = (elevationDeg * Math.PI) / 180;
  return [Math.cos(azimuth) * Math.cos(elevation), -Math.sin(azimuth) * Math.cos(elevation), Math.sin(elevation)];
}

/** Whether `value` is one of the named directions (LIGHT_DIRECTIONS). */
export function isLightDirection(value: unknown): value is LightDirection {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LIGHT_DIRECTIONS, value);
}

/**
 * A light written as text, as the CLI and recorded Actions carry it: a
 * direction's name or an angle in degrees; undefined when it is neither.
 */
export function lightFromText(text: string): LightDirection | number | undefined {
  if (isLightDirection(text)) return text;
  const degrees = Number(text);
  return text.trim() !== '' && Number.isFinite(degrees) ? degrees : undefined;
}

/** Refuses shading options that are not a light and a strength in 0..1 (EngineInputError BAD_OPTION). */
export function checkShadingOptions(options: ShadingOptions): void {
  if (typeof options !== 'object' || options === null) throw new EngineInputError('BAD_OPTION', 'shading must be { light, strength }.');
  const { light, strength } = options;
  if (!isLightDirection(light) && !(typeof light === 'number' && Number.isFinite(light))) {
    throw new EngineInputError('BAD_OPTION', `Light "${String(light)}" is not a direction: use one of ${Object.keys(LIGHT_DIRECTIONS).join(', ')} or an angle in degrees.`);
  }
  if (!(typeof strength === 'number' && strength >= 0 && strength <= 1)) {
    throw new EngineInputError('BAD_OPTION', `Shading strength ${String(strength)} is outside 0..1 (0 = no shading, 1 = black shadows).`);
  }
}

function checkImages(lineart: RgbaImage, colour: RgbaImage): void {
  for (const [what, image] of [['lineart', lineart], ['colour', colour]] as const) {
    if (!(image.width > 0 && image.height > 0) || image.data.length !== image.width * image.height * 4) {
      throw new EngineInputError('BAD_BUFFER', `The ${what} image is not ${image.width}x${image.height} RGBA (${image.data.length} bytes).`);
    }
  }
  if (colour.width !== lineart.width || colour.height !== lineart.height) {
    throw new EngineInputError('BAD_SIZE', `The colour image is ${colour.width}x${colour.height} but the lineart is ${lineart.width}x${lineart.height}.`);
  }
}

/** The grid's shapes: per cell its shape number (0 = not shaded) and the number of shapes. */
interface Shapes {
  readonly cols: number;
  readonly rows: number;
  /** Page pixels per cell side. */
  readonly block: number;
  readonly shape: Int32Array;
  readonly count: number;
  /** 1 for cells of a figure: ink and every region that is not the page's surround. */
  readonly figure: Uint8Array;
}

/** Labels the enclosed paper on the grid and keeps the shapes to shade (see the file comment). */
function shapesToShade(lineart: RgbaImage, colour: RgbaImage, contract: Contract, grids: PageGrids): Shapes {
  const grid = grids.withGaps(contract.fill.gapRadius);
  const { cols, rows, block, regions } = grid;
  const skip = backgroundRegions(regions, 2, grid.edges);
  // Each region's size and mean colour, sampled at its cells' centres.
  const cells = new Int32Array(regions.count + 1);
  const rgb = new Float64Array(3 * (regions.count + 1));
  forEachCellCentre(grid, lineart.width, lineart.height, (cell, pixel) => {
    const r = regionAt(regions, cell);
    if (r === 0) return;
    cells[r]++;
    for (let c = 0; c < 3; c++) rgb[3 * r + c] += colour.data[pixel * 4 + c];
  });
  const number = new Int32Array(regions.count + 1);
  let count = 0;
  for (let r = 1; r <= regions.count; r++) {
    const white = rgb[3 * r] >= WHITE_SHAPE_MEAN * cells[r] && rgb[3 * r + 1] >= WHITE_SHAPE_MEAN * cells[r] && rgb[3 * r + 2] >= WHITE_SHAPE_MEAN * cells[r];
    if (!skip[r] && cells[r] >= MIN_SHAPE_CELLS && !white) number[r] = ++count;
  }
  const shape = new Int32Array(cols * rows);
  const figure = new Uint8Array(cols * rows);
  for (let i = 0; i < shape.length; i++) {
    const r = regionAt(regions, i);
    shape[i] = number[r];
    figure[i] = r === 0 || !skip[r] ? 1 : 0;
  }
  return { cols, rows, block, shape, count, figure };
}

/**
 * A circular profile over `distance` (> 0 inside, 0 outside) for each
 * labelled part: height R * sqrt(1 - (1 - d / R)^2), R the part's largest
 * distance (steep at its edge, flat at its middle), smoothed within the part
 * with a Gaussian of smoothing * R so its middle has no crease.
 */
function roundedProfile(distance: Float32Array, part: Int32Array, parts: number, cols: number, rows: number, smoothing: number): Float32Array {
  const deepest = new Float32Array(parts + 1);
  for (let i = 0; i < distance.length; i++) if (part[i] !== 0 && distance[i] > deepest[part[i]]) deepest[part[i]] = distance[i];
  const height = new Float32Array(distance.length);
  for (let i = 0; i < height.length; i++) {
    const p = part[i];
    // A part with no edge on the grid (a figure with no surround: the page is all figure) stays flat.
    if (p === 0 || deepest[p] === 0) continue;
    const t = 1 - distance[i] / deepest[p];
    height[i] = deepest[p] * Math.sqrt(Math.max(0, 1 - t * t));
  }
  blurWithinRegions(height, part, cols, rows, deepest.map((d) => smoothing * d), SMOOTHING_ITERATIONS);
  return height;
}

/**
 * Distance (cells) from each cell with flag 1 to the nearest cell with flag
 * 0, + 0.5 (a cell at the edge is half a cell from it); 0 where the flag is
 * 0. The page's edge is not an edge: a figure cut off by it goes on past it.
 */
function edgeDistance(inside: Uint8Array, cols: number, rows: number): Float32Array {
  const squared = squaredInkDistance(inside, cols, rows);
  const distance = new Float32Array(inside.length);
  for (let i = 0; i < distance.length; i++) if (inside[i] && squared[i] !== Infinity) distance[i] = Math.sqrt(squared[i]) + 0.5;
  return distance;
}

/**
 * The relief lit: the figure's silhouette raised as a whole (so a face is
 * one dome, not dented around the eyes drawn on it) plus each shape raised
 * on its own (a strand of hair, a sleeve), tuning.figureWeight of the first.
 */
function relief(shapes: Shapes, tuning: ShadingTuning): Float32Array {
  const { cols, rows, shape, count, figure } = shapes;
  // A shape's edge: cells with a 4-neighbour outside the shape.
  const inner = new Uint8Array(cols * rows);
  for (let y = 0, i = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++, i++) {
      const s = shape[i];
      if (s === 0) continue;
      const edge = (x > 0 && shape[i - 1] !== s) || (x < cols - 1 && shape[i + 1] !== s) || (y > 0 && shape[i - cols] !== s) || (y < rows - 1 && shape[i + cols] !== s);
      inner[i] = edge ? 0 : 1;
    }
  }
  const own = roundedProfile(edgeDistance(inner, cols, rows), shape, count, cols, rows, tuning.smoothing);
  // The figures: connected ink and enclosed paper, each raised from the surround around it.
  const figures = labelPaperRegions(cols, rows, (visit) => {
    for (let y = 0; y < rows; y++) visit(y, figure.subarray(y * cols, (y + 1) * cols));
  });
  const figureOf = new Int32Array(cols * rows);
  for (let i = 0; i < figureOf.length; i++) figureOf[i] = regionAt(figures, i);
  const whole = roundedProfile(edgeDistance(figure, cols, rows), figureOf, figures.count, cols, rows, tuning.smoothing);
  const height = new Float32Array(cols * rows);
  const w = tuning.figureWeight;
  for (let i = 0; i < height.length; i++) if (shape[i] !== 0) height[i] = w * whole[i] + (1 - w) * own[i];
  return height;
}

/** The Multiply factor per cell (1 = untouched): Lambert on the relief against a face turned to the viewer. */
function shadeFactors(shapes: Shapes, height: Float32Array, options: ShadingOptions, elevationDeg: number): Float32Array {
  const { cols, rows, shape } = shapes;
  const [lx, ly, lz] = lightVector(options.light, elevationDeg);
  const factor = new Float32Array(cols * rows).fill(1);
  if (options.strength === 0) return factor;
  for (let y = 0, i = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++, i++) {
      const s = shape[i];
      if (s === 0) continue;
      // Central differences within the shape; one-sided at its edge.
      const left = x > 0 && shape[i - 1] === s ? height[i - 1] : height[i];
      const right = x < cols - 1 && shape[i + 1] === s ? height[i + 1] : height[i];
      const up = y > 0 && shape[i - cols] === s ? height[i - cols] : height[i];
      const down = y < rows - 1 && shape[i + cols] === s ? height[i + cols] : height[i];
      const spanX = (x > 0 && shape[i - 1] === s ? 1 : 0) + (x < cols - 1 && shape[i + 1] === s ? 1 : 0);
      const spanY = (y > 0 && shape[i - cols] === s ? 1 : 0) + (y < rows - 1 && shape[i + cols] === s ? 1 : 0);
      const gx = spanX > 0 ? (right - left) / spanX : 0;
      const gy = spanY > 0 ? (down - up) / spanY : 0;
      // Normal (-gx, -gy, 1) normalised; the light received relative to a flat face's (lz).
      const lit = (-gx * lx - gy * ly + lz) / Math.sqrt(gx * gx + gy * gy + 1);
      const dark = Math.min(1, Math.max(0, (lz - lit) / lz));
      factor[i] = 1 - options.strength * dark;
    }
  }
  return factor;
}

/** The grid's factors grown to page size (bilinear, cell centres) as an opaque grey RGBA layer. */
function greyLayer(factor: Float32Array, shapes: Shapes, width: number, height: number): RgbaImage {
  const { cols, rows, block } = shapes;
  const data = new Uint8ClampedArray(width * height * 4);
  const words = new Uint32Array(data.buffer);
  // Opaque grey v as one 32-bit word in the platform's byte order (alpha in the last byte).
  const greyWord = Uint32Array.from({ length: 256 }, (_, v) => (LITTLE_ENDIAN ? (255 << 24) | (v << 16) | (v << 8) | v : (v << 24) | (v << 16) | (v << 8) | 255) >>> 0);
  // Per page column: the two grid columns and the weight of the second, computed once.
  const x0 = new Int32Array(width);
  const x1 = new Int32Array(width);
  const wx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const g = Math.min(cols - 1, Math.max(0, (x + 0.5) / block - 0.5));
    x0[x] = Math.floor(g);
    x1[x] = Math.min(cols - 1, x0[x] + 1);
    wx[x] = g - x0[x];
  }
  // The two grid rows interpolated for the page row, once per row; then each pixel interpolates across.
  const line = new Float32Array(cols);
  for (let y = 0; y < height; y++) {
    const g = Math.min(rows - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const r0 = Math.floor(g) * cols;
    const r1 = Math.min(rows - 1, Math.floor(g) + 1) * cols;
    const wy = g - Math.floor(g);
    for (let c = 0; c < cols; c++) line[c] = factor[r0 + c] + (factor[r1 + c] - factor[r0 + c]) * wy;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const a = line[x0[x]];
      words[i] = greyWord[Math.round(255 * (a + (line[x1[x]] - a) * wx[x]))];
    }
  }
  return { width, height, data };
}

/**
 * The form shading of a coloured page as an opaque grey layer of the page's
 * size, for Multiply over the colour (white = untouched). `colour` is the
 * colouring it will lie over (the engine's result), used only to leave
 * paper-white shapes alone.
 */
export function shadeLayer(
  lineart: RgbaImage,
  colour: RgbaImage,
  contract: Contract,
  options: ShadingOptions,
  tuning: ShadingTuning = SHADING_TUNING,
  grids?: PageGrids,
): RgbaImage {
  checkShadingOptions(options);
  checkImages(lineart, colour);
  // A scan read levelled, as Colorize reads it (levels.ts; a page it levelled already is left as it is).
  const page = levelledLineart(lineart, contract);
  const shapes = shapesToShade(page, colour, contract, grids ?? PageGrids.of(page, contract));
  const factor = shadeFactors(shapes, relief(shapes, tuning), options, tuning.elevationDeg);
  return greyLayer(factor, shapes, lineart.width, lineart.height);
}

/**
 * Photoshop's 8-bit Multiply of a layer over `base`, in place: c = round(c *
 * l / 255) per colour channel where the layer is opaque, and where it is
 * not, that blended with c by the layer's opacity; alpha kept. The CLI's PNG
 * and the demo's preview are then what the layers flatten to.
 */
export function multiplyInPlace(base: RgbaImage, layer: RgbaImage): void {
  if (base.width !== layer.width || base.height !== layer.height) {
    throw new EngineInputError('BAD_SIZE', `Cannot multiply a ${layer.width}x${layer.height} layer over a ${base.width}x${base.height} image.`);
  }
  const b = base.data;
  const l = layer.data;
  for (let p = 0; p < b.length; p += 4) {
    const a = l[p + 3];
    if (a === 255) {
      b[p] = Math.round((b[p] * l[p]) / 255);
      b[p + 1] = Math.round((b[p + 1] * l[p + 1]) / 255);
      b[p + 2] = Math.round((b[p + 2] * l[p + 2]) / 255);
    } else if (a !== 0) {
      for (let c = 0; c < 3; c++) b[p + c] = Math.round((b[p + c] * (l[p + c] * a + 255 * (255 - a))) / (255 * 255));
    }
  }
}

/**
 * The shading only where the colour it shades has colour, as opaque as that
 * is: a colour layer made for a selection (a panel) is transparent beyond
 * it, and shading there would darken the rest of the page. In place.
 */
export function keepShadingWhereColoured(shading: RgbaImage, colour: RgbaImage): void {
  if (shading.width !== colour.width || shading.height !== colour.height) {
    throw new EngineInputError('BAD_SIZE', `A ${shading.width}x${shading.height} shading for a ${colour.width}x${colour.height} colour layer.`);
  }
  scaleAlpha(shading.data, shading.width * shading.height, colour.data, 4, 3);
}
