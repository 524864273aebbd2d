/**
 * White patches filled: paper-white pixels the network left inside a shape
 * it coloured, given the colour it gave the rest of that shape.
 *
 * Why: where the inside of a shape lies farther from every line than the
 * network can see, it takes the shape for background (white in the
 * training data) and leaves a white patch (training/NOTES.md, sessions 5,
 * 9 and 10). 'auto' shrinks such pages, but on big pages some patches
 * remain. An artist would bucket-fill them with the shape's colour; this
 * does that for shapes that are clearly coloured, and for shapes the artist
 * painted.
 *
 * A shape (a region the lines enclose, on the coarse page grid of
 * page-grid.ts; one the artist painted in several colours is cut into a
 * shape per colour, painted-parts.ts) is filled when it is at least MIN_SHAPE_PIXELS and either
 * - not background (paper touching the page's edge, comic panels'
 *   rectangles: with leaky lines a figure's shape can include the page
 *   around it, so those are left alone) and at least MIN_COLOURED_SHARE of
 *   it is coloured: with the colour the network gave it; or
 * - painted by the artist (region-paint.ts: the region fill, spills left
 *   out), background or not: the network leaves a painted sky or ground
 *   white, taking the page around a figure for background (an artist's
 *   walkthrough, session 17). With the network's colour where it coloured
 *   enough of it, else with the painted colour, and then the network's pale
 *   wash counts as white too (whiteFrom: halfway from the colour to white).
 *   In background shapes only patches bordering paint, or bordered mostly
 *   by the shape's colour (COLOURED_BORDER_SHARE: a white cloud in a
 *   painted ground, away from the dab), are filled: where a painted figure
 *   leaks into the page through a gap in its outline, the page around it is
 *   white away from the paint, bordered by the figure's outline, and stays
 *   white. A shape painted white (a balloon, an eye's white; small ones
 *   too) is filled white where the network left it light grey. In a
 *   background shape the artist painted and the network coloured, every
 *   white blotch is filled, flat, with its pale wash (halfway to white,
 *   followed out GROUND_FADE_PX), where they and at least half the blotch's
 *   border are the ground's own colour (onWash: not a pale sun, nor a
 *   leaked figure's skin or eye): a sky or ground has no highlights to keep,
 *   and the network's blotches there showed as white holes in the paint (a
 *   comic panel's red background, session 19). Where that page around the
 *   figures is cut into parts painted in different colours (a sky and a
 *   ground), each part's fill is blended with its neighbour's across their
 *   seam (ground-blend.ts), not cut at it.
 *
 * Its paper-white pixels (every channel at least PAPER_WHITE) are filled patch
 * by patch (4-connected white pixels of one shape), except patches too
 * small for their shape (MIN_PATCH_SHARE: highlights); pixels the artist
 * painted (hint alpha at least PAINTED_ALPHA, painted-spans.ts: fainter is a
 * soft brush's fringe, whose white showed as rings) are never changed, so
 * white painted on purpose stays. The shares and the shape's mean colour are sampled at the grid
 * cells' centres.
 *
 * A patch takes the shape's mean colour, lit as the colours around it are
 * (hole-fill.ts interpolates their lightness across the patch from the
 * shape's pixels within a tenth of the patch's size, SURROUND_SHARE, 4 to 16
 * px, that can be reached without crossing a line, sampled a grid cell at a
 * time and leaving out the pale fade the network paints into a patch): a
 * flat mean showed as a block with a hard edge in a shaded shape; without
 * any such pixel the patch is filled flat. The network's fade from the
 * shape's colour to the patch (up to FADE_PX wide) takes the fill's colour
 * too, or it shows as a pale rim. Memory: a byte per page pixel
 * (the patches found so far), the pixels of one patch, a byte per grid cell
 * of its surround, and a push-pull pyramid of at most 128 x 128 values.
 */
import type { Contract, RgbaImage } from './types';
import { forEachCellCentre, PageGrids, type PageGrid } from './page-grid';
import { IndexList, PAPER_THRESHOLD } from './paper-regions';
import { paintedParts } from './painted-parts';
import { rgbaLineValues } from './preprocess';
import { pixelWords } from './bytes';
import { PAINTED_ALPHA } from './painted-spans';
import { HoleFill } from './hole-fill';
import { groundBlend, type GroundBlend } from './ground-blend';
import type { RegionPaint } from './region-paint';

/** Every channel at least this reads as paper-white (training/white_patches.py's PAPER). */
export const PAPER_WHITE = 232;
/** A shape less coloured than this is white by intent or by nature (an eye, a shirt): left alone. */
const MIN_COLOURED_SHARE = 0.2;
/** Shapes smaller than this (page pixels) are details: left alone. */
const MIN_SHAPE_PIXELS = 64;
/**
 * A white patch smaller than this share of its shape (or than MIN_PATCH_PIXELS)
 * is a highlight the network painted (a glint on metal), not a hole: kept.
 */
const MIN_PATCH_SHARE = 0.02;
const MIN_PATCH_PIXELS = 64;
/** The pale edge around a filled patch: this many pixels wide, blended from this lightness up. */
const FRINGE_PX = 2;
const FRINGE_FROM = 190;
/**
 * The network's fade around a patch: pixels paler than the fill by this share of the way to white
 * take the fill's colour (less, part of the way), followed out to FADE_PX steps from the patch.
 */
const FADE_FULL = 0.3;
const FADE_PX = 12;
/** ...and in a sky or ground the artist painted, where the network's wash around a blotch is wider. */
const GROUND_FADE_PX = 48;
/**
 * In a painted ground, a pixel is the network's wash (and a blotch's pale edge) only when it lies
 * within this many levels a channel of the line from the ground's colour to white: a pale sun,
 * a leaked figure's skin or a grey cloud of another hue are the network's, and stay (each 40 or
 * more off in a channel). The network's wash in a blue sky runs greener than that line, 17-18
 * levels off in red: at 16, pale cyan specks stayed in the filled sky (session 29).
 */
