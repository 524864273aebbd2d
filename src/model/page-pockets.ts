/**
 * The page around the figures kept white in its narrow pockets: the wedges
 * between speed lines, the gap between two legs or under an arm.
 *
 * Why: where the artist left the page around a figure unpainted (or the
 * open shapes guard took a leaked figure's paint off it, open-shapes.ts),
 * the network takes its wide open parts for paper and leaves them white,
 * but colours the narrow parts between lines as if they were a shape's
 * inside: tan wedges between a manga page's speed lines, tan under a
 * boy's arms (artists' reviews, sessions 30 and 31). No colourist
 * paints them. Giving the network white there did not help (session 31);
 * so, as with a comic page's gutters (page-gutters.ts), the paper is made
 * white after the network.
 *
 * Which paper: the page grid's regions (gaps closed as the fill closes
 * them) that touch two of the page's edges (not a panel's background: those
 * are page-gutters.ts's), at cells the region fill left unpainted; only
 * where the artist painted something (colorize.ts). Their wide parts are
 * what lies within POCKET_HALF_WIDTH of a cell at least that far from every
 * other cell (a morphological opening); the rest are the narrow pockets.
 * - The biggest wide part of a region, where the network left at least
 *   PAGE_WHITE_SHARE of it paper-white, is the page: it and the pockets
 *   are made paper-white, lines multiplied over. A page around the network
 *   coloured whole is left as it is.
 * - Every other wide part is kept as the network painted it: an unpainted
 *   figure's inside joined to the page through a gap in its outline (a
 *   jacket), or the network's pale glow round figures on a page it
 *   coloured (artists' reviews, session 32).
 * - A pocket is kept when it opens nowhere onto the page's wide part (it
 *   lies among the figure's shapes, reached along the page's edge or through
 *   a gap), when it meets a kept wide part (a sidelock below the hair), a shape's paper across no line (a shape the open shapes guard
 *   walled off the page around; another region where the grid's closing
 *   shut a gap: the gaps between hair strands below the hair), or holds the
 *   artist's paint as they drew it (a tail open to the page whose stroke
 *   the fill's guards took off the page around: white would wipe it out).
 * - So is the page within POCKET_HALF_WIDTH of that paint and of such a
 *   meeting; the white fades in over as much again past what is kept, so
 *   that nothing is cut hard.
 *
 * What it cannot tell from the page: a narrow unpainted shape open to the
 * page at both ends (a mug's handle drawn as two arcs), or joined to it
 * through a gap wider than the fill closes with nothing else of the figure
 * beside it. It is made white, as the page is.
 *
 * Distances are the grid's 3-4 chamfer (grid-chamfer.ts), in a window of
 * the grid around the unpainted cells (on the 4,096 bench page a strip
 * along one side); the canvas's border counts as a line, so a strip of
 * page along its edge under a figure cut off there is narrow: through it a
 * fold of cloth at the README portrait's foot was read as the page's and
 * came out white, a hole in the figure.
 */
import { forEachCellCentre, type PageGrid } from './page-grid';
import { IndexList, labelPaperRegions, regionAt, type PaperRowSource, type RegionLabels } from './paper-regions';
import type { PaintedSpans } from './painted-spans';
import { CHAMFER_STEP, chamferDistance } from './grid-chamfer';
import { FULL, paintCellsWhite } from './grid-paint';
import { isPaperWhite, CLEAR_PAPER } from './white-fill';
import type { LineValues } from './linewidth';
import type { RgbaImage } from './types';

/** Half the width, in working pixels, under which a part of the page is a pocket. */
export const POCKET_HALF_WIDTH = 12;
/** A wide part with at least this share of its clear samples paper-white is the page: the network took it for paper. */
export const PAGE_WHITE_SHARE = 0.5;
/** ...and at least this share of the size of the biggest wide part of the page around. */
const PAGE_SIZE_SHARE = 0.25;

export interface PagePockets {
  /** The page as coloured by the network, at the page's size: made white in place. */
  readonly image: RgbaImage;
  /** The page grid, gaps closed as the fill closes them. */
  readonly grid: PageGrid;
  /**
   * The region fill at page pixel `i`: UNPAINTED, PAINTED, or INK where the working canvas has a
   * line there (a line shrunk to the working size covers page paper beside it).
   */
  readonly paintAt: (i: number) => FillAt;
  /** Where the artist's hint was painted as they drew it, before any guard took paint off (spill.ts, missed-dabs.ts). */
  readonly drawn: PaintedSpans | undefined;
  readonly line: LineValues;
  /** Whether the lines are multiplied over the colour (white is then the line's lightness). */
  readonly multiplied: boolean;
  /** Page pixels per working pixel. */
  readonly pagePerWorking: number;
}

