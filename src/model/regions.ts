/**
 * Region fill: the hint spread over the regions the lines enclose, given to
 * the network as four extra channels (fill_r, fill_g, fill_b, fill_mask).
 * A stroke says the colour of one spot; an artist means "this region", and
 * the lines already draw the regions. Mirrors region_fill in
 * training/preprocess.py:
 *
 *   regions = paper regions of the line channel, small gaps closed
 *             (paper-regions.ts; ink belongs to none)
 *   for a region R with painted pixels (mask > 0):
 *     fill_mask = sum_R mask / count_R(mask > 0)
 *     fill_rgb  = sum_R hint_rgb / sum_R mask * fill_mask   (premultiplied)
 *   ink and unpainted regions: 0.
 *
 * It is computed once for the whole working canvas, before tiling, so a
 * stroke in one tile colours its whole region in every tile: the one
 * page-wide step in an otherwise tile-local pipeline.
 */
import { BYTE_TO_UNIT, pixelWordRuns } from './bytes';
import { forEachLabelRun, labelPaperRegions, type PaperRowSource, type RegionLabels } from './paper-regions';
import { reflect101 } from './tiling';
import { forEachPaintedRun, paintedSpans, type PaintedSpans } from './painted-spans';
import type { RgbaImage } from './types';
import type { GroundBlend } from './ground-blend';

/**
 * Hint channel values of a canvas as the fill reads them: calls
 * `visit(from, to, r, g, b, mask)` for runs of pixel indices [from, to)
 * with mask > 0 and the same values, in index order, where r, g, b are
 * premultiplied by the mask (the hint channels' values). Runs, so a hint
 * of flat strokes costs a call per run, not per pixel.
 */
export type HintPixelSource = (visit: HintPixelVisitor) => void;

/** A HintPixelSource's visitor: a run [from, to) of one value. */
export type HintPixelVisitor = (from: number, to: number, r: number, g: number, b: number, mask: number) => void;

/**
 * Per-region fill values, 4 per label (r, g, b premultiplied, mask); label
 * 0 and unpainted regions are zeros. Sums are float64 as in training, in
 * index order, a run of one label and value at a time (n pixels as n times
 * the value: the same float32 table as pixel by pixel, on the parity
 * fixture and the bench pages). `paintedCounts` (count + 1 long), where
 * given, takes each region's number of painted pixels, and `maxMasks` each
 * region's strongest painted pixel's mask.
 */
export function regionFillTable(regions: RegionLabels, hint: HintPixelSource, paintedCounts?: Float64Array, maxMasks?: Float32Array): Float32Array {
  const n = regions.count + 1;
  const sums = new Float64Array(n * 5); // r, g, b, mask, painted count
  const { labels, region } = regions;
  hint((from, to, r, g, b, mask) => {
    // A run of one label at a time: n pixels of one value add up to n times it.
    forEachLabelRun(labels, from, to, (a, z, label) => {
      const l = region[label];
      if (l === 0) return;
      const o = l * 5;
      const n = z - a;
      sums[o] += n * r;
      sums[o + 1] += n * g;
      sums[o + 2] += n * b;
      sums[o + 3] += n * mask;
      sums[o + 4] += n;
      if (maxMasks && mask > maxMasks[l]) maxMasks[l] = mask;
    });
  });
  const table = new Float32Array(n * 4);
  for (let l = 1; l < n; l++) {
    const o = l * 5;
    const painted = sums[o + 4];
    const maskSum = sums[o + 3];
    if (paintedCounts) paintedCounts[l] = painted;
    if (painted === 0 || maskSum === 0) continue;
    const fillMask = maskSum / painted;
    table[l * 4] = (sums[o] / maskSum) * fillMask;
    table[l * 4 + 1] = (sums[o + 1] / maskSum) * fillMask;
    table[l * 4 + 2] = (sums[o + 2] / maskSum) * fillMask;
    table[l * 4 + 3] = fillMask;
  }
  return table;
}

/** Region r's painted colour in a fill table as 0xBBGGRR (R in the low byte), or -1 where it is unpainted. */
export function fillColour(table: Float32Array, r: number): number {
  const mask = table[r * 4 + 3];
  if (!(mask > 0)) return -1;
  const byte = (c: number): number => Math.max(0, Math.min(255, Math.round((255 * table[r * 4 + c]) / mask)));
  return byte(0) | (byte(1) << 8) | (byte(2) << 16);
}

