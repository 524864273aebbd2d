/**
 * Paint that slipped over a line, left out of the colour a region is told.
 *
 * An artist's rough stroke across a shape often runs a little past its
 * outline into the next shape: the end of a ground stroke over the arm
 * beside it, a sky stroke grazing a face. The region fill (regions.ts)
 * averages every painted pixel of a region, so that sliver alone made the
 * whole arm green, or the face the mean of skin and sky (an artist's
 * walkthrough, session 17). Training strokes never cross lines
 * (training/hints.py), so the network takes such a sliver for a deliberate
 * dab in the neighbouring shape; the artist meant the shape the rest of the
 * stroke is in.
 *
 * A stroke here is painted pixels connected (8-neighbours) through pixels
 * of about the same colour (COLOUR_TOLERANCE, unpremultiplied: a soft
 * brush's faint edge belongs to its stroke, a stroke of another colour
 * touching it does not). A piece is the part of a stroke in one region.
 * A piece is a spill when it holds at most SPILL_SHARE of its stroke's
 * paint, the stroke's largest piece at least FOLLOWED_SHARE (a stroke
 * painted across several small shapes on purpose, strands of hair, has no
 * dominant piece and keeps all of them), and it is a stub (SLIP_WIDTHS).
 * Ink (region 0) counts for nothing.
 *
 * Only where the colour of a region comes from: the painted pixels
 * themselves still reach the network as painted, and the stroke blend
 * (stroke-blend.ts, same shares) takes care of how they look.
 */
import { IndexList, type RegionLabels } from './paper-regions';
import type { HintPixelSource } from './regions';

/** A piece with at most this share of its stroke's paint can be a spill... */
export const SPILL_SHARE = 0.25;
/** ...when the stroke's largest piece holds at least this share. */
export const FOLLOWED_SHARE = 0.5;
/**
 * ...and when it is a stub at most this many of the stroke's widths long
 * (its pixels at most SLIP_WIDTHS x width^2): the hood half of a long
 * stroke down a cloak and hood, a fifth of it, was painted there on purpose
 * (the README example's cloak); a brush's overshoot past a line is a stub.
 */
const SLIP_WIDTHS = 2;
/** Painted neighbours whose colours (0..1 a channel, unpremultiplied) differ by at most this are one stroke. */
const COLOUR_TOLERANCE = 0.1;

/** A growable list of float32 values. */
class FloatList {
  items = new Float32Array(4096);
  length = 0;

