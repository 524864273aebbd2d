/**
 * A soft seam between the colours an artist painted in the page around the
 * figures: a sky over a ground, the bands of a sunset.
 *
 * Why: the region fill keeps a sky and a ground apart (fill-split.ts,
 * fill-ground.ts) and the white fill fills what the network left white in
 * each part with that part's colour (white-fill.ts, painted-parts.ts). The
 * network leaves nearly all of the page around a figure white, so the two
 * flat colours met at a hard, wavy edge where the parts' floods meet: a
 * sunset painted in bands of blue, pink and orange came out as three flat
 * slabs, and a sky met the grass in a cut-out line. Painters blend there.
 *
 * How: on a coarse lattice (at most LATTICE_SIDE cells a side; the colour
 * is smooth at that scale), each cell of a part takes its own colour,
 * mixed with each neighbouring part's colour as it nears the seam between
 * them: half and half on the seam, none from SOFT of the way from the seam
 * to the part's own paint on, or from MAX_SOFT_SHARE of the page's longer
 * side on, whichever is nearer:
 *
 *   u_b    = d(seam with b) / (d(seam with b) + d(own paint))
 *   v_b    = 1 - smoothstep(max(u_b / SOFT, d(seam with b) / (MAX_SOFT_SHARE * side)))
 *   colour = (own + sum_b v_b colour_b) / (1 + sum_b v_b)
 *
 * So the blend is as wide as the parts are deep, up to a limit: bands of a
 * sunset painted close together meet in a narrow blend, a sky and a ground
 * painted at the page's top and bottom in a soft horizon. A pixel's colour
 * is its part's field (the formula at every lattice cell, as if the cell
 * were the part's), interpolated bilinearly between lattice cell centres.
 * The seam stays where the parts' floods put it (so it can be wavy, like
 * hills); only its edge is softened. Memory: a few lattice-sized arrays a
 * part. Only parts of the page around the figures are blended (the caller's
 * choice): where a face and its hair meet at a gap in a line, the seam is
 * the line the artist meant, and stays hard.
 */
import { squaredInkDistance } from './interior-distance';

/** The lattice's longest side, in cells. */
export const LATTICE_SIDE = 128;
/** The share of the way from a seam to a part's own paint over which a neighbouring part's colour fades out. */
export const SOFT = 0.3;
/** ...and over at most this share of the page's longer side: a sky and a ground far apart still meet in a horizon, not a page-high gradient. */
export const MAX_SOFT_SHARE = 0.08;

/** The shapes of a page on a grid of cells, as the white fill cuts them (painted-parts.ts). */
export interface GroundShapes {
  readonly cols: number;
  readonly rows: number;
  /** Page pixels per grid cell side. */
  readonly block: number;
  /** Per grid cell, its shape (0: ink). */
  readonly cellShape: Int32Array;
  /** Per shape, the region it is a part of. */
  readonly regionOf: Int32Array;
  /**
   * Whether grid cell `cell` holds its part's own colour: the cells of an
   * unpainted sliver along a figure's outline that were given to the
   * biggest part do not (they drew its colour around the figure as a halo).
   */
  ownColour(cell: number): boolean;
}

/** Blended colours of the page around the figures; see the module comment. */
export interface GroundBlend {
  /** Whether `shape` is one of the blended parts. */
  has(shape: number): boolean;
  /** The colours (0xBBGGRR) of page row y, columns left..right, of a pixel of blended `shape`, into `out` from 0. */
  row(shape: number, y: number, left: number, right: number, out: Int32Array): void;
  /** The colour (0xBBGGRR) at page pixel (x, y) of blended `shape`. */
  at(shape: number, x: number, y: number): number;
}

/**
 * The blend of the `filled` ones of `parts` (shapes with their colour,
 * 0xBBGGRR) with their neighbours among `parts`, where at least two of one
 * region are given; undefined where none is. Every part is a neighbour, a
 * band the network coloured whole (and the white fill leaves) too: left
 * out, the parts either side of it blended toward each other across it.
 * `paintedCell(cell)` says whether the artist painted at grid cell `cell`
 * (its part's own paint).
 */