const WASH_TOLERANCE = 24;
/** A blotch in a painted ground is filled when at least this share of its border (not ink) is the ground's wash. */
const GROUND_BORDER_SHARE = 0.5;
/** How far below white (the shape's) the fringe's blend starts. */
const FRINGE_DEPTH = PAPER_WHITE - FRINGE_FROM;

/**
 * The colour a patch is filled with comes from its shape's pixels within
 * this many pixels of it (a quarter of the patch's larger side, at least
 * enough to cover the fringe): the colour beside each part of the patch.
 */
const SURROUND_SHARE = 0.1;
const MAX_SURROUND_PX = 16;


/**
 * A shape is the artist's painted one when at least this share of its clear
 * samples lie in a region the region fill painted (region-paint.ts: the
 * page's shapes and the working canvas's regions are labelled apart, so
 * they match at most of their pixels, not all).
 */
const PAINTED_SHAPE_SHARE = 0.5;

/**
 * A white patch in the page around the figures that the artist's paint does not touch is filled
 * when at least this share of its border (not counting the page's edge) is its shape's colour
 * rather than lines.
 */
const COLOURED_BORDER_SHARE = 0.3;

/** A cut part reaches a side of its page or panel within this share of the region's box (at least a cell). */
const SIDE_SLACK = 0.02;
const slack = (cells: number): number => Math.max(1, Math.round(SIDE_SLACK * cells));

/** In a shape painted white, a pixel whose every channel is at least this is white (the network's grey there). */
const WHITE_PAINT_FROM = 160;

/** Samples this close to ink (line value below it: anti-aliased edges, darkened by the lines) say nothing about a shape's colour. */
export const CLEAR_PAPER = 0.9;

/** The alpha byte of a pixel read as a little-endian 32-bit word. */
const ALPHA_BITS = 0xff000000 | 0;

/** Pixel states of the patch search (0: neither). */
const CANDIDATE = 1;
const VISITED = 2;
/** Four VISITED states read as one 32-bit word. */
const VISITED_WORD = VISITED * 0x01010101;

const lumaOf = (r: number, g: number, b: number): number => 0.299 * r + 0.587 * g + 0.114 * b;
const lumaByte = (luma: number): number => (luma <= 0 ? 0 : luma >= 255 ? 255 : Math.round(luma));
/**
 * The network's colour fades to white around a patch it left: a pixel of a
 * shape lighter than its mean by this share of the way to white is part of
 * that fade, and the patch's fill does not learn its colour from it.
 */
const PALE_SHARE = 0.15;

/**
 * R, G and B of a 32-bit pixel tested against PAPER_WHITE at once: a byte
 * b >= PAPER_WHITE (>= 128) has its top bit set and its low seven bits plus
 * 256 - PAPER_WHITE reach 128, and that sum stays within its byte.
 */
const WHITE_CARRY = (256 - PAPER_WHITE) * 0x010101;

/** Whether the pixel at byte `p` is paper-white: every channel at least PAPER_WHITE. */
export const isPaperWhite = (data: Uint8Array | Uint8ClampedArray, p: number): boolean => data[p] >= PAPER_WHITE && data[p + 1] >= PAPER_WHITE && data[p + 2] >= PAPER_WHITE;

/**
 * Fills the white patches of `image` (the page's colour, lines multiplied
 * or not) in place; returns how many pixels changed. `gapRadius` closes
 * gaps in the lines (page pixels) as the region fill does.
 */
