/**
 * The network paints the rows along the top and bottom of its input dark:
 * on a blank page its top five rows come out brown (mean RGB 124-213 at
 * 512 px, against 250+ below) and its bottom row nearly black-brown (69),
 * at every tile size tried (256, 512); its left and right columns are
 * clean. It learned that from its training images' edges. Inside the page
 * a tile's edges lie in overlaps, where the blend weights fade them out;
 * along the page's (or the work area's) top and bottom nothing does, and
 * every page with a white margin got a brown line along both.
 *
 * So in the tiles along those edges the EDGE_ROWS outermost rows of the
 * network's output take the colour of the first row inside them, per
 * column: colour continues to the edge as it is just inside it. The lines
 * multiplied on top keep their detail there.
 *
 * What this leaves: a milder warm tint farther in (blank paper's bluest
 * channel 190-240 up to ~16 rows from the edge, against ~250 in the
 * middle; on a page under 200 px tall the bottom dozen rows stay tan).
 * Copying from deeper would spread that tint; hiding it needs the network
 * to see past the edge (mirrored rows, more tiles) or a retrained model.
 */
import type { Tile } from './tiling';

/** Rows from the network's top and bottom edge that are replaced (measured: rows 0-4 and 508-511 of a 512 tile differ). */
export const EDGE_ROWS = 5;

/**
 * Replaces, in a tile's network output (NCHW, padded size), its top
 * EDGE_ROWS rows when `top` and its bottom ones when `bottom` (the rows
 * along the padded input's edge: the padding the network saw is below the
 * tile's own rows).
 */
export function repairEdgeRows(output: Float32Array, channels: number, tile: Pick<Tile, 'paddedWidth' | 'paddedHeight'>, top: boolean, bottom: boolean): void {
  const { paddedWidth: w, paddedHeight: h } = tile;
  if (h <= 2 * EDGE_ROWS) return; // a sliver of a tile: no row inside to take from
  const area = w * h;
  for (let c = 0; c < channels; c++) {
    const plane = c * area;
    for (let k = 0; k < EDGE_ROWS; k++) {
      if (top) output.copyWithin(plane + k * w, plane + EDGE_ROWS * w, plane + (EDGE_ROWS + 1) * w);
      if (bottom) output.copyWithin(plane + (h - 1 - k) * w, plane + (h - 1 - EDGE_ROWS) * w, plane + (h - EDGE_ROWS) * w);
    }
  }
}
