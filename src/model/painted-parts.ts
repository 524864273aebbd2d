/**
 * The white fill's shapes cut where the artist painted one shape in
 * several colours: each colour's cells become a shape of their own.
 *
 * Why: the white fill (white-fill.ts) fills what the network left white in
 * a shape with that shape's colour: the mean of what the network painted
 * there, tested against it. Its shapes are the page grid's regions, which
 * know nothing of the region fill's parts (fill-split.ts: a face and the
 * hair behind a gap in a line, each its own colour). Where one shape holds
 * two painted colours, the mean is a third colour the artist never
 * painted, and the network's colours, each far from it, fail the test that
 * tells its pale wash from a white blotch. So each colour's part is a shape
 * here: filled with what the network painted in it.
 *
 * A colour is a part where it holds at least MIN_PART_SHARE of the shape's
 * painted cells (sampled at the cells' centres, as the white fill samples);
 * the shape's other cells (a lesser colour, cells of an unpainted region
 * the grid's closing joined to it) go with its biggest part.
 */
import { forEachCellCentre, type PageGrid } from './page-grid';
import type { RegionPaint } from './region-paint';

/** A painted colour is a part of its own where it holds at least this share of its shape's painted cells. */
const MIN_PART_SHARE = 0.1;

/** Shapes on the grid's cells, and the grid region each came from. */
export interface PaintedParts {
  /** Per grid cell, its shape (0: ink): the grid's region, or one of the parts it was cut into (count of the grid's regions + 1 ...). */
  readonly cellShape: Int32Array;
  /** Per shape, the grid region it is (a part of). */
  readonly regionOf: Int32Array;
  /** Shapes: 1 .. count. */
  readonly count: number;
  /** Per shape, the painted colour (0xBBGGRR) it was cut for, -1 for a grid region left whole. */
  readonly colourOf: Int32Array;
  /** Per grid region that was cut, its parts (shapes), the biggest first. */
  readonly partsOf: ReadonlyMap<number, readonly number[]>;
}

/** The grid's regions as shapes, each cut into its painted colours' parts (see the module comment). */
export function paintedParts(grid: PageGrid, width: number, height: number, paint?: RegionPaint): PaintedParts {
  const { regions } = grid;
  const cellShape = new Int32Array(regions.labels.length);
  for (let cell = 0; cell < cellShape.length; cell++) cellShape[cell] = regions.region[regions.labels[cell]];
  const unchanged = (): PaintedParts => ({ cellShape, regionOf: Int32Array.from({ length: regions.count + 1 }, (_, r) => r), count: regions.count, colourOf: new Int32Array(regions.count + 1).fill(-1), partsOf: new Map() });
  if (!paint) return unchanged();
  // Per cell its painted colour (-1: none); per region, its colours' cell counts.
  const colourOf = new Int32Array(cellShape.length);
  const counts = new Map<number, Map<number, number>>();
  // Counted a run of cells of one region and colour at a time (most runs are long): two map lookups a cell cost 50 ms a 4,096 page.
  let [runRegion, runColour, run] = [0, -1, 0];
  const flush = (): void => {
    if (run === 0 || runColour < 0 || runRegion === 0) return;
    let byColour = counts.get(runRegion);
    if (!byColour) counts.set(runRegion, (byColour = new Map()));
    byColour.set(runColour, (byColour.get(runColour) ?? 0) + run);
  };
  forEachCellCentre(grid, width, height, (cell, pixel) => {
    const colour = paint.colourAt(pixel);
    colourOf[cell] = colour;
    const region = cellShape[cell];
    if (region === runRegion && colour === runColour) {
      run++;
      return;
    }
    flush();
    [runRegion, runColour, run] = [region, colour, 1];
  });
  flush();
  // Per cut region, its parts' shape numbers by colour, the biggest first.
  const partsOf = new Map<number, Map<number, number>>();
  const regionOf: number[] = Array.from({ length: regions.count + 1 }, (_, r) => r);
  const partColour: number[] = Array.from({ length: regions.count + 1 }, () => -1);
  for (const [region, byColour] of counts) {
    const total = [...byColour.values()].reduce((sum, n) => sum + n, 0);
    const major = [...byColour].filter(([, n]) => n >= MIN_PART_SHARE * total).sort((a, b) => b[1] - a[1]);
    if (major.length < 2) continue;
    const parts = new Map<number, number>();
    for (const [colour] of major) {
      parts.set(colour, regionOf.length);
      regionOf.push(region);
      partColour.push(colour);
    }
    partsOf.set(region, parts);
  }
  if (partsOf.size === 0) return unchanged();
  for (let cell = 0; cell < cellShape.length; cell++) {
    const parts = partsOf.get(cellShape[cell]);
    if (!parts) continue;
    // A lesser colour's cell, or an unpainted one: the biggest part's (the first listed).
    cellShape[cell] = parts.get(colourOf[cell]) ?? (parts.values().next().value as number);
  }
  return {
    cellShape,
    regionOf: Int32Array.from(regionOf),
    count: regionOf.length - 1,
    colourOf: Int32Array.from(partColour),
    partsOf: new Map([...partsOf].map(([region, parts]) => [region, [...parts.values()]])),
  };
}