export function fillWhitePatches(
  image: RgbaImage,
  lineart: RgbaImage,
  hint: RgbaImage | undefined,
  contract: Contract,
  gapRadius: number,
  grids: PageGrids = PageGrids.of(lineart, contract),
  paint?: RegionPaint,
): number {
  const { width, height, data } = image;
  const grid = grids.withGaps(gapRadius);
  const { cols, block } = grid;
  // The grid's regions, each cut into the parts the artist painted in different colours (painted-parts.ts).
  const { cellShape, regionOf, count: shapeCount, colourOf, partsOf } = paintedParts(grid, width, height, paint);
  const nearerSibling = siblingTest(regionOf, colourOf, partsOf);
  const regionBackground = grids.background(gapRadius);
  // A part is the page around the figures only where it reaches two of the page's sides itself (a sky,
  // a ground; in a comic panel, two sides of the panel): a figure cut off by the page's edge, or leaking
  // into the page, painted in two colours is not, and keeps its eyes' whites as an unpainted figure does (a review).
  const sides = partsOf.size > 0 ? sidesReached(grid, cellShape, regionOf, colourOf) : new Uint8Array(regionOf.length); // only cut parts ask
  const background = Uint8Array.from(regionOf, (region, shape) => (regionBackground[region] && (colourOf[shape] < 0 || sides[shape] >= 2) ? 1 : 0));
  const painted = (p: number): boolean => hint !== undefined && hint.data[p + 3] >= PAINTED_ALPHA;
  const line = rgbaLineValues(lineart, contract);

  // Per shape, at the cells' centres: samples, white samples, and the colour of the rest;
  // clear samples in all, those in a region the artist painted, and the painted colour.
  const count = shapeCount + 1;
  const samples = new Int32Array(count);
  const whites = new Int32Array(count);
  const sums = new Float64Array(3 * count);
  const clear = new Int32Array(count);
  const paintedSamples = new Int32Array(count);
  const paintSums = new Float64Array(3 * count);
  forEachCellCentre(grid, width, height, (cell, pixel) => {
    const r = cellShape[cell];
    if (line.at(pixel) < CLEAR_PAPER) return;
    const colour = paint ? paint.colourAt(pixel) : -1;
    clear[r]++;
    if (colour >= 0) {
      paintedSamples[r]++;
      for (let c = 0; c < 3; c++) paintSums[3 * r + c] += (colour >> (8 * c)) & 255;
    }
    if (background[r] && colour < 0) return; // a painted background is a shape like any other
    const p = pixel * 4;
    const white = isPaperWhite(data, p);
    if (white && painted(p)) return; // white on purpose: neither a hole nor the shape's colour
    if (!white && nearerSibling(r, data[p], data[p + 1], data[p + 2])) return; // the part beside it, where the network's seam lies past the fill's
    samples[r]++;
    if (white) {
      whites[r]++;
      return;
    }
    sums[3 * r] += data[p];
    sums[3 * r + 1] += data[p + 1];
    sums[3 * r + 2] += data[p + 2];
  });
  const regionPainted = new Float64Array(regionBackground.length);
  const regionClear = new Float64Array(regionBackground.length);
  for (let r = 1; r < count; r++) {
    regionPainted[regionOf[r]] += paintedSamples[r];
    regionClear[regionOf[r]] += clear[r];
  }
  const fillWith = new Int32Array(count).fill(-1); // the shape's colour as 0xBBGGRR, -1 = not filled
  const whiteFrom = new Uint8Array(count).fill(PAPER_WHITE); // every channel at least this: white, a patch to fill
  const flatShape = new Uint8Array(count); // 1: filled flat, not lit as the colours around
  const paintedGround = new Uint8Array(count); // 1: a background shape the artist painted (its blotches' wash followed farther)
  const paleFrom = new Float32Array(count); // lighter than this (luma) a pixel of the shape is fading into a patch
  let any = false;
  for (let r = 1; r < count; r++) {
    const coloured = samples[r] - whites[r];
    // (A part is painted as its whole region is: the cells of unpainted regions the grid joined to it go with its biggest part.)
    const paintedShape = paintedSamples[r] > 0 && regionPainted[regionOf[r]] >= PAINTED_SHAPE_SHARE * regionClear[regionOf[r]];
    const paintMean = (c: number): number => Math.round(paintSums[3 * r + c] / paintedSamples[r]);
    const paintedWhite = paintedShape && Math.min(paintMean(0), paintMean(1), paintMean(2)) >= PAPER_WHITE;
    // Small shapes are details, left alone, unless painted white: the white of an eye, a letter's counter in a balloon.
    if ((background[r] && !paintedShape) || (whites[r] === 0 && !paintedWhite) || (samples[r] * block * block < MIN_SHAPE_PIXELS && !paintedWhite)) continue;
    let mean: (c: number) => number;
    if (paintedWhite) {
      // Painted white (a speech balloon, the white of an eye): the network's light grey there is
      // white too, filled flat; only its darker shading stays.
      mean = paintMean;
      whiteFrom[r] = WHITE_PAINT_FROM;
      flatShape[r] = 1;
    } else if (coloured >= MIN_COLOURED_SHARE * samples[r]) {
      mean = (c) => Math.round(sums[3 * r + c] / coloured);
      if (background[r] && paintedShape) {
        // A sky or ground the artist painted, which the network coloured in part: what it left is
        // blotches of white fading into the colour, not highlights on a form. Every one is filled,
        // and its pale wash counts as white (halfway from the colour to white), as below.
        whiteFrom[r] = Math.round((Math.min(mean(0), mean(1), mean(2)) + 255) / 2);
        paintedGround[r] = 1;
        flatShape[r] = 1;
      }
    } else if (paintedShape) {
      // The network left white a shape the artist painted (a sky, the ground): its painted colour,
      // and the network's pale wash over it counts as white too (halfway from the colour to white).
      mean = paintMean;
      whiteFrom[r] = Math.round((Math.min(mean(0), mean(1), mean(2)) + 255) / 2);
    } else continue;
    fillWith[r] = mean(0) | (mean(1) << 8) | (mean(2) << 16);
    const luma = lumaOf(mean(0), mean(1), mean(2));
    paleFrom[r] = luma + PALE_SHARE * (255 - luma);
    any = true;
  }
  if (!any) return 0;
  const blend = blendedGround(grid, cellShape, regionOf, colourOf, background, fillWith, hint, paint, width, height);
  // A blended part's colour is the blend's, not lit from around; and, as in any painted ground, every
  // patch of it is filled, small ones too (a sky has no highlights to keep).
  if (blend) for (let r = 1; r < count; r++) if (blend.has(r)) flatShape[r] = 1;

  // Each pixel's state, found in one pass: a candidate is paper-white, unpainted and in a shape
  // to fill. Patches are the 4-connected candidates of one shape, found by scanline flood fill
  // (runs, not pixels: a patch can be millions of pixels), each candidate tested once as its
  // run is found; visited pixels (a patch's, or blended into a fringe) are never looked at again.
  const cellX = new Int32Array(width);
  for (let x = 0; x < width; x++) cellX[x] = Math.floor(x / block);
  const cellY = new Int32Array(height);
  for (let y = 0; y < height; y++) cellY[y] = Math.floor(y / block) * cols;
  const state = candidates(image, hint, grid, cellShape, fillWith, whiteFrom, paintedGround);
  const words = pixelWords(data, width * height); // R in the low byte, as fillWith's colours
  const spans = new IndexList(); // y, first x, last x per run of the patch, in the order found
  let shape = 0;
  const open = (i: number, x: number, y: number): boolean => state[i] === CANDIDATE && cellShape[cellY[y] + cellX[x]] === shape;
  /** Marks the run of open pixels through (x, y) visited and lists it; returns its last x. */
  const takeRun = (x: number, y: number): number => {
    const row = y * width;
    let left = x;
    let right = x;
    while (left > 0 && open(row + left - 1, left - 1, y)) left--;
    while (right < width - 1 && open(row + right + 1, right + 1, y)) right++;
    state.fill(VISITED, row + left, row + right + 1);
    spans.push(y);
    spans.push(left);
    spans.push(right);
    return right;
  };
  /** The patch from pixel (x, y): its runs into `spans`; returns its size. */
  const flood = (x: number, y: number): number => {
    spans.length = 0;
    takeRun(x, y);
    let size = 0;
    // Breadth first over the list of runs: each run, once listed, finds the runs touching it above and below.
    for (let k = 0; k < spans.length; k += 3) {
      const sy = spans.items[k];
      const left = spans.items[k + 1];
      const right = spans.items[k + 2];
      size += right - left + 1;
      for (let ny = sy - 1; ny <= sy + 1; ny += 2) {
        if (ny < 0 || ny >= height) continue;
        const row = ny * width;
        for (let nx = left; nx <= right; nx++) if (open(row + nx, nx, ny)) nx = takeRun(nx, ny);
      }
    }
    return size;
  };
  /** The patch's lightness, from the colours around it (null: none there, the patch is flat). */
  let field: HoleFill | null = null;
  let flat = 0;
  /** The current patch's shape's blend with its neighbouring parts (null: filled flat or lit). */
  let blended: GroundBlend | null = null;
  let rowColours = new Int32Array(256);
  const lumaAt = (i: number): number => lumaOf(data[i * 4], data[i * 4 + 1], data[i * 4 + 2]);
  const fillAt = (x: number, y: number): number => (field ? litByLuma[lumaByte(field.valueAt(x, y))] : blended ? blended.at(shape, x, y) : flat);
  /** A pixel the current patch's fill learns from (reached from it, so its shape's): coloured, clear of ink, not pale. */
  const isSource = (i: number): boolean => state[i] === 0 && line.at(i) >= CLEAR_PAPER && lumaAt(i) <= paleFrom[shape];
  let rowLuma = new Float32Array(256);
  const litByLuma = new Int32Array(256);
  /** Pixels of the fade around the current patch, and how far (steps) each lies from it: where fadeOut goes on from. */
  const faded = new IndexList();
  const fadedSteps = new IndexList();
  /**
   * Blends pixel i = (x, y) toward the fill as far as it is pale, once, if it is not painted and
   * `inShape`; lists it as fade (`steps` from the patch) when it is paler than the fill.
   */
  const soften = (i: number, x: number, y: number, steps = 1, inShape = cellShape[cellY[y] + cellX[x]] === shape): boolean => {
    const p = i * 4;
    if (painted(p) || !inShape) return false;
    state[i] = VISITED;
    // At most all the way: a paper-white pixel near the patch but not in it (beyond a pale one,
    // or a patch of its own) takes the fill's colour; past 1 it would overshoot to a dark speck.
    const white = whiteFrom[shape];
    const colour = fillAt(x, y);
    // The network's fade from its colour to the white patch, wider than the anti-aliased edge:
    // a pixel paler than the fill by FADE_FULL of the way to white takes the fill's colour.
    const fillLuma = lumaOf(colour & 255, (colour >> 8) & 255, colour >> 16);
    const fade = fillLuma < 255 ? (lumaOf(data[p], data[p + 1], data[p + 2]) - fillLuma) / (255 - fillLuma) / FADE_FULL : 0;
    const t = Math.min(1, Math.max((Math.min(data[p], data[p + 1], data[p + 2]) - (white - FRINGE_DEPTH)) / FRINGE_DEPTH, fade));
    if (t <= 0) return false;
    if (fade > 0) {
      faded.push(i);
      fadedSteps.push(steps);
    }
    data[p] = Math.round(data[p] + ((colour & 255) - data[p]) * t);
    data[p + 1] = Math.round(data[p + 1] + (((colour >> 8) & 255) - data[p + 1]) * t);
    data[p + 2] = Math.round(data[p + 2] + ((colour >> 16) - data[p + 2]) * t);
    return true;
  };
  /**
   * Follows the fade listed by the fringe outward, up to FADE_PX steps from the patch, through paper
   * only (never across a line), into the ink cells beside the lines too: the pale ring the network
   * paints around a patch it left is wider than the fringe. Returns how many pixels it changed.
   */
  let fadeChanged = 0;
  /** Softens pixel n = (nx, ny), `steps` from the patch, if it is paper not yet visited, in the shape or in a cell beside a line. */
  const fadeInto = (n: number, nx: number, ny: number, steps: number): void => {
    // Not into another white patch (a highlight kept for its size, or one still to be filled): state 0 only.
    if (state[n] !== 0 || line.at(n) < PAPER_THRESHOLD) return;
    // In a painted ground, only the ground's own wash (not a pale sun beside a blotch, nor skin).
    if (paintedGround[shape] && !onWash(data[n * 4], data[n * 4 + 1], data[n * 4 + 2], fillWith[shape])) return;
    const cell = cellShape[cellY[ny] + cellX[nx]];
    if (soften(n, nx, ny, steps, cell === shape || cell === 0)) fadeChanged++;
  };
  const fadeOut = (): number => {
    fadeChanged = 0;
    for (let head = 0; head < faded.length; head++) {
      const i = faded.items[head];
      const steps = fadedSteps.items[head] + 1;
      if (steps > (paintedGround[shape] ? GROUND_FADE_PX : FADE_PX)) continue;
      const y = Math.floor(i / width);
      const x = i - y * width;
      if (x > 0) fadeInto(i - 1, x - 1, y, steps);
      if (x < width - 1) fadeInto(i + 1, x + 1, y, steps);
      if (y > 0) fadeInto(i - width, x, y - 1, steps);
      if (y < height - 1) fadeInto(i + width, x, y + 1, steps);
    }
    const changed = fadeChanged;
    faded.length = 0;
    fadedSteps.length = 0;
    return changed;
  };
  // The rows above and below a run are mostly the patch's own (visited): skipped four pixels at a time.
  const stateWords = new Uint32Array(state.buffer, 0, state.length >> 2);
  /** The fringe pixels of row y, columns from .. to (clamped to the page), not yet visited, softened; returns how many changed. */
  const softenRow = (y: number, from: number, to: number): number => {
    if (y < 0 || y >= height) return 0;
    let softened = 0;
    const row = y * width;
    for (let i = row + Math.max(0, from), last = row + Math.min(width - 1, to); i <= last; ) {
      if ((i & 3) === 0 && i + 3 <= last && stateWords[i >> 2] === VISITED_WORD) {
        i += 4;
        continue;
      }
      if (state[i] !== VISITED && soften(i, i - row, y)) softened++;
      i++;
    }
    return softened;
  };

  /** Whether a painted pixel borders the patch whose runs are `runs` (painted pixels are never in a patch). */
  const touchesPaint = (runs: IndexList): boolean => {
    if (!hint) return false;
    for (let k = 0; k < runs.length; k += 3) {
      const y = runs.items[k];
      const left = Math.max(0, runs.items[k + 1] - 1);
      const right = Math.min(width - 1, runs.items[k + 2] + 1);
      for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
        for (let p = (ny * width + left) * 4 + 3, end = (ny * width + right) * 4 + 3; p <= end; p += 4) if (hint.data[p] >= PAINTED_ALPHA) return true;
      }
    }
    return false;
  };

  /**
   * Calls visit(i, x, y) for the pixels 4-beside the patch whose runs are `runs` and not in it: each
   * run's ends, and the rows above and below it (mostly the patch's own: skipped four pixels at a time).
   */
  const forEachBorderPixel = (runs: IndexList, visit: (i: number, x: number, y: number) => void): void => {
    for (let k = 0; k < runs.length; k += 3) {
      const y = runs.items[k];
      const left = runs.items[k + 1];
      const right = runs.items[k + 2];
      if (left > 0) visit(y * width + left - 1, left - 1, y);
      if (right < width - 1) visit(y * width + right + 1, right + 1, y);
      for (let ny = y - 1; ny <= y + 1; ny += 2) {
        if (ny < 0 || ny >= height) continue;
        const row = ny * width;
        for (let i = row + left, last = row + right; i <= last; ) {
          if ((i & 3) === 0 && i + 3 <= last && stateWords[i >> 2] === VISITED_WORD) {
            i += 4;
            continue;
          }
          if (state[i] !== VISITED) visit(i, i - row, ny);
          i++;
        }
      }
    }
  };
  /**
   * Whether (x, y) lies in another painted part of the current shape's region (painted-parts.ts):
   * a patch against it lies on the seam between a sky and a ground, painted page on both sides,
   * not against a figure's outline. White there was left on both sides of the seam.
   */
  const besidePart = (x: number, y: number): boolean => {
    const other = cellShape[cellY[y] + cellX[x]];
    return other !== shape && other !== 0 && regionOf[other] === regionOf[shape];
  };
  /**
   * The colours a patch's border may be the wash of: its shape's, then those of its region's other
   * painted parts (the network's seam between a sky and a ground need not lie where the fill's does).
   */
  const partColours = (r: number): number[] => [fillWith[r], ...(partsOf.get(regionOf[r]) ?? []).filter((o) => o !== r && fillWith[o] >= 0).map((o) => fillWith[o])];
  /** Whether at least GROUND_BORDER_SHARE of the border of the patch whose runs are `runs` (not counting ink) is its ground's wash (or its neighbouring part's). */
  const groundAround = (runs: IndexList): boolean => {
    let ground = 0;
    let seam = 0;
    let nearer = 0; // of the rest, colours nearer a part's than white
    let other = 0;
    const colours = partColours(shape);
    forEachBorderPixel(runs, (i, x, y) => {
      if (line.at(i) < CLEAR_PAPER) return;
      const [r, g, b] = [data[i * 4], data[i * 4 + 1], data[i * 4 + 2]];
      if (besidePart(x, y)) seam++;
      else if (colours.some((colour) => onWash(r, g, b, colour))) ground++;
      else {
        other++;
        if (colours.some((colour) => nearerThanWhite(r, g, b, colour))) nearer++;
      }
    });
    // On the seam between a sky and a ground (a patch against the neighbouring part), the network's
    // own greyed tones along a figure's outline count too: no leaked figure lies against that seam.
    if (seam > 0) [ground, other] = [ground + seam + nearer, other - nearer];
    return ground > 0 && ground >= GROUND_BORDER_SHARE * (ground + other);
  };
  /**
   * Whether the patch whose runs are `runs` is bordered mostly by its shape's colour rather than by
   * lines (page edges count for neither): a white cloud the network left in the middle of a painted
   * sky or ground, not the page around a figure that leaks into it through a gap (bordered by the
   * figure's outline, its colour only at the gap).
   */
  const colouredAround = (runs: IndexList): boolean => {
    let coloured = 0;
    let ink = 0;
    forEachBorderPixel(runs, (i, x, y) => {
      if (line.at(i) < CLEAR_PAPER) ink++;
      else if ((state[i] !== VISITED && cellShape[cellY[y] + cellX[x]] === shape && !isPaperWhite(data, i * 4)) || besidePart(x, y)) coloured++;
    });
    return coloured > 0 && coloured >= COLOURED_BORDER_SHARE * (coloured + ink);
  };

  let changed = 0;
  for (let i = state.indexOf(CANDIDATE); i >= 0; i = state.indexOf(CANDIDATE, i + 1)) {
    const y = Math.floor(i / width);
    const x = i - y * width;
    shape = cellShape[cellY[y] + cellX[x]];
    const size = flood(x, y);
    // (In a shape painted white, every patch is the white the artist asked for, and a painted ground
    // has no highlights: both are filled flat, every patch.)
    if (!flatShape[shape] && size < Math.max(MIN_PATCH_PIXELS, MIN_PATCH_SHARE * samples[shape] * block * block)) continue;
    // In a painted ground, a blotch of any size is filled when it sits in the ground's own wash: the
    // white of a leaked figure's eye, ringed by ink and skin, or its white shirt, stays.
    if (paintedGround[shape] && !groundAround(spans)) continue;
    // In the page around the figures, only white the artist painted in: a dab in a sky says the sky's
    // colour, and so does the sky around a white cloud the network left away from the dab; but where a
    // painted figure leaks into the page through a gap in its outline, the page around it (white,
    // bordered by the figure's outline) is still the page's.
    if (background[shape] && !touchesPaint(spans) && !colouredAround(spans)) continue;
    flat = fillWith[shape];
    const box = surroundOf(spans, width, height);
    // Only colours that can be reached from the patch without crossing a line: a leaky region can
    // hold the garment beside it, just across a line, whose colour must not come into the fill.
    const around = surroundingSources(spans, box, grid, cellShape, shape, width, isSource);
    field = flatShape[shape] ? null : HoleFill.around(box, width, around.items, around.length, lumaAt);
    blended = blend?.has(shape) ? blend : null;
    if (field) litColours(flat, litByLuma);
    for (let k = 0; k < spans.length; k += 3) {
      const y = spans.items[k];
      const row = y * width;
      const left = spans.items[k + 1];
      const right = spans.items[k + 2];
      if (field) {
        if (rowLuma.length < right - left + 1) rowLuma = new Float32Array(2 * (right - left + 1));
        field.row(y, left, right, rowLuma);
      }
      if (blended) {
        if (rowColours.length < right - left + 1) rowColours = new Int32Array(2 * (right - left + 1));
        blended.row(shape, y, left, right, rowColours);
      }
      if (words) {
        // One 32-bit store a pixel (alpha kept) instead of three byte stores: patches can be millions of pixels.
        if (blended) for (let i = row + left, j = 0; i <= row + right; i++, j++) words[i] = (words[i] & ALPHA_BITS) | rowColours[j];
        else if (!field) for (let i = row + left; i <= row + right; i++) words[i] = (words[i] & ALPHA_BITS) | flat;
        else for (let i = row + left, j = 0; i <= row + right; i++, j++) words[i] = (words[i] & ALPHA_BITS) | litByLuma[lumaByte(rowLuma[j])];
      } else {
        for (let x = left, p = (row + left) * 4, j = 0; x <= right; x++, p += 4, j++) {
          const colour = field ? litByLuma[lumaByte(rowLuma[j])] : blended ? rowColours[j] : flat;
          data[p] = colour & 255;
          data[p + 1] = (colour >> 8) & 255;
          data[p + 2] = colour >> 16;
        }
      }
    }
    changed += size;
    // The anti-aliased edge of the patch (pale, not paper-white) would stay as a pale ring:
    // the pixels within FRINGE_PX steps of it are blended toward the fill as far as they are
    // pale (FRINGE_FROM: not at all, PAPER_WHITE: fully). Each is blended once, so the order
    // the runs are visited in does not matter.
    for (let k = 0; k < spans.length; k += 3) {
      const sy = spans.items[k];
      const left = spans.items[k + 1];
      const right = spans.items[k + 2];
      for (let d = 1; d <= FRINGE_PX; d++) {
        changed += softenRow(sy, left - d, left - d) + softenRow(sy, right + d, right + d);
        changed += softenRow(sy - d, left - FRINGE_PX + d, right + FRINGE_PX - d) + softenRow(sy + d, left - FRINGE_PX + d, right + FRINGE_PX - d);
      }
    }
    changed += fadeOut();
  }
  return changed;
}

