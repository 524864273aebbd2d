/**
 * Paint that slipped over a line, taken out of the hint.
 *
 * An artist's rough stroke across a shape often runs a little past its
 * outline into the next shape: the end of a ground stroke over the arm
 * beside it, a body stroke past the figure's edge. Training strokes never
 * cross lines (training/hints.py), so the network took such a sliver for a
 * deliberate dab in the neighbouring shape: the region fill made the whole
 * arm green (an artist's walkthrough, session 17), and where only the
 * painted pixels reached it the network painted a brown smudge around them
 * (the session's review). The artist meant the shape the rest of the
 * stroke is in, so the sliver is not paint at all: every step (the
 * network's hint channels, the region fill, the white fill, the stroke
 * blend, Leave margins) reads the hint without it.
 *
 * A stroke is painted pixels connected (8-neighbours) through pixels of
 * about the same colour (COLOUR_TOLERANCE per channel: a soft brush's faint
 * edge and a textured brush belong to their stroke, a stroke of another
 * colour touching it does not). A piece is the part of a stroke in one
 * region. A piece is a spill when
 * - it holds at most SPILL_SHARE of its stroke's paint, or STRAY_SPILL_SHARE
 *   when it is a stray: under STRAY_SHARE of its region's size, in the page
 *   around the figures (`background`) or in a region at least STRAY_BIGGER
 *   times the size of the one the stroke is mostly in (kept, it would colour
 *   a region twenty times its size: the end of an arm stroke made a whole
 *   page around a figure pink, an artist's walkthrough, session 19);
 * - the stroke's largest piece holds at least FOLLOWED_SHARE (a stroke
 *   painted across several small shapes on purpose, strands of hair, has no
 *   dominant piece; where strands leak into the page around, their piece
 *   there is paint all the same);
 * - it is a stub, at most SLIP_WIDTHS of the stroke's width long (the hood
 *   half of a long stroke down a cloak and hood, a fifth of it, was painted
 *   there on purpose: the README example's cloak);
 * - and it covers less than OWN_SHARE of its region (a small shape the
 *   stroke paints all over, an ear beside a face, is painted on purpose).
 * Paint is counted as alpha (a faint edge weighs little); ink counts for
 * nothing.
 *
 * Regions are the page grid's (page-grid.ts: the lines' regions on cells
 * of `block` page pixels, gaps closed as for the region fill), so this runs
 * once, at page size, before anything reads the hint.
 */
import { addPixelsByKey, IndexList, type RegionLabels } from './paper-regions';
import { forEachSpanIn, type PaintedSpans } from './painted-spans';
import type { RgbaImage } from './types';
import { pixelWords } from './bytes';

/** A piece with at most this share of its stroke's paint can be a spill... */
export const SPILL_SHARE = 0.25;
/** ...when the stroke's largest piece holds at least this share... */
export const FOLLOWED_SHARE = 0.5;
/** ...and it is a stub: its pixels at most SLIP_WIDTHS x the stroke's width squared... */
const SLIP_WIDTHS = 2;
/** ...covering less than this share of its region. */
const OWN_SHARE = 0.5;
/** A piece of fewer pixels than this share of its region is a stray (its colour would flood twenty times its size): a spill up to STRAY_SPILL_SHARE of its stroke's paint. */
const STRAY_SHARE = 0.05;
const STRAY_SPILL_SHARE = 0.4;
/** ...and its region is at least this many times the size of the region the stroke is mostly in. */
const STRAY_BIGGER = 4;
/**
 * A stray in the page around the figures whose box spans at least this share of its stroke's length
 * is a spill up to half its stroke's paint (ALONG_SPILL_SHARE: while the figure's side holds more):
 * a dab laid on a figure's outline, 42 % of it on the page's side, coloured the whole page around the
 * figure (a review, session 29). That takes in a long stroke along the line, a round dab centred near
 * it, and the two ends of a stroke across a narrow shape; a long stroke's end poking across a line
 * spans less, and keeps the STRAY_SPILL_SHARE rule.
 */
const ALONG_SHARE = 0.6;
const ALONG_SPILL_SHARE = 0.5;
/** Painted neighbours whose colours (0..255 a channel) differ by at most this are one stroke. */
const COLOUR_TOLERANCE = 25;

/** How withoutSpills works: in place on a hint the caller may write; strays only (a second reading, colorize.ts). */
export interface SpillOptions {
  readonly owned?: boolean;
  readonly straysOnly?: boolean;
  /**
   * Pixels are taken out only where, in these regions (another closing of the same page), their
   * region is flagged: a stray read with the shapes as drawn is left alone where the fill's closing
   * keeps it in a shape of its own (an ear behind a gap the fill closes).
   */
  readonly onlyWhere?: { readonly regions: RegionLabels; readonly block: number; readonly flags: Uint8Array };
}

