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
 * A painted region is fringe-only when
 * - its strongest painted pixel's mask is under FRINGE_MASK of the hint's
 *   strength (a stroke has a core near the strength the artist set; a
 *   glaze painted at 40 % is 40 % all over);
 * - its painted pixels are under FRINGE_SHARE of it;
 * - and every one of them lies within FRINGE_REACH pixels of ink: a fringe
 *   hugs the line it came across, where a thin stroke painted on purpose
 *   (a hairline of colour, shrunk faint at a low working scale) lies in the
 *   open. (The filter's last tails, under TAIL_MASK of the strength, reach a
 *   pixel farther and say nothing.)
 * Engine-only, as the spill and leak guards are: the training reference's
 * strokes never touch a line.
 */
import { addPixelsByKey, inkWithin, type RegionLabels } from './paper-regions';
import { regionFillOf, type HintPixelSource, type RegionFill } from './regions';

/** A region painted no more strongly than this share of the hint's strength... */
export const FRINGE_MASK = 0.5;
/** ...over fewer of its pixels than this share... */
export const FRINGE_SHARE = 0.01;
/** ...all of them this close to ink (working pixels, in both directions), is fringe only... */
export const FRINGE_REACH = 2;
/** ...counting only paint at least this share of the strength (a soft edge's tail says nothing). */
export const TAIL_MASK = 0.1;

/**
 * `fill` (read from `hint`, painted at `strength`) without the fills of
 * fringe-only regions (their table entries zeroed); `fill` itself where none is.
 */
export function withoutFringeFills(fill: RegionFill, hint: HintPixelSource, strength = 1): RegionFill {
  const { maxMask, paintedPixels, table, regions } = fill;
  if (!maxMask || !paintedPixels || !(strength > 0)) return fill;
  const faint = new Uint8Array(regions.count + 1);
  for (let r = 1; r <= regions.count; r++) if (table[r * 4 + 3] > 0 && maxMask[r] < FRINGE_MASK * strength) faint[r] = 1;
  // Paint in the open (no ink within FRINGE_REACH) is a stroke, however faint: its region keeps its fill.
  return paintHuggingInk(regions, hint, strength, faint, paintedPixels, FRINGE_SHARE, FRINGE_REACH) ? withoutFillsOf(fill, faint) : fill;
}

/**
 * Keeps flagged in `flags` (1 per region, in place) the regions painted
 * over fewer than `share` of their pixels (`paintedPixels`), every painted
 * pixel (mask at least TAIL_MASK of the strength) within `reach` pixels of
 * ink; whether any is left. The fringe guard's test, and the page slivers'
 * (page-slivers.ts): paint that hugs the lines it came across.
 */
export function paintHuggingInk(regions: RegionLabels, hint: HintPixelSource, strength: number, flags: Uint8Array, paintedPixels: Float64Array, share: number, reach: number): boolean {
  if (!flags.includes(1)) return false;
  // Their sizes, counted only now: a page has none of these at all, most of the time.
  const { labels, region } = regions;
  const size = new Float64Array(regions.count + 1);
  addPixelsByKey(labels, Int32Array.from(region, (r) => (flags[r] === 1 ? r : 0)), size);
  let any = false;
  for (let r = 1; r <= regions.count; r++) {
    if (flags[r] === 1 && !(paintedPixels[r] < share * size[r])) flags[r] = 0;
    any ||= flags[r] === 1;
  }
  if (!any) return false;
  hint((from, to, _r, _g, _b, mask) => {
    if (mask < TAIL_MASK * strength) return;
    for (let i = from; i < to; i++) {
      const r = region[labels[i]];
      if (flags[r] === 1 && !inkWithin(regions, i, reach)) flags[r] = 0;
    }
  });
  return flags.includes(1);
}

/** `fill` with the regions `flags` marks (1) taking no fill (their table entries zeroed); `fill` itself where none is. */
export function withoutFillsOf(fill: RegionFill, flags: Uint8Array): RegionFill {
  const { table, regions } = fill;
  let cleared: Float32Array | undefined;
  for (let r = 1; r <= regions.count; r++) if (flags[r] === 1) (cleared ??= table.slice()).fill(0, r * 4, r * 4 + 4);
  return cleared ? { ...fill, table: cleared, fillOf: regionFillOf(regions, cleared) } : fill;
}
