/**
 * The page around the drawing left as paper: margins, the gutters between
 * a comic page's panels, the paper around a figure. Without hints there the
 * network paints them (tan gutters, measured: mean RGB 201,168,122 on a
 * three-panel page), where a colourist leaves them white. This clears them
 * in the coloured layer, so the paper below shows (and the CLI's PNG, laid
 * over white, is white there).
 *
 * "Around the drawing" is the paper regions that touch the page's edge
 * (as Flats finds them, flats.ts), gaps in the lines closed at the region
 * fill's width in page pixels, unless the artist painted one: at least
 * KEEP_MIN_PIXELS of paint in opaque pixels, in a hint whose strokes'
 * ends that slipped over a line are taken out already (spill.ts). So a
 * dab in a sky keeps it; a stray speck, or a figure's stroke reaching over
 * its outline or a panel border, does not keep every margin and gutter,
 * which are one region. The lines take the region beside them (spreadIntoInk),
 * so a line's outer half over cleared paper is cleared too and the
 * artist's own inks below show there. An option, off by default: where a
 * figure's outline has a gap wider than Close gaps, its inside touches the
 * page's edge through it, and art that runs off the page (a full-bleed
 * panel, a landscape) touches it everywhere; both would be cleared.
 */
import { edgeRegions } from './flats';
import { labelPaperRegions, spreadIntoInk } from './paper-regions';
import { rgbaPaperRows } from './preprocess';
import type { Contract, PageEdges, RgbaImage } from './types';

/** A region around the drawing is kept when the artist's paint in it is at least this many opaque pixels' worth: a dab, not a speck. */
export const KEEP_MIN_PIXELS = 64;

/**
 * Makes the pixels of `image` around the drawing transparent (in place);
 * returns how many. `gapRadius` is in page pixels.
 */
export function clearPageAround(image: RgbaImage, lineart: RgbaImage, hint: RgbaImage | undefined, contract: Contract, gapRadius: number, edges: PageEdges): number {
  const { width, height } = lineart;
  const regions = labelPaperRegions(width, height, rgbaPaperRows(lineart, contract), gapRadius);
  const around = edgeRegions(regions, edges);
  around[0] = 0; // region 0: ink no region reached, kept
  const { labels, region } = regions;
  if (hint) {
    // Each region's paint in opaque pixels (alpha / 255 summed).
    const paint = new Float64Array(regions.count + 1);
    const alpha = hint.data;
    for (let i = 0; i < labels.length; i++) paint[region[labels[i]]] += alpha[i * 4 + 3];
    for (let r = 1; r <= regions.count; r++) if (paint[r] / 255 >= KEEP_MIN_PIXELS) around[r] = 0;
  }
  spreadIntoInk(labels, width, height);
  const data = image.data;
  let cleared = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!around[region[labels[i]]]) continue;
    data[i * 4 + 3] = 0;
    cleared++;
  }
  return cleared;
}

/** Past this share of the page cleared, the drawing probably runs off the page's edge: the caller warns. */
export const MOSTLY_CLEARED = 0.5;

/** The share of `image` that is transparent (what clearPageAround left as paper, on a layer that is otherwise opaque). */
export function clearedShare(image: RgbaImage): number {
  const d = image.data;
  let clear = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] === 0) clear++;
  return clear / (image.width * image.height);
}

/** What to tell the artist when most of the page was left as paper, or null. */
export function mostlyClearedNote(share: number, untick: string): string | null {
  if (share <= MOSTLY_CLEARED) return null;
  return (
    `Leave margins left ${Math.round(share * 100)} % of the page as paper. If the drawing runs off the page's edge ` +
    `(a full-bleed panel, a landscape) or an outline has a gap, ${untick}.`
  );
}
