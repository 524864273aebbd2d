/**
 * A soft seam in the region fill between a sky's and a ground's parts (and
 * the other parts of a region split as the page around the figures or a
 * panel's background: fill-split.ts, fill-ground.ts).
 *
 * Why: in a comic panel the network paints the background itself, after
 * the region fill's colours, so its two flat parts came out as two flat
 * slabs meeting at a hard, ruler-straight horizon (session 27's note); the
 * white fill's blend (ground-blend.ts) only reaches what the network left
 * white. Given a fill that goes over from the sky's colour to the ground's
 * across the seam, the network paints a soft horizon (measured on an empty
 * panel, session 28).
 *
 * How: the parts are shapes on a grid of lattice-sized cells and
 * ground-blend.ts's field does the rest, with the parts' strokes (the
 * split's seeds) as their own paint. fillRow then writes a blended part's
 * pixels from the field, at the part's own fill mask.
 */
import { groundBlend, LATTICE_SIDE, type GroundBlend } from './ground-blend';
import type { RegionLabels } from './paper-regions';

/** A region split into a sky's and a ground's parts: its parts' region numbers and their strokes. */
export interface GroundSplit {
  /** The parts' region numbers. */
  readonly parts: readonly number[];
  /** The parts' strokes, as runs of pixel indices: from, to, region, ... */
  readonly seeds: readonly number[];
}

/**
 * The blend of each split's parts (their colours from `table`, regions.ts's
 * premultiplied fill table) across the seams between them; undefined where
 * no split has two coloured parts.
 */
export function groundFillBlend(regions: RegionLabels, splits: readonly GroundSplit[], table: Float32Array): GroundBlend | undefined {
  const { width, height, labels, region } = regions;
  // Cells as big as the lattice's, so that ground-blend.ts takes the grid as it is.
  const block = Math.max(1, Math.ceil(Math.max(width, height) / LATTICE_SIDE));
  const cols = Math.ceil(width / block);
  const rows = Math.ceil(height / block);
  // Shapes are region numbers; GroundShapes.regionOf groups them: each part under its split (numbered from 1).
  const regionOf = new Int32Array(Math.max(0, ...splits.flatMap((s) => s.parts)) + 1);
  const colours = new Map<number, number>();
  splits.forEach(({ parts }, k) => {
    for (const part of parts) {
      const mask = table[part * 4 + 3];
      if (!(mask > 0)) continue;
      const byte = (c: number): number => Math.max(0, Math.min(255, Math.round((table[part * 4 + c] / mask) * 255)));
      colours.set(part, byte(0) | (byte(1) << 8) | (byte(2) << 16));
      regionOf[part] = k + 1;
    }
  });
  if (colours.size < 2) return undefined;
  // Each cell is the part at its centre pixel (0: ink, or a region not blended).
  const cellShape = new Int32Array(cols * rows);
  for (let gy = 0; gy < rows; gy++) {
    const y = Math.min(height - 1, gy * block + (block >> 1));
    for (let gx = 0; gx < cols; gx++) {
      const r = region[labels[y * width + Math.min(width - 1, gx * block + (block >> 1))]];
      cellShape[gy * cols + gx] = r < regionOf.length && colours.has(r) ? r : 0;
    }
  }
  // A cell holds a part's own paint where a stroke of it crosses the cell (a stroke thinner than a cell counts).
  const paintOf = new Int32Array(cols * rows);
  for (const { seeds } of splits) {
    for (let s = 0; s < seeds.length; s += 3) {
      const [from, to, part] = [seeds[s], seeds[s + 1], seeds[s + 2]];
      const y = Math.floor(from / width);
      const row = Math.floor(y / block) * cols;
      for (let gx = Math.floor((from - y * width) / block), last = Math.floor((to - 1 - y * width) / block); gx <= last; gx++) paintOf[row + gx] = part;
    }
  }
  const paintedCell = (cell: number): boolean => paintOf[cell] !== 0 && paintOf[cell] === cellShape[cell];
  return groundBlend({ cols, rows, block, cellShape, regionOf, ownColour: () => true }, colours, new Set(colours.keys()), paintedCell, width, height);
}