/** What the region fill says of a page pixel. */
export const FillAt = { INK: -1, UNPAINTED: 0, PAINTED: 1 } as const;
export type FillAt = (typeof FillAt)[keyof typeof FillAt];

/** The part of the grid the work is done in: columns [left, left + cols), rows [top, top + rows). */
interface CellWindow {
  readonly left: number;
  readonly top: number;
  readonly cols: number;
  readonly rows: number;
}

/** Makes the page's pockets and the wide page the network took for paper white (see the module comment); returns how many pixels it set. */
export function whitenPagePockets(p: PagePockets): number {
  const full = unpaintedCells(p);
  if (full === undefined) return 0;
  const half = Math.max(1, Math.round((POCKET_HALF_WIDTH * p.pagePerWorking) / p.grid.block));
  /** The chamfer distance within which a cell is near a set of cells. */
  const reach = (half + 1) * CHAMFER_STEP;
  // Every distance below reaches at most 2 * (half + 1) cells past the unpainted cells.
  const win = windowAround(full.box, 2 * (half + 1), p.grid);
  const { cols, rows } = win;
  const n = cols * rows;
  const unpainted = new Uint8Array(n);
  const outside = new Uint8Array(n);
  const shapes = new Uint8Array(n);
  for (let y = 0; y < rows; y++) {
    for (let x = 0, c = y * cols, g = (win.top + y) * p.grid.cols + win.left; x < cols; x++, c++, g++) {
      unpainted[c] = Number(full.cells[g] === 1);
      // The canvas's border counts as outside: a strip along the page's edge is as narrow as it is wide.
      const border = win.left + x === 0 || win.top + y === 0 || win.left + x === p.grid.cols - 1 || win.top + y === p.grid.rows - 1;
      outside[c] = border ? 1 : 1 - unpainted[c];
      shapes[c] = Number(full.cells[g] === SHAPE_CELL);
    }
  }
  // Cells at least `half` from every cell outside: the cores of the wide parts.
  const inside = chamferDistance(outside, cols, rows);
  const core = new Uint8Array(n);
  for (let c = 0; c < n; c++) core[c] = Number(unpainted[c] === 1 && inside[c] >= half * CHAMFER_STEP);
  const cores = labelPaperRegions(cols, rows, gridRows(core, cols, rows));
  const kinds = coreKinds(p, win, cores, half);
  if (!kinds.includes(PAGE)) return 0;
  const coreKind = new Uint8Array(n);
  for (let c = 0; c < n; c++) coreKind[c] = kinds[regionAt(cores, c)];
  // Every other wide part, and what lies within `half` of its core, is kept.
  const keptWide = near(coreKind, KEPT, cols, rows, reach);
  const nearPage = near(coreKind, PAGE, cols, rows, reach);
  // The pockets: what is left away from the wide parts. One that meets a kept part is that part's
  // (a sidelock of hair joined to the page through a gap, below the hair), as is one that meets a
  // shape's paper across no line (the ends of a hair band under an open arc, walled off by the open
  // shapes guard; the gaps between hair strands); one the artist painted is theirs (a tail open to the
  // page, whose stroke the fill's guards took off the page around).
  const pocket = new Uint8Array(n);
  const opening = new Uint8Array(n);
  for (let c = 0; c < n; c++) {
    pocket[c] = Number(unpainted[c] === 1 && !keptWide?.[c] && !nearPage?.[c]);
    opening[c] = Number(unpainted[c] === 1 && nearPage?.[c] === 1);
  }
  const drawn = drawnCells(p, win);
  const keptPockets = pocketsKept(pocket, opening, keptWide, shapes, drawn, cols, rows);
  // Kept, with what lies within `half` of them: so is the page beside the artist's paint wherever the
  // fill's guards took it off (a shadow under the feet, a stroke's end past an outline), as the network
  // painted it there, and beside a shape's paper across no line, which the network's colour runs on past.
  const keepAlso = new Uint8Array(n);
  for (let y = 0, c = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++, c++) {
      if (unpainted[c] !== 1) continue;
      const besideShape = (x > 0 && shapes[c - 1] === 1) || (x < cols - 1 && shapes[c + 1] === 1) || (y > 0 && shapes[c - cols] === 1) || (y < rows - 1 && shapes[c + cols] === 1);
      keepAlso[c] = Number(keptPockets?.[c] === 1 || drawn?.[c] === 1 || besideShape);
    }
  }
  const kept = near(keepAlso, 1, cols, rows, reach);
  // What is made white fades in over `half` + 1 cells from what is kept, so that a shape's colour the
  // network spread past it (a hair band's end, a sidelock's tip) goes over into the paper, not cut.
  const keepAll = new Uint8Array(n);
  for (let c = 0; c < n; c++) keepAll[c] = Number(keptWide?.[c] === 1 || kept?.[c] === 1);
  const fromKept = keepAll.includes(1) ? chamferDistance(keepAll, cols, rows) : undefined;
  const chosen = new Uint8Array(p.grid.cols * p.grid.rows);
  for (let y = 0, c = 0; y < rows; y++) {
    for (let x = 0, g = (win.top + y) * p.grid.cols + win.left; x < cols; x++, c++, g++) {
      if (unpainted[c] !== 1 || keepAll[c] === 1) continue;
      const d = fromKept ? fromKept[c] : reach;
      chosen[g] = d >= reach ? FULL : Math.round((FULL * d) / reach);
    }
  }
  return paintCellsWhite(p.image, p.grid, chosen, p.line, p.multiplied);
}

