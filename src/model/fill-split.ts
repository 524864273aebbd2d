/**
 * A region the artist painted in two or more distinct colours is split
 * between them, each colour filling the part of the region around its own
 * strokes, instead of the whole region taking their mean.
 *
 * Why: the region fill gives a region one colour, the mean of its paint
 * (regions.ts). Where a line has a gap wider than the fill closes (an
 * unfinished jaw line, a sleeve open to the hand), two shapes are one
 * region, and the skin and hair strokes the artist put in them averaged to
 * one colour over both: the face came out a muddy tan, a blue shirt and its
 * wearer's face one grey-mauve. Flatting tools (Clip Studio's colorize,
 * LazyBrush) split such a region between its strokes; so does this.
 *
 * How:
 * - a painted region is mixed when its paint's colours spread (their
 *   mask-weighted variance) as two colours APART at MIN_PART_SHARE would;
 * - its colours, binned at 5 bits a channel, are linked when within APART
 *   of each other (single linkage, bins of at least BRIDGE_SHARE of its
 *   paint): a gradient or a soft brush links into one colour, two dabs of
 *   far colours stay two;
 * - it is split when at least two of those colours each hold MIN_PART_SHARE
 *   of its paint and MIN_PART_PIXELS pixels (a small accent, an eye's dab in
 *   a face open to it, keeps to its stroke, and is left out of the shape's
 *   fill: base-colour.ts);
 * - the parts grow from their strokes by a seeded watershed whose ground is
 *   the distance to ink, capped at REACH_CAP pixels: the open middle of a
 *   shape floods first and the narrow neck where the line has its gap
 *   floods last, so the parts meet at the gap, where the artist would have
 *   closed the line, not halfway between the strokes;
 * - parts stay apart only where they meet at a gap between wider shapes:
 *   fronts meeting where the shape is MAX_SEAM wide or more (one open shape
 *   in two colours), or where neither part opens out SADDLE pixels beyond
 *   the meeting (a mass of hair strands, all as narrow), are joined again
 *   and fill from their base colour where one is clear (base-colour.ts),
 *   else from their paint's mean. Without that, a highlight dabbed
 *   in the hair flooded a block of strands with a straight seam across
 *   them, and the end of a hair stroke slipped onto a neck open to the
 *   face turned the neck orange (a quality review, session 25);
 * - except in the page around the figures, where a sky and a ground stay
 *   apart in the open too (fill-ground.ts), and, where they met in the
 *   open, meet halfway between their strokes (meetHalfway).
 * Each part then takes the fill of its own paint (regions.ts's formula over
 * its pixels). Engine-only, as the spill, fringe and leak guards are: the
 * training reference's regions hold a colour image's mean.
 */
import { forEachLabelRun, IndexList, type RegionLabels } from './paper-regions';
import { allMeetInTheOpen } from './open-meeting';
import { DisjointSets } from './disjoint-sets';
import { hintWithout, strokesOfParts, withoutOvershoots } from './fill-overshoot';
import { groundPaint, groundPairs, hueOf, panelBackground, reachesTwoSides, type PaintFill, type PartColour, type RegionBox, type StrokeRows } from './fill-ground';
import { regionFillOf, regionFillTable, type HintPixelSource, type RegionFill } from './regions';
import { groundFillBlend, type GroundSplit } from './fill-blend';
import { baseOf, basePaint } from './base-colour';

/** Colours closer than this (RGB Euclidean, channels 0-1: 48 of 255) are one colour: two shades of a skin are, skin and hair are not (95). */
export const APART = 48 / 255;
/** A colour splits a region off only where it holds at least this share of the region's paint (mask-weighted)... */
export const MIN_PART_SHARE = 0.1;
/** ...and at least this many of its painted pixels. */
export const MIN_PART_PIXELS = 16;
/** Colour bins under this share of a region's paint do not link colours (the blend where two strokes touch). */
const BRIDGE_SHARE = 0.004;
/** At most this many bins of a region are linked (the heaviest): a noisy hint's region costs no more than this squared. */
const MAX_BINS = 512;
/**
 * Parts whose fronts meet where the shape is this wide or wider (working
 * pixels, about five line widths at the training scale: twice the distance
 * to ink there) are one open shape the artist painted two colours in, not
 * two shapes behind a gap in a line: joined again, they take their paint's
 * mean as before (the README example's neck, open to the face and reached
 * by the end of a hair stroke).
 */
export const MAX_SEAM = 24;
/**
 * Parts kept apart must each open out at least this much (working pixels
 * farther from ink) beyond the narrowest place they meet: a gap in a line
 * between two shapes is a neck between wider ones; a cut across a strand
 * of hair, among strands as narrow, is not.
 */
export const SADDLE = 4;
/** Painted pixels at least this share of the hint strength seed their colour's part; fainter ones (soft edges) are flooded as the rest. */
const SEED_MASK = 0.2;
/** The watershed's ground: distance to ink in pixels, capped here (wider shapes are all open middle). */
export const REACH_CAP = 32;
const BITS = 5;
const LEVELS = 1 << BITS;

