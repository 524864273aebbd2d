/**
 * The end of a stroke that overshot a line, kept from seeding its colour's
 * part in a split region (fill-split.ts).
 *
 * Why: spill.ts takes such a slip out of the hint only where the line
 * parts two regions. Where a gap elsewhere makes both sides one region, the
 * slip stays, and the split's watershed grew its colour's part from it:
 * a skin stroke carried 30 px over a line into a hair strand turned the
 * strand skin, a hair stroke's tip 20 px into the forehead turned the
 * forehead above the brows brown (the README portrait with the line
 * between face and hair opened, the review after session 25). Before the
 * split the region's mean hid both. Paint that crossed a line belongs to
 * the side most of its stroke is on: the slipped end is flooded as
 * unpainted, and left out of the fill of the part it lands in (in it, the
 * brown tip darkened the whole face's skin). It stays in the hint for the
 * network, as every stroke does.
 *
 * How, per split region and from runs only (no pass over its box): a
 * stroke is its seeds of one part joined (8-neighbours) through each other
 * and through paint of that part lying outside the region, on ink or on the
 * slivers of paper between close lines that are regions of their own (the
 * gap closing's: a hair stroke crosses line, sliver, line); a piece is its
 * seeds joined without those (4-neighbours, as the region's pixels are). A piece is a
 * slipped end, in the spirit of spill.ts's rules, when the stroke's largest
 * piece holds FOLLOWED_SHARE of its seeds, the piece at most SPILL_SHARE,
 * and it is a stub: at most STUB_WIDTHS stroke widths long (pixels over
 * the width squared). An overshoot that is a stroke's whole other half, or
 * a stroke painted across strands with no main piece, seeds as before.
 */
import { DisjointSets } from './disjoint-sets';
import type { HintPixelSource } from './regions';
import { FOLLOWED_SHARE, SPILL_SHARE } from './spill';

/**
 * A piece up to this many of its stroke's widths long is a stub. Longer
 * than spill.ts's (2): a stub here is only kept from seeding, its paint
 * stays, and the review's overshoots were 2-3 widths long.
 */
export const STUB_WIDTHS = 4;

/** A split region and its bounding box (inclusive pixel bounds). */
export interface OvershootRegion {
  readonly region: number;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * `seeds` (runs of pixel indices within a row, in index order: from, to, part, ...) of the
 * region in `box`, without its strokes' slipped ends (see the module
 * comment), `seeds` itself where none is; the runs taken out (from,
 * to, ...); and the runs it read (for strokesOfParts). `paint` is the hint's paint
 * strong enough to seed, in the colour bins that have a part somewhere, as
 * runs within a row: from, to, colour bin, region (0: ink), ... in index
 * order (`paintRuns` of them); `partOf` gives a bin's part in this region,
 * if it has one. `width` is the canvas's.
 */
export function withoutOvershoots(seeds: readonly number[], paint: ArrayLike<number>, paintRuns: number, box: OvershootRegion, width: number, partOf: (bin: number) => number | undefined): { seeds: readonly number[]; slipped: number[]; runs: RegionRuns } {
  const runs = regionRuns(seeds, paint, paintRuns, box, width, partOf);
  const { seedRuns } = runs;
  const n = runs.runs.length / 4;
  if (n === seedRuns) return { seeds, slipped: [], runs }; // no paint outside: nothing crossed a line
  const stroke = new DisjointSets(n);
  const piece = new DisjointSets(n);
  joinTouching(runs.runs, runs.order, width, stroke, piece);
  // Per stroke root: its pixels and box, and its seeded pixels; per piece root: pixels.
  const { bounds, area } = strokeBoxes(runs.runs, n, stroke, width);
  const seeded = new Float64Array(n);
  const pieceSize = new Float64Array(n);
  for (let i = 0; i < seedRuns; i++) {
    const pixels = runs.runs[4 * i + 1] - runs.runs[4 * i];
    seeded[stroke.find(i)] += pixels;
    pieceSize[piece.find(i)] += pixels;
  }
  const largest = new Float64Array(n);
  for (let i = 0; i < seedRuns; i++) largest[stroke.find(i)] = Math.max(largest[stroke.find(i)], pieceSize[piece.find(i)]);
  const kept: number[] = [];
  const slipped: number[] = [];
  for (let i = 0; i < seedRuns; i++) {
    const s = stroke.find(i);
    const size = pieceSize[piece.find(i)];
    const strokeWidth = area[s] / Math.max(1, Math.hypot(bounds[4 * s + 1] - bounds[4 * s] + 1, bounds[4 * s + 3] - bounds[4 * s + 2] + 1));
    const stub = size < largest[s] && largest[s] >= FOLLOWED_SHARE * seeded[s] && size <= SPILL_SHARE * seeded[s] && size <= STUB_WIDTHS * strokeWidth * strokeWidth;
    if (stub) slipped.push(runs.runs[4 * i], runs.runs[4 * i + 1]);
    else kept.push(runs.runs[4 * i], runs.runs[4 * i + 1], runs.runs[4 * i + 2]);
  }
  return { seeds: slipped.length === 0 ? seeds : kept, slipped, runs };
}

