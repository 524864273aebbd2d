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
import { addPixelsByKey, forEachLabelRun, labelPaperRegions, MAX_GAP_RADIUS, regionAt, type PaperRowSource, type RegionLabels } from './paper-regions';
import { fillOfRegions, regionFillOf, regionFillTable, replayableHintPixels, replaysKept, type HintPixelSource, type RegionFill } from './regions';
import { withoutFringeFills } from './fill-fringe';
import { withColoursApart } from './fill-split';
import { withStrokeOpacity } from './fill-opacity';
import { withoutPageSlivers } from './page-slivers';

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
  const closed = withoutPageSlivers(withLeaksClosed(withoutFringeFills(fillOfRegions(regions, pixels), pixels, strength), pixels, gapRadius), pixels, strength);
  const guarded = replaysKept(pixels) ? withColoursApart(closed, pixels, strength, baseColours) : closed;
  return withStrokeOpacity(guarded, pixels, strength);
}

/** Under this share of a painted region in the wider closing's painted parts, it leaks. */
export const LEAK_SHARE = 1 / 3;

/**
 * `fill` (of a canvas, labelled at `gapRadius`) with each leaking region
 * taken from its parts at a closing one pixel wider; `fill` itself where
 * none leaks, or there is no closing to widen (0: the artist asked for
 * none). `fill` is used up: its labels are relabelled in place.
 */
export function withLeaksClosed(fill: RegionFill, hint: HintPixelSource, gapRadius: number): RegionFill {
  if (gapRadius === 0 || gapRadius >= MAX_GAP_RADIUS || !fill.fillOf.some((key) => key > 0)) return fill;
  const { width, height, labels } = fill.regions;
  const suspects = suspectsOf(fill);
  if (!suspects) return fill;
  const { suspect, size } = suspects;
  // The suspects' pixels are the paper (all else ink), labelled at the wider closing.
  const paper: PaperRowSource = (visit) => {
    const row = new Uint8Array(width);
    for (let y = 0, base = 0; y < height; y++, base += width) {
      forEachLabelRun(labels, base, base + width, (from, to, label) => row.fill(suspect[label], from - base, to - base));
      visit(y, row);
    }
  };
  const wider = labelPaperRegions(width, height, paper, gapRadius + 1);
  const widerMax = new Float32Array(wider.count + 1);
  const widerPainted = new Float64Array(wider.count + 1);
  const widerTable = regionFillTable(wider, hint, widerPainted, widerMax);
  const leaking = leakingRegions(fill, suspect, size, wider, widerTable);
  if (!leaking) return fill;
  const regions = relabel(fill.regions, leaking, wider);
  // The wider closing's entries after the fill's own: relabel numbers its parts count + part.
  const table = new Float32Array((regions.count + 1) * 4);
  table.set(fill.table.subarray(0, (fill.regions.count + 1) * 4));
  table.set(widerTable.subarray(4), (fill.regions.count + 1) * 4);
  // Each region's strongest paint and painted pixels, where the fill carries them: the wider closing's after the fill's own.
  const carried = <T extends Float32Array | Float64Array>(own: T | undefined, widerOwn: T, make: (n: number) => T): T | undefined => {
    if (!own) return undefined;
    const all = make(regions.count + 1);
    all.set(own);
    all.set(widerOwn.subarray(1), fill.regions.count + 1);
    return all;
  };
  const maxMask = carried(fill.maxMask, widerMax, (n) => new Float32Array(n));
  const paintedPixels = carried(fill.paintedPixels, widerPainted, (n) => new Float64Array(n));
  return { regions, table, fillOf: regionFillOf(regions, table), ...(maxMask ? { maxMask } : {}), ...(paintedPixels ? { paintedPixels } : {}) };
}

/**
 * The regions that could leak, 1 per provisional label (`suspect`): painted,
 * and over 1 / LEAK_SHARE times as big as their paint (their painted parts
 * hold at least their painted pixels; without the fill's painted counts,
 * every painted region); with each painted region's size in pixels.
 * Undefined where none could leak.
 */
function suspectsOf(fill: RegionFill): { suspect: Uint8Array; size: Float64Array } | undefined {
  const { labels, region, count } = fill.regions;
  const { fillOf, paintedPixels } = fill;
  // fillOf is 0 for unpainted regions and ink: only painted regions are counted past index 0.
  const size = new Float64Array(count + 1);
  addPixelsByKey(labels, fillOf, size);
  const could = Uint8Array.from({ length: count + 1 }, (_, r) => (r > 0 && size[r] > 0 && (paintedPixels === undefined || paintedPixels[r] < LEAK_SHARE * size[r]) ? 1 : 0));
  if (!could.includes(1)) return undefined;
  return { suspect: Uint8Array.from(region, (r) => could[r]), size };
}

/** 1 per suspect whose pixels (`size` of them) lie under LEAK_SHARE in painted parts of `wider` (and some in them); undefined where none does. */
function leakingRegions(fill: RegionFill, suspect: Uint8Array, size: Float64Array, wider: RegionLabels, widerTable: Float32Array): Uint8Array | undefined {
  const { labels, count } = fill.regions;
  const { fillOf } = fill;
  // Only suspects' pixels are paper at the wider closing: a painted wider label is a suspect's pixel.
  const paintedWider = Uint8Array.from(wider.region, (r) => (widerTable[r * 4 + 3] > 0 ? 1 : 0));
  const held = new Float64Array(count + 1);
  forEachLabelRun(wider.labels, 0, labels.length, (from, to, label) => {
    if (paintedWider[label] === 0) return;
    addPixelsByKey(labels, fillOf, held, from, to);
  });
  let leaking: Uint8Array | undefined;
  for (let r = 1; r <= count; r++) if (held[r] > 0 && held[r] < LEAK_SHARE * size[r]) (leaking ??= new Uint8Array(count + 1))[r] = 1;
  return leaking;
}

/**
 * `regions` with every pixel of a leaking region given its part in `wider`,
 * numbered after the others (count + its number there); the leaking regions
 * keep their numbers, with no pixels left. In place where the labels' type
 * holds the new provisional labels.
 */
function relabel(regions: RegionLabels, leaking: Uint8Array, wider: RegionLabels): RegionLabels {
  const first = regions.region.length;
  const labels = first + wider.count <= 0xffff || regions.labels instanceof Int32Array ? regions.labels : Int32Array.from(regions.labels);
  const leakingLabel = Uint8Array.from(regions.region, (r) => leaking[r]);
  forEachLabelRun(labels, 0, labels.length, (from, to, label) => {
    if (leakingLabel[label] === 0) return;
    for (let i = from; i < to; i++) labels[i] = first + regionAt(wider, i);
  });
  const region = new Int32Array(first + wider.count + 1);
  region.set(regions.region);
  for (let part = 1; part <= wider.count; part++) region[first + part] = regions.count + part;
  return { width: regions.width, height: regions.height, labels, region, count: regions.count + wider.count };
}