/**
 * `fill` (read from `hint`, painted at `strength`) with each region painted
 * in distinct colours split into a part per colour, or, kept one shape,
 * filled from its base colour (base-colour.ts; with `baseColours`, else
 * keeping its paint's mean); `fill` itself where none is either. Regions
 * the guards before it left unpainted (fill-fringe.ts) stay so. `fill` is
 * used up: its labels are relabelled in place (as the leak guard's are).
 */
export function withColoursApart(fill: RegionFill, hint: HintPixelSource, strength = 1, baseColours = true): RegionFill {
  if (!fill.fillOf.some((key) => key > 0)) return fill;
  const mixed = mixedRegions(fill.regions, hint, fill.table);
  if (!mixed) return fill;
  const colours = colourParts(fill.regions, hint, mixed);
  if (!colours) return fill;
  const split = splitRegions(fill.regions, hint, colours, SEED_MASK * strength);
  const { regions, firstPart, leftOut, groundFills, groundSplits } = split;
  const baseFills = baseColours ? split.baseFills : [];
  if (regions === fill.regions && baseFills.length === 0) return fill;
  // The parts' fills from their own paint; every other region keeps its entry (the leak guard's among them).
  const table = new Float32Array((regions.count + 1) * 4);
  table.set(fill.table.subarray(0, firstPart * 4));
  const strongest = new Float32Array(regions.count + 1);
  if (regions !== fill.regions) {
    const own = leftOut.length > 0 ? hintWithout(hint, leftOut) : hint; // not the ends of strokes that slipped into a part
    table.set(regionFillTable(regions, own, undefined, strongest).subarray(firstPart * 4), firstPart * 4);
  }
  for (const { region, paint: [mask, r, g, b, pixels] } of [...groundFills, ...baseFills]) {
    const fillMask = mask / pixels; // regionFillTable's formula over the colour's own paint
    table.set([(r / mask) * fillMask, (g / mask) * fillMask, (b / mask) * fillMask, fillMask], region * 4);
  }
  if (fill.maxMask) strongest.set(fill.maxMask.subarray(0, firstPart));
  // A sky's and a ground's parts go over into each other across their seam (fill-blend.ts).
  const blend = groundSplits.length > 0 ? groundFillBlend(regions, groundSplits, table) : undefined;
  return { regions, table, fillOf: regionFillOf(regions, table), ...(fill.maxMask ? { maxMask: strongest } : {}), ...(blend ? { blend } : {}) };
}

/** Per region, 1 where its paint's colours spread enough that it may be mixed; undefined where none does. */
function mixedRegions(regions: RegionLabels, hint: HintPixelSource, table: Float32Array): Uint8Array | undefined {
  const { labels, region, count } = regions;
  // Per region: mask sum, premultiplied r, g, b sums, sum of |colour|^2 weighted by mask, pixels.
  const sums = new Float64Array((count + 1) * 6);
  hint((from, to, r, g, b, mask) => {
    const squared = (r * r + g * g + b * b) / mask;
    forEachLabelRun(labels, from, to, (a, z, label) => {
      const l = region[label];
      if (l === 0) return;
      const n = z - a;
      const o = l * 6;
      sums[o] += n * mask;
      sums[o + 1] += n * r;
      sums[o + 2] += n * g;
      sums[o + 3] += n * b;
      sums[o + 4] += n * squared;
      sums[o + 5] += n;
    });
  });
  // Two colours APART apart, the lesser at MIN_PART_SHARE, spread this much (p (1 - p) d^2).
  const least = MIN_PART_SHARE * (1 - MIN_PART_SHARE) * APART * APART * 0.99;
  let mixed: Uint8Array | undefined;
  for (let l = 1; l <= count; l++) {
    const o = l * 6;
    const w = sums[o];
    if (!(w > 0) || !(table[l * 4 + 3] > 0) || sums[o + 5] < 2 * MIN_PART_PIXELS) continue;
    const mr = sums[o + 1] / w;
    const mg = sums[o + 2] / w;
    const mb = sums[o + 3] / w;
    const variance = sums[o + 4] / w - (mr * mr + mg * mg + mb * mb);
    if (variance >= least) (mixed ??= new Uint8Array(count + 1))[l] = 1;
  }
  return mixed;
}

/** A colour bin of unpremultiplied channels (0-1), 5 bits each. */
function binOf(r: number, g: number, b: number, mask: number): number {
  const q = (v: number): number => Math.min(LEVELS - 1, Math.max(0, Math.floor((v / mask) * LEVELS)));
  return (q(r) << (2 * BITS)) | (q(g) << BITS) | q(b);
}

/** The split regions' colours: per region, its part (1-based) for each colour bin that seeds one. */
interface ColourParts {
  /** Per region, the number of parts it is split into (0: not split). */
  readonly parts: Int32Array;
  /** Region and bin (region * 32768 + bin: past 2^16 regions a shift would wrap) -> its part, for the bins that seed a part. */
  readonly partOfBin: Map<number, number>;
  /** Per split region, its parts' colours, part p at index p - 1. */
  readonly partColours: Map<number, PartColour[]>;
  /** Per split region, all its colours (its parts' first, as partColours; then its lesser ones). */
  readonly allColours: Map<number, PartColour[]>;
  /** The regions of one colour and its accents, and the paint each fills from (base-colour.ts). */
  readonly baseFills: PaintFill[];
}