export function groundBlend(shapes: GroundShapes, parts: ReadonlyMap<number, number>, filled: ReadonlySet<number>, paintedCell: (cell: number) => boolean, width: number, height: number): GroundBlend | undefined {
  const byRegion = new Map<number, number[]>();
  for (const shape of parts.keys()) {
    const region = shapes.regionOf[shape];
    byRegion.set(region, [...(byRegion.get(region) ?? []), shape]);
  }
  const blended = new Set([...byRegion.values()].filter((members) => members.length >= 2).flat());
  if (blended.size === 0) return undefined;
  const lattice = latticeOf(shapes, blended, paintedCell);
  const fields = partFields(lattice, byRegion, parts, filled);
  if (fields.size === 0) return undefined;
  return new LatticeBlend(lattice.cols, lattice.rows, fields, shapes.block * lattice.step, width, height);
}

/** The coarse lattice: each cell's part (its centre grid cell's, 0 where not blended or not the part's own colour) and which parts' paint it holds. */
interface Lattice {
  readonly cols: number;
  readonly rows: number;
  /** Grid cells per lattice cell side. */
  readonly step: number;
  readonly shape: Int32Array;
  /** Per blended shape, the lattice cells holding its paint. */
  readonly paint: ReadonlyMap<number, readonly number[]>;
}

function latticeOf(shapes: GroundShapes, blended: ReadonlySet<number>, paintedCell: (cell: number) => boolean): Lattice {
  const { cols: gridCols, rows: gridRows, cellShape } = shapes;
  const step = Math.max(1, Math.ceil(Math.max(gridCols, gridRows) / LATTICE_SIDE));
  const cols = Math.ceil(gridCols / step);
  const rows = Math.ceil(gridRows / step);
  const shape = new Int32Array(cols * rows);
  // A flag per shape, not a set lookup per grid cell: a 4,096 page has a million cells.
  const isBlended = new Uint8Array(shapes.regionOf.length);
  for (const s of blended) isBlended[s] = 1;
  for (let ly = 0; ly < rows; ly++) {
    const gy = Math.min(gridRows - 1, ly * step + (step >> 1));
    for (let lx = 0; lx < cols; lx++) {
      const cell = gy * gridCols + Math.min(gridCols - 1, lx * step + (step >> 1));
      const s = cellShape[cell];
      shape[ly * cols + lx] = isBlended[s] === 1 && shapes.ownColour(cell) ? s : 0;
    }
  }
  // A part's paint: the lattice cells holding a painted grid cell of it (a stroke thinner than a lattice cell counts).
  const paintSets = new Map<number, Set<number>>();
  for (let gy = 0; gy < gridRows; gy++) {
    for (let gx = 0; gx < gridCols; gx++) {
      const cell = gy * gridCols + gx;
      const s = cellShape[cell];
      if (isBlended[s] === 0 || !paintedCell(cell)) continue;
      let set = paintSets.get(s);
      if (!set) paintSets.set(s, (set = new Set()));
      set.add(Math.floor(gy / step) * cols + Math.floor(gx / step));
    }
  }
  const paint = new Map([...paintSets].map(([s, set]) => [s, [...set]]));
  return { cols, rows, step, shape, paint };
}

/** Distance (lattice cells) of every cell to the nearest of `seeds`; Infinity everywhere without one. */
function distanceFrom(seeds: Iterable<number>, cols: number, rows: number): Float64Array {
  const open = new Uint8Array(cols * rows).fill(1);
  for (const cell of seeds) open[cell] = 0;
  const squared = squaredInkDistance(open, cols, rows);
  for (let i = 0; i < squared.length; i++) squared[i] = Math.sqrt(squared[i]);
  return squared;
}

const smoothstep = (t: number): number => (t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t));