/**
 * Per stroke root (a run of `stroke`), the box (min x, max x, min y, max y;
 * -1 where the run is no root) and pixels of the first `count` of `runs`
 * (from, to, ...; 4 numbers a run) of a canvas `width` wide.
 */
function strokeBoxes(runs: readonly number[], count: number, stroke: DisjointSets, width: number): { bounds: Int32Array; area: Float64Array } {
  const bounds = new Int32Array(4 * count).fill(-1);
  const area = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const s = stroke.find(i);
    const [from, to] = [runs[4 * i], runs[4 * i + 1]];
    const y = Math.floor(from / width);
    const [x0, x1] = [from - y * width, to - 1 - y * width];
    if (bounds[4 * s] < 0) bounds.set([x0, x1, y, y], 4 * s);
    else bounds.set([Math.min(bounds[4 * s], x0), Math.max(bounds[4 * s + 1], x1), Math.min(bounds[4 * s + 2], y), Math.max(bounds[4 * s + 3], y)], 4 * s);
    area[s] += to - from;
  }
  return { bounds, area };
}

/**
 * The shapes of the strokes of a region, per part (see partStrokes): the
 * `runs` withoutOvershoots read for it (its seeds as they came, a slipped
 * end measured as the piece of its stroke in the region), joined. For the
 * shapes kept whole (base-colour.ts), only where one is: most split regions
 * need none.
 */
export function strokesOfParts({ runs, seedRuns, order }: RegionRuns, width: number): PartStrokes {
  const stroke = new DisjointSets(runs.length / 4);
  joinTouching(runs, order, width, stroke);
  return partStrokes(runs, seedRuns, stroke, width);
}

/** A split region's runs (regionRuns). */
export interface RegionRuns {
  /** from, to, part, seed (1) or outside (0), ...: its seeds, then its parts' paint outside it in its box. */
  readonly runs: number[];
  /** How many of them are seeds (the first ones). */
  readonly seedRuns: number;
  /** The runs sorted by index. */
  readonly order: Int32Array;
}

/**
 * The runs of the region in `box` (from, to, part, seed (1) or outside
 * (0), ...): its `seeds`, then the paint of its parts outside it within its
 * box (clipped to it); `order` sorts them by index.
 */
function regionRuns(seeds: readonly number[], paint: ArrayLike<number>, paintRuns: number, box: OvershootRegion, width: number, partOf: (bin: number) => number | undefined): RegionRuns {
  const runs: number[] = [];
  for (let k = 0; k < seeds.length; k += 3) runs.push(seeds[k], seeds[k + 1], seeds[k + 2], 1);
  const seedRuns = runs.length / 4;
  // Row by row, from the run at the box's left edge (a binary search) to its right edge: not the
  // whole width of the page's rows, which a soft brush makes a run per pixel (a review: 7 s at 4,096).
  for (let y = box.top; y <= box.bottom; y++) {
    const row = y * width;
    const first = Math.max(firstRunFrom(paint, paintRuns, row), firstRunFrom(paint, paintRuns, row + box.left + 1) - 1);
    for (let k = first, end = row + box.right + 1; k < paintRuns && paint[4 * k] < end; k++) {
      if (paint[4 * k + 1] <= row + box.left || paint[4 * k + 3] === box.region) continue;
      const from = Math.max(paint[4 * k], row + box.left);
      const to = Math.min(paint[4 * k + 1], end);
      const part = from < to ? partOf(paint[4 * k + 2]) : undefined;
      if (part !== undefined) runs.push(from, to, part, 0);
    }
  }
  const n = runs.length / 4;
  // The seeds and the paint outside each come in index order: merged, not sorted.
  const order = new Int32Array(n);
  for (let k = 0, a = 0, b = seedRuns; k < n; k++) order[k] = b >= n || (a < seedRuns && runs[4 * a] <= runs[4 * b]) ? a++ : b++;
  return { runs, seedRuns, order };
}

/** The shapes of a split region's strokes, per part (index 0 unused; base-colour.ts). */
export interface PartStrokes {
  /** The longer side of the box of its longest stroke's pixels in the region. */
  readonly longest: Int32Array;
  /** The most elongated of its strokes: the longer side squared over its pixels in the region (a disc 1.3, a line ten times as long as wide 10). */
  readonly elongation: Float64Array;
  /** How many strokes it has in the region. */
  readonly count: Int32Array;
}