/**
 * The blend across the seams of the page around the figures where the
 * artist painted it in several colours (ground-blend.ts): its parts (cut
 * shapes that are background, reaching two sides of the page or of their
 * panel) blend where the white fill fills them, with the artist's strokes
 * as each part's own paint; undefined where no region has two such parts.
 */
function blendedGround(
  grid: PageGrid,
  cellShape: Int32Array,
  regionOf: Int32Array,
  colourOf: Int32Array,
  background: Uint8Array,
  fillWith: Int32Array,
  hint: RgbaImage | undefined,
  paint: RegionPaint | undefined,
  width: number,
  height: number,
): GroundBlend | undefined {
  if (!hint || !paint) return undefined;
  // Every part is a neighbour (with its painted colour where the white fill leaves it: the network coloured
  // it whole), but only the filled ones take the blend.
  const parts = new Map<number, number>();
  const filled = new Set<number>();
  for (let r = 1; r < regionOf.length; r++) {
    if (!background[r] || colourOf[r] < 0) continue;
    parts.set(r, fillWith[r] >= 0 ? fillWith[r] : colourOf[r]);
    if (fillWith[r] >= 0) filled.add(r);
  }
  if (parts.size < 2 || filled.size === 0) return undefined;
  const { cols, rows, block } = grid;
  const centre = (cell: number): number => {
    const cy = Math.floor(cell / cols);
    return Math.min(height - 1, cy * block + (block >> 1)) * width + Math.min(width - 1, (cell - cy * cols) * block + (block >> 1));
  };
  const ownColour = (cell: number): boolean => paint.colourAt(centre(cell)) === colourOf[cellShape[cell]];
  const paintedCell = (cell: number): boolean => hint.data[centre(cell) * 4 + 3] >= PAINTED_ALPHA;
  return groundBlend({ cols, rows, block, cellShape, regionOf, ownColour }, parts, filled, paintedCell, width, height);
}

