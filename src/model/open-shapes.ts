/**
 * Paint in shapes drawn open to the page fills those shapes, not the page
 * around the figures.
 *
 * Why: lines drawn fast or tapered leave gaps wider than the fill's closing
 * (2 px) and the leak guard's one pixel more (fill-leaks.ts), and hair is
 * often inked as an arc whose ends stop short of the head. The figure's
 * paint then lies in the page around it: the region fill spread it over
 * the whole page, and the colour split gave the page to one of its colours.
 * Session 30's `face_hair_gap` (a 768 px page brown at both scales from
 * one hair stroke, 1.6 % of it, between an arc and the head, the arc's ends
 * 30 px off the face) and session 31's artist's review, its worst finding:
 * of 27 new pages, 9 came out with the page around the figure navy, brown,
 * grey or pink from figures whose lines had gaps of 4-16 px, where the same
 * figures closed came out on white.
 *
 * A painted page around (touching two sides of the canvas: page-slivers.ts)
 * is read again where
 * - its paint covers under OPEN_SHAPE_SHARE of the canvas (a ground or a
 *   sky painted over most of the page is the artist's),
 * - it is open somewhere (a pixel OPEN_REACH from ink: not a comic page's
 *   gutters, where any paint hugs the frames),
 * - and its paint lies mostly between lines (POCKET_SHARE of it, read on a
 *   lattice, with ink on both sides along a row, a column or a diagonal
 *   within BETWEEN_REACH): a figure's paint lies inside its outlines, where a
 *   sky's or a ground's lies out in the open.
 * It is read in a window around its paint (`around`; none bigger than
 * MAX_WINDOW_PIXELS) at wider closings, one pixel at a time from
 * FIRST_RADIUS to MAX_GAP_RADIUS (gaps up to 33 working pixels), narrowest
 * first. From the first that walls WALLED_SHARE of the paint into parts
 * of their own (not reaching the window's edge, together under a third of
 * the region), wider ones are read while they wall in no less of it, and
 * the one walling in most (then the most area) is taken: its walled parts
 * take their own fill and the rest of the page none. The figure's shapes
 * are filled, and the page is left to the network, which paints it white.
 * (Taking the first cut a sleeve and a sun where a closing one or two
 * pixels wider shut them whole: the second review, `t09`, `w40`, `x46`.)
 * Paint that no closing walls in (a sky dab, a stroke past a figure's
 * outline: the slivers guard's) changes nothing here. What a closing
 * leaves outside its walled parts takes no fill: a window's pane open to
 * the page, painted sky (`w44`: 82 % of the paint walled in), loses its
 * sky; asking 90 % kept it but brought back the flooded page on two others
 * (`t11`, `t14`), a worse loss.
 *
 * Narrowest first, one pixel at a time, because a closing wider than half a
 * shape erases it: on `face_hair_gap` at 'auto' (scale 0.48) the hair is
 * 17 working pixels across and its gaps 14, so only a radius of 7 keeps the
 * one and closes the others; at scale 1 (40 and 30), 16. The closing cuts a
 * long shape at its narrows, and an unpainted piece takes no fill (it may
 * be a hand beside a sleeve, joined through a gap in the cuff as a piece of
 * the sleeve is through its narrows). Where a shape tapers to its open end, the
 * closing that shuts the end also cuts the shape above it, and the pixels
 * between go half to the page: the end of such a shape is left to the
 * network. Engine-only, as the other guards are.
 */
import { addPixelsByKey, forEachLabelRun, labelPaperRegions, MAX_GAP_RADIUS, type PaperRowSource, type RegionLabels } from './paper-regions';
import { regionFillTable, replayableHintPixels, type HintPixelSource, type RegionFill } from './regions';
import { LEAK_SHARE, paintedSizes, withPartsOf, type CanvasWindow } from './wider-closing';
import { OPEN_REACH, openOnes, paintedPagesAround } from './page-slivers';
import { TAIL_MASK } from './fill-fringe';

