/**
 * The engine's one entry point: lineart (+ hint) -> coloured page.
 *
 *   validate -> scans levelled (levels.ts) -> working scale -> the hint
 *   read as meant: spilled stroke ends out (spill.ts), unpainted speech
 *   balloons painted white (text-balloons.ts) -> working planes (line,
 *   hint) -> tiles: cut, pad, run, feather-blend -> colour at page size,
 *   lines multiplied back on -> the rim along lines cleared (line-halo.ts)
 *   -> white patches in coloured shapes filled (white-fill.ts) -> balloons,
 *   a comic page's gutters and the panel backgrounds the network took for
 *   paper made white (grid-paint.ts, page-gutters.ts)
 *   -> hint strokes blended into their regions (stroke-blend.ts) -> form
 *   shading if asked for (form-shading.ts) -> Leave margins (page-around.ts).
 *
 * Memory: no page-sized float planes at any working scale, and at most
 * one float plane at working size, the line channel when the working
 * canvas is not the page (plus the region labels of the fill, one 16- or
 * 32-bit plane, when the model takes the fill and there is a hint; and the
 * four hint planes only when an older contract blurs the hint; and a copy
 * of the RGBA hint where spills are taken out of it or balloons painted
 * into it, unless the caller gives it over: ColorizeOptions.consumeHint). Hint
 * channels are resampled one tile row at a time (hint-bands.ts), or read
 * straight from the RGBA hint at scale 1; colour is kept for one tile row
 * and composed into the page as rows finish (blend.ts); the page's line
 * channel is read from the lineart row by row where it is needed; the
 * stroke blend adds one byte per page pixel; two tile input tensors serve
 * every tile in turn (tile-pipeline.ts: the next is written while the last
 * runs); filling white patches adds a byte per page pixel while it runs
 * (white-fill.ts), and form shading, when asked for, a second page-sized
 * RGBA image (its layer). 'auto' measures the lineart's own pixels: how
 * open the figure is on the page grid (at most 1024 x 1024 cells,
 * interior-distance.ts) and the stroke width on sampled rows
 * (linewidth.ts), combined by auto-scale.ts (an older contract: the stroke
 * width alone). The page grid is made once per page (page-grid.PageGrids:
 * a byte per cell, and 16-bit labels per closing radius) and shared by
 * 'auto', the white fill and form shading; at scale 1 its paper comes from
 * the region fill's pass over the page.
 */
import type { ColorizeOptions, ColorizeProgress, ColorizeResult, Contract, InferenceBackend, RgbaImage, BackendName, ShadingOptions, PageEdges } from './types';
import { EngineInputError, abortError } from './errors';
import { blurHint, hintBlurSigma, hintChannels, lineChannel, rgbaLineValues } from './preprocess';
import { resampleRows } from './resample';
import type { Plane } from './plane';
import type { LineRowSource } from './postprocess';
import { autoWorkingScale, maxScaleForSize, measureLineWidth, type LineValues } from './linewidth';
import { interiorDistance } from './interior-distance';
import { ALL_PAGE_EDGES, checkPageEdges, PageGrids, SHAPE_GAP_PX } from './page-grid';
import { autoScaleFor } from './auto-scale';
import { repairEdgeRows } from './edge-rows';
import { clearPageAround } from './page-around';
import { levelledLineart } from './levels';
import { clearLineHalo } from './line-halo';
import { paintStateAt, regionPaint } from './region-paint';
import { withoutSpills } from './spill';
import { withoutMissedDabs } from './missed-dabs';
import { textBalloons } from './text-balloons';
import { gutterRegions, leftAsPaper, pageGutters, panelBackgrounds } from './page-gutters';
import { FillAt, whitenPagePockets } from './page-pockets';
import { paintedPixels, paintPaperWhite, regionBoxes, unpaintRegions, withRegionsPaintedWhite } from './grid-paint';
import { planGrid, tilesOf, type Tile, type TileGrid } from './tiling';
import { createBlender, type LineRows } from './blend';
import { hasRegionFill } from './contract';
import { labelPaperRegions, MAX_GAP_RADIUS, pageInk, planePaperRows } from './paper-regions';
import { planeHintPixels, rgbaHintPixels, type RegionFill } from './regions';
import { fillTileInput, rgbaTileHint, type TileHint } from './tile-input';
import { paintedSpans } from './painted-spans';
import { runTiles } from './tile-pipeline';
import { now } from './clock';
import { blendStrokes } from './stroke-blend';
import { hintBands } from './hint-bands';
import { checkShadingOptions, keepShadingWhereColoured, shadeLayer } from './form-shading';
import { fillWhitePatches } from './white-fill';
import { tintToPaint } from './region-tint';
import { guardedRegionFill } from './fill-leaks';