/**
 * Whether RGB (r, g, b) is `colour` (0xBBGGRR) at its own lightness, within WASH_TOLERANCE a
 * channel: paler, on the line from the colour to white (the network's wash); darker, the colour
 * scaled down (its shading).
 */
function onWash(r: number, g: number, b: number, colour: number): boolean {
  const cr = colour & 255;
  const cg = (colour >> 8) & 255;
  const cb = colour >> 16;
  const own = lumaOf(cr, cg, cb);
  const luma = lumaOf(r, g, b);
  const near = (v: number, expected: number): boolean => Math.abs(v - expected) <= WASH_TOLERANCE;
  if (luma < own) {
    const k = own > 0 ? luma / own : 0;
    return near(r, cr * k) && near(g, cg * k) && near(b, cb * k);
  }
  const t = own >= 255 ? 1 : (luma - own) / (255 - own);
  return near(r, cr + t * (255 - cr)) && near(g, cg + t * (255 - cg)) && near(b, cb + t * (255 - cb));
}

/**
 * A shape's colour lit as brightly as each lightness 0..255 (table[l]): the
 * shading around a patch runs on into it, while its hue stays the shape's (a
 * neighbour's colour that bled over the line does not come in). A table, so
 * a patch's pixels cost one lookup each.
 */