/** The distinct colours of each mixed region, linked as the module says; undefined where no region splits or fills from a base. */
function colourParts(regions: RegionLabels, hint: HintPixelSource, mixed: Uint8Array): ColourParts | undefined {
  const { labels, region, count } = regions;
  // Per (region, bin): mask sum, premultiplied r, g, b sums, and pixels.
  const index = new Map<number, number>();
  let stats = new Float64Array(5 * 256);
  hint((from, to, r, g, b, mask) => {
    const bin = binOf(r, g, b, mask);
    forEachLabelRun(labels, from, to, (a, z, label) => {
      const l = region[label];
      if (mixed[l] !== 1) return;
      const key = l * LEVELS ** 3 + bin;
      let k = index.get(key);
      if (k === undefined) {
        k = index.size;
        index.set(key, k);
        if (5 * index.size > stats.length) {
          const grown = new Float64Array(2 * stats.length);
          grown.set(stats);
          stats = grown;
        }
      }
      const n = z - a;
      stats[5 * k] += n * mask;
      stats[5 * k + 1] += n * r;
      stats[5 * k + 2] += n * g;
      stats[5 * k + 3] += n * b;
      stats[5 * k + 4] += n;
    });
  });
  const binsOf = new Map<number, { key: number; k: number }[]>();
  for (const [key, k] of index) {
    const l = Math.floor(key / LEVELS ** 3);
    let list = binsOf.get(l);
    if (!list) binsOf.set(l, (list = []));
    list.push({ key, k });
  }
  const parts = new Int32Array(count + 1);
  const partOfBin = new Map<number, number>();
  const partColours = new Map<number, PartColour[]>();
  const allColours = new Map<number, PartColour[]>();
  const baseFills: PaintFill[] = [];
  let any = false;
  for (const [l, list] of binsOf) {
    const total = list.reduce((sum, { k }) => sum + stats[5 * k], 0);
    const nodes = list.filter(({ k }) => stats[5 * k] >= BRIDGE_SHARE * total).sort((p, q) => stats[5 * q.k] - stats[5 * p.k]).slice(0, MAX_BINS);
    const colour = nodes.map(({ k }) => [stats[5 * k + 1] / stats[5 * k], stats[5 * k + 2] / stats[5 * k], stats[5 * k + 3] / stats[5 * k]]);
    // Single linkage: union-find over the bins within APART of each other.
    const linked = new DisjointSets(nodes.length);
    const find = (i: number): number => linked.find(i);
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const dr = colour[i][0] - colour[j][0];
        const dg = colour[i][1] - colour[j][1];
        const db = colour[i][2] - colour[j][2];
        if (dr * dr + dg * dg + db * db <= APART * APART) linked.union(i, j);
      }
    }
    // Per linked colour (its root bin), its paint summed as stats: mask, premultiplied r, g, b, pixels.
    const paintOf = new Map<number, number[]>();
    nodes.forEach(({ k }, i) => {
      const c = find(i);
      const paint = paintOf.get(c) ?? [0, 0, 0, 0, 0];
      for (let v = 0; v < 5; v++) paint[v] += stats[5 * k + v];
      paintOf.set(c, paint);
    });
    const colourOf = (paint: readonly number[]): number[] => paint.slice(1, 4).map((v) => v / paint[0]);
    // A sky's or a ground's share is of the paint with a hue: a big white cloud does not shrink the grass's.
    let hued = 0;
    for (const paint of paintOf.values()) if (hueOf({ colour: colourOf(paint) })) hued += paint[0];
    // (At most 10: MIN_PART_SHARE each.)
    const major = [...paintOf.keys()].filter((c) => {
      const [weight, , , , pixels] = paintOf.get(c) ?? [0, 0, 0, 0, 0];
      return weight >= MIN_PART_SHARE * total && pixels >= MIN_PART_PIXELS;
    });
    if (major.length === 0) continue; // confetti: its mean
    // Every colour, the major ones first (part p at index p - 1).
    const everyColour = [...major, ...[...paintOf.keys()].filter((c) => !major.includes(c))].map((c) => {
      const paint = paintOf.get(c) ?? [0, 0, 0, 0, 0];
      const colour = colourOf(paint);
      return { share: paint[0] / (hueOf({ colour }) && hued > 0 ? hued : total), colour, paint };
    });
    if (major.length === 1) {
      // One colour and its accents: the shape fills from its base's paint (base-colour.ts), not their mean.
      const { paint, every } = basePaint(everyColour, 0);
      if (!every) baseFills.push({ region: l, paint });
      continue;
    }
    any = true;
    parts[l] = major.length;
    partColours.set(l, everyColour.slice(0, major.length));
    allColours.set(l, everyColour);
    nodes.forEach(({ key }, i) => {
      const part = major.indexOf(find(i));
      if (part >= 0) partOfBin.set(key, part + 1);
    });
  }
  return any || baseFills.length > 0 ? { parts, partOfBin, partColours, allColours, baseFills } : undefined;
}