/** The cells of `box` (inclusive) and `margin` more each way, within the grid. */
function windowAround(box: { left: number; top: number; right: number; bottom: number }, margin: number, grid: PageGrid): CellWindow {
  const left = Math.max(0, box.left - margin);
  const top = Math.max(0, box.top - margin);
  return { left, top, cols: Math.min(grid.cols, box.right + margin + 1) - left, rows: Math.min(grid.rows, box.bottom + margin + 1) - top };
}

/** What a core is: too small to tell (0), the page the network took for paper, or another wide part. */
const PAGE = 1;
const KEPT = 2;

/**
 * Per core (regions of `cores`, labelled in `win`): PAGE for the biggest of each region of the page
 * grid's where the network left at least PAGE_WHITE_SHARE of its clear samples paper-white, 0 where it
 * has fewer than `half` squared samples (where lines part, a few samples say little), else KEPT. A
 * smaller part the network left white is as likely a figure's inside, mottled, joined to the page
 * through gaps (a jacket left unpainted), or its pale glow round a figure on a page it coloured
 * whole: it stays as the network painted it.
 */
function coreKinds(p: PagePockets, win: CellWindow, cores: RegionLabels, half: number): Uint8Array {
  const samples = new Int32Array(cores.count + 1);
  const whites = new Int32Array(cores.count + 1);
  /** Each core's region of the page grid. */
  const regionOf = new Int32Array(cores.count + 1);
  const { block } = p.grid;
  const { width, height, data } = p.image;
  for (let y = 0, c = 0; y < win.rows; y++) {
    const row = Math.min(height - 1, (win.top + y) * block + (block >> 1)) * width;
    for (let x = 0; x < win.cols; x++, c++) {
      const k = regionAt(cores, c);
      if (k === 0) continue;
      regionOf[k] ||= regionAt(p.grid.regions, (win.top + y) * p.grid.cols + win.left + x);
      const pixel = row + Math.min(width - 1, (win.left + x) * block + (block >> 1));
      if (p.line.at(pixel) < CLEAR_PAPER) continue;
      samples[k]++;
      if (isPaperWhite(data, pixel * 4)) whites[k]++;
    }
  }
  const enough = Math.max(4, half * half);
  const biggest = new Map<number, number>(); // grid region -> its biggest core
  for (let k = 1; k <= cores.count; k++) {
    if (samples[k] < enough) continue;
    const other = biggest.get(regionOf[k]);
    if (other === undefined || samples[k] > samples[other]) biggest.set(regionOf[k], k);
  }
  const kinds = new Uint8Array(cores.count + 1);
  for (let k = 1; k <= cores.count; k++) if (samples[k] >= enough) kinds[k] = KEPT;
  // A region's biggest part is the page only where it is a page's size: a quarter of the biggest there
  // is at least. A region of the grid can be a shape cut off by the page's edges, joined to two of them
  // (a fold of cloth at the README portrait's foot, which the network left pale: white made a hole).
  let most = 0;
  for (const k of biggest.values()) most = Math.max(most, samples[k]);
  for (const k of biggest.values()) if (whites[k] >= PAGE_WHITE_SHARE * samples[k] && samples[k] >= PAGE_SIZE_SHARE * most) kinds[k] = PAGE;
  return kinds;
}