export interface Colorizer {
  readonly backend: BackendName;
  colorize(lineart: RgbaImage, hint: RgbaImage | undefined, options?: ColorizeOptions): Promise<ColorizeResult>;
  /**
   * Cheap plan for UIs and memory checks. With workingScale 'auto' the scale
   * depends on the lineart's strokes, which this does not see: it reports the
   * largest plan 'auto' could choose (contract.geometry.maxWorkingScale, or
   * the autoScale policy's maxScale when lower; capped by the page size).
   */
  planTiles(width: number, height: number, options?: ColorizeOptions): { workingScale: number; tilesTotal: number };
  dispose(): Promise<void>;
}

export interface CreateColorizerOptions {
  contract: Contract;
  backend: InferenceBackend;
}

/** How far (working pixels) the network darkens the paper beside a line (line-halo.ts)... */
const LINE_HALO_PX = 1;
/** ...and the rim (page pixels) from which it is taken away: working scales up to 2/3. */
const MIN_HALO_RADIUS = 2;
/** How far (working pixels) the network's colour bleeds around a hint stroke: blended with the stroke. */
const STROKE_HALO_PX = 2;
/**
 * Painted blobs thicker than this (area / perimeter, working pixels: half a
 * 32 px stroke's width) are area fills, not strokes, and are not blended.
 */
const STROKE_MAX_HALF_WIDTH_PX = 16;

/** Pages larger than this (in pixels) are refused before any allocation. */
export const MAX_PAGE_PIXELS = 2 ** 28;

interface ResolvedOptions {
  hintStrength: number;
  workingScale: number | 'auto';
  tileSize: number;
  tileOverlap: number;
  gapRadius: number;
  restoreLines: boolean;
  blendStrokes: boolean;
  fillWhitePatches: boolean;
  tintToPaint: boolean;
  baseColours: boolean;
  repairEdgeRows: boolean;
  levelLineart: boolean;
  clearLineHalo: boolean;
  whitePaper: boolean;
  clearAround: boolean;
  consumeHint: boolean;
  shading: ShadingOptions | undefined;
  pageEdges: PageEdges;
  onProgress?: (progress: ColorizeProgress) => void;
  signal?: AbortSignal;
}

/**
 * EngineInputError unless `width` x `height` is a size colorize takes for
 * the lineart or hint: whole pixels, not empty, at most MAX_PAGE_PIXELS.
 * For callers that learn a picture's size before its pixels (the webview
 * page, as strips arrive), so the refusal comes first and says the same.
 */
export function checkImageSize(width: unknown, height: unknown, role: 'lineart' | 'hint'): { width: number; height: number } {
  if (typeof width !== 'number' || typeof height !== 'number' || !Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new EngineInputError('BAD_SIZE', `The ${role} size must be whole, non-negative pixels; got ${String(width)} x ${String(height)}.`);
  }
  if (width === 0 || height === 0) {
    throw new EngineInputError('EMPTY_IMAGE', `The ${role} image is empty (${width} x ${height}); give it at least one pixel.`);
  }
  if (width * height > MAX_PAGE_PIXELS) {
    throw new EngineInputError('TOO_LARGE', `The ${role} image is ${width} x ${height}; the engine accepts at most ${MAX_PAGE_PIXELS} pixels. Scale it down first.`);
  }
  return { width, height };
}

/** EngineInputError unless the hint is the lineart's size. */
export function checkHintSize(lineart: { width: number; height: number }, hint: { width: number; height: number }): void {
  if (hint.width !== lineart.width || hint.height !== lineart.height) {
    throw new EngineInputError(
      'HINT_SIZE_MISMATCH',
      `The hint is ${hint.width} x ${hint.height} but the lineart is ${lineart.width} x ${lineart.height}; they must be the same size.`,
    );
  }
}

