/**
 * The regions a page's lines enclose, on a coarse grid: for what needs the
 * shapes but not their exact pixels (how open the figure is for 'auto',
 * form shading, white patches). Each grid cell is ink if any of its pixels
 * is, so a thin line is never lost; gaps in the lines are closed as the
 * region fill closes them.
 */
import type { LineValues } from './linewidth';
import type { Contract, PageEdges, RgbaImage } from './types';
import { forEachLabelRun, labelPaperRegions, PAPER_THRESHOLD, type PaperRowSource, type RegionLabels } from './paper-regions';
import { rgbaPaperRows } from './preprocess';
import { EngineInputError } from './errors';
import { PackedPaper } from './packed-paper';

/** The grid's longest side (cells), for everything that works on one: 1 Mpx of labels at most. */
export const PAGE_GRID_SIDE = 1024;

/** The page's paper on the grid. */
export interface PaperGrid {
  readonly cols: number;
  readonly rows: number;
  /** Page pixels per cell side. */
  readonly block: number;
  /** 1 where the cell's every pixel is paper. */
  readonly paper: Uint8Array;
}

/** A whole page: every side of the image is the page's edge. */
export const ALL_PAGE_EDGES: PageEdges = Object.freeze({ left: true, top: true, right: true, bottom: true });

/** `edges` as given, or EngineInputError BAD_OPTION when it is not four booleans. */
export function checkPageEdges(edges: unknown): PageEdges {
  const sides = ['left', 'top', 'right', 'bottom'] as const;
  if (typeof edges !== 'object' || edges === null || !sides.every((side) => typeof (edges as Record<string, unknown>)[side] === 'boolean')) {
    throw new EngineInputError('BAD_OPTION', 'pageEdges must say for each of left, top, right and bottom (true or false) whether it is the page\'s edge.');
  }
  return edges as PageEdges;
}

/** The grid's paper and its regions, gaps closed at one radius. */
export interface PageGrid extends PaperGrid {
  readonly regions: RegionLabels;
  /** Which sides of the grid are the page's edges (for backgroundRegions). */
  readonly edges: PageEdges;
}

/**
 * The grids of one page, made once and shared by everything that needs one
 * while the page is coloured ('auto''s measure, the white fill, form
 * shading, the region fill and the line halo): the lineart's paper is read
 * once (pageRows), and its regions are labelled once per closing radius in
 * cells. Nothing it hands out may be modified.
 */
export class PageGrids {
  private grid: PaperGrid | undefined;
  /** The page's paper flags, once read (pageRows). */
  private packed: PackedPaper | undefined;
  private readonly labelled = new Map<number, PageGrid>();
  readonly block: number;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly readPaper: PaperRowSource,
    side = PAGE_GRID_SIDE,
    readonly edges: PageEdges = ALL_PAGE_EDGES,
  ) {
    this.block = Math.max(1, Math.ceil(Math.max(width, height) / side));
  }

  /** The grids of a lineart at its own size; `edges`: which of its sides are the page's (all, unless it is a crop). */
  static of(lineart: RgbaImage, contract: Contract, edges: PageEdges = ALL_PAGE_EDGES): PageGrids {
    return new PageGrids(lineart.width, lineart.height, rgbaPaperRows(lineart, contract), PAGE_GRID_SIDE, edges);
  }

  /**
   * The page's paper flags at page size, row by row, for the passes that
   * need every pixel (the region fill at scale 1, the line halo). The
   * lineart is read once, by whichever comes first of these and the grid:
   * that reading also makes the grid's paper and a copy at a bit a pixel
   * (packed-paper.ts), which later readings replay.
   */
  pageRows(): PaperRowSource {
    return (visit) => {
      if (this.packed?.complete) {
        this.packed.rows(visit);
        return;
      }
      const grid = this.grid ? undefined : emptyPaperGrid(this.width, this.height, this.block);
      const addRow = grid && paperGridRows(grid, this.width);
      const packed = new PackedPaper(this.width, this.height);
      this.readPaper((y, flags) => {
        addRow?.(y, flags);
        packed.add(y, flags);
        visit(y, flags);
      });
      if (grid) this.grid ??= grid;
      this.packed ??= packed;
    };
  }

  paper(): PaperGrid {
    if (!this.grid) this.pageRows()(() => undefined);
    return this.grid as PaperGrid;
  }

  private readonly backgrounds = new Map<string, Uint8Array>();

  /** backgroundRegions of withGaps(gapRadius), made once per radius and edge count (the white fill and the balloons share it). */
  background(gapRadius: number, edgeSides = 1): Uint8Array {
    const grid = this.withGaps(gapRadius);
    const key = `${Math.ceil(gapRadius / this.block)}/${edgeSides}`;
    let flags = this.backgrounds.get(key);
    if (!flags) {
      flags = backgroundRegions(grid.regions, edgeSides, grid.edges);
      this.backgrounds.set(key, flags);
    }
    return flags;
  }

  /** The grid with its regions, gaps up to 2 * gapRadius page pixels closed. */
  withGaps(gapRadius: number): PageGrid {
    const radius = Math.ceil(gapRadius / this.block);
    let grid = this.labelled.get(radius);
    if (!grid) {
      const { cols, rows, block, paper } = this.paper();
      const rowsOf: PaperRowSource = (visit) => {
        for (let y = 0; y < rows; y++) visit(y, paper.subarray(y * cols, (y + 1) * cols));
      };
      grid = { cols, rows, block, paper, regions: labelPaperRegions(cols, rows, rowsOf, radius), edges: this.edges };
      this.labelled.set(radius, grid);
    }
    return grid;
  }
}

