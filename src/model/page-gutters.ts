/**
 * A comic page's gutters and margins: the paper between and around its
 * panels, left unpainted, made white after the network (grid-paint.ts).
 *
 * Why: the network paints them (tan, mottled: an artist's review, session
 * 17), and no colourist does. Leave margins clears every region around the
 * drawing, but it is off by default: a leaky outline joins a figure's inside
 * to the page around it, and full-bleed art touches the page's edge
 * everywhere. This takes only the page around that is plainly a comic
 * page's: one region of the page grid (gaps closed) that
 * - reaches all four edges of the page (the margins join the gutters),
 * - is thin: its cells per boundary cell (about its half-width, or its
 *   width along the page's edge) are at most GUTTER_SHARE of the page's
 *   shorter side, and it is at most GUTTER_AREA of the page; the page around
 *   a figure, or around a figure joined to it through a gap, is far wider;
 * - and holds less than KEEP_MIN_PIXELS of paint (as Leave margins keeps a
 *   painted region around the drawing).
 * And the panels' unpainted backgrounds inside them (panelBackgrounds),
 * found by what lies beyond their frames: a gutter; of those, the ones the
 * network left partly white (leftAsPaper).
 */
import { KEEP_MIN_PIXELS } from './page-around';
import { regionAt } from './paper-regions';
import { forEachCellCentre, PANEL_SIDE, type PageGrid } from './page-grid';
import type { LineValues } from './linewidth';
import type { RgbaImage } from './types';
import { isPaperWhite } from './white-fill';
import type { RegionBoxes } from './grid-paint';

/** A gutter network's cells per boundary cell, at most this share of the page's shorter side (in cells). */
const GUTTER_SHARE = 0.06;
/**
 * ...and its share of the page at most this: gutters and margins are a sixth of a page or so, while
 * the open page around a figure is most of it, thin on average only where snow, stars or grass
 * fleck it.
 */
const GUTTER_AREA = 0.35;

/** Per region of a page grid, 1 where it is a gutter (gutterRegions). */
export interface GutterFlags {
  /** A comic page's gutters and margins: thin, reaching all four sides of the grid (pageGutters). */
  readonly page: Uint8Array;
  /**
   * What lies beyond a panel's frame (panelBackgrounds), where a figure's line running off the page
   * may cut the margins apart: thin, reaching two sides of the grid and spanning at least half of it
   * each way (a strand of hair cut off by the page's edge is thin too, and touches a side, but spans
   * little of the page).
   */
  readonly beyondFrames: Uint8Array;
}

/**
 * The regions of `grid` shaped as a comic page's gutters and margins (see
 * the module comment), painted or not, whether or not the grid's sides are
 * the page's edges; `boxes` is grid-paint's regionBoxes.
 */
export function gutterRegions(grid: PageGrid, boxes: RegionBoxes): GutterFlags {
  const { cols, rows, regions } = grid;
  const n = regions.count + 1;
  const page = new Uint8Array(n);
  const beyondFrames = new Uint8Array(n);
  const boundary = new Int32Array(n);
  for (let cy = 0, cell = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++, cell++) {
      const r = regionAt(regions, cell);
      if (r === 0) continue;
      // A boundary cell has a neighbour (within the page) of another region, or ink.
      if ((cx > 0 && regionAt(regions, cell - 1) !== r) || (cx < cols - 1 && regionAt(regions, cell + 1) !== r) || (cy > 0 && regionAt(regions, cell - cols) !== r) || (cy < rows - 1 && regionAt(regions, cell + cols) !== r)) {
        boundary[r]++;
      }
    }
  }
  const widest = GUTTER_SHARE * Math.min(cols, rows);
  const most = GUTTER_AREA * cols * rows;
  for (let r = 1; r < n; r++) {
    const cells = boxes.cells[r];
    const sides = Number(boxes.left[r] === 0) + Number(boxes.top[r] === 0) + Number(boxes.right[r] === cols - 1) + Number(boxes.bottom[r] === rows - 1);
    const spans = 2 * (boxes.right[r] - boxes.left[r] + 1) >= cols && 2 * (boxes.bottom[r] - boxes.top[r] + 1) >= rows;
    if (!(sides >= 2 && boundary[r] > 0 && cells <= widest * boundary[r] && cells <= most)) continue;
    if (sides === 4) page[r] = 1;
    if (spans) beyondFrames[r] = 1;
  }
  return { page, beyondFrames };
}

/**
 * The regions of `grid` that are a comic page's unpainted gutters (see the
 * module comment): on a whole page (a crop's sides are not the page's edges),
 * `gutters` (gutterRegions' page flags) with less than KEEP_MIN_PIXELS of paint;
 * `painted` is grid-paint's paintedPixels.
 */
export function pageGutters(grid: PageGrid, painted: Float64Array, gutters: Uint8Array): number[] {
  const { edges } = grid;
  if (!(edges.left && edges.top && edges.right && edges.bottom)) return [];
  const chosen: number[] = [];
  for (let r = 1; r < gutters.length; r++) if (gutters[r] === 1 && painted[r] < KEEP_MIN_PIXELS) chosen.push(r);
  return chosen;
}

/**
 * A panel's background is framed: along its box's top, left and right
 * sides, from at least SIDE_FRAMED of the cells along each, stepping
 * outward across ink, the next paper is a gutter. Its bottom may be open:
 * figures cut off by the panel's bottom edge, the sky above a horizon, a
 * panel running off the page's foot. A building standing on a panel's
 * bottom edge is as rectangular and as big, but meets the frame on one or
 * two sides (a walkthrough of session 18's comic pages, session 20); so do
 * the ground below a horizon, a table or a body cut off by the bottom edge,
 * a face below bangs in a close-up, which meet it on three sides but not at
 * the top, and keep the network's colour. A balloon breaking the frame
 * takes a share of a side.
 */
