/**
 * Where the region fill's gap closing lets a stroke's colour out through a
 * gap just wider than it closes, the region is read again at a closing one
 * pixel wider.
 *
 * A painted region leaks when the paint's own parts of it at the wider
 * closing (its parts there that hold paint) are under a third of it: the
 * wider closing walls most of it off from every stroke. Each of its pixels
 * then takes the fill of its part at the wider closing (none where that
 * holds no paint), so the page around a figure, or the next shape, stays
 * unfilled. Everywhere else the fill is unchanged: the wider closing
 * everywhere would also cut off narrow shapes and slivers the paint is
 * meant to reach.
 *
 * Why: a page's gaps grow with its resolution while the closing is in
 * working pixels, and 'auto' works a big page finer than a small one. On
 * the hint walk's 25 pages enlarged 2.7x (as 300 dpi scans), one dab's
 * colour filled a page's whole background and others ran into neighbour
 * shapes: 22,950 leaked pixels at 'auto', 3,396 with this (pixels the
 * strokes' own regions missed: 25,897 -> 26,712); at working scale 1,
 * 265,033 -> 40,828. A closing one wider everywhere leaked 1,818 but
 * missed 32,786, and on the pages at their own size leaked 4x more; there
 * this changes nothing. It does cut a sleeve joined to a shirt, or a braid's
 * lobes, through a neck as narrow as such a gap (a dab on the sleeve no
 * longer fills the shirt).
 *
 * Cost: one more labelling, of the pixels of the regions that could leak
 * (painted, over three times their paint) read from the fill's labels (by
 * runs of one label), and one more read of the hint (replayed as the fill
 * read it, regions.replayableHintPixels): about 200 ms at scale 1 and 100 ms
 * at 'auto' on the 4,096 px bench page, whose dense strokes leave most of
 * its regions suspects. (A screen on the coarse
 * page grid first cost a tenth of that, but missed shapes smaller than its
 * cells on pages over 2,048 px, and behind them every other leak into the
 * same region: the session's review.)
 */
import { MAX_GAP_RADIUS, type RegionLabels } from './paper-regions';
import { fillOfRegions, replayableHintPixels, replaysKept, type HintPixelSource, type RegionFill } from './regions';
import { closedWiderWhereLeaking, LEAK_SHARE, paintedSizes } from './wider-closing';
import { withoutFringeFills } from './fill-fringe';
import { withColoursApart } from './fill-split';
import { withStrokeOpacity } from './fill-opacity';
import { withoutPageSlivers } from './page-slivers';
import { withOpenShapesClosed } from './open-shapes';

/**
 * The fill of `regions` (labelled at `gapRadius`) from `hint` (painted at
 * `strength`), leaking regions closed one wider: the hint is kept as the fill
 * reads it (replayableHintPixels), for the guards to read again without making it again.
 * Shapes kept whole fill from their base colour (`baseColours`, base-colour.ts) or from their paint's mean.
 */
export function guardedRegionFill(regions: RegionLabels, hint: HintPixelSource, gapRadius: number, strength = 1, baseColours = true): RegionFill {
  const pixels = replayableHintPixels(hint);
  // Faint fringes first (fill-fringe.ts): a region they alone paint is no leak to guard. The page around
  // painted only by slivers past the figures' outlines (page-slivers.ts) after the leaks are closed: a dab
  // in a shape open to the page by a gap is no sliver of the page's, once the shape is its own.
  // Then a region still painted in distinct colours is split between them (fill-split.ts), where
  // the hint replays (a split reads it four times more: a soft-brush hint too big to keep is made
  // again from the page for each), and soft-brush strokes fill at their cores' opacity (fill-opacity.ts).
  const leaksClosed = withLeaksClosed(withoutFringeFills(fillOfRegions(regions, pixels), pixels, strength), pixels, gapRadius);
  const closed = withoutPageSlivers(withOpenShapesClosed(leaksClosed, pixels, strength), pixels, strength);
  const guarded = replaysKept(pixels) ? withColoursApart(closed, pixels, strength, baseColours) : closed;
  return withStrokeOpacity(guarded, pixels, strength);
}

/**
 * `fill` (of a canvas, labelled at `gapRadius`) with each leaking region
 * taken from its parts at a closing one pixel wider; `fill` itself where
 * none leaks, or there is no closing to widen (0: the artist asked for
 * none). `fill` is used up: its labels are relabelled in place.
 */
export function withLeaksClosed(fill: RegionFill, hint: HintPixelSource, gapRadius: number): RegionFill {
  if (gapRadius === 0 || gapRadius >= MAX_GAP_RADIUS || !fill.fillOf.some((key) => key > 0)) return fill;
  const could = couldLeak(fill);
  return could ? closedWiderWhereLeaking(fill, hint, could.could, gapRadius + 1, could.size) : fill;
}

/**
 * The regions that could leak, 1 per region: painted, and over 1 / LEAK_SHARE
 * times as big as their paint (their painted parts hold at least their
 * painted pixels; without the fill's painted counts, every painted region).
 * Undefined where none could.
 */
function couldLeak(fill: RegionFill): { could: Uint8Array; size: Float64Array } | undefined {
  const { paintedPixels } = fill;
  const size = paintedSizes(fill);
  const could = Uint8Array.from({ length: fill.regions.count + 1 }, (_, r) => (r > 0 && size[r] > 0 && (paintedPixels === undefined || paintedPixels[r] < LEAK_SHARE * size[r]) ? 1 : 0));
  return could.includes(1) ? { could, size } : undefined;
}