/**
 * The page's paper on a grid of at most `side` cells a side, and its
 * regions with gaps up to 2 * gapRadius page pixels closed.
 */
export function pageGrid(paperRows: PaperRowSource, width: number, height: number, side: number, gapRadius: number): PageGrid {
  return new PageGrids(width, height, paperRows, side).withGaps(gapRadius);
}

/**
 * Calls visit(cell, pixel) for every grid cell, in cell order, with the
 * page pixel at its centre (clamped to the page): where grid users sample
 * the page's colour.
 */
export function forEachCellCentre(grid: Pick<PageGrid, 'cols' | 'rows' | 'block'>, width: number, height: number, visit: (cell: number, pixel: number) => void): void {
  const { cols, rows, block } = grid;
  for (let cy = 0, cell = 0; cy < rows; cy++) {
    const row = Math.min(height - 1, cy * block + (block >> 1)) * width;
    for (let cx = 0; cx < cols; cx++, cell++) visit(cell, row + Math.min(width - 1, cx * block + (block >> 1)));
  }
}

/** A grid of `block`-pixel cells over the page, all paper until rows say otherwise. */
function emptyPaperGrid(width: number, height: number, block: number): PaperGrid {
  const cols = Math.ceil(width / block);
  const rows = Math.ceil(height / block);
  return { cols, rows, block, paper: new Uint8Array(cols * rows).fill(1) };
}

/** Marks a cell ink where any pixel of a page row given to the returned visitor is ink. */
function paperGridRows(grid: PaperGrid, width: number): (y: number, flags: Uint8Array) => void {
  const { cols, block, paper } = grid;
  const cellOf = new Int32Array(width);
  for (let x = 0; x < width; x++) cellOf[x] = Math.floor(x / block);
  return (y, flags) => {
    const cellRow = Math.floor(y / block) * cols;
    for (let x = 0; x < width; x++) if (flags[x] === 0) paper[cellRow + cellOf[x]] = 0;
  };
}

/** The paper flags (value >= PAPER_THRESHOLD) of line values, row by row. */
export function valuePaperRows(line: LineValues): PaperRowSource {
  return (visit) => {
    const flags = new Uint8Array(line.width);
    for (let y = 0, i = 0; y < line.height; y++) {
      for (let x = 0; x < line.width; x++, i++) flags[x] = line.at(i) >= PAPER_THRESHOLD ? 1 : 0;
      visit(y, flags);
    }
  };
}