function validateImage(image: unknown, role: 'lineart' | 'hint'): asserts image is RgbaImage {
  if (typeof image !== 'object' || image === null) {
    throw new EngineInputError('BAD_BUFFER', `The ${role} image is missing: expected { width, height, data } with RGBA bytes.`);
  }
  const raw = image as { width: unknown; height: unknown; data: unknown };
  const { width, height } = checkImageSize(raw.width, raw.height, role);
  const { data } = raw;
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new EngineInputError('BAD_BUFFER', `The ${role} pixels must be a Uint8Array or Uint8ClampedArray of RGBA bytes.`);
  }
  if (data.length !== width * height * 4) {
    throw new EngineInputError(
      'BAD_BUFFER',
      `The ${role} buffer has ${data.length} bytes but ${width} x ${height} RGBA needs ${width * height * 4}; is it RGB or 16-bit?`,
    );
  }
}

function resolveOptions(options: ColorizeOptions | undefined, contract: Contract): ResolvedOptions {
  const o = options ?? {};
  const bad = (message: string): never => {
    throw new EngineInputError('BAD_OPTION', message);
  };
  const hintStrength = o.hintStrength ?? contract.hint.defaultStrength;
  if (typeof hintStrength !== 'number' || !Number.isFinite(hintStrength) || hintStrength < 0 || hintStrength > 1) {
    bad(`hintStrength must be a number from 0 to 1, got ${String(hintStrength)}.`);
  }
  const workingScale = o.workingScale ?? 'auto';
  if (workingScale !== 'auto' && (typeof workingScale !== 'number' || !Number.isFinite(workingScale) || workingScale <= 0)) {
    bad(`workingScale must be 'auto' or a positive number, got ${String(workingScale)}.`);
  }
  // Below the model's minimum the page shrinks to a few pixels and its enlargement back costs without bound (1e-9 took 17 GB).
  const minScale = contract.geometry.minWorkingScale;
  if (typeof workingScale === 'number' && workingScale < minScale) {
    bad(`workingScale ${workingScale} is below the model's smallest working scale, ${minScale}: the page would shrink to nothing useful. Use ${minScale} or more, or 'auto'.`);
  }
  const tileSize = o.tileSize ?? contract.geometry.tileSize;
  if (typeof tileSize !== 'number' || !Number.isInteger(tileSize) || tileSize < contract.geometry.sizeMultiple || tileSize > 8192) {
    bad(`tileSize must be a whole number of pixels from ${contract.geometry.sizeMultiple} to 8192, got ${String(tileSize)}.`);
  }
  const tileOverlap = o.tileOverlap ?? Math.min(contract.geometry.tileOverlap, Math.floor(tileSize / 4));
  if (typeof tileOverlap !== 'number' || !Number.isInteger(tileOverlap) || tileOverlap < 0 || tileOverlap * 2 >= tileSize) {
    bad(`tileOverlap must be a whole number of pixels, at least 0 and less than half of tileSize (${tileSize}), got ${String(tileOverlap)}.`);
  }
  const gapRadius = o.gapRadius ?? contract.fill.gapRadius;
  if (typeof gapRadius !== 'number' || !Number.isInteger(gapRadius) || gapRadius < 0 || gapRadius > MAX_GAP_RADIUS) {
    bad(`gapRadius must be a whole number of pixels from 0 to ${MAX_GAP_RADIUS}, got ${String(gapRadius)}.`);
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') bad('onProgress must be a function.');
  if (o.whitePaper !== undefined && typeof o.whitePaper !== 'boolean') bad(`whitePaper must be true or false, got ${String(o.whitePaper)}.`);
  if (o.clearAround !== undefined && typeof o.clearAround !== 'boolean') bad(`clearAround must be true or false, got ${String(o.clearAround)}.`);
  if (o.consumeHint !== undefined && typeof o.consumeHint !== 'boolean') bad(`consumeHint must be true or false, got ${String(o.consumeHint)}.`);
  if (o.shading !== undefined) checkShadingOptions(o.shading);
  return {
    hintStrength,
    workingScale,
    tileSize,
    tileOverlap,
    gapRadius,
    restoreLines: o.restoreLines ?? true,
    blendStrokes: o.blendStrokes ?? true,
    fillWhitePatches: o.fillWhitePatches ?? true,
    tintToPaint: o.tintToPaint ?? true,
    baseColours: o.baseColours ?? true,
    repairEdgeRows: o.repairEdgeRows ?? true,
    levelLineart: o.levelLineart ?? true,
    clearLineHalo: o.clearLineHalo ?? true,
    whitePaper: o.whitePaper ?? true,
    clearAround: o.clearAround ?? false,
    consumeHint: o.consumeHint ?? false,
    shading: o.shading,
    pageEdges: o.pageEdges === undefined ? ALL_PAGE_EDGES : checkPageEdges(o.pageEdges),
    onProgress: o.onProgress,
    signal: o.signal,
  };
}

function workingSize(width: number, height: number, scale: number): { width: number; height: number } {
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal.reason);
}

