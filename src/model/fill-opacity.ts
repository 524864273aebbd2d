/**
 * A region painted with a soft brush takes the opacity of its strokes'
 * cores, not the mean of their feathered edges.
 *
 * Why: the region fill's mask is the mean mask of a region's painted
 * pixels (regions.ts), and the network reads it as how strongly the artist
 * asks for the colour (in training, the hint strength: strokes there are
 * hard, their mean mask 0.85-0.93 with anti-aliased edges). Photoshop's
 * default brush is a soft round one; its strokes are mostly feathered edge,
 * so a stroke painted at full opacity gave its region a mask of 0.2-0.5 (the
 * README portrait's hint blurred as a soft brush paints: 0.18-0.54 against
 * 0.78-0.94 hard), and the network coloured it weakly: a washed-out face,
 * a grey shirt, pale blocks in the hair (session 24's quality review).
 *
 * So a region whose paint is soft (its mean mask under SOFT_SHARE of its
 * strongest pixel's, the paint below its core spread over many masks as a
 * feathered edge's is, not a flat fainter stroke beside an opaque one)
 * takes, as its fill mask, the mean mask of its core: its pixels painted at
 * least CORE_SHARE of that strongest. Its colour is unchanged. Only where that core is a stroke's, not the feathered edge of
 * a stroke next door come across a line: the strongest pixel is at least
 * CORE_MASK of the hint strength, and the core reaches into the open (a
 * pixel with no ink within CORE_REACH) or covers OWN_SHARE of the region
 * (a strand of hair painted over). A soft stroke's edge across a line
 * hugs the line, at its strongest where it crossed; raised, it coloured
 * the hair beside a face with the skin stroke's colour (the README
 * portrait's hint blurred). Hard strokes' regions are unchanged (the
 * reference's, the README example's).
 */
import { addPixelsByKey, inkWithin } from './paper-regions';
import { regionFillTable, type HintPixelSource, type RegionFill } from './regions';

/** A region whose mean painted mask is under this share of its strongest is soft... */
export const SOFT_SHARE = 0.65;
/** ...and its core is its pixels painted at least this share of its strongest... */
export const CORE_SHARE = 0.5;
/** ...where that strongest is at least this share of the hint strength... */
export const CORE_MASK = 0.5;
/** ...and the core has a pixel with no ink this near (working pixels, in both directions)... */
export const CORE_REACH = 4;
/** ...or covers this share of its region... */
export const OWN_SHARE = 0.25;
/** ...and it is at least this many pixels: a hard stroke's corner slipped into a shape is mostly its anti-aliased edge, not soft paint. */
export const MIN_CORE_PIXELS = 32;

/** The paint under a core is a feathered edge, not a flat fainter stroke, where its masks spread over the bins... */
const FEATHER_BINS = 8;
/** ...none holding more than this share of it. */
const FLAT_SHARE = 0.5;

/**
 * Whether paint binned by mask (`bins`) is spread as a feathered edge's is,
 * not piled in one bin as a flat stroke's. The faintest bin is left out: a
 * feathered edge's long tail piles up there, as a resampled hard edge's
 * fringe does.
 */
function feathered(bins: Float64Array): boolean {
  let total = 0;
  let most = 0;
  for (let k = 1; k < bins.length; k++) {
    total += bins[k];
    most = Math.max(most, bins[k]);
  }
  return total > 0 && most <= FLAT_SHARE * total;
}

/** Each region's strongest painted mask, for a fill that does not carry it. */
function strongestOf(regions: RegionFill['regions'], hint: HintPixelSource): Float32Array {
  const strongest = new Float32Array(regions.count + 1);
  regionFillTable(regions, hint, undefined, strongest);
  return strongest;
}

/**
 * `fill` (read from `hint`, painted at `strength`) with each soft region's
 * fill mask raised to its core's mean, colour kept; `fill` itself where no
 * region is soft. The table is a new one; labels are shared.
 */
export function withStrokeOpacity(fill: RegionFill, hint: HintPixelSource, strength = 1): RegionFill {
  if (!(strength > 0) || !fill.fillOf.some((key) => key > 0)) return fill;
  const { labels, region, count } = fill.regions;
  // Each region's strongest paint: the fill's own (fillOfRegions and the guards carry it), else read.
  const strongest = fill.maxMask ?? strongestOf(fill.regions, hint);
  const soft = new Uint8Array(count + 1);
  let any = false;
  for (let l = 1; l <= count; l++) {
    const mask = fill.table[l * 4 + 3];
    if (mask > 0 && strongest[l] >= CORE_MASK * strength && mask < SOFT_SHARE * strongest[l]) soft[l] = 1;
    any ||= soft[l] === 1;
  }
  if (!any) return fill;
  // Per soft region: its core's mask sum and pixels, and whether it reaches the open.
  const core = new Float64Array((count + 1) * 2);
  const open = new Uint8Array(count + 1);
  // Per soft region, its paint under the core in FEATHER_BINS bins of mask (0 .. the core's least).
  const feather = new Float64Array((count + 1) * FEATHER_BINS);
  hint((from, to, _r, _g, _b, mask) => {
    for (let i = from; i < to; i++) {
      const l = region[labels[i]];
      if (soft[l] === 0) continue;
      const least = CORE_SHARE * strongest[l];
      if (mask < least) {
        feather[l * FEATHER_BINS + Math.min(FEATHER_BINS - 1, Math.floor((mask / least) * FEATHER_BINS))]++;
        continue;
      }
      core[l * 2] += mask;
      core[l * 2 + 1] += 1;
      if (open[l] === 0 && !inkWithin(fill.regions, i, CORE_REACH)) open[l] = 1;
    }
  });
  const size = new Float64Array(count + 1);
  addPixelsByKey(labels, Int32Array.from(region, (r) => (soft[r] === 1 && open[r] === 0 ? r : 0)), size);
  const table = Float32Array.from(fill.table);
  for (let l = 1; l <= count; l++) {
    if (soft[l] === 0 || core[l * 2 + 1] < MIN_CORE_PIXELS || (open[l] === 0 && core[l * 2 + 1] < OWN_SHARE * size[l])) continue;
    if (!feathered(feather.subarray(l * FEATHER_BINS, (l + 1) * FEATHER_BINS))) continue;
    const raised = core[l * 2] / core[l * 2 + 1];
    const gain = raised / table[l * 4 + 3];
    for (let c = 0; c < 3; c++) table[l * 4 + c] *= gain; // premultiplied: the colour stays
    table[l * 4 + 3] = raised;
  }
  return { ...fill, table };
}
