/**
 * The page around the drawing left as paper: margins, the gutters between
 * a comic page's panels, the paper around a figure. Without hints there the
 * network paints them (tan gutters, measured: mean RGB 201,168,122 on a
 * three-panel page), where a colourist leaves them white. This clears them
 * in the coloured layer, so the paper below shows (and the CLI's PNG, laid
 * over white, is white there).
 *
 * "Around the drawing" is what Flats leaves transparent (flats.ts): paper
 * regions that touch the page's edge, gaps in the lines closed as the
 * region fill closes them, unless hint paint lies in them (a painted sky
 * is kept). The lines take the region beside them (spreadIntoInk), so a
 * line's outer half over cleared paper is cleared too and the artist's own
 * inks below show there. An option, off by default: where a figure's
 * outline has a gap wider than Close gaps, its inside touches the page's
 * edge through it and would be cleared with the margin.
 */
import { edgeRegions } from './flats';
import { labelPaperRegions, spreadIntoInk } from './paper-regions';
import { rgbaPaperRows } from './preprocess';
import { regionFillTable, rgbaHintPixels } from './regions';
import type { Contract, PageEdges, RgbaImage } from './types';

/**
 * Makes the pixels of `image` around the drawing transparent (in place);
 * returns how many. `gapRadius` is in page pixels.
 */
export function clearPageAround(image: RgbaImage, lineart: RgbaImage, hint: RgbaImage | undefined, contract: Contract, gapRadius: number, edges: PageEdges): number {
  const { width, height } = lineart;
  const regions = labelPaperRegions(width, height, rgbaPaperRows(lineart, contract), gapRadius);
  const around = edgeRegions(regions, edges);
  around[0] = 0; // region 0: ink no region reached, kept
  if (hint) {
    const fill = regionFillTable(regions, rgbaHintPixels(hint, 1));
    for (let r = 1; r <= regions.count; r++) if (fill[r * 4 + 3] > 0) around[r] = 0;
  }
  const { labels, region } = regions;
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
