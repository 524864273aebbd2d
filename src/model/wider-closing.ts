/**
 * A region read again at a wider gap closing, where the paint lies in few
 * of its parts there: the leak guard's step (fill-leaks.ts, one pixel
 * wider), and the relabelling it shares with the open shapes
 * (open-shapes.ts, closings up to the widest, in a window: withPartsOf).
 */
import { addPixelsByKey, forEachLabelRun, labelPaperRegions, regionAt, type PaperRowSource, type RegionLabels } from './paper-regions';
import { regionFillOf, regionFillTable, type HintPixelSource, type RegionFill } from './regions';

/** Under this share of a painted region in the wider closing's painted parts, it leaks. */
export const LEAK_SHARE = 1 / 3;

/**
 * `fill` with each region `could` marks (1 per region: painted ones only)
 * that leaks at closing `radius` taken from its parts there: a region leaks
 * where its painted parts at that closing hold under LEAK_SHARE of it.
 * `fill` itself where none does. `fill` is used up: its labels are
 * relabelled in place. `size` holds each painted region's pixels
 * (paintedSizes).
 */
export function closedWiderWhereLeaking(fill: RegionFill, hint: HintPixelSource, could: Uint8Array, radius: number, size: Float64Array): RegionFill {
  const { width, height, labels, region } = fill.regions;
  const suspect = Uint8Array.from(region, (r) => could[r]);
  // The suspects' pixels are the paper (all else ink), labelled at the wider closing.
  const paper: PaperRowSource = (visit) => {
    const row = new Uint8Array(width);
    for (let y = 0, base = 0; y < height; y++, base += width) {
      forEachLabelRun(labels, base, base + width, (from, to, label) => row.fill(suspect[label], from - base, to - base));
      visit(y, row);
    }
  };
  const wider = labelPaperRegions(width, height, paper, radius);
  const widerMax = new Float32Array(wider.count + 1);
  const widerPainted = new Float64Array(wider.count + 1);
  const widerTable = regionFillTable(wider, hint, widerPainted, widerMax);
  const leaking = leakingRegions(fill, suspect, size, wider, widerTable);
  return leaking ? withPartsOf(fill, leaking, wider, widerTable, widerPainted, widerMax, { x: 0, y: 0, width, height }) : fill;
}

/** A window of the canvas, in pixels. */
export interface CanvasWindow {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * `fill` with the pixels of the regions `leaking` marks (1 per region)
 * inside `window` given their parts in `wider` (labelled over the window),
 * numbered after the fill's own (count + part), each part filled by its
 * entry in `widerTable` (its painted pixels and strongest mask in
 * `widerPainted`, `widerMax`); the leaking regions' own entries are zeroed,
 * so their pixels outside the window take no fill. `fill` is used up: its
 * labels are relabelled in place where their type holds the new labels.
 */
export function withPartsOf(fill: RegionFill, leaking: Uint8Array, wider: RegionLabels, widerTable: Float32Array, widerPainted: Float64Array, widerMax: Float32Array, window: CanvasWindow): RegionFill {
  const regions = relabel(fill.regions, leaking, wider, window);
  // The wider closing's entries after the fill's own: relabel numbers its parts count + part.
  const table = new Float32Array((regions.count + 1) * 4);
  table.set(fill.table.subarray(0, (fill.regions.count + 1) * 4));
  for (let r = 1; r <= fill.regions.count; r++) if (leaking[r] === 1) table.fill(0, r * 4, r * 4 + 4);
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

/** Each painted region's pixels (0 for unpainted ones: fillOf is 0 for them and for ink, so only painted regions are counted past index 0). */
export function paintedSizes(fill: RegionFill): Float64Array {
  const size = new Float64Array(fill.regions.count + 1);
  addPixelsByKey(fill.regions.labels, fill.fillOf, size);
  return size;
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
 * `regions` with every pixel of a leaking region inside `window` given its
 * part in `wider` (labelled over the window), numbered after the others
 * (count + its number there); the leaking regions keep their numbers, with
 * no pixels left in the window. In place where the labels' type holds the
 * new provisional labels.
 */
function relabel(regions: RegionLabels, leaking: Uint8Array, wider: RegionLabels, window: CanvasWindow): RegionLabels {
  const first = regions.region.length;
  const labels = first + wider.count <= 0xffff || regions.labels instanceof Int32Array ? regions.labels : Int32Array.from(regions.labels);
  const leakingLabel = Uint8Array.from(regions.region, (r) => leaking[r]);
  for (let y = window.y; y < window.y + window.height; y++) {
    const start = y * regions.width + window.x;
    // Pixel i of the canvas is pixel i - shift of the window.
    const shift = start - (y - window.y) * window.width;
    forEachLabelRun(labels, start, start + window.width, (from, to, label) => {
      if (leakingLabel[label] === 0) return;
      for (let i = from; i < to; i++) labels[i] = first + regionAt(wider, i - shift);
    });
  }
  const region = new Int32Array(first + wider.count + 1);
  region.set(regions.region);
  for (let part = 1; part <= wider.count; part++) region[first + part] = regions.count + part;
  return { width: regions.width, height: regions.height, labels, region, count: regions.count + wider.count };
}