/** What splitRegions makes of the mixed regions. */
interface SplitRegions {
  /** The regions with each split region's pixels labelled by part (`regions` itself where none is split). */
  readonly regions: RegionLabels;
  /** The number of the first part. */
  readonly firstPart: number;
  /** The split regions' runs of paint (from, to, ...) that slipped over a line, left out of their parts' fills (fill-overshoot.ts). */
  readonly leftOut: number[];
  /** The paint the parts of a sky and a ground fill from (groundPaint). */
  readonly groundFills: PaintFill[];
  /** A sky's and a ground's parts and strokes (fill-blend.ts). */
  readonly groundSplits: GroundSplit[];
  /** The regions kept one shape that fill from their base colour, and its paint (base-colour.ts). */
  readonly baseFills: PaintFill[];
}

/**
 * `regions` with each split region's pixels labelled by part, the parts
 * numbered after the regions (count + 1 ...) in region order; the split
 * regions keep their numbers, with no pixels left. A region whose parts all
 * join again (one open shape) keeps its pixels and fills from its base.
 */
function splitRegions(regions: RegionLabels, hint: HintPixelSource, colours: ColourParts, seedMask: number): SplitRegions {
  const { width, height, region, count } = regions;
  const { seeds, paint } = seedsOf(regions, hint, colours, seedMask);
  // Flooded first, all of them, on the labels as they are; written after.
  const split: { box: Box; partOf: Uint8Array; parts: number }[] = [];
  const leftOut: number[] = [];
  const groundFills: PaintFill[] = [];
  const baseFills = [...colours.baseFills];
  const groundSplits: GroundSplit[] = [];
  let nextPart = count + 1; // the region number the next split region's first part takes
  for (const box of boxesOf(regions, colours.parts)) {
    // Without the ends of strokes that slipped over a line into the shape beyond (fill-overshoot.ts).
    const base = box.region * LEVELS ** 3;
    const { seeds: boxSeeds, slipped: boxSlipped, runs: boxRuns } = withoutOvershoots(seeds.get(box.region) ?? [], paint.items, paint.length / 4, box, width, (bin) => colours.partOfBin.get(base + bin));
    // A sky and a ground first (from its colours and strokes alone), then whether it is the page around the
    // figures: panelBackground reads every pixel of the box, and most split regions (a face and its hair) have no such pair.
    const partColours = colours.partColours.get(box.region) ?? [];
    const strokes = strokeRows(boxSeeds, partColours.length, box, width);
    const pairs = groundPairs(partColours, strokes);
    const pageAround = pairs !== undefined && reachesTwoSides(box, width, height);
    const panel = pairs && !pageAround ? panelBackground(regions, box) : undefined;
    // In an empty frame only clear hues are a sky and a ground (fill-ground.ts): asked again, stricter.
    const apart = pageAround || panel === 'figures' ? pairs : panel === 'empty' ? groundPairs(partColours, strokes, true) : undefined;
    // One open shape in two colours (most of them): joined again without flooding its box, filled from its base.
    const joined = (): void => {
      const everyColour = colours.allColours.get(box.region) ?? [];
      const candidates = partColours.map((_, i) => i);
      // By part: colour p - 1.
      const shapes = strokesOfParts(boxRuns, width);
      const base = baseOf(everyColour, candidates, { longest: shapes.longest.subarray(1), elongation: shapes.elongation.subarray(1), count: shapes.count.subarray(1) });
      if (base === undefined) return;
      const { paint: basePaintSums, every } = basePaint(everyColour, base);
      if (!every) baseFills.push({ region: box.region, paint: basePaintSums });
    };
    if (!apart && allMeetInTheOpen(regions, box, boxSeeds, colours.parts[box.region], MAX_SEAM / 2)) {
      joined();
      continue;
    }
    const flooded = floodParts(regions, boxSeeds, box, colours.parts[box.region], apart);
    if (!flooded) {
      joined();
      continue;
    }
    // A sky's or a ground's part fills with its own colour's paint only: a lesser colour joined to it (a sun, a cloud) is a dab in it.
    if (apart) {
      groundFills.push(...groundPaint(partColours, apart, flooded.partNumber, nextPart));
      const ground = groundSplitOf(boxSeeds, flooded, nextPart);
      if (ground.parts.length >= 2) groundSplits.push(ground);
    }
    split.push({ box, partOf: flooded.partOf, parts: flooded.parts });
    nextPart += flooded.parts;
    for (const end of boxSlipped) leftOut.push(end);
  }
  if (split.length === 0) return { regions, firstPart: count + 1, leftOut, groundFills, groundSplits, baseFills };
  const firstLabel = region.length;
  const totalParts = nextPart - (count + 1);
  const labels = firstLabel + totalParts <= 0xffff || regions.labels instanceof Int32Array ? regions.labels : Int32Array.from(regions.labels);
  let base = firstLabel - 1;
  for (const { box, partOf, parts } of split) {
    for (let y = box.top; y <= box.bottom; y++) {
      for (let x = box.left, j = (y - box.top + 1) * (box.width + 2) + 1; x <= box.right; x++, j++) if (partOf[j] !== OUTSIDE) labels[y * width + x] = base + partOf[j];
    }
    base += parts;
  }
  const extended = new Int32Array(firstLabel + totalParts);
  extended.set(region);
  for (let j = 0; j < totalParts; j++) extended[firstLabel + j] = count + 1 + j;
  return { regions: { width, height, labels, region: extended, count: count + totalParts }, firstPart: count + 1, leftOut, groundFills, groundSplits, baseFills };
}