  push4(a: number, b: number, c: number, d: number): void {
    if (this.length + 4 > this.items.length) {
      const grown = new Float32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    const o = this.length;
    this.items[o] = a;
    this.items[o + 1] = b;
    this.items[o + 2] = c;
    this.items[o + 3] = d;
    this.length += 4;
  }
}

/** The hint's runs, kept so that they can be visited again without a spill, and grouped into strokes. */
interface Runs {
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** r, g, b (premultiplied) and mask per run. */
  readonly values: Float32Array;
  readonly count: number;
  /** Each run's stroke: a run index, the same for every run of a stroke. */
  readonly stroke: Int32Array;
}

/**
 * `hint` without its spills over the lines of `regions` (a canvas `width`
 * pixels wide): the same runs with the same values, in the same order, less
 * the pixels of spilled pieces. Where nothing spilled it visits exactly what
 * `hint` does, so the fill's sums are unchanged.
 */
export function withoutSpills(regions: RegionLabels, hint: HintPixelSource): HintPixelSource {
  const runs = strokeRuns(hint, regions.width);
  const { spilled, strokes } = spilledPieces(runs, regions);
  if (spilled.size === 0) return (visit) => visitRuns(runs, visit);
  const { labels, region } = regions;
  const pieces = regions.count + 1;
  return (visit) => {
    const { from, to, values, stroke } = runs;
    for (let k = 0; k < runs.count; k++) {
      const o = 4 * k;
      if (strokes[stroke[k]] === 0) {
        visit(from[k], to[k], values[o], values[o + 1], values[o + 2], values[o + 3]);
        continue;
      }
      // Segment by segment of one region: those of spilled pieces are left out.
      const base = stroke[k] * pieces;
      for (let i = from[k]; i < to[k]; ) {
        const l = region[labels[i]];
        let end = i + 1;
        while (end < to[k] && region[labels[end]] === l) end++;
        if (!spilled.has(base + l)) visit(i, end, values[o], values[o + 1], values[o + 2], values[o + 3]);
        i = end;
      }
    }
  };
}

function visitRuns(runs: Runs, visit: Parameters<HintPixelSource>[0]): void {
  const { from, to, values } = runs;
  for (let k = 0; k < runs.count; k++) visit(from[k], to[k], values[4 * k], values[4 * k + 1], values[4 * k + 2], values[4 * k + 3]);
}

/** Whether two runs' colours (premultiplied values at offsets a and b) are one stroke's. */
function sameColour(values: Float32Array, a: number, b: number): boolean {
  const ma = values[a + 3];
  const mb = values[b + 3];
  for (let c = 0; c < 3; c++) if (Math.abs(values[a + c] / ma - values[b + c] / mb) > COLOUR_TOLERANCE) return false;
  return true;
}

/** Reads the hint's runs (neighbouring runs of equal values merged: a resampled hint comes pixel by pixel) and joins them into strokes. */
function strokeRuns(hint: HintPixelSource, width: number): Runs {
  const from = new IndexList();
  const to = new IndexList();
  const values = new FloatList();
  const parent = new IndexList();
  const find = (k: number): number => {
    const p = parent.items;
    while (p[k] !== k) {
      p[k] = p[p[k]];
      k = p[k];
    }
    return k;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.items[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  let row = -1;
  let rowStart = 0; // first run of the current row
  let above = 0; // first run of the row above that may still touch
  let aboveEnd = 0; // end of the row above's runs
  /** Joins run k with the runs of the row above touching columns [x0 - 1, x1] (8-neighbours). */
  const joinAbove = (k: number, y: number, x0: number, x1: number): void => {
    const upper = (y - 1) * width;
    // Runs ending left of x0 - 1 touch no later run of this row either.
    while (above < aboveEnd && to.items[above] - upper < x0) above++;
    for (let j = above; j < aboveEnd && from.items[j] - upper <= x1; j++) {
      if (sameColour(values.items, 4 * k, 4 * j)) union(k, j);
    }
  };
  hint((f, t, r, g, b, m) => {
    const k = from.length;
    const y = Math.floor(f / width);
    if (k > rowStart && y === row && f === to.items[k - 1]) {
      const o = 4 * (k - 1);
      const v = values.items;
      if (v[o] === r && v[o + 1] === g && v[o + 2] === b && v[o + 3] === m) {
        // The same values continue (a resampled hint comes pixel by pixel): one run, joined above along its new part.
        to.items[k - 1] = t;
        joinAbove(k - 1, y, f - y * width, t - y * width);
        return;
      }
    }
    if (y !== row) {
      // The runs of the row above, if the last row seen is y - 1.
      above = y === row + 1 ? rowStart : k;
      aboveEnd = k;
      row = y;
      rowStart = k;
    }
    from.push(f);
    to.push(t);
    values.push4(r, g, b, m);
    parent.push(k);
    if (k > rowStart && f === to.items[k - 1] && sameColour(values.items, 4 * k, 4 * (k - 1))) union(k, k - 1);
    joinAbove(k, y, f - y * width, t - y * width);
  });
  const count = from.length;
  const stroke = new Int32Array(count);
  for (let k = 0; k < count; k++) stroke[k] = find(k);
  return { from: from.items, to: to.items, values: values.items, count, stroke };
}

/**
 * The spilled pieces, as stroke * (regions.count + 1) + region, and which
 * strokes have one. Paint is counted as mask (a faint edge weighs little).
 */
function spilledPieces(runs: Runs, regions: RegionLabels): { spilled: Set<number>; strokes: Uint8Array } {
  const { from, to, values, stroke } = runs;
  const { labels, region } = regions;
  // Most strokes lie in one region: only those reaching a second one are counted piece by piece.
  const firstRegion = new Int32Array(runs.count); // by stroke (a run index); 0: none yet
  const crosses = new Uint8Array(runs.count);
  for (let k = 0; k < runs.count; k++) {
    const s = stroke[k];
    if (crosses[s]) continue;
    for (let i = from[k]; i < to[k]; i++) {
      const l = region[labels[i]];
      if (l === 0 || l === firstRegion[s]) continue;
      if (firstRegion[s] === 0) firstRegion[s] = l;
      else {
        crosses[s] = 1;
        break;
      }
    }
  }
  const pieces = regions.count + 1;
  const paint = new Map<number, number>(); // piece -> mask sum
  const size = new Map<number, number>(); // piece -> pixels
  const total = new Float64Array(runs.count); // by stroke: mask sum
  // By stroke: its pixels (ink included) and bounding box, for its width.
  const area = new Float64Array(runs.count);
  const box = new Int32Array(4 * runs.count); // min x, max x, min y, max y
  const width = regions.width;
  for (let k = 0; k < runs.count; k++) {
    const s = stroke[k];
    if (!crosses[s]) continue;
    const y = Math.floor(from[k] / width);
    const x0 = from[k] - y * width;
    const x1 = to[k] - 1 - y * width;
    if (area[s] === 0) box.set([x0, x1, y, y], 4 * s);
    else {
      box[4 * s] = Math.min(box[4 * s], x0);
      box[4 * s + 1] = Math.max(box[4 * s + 1], x1);
      box[4 * s + 3] = y; // runs come row by row
    }
    area[s] += to[k] - from[k];
    const m = values[4 * k + 3];
    // A segment of one region at a time: one map update each, not one a pixel.
    for (let i = from[k]; i < to[k]; ) {
      const l = region[labels[i]];
      let end = i + 1;
      while (end < to[k] && region[labels[end]] === l) end++;
      if (l !== 0) {
        const piece = s * pieces + l;
        paint.set(piece, (paint.get(piece) ?? 0) + m * (end - i));
        size.set(piece, (size.get(piece) ?? 0) + end - i);
        total[s] += m * (end - i);
      }
      i = end;
    }
  }
  const largest = new Float64Array(runs.count); // by stroke
  for (const [piece, p] of paint) {
    const s = Math.floor(piece / pieces);
    if (p > largest[s]) largest[s] = p;
  }
  const spilled = new Set<number>();
  const strokes = new Uint8Array(runs.count); // by stroke: 1 where a piece spilled
  for (const [piece, p] of paint) {
    const s = Math.floor(piece / pieces);
    if (!(largest[s] >= FOLLOWED_SHARE * total[s] && p <= SPILL_SHARE * total[s] && p < largest[s])) continue;
    // A slip is a stub: no longer than SLIP_WIDTHS of the stroke's width (its pixels over its box's
    // diagonal, about its length for a straight stroke), not a stretch painted on purpose.
    const strokeWidth = area[s] / Math.max(1, Math.hypot(box[4 * s + 1] - box[4 * s] + 1, box[4 * s + 3] - box[4 * s + 2] + 1));
    if ((size.get(piece) ?? 0) > SLIP_WIDTHS * strokeWidth * strokeWidth) continue;
    spilled.add(piece);
    strokes[s] = 1;
  }
  return { spilled, strokes };
}
