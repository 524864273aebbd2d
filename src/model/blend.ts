/**
 * Network tiles -> page pixels: the feathered blend and the compose.
 *
 * Blend weights are normalised up front (tiling.normalisedAxisWeights) with
 * the output range's map to 0..1 folded in, so a pixel's accumulated colour
 * is final as soon as the last tile covering it has been added: there is no
 * normalisation pass over the canvas.
 *
 * Where the working canvas is the page itself (scale 1, the big-page case),
 * a pixel is composed into the RGBA result by the last tile that reaches it,
 * as that tile is added, and only the overlaps later tiles add to are kept
 * in floats, in a band one tile row high: on a 4096 x 4096 page with 512 px
 * tiles 3 x 512 rows of floats (24 MiB) instead of three page-sized planes
 * (192 MiB); the line channel comes band by band too (LineRows).
 * Otherwise colour is kept in a band one tile row high too, and each
 * working row, once final, is grown to page rows (postprocess.createPageComposer).
 */
import type { Contract, RgbaImage } from './types';
import type { Plane } from './plane';
import { createPageComposer, pixelWord, type LineRowSource } from './postprocess';
import { normalisedAxisWeights, type Tile, type TileGrid } from './tiling';

/** Line channel rows: `plane`'s first row is canvas row `top`. */
export interface LineRows {
  readonly plane: Plane;
  readonly top: number;
}

export interface TileBlender {
  /**
   * Adds one tile's network output (NCHW, padded tile size; only the tile's
   * own area is used). `lines` covers the tile's rows (the line channel at
   * page size, multiplied over the colour when restoring lines).
   */
  add(tile: Tile, output: Float32Array, lines: LineRows): void;
  /** Called once after the last tile of each tile row, rows in order. */
  endRow(row: number): void;
  /** The composed page, after every row has ended. */
  finish(): RgbaImage;
}

export interface BlendTarget {
  readonly pageWidth: number;
  readonly pageHeight: number;
  /** Multiply the line channel over the colour. */
  readonly restoreLines: boolean;
  /** The page's line channel by rows, needed when the working canvas is not the page and restoreLines is set. */
  readonly pageLine: LineRowSource | undefined;
}

/** A tile's blend weights and where its overlaps with its neighbours lie (tile-local pixels). */
interface TileWeights {
  readonly wx: Float32Array;
  readonly wy: Float32Array;
  /** Rows / columns shared with the tile above / to the left: colour added before this tile. */
  readonly overlapRows: number;
  readonly overlapColumns: number;
  /** Rows / columns shared with the tile below / to the right: colour still to come after it. */
  readonly laterRows: number;
  readonly laterColumns: number;
}

/** Tile-local rows and columns [from, to). */
interface Span {
  readonly from: number;
  readonly to: number;
}

/**
 * Adds a tile's weighted, range-mapped colour, tile rows `rows` and columns
 * `columns`, into three float arrays of row width `stride`; the tile's first
 * row lands on row `dstRow`. Only the overlaps with the tiles above and to the
 * left (added before it in raster order) hold earlier colour; everywhere else
 * this tile is the first, so the value is stored, not added: the same float
 * (0 + v is v) without reading the destination.
 */