/** The rows each colour's strokes span (from `seeds`' runs: from, to, part, ...), in shares of `box`'s height (0-1). */
function strokeRows(seeds: readonly number[], parts: number, box: Box, width: number): StrokeRows[] {
  const top = new Float64Array(parts + 1).fill(Infinity);
  const bottom = new Float64Array(parts + 1).fill(-Infinity);
  for (let s = 0; s < seeds.length; s += 3) {
    const [y, part] = [Math.floor(seeds[s] / width), seeds[s + 2]];
    top[part] = Math.min(top[part], y);
    bottom[part] = Math.max(bottom[part], y);
  }
  const h = Math.max(1, box.bottom - box.top);
  // A colour with no seeds left (all its strokes slipped over a line) spans the box: never far from another.
  return Array.from({ length: parts }, (_, k) => (top[k + 1] <= bottom[k + 1] ? [(top[k + 1] - box.top) / h, (bottom[k + 1] - box.top) / h] : [0, 1]));
}

/**
 * A sky's and a ground's split for fill-blend.ts: the region numbers (from
 * `firstRegion`) of its parts that met in the open, and their strokes (the
 * seeds' runs, each colour's part as its region). A figure leaking in
 * through a gap in its outline met the page at the gap: the line the artist
 * meant is its seam, hard (blended, a red shirt open to an orange ground
 * glowed red around it).
 */
function groundSplitOf(seeds: readonly number[], flooded: FloodedParts, firstRegion: number): GroundSplit {
  const regionSeeds: number[] = [];
  for (let s = 0; s < seeds.length; s += 3) {
    const part = flooded.partNumber[seeds[s + 2]];
    if (flooded.openPart[part] === 1) regionSeeds.push(seeds[s], seeds[s + 1], firstRegion + part - 1);
  }
  const parts: number[] = [];
  for (let p = 1; p <= flooded.parts; p++) if (flooded.openPart[p] === 1) parts.push(firstRegion + p - 1);
  return { parts, seeds: regionSeeds };
}

/** floodParts' answer: see there. */
interface FloodedParts {
  readonly partOf: Uint8Array;
  readonly parts: number;
  readonly partNumber: Uint8Array;
  readonly openPart: Uint8Array;
}

/**
 * Per split region, its seeds as runs of pixel indices (from, to, part,
 * ...; a run is within one row): its pixels painted at least `seedMask` in a
 * colour that has a part. And, read with them, all paint at least
 * `seedMask` in the bins that have a part in some region, wherever it lies
 * (from, to, colour bin, region, ...; within a row, in index order): where
 * strokes cross lines (fill-overshoot.ts).
 */
function seedsOf(regions: RegionLabels, hint: HintPixelSource, colours: ColourParts, seedMask: number): { seeds: Map<number, number[]>; paint: IndexList } {
  const { labels, region, width } = regions;
  const { parts, partOfBin } = colours;
  const seeds = new Map<number, number[]>();
  const paint = new IndexList();
  const partBins = new Uint8Array(LEVELS ** 3);
  for (const key of partOfBin.keys()) partBins[key % LEVELS ** 3] = 1;
  hint((from, to, r, g, b, mask) => {
    if (mask < seedMask) return;
    const bin = binOf(r, g, b, mask);
    forEachLabelRun(labels, from, to, (a, z, label) => {
      const l = region[label];
      if (partBins[bin] === 1) {
        for (let start = a; start < z; ) {
          const end = Math.min(z, (Math.floor(start / width) + 1) * width);
          paint.push(start);
          paint.push(end);
          paint.push(bin);
          paint.push(l);
          start = end;
        }
      }
      if (parts[l] === 0) return;
      const part = partOfBin.get(l * LEVELS ** 3 + bin);
      if (part === undefined) return;
      let list = seeds.get(l);
      if (!list) seeds.set(l, (list = []));
      for (let start = a; start < z; ) {
        const end = Math.min(z, (Math.floor(start / width) + 1) * width); // a kept run may go on into the next row
        list.push(start, end, part);
        start = end;
      }
    });
  });
  return { seeds, paint };
}

/** A split region's bounding box (inclusive). */
interface Box extends RegionBox {
  readonly width: number;
}