/** A page around painted over less than this share of the canvas may hold shapes drawn open to it. */
export const OPEN_SHAPE_SHARE = 0.2;
/** At least this share of its paint lies between lines: ink on both sides of it along a row, a column or a diagonal, within BETWEEN_REACH. */
export const POCKET_SHARE = 0.5;
/**
 * How far each way (working pixels) a line is looked for: a coat 400 px across at scale 1 (the review's
 * 2,600 px page) has its strokes' middles 100 px and more from its outlines. Only a screen: the closings
 * decide (a dab of sky between two trees counts as between lines, and no closing walls it in).
 */
export const BETWEEN_REACH = 160;
/** A closing walls the shape in where parts of their own hold at least this share of the paint. */
export const WALLED_SHARE = 0.8;
/** The narrowest closing tried (working pixels): wider than the fill's own (the contract's 2). */
export const FIRST_RADIUS = 3;
/**
 * A window bigger than this (working pixels) is not read: fourteen closings of it would cost seconds (a
 * figure filling a 4,096 x 3,072 page at scale 1 took 11 s beside a running test suite). 'auto', the
 * default, works such pages smaller; at scale 1 their figures' gaps leak as before.
 */
export const MAX_WINDOW_PIXELS = 2_500_000;
/** The window read around the paint reaches at least this far past it: past the widest closing's reach. */
const WINDOW_MARGIN = 2 * MAX_GAP_RADIUS + 2;

/**
 * `fill` (read from `hint`, painted at `strength`) with each page around
 * holding a shape drawn open to it filled in that shape only (see above);
 * `fill` itself where there is none. `fill` is used up where it changes
 * (its labels are relabelled in place).
 */
export function withOpenShapesClosed(fill: RegionFill, hint: HintPixelSource, strength = 1): RegionFill {
  if (!(strength > 0)) return fill;
  // Paint over OPEN_SHAPE_SHARE of the canvas is a ground or a sky the artist painted.
  const page = paintedPagesAround(fill, hint, OPEN_SHAPE_SHARE)?.page;
  const { regions } = fill;
  if (!page) return fill;
  if (!openOnes(regions, page)) return fill;
  // The window each would be read in; none past MAX_WINDOW_PIXELS. Then the screen, on those left.
  const windows = new Map<number, CanvasWindow>();
  for (const [r, box] of paintBoxes(regions, hint, strength, page)) {
    const window = around(box, regions);
    if (window.width * window.height <= MAX_WINDOW_PIXELS) windows.set(r, window);
  }
  page.fill(0);
  for (const r of windows.keys()) page[r] = 1;
  if (windows.size === 0) return fill;
  const pockets = betweenLinesMostly(regions, hint, strength, page);
  let size: Float64Array | undefined;
  for (const [r, window] of windows) {
    if (pockets[r] === 0) continue;
    size ??= paintedSizes(fill);
    const paperMask = regionMask(fill.regions, r, window);
    // The window's paint, cut from the page's runs once and kept for every closing read below.
    const windowHint = replayableHintPixels(inWindow(hint, fill.regions.width, window));
    // From the first closing that walls the paint in, wider ones while they wall in no less of it:
    // the one walling in most (then the most area), so a sleeve or a sun is not cut where a closing
    // one pixel wider would have shut it whole; a hair erased by the next one stops the search.
    let best: Walled | undefined;
    for (let radius = FIRST_RADIUS; radius <= MAX_GAP_RADIUS; radius++) {
      const walled = walledAt(windowHint, window, paperMask, radius);
      const holds = walled.paint >= WALLED_SHARE * walled.allPaint && walled.size < LEAK_SHARE * size[r];
      if (!best) {
        if (holds) best = walled;
        continue;
      }
      if (walled.paint < best.paint) break;
      if (holds && (walled.paint > best.paint || walled.size > best.size)) best = walled;
    }
    if (best) fill = withWalledParts(fill, r, window, best);
  }
  return fill;
}

/** Paint is read between lines on a lattice of this step (a 64th of it at 8): a share, not every pixel, is what counts. */
const BETWEEN_STEP = 8;

/**
 * Calls `visit(r, i)` for each pixel i of paint (mask at least the fringe
 * guard's TAIL_MASK of the strength: a soft brush's tail is not counted) in
 * a region `page` marks (1), in index order.
 */