/** The fill of a whole canvas: region labels plus the per-region values they index. */
export interface RegionFill {
  readonly regions: RegionLabels;
  readonly table: Float32Array;
  /**
   * Per provisional label, the region whose fill values it takes, or 0
   * where they are all zeros (ink, regions with no paint): fillRow writes
   * neighbouring runs of one key with one fill per channel, so a row across
   * unpainted regions and the lines between them is four fills, not four per run.
   */
  readonly fillOf: Int32Array;
  /** Per region, its painted pixels (where the fill was computed with them: computeRegionFill). */
  readonly paintedPixels?: Float64Array;
  /** Per region, the mask of its most strongly painted pixel (fillOfRegions; the leak guard and the colour split carry it to the regions they add). */
  readonly maxMask?: Float32Array;
  /**
   * Regions whose colour goes over into a neighbour's across a seam (a sky's
   * and a ground's parts: fill-blend.ts), by pixel; each at its own fill mask.
   */
  readonly blend?: GroundBlend;
}

/** The fill of a canvas; gapRadius is the contract's fill.gapRadius. */
export function computeRegionFill(width: number, height: number, paper: PaperRowSource, hint: HintPixelSource, gapRadius: number): RegionFill {
  return fillOfRegions(labelPaperRegions(width, height, paper, gapRadius), hint);
}

/** The fill of regions labelled already, with each region's painted pixels. */
export function fillOfRegions(regions: RegionLabels, hint: HintPixelSource): RegionFill {
  const paintedPixels = new Float64Array(regions.count + 1);
  const maxMask = new Float32Array(regions.count + 1);
  const table = regionFillTable(regions, hint, paintedPixels, maxMask);
  return { regions, table, fillOf: regionFillOf(regions, table), paintedPixels, maxMask };
}

/** RegionFill.fillOf of `regions` and their fill table. */
export function regionFillOf(regions: RegionLabels, table: Float32Array): Int32Array {
  // A painted region's fill mask is its painted pixels' mean mask, > 0; every other entry is zeros.
  return Int32Array.from(regions.region, (r) => (table[r * 4 + 3] > 0 ? r : 0));
}

/**
 * A hint source of more runs than this is not kept for reading again
 * (replayableHintPixels): 10 MiB of runs. The 4,096 bench page's hint is
 * 87 K runs at 'auto' and 128 K at scale 1; a hint of noise, every working
 * pixel its own run, is read again instead.
 */
export const MAX_KEPT_HINT_RUNS = 1 << 18;

/** Sources that keep what they read already (KeptHintPixels.pixels): not wrapped again. */
const keeping = new WeakMap<HintPixelSource, KeptHintPixels>();

/**
 * `source`, kept as it is first read so that a second read (the leak
 * guard's) replays it instead of making it again: at working scales other
 * than 1 that resamples the whole hint from the page, ~140 ms on the 4,096
 * bench page at 'auto'. A source that keeps its reads already
 * (KeptHintPixels, the hint bands') is returned as it is.
 */
export function replayableHintPixels(source: HintPixelSource, maxRuns = MAX_KEPT_HINT_RUNS): HintPixelSource {
  return keeping.has(source) ? source : new KeptHintPixels(source, maxRuns).pixels;
}

/**
 * Whether reading `source` again replays what it kept (a KeptHintPixels
 * source read once, with few enough runs to keep) rather than making it
 * again: at 'auto', a soft-brush hint on a 4,096 px page is resampled from
 * the page on every read, ~0.7 s a read.
 */
export function replaysKept(source: HintPixelSource): boolean {
  return keeping.get(source)?.replayable ?? false;
}

/**
 * A hint source kept as it is first read: later reads of `pixels` replay
 * it, and `within` replays any range of pixels of it. Visits come merged (a
 * run followed by the next pixels of the same values is one run): the same
 * pixels and values in the same order, in 87 K runs on the 4,096 bench page
 * at 'auto' instead of 1.4 M single pixels. A source of more than `maxRuns`
 * runs is not kept: later reads make it again.
 */