/** The bounding boxes of the regions with parts > 0. */
function boxesOf(regions: RegionLabels, parts: Int32Array): Box[] {
  const { width, height, labels, region, count } = regions;
  const left = new Int32Array(count + 1).fill(width);
  const right = new Int32Array(count + 1).fill(-1);
  const top = new Int32Array(count + 1).fill(height);
  const bottom = new Int32Array(count + 1).fill(-1);
  const split = Uint8Array.from(region, (r) => (parts[r] > 0 ? 1 : 0));
  for (let y = 0, base = 0; y < height; y++, base += width) {
    forEachLabelRun(labels, base, base + width, (from, to, label) => {
      if (split[label] === 0) return;
      const l = region[label];
      left[l] = Math.min(left[l], from - base);
      right[l] = Math.max(right[l], to - 1 - base);
      top[l] = Math.min(top[l], y);
      bottom[l] = y;
    });
  }
  const boxes: Box[] = [];
  for (let l = 1; l <= count; l++) {
    if (parts[l] > 0 && right[l] >= 0) boxes.push({ region: l, left: left[l], top: top[l], right: right[l], bottom: bottom[l], width: right[l] - left[l] + 1 });
  }
  return boxes;
}

/** In floodParts' part plane: a pixel of the box outside the region (ink, another region), or its border. */
const OUTSIDE = 255;

/**
 * The part (1-based; OUTSIDE outside the region) of each pixel of `box`'s
 * region, on the box with a one-pixel border (row length box.width + 2),
 * grown from its colours' strokes (`seeds`: runs of pixel indices as from,
 * to, part, ...) by a seeded watershed on the capped distance to ink, parts
 * whose fronts meet in the open (MAX_SEAM) or where neither opens out
 * (SADDLE) joined (never pairs `apart` flags, p * (parts + 1) + q for
 * p < q: a sky and a ground), and the parts left; undefined where they all
 * are joined; `partNumber` gives each colour's part among those left,
 * `openPart` 1 for each part left of a sky and a ground that met in the
 * open (openParts).
 * Two bytes a pixel of the box: the part plane and the ground (where a sky and a ground meet halfway,
 * another byte and a queue of up to 4 bytes a pixel of theirs: meetHalfway).
 */