function accumulateTile(colour: readonly Float32Array[], stride: number, dstRow: number, tile: Tile, output: Float32Array, w: TileWeights, lo: number, rows: Span, columns: Span): void {
  const area = tile.paddedWidth * tile.paddedHeight;
  const [dr, dg, db] = colour;
  const { wx, wy } = w;
  for (let ty = rows.from; ty < rows.to; ty++) {
    const src = ty * tile.paddedWidth;
    const base = (dstRow + ty) * stride + tile.x;
    const rowWeight = wy[ty];
    const added = Math.min(Math.max(ty < w.overlapRows ? tile.width : w.overlapColumns, columns.from), columns.to);
    // The three channels in one pass over the row: the weights and indices read once for all three.
    // Weights sum to 1/(hi - lo) at every pixel, so this sums to (v - lo)/(hi - lo).
    for (let tx = columns.from; tx < added; tx++) {
      const k = wx[tx];
      dr[base + tx] += (output[src + tx] - lo) * k * rowWeight;
      dg[base + tx] += (output[area + src + tx] - lo) * k * rowWeight;
      db[base + tx] += (output[2 * area + src + tx] - lo) * k * rowWeight;
    }
    for (let tx = added; tx < columns.to; tx++) {
      const k = wx[tx];
      dr[base + tx] = (output[src + tx] - lo) * k * rowWeight;
      dg[base + tx] = (output[area + src + tx] - lo) * k * rowWeight;
      db[base + tx] = (output[2 * area + src + tx] - lo) * k * rowWeight;
    }
  }
}

/** Chooses the band-wise blender when the working canvas is the page, else working-size planes. */
export function createBlender(grid: TileGrid, contract: Contract, target: BlendTarget): TileBlender {
  const [lo, hi] = contract.output.range;
  const weightX = normalisedAxisWeights(grid.x, 1 / (hi - lo));
  const weightY = normalisedAxisWeights(grid.y);
  const weights = (tile: Tile): TileWeights => ({
    wx: weightX[tile.column],
    wy: weightY[tile.row],
    overlapRows: grid.y.overlapBefore[tile.row],
    overlapColumns: grid.x.overlapBefore[tile.column],
    laterRows: grid.y.overlapAfter[tile.row],
    laterColumns: grid.x.overlapAfter[tile.column],
  });
  const samePage = grid.x.length === target.pageWidth && grid.y.length === target.pageHeight;
  return samePage ? bandBlender(grid, target, weights, lo) : resampledBlender(grid, target, weights, lo);
}

/**
 * At page size, one tile row at a time. A pixel no later tile reaches (all
 * but the tile's overlaps with the tiles to its right and below) is composed
 * straight into the RGBA result as the tile is added: its colour never goes
 * through the float band. The band holds only what later tiles add to: the
 * right overlap until the next tile, the bottom overlap rows until the next
 * tile row (slid up to the band's top at the end of each row). The floats
 * and their rounding are the same as accumulating everything and composing
 * afterwards.
 */
function bandBlender(grid: TileGrid, target: BlendTarget, weights: (tile: Tile) => TileWeights, lo: number): TileBlender {
  const width = grid.x.length;
  const band = [0, 1, 2].map(() => new Float32Array(grid.y.size * width));
  const out = new Uint8ClampedArray(target.pageWidth * target.pageHeight * 4);
  const words = new Int32Array(out.buffer);
  /** Canvas row held in the band's first row. */
  let origin = 0;
  return {
    add(tile, output, lines) {
      const w = weights(tile);
      const dstRow = tile.y - origin;
      const finalRows = tile.height - w.laterRows;
      const finalColumns = tile.width - w.laterColumns;
      composeTile(band, words, width, dstRow, origin, tile, output, w, lo, target.restoreLines ? lines : undefined, finalRows, finalColumns);
      // What later tiles add to stays in floats: the right overlap of the final rows, then the bottom overlap.
      accumulateTile(band, width, dstRow, tile, output, w, lo, { from: 0, to: finalRows }, { from: finalColumns, to: tile.width });
      accumulateTile(band, width, dstRow, tile, output, w, lo, { from: finalRows, to: tile.height }, { from: 0, to: tile.width });
    },
    endRow(row) {
      // The rows the next tile row overlaps are the only ones left in floats: slide them up.
      const next = row + 1 < grid.y.starts.length ? grid.y.starts[row + 1] : grid.y.length;
      for (const plane of band) plane.copyWithin(0, (next - origin) * width);
      origin = next;
    },
    finish: () => ({ width: target.pageWidth, height: target.pageHeight, data: out }),
  };
}