function forEachPaintIn(regions: RegionLabels, hint: HintPixelSource, strength: number, page: Uint8Array, visit: (r: number, i: number) => void): void {
  const { labels, region } = regions;
  hint((from, to, _r, _g, _b, mask) => {
    if (mask < TAIL_MASK * strength) return;
    // A run of one label at a time: most of a page's paint is in other regions.
    forEachLabelRun(labels, from, to, (a, z, label) => {
      const r = region[label];
      if (page[r] !== 1) return;
      for (let i = a; i < z; i++) visit(r, i);
    });
  });
}

/** The box [x0, y0, x1, y1] of the paint of each region `page` marks (1). */
function paintBoxes(regions: RegionLabels, hint: HintPixelSource, strength: number, page: Uint8Array): Map<number, number[]> {
  const { width } = regions;
  const boxes = new Map<number, number[]>();
  forEachPaintIn(regions, hint, strength, page, (r, i) => {
    let box = boxes.get(r);
    if (!box) boxes.set(r, (box = [width, regions.height, -1, -1]));
    const x = i % width;
    const y = (i - x) / width;
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  });
  return boxes;
}

/** Per region `page` marks (1), whether POCKET_SHARE of its paint, read on the lattice of BETWEEN_STEP, lies between lines. */
function betweenLinesMostly(regions: RegionLabels, hint: HintPixelSource, strength: number, page: Uint8Array): Uint8Array {
  const { width } = regions;
  const sampled = new Float64Array(page.length);
  const between = new Float64Array(page.length);
  forEachPaintIn(regions, hint, strength, page, (r, i) => {
    const x = i % width;
    const y = (i - x) / width;
    if (x % BETWEEN_STEP !== 0 || y % BETWEEN_STEP !== 0) return;
    sampled[r]++;
    if (betweenLines(regions, x, y)) between[r]++;
  });
  return Uint8Array.from(page, (p, r) => (p === 1 && sampled[r] > 0 && between[r] >= POCKET_SHARE * sampled[r] ? 1 : 0));
}

/** The four directions a pixel is read along, as (dx, dy): a row, a column, the two diagonals. */
const AXES = [
  [1, 0],
  [0, 1],
  [1, 1],
  [1, -1],
];

/** Whether ink lies on both sides of (x, y) along one of AXES, within BETWEEN_REACH steps each way (a shape up to twice that across). */
function betweenLines(regions: RegionLabels, x: number, y: number): boolean {
  for (const [dx, dy] of AXES) if (inkAlong(regions, x, y, dx, dy) && inkAlong(regions, x, y, -dx, -dy)) return true;
  return false;
}

function inkAlong(regions: RegionLabels, x: number, y: number, dx: number, dy: number): boolean {
  const { width, height, labels, region } = regions;
  for (let k = 1; k <= BETWEEN_REACH; k++) {
    const u = x + k * dx;
    const v = y + k * dy;
    if (u < 0 || v < 0 || u >= width || v >= height) return false;
    if (region[labels[v * width + u]] === 0) return true;
  }
  return false;
}

/** 1 where a pixel of `window` is region `r`'s, else 0: the paper the closings read. */
function regionMask(regions: RegionLabels, r: number, window: CanvasWindow): Uint8Array {
  const { width, labels, region } = regions;
  const mask = new Uint8Array(window.width * window.height);
  for (let y = 0; y < window.height; y++) {
    const start = (window.y + y) * width + window.x;
    const base = y * window.width - start;
    forEachLabelRun(labels, start, start + window.width, (from, to, label) => {
      if (region[label] === r) mask.fill(1, base + from, base + to);
    });
  }
  return mask;
}

/**
 * The window around the paint's box [x0, y0, x1, y1], within the canvas:
 * as far past it as the box is long (a shape runs on past where it is
 * painted: hair painted across the top of the head goes down its sides), at
 * least WINDOW_MARGIN. A part that reaches the window's edge counts as the
 * page's.
 */