/**
 * The region fill of the working canvas (regions.ts), for models whose
 * contract asks for it and only when there is a hint: without one every
 * fill channel is 0 and the tensor's zeros already say so.
 */
function regionFillFor(contract: Contract, lineart: RgbaImage, grids: PageGrids, workingLine: WorkingLine | undefined, hint: TileHint, gapRadius: number, strength: number, baseColours: boolean): RegionFill | undefined {
  if (!hasRegionFill(contract) || hint.kind === 'none') return undefined;
  const width = workingLine ? workingLine.plane.width : lineart.width;
  const height = workingLine ? workingLine.plane.height : lineart.height;
  // At scale 1 the fill reads the page's paper, which the page grid is made of: one pass for both.
  // Shrunk, every line of the page stays a line (pageInk): averaged, thin ones read as paper.
  const paper = workingLine ? planePaperRows(workingLine.plane.data, width, height, workingLine.ink) : grids.pageRows();
  const pixels =
    hint.kind === 'planes'
      ? planeHintPixels(hint.planes.r.data, hint.planes.g.data, hint.planes.b.data, hint.planes.mask.data)
      : hint.kind === 'bands'
        ? hint.bands.pixels
        : rgbaHintPixels(hint.image, hint.strength, hint.spans);
  // Where the closing lets a stroke's colour out through a gap just wider than it closes, closed one wider there.
  return guardedRegionFill(labelPaperRegions(width, height, paper, gapRadius), pixels, gapRadius, strength, baseColours);
}

/** Page row y of the line channel, as lineChannel computes it, into `into`. */
function pageLineRows(lineart: RgbaImage, contract: Contract): LineRowSource {
  return (y, into) => lineBand(lineart, y, 1, contract, into).plane.data.subarray(0, lineart.width);
}

/** The line channel at working size, and where a shrunk page's ink falls in it (for the region fill). */
interface WorkingLine extends LineRows {
  readonly ink: Uint8Array | undefined;
}

/**
 * The line channel resampled to the working size, read from the lineart row
 * by row (resamplePlane's arithmetic); with `withInk`, on a shrunk page, also
 * the working pixels its ink covers, from the same rows (pageInk).
 */
function workingLineChannel(lineart: RgbaImage, contract: Contract, width: number, height: number, withInk: boolean): WorkingLine {
  const rowOf = pageLineRows(lineart, contract);
  const shrunk = width < lineart.width || height < lineart.height;
  const ink = withInk && shrunk ? pageInk(lineart.width, lineart.height, width, height) : undefined;
  const [plane] = resampleRows(lineart.width, lineart.height, width, height, 1, (y, rows) => {
    rowOf(y, rows[0]);
    ink?.add(y, rows[0]);
  });
  return { plane, top: 0, ink: ink?.finish() };
}

/**
 * The line channel of page rows top .. top + rows: lineChannel on a view of
 * those rows, so the values are the ones a page-sized plane would hold,
 * written into `buffer` (one band's floats, reused from tile row to tile row).
 */
function lineBand(lineart: RgbaImage, top: number, rows: number, contract: Contract, buffer: Float32Array): LineRows {
  const rowBytes = lineart.width * 4;
  const view: RgbaImage = { width: lineart.width, height: rows, data: lineart.data.subarray(top * rowBytes, (top + rows) * rowBytes) };
  return { plane: lineChannel(view, contract, buffer), top };
}