/**
 * `runs`' (from, to, part, seed, ...; the first `seedRuns` the seeds)
 * strokes joined in `stroke`, measured on their seeds, per part: a stroke
 * laid across strands of hair is one stroke however many lines it
 * crosses, and a neighbour's stroke that slipped over a line into the
 * region is only its slipped end.
 */
function partStrokes(runs: readonly number[], seedRuns: number, stroke: DisjointSets, width: number): PartStrokes {
  let parts = 0;
  for (let k = 2; k < 4 * seedRuns; k += 4) parts = Math.max(parts, runs[k]);
  // Per stroke root, the box and pixels of its seeds. A root is its stroke's smallest run, and seeds come
  // first: a stroke holding a seed has a seed for its root.
  const { bounds, area } = strokeBoxes(runs, seedRuns, stroke, width);
  const longest = new Int32Array(parts + 1);
  const elongation = new Float64Array(parts + 1);
  const count = new Int32Array(parts + 1);
  for (let s = 0; s < seedRuns; s++) {
    if (bounds[4 * s] < 0) continue; // not a stroke's first seed
    const side = Math.max(bounds[4 * s + 1] - bounds[4 * s] + 1, bounds[4 * s + 3] - bounds[4 * s + 2] + 1);
    const part = runs[4 * s + 2];
    longest[part] = Math.max(longest[part], side);
    elongation[part] = Math.max(elongation[part], (side * side) / area[s]);
    count[part]++;
  }
  return { longest, elongation, count };
}

/** `hint` without the pixels of `runs` (from, to, ...; not overlapping, in any order). */
export function hintWithout(hint: HintPixelSource, runs: readonly number[]): HintPixelSource {
  const order = Int32Array.from({ length: runs.length / 2 }, (_, k) => k).sort((p, q) => runs[2 * p] - runs[2 * q]);
  const starts = Float64Array.from(order, (k) => runs[2 * k]);
  const ends = Float64Array.from(order, (k) => runs[2 * k + 1]);
  return (visit) => {
    let k = 0; // the first run not ending before the one visited (the hint's runs come in index order)
    hint((from, to, r, g, b, mask) => {
      while (k < ends.length && ends[k] <= from) k++;
      for (let j = k, at = from; at < to; j++) {
        const cut = j < starts.length ? Math.min(to, starts[j]) : to;
        if (at < cut) visit(at, cut, r, g, b, mask);
        if (j >= starts.length || starts[j] >= to) return;
        at = Math.max(at, ends[j]);
      }
    });
  };
}

/** The first of `count` runs (from, to, bin, region, ...; in index order) that starts at or after `start`. */
function firstRunFrom(paint: ArrayLike<number>, count: number, start: number): number {
  let [lo, hi] = [0, count];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (paint[4 * mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Joins runs (from, to, part, seed, ...; `order` sorts them by from) of one
 * part that touch: in `stroke` as 8-neighbours, any of them; in `piece`, if
 * given, as 4-neighbours, seeds only. Runs of a row do not overlap.
 */
function joinTouching(runs: readonly number[], order: Int32Array, width: number, stroke: DisjointSets, piece?: DisjointSets): void {
  let above = 0; // the row above's runs: order[above .. aboveEnd)
  let aboveEnd = 0;
  for (let k = 0; k < order.length; ) {
    const y = Math.floor(runs[4 * order[k]] / width);
    const rowStart = k;
    if (aboveEnd === 0 || Math.floor(runs[4 * order[above]] / width) !== y - 1) above = aboveEnd = rowStart; // no row right above
    for (let a = above; k < order.length && Math.floor(runs[4 * order[k]] / width) === y; k++) {
      const i = order[k];
      const [from, to, part, seed] = [runs[4 * i] - y * width, runs[4 * i + 1] - y * width, runs[4 * i + 2], runs[4 * i + 3]];
      if (k > rowStart) {
        const before = order[k - 1];
        if (runs[4 * before + 1] - y * width === from && runs[4 * before + 2] === part) {
          stroke.union(i, before);
          if (piece && seed && runs[4 * before + 3]) piece.union(i, before);
        }
      }
      while (a < aboveEnd && runs[4 * order[a] + 1] - (y - 1) * width < from) a++; // ends left of from - 1
      for (let b = a; b < aboveEnd && runs[4 * order[b]] - (y - 1) * width <= to; b++) {
        const j = order[b];
        if (runs[4 * j + 2] !== part) continue;
        stroke.union(i, j);
        const [jFrom, jTo] = [runs[4 * j] - (y - 1) * width, runs[4 * j + 1] - (y - 1) * width];
        if (piece && seed && runs[4 * j + 3] && jFrom < to && from < jTo) piece.union(i, j);
      }
    }
    above = rowStart;
    aboveEnd = k;
  }
}