function floodParts(regions: RegionLabels, seeds: readonly number[], box: Box, parts: number, apart?: Uint8Array): FloodedParts | undefined {
  const { width, labels, region } = regions;
  const w = box.width;
  const h = box.bottom - box.top + 1;
  const pw = w + 2;
  const partOf = new Uint8Array(pw * (h + 2)).fill(OUTSIDE);
  for (let y = 0; y < h; y++) {
    const base = (box.top + y) * width;
    const row = (y + 1) * pw + 1 - box.left;
    forEachLabelRun(labels, base + box.left, base + box.right + 1, (from, to, label) => {
      if (region[label] === box.region) partOf.fill(0, row + from - base, row + to - base);
    });
  }
  const seeded = new Set<number>();
  for (let k = 2; k < seeds.length; k += 3) seeded.add(seeds[k]);
  if (seeded.size < 2) return undefined;
  const ground = groundOf(partOf, w, h, box, regions);
  const queue = new LevelQueue(REACH_CAP + 1);
  // Where a sky and a ground are kept apart, their halfway re-flood starts from their own strokes: a lesser
  // colour's (a cloud's white dab up in the sky, joined to the grass it met first) would flood its part from there.
  const seedPixels = new IndexList();
  const inPair = new Uint8Array(parts + 1);
  if (apart) for (let p = 1; p <= parts; p++) for (let q = p + 1; q <= parts; q++) if (apart[p * (parts + 1) + q] === 1) inPair[p] = inPair[q] = 1;
  for (let k = 0; k < seeds.length; k += 3) {
    const y = Math.floor(seeds[k] / width);
    const row = (y - box.top + 1) * pw + 1 - y * width - box.left;
    for (let i = seeds[k]; i < seeds[k + 1]; i++) {
      const j = row + i;
      if (partOf[j] !== 0) continue;
      partOf[j] = seeds[k + 2];
      queue.push(ground[j], j);
      if (inPair[seeds[k + 2]] === 1) seedPixels.push(j);
    }
  }
  // Flood: the lowest ground first (the open middle), never back down below the level reached.
  // Two parts whose fronts meet where the shape is MAX_SEAM wide or more are one open shape: joined.
  const joined = new DisjointSets(parts + 1);
  const find = (p: number): number => joined.find(p);
  let separate = parts;
  // Sets holding a pair `apart` flags are never joined, not even through a lesser colour both meet (a sun in the sky beside the ground).
  const keptApart = (a: number, b: number): boolean => {
    if (!apart) return false;
    for (let p = 1; p <= parts; p++) {
      if (find(p) !== a) continue;
      for (let q = 1; q <= parts; q++) if (find(q) === b && apart[Math.min(p, q) * (parts + 1) + Math.max(p, q)] === 1) return true;
    }
    return false;
  };
  const openGround = REACH_CAP - MAX_SEAM / 2;
  // Per pair of parts, the lowest ground where their fronts met (above REACH_CAP: never met); per part, its lowest ground.
  const meet = new Int32Array((parts + 1) * (parts + 1)).fill(REACH_CAP + 1);
  const lowest = new Int32Array(parts + 1).fill(REACH_CAP + 1);
  const steps = [-1, 1, -pw, pw]; // the border is OUTSIDE: no neighbour falls off the plane
  for (let level = 0; level <= REACH_CAP; ) {
    const j = queue.pop(level);
    if (j < 0) {
      level++;
      continue;
    }
    const part = partOf[j];
    for (let n = 0; n < 4; n++) {
      const k = j + steps[n];
      const other = partOf[k];
      if (other === OUTSIDE) continue;
      if (other === 0) {
        partOf[k] = part;
        queue.push(ground[k] > level ? ground[k] : level, k);
      } else if (other !== part) {
        const pair = Math.min(part, other) * (parts + 1) + Math.max(part, other);
        if (ground[j] < meet[pair]) meet[pair] = ground[j];
        if (ground[j] > openGround) continue;
        const [a, b] = [find(part), find(other)];
        if (a === b || keptApart(a, b)) continue;
        joined.union(a, b);
        if (--separate === 1) return undefined; // all one open shape: no need to flood the rest
      }
    }
  }
  // Pixels no stroke reached (joined to the rest only through a corner): the first part.
  for (let j = 0; j < partOf.length; j++) {
    if (partOf[j] === 0) partOf[j] = 1;
    if (partOf[j] !== OUTSIDE && ground[j] < lowest[partOf[j]]) lowest[partOf[j]] = ground[j];
  }
  // Parts that met only where neither opens out beyond the meeting (strands of hair, a hair mass of
  // them) are one shape painted in two colours, not two shapes behind a gap: joined too.
  for (let changed = true; changed && separate > 1; ) {
    changed = false;
    const open = Int32Array.from({ length: parts + 1 }, () => REACH_CAP + 1);
    for (let p = 1; p <= parts; p++) open[find(p)] = Math.min(open[find(p)], lowest[p]);
    for (let p = 1; p <= parts; p++) {
      for (let q = p + 1; q <= parts; q++) {
        const at = meet[p * (parts + 1) + q];
        const [a, b] = [find(p), find(q)];
        if (at > REACH_CAP || a === b || (open[a] <= at - SADDLE && open[b] <= at - SADDLE) || keptApart(a, b)) continue;
        joined.union(a, b);
        changed = true;
        if (--separate === 1) return undefined;
      }
    }
  }
  const open = apart && openParts(apart, meet, lowest, parts, find);
  if (open) meetHalfway(partOf, pw, seedPixels, open);
  // The parts left, numbered 1 .. count in the order of their lowest part.
  const number = new Uint8Array(parts + 1);
  let count = 0;
  for (let p = 1; p <= parts; p++) if (find(p) === p) number[p] = ++count;
  const renumbered = new Uint8Array(256).fill(OUTSIDE);
  for (let p = 1; p <= parts; p++) renumbered[p] = number[find(p)];
  for (let j = 0; j < partOf.length; j++) partOf[j] = renumbered[partOf[j]];
  const openPart = new Uint8Array(count + 1);
  if (open) for (let p = 1; p <= parts; p++) if (open[p] === 1) openPart[renumbered[p]] = 1;
  return { partOf, parts: count, partNumber: renumbered, openPart };
}

/**
 * Per part, 1 where it belongs to a sky and a ground that met in the open,
 * with the parts joined to either (a sun in the sky); undefined where no
 * such pair met. The sky and the ground are the parts joined to each colour
 * of a pair kept `apart`; they met where any part of one met any part of
 * the other (`meet`): a cloud's dab joined to the grass can lie between
 * the sky's strokes and the grass's, so that the sky met only the cloud
 * (a review, session 28: the sky kept only its strokes). In the open means
 * other than at a gap between two wider shapes: at least one side opens
 * out no more than SADDLE beyond the meeting, by its parts' `lowest`
 * ground. A figure leaking into the page through a gap in its outline
 * meets it at the gap, open on both sides: not here. (Nor can the
 * meeting's own level tell: a grass painted by the frame was met at its
 * strokes, high on the ground.)
 */
function openParts(apart: Uint8Array, meet: Int32Array, lowest: Int32Array, parts: number, find: (p: number) => number): Uint8Array | undefined {
  const n = parts + 1;
  // The joined sets holding a sky and a ground (by their roots), and each set's lowest ground.
  const groundSets = new Uint8Array(n * n);
  const setLowest = new Int32Array(n).fill(REACH_CAP + 1);
  for (let p = 1; p <= parts; p++) {
    setLowest[find(p)] = Math.min(setLowest[find(p)], lowest[p]);
    for (let q = p + 1; q <= parts; q++) if (apart[p * n + q] === 1) groundSets[find(p) * n + find(q)] = groundSets[find(q) * n + find(p)] = 1;
  }
  let open: Uint8Array | undefined;
  for (let p = 1; p <= parts; p++) {
    for (let q = p + 1; q <= parts; q++) {
      const at = meet[p * n + q];
      const [a, b] = [find(p), find(q)];
      if (a === b || groundSets[a * n + b] !== 1 || at > REACH_CAP) continue;
      if (setLowest[a] <= at - SADDLE && setLowest[b] <= at - SADDLE && at > REACH_CAP - MAX_SEAM / 2) continue;
      open ??= new Uint8Array(n);
      for (let r = 1; r <= parts; r++) if (find(r) === a || find(r) === b) open[r] = 1;
    }
  }
  return open;
}

