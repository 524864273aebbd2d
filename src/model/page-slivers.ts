/**
 * The page around the figures takes no fill where its only paint is the
 * slivers of the figures' strokes past their outlines.
 *
 * Why: a rough stroke over a shape runs past its outline onto the page, and
 * where the page around the figures holds no other paint, those slivers
 * are all of its paint. The region fill spread them over the whole page,
 * the colour split took two of them for a sky and a ground, and the white
 * fill painted the page as the artist's (an artist's review, session 30:
 * two figures on a white page, the page came out black above and skin
 * below, from 88 px of a thick hair stroke past the head's outline and 82
 * px of a skin scribble past the face's, in a page of 480 K). The spill
 * rule (spill.ts) takes such a piece out where it is a stub of its stroke
 * on the page grid; a thick stroke's sliver is longer than that, and the
 * fill's labels at the working size join a sliver of paper by the line to
 * the page where the grid's keep it apart.
 *
 * A painted region is slivers only when
 * - it is the page around the figures: it touches two sides of the canvas;
 * - its painted pixels are under SLIVER_SHARE of it;
 * - every one of them lies within SLIVER_REACH working pixels of ink:
 *   slivers hug the outline they crossed (the review's within 21 page
 *   pixels, from strokes 40-52 wide), where a dab of sky or ground painted
 *   on purpose lies out in the open;
 * - and the page around is open somewhere (OPEN_REACH from ink): in a
 *   narrow margin or a comic page's gutters, all near the lines, a dab
 *   hugs them however it was meant, and keeps its fill as before.
 * Such a region is left to the network, which paints the page around a
 * figure white. Its paint stays in the hint the network reads. Engine-only,
 * as the fringe and spill guards are: training strokes never cross lines.
 */
import { inkWithin, type RegionLabels } from './paper-regions';
import { regionFillTable, type HintPixelSource, type RegionFill } from './regions';
import { paintHuggingInk, withoutFillsOf } from './fill-fringe';

/** A page around painted over fewer of its pixels than this share... */
export const SLIVER_SHARE = 0.01;
/** ...all of them (paint as the fringe guard counts it: paintHuggingInk) this close to ink (working pixels, in both directions), holds slivers only... */
export const SLIVER_REACH = 24;
/** ...where the page around is open somewhere: a pixel of it this far from ink (read on a lattice of OPEN_STEP). */
export const OPEN_REACH = 2 * SLIVER_REACH;
const OPEN_STEP = 8;

/**
 * `fill` (read from `hint`, painted at `strength`) without the fills of a
 * page around holding slivers only (their table entries zeroed); `fill`
 * itself where none does.
 */
export function withoutPageSlivers(fill: RegionFill, hint: HintPixelSource, strength = 1): RegionFill {
  if (!(strength > 0)) return fill;
  const painted = paintedPagesAround(fill, hint, SLIVER_SHARE);
  if (!painted) return fill;
  const { page, paintedPixels } = painted;
  const { regions } = fill;
  // Paint out in the open (no ink within SLIVER_REACH) was laid there: the page keeps its fill.
  if (!paintHuggingInk(regions, hint, strength, page, paintedPixels, SLIVER_SHARE, SLIVER_REACH) || !openOnes(regions, page)) return fill;
  return withoutFillsOf(fill, page);
}

/**
 * The painted pages around of `fill` (1 per region: pageAround, painted)
 * whose painted pixels are under `share` of the canvas, with every region's
 * painted pixels (the fill's, or counted again from `hint` after the leak
 * guard relabelled it); undefined where there is none. A region is no
 * bigger than the canvas: paint under that share of the canvas is under it
 * of the region too.
 */
export function paintedPagesAround(fill: RegionFill, hint: HintPixelSource, share: number): { page: Uint8Array; paintedPixels: Float64Array } | undefined {
  const { table, regions } = fill;
  const page = pageAround(regions);
  let any = false;
  for (let r = 1; r <= regions.count; r++) {
    if (!(table[r * 4 + 3] > 0)) page[r] = 0;
    any ||= page[r] === 1;
  }
  if (!any) return undefined;
  let { paintedPixels } = fill;
  if (!paintedPixels) regionFillTable(regions, hint, (paintedPixels = new Float64Array(regions.count + 1)));
  for (let r = 1; r <= regions.count; r++) if (!(paintedPixels[r] < share * regions.labels.length)) page[r] = 0;
  return { page, paintedPixels };
}

/**
 * Keeps in `page` (1 per region) only the regions open somewhere: a pixel of
 * theirs, on a lattice of OPEN_STEP, with no ink within OPEN_REACH. A page
 * around that is a narrow margin or a comic page's gutters is near ink all
 * over, and any paint there hugs the lines: painted on purpose, it keeps
 * its fill. Whether any is left.
 */
export function openOnes(regions: RegionLabels, page: Uint8Array): boolean {
  const { width, height, labels, region } = regions;
  const open = new Uint8Array(page.length);
  for (let y = OPEN_STEP >> 1; y < height; y += OPEN_STEP) {
    for (let x = OPEN_STEP >> 1; x < width; x += OPEN_STEP) {
      const i = y * width + x;
      const r = region[labels[i]];
      if (page[r] === 1 && open[r] === 0 && !inkWithin(regions, i, OPEN_REACH)) open[r] = 1;
    }
  }
  let any = false;
  for (let r = 1; r < page.length; r++) {
    page[r] &= open[r];
    any ||= page[r] === 1;
  }
  return any;
}

/** Per region, 1 where it touches two sides of the canvas (read on the canvas's border only). */
export function pageAround(regions: RegionLabels): Uint8Array {
  const { width, height, labels, region, count } = regions;
  const sides = new Uint8Array(count + 1); // a bit a side
  const mark = (i: number, side: number): void => {
    sides[region[labels[i]]] |= side;
  };
  for (let x = 0; x < width; x++) {
    mark(x, 1);
    mark((height - 1) * width + x, 2);
  }
  for (let y = 0; y < height; y++) {
    mark(y * width, 4);
    mark(y * width + width - 1, 8);
  }
  const page = new Uint8Array(count + 1);
  for (let r = 1; r <= count; r++) {
    const s = sides[r];
    page[r] = Number((s & 1) + ((s >> 1) & 1) + ((s >> 2) & 1) + ((s >> 3) & 1) >= 2);
  }
  return page;
}