function litColours(colour: number, table: Int32Array): void {
  const own = Math.max(1, lumaOf(colour & 255, (colour >> 8) & 255, colour >> 16));
  for (let luma = 0; luma < 256; luma++) {
    const scale = luma / own;
    const r = Math.min(255, Math.round((colour & 255) * scale));
    const g = Math.min(255, Math.round(((colour >> 8) & 255) * scale));
    const b = Math.min(255, Math.round((colour >> 16) * scale));
    table[luma] = r | (g << 8) | (b << 16);
  }
}

/** Marks of surroundingSources' cells. */
const REACHED = 1;
const IN_PATCH = 2;

/**
 * The sources around a patch (its runs: y, first x, last x): the page
 * indices of the pixels `isSource` takes in the grid cells that can be
 * reached from the patch's cells within `box`, stepping (4-connected)
 * through cells of its shape that are all paper: never across a line, which
 * makes every cell it touches ink. Searching cells, not pixels, keeps the
 * work a fraction of the patch's (a 4096 px page has 4 x 4 pixel cells).
 */
function surroundingSources(
  spans: IndexList,
  box: { left: number; top: number; right: number; bottom: number },
  grid: PageGrid,
  cellShape: Int32Array,
  shape: number,
  width: number,
  isSource: (i: number) => boolean,
): IndexList {
  const { cols, block, paper } = grid;
  const c0 = Math.floor(box.left / block);
  const r0 = Math.floor(box.top / block);
  const boxCols = Math.floor(box.right / block) - c0 + 1;
  const boxRows = Math.floor(box.bottom / block) - r0 + 1;
  const marks = new Uint8Array(boxCols * boxRows);
  const queue = new IndexList();
  for (let k = 0; k < spans.length; k += 3) {
    const row = (Math.floor(spans.items[k] / block) - r0) * boxCols - c0;
    const from = row + Math.floor(spans.items[k + 1] / block);
    const to = row + Math.floor(spans.items[k + 2] / block);
    for (let b = from; b <= to; b++) {
      if (marks[b] === 0) queue.push(b);
      marks[b] = IN_PATCH;
    }
  }
  const visit = (b: number, cell: number): void => {
    if (marks[b] !== 0 || paper[cell] !== 1 || cellShape[cell] !== shape) return;
    marks[b] = REACHED;
    queue.push(b);
  };
  for (let head = 0; head < queue.length; head++) {
    const b = queue.items[head];
    const br = Math.floor(b / boxCols);
    const bc = b - br * boxCols;
    const cell = (br + r0) * cols + bc + c0;
    if (bc > 0) visit(b - 1, cell - 1);
    if (bc < boxCols - 1) visit(b + 1, cell + 1);
    if (br > 0) visit(b - boxCols, cell - cols);
    if (br < boxRows - 1) visit(b + boxCols, cell + cols);
  }
  // The patch's own cells too, at its edge: they hold coloured pixels beside it (inside cells hold none).
  // One pixel a cell, its centre, as the shape's mean is sampled: on a big page (4 x 4 pixel cells)
  // a sixteenth of the tests, and the fill is smooth at the cells' scale anyway.
  const sources = new IndexList();
  const inside = (b: number, br: number, bc: number): boolean =>
    bc > 0 && bc < boxCols - 1 && br > 0 && br < boxRows - 1 &&
    marks[b - 1] === IN_PATCH && marks[b + 1] === IN_PATCH && marks[b - boxCols] === IN_PATCH && marks[b + boxCols] === IN_PATCH;
  for (let head = 0; head < queue.length; head++) {
    const b = queue.items[head];
    const br = Math.floor(b / boxCols);
    const bc = b - br * boxCols;
    if (marks[b] === IN_PATCH && inside(b, br, bc)) continue;
    const x0 = Math.max(box.left, (bc + c0) * block);
    const x1 = Math.min(box.right, (bc + c0 + 1) * block - 1);
    const y0 = Math.max(box.top, (br + r0) * block);
    const y1 = Math.min(box.bottom, (br + r0 + 1) * block - 1);
    if (block === 1) {
      if (isSource(y0 * width + x0)) sources.push(y0 * width + x0);
      continue;
    }
    // The centre, or (it is part of the patch, or ink) the first source in the cell: an edge cell's coloured pixels.
    const centre = ((y0 + y1) >> 1) * width + ((x0 + x1) >> 1);
    if (isSource(centre)) {
      sources.push(centre);
      continue;
    }
    if (marks[b] !== IN_PATCH) continue;
    search: for (let y = y0; y <= y1; y++) {
      for (let i = y * width + x0, end = y * width + x1; i <= end; i++) {
        if (isSource(i)) {
          sources.push(i);
          break search;
        }
      }
    }
  }
  return sources;
}