/**
 * A sky and a ground that met in the open (`open` parts, see openParts)
 * meet halfway between their strokes: their pixels are flooded again
 * breadth first from the sky's and the ground's seed pixels (`seeds`,
 * indices into the padded plane `partOf`, `pw` wide; not a lesser colour's:
 * a sun or a cloud is a dab in whichever part reaches it first), every
 * front at one speed. By the ground
 * alone the stroke nearest the open middle flooded all of it first: a
 * panel's grass painted a little nearer its frame than its sky kept only
 * its strokes, and a grass stroke on one side of a figure nearer a line
 * than on the other made the horizon a diagonal (a review). Pixels no
 * seed reaches this way keep their part. (All the open parts of a region
 * are flooded again together: two of them that met only at a gap, each
 * open to a third, could now meet across it. Not seen; not tested.)
 */
function meetHalfway(partOf: Uint8Array, pw: number, seeds: IndexList, open: Uint8Array): void {
  const before = partOf.slice();
  const queue = new IndexList();
  for (let j = 0; j < partOf.length; j++) if (partOf[j] !== OUTSIDE && open[partOf[j]] === 1) partOf[j] = 0;
  for (let k = 0; k < seeds.length; k++) {
    const j = seeds.items[k];
    if (open[before[j]] !== 1 || partOf[j] !== 0) continue;
    partOf[j] = before[j];
    queue.push(j);
  }
  const steps = [-1, 1, -pw, pw];
  for (let head = 0; head < queue.length; head++) {
    const j = queue.items[head];
    for (const step of steps) {
      const k = j + step;
      if (partOf[k] !== 0) continue;
      partOf[k] = partOf[j];
      queue.push(k);
    }
  }
  for (let j = 0; j < partOf.length; j++) if (partOf[j] === 0) partOf[j] = before[j];
}

/**
 * The watershed's ground on `partOf`'s plane (box and border): REACH_CAP
 * minus the distance to the nearest pixel outside the region (ink, another
 * region), capped; the canvas's own edge is no wall. Chamfer 3-4 distances,
 * two passes; the border is a wall where the box's side is inside the
 * canvas (a tight box has no region pixels past it), else open.
 */
function groundOf(partOf: Uint8Array, w: number, h: number, box: Box, regions: RegionLabels): Uint8Array {
  const cap = 3 * REACH_CAP;
  const pw = w + 2;
  const d = new Uint8Array(pw * (h + 2)); // capped at 3 x REACH_CAP (+ 4) < 256
  const open = (side: boolean): number => (side ? cap : 0);
  d.fill(open(box.top === 0), 0, pw);
  d.fill(open(box.bottom === regions.height - 1), (h + 1) * pw, (h + 2) * pw);
  for (let y = 1; y <= h; y++) {
    d[y * pw] = open(box.left === 0);
    d[y * pw + w + 1] = open(box.right === regions.width - 1);
  }
  for (let y = 1; y <= h; y++) {
    for (let j = y * pw + 1, end = j + w; j < end; j++) {
      if (partOf[j] === OUTSIDE) continue;
      d[j] = Math.min(cap, d[j - 1] + 3, d[j - pw] + 3, d[j - pw - 1] + 4, d[j - pw + 1] + 4);
    }
  }
  for (let y = h; y >= 1; y--) {
    for (let j = y * pw + w, end = y * pw; j > end; j--) {
      if (partOf[j] === OUTSIDE) continue;
      d[j] = Math.min(d[j], d[j + 1] + 3, d[j + pw] + 3, d[j + pw + 1] + 4, d[j + pw - 1] + 4);
    }
  }
  // The ground, written over the distances (the border is OUTSIDE: never read as ground).
  for (let j = 0; j < d.length; j++) if (partOf[j] !== OUTSIDE) d[j] = REACH_CAP - Math.min(REACH_CAP, Math.floor(d[j] / 3));
  return d;
}

/** A queue per level, each first in first out: the watershed's flooding order. */
class LevelQueue {
  private readonly lists: IndexList[];
  private readonly heads: Int32Array;

  constructor(levels: number) {
    this.lists = Array.from({ length: levels }, () => new IndexList());
    this.heads = new Int32Array(levels);
  }

  push(level: number, value: number): void {
    const list = this.lists[level];
    const head = this.heads[level];
    if (list.length === list.items.length && 2 * head >= list.length) {
      // Half of it taken already: moved down, so a queue holds its front, not every pixel it ever held.
      list.items.copyWithin(0, head, list.length);
      list.length -= head;
      this.heads[level] = 0;
    }
    list.push(value);
  }

  /** The next value of `level`, or -1 where it has none left. */
  pop(level: number): number {
    const list = this.lists[level];
    return this.heads[level] < list.length ? list.items[this.heads[level]++] : -1;
  }
}