/** A hint's painted runs of about one colour, row by row, joined into strokes. */
export interface Strokes {
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** Each run's stroke, 0 .. count - 1. */
  readonly stroke: Int32Array;
  readonly runs: number;
  readonly count: number;
}

/**
 * `hint` without the spills over the lines of `regions` (labels of cells
 * `block` page pixels a side): a new image with their pixels made
 * transparent (a copy; `hint`'s own pixels, made so, when `owned`: the
 * caller may write them), or `hint` itself where nothing spilled. `spans` are the hint's painted spans;
 * `background` flags the regions of the page around the figures, if known.
 * With `straysOnly`, only strays (see the module comment) are spills.
 */
export function withoutSpills(hint: RgbaImage, spans: PaintedSpans, regions: RegionLabels, block: number, background?: Uint8Array, { owned = false, straysOnly = false, onlyWhere }: SpillOptions = {}): RgbaImage {
  const strokes = strokesOf(hint, spans);
  if (strokes.count === 0) return hint;
  const regionOf = cellRegions(regions, block);
  const spilled = spilledPieces(hint, strokes, regions, block, regionOf, background, straysOnly);
  if (spilled.size === 0) return hint;
  const data = owned ? hint.data : Uint8ClampedArray.from(hint.data);
  const { from, to, stroke } = strokes;
  const pieces = regions.count + 1;
  // A stroke that spilled also loses its pixels on the lines (region 0): it ends at the inner edge of
  // the line it slipped over, not on it, where the working canvas's regions (labelled apart, at
  // another scale) may already count the far side.
  const spilledStroke = new Uint8Array(strokes.count);
  for (const piece of spilled) spilledStroke[Math.floor(piece / pieces)] = 1;
  // Where only some pixels may go: their regions in the other closing, row by row, and its flags.
  const where = onlyWhere && { regionOf: cellRegions(onlyWhere.regions, onlyWhere.block), block: onlyWhere.block, flags: onlyWhere.flags };
  for (let k = 0; k < strokes.runs; k++) {
    if (!spilledStroke[stroke[k]]) continue;
    const base = stroke[k] * pieces;
    const y = Math.floor(from[k] / hint.width);
    forEachSegment(from[k], to[k], y, hint.width, block, regionOf, (start, end, l) => {
      if (l !== 0 && !spilled.has(base + l)) return;
      if (!where) data.fill(0, start * 4, end * 4);
      else for (let i = start, row = where.regionOf(y), first = y * hint.width; i < end; i++) if (where.flags[row[Math.floor((i - first) / where.block)]] === 1) data.fill(0, i * 4, i * 4 + 4);
    });
  }
  return { width: hint.width, height: hint.height, data };
}

/**
 * Per page row y, the region of each cell of its row of cells: `regionOf(y)[c]` for columns
 * c * block .. (c + 1) * block - 1 (a row of cells is shared by `block` rows). Cells, not columns:
 * a row of columns written out for every row of cells cost a pass over the page per reading, where
 * only the painted runs are read.
 */
export function cellRegions(regions: RegionLabels, block: number): (y: number) => Int32Array {
  const row = new Int32Array(regions.width);
  let cached = -1;
  return (y) => {
    const cellRow = Math.floor(y / block);
    if (cellRow !== cached) {
      cached = cellRow;
      for (let c = 0, cell = cellRow * regions.width; c < row.length; c++, cell++) row[c] = regions.region[regions.labels[cell]];
    }
    return row;
  };
}

/** Calls visit(start, end, region) for the pixels [from, to) of row y (of a page `width` wide) split where the region changes: cells of `block` columns. */
export function forEachSegment(from: number, to: number, y: number, width: number, block: number, regionOf: (y: number) => Int32Array, visit: (start: number, end: number, region: number) => void): void {
  const regions = regionOf(y);
  const first = y * width;
  for (let i = from; i < to; ) {
    let cell = Math.floor((i - first) / block);
    const l = regions[cell];
    // The segment runs on over whole cells of the same region.
    while (first + (cell + 1) * block < to && regions[cell + 1] === l) cell++;
    const end = Math.min(to, first + (cell + 1) * block);
    visit(i, end, l);
    i = end;
  }
}