/**
 * A region at least PANEL_SIDE of the page wide and tall whose rows, filled
 * from its leftmost to its rightmost pixel, cover at least PANEL_FILL of its
 * bounding box is a comic panel's background around the figures in it (a
 * disc covers pi / 4 = 0.785 of its box, a cloak or a face less). Small
 * regions are left alone: most are nearly their box, and they are a
 * figure's details.
 */
export const PANEL_FILL = 0.9;

/**
 * The closing of gaps in the lines (page pixels) at which the page's shapes are read as drawn: the
 * speech balloons (text-balloons.ts, tuned on session 18's comic pages: 82 of 101 read with 1 or 2
 * px closed, 65 with 3 or 4) and the strokes' spilled ends (spill.ts). colorize.ts reads them at
 * this, or at the fill's closing where that is less; a page shrunk by 'auto' has the fill closing
 * 3 px or more on the page, which bridges lettering to each other and to its balloon's or caption
 * box's outline. The grid closes whole cells: on a page over 2,048 px (4 px cells) 2 px closes as
 * much as 4.
 */
export const SHAPE_GAP_PX = 2;
export const PANEL_SIDE = 1 / 8;

/**
 * 1 for the regions that are not a figure's inside: ink (0), paper touching
 * at least `edgeSides` of the page's four edges, and large rectangle-like
 * regions (PANEL_FILL), so that a comic page's empty panel backgrounds do
 * not make it look open. With edgeSides 2 a figure cut off by one edge (a
 * bust portrait's cloak) is not background; the page's surround touches two.
 * On a crop (`edges` false for a side inside the page) that side is no
 * page edge, and a region it cuts is not judged by its shape: the cut
 * itself is straight, so a figure's part would look like a panel.
 */
export function backgroundRegions(regions: RegionLabels, edgeSides = 1, edges: PageEdges = ALL_PAGE_EDGES): Uint8Array {
  const { width, height, count } = regions;
  const flags = new Uint8Array(count + 1);
  flags[0] = 1;
  const minX = new Int32Array(count + 1).fill(width);
  const maxX = new Int32Array(count + 1).fill(-1);
  const minY = new Int32Array(count + 1).fill(height);
  const maxY = new Int32Array(count + 1).fill(-1);
  const rowFill = new Float64Array(count + 1);
  const rowFirst = new Int32Array(count + 1).fill(-1);
  const rowLast = new Int32Array(count + 1);
  const seen = new Int32Array(count + 1);
  const { labels, region } = regions;
  for (let y = 0; y < height; y++) {
    let touched = 0;
    const base = y * width;
    // A run of one label at a time: its first and last pixels are all a region's row needs.
    forEachLabelRun(labels, base, base + width, (from, to, label) => {
      const r = region[label];
      if (rowFirst[r] < 0) {
        rowFirst[r] = from - base;
        seen[touched++] = r;
      }
      rowLast[r] = to - 1 - base;
    });
    for (let k = 0; k < touched; k++) {
      const r = seen[k];
      rowFill[r] += rowLast[r] - rowFirst[r] + 1;
      minX[r] = Math.min(minX[r], rowFirst[r]);
      maxX[r] = Math.max(maxX[r], rowLast[r]);
      minY[r] = Math.min(minY[r], y);
      maxY[r] = y;
      rowFirst[r] = -1;
    }
  }
  for (let r = 1; r <= count; r++) {
    const atLeft = minX[r] === 0;
    const atTop = minY[r] === 0;
    const atRight = maxX[r] === width - 1;
    const atBottom = maxY[r] === height - 1;
    const sides = Number(atLeft && edges.left) + Number(atTop && edges.top) + Number(atRight && edges.right) + Number(atBottom && edges.bottom);
    const edge = sides >= edgeSides;
    const cut = (atLeft && !edges.left) || (atTop && !edges.top) || (atRight && !edges.right) || (atBottom && !edges.bottom);
    const boxWidth = maxX[r] - minX[r] + 1;
    const boxHeight = maxY[r] - minY[r] + 1;
    const panel = !cut && boxWidth >= PANEL_SIDE * width && boxHeight >= PANEL_SIDE * height && rowFill[r] >= PANEL_FILL * boxWidth * boxHeight;
    if (edge || panel) flags[r] = 1;
  }
  return flags;
}