/** The patch's box (its runs: y, first x, last x), widened by its surround (SURROUND_SHARE), on the page. */
function surroundOf(spans: IndexList, width: number, height: number): { left: number; top: number; right: number; bottom: number } {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let k = 0; k < spans.length; k += 3) {
    const y = spans.items[k];
    if (y < top) top = y;
    if (y > bottom) bottom = y;
    if (spans.items[k + 1] < left) left = spans.items[k + 1];
    if (spans.items[k + 2] > right) right = spans.items[k + 2];
  }
  const margin = Math.min(MAX_SURROUND_PX, Math.max(FRINGE_PX + 2, Math.ceil(SURROUND_SHARE * Math.max(right - left + 1, bottom - top + 1))));
  return { left: Math.max(0, left - margin), top: Math.max(0, top - margin), right: Math.min(width - 1, right + margin), bottom: Math.min(height - 1, bottom + margin) };
}

/**
 * A byte per page pixel: CANDIDATE where it is white (paper-white, or its
 * shape's whiteFrom), not painted, and in a shape to fill (fillWith >= 0),
 * else 0. Cells of shapes not filled (most of a page) are skipped whole.
 */
function candidates(image: RgbaImage, hint: RgbaImage | undefined, grid: PageGrid, cellShape: Int32Array, fillWith: Int32Array, whiteFrom: Uint8Array, paintedGround: Uint8Array): Uint8Array {
  const { width, height, data } = image;
  const { cols, block } = grid;
  const state = new Uint8Array(width * height);
  const words = pixelWords(data, width * height);
  // The test a shape's cells take: 0 none (not filled), 1 paper-white, 2 its own whiteFrom (and wash).
  const test = (shape: number): number => (fillWith[shape] < 0 ? 0 : whiteFrom[shape] === PAPER_WHITE ? 1 : 2);
  for (let y = 0; y < height; y++) {
    const cellRow = Math.floor(y / block) * cols;
    for (let cx = 0; cx < cols; ) {
      const shape = cellShape[cellRow + cx];
      const kind = test(shape);
      // Cells that take the same test side by side are scanned as one run of pixels (most cells are
      // a few pixels wide: a loop per cell costs more than its pixels); whiteFrom and the wash are
      // per shape, so those runs stop at the next shape.
      let end = cx + 1;
      if (kind === 1) while (end < cols && test(cellShape[cellRow + end]) === 1) end++;
      else while (end < cols && cellShape[cellRow + end] === shape) end++;
      const from = y * width + cx * block;
      const to = y * width + Math.min(width, end * block);
      cx = end;
      if (kind === 0) continue;
      if (kind === 2) {
        const white = whiteFrom[shape];
        const wash = paintedGround[shape] === 1;
        for (let i = from, p = from * 4; i < to; i++, p += 4) {
          if (data[p] < white || data[p + 1] < white || data[p + 2] < white || (hint !== undefined && hint.data[p + 3] >= PAINTED_ALPHA)) continue;
          if (!wash || onWash(data[p], data[p + 1], data[p + 2], fillWith[shape])) state[i] = CANDIDATE;
        }
      } else if (words) {
        for (let i = from; i < to; i++) {
          const w = words[i];
          if ((w & ((w & 0x7f7f7f) + WHITE_CARRY) & 0x808080) === 0x808080 && (hint === undefined || hint.data[i * 4 + 3] < PAINTED_ALPHA)) state[i] = CANDIDATE;
        }
      } else {
        for (let i = from; i < to; i++) if (isPaperWhite(data, i * 4) && (hint === undefined || hint.data[i * 4 + 3] < PAINTED_ALPHA)) state[i] = CANDIDATE;
      }
    }
  }
  return state;
}