/**
 * Whether the pixels at byte offsets a and b are about the same colour: as stored, or with each
 * partly transparent one's colour divided by its alpha. A hint layer keeps a stroke's colour in its
 * anti-aliased edge (straight alpha), but some tools write the edge's colour darkened by its alpha
 * (premultiplied: (42, 31, 21) at alpha 113 beside (96, 70, 46)); read as another stroke, such an
 * edge stayed behind as a faint ring where its stroke's spilled end was taken out, and that ring
 * alone coloured the page around a figure (the quality review's slipped hood stroke).
 */
function sameColour(data: Uint8Array | Uint8ClampedArray, a: number, b: number): boolean {
  if (Math.abs(data[a] - data[b]) <= COLOUR_TOLERANCE && Math.abs(data[a + 1] - data[b + 1]) <= COLOUR_TOLERANCE && Math.abs(data[a + 2] - data[b + 2]) <= COLOUR_TOLERANCE) return true;
  const alphaA = data[a + 3];
  const alphaB = data[b + 3];
  if ((alphaA === 255 && alphaB === 255) || alphaA === 0 || alphaB === 0) return false;
  for (let c = 0; c < 3; c++) if (Math.abs(Math.min(255, (data[a + c] * 255) / alphaA) - Math.min(255, (data[b + c] * 255) / alphaB)) > COLOUR_TOLERANCE) return false;
  return true;
}

/** The hint's runs of painted pixels of about one colour (each joined to the next while the colour holds), joined into strokes. */
export function strokesOf(hint: RgbaImage, spans: PaintedSpans): Strokes {
  const { width, height, data } = hint;
  const words = pixelWords(data, width * height);
  const from = new IndexList();
  const to = new IndexList();
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
  let above = 0; // the row above's runs: [above, aboveEnd)
  let aboveEnd = 0;
  for (let y = 0; y < height; y++) {
    const rowStart = from.length;
    const row = y * width;
    forEachSpanIn(spans, y, 0, width, (left, right) => {
      for (let x = left; x < right; ) {
        if (data[(row + x) * 4 + 3] === 0) {
          x++;
          continue;
        }
        // A run: painted pixels of about the colour of its first, next to each other. A hint is
        // strokes of flat colour: most pixels are their left neighbour's very bytes (one 32-bit
        // compare), and that neighbour is in the run, so they are too. (Not the first's bytes: a
        // stroke's row starts at an anti-aliased edge pixel.)
        const start = x;
        const first = (row + x) * 4;
        x++;
        if (words) {
          while (x < right && (words[row + x] === words[row + x - 1] || (data[(row + x) * 4 + 3] !== 0 && sameColour(data, first, (row + x) * 4)))) x++;
        } else {
          while (x < right && data[(row + x) * 4 + 3] !== 0 && sameColour(data, first, (row + x) * 4)) x++;
        }
        const k = from.length;
        from.push(row + start);
        to.push(row + x);
        parent.push(k);
        // Touching the run before it in the row (no gap between them): of about the same colour where they meet.
        if (k > rowStart && to.items[k - 1] === row + start && sameColour(data, first - 4, first)) union(k, k - 1);
        // Runs of the row above touching columns [start - 1, x] (8-neighbours), where they meet in colour.
        const upper = row - width;
        while (above < aboveEnd && to.items[above] - upper < start) above++;
        for (let j = above; j < aboveEnd && from.items[j] - upper <= x; j++) {
          if (sameColour(data, from.items[j] * 4, first)) union(k, j); // a run is about the colour of its first pixel
        }
      }
    });
    above = rowStart;
    aboveEnd = from.length;
  }
  const runs = from.length;
  // Stroke numbers 0 .. count - 1, so that per-stroke arrays are as long as there are strokes.
  const number = new Int32Array(runs).fill(-1);
  const stroke = new Int32Array(runs);
  let count = 0;
  for (let k = 0; k < runs; k++) {
    const root = find(k);
    if (number[root] < 0) number[root] = count++;
    stroke[k] = number[root];
  }
  return { from: from.items, to: to.items, stroke, runs, count };
}