const SIDE_FRAMED = 0.8;

/**
 * The regions of `grid` that are a comic panel's unpainted background: the
 * paper around the figures inside a panel's frame: regions at least
 * PANEL_SIDE of the grid each way (as page-grid.ts takes a panel to be)
 * that are framed (SIDE_FRAMED; `outside` is gutterRegions' beyondFrames
 * flags), whatever their shape (a building against the panel's side cuts a
 * corner out of it, which page-grid.ts's rectangle test does not allow),
 * with no paint at all: a dab in a
 * panel's background colours all of it (the region fill), and white over it
 * would also cover the artist's own pixels. None on a crop (a selection):
 * its gutters are left to the network too (pageGutters), and white panels
 * in tan gutters would show the selection's edge. `boxes` is grid-paint's
 * regionBoxes, `painted` its paintedPixels.
 *
 * Why: the network paints them a mottled tan with white blotches and a tan
 * rim along the frame (artists' walkthroughs, sessions 17 and 19: the most
 * visible flaw on a comic page), a colour no colourist picks; white paper is
 * what the artist drew, and one dab colours the background when they want one.
 * What it cannot tell from a panel's background: an unpainted region that
 * spans the panel from side to side and meets its top (the hair above the
 * bangs in a close-up), and a figure joined to the background through a gap
 * in its outline wider than the gaps closed. After the network, leftAsPaper
 * keeps only the ones it took for paper in part, which the first mostly is
 * not.
 */
export function panelBackgrounds(grid: PageGrid, painted: Float64Array, boxes: RegionBoxes, outside: Uint8Array): number[] {
  const { cols, rows, regions, edges } = grid;
  if (!(edges.left && edges.top && edges.right && edges.bottom)) return [];
  /** Whether stepping from cell (cx, cy) by (dx, dy) across ink comes to a gutter (off the grid: no). */
  const gutterBeyond = (cx: number, cy: number, dx: number, dy: number): boolean => {
    for (; cx >= 0 && cy >= 0 && cx < cols && cy < rows; cx += dx, cy += dy) {
      const r = regionAt(regions, cy * cols + cx);
      if (r !== 0) return outside[r] === 1;
    }
    return false;
  };
  /** Whether the side of `length` cells from (cx, cy) along (ax, ay) is framed, stepping out by (dx, dy). */
  const framedSide = (cx: number, cy: number, ax: number, ay: number, length: number, dx: number, dy: number): boolean => {
    let framed = 0;
    for (let k = 0; k < length; k++) framed += Number(gutterBeyond(cx + k * ax, cy + k * ay, dx, dy));
    return framed >= SIDE_FRAMED * length;
  };
  const panels: number[] = [];
  for (let r = 1; r <= regions.count; r++) {
    const [left, top, right, bottom] = [boxes.left[r], boxes.top[r], boxes.right[r], boxes.bottom[r]];
    const [width, height] = [right - left + 1, bottom - top + 1];
    // As big as page-grid.ts takes a panel to be.
    if (painted[r] > 0 || width < PANEL_SIDE * cols || height < PANEL_SIDE * rows) continue;
    const framed = framedSide(left, top - 1, 1, 0, width, 0, -1) && framedSide(left - 1, top, 0, 1, height, -1, 0) && framedSide(right + 1, top, 0, 1, height, 1, 0);
    if (framed) panels.push(r);
  }
  return panels;
}

/**
 * Of the panels' backgrounds the network took for paper, at least this share of their clear samples
 * (a cell's centre, away from ink) came out paper-white: a mottled tan background is a fifth to nine
 * tenths white on session 18's comic pages and the walk's, a figure's inside none. A region the
 * network coloured whole (the hair above the bangs in a close-up, framed as a panel's background
 * is) is a picture area, and keeps its colour.
 */
const MIN_NETWORK_WHITE = 0.03;
/** A sample this clear of ink (line value) is read as it came out; nearer a line, multiplied lines darken it. */
const CLEAR_OF_INK = 0.98;

/**
 * The regions of `panels` (panelBackgrounds) that the network left at least MIN_NETWORK_WHITE
 * paper-white in `image`, its output at the page's size; `line` is the lineart's line values. All of
 * them where at least half do: the network takes a page's panels alike, and one it coloured whole on
 * a page where it took the others for paper is mottled like them at another working scale (session
 * 18's f02 at scale 0.5: 21 %, 1 % and 28 % white; at 'auto' 9 %, 7 % and 30 %), so the panels of a
 * page come out alike.
 */
export function leftAsPaper(image: RgbaImage, grid: PageGrid, panels: readonly number[], line: LineValues): number[] {
  if (panels.length === 0) return [];
  const { regions } = grid;
  const chosen = new Uint8Array(regions.count + 1);
  for (const r of panels) chosen[r] = 1;
  const samples = new Int32Array(regions.count + 1);
  const whites = new Int32Array(regions.count + 1);
  const { data } = image;
  forEachCellCentre(grid, image.width, image.height, (cell, pixel) => {
    const r = regionAt(regions, cell);
    if (chosen[r] !== 1 || line.at(pixel) < CLEAR_OF_INK) return;
    samples[r]++;
    if (isPaperWhite(data, pixel * 4)) whites[r]++;
  });
  const taken = panels.filter((r) => samples[r] > 0 && whites[r] >= MIN_NETWORK_WHITE * samples[r]);
  return 2 * taken.length >= panels.length ? [...panels] : taken;
}
