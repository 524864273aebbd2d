/**
 * Network tiles -> page pixels: the feathered blend and the compose.
 *
 * Blend weights are normalised up front (tiling.normalisedAxisWeights) with
 * the output range's map to 0..1 folded in, so a pixel's accumulated colour
 * is final as soon as the last tile covering it has been added: there is no
 * normalisation pass over the canvas.
 *
 * Where the working canvas is the page itself (scale 1, the big-page case),
 * colour is only kept for one tile row (its overlap with the next row
 * included): rows no later tile reaches are composed straight into the RGBA
 * result and their floats reused. On a 4096 x 4096 page with 512 px tiles
 * that holds 3 x 512 rows of floats (24 MiB) instead of three page-sized
 * planes (192 MiB); the line channel comes band by band too (LineRows).
 * Otherwise colour is kept in working-size planes and grown to the page
 * size at the end.
 */
import type { Contract, RgbaImage } from './types';
import { createPlane, type Plane } from './plane';
import { composePixels, composeResult } from './postprocess';
import { normalisedAxisWeights, type Tile, type TileGrid } from './tiling';

/** Line channel rows: `plane`'s first row is canvas row `top`. */
export interface LineRows {
  readonly plane: Plane;
  readonly top: number;
}

export interface TileBlender {
  /** Adds one tile's network output (NCHW, padded tile size; only the tile's own area is used). */
  add(tile: Tile, output: Float32Array): void;
  /**
   * Called once after the last tile of each tile row, rows in order, with
   * line rows covering that tile row (used at page size when restoring lines).
   */
  endRow(row: number, lines: LineRows): void;
  /** The composed page, after every row has ended. */
  finish(): RgbaImage;
}

export interface BlendTarget {
  readonly pageWidth: number;
  readonly pageHeight: number;
  /** Multiply the line channel over the colour. */
  readonly restoreLines: boolean;
  /** The page-size line channel, needed when the working canvas is not the page and restoreLines is set. */
  readonly pageLine: Plane | undefined;
}

/**
 * Adds a tile's weighted, range-mapped colour into three float arrays of row
 * width `stride`; the tile's first row lands on row `dstRow`. Only its first
 * `overlapRows` rows and `overlapColumns` columns (the overlaps with the
 * tiles above and to the left, added before it in raster order) hold earlier
 * colour; everywhere else this tile is the first, so the value is stored, not
 * added: the same float (0 + v is v) without reading the destination.
 */
function accumulateTile(
  colour: readonly Float32Array[],
  stride: number,
  dstRow: number,
  tile: Tile,
  output: Float32Array,
  wx: Float32Array,
  wy: Float32Array,
  lo: number,
  overlapRows: number,
  overlapColumns: number,
): void {
  const area = tile.paddedWidth * tile.paddedHeight;
  for (let c = 0; c < 3; c++) {
    const dst = colour[c];
    for (let ty = 0; ty < tile.height; ty++) {
      const src = c * area + ty * tile.paddedWidth;
      const base = (dstRow + ty) * stride + tile.x;
      const rowWeight = wy[ty];
      const added = ty < overlapRows ? tile.width : overlapColumns;
      // Weights sum to 1/(hi - lo) at every pixel, so this sums to (v - lo)/(hi - lo).
      for (let tx = 0; tx < added; tx++) dst[base + tx] += (output[src + tx] - lo) * wx[tx] * rowWeight;
      for (let tx = added; tx < tile.width; tx++) dst[base + tx] = (output[src + tx] - lo) * wx[tx] * rowWeight;
    }
  }
}

/** Chooses the band-wise blender when the working canvas is the page, else working-size planes. */
export function createBlender(grid: TileGrid, contract: Contract, target: BlendTarget): TileBlender {
  const [lo, hi] = contract.output.range;
  const weightX = normalisedAxisWeights(grid.x, 1 / (hi - lo));
  const weightY = normalisedAxisWeights(grid.y);
  const add = (colour: readonly Float32Array[], dstRow: number, tile: Tile, output: Float32Array): void =>
    accumulateTile(colour, grid.x.length, dstRow, tile, output, weightX[tile.column], weightY[tile.row], lo, grid.y.overlapBefore[tile.row], grid.x.overlapBefore[tile.column]);
  const samePage = grid.x.length === target.pageWidth && grid.y.length === target.pageHeight;
  return samePage ? bandBlender(grid, target, add) : planeBlender(grid, target, add);
}

type Accumulate = (colour: readonly Float32Array[], dstRow: number, tile: Tile, output: Float32Array) => void;

function bandBlender(grid: TileGrid, target: BlendTarget, add: Accumulate): TileBlender {
  const width = grid.x.length;
  const bandRows = grid.y.size;
  const band = [0, 1, 2].map(() => new Float32Array(bandRows * width));
  const out = new Uint8ClampedArray(target.pageWidth * target.pageHeight * 4);
  /** Canvas row held in the band's first row. */
  let origin = 0;
  return {
    add(tile, output) {
      add(band, tile.y - origin, tile, output);
    },
    endRow(row, lines) {
      // Rows above the next tile row's start get nothing more: compose them,
      // then slide the overlap the next row still adds to up to the top. The
      // rows below it need no clearing: the next row's tiles store there first.
      const next = row + 1 < grid.y.starts.length ? grid.y.starts[row + 1] : grid.y.length;
      const done = next - origin;
      const line = target.restoreLines ? lines.plane.data : undefined;
      composePixels({ r: band[0], g: band[1], b: band[2], offset: 0 }, line, (origin - lines.top) * width, out, origin * width, done * width);
      for (const plane of band) plane.copyWithin(0, done * width);
      origin = next;
    },
    finish: () => ({ width: target.pageWidth, height: target.pageHeight, data: out }),
  };
}

function planeBlender(grid: TileGrid, target: BlendTarget, add: Accumulate): TileBlender {
  const colour = [createPlane(grid.x.length, grid.y.length), createPlane(grid.x.length, grid.y.length), createPlane(grid.x.length, grid.y.length)] as const;
  const data = colour.map((p) => p.data);
  return {
    add(tile, output) {
      add(data, tile.y, tile, output);
    },
    endRow() {},
    finish: () => composeResult(colour, target.pageWidth, target.pageHeight, target.restoreLines ? target.pageLine : undefined),
  };
}