function around(box: number[], regions: RegionLabels): CanvasWindow {
  const margin = Math.max(WINDOW_MARGIN, box[2] - box[0] + 1, box[3] - box[1] + 1);
  const x = Math.max(0, box[0] - margin);
  const y = Math.max(0, box[1] - margin);
  return { x, y, width: Math.min(regions.width, box[2] + 1 + margin) - x, height: Math.min(regions.height, box[3] + 1 + margin) - y };
}

/** Region `r`'s paint walled in at one closing of its window (walledAt). */
interface Walled {
  /** The window's parts at that closing, their fill entries, painted pixels and strongest masks. */
  readonly wider: RegionLabels;
  readonly table: Float32Array;
  readonly painted: Float64Array;
  readonly maxMask: Float32Array;
  /** 1 per part walled in: painted, not reaching the window's edge. */
  readonly walled: Uint8Array;
  /** Painted pixels in walled parts, and in all; the walled parts' pixels. */
  readonly paint: number;
  readonly allPaint: number;
  readonly size: number;
}

/** Region `r` (`paperMask` over `window`, its paint `windowHint` in the window's pixel indices) labelled at closing `radius`, and how much of its paint that walls in. */
function walledAt(windowHint: HintPixelSource, window: CanvasWindow, paperMask: Uint8Array, radius: number): Walled {
  const paper: PaperRowSource = (visit) => {
    for (let y = 0; y < window.height; y++) visit(y, paperMask.subarray(y * window.width, (y + 1) * window.width));
  };
  const wider = labelPaperRegions(window.width, window.height, paper, radius);
  const maxMask = new Float32Array(wider.count + 1);
  const painted = new Float64Array(wider.count + 1);
  const table = regionFillTable(wider, windowHint, painted, maxMask);
  // Parts reaching the window's edge go on past it: the page, not a shape walled in.
  const walled = Uint8Array.from({ length: wider.count + 1 }, (_, part) => (part > 0 && painted[part] > 0 ? 1 : 0));
  const last = (window.height - 1) * window.width;
  for (let x = 0; x < window.width; x++) walled[wider.region[wider.labels[x]]] = walled[wider.region[wider.labels[last + x]]] = 0;
  for (let y = 0; y < window.height; y++) walled[wider.region[wider.labels[y * window.width]]] = walled[wider.region[wider.labels[y * window.width + window.width - 1]]] = 0;
  walled[0] = 0;
  const partSize = new Float64Array(wider.count + 1);
  addPixelsByKey(wider.labels, wider.region, partSize);
  let paint = 0;
  let allPaint = 0;
  let size = 0;
  for (let part = 1; part <= wider.count; part++) {
    allPaint += painted[part];
    if (walled[part] === 0) continue;
    paint += painted[part];
    size += partSize[part];
  }
  return { wider, table, painted, maxMask, walled, paint, allPaint, size };
}

/** `fill` with region `r` filled only in the painted parts `walled` walls in; `fill` is used up. */
function withWalledParts(fill: RegionFill, r: number, window: CanvasWindow, walled: Walled): RegionFill {
  const { wider, table, painted, maxMask } = walled;
  // Parts that are not walled in take no fill: only the shapes keep the paint's colour.
  for (let part = 1; part <= wider.count; part++) if (walled.walled[part] === 0) table.fill(0, part * 4, part * 4 + 4);
  const leaking = new Uint8Array(fill.regions.count + 1);
  leaking[r] = 1;
  return withPartsOf(fill, leaking, wider, table, painted, maxMask, window);
}

/** `hint`'s runs inside `window` (of a canvas `width` wide), in the window's pixel indices. */
function inWindow(hint: HintPixelSource, width: number, window: CanvasWindow): HintPixelSource {
  return (visit) =>
    hint((from, to, r, g, b, mask) => {
      // A run may go on past a row's end: cut it row by row.
      for (let start = from; start < to; ) {
        const x = start % width;
        const y = (start - x) / width;
        const end = Math.min(to, start + width - x);
        const a = Math.max(x, window.x);
        const z = Math.min(x + end - start, window.x + window.width);
        if (y >= window.y && y < window.y + window.height && a < z) {
          const base = (y - window.y) * window.width - window.x;
          visit(base + a, base + z, r, g, b, mask);
        }
        start = end;
      }
    });
}