/** 1 per cell within chamfer distance `reach` of a cell where `kinds` is `kind`; undefined where there is none. */
function near(kinds: Uint8Array, kind: number, cols: number, rows: number, reach: number): Uint8Array | undefined {
  const source = new Uint8Array(kinds.length);
  let any = false;
  for (let c = 0; c < source.length; c++) {
    if (kinds[c] !== kind) continue;
    source[c] = 1;
    any = true;
  }
  if (!any) return undefined;
  const distance = chamferDistance(source, cols, rows);
  const within = new Uint8Array(kinds.length);
  for (let c = 0; c < within.length; c++) within[c] = Number(distance[c] <= reach);
  return within;
}

/** Per cell of `win`, 1 where the artist's hint as drawn holds paint; undefined without any there. */
function drawnCells(p: PagePockets, win: CellWindow): Uint8Array | undefined {
  const { drawn, grid } = p;
  if (!drawn) return undefined;
  const { cols, rows } = win;
  const { block } = grid;
  const cells = new Uint8Array(cols * rows);
  let any = false;
  const [xFrom, xTo] = [win.left * block, (win.left + cols) * block];
  for (let y = win.top * block, yEnd = Math.min(drawn.height, (win.top + rows) * block); y < yEnd; y++) {
    const cellRow = (Math.floor(y / block) - win.top) * cols - win.left;
    for (let k = drawn.rowStart[y]; k < drawn.rowStart[y + 1]; k++) {
      const [from, to] = [Math.max(xFrom, drawn.from[k]), Math.min(xTo, drawn.to[k])];
      for (let cx = Math.floor(from / block), last = Math.floor((to - 1) / block); cx <= last; cx++) {
        cells[cellRow + cx] = 1;
        any = true;
      }
    }
  }
  return any ? cells : undefined;
}

/**
 * The cells of the pockets (4-connected `pocket` cells) that are kept, 1
 * each; undefined where none is. A pocket is the page's only where it opens
 * onto the page (meets `opening`: the cells near the page's wide part) and
 * meets no kept wide part (`keptWide`) nor a shape's paper (`shapes`), and
 * holds none of the artist's paint as drawn. One that opens nowhere onto
 * the page lies among the figure's shapes, reached from the page around
 * through a gap or along the page's edge (a fold of cloth cut off by the
 * page's foot, the README's portrait): the network's pale guess there is
 * cloth, and white showed as a hole in the figure.
 */
function pocketsKept(pocket: Uint8Array, opening: Uint8Array | undefined, keptWide: Uint8Array | undefined, shapes: Uint8Array, drawn: Uint8Array | undefined, cols: number, rows: number): Uint8Array | undefined {
  const parts = labelPaperRegions(cols, rows, gridRows(pocket, cols, rows));
  if (parts.count === 0) return undefined;
  const keep = new Uint8Array(parts.count + 1);
  const opens = new Uint8Array(parts.count + 1);
  /** Per cell: 1 where a pocket beside it is kept (a kept wide part's cells, a shape's), 2 where it opens onto the page. */
  const beside = new Uint8Array(cols * rows);
  for (let c = 0; c < beside.length; c++) beside[c] = keptWide?.[c] === 1 || shapes[c] === 1 ? 1 : opening?.[c] === 1 ? 2 : 0;
  for (let y = 0, c = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++, c++) {
      const k = regionAt(parts, c);
      if (k === 0 || keep[k] === 1) continue;
      const a = x > 0 ? beside[c - 1] : 0;
      const b = x < cols - 1 ? beside[c + 1] : 0;
      const u = y > 0 ? beside[c - cols] : 0;
      const d = y < rows - 1 ? beside[c + cols] : 0;
      if (drawn?.[c] === 1 || a === 1 || b === 1 || u === 1 || d === 1) keep[k] = 1;
      else if (a === 2 || b === 2 || u === 2 || d === 2) opens[k] = 1;
    }
  }
  for (let k = 1; k <= parts.count; k++) if (opens[k] === 0) keep[k] = 1;
  keep[0] = 0;
  if (!keep.includes(1)) return undefined;
  const cells = new Uint8Array(cols * rows);
  for (let c = 0; c < cells.length; c++) cells[c] = keep[regionAt(parts, c)];
  return cells;
}