/** Squared RGB distance (bytes) from (r, g, b) to `colour` (0xBBGGRR). */
function distanceTo(colour: number, r: number, g: number, b: number): number {
  return (r - (colour & 255)) ** 2 + (g - ((colour >> 8) & 255)) ** 2 + (b - ((colour >> 16) & 255)) ** 2;
}

/** Whether bytes (r, g, b) lie nearer `colour` (0xBBGGRR) than white. */
function nearerThanWhite(r: number, g: number, b: number, colour: number): boolean {
  return distanceTo(colour, r, g, b) < distanceTo(0xffffff, r, g, b);
}

/**
 * For the parts of one painted region (painted-parts.ts), whether a colour
 * (r, g, b bytes) sampled in part `shape` lies nearer another part's painted
 * colour than its own: the network's seam between a sky and a ground need
 * not lie where the fill's does, and the sky it painted in the ground's
 * cells is no colour of the ground's.
 */
function siblingTest(regionOf: Int32Array, colourOf: Int32Array, partsOf: ReadonlyMap<number, readonly number[]>): (shape: number, r: number, g: number, b: number) => boolean {
  if (partsOf.size === 0) return () => false;
  return (shape, r, g, b) => {
    const own = colourOf[shape];
    if (own < 0) return false;
    const mine = distanceTo(own, r, g, b);
    return (partsOf.get(regionOf[shape]) ?? []).some((other) => other !== shape && distanceTo(colourOf[other], r, g, b) < mine);
  };
}

/**
 * Per cut part (colourOf >= 0; other shapes read 0), how many sides of the page around it its
 * cells reach: of the page (the grid's edges that are the page's) where its
 * region touches one, else of its region's box (a comic panel's background,
 * framed by the panel's border: a sky and a ground in a panel reach two of
 * its sides, as the page's do). A side is reached within SIDE_SLACK of the box's size: at a
 * working scale below 1 the region fill's colours, mapped back to the page, leave the odd pixel
 * along a panel's frame to the other part (a sky's along the foot of the frame), and a ground
 * one pixel short of the frame reached no side (a review's strip_page: a hard sky/white edge at
 * 'auto').
 */
function sidesReached(grid: PageGrid, cellShape: Int32Array, regionOf: Int32Array, colourOf: Int32Array): Uint8Array {
  const { cols, rows, edges } = grid;
  const boxOf = (n: number): Int32Array[] => [new Int32Array(n).fill(cols), new Int32Array(n).fill(rows), new Int32Array(n).fill(-1), new Int32Array(n).fill(-1)];
  const [left, top, right, bottom] = boxOf(regionOf.length);
  for (let cy = 0, cell = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++, cell++) {
      const s = cellShape[cell];
      if (s === 0 || colourOf[s] < 0) continue; // a region left whole: its sides are never asked
      if (cx < left[s]) left[s] = cx;
      if (cx > right[s]) right[s] = cx;
      if (cy < top[s]) top[s] = cy;
      if (cy > bottom[s]) bottom[s] = cy;
    }
  }
  const [regionLeft, regionTop, regionRight, regionBottom] = boxOf(regionOf.length);
  for (let s = 1; s < regionOf.length; s++) {
    const r = regionOf[s];
    regionLeft[r] = Math.min(regionLeft[r], left[s]);
    regionTop[r] = Math.min(regionTop[r], top[s]);
    regionRight[r] = Math.max(regionRight[r], right[s]);
    regionBottom[r] = Math.max(regionBottom[r], bottom[s]);
  }
  const reached = new Uint8Array(regionOf.length);
  for (let s = 1; s < regionOf.length; s++) {
    if (right[s] < 0) continue; // no cells, or not a cut part
    const r = regionOf[s];
    const across = slack(regionRight[r] - regionLeft[r]);
    const down = slack(regionBottom[r] - regionTop[r]);
    const onPage = [left[s] <= across && edges.left, top[s] <= down && edges.top, right[s] >= cols - 1 - across && edges.right, bottom[s] >= rows - 1 - down && edges.bottom];
    const regionOnPage = (regionLeft[r] === 0 && edges.left) || (regionTop[r] === 0 && edges.top) || (regionRight[r] === cols - 1 && edges.right) || (regionBottom[r] === rows - 1 && edges.bottom);
    const onBox = [left[s] - regionLeft[r] <= across, top[s] - regionTop[r] <= down, regionRight[r] - right[s] <= across, regionBottom[r] - bottom[s] <= down];
    reached[s] = (regionOnPage ? onPage : onBox).filter(Boolean).length;
  }
  return reached;
}