/**
 * The pixels no later tile reaches (tile rows above `finalRows`, columns left
 * of `finalColumns`): the tile's colour plus what earlier tiles left in the
 * band, composed into `words`.
 */
function composeTile(
  band: readonly Float32Array[],
  words: Int32Array,
  width: number,
  dstRow: number,
  origin: number,
  tile: Tile,
  output: Float32Array,
  w: TileWeights,
  lo: number,
  lines: LineRows | undefined,
  finalRows: number,
  finalColumns: number,
): void {
  const area = tile.paddedWidth * tile.paddedHeight;
  const [br, bg, bb] = band;
  const { wx, wy } = w;
  const lineData = lines?.plane.data;
  for (let ty = 0; ty < finalRows; ty++) {
    const src = ty * tile.paddedWidth;
    const base = (dstRow + ty) * width + tile.x;
    const pageBase = (origin + dstRow + ty) * width + tile.x;
    const lineBase = lines ? (origin + dstRow + ty - lines.top) * width + tile.x : 0;
    const rowWeight = wy[ty];
    const added = Math.min(ty < w.overlapRows ? tile.width : w.overlapColumns, finalColumns);
    // Two loops, not a test per pixel: first the pixels earlier tiles added to (their sum, rounded
    // to float32 exactly where the band would have held it), then the ones this tile alone colours.
    for (let tx = 0; tx < added; tx++) {
      const k = wx[tx];
      const r = Math.fround(br[base + tx] + (output[src + tx] - lo) * k * rowWeight);
      const g = Math.fround(bg[base + tx] + (output[area + src + tx] - lo) * k * rowWeight);
      const b = Math.fround(bb[base + tx] + (output[2 * area + src + tx] - lo) * k * rowWeight);
      const l = lineData === undefined ? 1 : lineData[lineBase + tx];
      words[pageBase + tx] = pixelWord(r * l, g * l, b * l);
    }
    for (let tx = added; tx < finalColumns; tx++) {
      const k = wx[tx];
      const r = Math.fround((output[src + tx] - lo) * k * rowWeight);
      const g = Math.fround((output[area + src + tx] - lo) * k * rowWeight);
      const b = Math.fround((output[2 * area + src + tx] - lo) * k * rowWeight);
      const l = lineData === undefined ? 1 : lineData[lineBase + tx];
      words[pageBase + tx] = pixelWord(r * l, g * l, b * l);
    }
  }
}

/**
 * A working canvas other than the page: colour is accumulated in a band one
 * tile row high, and each working row, once no later tile reaches it, goes
 * to the page composer, which writes the page rows it completes. No
 * working-size colour planes (75 MiB for a 4096 page at 0.6); the float
 * sums are the same as accumulating the whole canvas first.
 */
function resampledBlender(grid: TileGrid, target: BlendTarget, weights: (tile: Tile) => TileWeights, lo: number): TileBlender {
  const width = grid.x.length;
  const band = [0, 1, 2].map(() => new Float32Array(grid.y.size * width));
  const composer = createPageComposer(width, grid.y.length, target.pageWidth, target.pageHeight, target.restoreLines ? target.pageLine : undefined);
  /** Canvas row held in the band's first row. */
  let origin = 0;
  return {
    add(tile, output) {
      accumulateTile(band, width, tile.y - origin, tile, output, weights(tile), lo, { from: 0, to: tile.height }, { from: 0, to: tile.width });
    },
    endRow(row) {
      // Rows above the next tile row are final: compose them, and slide the overlap up.
      const next = row + 1 < grid.y.starts.length ? grid.y.starts[row + 1] : grid.y.length;
      for (let y = origin; y < next; y++) {
        const at = (y - origin) * width;
        composer.push(y, band.map((plane) => plane.subarray(at, at + width)));
      }
      for (const plane of band) plane.copyWithin(0, (next - origin) * width);
      origin = next;
    },
    finish: () => composer.finish(),
  };
}
