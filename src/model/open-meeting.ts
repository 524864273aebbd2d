/**
 * Whether a split region's colours all meet in the open, told on a grid of
 * cells before its box is flooded: fill-split's watershed would join them
 * all again, so the flood (the chamfer distances and the queue over the
 * whole box) can be skipped.
 *
 * Why: the flood costs a few passes over the region's bounding box, and
 * most regions holding two colours are one open shape the artist painted
 * two colours in (a dab of shadow in a coat, the bench page's random discs)
 * that the flood only joins again. On the 4,096 bench page the split was a
 * quarter of the engine's own time, nearly all of it for regions it joined.
 *
 * Exact where it answers yes: seeds (always flooded from the start) lying
 * in one 4-connected piece of pixels at least `openReach` from anything
 * outside the region meet inside it, at ground the flood counts as open, so
 * the flood would join their parts. Cells stand in for pixels only where
 * every pixel is that far: a cell (CELL x CELL pixels) counts when every
 * cell within ERODE of it lies wholly in the region, which puts each of its
 * pixels at least (ERODE * CELL + 1) pixels (chessboard; the flood's
 * chamfer distance is no shorter) from any other. Anything it cannot see
 * (narrow places, the canvas edge the flood treats as open) answers no, and
 * the flood decides as before: the same parts either way.
 */
import { DisjointSets } from './disjoint-sets';
import { forEachLabelRun, labelPaperRegions, type RegionLabels } from './paper-regions';

/** Pixels a side of a screening cell: 16 times fewer cells than pixels. */
const CELL = 4;

/** The part of a region's box the screen reads (inclusive pixel bounds). */
export interface ScreenBox {
  readonly region: number;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * True where every one of `parts` parts has a seed in the same open piece
 * of `box`'s region as the others (so the flood joins them all); false where
 * the grid cannot tell. `seeds` are runs of pixel indices within a row:
 * from, to, part, ...; `openReach` is the distance to ink (pixels) at which
 * the flood joins fronts that meet.
 */
export function allMeetInTheOpen(regions: RegionLabels, box: ScreenBox, seeds: readonly number[], parts: number, openReach: number): boolean {
  const erode = Math.max(0, Math.ceil((openReach - 1) / CELL));
  const cols = Math.ceil((box.right - box.left + 1) / CELL);
  const rows = Math.ceil((box.bottom - box.top + 1) / CELL);
  if (cols <= 2 * erode || rows <= 2 * erode) return false; // no cell can be that far inside
  const open = openCells(wholeCells(regions, box, cols, rows), cols, rows, erode);
  // The open cells' 4-connected pieces: the same labelling as the regions' (open cells as paper, no gaps closed).
  const piece = labelPaperRegions(cols, rows, (visit) => {
    for (let y = 0; y < rows; y++) visit(y, open.subarray(y * cols, (y + 1) * cols));
  });
  // Union of parts whose seeds share a piece.
  const joined = new DisjointSets(parts + 1);
  const partIn = new Int32Array(piece.count + 1);
  const pieceOf = (c: number): number => piece.region[piece.labels[c]];
  let separate = parts;
  const width = regions.width;
  for (let k = 0; k < seeds.length; k += 3) {
    const y = Math.floor(seeds[k] / width);
    const row = Math.floor((y - box.top) / CELL) * cols;
    const first = Math.floor((seeds[k] - y * width - box.left) / CELL);
    const last = Math.floor((seeds[k + 1] - 1 - y * width - box.left) / CELL);
    const part = seeds[k + 2];
    for (let c = row + first; c <= row + last; c++) {
      const p = pieceOf(c);
      if (p === 0) continue;
      if (partIn[p] === 0) {
        partIn[p] = part;
        continue;
      }
      if (joined.union(part, partIn[p]) && --separate === 1) return true;
    }
  }
  return false;
}

/** Per cell of the box, 1 where all its CELL x CELL pixels are the region's (cells past the box's edge never are). */
function wholeCells(regions: RegionLabels, box: ScreenBox, cols: number, rows: number): Uint8Array {
  const { width, labels, region } = regions;
  const count = new Uint8Array(cols * rows); // at most CELL * CELL = 16
  for (let y = box.top; y <= box.bottom; y++) {
    const base = y * width + box.left;
    const row = Math.floor((y - box.top) / CELL) * cols;
    forEachLabelRun(labels, base, y * width + box.right + 1, (from, to, label) => {
      if (region[label] !== box.region) return;
      for (let x = from - base; x < to - base; ) {
        const end = Math.min(to - base, (Math.floor(x / CELL) + 1) * CELL);
        count[row + Math.floor(x / CELL)] += end - x;
        x = end;
      }
    });
  }
  for (let c = 0; c < count.length; c++) count[c] = count[c] === CELL * CELL ? 1 : 0;
  return count;
}

/** Cells whose (2 erode + 1)-square of cells is all whole (a separable erosion: rows, then columns). */
function openCells(whole: Uint8Array, cols: number, rows: number, erode: number): Uint8Array {
  const across = new Uint8Array(whole.length);
  for (let y = 0; y < rows; y++) erodeLine(whole, across, y * cols, 1, cols, erode);
  const open = new Uint8Array(whole.length);
  for (let x = 0; x < cols; x++) erodeLine(across, open, x, cols, rows, erode);
  return open;
}

/** out[i] = 1 where src is 1 at every one of the `erode` places either side of i along the line (off its ends counts as 0). */
function erodeLine(src: Uint8Array, out: Uint8Array, start: number, step: number, length: number, erode: number): void {
  // Distance back to the last 0 along the line, forward pass; then the same forward to the next 0.
  let run = 0;
  for (let i = 0, j = start; i < length; i++, j += step) {
    run = src[j] === 1 ? run + 1 : 0;
    out[j] = run > erode ? 1 : 0;
  }
  run = 0;
  for (let i = length - 1, j = start + (length - 1) * step; i >= 0; i--, j -= step) {
    run = src[j] === 1 ? run + 1 : 0;
    if (run <= erode) out[j] = 0;
  }
}