export class KeptHintPixels {
  private kept: { readonly bounds: Int32Array; readonly values: Float64Array; readonly count: number } | undefined;
  readonly pixels: HintPixelSource;

  constructor(source: HintPixelSource, maxRuns = MAX_KEPT_HINT_RUNS) {
    this.pixels = (visit) => {
      if (this.kept) {
        const { bounds, values, count } = this.kept;
        for (let k = 0; k < count; k++) visit(bounds[2 * k], bounds[2 * k + 1], values[4 * k], values[4 * k + 1], values[4 * k + 2], values[4 * k + 3]);
        return;
      }
      let bounds: Int32Array | undefined = new Int32Array(2 * 1024);
      let values = new Float64Array(4 * 1024);
      let count = 0;
      // The run being merged: [from, to) of one value.
      let from = -1;
      let to = -1;
      let r = 0;
      let g = 0;
      let b = 0;
      let mask = 0;
      const flush = (): void => {
        visit(from, to, r, g, b, mask);
        if (!bounds) return;
        if (count === maxRuns) {
          bounds = undefined; // too many to keep: read again next time
          return;
        }
        if (2 * count === bounds.length) {
          const grownBounds = new Int32Array(2 * bounds.length);
          grownBounds.set(bounds);
          bounds = grownBounds;
          const grownValues = new Float64Array(2 * values.length);
          grownValues.set(values);
          values = grownValues;
        }
        bounds[2 * count] = from;
        bounds[2 * count + 1] = to;
        values[4 * count] = r;
        values[4 * count + 1] = g;
        values[4 * count + 2] = b;
        values[4 * count + 3] = mask;
        count++;
      };
      source((f, t, vr, vg, vb, vm) => {
        if (f === to && vr === r && vg === g && vb === b && vm === mask) {
          to = t;
          return;
        }
        if (from >= 0) flush();
        from = f;
        to = t;
        r = vr;
        g = vg;
        b = vb;
        mask = vm;
      });
      if (from >= 0) flush();
      if (bounds) this.kept = { bounds, values, count };
    };
    keeping.set(this.pixels, this);
  }

  /** Whether the source has been read and kept (not too many runs): `within` can replay it. */
  get replayable(): boolean {
    return this.kept !== undefined;
  }

  /**
   * Replays the kept pixels with indices in [first, end), in order (runs
   * cut at the range's ends); throws where nothing is kept (replayable).
   */
  within(first: number, end: number, visit: HintPixelVisitor): void {
    if (!this.kept) throw new Error('KeptHintPixels.within: the source was not read, or had too many runs to keep');
    const { bounds, values, count } = this.kept;
    if (first >= end) return;
    // The first run ending after `first`: runs are in index order.
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bounds[2 * mid + 1] <= first) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < count && bounds[2 * k] < end; k++) {
      visit(Math.max(first, bounds[2 * k]), Math.min(end, bounds[2 * k + 1]), values[4 * k], values[4 * k + 1], values[4 * k + 2], values[4 * k + 3]);
    }
  }
}

/** Hint planes (premultiplied r, g, b and mask, canvas-sized) as a HintPixelSource. */
export function planeHintPixels(r: Float32Array, g: Float32Array, b: Float32Array, mask: Float32Array): HintPixelSource {
  return (visit) => {
    for (let i = 0; i < mask.length; i++) if (mask[i] > 0) visit(i, i + 1, r[i], g[i], b[i], mask[i]);
  };
}

/**
 * An RGBA hint layer at canvas size as a HintPixelSource, with the hint
 * channels' arithmetic (preprocess.hintChannels) rounded to float32 as the
 * tensor would hold it; only its painted spans are read.
 */
export function rgbaHintPixels(hint: RgbaImage, strength: number, spans: PaintedSpans = paintedSpans(hint)): HintPixelSource {
  const { width, height } = hint;
  const rowWords = pixelWordRuns(hint.data, width);
  return (visit) => {
    for (let y = 0; y < height; y++) {
      if (spans.rowStart[y] === spans.rowStart[y + 1]) continue;
      const words = rowWords(y * width, width);
      const first = y * width;
      forEachPaintedRun(spans, y, 0, width, words, 0, (from, to, px) => {
        const m = Math.fround(BYTE_TO_UNIT[px >>> 24] * strength);
        if (!(m > 0)) return;
        const r = Math.fround(BYTE_TO_UNIT[px & 255] * m);
        const g = Math.fround(BYTE_TO_UNIT[(px >>> 8) & 255] * m);
        const b = Math.fround(BYTE_TO_UNIT[(px >>> 16) & 255] * m);
        visit(first + from, first + to, r, g, b, m);
      });
    }
  };
}