/**
 * 1 per cell of the page around (pageAround) that the fill left
 * unpainted, SHAPE_CELL on a shape's paper (where the fill painted the page
 * around: a shape the open shapes guard walled off it; and another
 * region's, which meets the page's paper only where the grid's closing
 * shut a gap), and the box of the unpainted cells; undefined where there
 * is none. A paper cell where the working canvas has ink takes the side of the nearer
 * cells that it has not, across paper cells of the grid: the page's, or a
 * painted shape's inside a line.
 */
function unpaintedCells(p: PagePockets): { cells: Uint8Array; box: { left: number; top: number; right: number; bottom: number } } | undefined {
  const { image, grid } = p;
  const { cols, rows, regions, paper } = grid;
  const background = pageAround(grid);
  const state = new Int8Array(cols * rows).fill(NONE);
  const queue = new IndexList();
  let any = false;
  forEachCellCentre(grid, image.width, image.height, (cell, pixel) => {
    const r = regionAt(regions, cell);
    if (paper[cell] !== 1 || r === 0 || background[r] !== 1) return;
    const at = p.paintAt(pixel);
    state[cell] = at;
    if (at === FillAt.INK) return;
    queue.push(cell);
    any ||= at === FillAt.UNPAINTED;
  });
  if (!any) return undefined;
  for (let head = 0; head < queue.length; head++) {
    const cell = queue.items[head];
    const y = Math.floor(cell / cols);
    const x = cell - y * cols;
    const take = (c: number): void => {
      if (state[c] !== FillAt.INK) return;
      state[c] = state[cell];
      queue.push(c);
    };
    if (x > 0) take(cell - 1);
    if (x < cols - 1) take(cell + 1);
    if (y > 0) take(cell - cols);
    if (y < rows - 1) take(cell + cols);
  }
  const cells = new Uint8Array(state.length);
  const box = { left: cols, top: rows, right: -1, bottom: -1 };
  for (let y = 0, c = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++, c++) {
      if (state[c] === FillAt.PAINTED || (state[c] === NONE && paper[c] === 1 && regionAt(regions, c) !== 0)) cells[c] = SHAPE_CELL;
      if (state[c] !== FillAt.UNPAINTED) continue;
      cells[c] = 1;
      if (x < box.left) box.left = x;
      if (x > box.right) box.right = x;
      if (y < box.top) box.top = y;
      box.bottom = y;
    }
  }
  return { cells, box };
}

/** Per region of `grid`, 1 where it touches two or more of the page's edges (on a crop, only its sides that are the page's count). */
function pageAround(grid: PageGrid): Uint8Array {
  const { cols, rows, regions, edges } = grid;
  const sides = new Uint8Array(regions.count + 1); // a bit a side
  const mark = (cell: number, side: number): void => {
    sides[regionAt(regions, cell)] |= side;
  };
  for (let x = 0; x < cols; x++) {
    if (edges.top) mark(x, 1);
    if (edges.bottom) mark((rows - 1) * cols + x, 2);
  }
  for (let y = 0; y < rows; y++) {
    if (edges.left) mark(y * cols, 4);
    if (edges.right) mark(y * cols + cols - 1, 8);
  }
  const around = new Uint8Array(regions.count + 1);
  for (let r = 1; r <= regions.count; r++) around[r] = Number((sides[r] & 1) + ((sides[r] >> 1) & 1) + ((sides[r] >> 2) & 1) + ((sides[r] >> 3) & 1) >= 2);
  return around;
}

/** In unpaintedCells' flags: a shape's paper cell, painted or another region's. */
const SHAPE_CELL = 2;

/** Not a cell of the page around's paper. */
const NONE = -2;

/** A grid's flags as paper rows (1: paper). */
function gridRows(flags: Uint8Array, cols: number, rows: number): PaperRowSource {
  return (visit) => {
    for (let y = 0; y < rows; y++) visit(y, flags.subarray(y * cols, (y + 1) * cols));
  };
}
