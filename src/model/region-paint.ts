/**
 * What the artist painted each region, read at page pixels: the region
 * fill's colour and amount of paint (regions.ts, spills left out) of the
 * working-canvas region a page pixel falls in. For the page-sized passes
 * after the network (white-fill.ts, page-around.ts), which label the page
 * their own way and need to know which of their shapes the artist painted.
 */
import { regionAt } from './paper-regions';
import { fillColour, type RegionFill } from './regions';

export interface RegionPaint {
  /** The painted colour (0xBBGGRR, R in the low byte) of the region holding page pixel i, or -1 where it is unpainted or ink. */
  colourAt(pixel: number): number;
  /** That region's paint in opaque page pixels' worth (0: none). */
  paintAt(pixel: number): number;
}

/** `fill` (of a working canvas) read at the pixels of a page `width` x `height`. */
export function regionPaint(fill: RegionFill, width: number, height: number): RegionPaint {
  const { regions, table, paint } = fill;
  const colOf = Int32Array.from({ length: width }, (_, x) => Math.min(regions.width - 1, Math.floor((x * regions.width) / width)));
  const rowOf = Int32Array.from({ length: height }, (_, y) => Math.min(regions.height - 1, Math.floor((y * regions.height) / height)) * regions.width);
  const regionOf = (i: number): number => {
    const y = Math.floor(i / width);
    return regionAt(regions, rowOf[y] + colOf[i - y * width]);
  };
  // Working pixels to page pixels: paint was summed over working pixels.
  const pagePerWorking = (width * height) / (regions.width * regions.height);
  const colours = Int32Array.from({ length: regions.count + 1 }, (_, r) => (r === 0 ? -1 : fillColour(table, r)));
  return {
    colourAt: (i) => colours[regionOf(i)],
    paintAt: (i) => paint[regionOf(i)] * pagePerWorking,
  };
}