/**
 * Per filled part, its blended r, g, b (floats, 0-255) at every lattice
 * cell, as if the cell were the part's: a pixel beside a figure, whose
 * lattice neighbours lie in the figure, interpolates between colours that
 * go on smoothly from its part's (not a neighbouring part's, which showed
 * as a halo of it around the figure). Past a seam a part's field stays at
 * half and half, where the neighbour's is too: the pixels on either side
 * of it meet.
 */
function partFields(lattice: Lattice, byRegion: ReadonlyMap<number, readonly number[]>, parts: ReadonlyMap<number, number>, filled: ReadonlySet<number>): Map<number, Float32Array> {
  const { cols, rows, shape } = lattice;
  const channels = (colour: number): [number, number, number] => [colour & 255, (colour >> 8) & 255, (colour >> 16) & 255];
  // Each part's lattice cells, gathered in one pass over the lattice.
  const cellsOf = new Map<number, number[]>();
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 0) continue;
    const cells = cellsOf.get(shape[i]);
    if (cells) cells.push(i);
    else cellsOf.set(shape[i], [i]);
  }
  const fields = new Map<number, Float32Array>();
  for (const members of byRegion.values()) {
    const present = members.filter((s) => cellsOf.has(s));
    if (present.length < 2) continue;
    const toPart = present.map((s) => distanceFrom(cellsOf.get(s) ?? [], cols, rows));
    const toPaint = present.map((s, k) => {
      const paint = lattice.paint.get(s) ?? [];
      if (paint.length > 0) return distanceFrom(paint, cols, rows);
      // No paint of its own on the lattice: its cell farthest from the other parts stands in (the first of equals).
      let farthest = -1;
      let most = -Infinity;
      for (const cell of cellsOf.get(s) ?? []) {
        let seam = Infinity;
        for (let j = 0; j < toPart.length; j++) if (j !== k && toPart[j][cell] < seam) seam = toPart[j][cell];
        if (seam > most) [farthest, most] = [cell, seam];
      }
      return distanceFrom([farthest], cols, rows);
    });
    const colours = present.map((s) => channels(parts.get(s) ?? 0));
    const maxSoft = MAX_SOFT_SHARE * Math.max(cols, rows);
    present.forEach((s, own) => {
      if (filled.has(s)) fields.set(s, blendedField(own, colours, toPart, toPaint, maxSoft));
    });
  }
  return fields;
}

/**
 * Part `own`'s field: its colour, mixed with each other part's by the
 * module comment's formula. `toPart[k]` and `toPaint[k]` are every lattice
 * cell's distances to part k's cells and to its paint.
 */
function blendedField(own: number, colours: readonly (readonly number[])[], toPart: readonly Float64Array[], toPaint: readonly Float64Array[], maxSoft: number): Float32Array {
  const cells = toPart[own].length;
  const rgb = new Float32Array(cells * 3);
  const [ownR, ownG, ownB] = colours[own];
  for (let cell = 0; cell < cells; cell++) {
    // Sums in scalars: an array a cell was most of the field's time (16,384 cells a part).
    let r = ownR;
    let g = ownG;
    let b = ownB;
    let weight = 1;
    for (let k = 0; k < colours.length; k++) {
      if (k === own) continue;
      // The seam lies half a cell short of the neighbour's nearest cell (from outside the part, past its own).
      const seam = Math.max(0, toPart[k][cell] - toPart[own][cell] - 0.5);
      const paint = toPaint[own][cell];
      const u = seam + paint > 0 ? seam / (seam + paint) : 0;
      const v = 1 - smoothstep(Math.max(u / SOFT, seam / maxSoft));
      if (v <= 0) continue;
      weight += v;
      r += v * colours[k][0];
      g += v * colours[k][1];
      b += v * colours[k][2];
    }
    rgb[cell * 3] = r / weight;
    rgb[cell * 3 + 1] = g / weight;
    rgb[cell * 3 + 2] = b / weight;
  }
  return rgb;
}

