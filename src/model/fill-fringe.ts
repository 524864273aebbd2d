/**
 * A region whose only paint is the faint fringe of a stroke next door takes
 * no fill.
 *
 * Why: the hint is resampled to the working scale with a filter a few page
 * pixels wide, so a stroke that ends at a thin line's inner edge leaves a
 * faint fringe (masks of a few tenths) in working pixels on the line's far
 * side. Where that side is the page around a figure, the region fill spread
 * the stroke's colour over all of it, and the white fill then filled the
 * page as a ground the artist had painted (a quality review, session 24: a
 * hood stroke whose end slipped past the outline, its stub taken out by
 * spill.ts, still made the whole page around the portrait brown, from 27
 * working pixels of paint with masks up to 0.38 in 150 K).
 *
 * A painted region is fringe-only when its strongest painted pixel's mask is
 * under FRINGE_MASK and its painted pixels are under FRINGE_SHARE of it. A
 * deliberate stroke has a core near its opacity; a faint stroke painted on
 * purpose (a glaze at 30 %) covers far more than a hundredth of its region,
 * so it keeps its fill. Engine-only, as the spill and leak guards are: the
 * training reference's strokes never touch a line.
 */
import { forEachLabelRun } from './paper-regions';
import { regionFillOf, type RegionFill } from './regions';

/** A region painted no more strongly than this... */
export const FRINGE_MASK = 0.5;
/** ...over fewer of its pixels than this share is fringe only. */
export const FRINGE_SHARE = 0.01;

/** `fill` without the fills of fringe-only regions (their table entries zeroed); `fill` itself where none is. */
export function withoutFringeFills(fill: RegionFill): RegionFill {
  const { maxMask, paintedPixels, table, regions } = fill;
  if (!maxMask || !paintedPixels) return fill;
  const faint = new Uint8Array(regions.count + 1);
  let any = false;
  for (let r = 1; r <= regions.count; r++) {
    if (table[r * 4 + 3] > 0 && maxMask[r] < FRINGE_MASK) faint[r] = 1;
    any ||= faint[r] === 1;
  }
  if (!any) return fill;
  // Their sizes, counted only now: a page has none of these at all, most of the time.
  const faintLabel = Uint8Array.from(regions.region, (r) => faint[r]);
  const size = new Float64Array(regions.count + 1);
  forEachLabelRun(regions.labels, 0, regions.labels.length, (from, to, label) => {
    if (faintLabel[label] === 1) size[regions.region[label]] += to - from;
  });
  let cleared: Float32Array | undefined;
  for (let r = 1; r <= regions.count; r++) {
    if (faint[r] === 1 && paintedPixels[r] < FRINGE_SHARE * size[r]) (cleared ??= table.slice()).fill(0, r * 4, r * 4 + 4);
  }
  return cleared ? { ...fill, table: cleared, fillOf: regionFillOf(regions, cleared) } : fill;
}
