/**
 * What the artist painted each region, read at page pixels: the region
 * fill's colour (regions.ts) of the working-canvas region a page pixel
 * falls in. For the white fill (white-fill.ts), which labels the page its
 * own way and needs to know which of its shapes the artist painted.
 */
import { pageRegionLookup } from './paper-regions';
import { fillColour, type RegionFill } from './regions';

export interface RegionPaint {
  /** The painted colour (0xBBGGRR, R in the low byte) of the region holding page pixel i, or -1 where it is unpainted or ink. */
  colourAt(pixel: number): number;
}

/** `fill` (of a working canvas) read at the pixels of a page `width` x `height`. */
export function regionPaint(fill: RegionFill, width: number, height: number): RegionPaint {
  const { regions, table } = fill;
  const regionOf = pageRegionLookup(regions, width, height);
  const colours = Int32Array.from({ length: regions.count + 1 }, (_, r) => (r === 0 ? -1 : fillColour(table, r)));
  return {
    colourAt: (i) => colours[regionOf(i)],
  };
}

/** Per page pixel of `fill` (of a working canvas) at page size: -1 on the working canvas's ink, 0 in an unpainted region, 1 in a painted one. */
export function paintStateAt(fill: RegionFill, width: number, height: number): (pixel: number) => -1 | 0 | 1 {
  const regionOf = pageRegionLookup(fill.regions, width, height);
  const { table } = fill;
  return (i) => {
    const r = regionOf(i);
    return r === 0 ? -1 : table[r * 4 + 3] > 0 ? 1 : 0;
  };
}