/** Pixel colours from the lattice: bilinear between the centres of the lattice cells around it, in its part's field. */
class LatticeBlend implements GroundBlend {
  /** Per page column, its left lattice column (clamped) and the right one's weight. */
  private readonly columnCell: Int32Array;
  private readonly columnWeight: Float32Array;
  /** Per lattice column, the last page column whose left lattice column it is. */
  private readonly lastColumn: Int32Array;
  /** The current row's colours at the lattice columns: floats, and packed (0xBBGGRR). */
  private line = new Float32Array(0);
  private packed = new Int32Array(0);

  constructor(
    private readonly cols: number,
    private readonly rows: number,
    private readonly fields: ReadonlyMap<number, Float32Array>,
    private readonly pixelsPerCell: number,
    width: number,
    private readonly height: number,
  ) {
    this.columnCell = new Int32Array(width);
    this.columnWeight = new Float32Array(width);
    this.lastColumn = new Int32Array(cols);
    for (let x = 0; x < width; x++) {
      const [cell, weight] = between((x + 0.5) / pixelsPerCell - 0.5, cols);
      this.columnCell[x] = cell;
      this.columnWeight[x] = weight;
      this.lastColumn[cell] = x;
    }
  }

  has(shape: number): boolean {
    return this.fields.has(shape);
  }

  /** at()'s one-pixel row: the white fill asks per fringe pixel (millions on a big page), so nothing is allocated per call. */
  private readonly single = new Int32Array(1);

  at(shape: number, x: number, y: number): number {
    this.row(shape, y, x, x, this.single);
    return this.single[0];
  }

  row(shape: number, y: number, left: number, right: number, out: Int32Array): void {
    const rgb = this.fields.get(shape);
    if (!rgb) throw new Error(`shape ${shape} is not blended`);
    const { cols, columnCell, columnWeight } = this;
    // The row's colour at each lattice column, from the two lattice rows around y, as floats and packed.
    if (this.line.length < cols * 3) [this.line, this.packed] = [new Float32Array(cols * 3), new Int32Array(cols)];
    const { line, packed } = this;
    const [top, t] = between((Math.min(y, this.height - 1) + 0.5) / this.pixelsPerCell - 0.5, this.rows);
    const above = top * cols * 3;
    const below = Math.min(this.rows - 1, top + 1) * cols * 3;
    const first = columnCell[left];
    const last = Math.min(cols - 1, columnCell[right] + 1);
    for (let lx = first; lx <= last; lx++) {
      const o = lx * 3;
      for (let c = 0; c < 3; c++) line[o + c] = (1 - t) * rgb[above + o + c] + t * rgb[below + o + c];
      packed[lx] = ((line[o] + 0.5) | 0) | (((line[o + 1] + 0.5) | 0) << 8) | (((line[o + 2] + 0.5) | 0) << 16);
    }
    for (let x = left; x <= right; x++) {
      const lx = columnCell[x];
      const next = lx + 1 < cols ? lx + 1 : lx;
      // Away from a seam both lattice columns hold the part's own colour: most of a page, one fill a lattice cell.
      if (packed[lx] === packed[next]) {
        const last = Math.min(right, this.lastColumn[lx]);
        out.fill(packed[lx], x - left, last - left + 1);
        x = last;
        continue;
      }
      const k = columnWeight[x];
      const [o, n] = [lx * 3, next * 3];
      out[x - left] = ((line[o] + k * (line[n] - line[o]) + 0.5) | 0) | (((line[o + 1] + k * (line[n + 1] - line[o + 1]) + 0.5) | 0) << 8) | (((line[o + 2] + k * (line[n + 2] - line[o + 2]) + 0.5) | 0) << 16);
    }
  }

}

/** Lattice coordinate f as the cell at or before it (clamped into 0..n-1) and the weight of the next. */
function between(f: number, n: number): [number, number] {
  if (f <= 0) return [0, 0];
  if (f >= n - 1) return [n - 1, 0];
  const cell = Math.floor(f);
  return [cell, f - cell];
}