export function createColorizer({ contract, backend }: CreateColorizerOptions): Colorizer {
  const channels = contract.input.channels.length;
  const outChannels = contract.output.channels.length;

  function scaleFor(width: number, height: number, options: ResolvedOptions, line: LineValues | undefined, grids: PageGrids | undefined): number {
    const cap = maxScaleForSize(width, height);
    let scale: number;
    const policy = contract.geometry.autoScale;
    if (options.workingScale !== 'auto') scale = options.workingScale;
    else if (line && grids && policy) scale = autoScaleFor(interiorDistance(grids.withGaps(options.gapRadius), policy.percentile), measureLineWidth(line), policy, contract);
    else if (line) scale = autoWorkingScale(measureLineWidth(line), contract);
    else scale = Math.min(policy?.maxScale ?? Infinity, contract.geometry.maxWorkingScale);
    return Math.min(scale, cap);
  }

  function grid(width: number, height: number, options: ResolvedOptions): TileGrid {
    return planGrid(width, height, options.tileSize, options.tileOverlap, contract.geometry.sizeMultiple);
  }

  async function colorize(lineart: RgbaImage, hint: RgbaImage | undefined, rawOptions?: ColorizeOptions): Promise<ColorizeResult> {
    const started = now();
    validateImage(lineart, 'lineart');
    if (hint !== undefined) {
      validateImage(hint, 'hint');
      checkHintSize(lineart, hint);
    }
    const options = resolveOptions(rawOptions, contract);
    const { signal, onProgress } = options;
    throwIfAborted(signal);
    // A hint given over is written in place, unless its pixels are the lineart's too (one picture for both).
    const hintGiven = options.consumeHint && hint !== undefined && hint.data.buffer !== lineart.data.buffer;
    // A scan is read levelled, by every step (the network, the regions, the lines multiplied back).
    if (options.levelLineart) lineart = levelledLineart(lineart, contract);

    // No page-sized line plane: 'auto' measures the lineart itself, at working
    // scale 1 the line channel is made one tile row at a time (lineBand), and
    // at other scales it is resampled and multiplied back row by row.
    // The page's coarse grids, made when first needed and shared by 'auto', the white fill and form shading.
    const grids = PageGrids.of(lineart, contract, options.pageEdges);
    const scale = scaleFor(lineart.width, lineart.height, options, options.workingScale === 'auto' ? rgbaLineValues(lineart, contract) : undefined, grids);
    const work = workingSize(lineart.width, lineart.height, scale);
    const sameSize = work.width === lineart.width && work.height === lineart.height;
    const tiles = grid(work.width, work.height, options);
    const total = tiles.tilesTotal;
    const report = (fraction: number, tilesDone: number): void => onProgress?.({ fraction, tilesDone, tilesTotal: total });
    // As soon as the tiles are known ('auto''s measure of the page comes first: the tile count
    // depends on it): the page's own passes before the tiles take a second or two more on a big
    // page ('auto' at 4,096 px), and a panel can say so rather than nothing.
    report(0, 0);
    // Below or above scale 1 the line channel is resampled to the working size and multiplied
    // back over the page's colour; both read it row by row from the lineart (no page-sized plane).
    const pageLine = sameSize ? undefined : pageLineRows(lineart, contract);
    // (With no hint layer, balloons made white for the network are a hint too: whitePaper.)
    const fillsRegions = hasRegionFill(contract) && options.hintStrength > 0 && (hint !== undefined || options.whitePaper);
    let workingLine: WorkingLine | undefined = pageLine && workingLineChannel(lineart, contract, work.width, work.height, fillsRegions);
    let tileHint: TileHint = { kind: 'none' };
    // The fill's gap closing in page pixels, for the page-sized passes (the spills, the white fill, the margins).
    const pageGapRadius = Math.ceil(options.gapRadius / scale);
    // Where the hint is painted, found once for the tiles, the fill and the stroke blend.
    let spans = hint && options.hintStrength > 0 ? paintedSpans(hint) : undefined;
    /** Where the artist painted, before the guards below take strays off (the page's pockets keep what they painted: page-pockets.ts). */
    const drawnSpans = spans;
    /** Whether `hint` is the engine's to write: its own copy, or given to it (consumeHint); never the caller's layer otherwise. */
    let hintOwned = hintGiven;
    if (hint && spans) {
      // The ends of strokes that slipped over a line are not paint, for every step below (spill.ts);
      // the lines' regions on the page grid, closed as the fill closes them. Where that is wider (a
      // page shrunk by 'auto'), strays are read again with the shapes as drawn (SHAPE_GAP_PX): the wider
      // closing bridges lettering to its caption box's outline, cutting the box into pieces none of
      // which holds most of a stroke along it, so its end poking into the panel was kept and flooded
      // the panel. Strays only: at 2 px, gaps the fill closes are open, and a stroke over strands of
      // hair behind such gaps would read as mostly in one shape, its other pieces as stubs.
      const fillGrid = grids.withGaps(pageGapRadius);
      const passes = [{ radius: pageGapRadius, straysOnly: false }];
      if (grids.withGaps(Math.min(pageGapRadius, SHAPE_GAP_PX)) !== fillGrid) passes.push({ radius: SHAPE_GAP_PX, straysOnly: true });
      for (const { radius, straysOnly } of passes) {
        const grid = grids.withGaps(radius);
        // A second reading takes out only what lies, at the fill's closing, in the page around the
        // figures or a panel: not an ear's paint behind a gap the fill closes (the third review).
        const onlyWhere = straysOnly ? { regions: fillGrid.regions, block: fillGrid.block, flags: grids.background(pageGapRadius) } : undefined;
        const cleaned = withoutSpills(hint, spans, grid.regions, grid.block, grids.background(radius), { owned: hintOwned, straysOnly, onlyWhere });
        // (A hint the engine may write is cleaned in place, and comes back as a new image where it changed.)
        if (cleaned !== hint) {
          hint = cleaned;
          hintOwned = true;
          spans = paintedSpans(cleaned);
        }
      }
      // Dabs that missed their shape for the page beside it are not paint either (missed-dabs.ts).
      const kept = withoutMissedDabs(hint, spans, fillGrid, grids.background(pageGapRadius), hintOwned);
      if (kept !== hint) {
        hint = kept;
        hintOwned = true;
        spans = paintedSpans(kept);
      }
    }
    // The artist's paint, for the passes after the network (the line halo, the white fill, the stroke
    // blend, the margins): the balloons' white below is for the network and the region fill.
    const artistHint = hint;
    const artistSpans = spans;
    // Paper made white after the network (grid-paint.ts): unpainted speech balloons, with their
    // letters' counters, whatever the network made of the white they are painted in the hint, a
    // comic page's unpainted gutters (page-gutters.ts), not with Leave margins, which clears them,
    // and its panels' unpainted backgrounds (framed by the gutters; Leave margins keeps panels),
    // where the network took them for paper (read from its output below).
    let paperWhite: number[] = [];
    /** Unpainted balloons, regions of the page grid closed at balloonRadius (not pageGapRadius's, as paperWhite's are). */
    let balloons: number[] = [];
    let balloonRadius = pageGapRadius;
    /** Panels' unpainted backgrounds: made white after the network where it took them for paper (leftAsPaper). */
    let panels: number[] = [];
    /** Balloons painted into the hint the engine writes (its copy, or the one given over), to be taken off after the network. */
    let paintedInPlace: number[] = [];
    if (options.whitePaper && options.hintStrength > 0) {
      // Unpainted speech balloons read as painted white by the network and the region fill (text-balloons.ts).
      // Read with gaps closed as far as the reading was tuned at (SHAPE_GAP_PX), never farther than the
      // fill closes them: at 'auto' on a shrunk page the fill's closing in page pixels is wider, and
      // bridges letters to each other and to the outline (65 of 101 balloons read at 3 or 4 px, 82 at 1 or 2).
      const grid = grids.withGaps(pageGapRadius);
      const painted = paintedPixels(grid, spans);
      const boxes = regionBoxes(grid);
      balloonRadius = Math.min(pageGapRadius, SHAPE_GAP_PX);
      const balloonGrid = grids.withGaps(balloonRadius);
      // (At scale 1, and on big pages at most scales, both closings give one grid: counted once.)
      const [balloonPainted, balloonBoxes] = balloonGrid === grid ? [painted, boxes] : [paintedPixels(balloonGrid, spans), regionBoxes(balloonGrid)];
      balloons = textBalloons(balloonGrid, grids.background(balloonRadius), balloonPainted, rgbaLineValues(lineart, contract), balloonBoxes);
      if (balloons.length > 0) {
        hint = withRegionsPaintedWhite(hint, hintOwned, lineart.width, lineart.height, balloonGrid, balloons);
        spans = paintedSpans(hint);
        if (hintOwned) paintedInPlace = balloons;
      }
      const gutters = gutterRegions(grid, boxes);
      panels = panelBackgrounds(grid, painted, boxes, gutters.beyondFrames);
      if (!options.clearAround) paperWhite = pageGutters(grid, painted, gutters.page);
    }
    if (hint && spans) {
      const sigma = hintBlurSigma(contract, work.width, work.height);
      if (sameSize && !(sigma > 0)) {
        tileHint = rgbaTileHint(hint, options.hintStrength, spans);
      } else if (sigma > 0) {
        const planes = hintChannels(hint, options.hintStrength, work.width, work.height);
        blurHint(planes, sigma);
        tileHint = { kind: 'planes', planes };
      } else {
        tileHint = { kind: 'bands', bands: hintBands(hint, options.hintStrength, work.width, work.height) };
      }
    }

    throwIfAborted(signal);
    const fill = regionFillFor(contract, lineart, grids, workingLine, tileHint, options.gapRadius, options.hintStrength, options.baseColours);

    const blender = createBlender(tiles, contract, {
      pageWidth: lineart.width,
      pageHeight: lineart.height,
      restoreLines: options.restoreLines,
      pageLine,
    });
    const lastColumn = tiles.x.starts.length - 1;
    const lastRow = tiles.y.starts.length - 1;
    // Line rows for a tile: the working plane, or at scale 1 its tile row's
    // band. On a backend that computes in the background, two bands, for even
    // and odd tile rows: the next row's first tile is written while the last
    // tile of this row runs, which is then blended with this row's band
    // (tile-pipeline.ts); otherwise one.
    const bandSlots = backend.computesInBackground === true ? 2 : 1;
    const bands: (LineRows | undefined)[] = [undefined, undefined];
    const bandBuffers: Float32Array[] = [];
    const linesFor = (tile: Tile): LineRows => {
      if (workingLine) return workingLine;
      const slot = tile.row % bandSlots;
      let band = bands[slot];
      if (band?.top !== tile.y) {
        const buffer = (bandBuffers[slot] ??= new Float32Array(lineart.width * Math.min(tiles.y.paddedSize, lineart.height)));
        band = bands[slot] = lineBand(lineart, tile.y, tile.height, contract, buffer);
      }
      return band;
    };
    const inputSize = channels * tiles.x.paddedSize * tiles.y.paddedSize;
    const inferenceMs = await runTiles(Array.from(tilesOf(tiles)), backend, inputSize, {
      prepare: (tile, into) => fillTileInput(into, linesFor(tile), tileHint, fill, tile),
      consume: (tile, output) => {
        const area = tile.paddedWidth * tile.paddedHeight;
        if (output.length !== outChannels * area) {
          throw new Error(`The ${backend.name} backend returned ${output.length} values for a ${tile.paddedWidth} x ${tile.paddedHeight} tile; expected ${outChannels * area}.`);
        }
        if (options.repairEdgeRows) repairEdgeRows(output, outChannels, tile, tile.row === 0, tile.row === lastRow);
        blender.add(tile, output, linesFor(tile));
        if (tile.column === lastColumn) blender.endRow(tile.row);
        report((tile.index + 1) / (total + 1), tile.index + 1);
      },
    }, signal);
    throwIfAborted(signal);
    // The working line plane and the hint are done with: let them go before the stroke blend.
    const hinted = tileHint.kind !== 'none';
    workingLine = undefined;
    tileHint = { kind: 'none' };
    const image = blender.finish();
    // Read before any pass below changes the network's colour.
    if (panels.length > 0) paperWhite = [...paperWhite, ...leftAsPaper(image, grids.withGaps(pageGapRadius), panels, rgbaLineValues(lineart, contract))];
    // The passes below read the artist's paint: where the balloons were painted into the hint the
    // engine writes, their white comes off again (no second page-sized copy).
    if (paintedInPlace.length > 0 && artistHint) unpaintRegions(artistHint, grids.withGaps(balloonRadius), paintedInPlace);
    hint = artistHint;
    spans = artistSpans;
    // The rim is as wide as LINE_HALO_PX working pixels on the page: at scales near 1 a pixel, under
    // the lines' own anti-aliased edge, not worth a pass over the page (~0.4 s at 4,096).
    // At hint strength 0 the hint is ignored by the passes below too: its painted pixels are not kept.
    // (A balloon's white, not the artist's paint, is the white fill's to finish: the network's light
    // grey there is filled white as in any shape painted white.)
    const paintedHint = options.hintStrength > 0 ? hint : undefined;
    const haloRadius = Math.round(LINE_HALO_PX / scale);
    if (options.clearLineHalo && haloRadius >= MIN_HALO_RADIUS) {
      clearLineHalo(image, grids.pageRows(), rgbaLineValues(lineart, contract), haloRadius, options.restoreLines, paintedHint);
    }
    // Each painted shape's colour brought to the artist's, its shading kept (region-tint.ts); before
    // the white fill, which fills a shape's white patches with the colour the rest of it has.
    if (options.tintToPaint && fill && paintedHint) tintToPaint(image, fill, rgbaLineValues(lineart, contract), paintedHint);
    // What the artist painted each shape, spills left out (the fill is empty at hint strength 0).
    const paint = fill ? regionPaint(fill, lineart.width, lineart.height) : undefined;
    // White patches first, so that the strokes are blended into the colour their shapes end up with
    // (a sky stroke into the painted sky the network left white).
    if (options.fillWhitePatches) fillWhitePatches(image, lineart, paintedHint, contract, pageGapRadius, grids, paint);
    if (balloons.length > 0) paintPaperWhite(image, grids.withGaps(balloonRadius), balloons, rgbaLineValues(lineart, contract), options.restoreLines);
    if (paperWhite.length > 0) paintPaperWhite(image, grids.withGaps(pageGapRadius), paperWhite, rgbaLineValues(lineart, contract), options.restoreLines);
    // The unpainted page around the figures the artist painted: its narrow pockets, which the network
    // colours, made white (page-pockets.ts). Not without paint: then every colour is the network's guess.
    if (options.whitePaper && drawnSpans && drawnSpans.rowStart[drawnSpans.height] > 0) {
      whitenPagePockets({
        image,
        grid: grids.withGaps(pageGapRadius),
        paintAt: fill ? paintStateAt(fill, lineart.width, lineart.height) : () => FillAt.UNPAINTED,
        drawn: drawnSpans,
        line: rgbaLineValues(lineart, contract),
        multiplied: options.restoreLines,
        pagePerWorking: 1 / scale,
      });
    }
    if (options.blendStrokes && hinted && hint && fill) {
      blendStrokes({
        image,
        hint,
        line: rgbaLineValues(lineart, contract),
        linesMultiplied: options.restoreLines,
        regions: fill.regions,
        margin: Math.min(8, Math.ceil(STROKE_HALO_PX / scale)),
        maxHalfWidth: STROKE_MAX_HALF_WIDTH_PX / scale,
        spans,
      });
    }
    const shading = options.shading && shadeLayer(lineart, image, contract, options.shading, undefined, grids);
    if (options.clearAround) {
      clearPageAround(image, lineart, paintedHint, contract, pageGapRadius, options.pageEdges);
      if (shading) keepShadingWhereColoured(shading, image);
    }
    report(1, total);
    return { image, ...(shading ? { shading } : {}), backend: backend.name, workingScale: scale, tilesTotal: total, inferenceMs, totalMs: now() - started };
  }

  return {
    get backend() {
      return backend.name;
    },
    colorize,
    planTiles(width, height, rawOptions) {
      if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
        throw new EngineInputError(width === 0 || height === 0 ? 'EMPTY_IMAGE' : 'BAD_SIZE', `planTiles needs a positive whole size, got ${width} x ${height}.`);
      }
      const options = resolveOptions(rawOptions, contract);
      const scale = scaleFor(width, height, options, undefined, undefined);
      const work = workingSize(width, height, scale);
      return { workingScale: scale, tilesTotal: grid(work.width, work.height, options).tilesTotal };
    },
    dispose: () => backend.dispose(),
  };
}