/** The spilled pieces, as stroke * (regions.count + 1) + region (see the module comment). */
function spilledPieces(hint: RgbaImage, strokes: Strokes, regions: RegionLabels, block: number, regionOf: (y: number) => Int32Array, background: Uint8Array | undefined, straysOnly: boolean): Set<number> {
  const { from, to, stroke, count } = strokes;
  const { width, data } = hint;
  // Most strokes lie in one region: only those reaching a second one are counted piece by piece.
  const firstRegion = new Int32Array(count); // 0: none yet
  const crosses = new Uint8Array(count);
  for (let k = 0; k < strokes.runs; k++) {
    const s = stroke[k];
    if (crosses[s]) continue;
    forEachSegment(from[k], to[k], Math.floor(from[k] / width), width, block, regionOf, (_start, _end, l) => {
      if (l === 0 || l === firstRegion[s]) return;
      if (firstRegion[s] === 0) firstRegion[s] = l;
      else crosses[s] = 1;
    });
  }
  const pieces = regions.count + 1;
  const paint = new Map<number, number>(); // piece -> alpha sum
  const size = new Map<number, number>(); // piece -> pixels
  const pieceBox = new Map<number, Int32Array>(); // piece -> min x, max x, min y, max y
  const total = new Float64Array(count); // by stroke: alpha sum
  // By stroke: its pixels (ink included) and bounding box, for its width.
  const area = new Float64Array(count);
  const box = new Int32Array(4 * count); // min x, max x, min y, max y
  for (let k = 0; k < strokes.runs; k++) {
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
    forEachSegment(from[k], to[k], y, width, block, regionOf, (start, end, l) => {
      if (l === 0) return;
      let alpha = 0;
      for (let i = start; i < end; i++) alpha += data[i * 4 + 3];
      const piece = s * pieces + l;
      paint.set(piece, (paint.get(piece) ?? 0) + alpha);
      size.set(piece, (size.get(piece) ?? 0) + end - start);
      const [left, right] = [start - y * width, end - 1 - y * width];
      const b = pieceBox.get(piece);
      if (!b) pieceBox.set(piece, Int32Array.of(left, right, y, y));
      else {
        b[0] = Math.min(b[0], left);
        b[1] = Math.max(b[1], right);
        b[3] = y;
      }
      total[s] += alpha;
    });
  }
  if (paint.size === 0) return new Set();
  const largest = new Float64Array(count);
  const largestRegion = new Int32Array(count); // the region of each stroke's largest piece
  for (const [piece, p] of paint) {
    const s = Math.floor(piece / pieces);
    if (p > largest[s]) {
      largest[s] = p;
      largestRegion[s] = piece - s * pieces;
    }
  }
  // Each region's size in page pixels (cells x block^2), for OWN_SHARE.
  // Counted a run of one label at a time, then scaled (whole numbers: exact either way).
  const regionSize = new Float64Array(pieces);
  addPixelsByKey(regions.labels, regions.region, regionSize);
  for (let l = 0; l < pieces; l++) regionSize[l] *= block * block;
  const spilled = new Set<number>();
  for (const [piece, p] of paint) {
    const s = Math.floor(piece / pieces);
    const l = piece - s * pieces;
    const pixels = size.get(piece) ?? 0;
    // A sliver in a region many times its size, in the page around the figures or far bigger than the
    // one the stroke is mostly in, would colour all of it (a whole page around a figure, whatever the
    // figure's size): a spill at a larger share of its stroke too. (Between two strands of hair of one
    // size, a dab's smaller part is paint all the same.)
    const stray = pixels < STRAY_SHARE * regionSize[l] && (background?.[l] === 1 || regionSize[l] >= STRAY_BIGGER * regionSize[largestRegion[s]]);
    if (straysOnly && !stray) continue;
    // (Along a line only into the page around: a skin dab laid along a chin, 44 % in the face, colours the face.)
    const alongPage = stray && background?.[l] === 1 && along(pieceBox.get(piece), box.subarray(4 * s, 4 * s + 4));
    const most = !stray ? SPILL_SHARE : alongPage ? ALONG_SPILL_SHARE : STRAY_SPILL_SHARE;
    if (!(largest[s] >= FOLLOWED_SHARE * total[s] && p <= most * total[s] && p < largest[s])) continue;
    // The stroke's width: its pixels over its box's diagonal (about its length, for a straight stroke).
    const strokeWidth = area[s] / Math.max(1, Math.hypot(box[4 * s + 1] - box[4 * s] + 1, box[4 * s + 3] - box[4 * s + 2] + 1));
    if (pixels > SLIP_WIDTHS * strokeWidth * strokeWidth || pixels >= OWN_SHARE * regionSize[l]) continue;
    spilled.add(piece);
  }
  return spilled;
}

/** Whether a piece with box `piece` (min x, max x, min y, max y) runs at least ALONG_SHARE of the length of its stroke's box `stroke`. */
function along(piece: Int32Array | undefined, stroke: Int32Array): boolean {
  if (!piece) return false;
  const length = (b: Int32Array): number => Math.max(b[1] - b[0], b[3] - b[2]) + 1;
  return length(piece) >= ALONG_SHARE * length(stroke);
}