/** Runs shorter than this are written pixel by pixel: a fill call per short run (ink, speckles) costs more than the stores it saves. */
const SHORT_RUN = 16;

/** tensor[from .. to) = value, by a fill where the run is long enough to pay for the call. */
export function fillSpan(tensor: Float32Array, value: number, from: number, to: number): void {
  if (to - from < SHORT_RUN) for (let i = from; i < to; i++) tensor[i] = value;
  else tensor.fill(value, from, to);
}

/**
 * Writes the four fill channels of one canvas row segment into a tensor:
 * `pixelStart` is the canvas index of the row's first pixel, padding past
 * `width` mirrored like the other channels (none when paddedWidth = width).
 */
export function fillRow(fill: RegionFill, pixelStart: number, tensor: Float32Array, area: number, firstChannel: number, outBase: number, width: number, paddedWidth: number): void {
  const { labels } = fill.regions;
  const { table, fillOf, blend } = fill;
  const c0 = firstChannel * area + outBase;
  // Inside the canvas, by runs of one fill: regions are wide, and unpainted ones and the ink
  // between them all take zeros, so most of a row is a few fills (memsets) instead of a lookup per pixel.
  for (let start = 0; start < width; ) {
    let label = labels[pixelStart + start];
    const key = fillOf[label];
    let end = start + 1;
    for (; end < width; end++) {
      const next = labels[pixelStart + end];
      if (next === label) continue;
      if (fillOf[next] !== key) break;
      label = next;
    }
    const t = key * 4;
    if (blend?.has(key)) blendedSpan(fill, blend, key, pixelStart, start, end, tensor, area, c0);
    else for (let c = 0; c < 4; c++) fillSpan(tensor, table[t + c], c0 + c * area + start, c0 + c * area + end);
    start = end;
  }
  for (let px = width; px < paddedWidth; px++) {
    const from = reflect101(px, width);
    const key = fillOf[labels[pixelStart + from]];
    const t = key * 4;
    if (blend?.has(key)) {
      blendedSpan(fill, blend, key, pixelStart, from, from + 1, tensor, area, c0 + px - from);
      continue;
    }
    tensor[c0 + px] = table[t];
    tensor[c0 + area + px] = table[t + 1];
    tensor[c0 + 2 * area + px] = table[t + 2];
    tensor[c0 + 3 * area + px] = table[t + 3];
  }
}

/** Scratch for blendedSpan's colours: one row of a tile at most, grown as asked. */
let blendedRow = new Int32Array(0);

/** fillRow's span [start, end) of region `key`'s pixels from `blend`: the blend's colour at the region's fill mask. */
function blendedSpan(fill: RegionFill, blend: GroundBlend, key: number, pixelStart: number, start: number, end: number, tensor: Float32Array, area: number, c0: number): void {
  const { width } = fill.regions;
  const y = Math.floor(pixelStart / width);
  const x = pixelStart - y * width;
  if (blendedRow.length < end - start) blendedRow = new Int32Array(end - start);
  blend.row(key, y, x + start, x + end - 1, blendedRow);
  const mask = fill.table[key * 4 + 3];
  const scale = mask / 255;
  fillSpan(tensor, mask, c0 + 3 * area + start, c0 + 3 * area + end);
  // By runs of one colour: away from the seam a part is its own colour, most of its pixels.
  for (let i = start; i < end; ) {
    const colour = blendedRow[i - start];
    let to = i + 1;
    while (to < end && blendedRow[to - start] === colour) to++;
    fillSpan(tensor, (colour & 255) * scale, c0 + i, c0 + to);
    fillSpan(tensor, ((colour >> 8) & 255) * scale, c0 + area + i, c0 + area + to);
    fillSpan(tensor, ((colour >> 16) & 255) * scale, c0 + 2 * area + i, c0 + 2 * area + to);
    i = to;
  }
}
