/**
 * Hint strokes blended into the colour around them.
 *
 * An artist's rough stroke across a face says "the face is this colour",
 * but the network copies painted pixels almost exactly (its stroke gate,
 * training/NOTES.md session 7), so where it shades the region around the
 * stroke a little lighter or darker, the stroke stays visible as a flat
 * streak. This replaces the colour under such a stroke with the colour the
 * network gave the rest of the same region around it, filled in from the
 * stroke's edge inward and smoothed (a membrane fill).
 *
 * Stroke by stroke: a piece is the painted pixels connected within one
 * region (taken `margin` pixels wider: the network's halo around strokes;
 * twice that near a small dab, SMALL_DAB_CELLS cells or fewer, which the
 * network paints as a light disc about twice its radius: with the plain
 * margin the blend filled the dab from the disc's light rim, and it stayed
 * a rivet, session 24's quality review).
 * A piece is blended only when it already agrees with its surroundings: the
 * CIELAB delta E 1976 between its mean colour and the mean colour of the
 * unpainted pixels of its region touching it is at most `maxDeltaE`. A
 * stroke of a clearly different colour is a deliberate detail (a red dab for
 * the lips) and stays as painted; so does a piece nothing unpainted touches
 * (a region painted all over). Except a spill: the end of a stroke that
 * slipped over a line into the next region (or off the figure onto the
 * background) disagrees with that region, but when it is a sliver of a
 * stroke the network followed elsewhere, it is blended too (SPILL_SHARE).
 *
 * Strokes, not area fills: painted blobs thicker than `maxHalfWidth` (area
 * over perimeter, page pixels, measured on a grid of BLOCK x BLOCK cells so
 * that it costs little) are the artist saying "exactly this colour here", and
 * their fill would cost more than the page's network time; they stay as
 * painted.
 *
 * Works on the page-sized result in place. Regions are the region fill's
 * labels (at working size; page pixels look up the working pixel they fall
 * in), so a fill never crosses a line. Memory: one byte per page pixel, and
 * a few numbers per pixel of the piece being filled.
 */
import type { LineValues } from './linewidth';
import { IndexList, PAPER_THRESHOLD, pageRegionLookup, type RegionLabels } from './paper-regions';
import type { RgbaImage } from './types';
import { forEachSpanIn, PAINTED_ALPHA, paintedSpans, type PaintedSpans } from './painted-spans';
import { FOLLOWED_SHARE, SPILL_SHARE } from './spill';
import { APART } from './fill-split';
import { deltaE } from './colour-difference';

/** Paint whose colours lie further apart than the split's one colour (fill-split.ts APART, in bytes) is not one piece: a cloud's white dab on a sky stroke (ToneTable). */
const PIECE_COLOURS_APART = APART * 255;

/**
 * Colour classes of the paint, a byte a pixel: colours binned at 4 bits a
 * channel, each bin, as it is met, in the first class whose first bin's
 * centre lies within PIECE_COLOURS_APART of its own, else a class of its
 * own. A bin is in one class only, so paint is one piece with paint of its
 * class and no other (a nearness test between pixels is not transitive: a
 * stroke in three shades could be two pieces one way and one the other, and
 * the fill's second gathering took pixels its first had not measured: a
 * code review). Past 255 classes a bin joins the nearest.
 */
export class ToneTable {
  private readonly classOf = new Uint8Array(4096);
  private readonly centres: number[] = [];

  of(r: number, g: number, b: number): number {
    const bin = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    if (this.classOf[bin] !== 0) return this.classOf[bin];
    const [cr, cg, cb] = [(r >> 4) * 16 + 8, (g >> 4) * 16 + 8, (b >> 4) * 16 + 8];
    let nearest = 0;
    let least = Infinity;
    for (let k = 0; k < this.centres.length; k += 3) {
      const d = (this.centres[k] - cr) ** 2 + (this.centres[k + 1] - cg) ** 2 + (this.centres[k + 2] - cb) ** 2;
      if (d <= PIECE_COLOURS_APART * PIECE_COLOURS_APART) return (this.classOf[bin] = k / 3 + 1);
      if (d < least) [nearest, least] = [k / 3 + 1, d];
    }
    if (this.centres.length === 255 * 3) return (this.classOf[bin] = nearest);
    this.centres.push(cr, cg, cb);
    return (this.classOf[bin] = this.centres.length / 3);
  }
}

/** Smoothing passes after the inward fill: enough to blur the fill's layer pattern across a ~20 px stroke. */
const SMOOTHING_PASSES = 24;

/** Delta E 1976 above which a stroke is kept as painted (a colour clearly different from the region's). */
export const DEFAULT_MAX_DELTA_E = 12;


/**
 * What deciding a piece needs. A spill here (the end of a stroke that
 * slipped over a line, spill.ts's shares) is a piece that disagrees with
 * its region (delta E above the limit), holds at most SPILL_SHARE of its
 * stroke's paint, and whose stroke the network followed (its pieces agree
 * with their regions) over at least FOLLOWED_SHARE of it: the stubs
 * spill.ts took out of the hint never reach here; longer slips do.
 */
interface PieceStats {
  /** A pixel of the piece: gathering from it again gives the same piece. */
  readonly start: number;
  readonly region: number;
  /** The stroke of its first painted pixel (0: none). */
  readonly stroke: number;
  /** Its painted pixels (not the margin). */
  readonly painted: number;
  /** Unpainted pixels of its region touch it: there is a colour to fill it from. */
  readonly fillable: boolean;
  /** Within the delta E limit of those pixels. */
  readonly agrees: boolean;
}

/** The grid cell (page pixels a side) on which painted blobs are told from strokes. */
const BLOCK_SHIFT = 2;
const BLOCK = 1 << BLOCK_SHIFT;

/** The grid cell of page pixel (x, y) on a grid `cols` cells wide. */
function cellIndex(x: number, y: number, cols: number): number {
  return (y >> BLOCK_SHIFT) * cols + (x >> BLOCK_SHIFT);
}

// state: per page pixel.
const UNPAINTED = 0;
const PAINTED = 1;
const TAKEN = 2; // painted and already in a piece

// Link to a neighbour, per piece pixel and direction.
const NO_LINK = -1; // ink, another region, outside the page, or painted but unreachable
const SOURCE = -2; // unpainted paper of the same region: a fixed colour

export interface StrokeBlendInput {
  /** The result, page-sized RGBA; changed in place. */
  readonly image: RgbaImage;
  /** The hint layer, page-sized RGBA: painted where alpha > 0. */
  readonly hint: RgbaImage;
  /** The page's line channel, for what is paper (ink is never painted over). */
  readonly line: LineValues;
  /** Whether the result has the lines multiplied over it (restoreLines): their darkening is divided out first. */
  readonly linesMultiplied: boolean;
  /** The region fill's labels, at working size. */
  readonly regions: RegionLabels;
  readonly maxDeltaE?: number;
  /** Page pixels around each stroke taken with it (the network's halo around strokes). */
  readonly margin?: number;
  /** Painted blobs thicker than this (area / perimeter, page pixels) are area fills, left as painted. */
  readonly maxHalfWidth: number;
  /** Where the hint is painted, when the caller has found it already. */
  readonly spans?: PaintedSpans;
}

/** The strokes on the grid (strokeCellsOf): per cell its stroke (0: none), their count, and per stroke its cells. */
interface StrokeCells {
  readonly cells: Int32Array;
  readonly strokes: number;
  /** Per stroke (1 up; 0 unused), how many cells it covers. */
  readonly sizes: Int32Array;
}

/**
 * The strokes of the hint on a grid of BLOCK x BLOCK cells: each cell of a
 * painted blob (8-connected painted cells, across lines and regions) no
 * thicker than maxHalfWidth page pixels (cells x BLOCK x area / perimeter:
 * about half a stroke's width, half a disc's radius) holds its stroke's
 * number, 1 up; other cells 0. Undefined when there are none.
 */
function strokeCellsOf(hint: Uint8Array | Uint8ClampedArray, spans: PaintedSpans, maxHalfWidth: number): StrokeCells | undefined {
  const { width, height } = spans;
  const cols = Math.ceil(width / BLOCK);
  const rows = Math.ceil(height / BLOCK);
  const cells = new Int32Array(cols * rows);
  for (let y = 0; y < height; y++) {
    const cellRow = (y >> BLOCK_SHIFT) * cols;
    forEachSpanIn(spans, y, 0, width, (from, to) => {
      for (let x = from; x < to; ) {
        const cell = cellRow + (x >> BLOCK_SHIFT);
        // A cell marked already: the rest of its pixels in this row need no look.
        if (cells[cell] !== 0) x = ((x >> BLOCK_SHIFT) + 1) << BLOCK_SHIFT;
        else {
          if (hint[(y * width + x) * 4 + 3] !== 0) cells[cell] = 1;
          x++;
        }
      }
    });
  }
  // Marks while scanning (negative: stroke numbers are positive).
  const PAINTED_CELL = 1;
  const SEEN = -1;
  const blob = new IndexList();
  let strokes = 0;
  const sizes = [0];
  for (let start = 0; start < cells.length; start++) {
    if (cells[start] !== PAINTED_CELL) continue;
    blob.length = 0;
    blob.push(start);
    cells[start] = SEEN;
    let perimeter = 0;
    for (let m = 0; m < blob.length; m++) {
      const c = blob.items[m];
      const cx = c % cols;
      const cy = (c - cx) / cols;
      let edge = false;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = cx + dx;
          const ny = cy + dy;
          if (nx < 0 || ny < 0 || nx >= cols || ny >= rows) {
            if (dx === 0 || dy === 0) edge = true;
            continue;
          }
          const nb = ny * cols + nx;
          if (cells[nb] === 0) {
            if (dx === 0 || dy === 0) edge = true;
          } else if (cells[nb] === PAINTED_CELL) {
            cells[nb] = SEEN;
            blob.push(nb);
          }
        }
      }
      if (edge) perimeter++;
    }
    const thin = (BLOCK * blob.length) / Math.max(1, perimeter) <= maxHalfWidth;
    // Numbered from -2 down while scanning, so a number is never taken for an unscanned painted cell.
    if (thin) {
      strokes++;
      sizes.push(blob.length);
    }
    for (let m = 0; m < blob.length; m++) cells[blob.items[m]] = thin ? -1 - strokes : 0;
  }
  if (strokes === 0) return undefined;
  for (let c = 0; c < cells.length; c++) cells[c] = cells[c] < 0 ? -1 - cells[c] : 0;
  return { cells, strokes, sizes: Int32Array.from(sizes) };
}

/** A stroke of at most this many grid cells (BLOCK x BLOCK page pixels) is a small dab. */
const SMALL_DAB_CELLS = 9;

/** Per grid cell, 1 within two cells of a small dab's cells; undefined where there is no small dab. */
function smallDabCells(strokeCells: StrokeCells, cols: number, rows: number): Uint8Array | undefined {
  const { cells, sizes: size } = strokeCells;
  let near: Uint8Array | undefined;
  for (let c = 0; c < cells.length; c++) {
    const s = cells[c];
    if (s === 0 || size[s] > SMALL_DAB_CELLS) continue;
    near ??= new Uint8Array(cells.length);
    const cx = c % cols;
    const cy = (c - cx) / cols;
    for (let y = Math.max(0, cy - 2); y <= Math.min(rows - 1, cy + 2); y++) for (let x = Math.max(0, cx - 2); x <= Math.min(cols - 1, cx + 2); x++) near[y * cols + x] = 1;
  }
  return near;
}

/**
 * Blends the strokes of `hint` into the result (see the module comment).
 * Returns how many page pixels were changed.
 */
export function blendStrokes({ image, hint, line, linesMultiplied, regions, maxDeltaE = DEFAULT_MAX_DELTA_E, margin = 0, maxHalfWidth, spans = paintedSpans(hint) }: StrokeBlendInput): number {
  const { width, height, data } = image;
  const area = width * height;
  const hintData = hint.data;
  // Page pixel -> region, through the working pixel it falls in.
  const regionOf = pageRegionLookup(regions, width, height);
  // The 4-neighbours of pixel i (left, right, up, down; -1 off the page), written into `out`: no array per call.
  const neighboursOf = (i: number, out: Int32Array): Int32Array => {
    const x = i % width;
    out[0] = x > 0 ? i - 1 : -1;
    out[1] = x < width - 1 ? i + 1 : -1;
    out[2] = i >= width ? i - width : -1;
    out[3] = i < area - width ? i + width : -1;
    return out;
  };
  const nb = new Int32Array(4);
  const paper = (i: number): boolean => line.at(i) >= PAPER_THRESHOLD;
  // What the lines multiplied over a pixel (divided out to read its colour, multiplied back to write it).
  const shade = (i: number): number => (linesMultiplied ? Math.max(line.at(i), PAPER_THRESHOLD) : 1);

  const strokeCells = strokeCellsOf(hintData, spans, maxHalfWidth);
  if (!strokeCells) return 0;
  const cols = Math.ceil(width / BLOCK);
  const strokeOf = (i: number): number => {
    const y = (i / width) | 0;
    return strokeCells.cells[cellIndex(i - y * width, y, cols)];
  };

  // Painted paper of the strokes, grown by the margin within its region; each pixel's tone, the colour
  // class of the paint it is or was grown from (ToneTable).
  const state = new Uint8Array(area);
  const tone = new Uint8Array(area);
  const tones = new ToneTable();
  let ring = new IndexList();
  const edges = new IndexList(); // partly transparent pixels whose colour may be darkened by their alpha
  for (let y = 0; y < height; y++) {
    const cellRow = (y >> BLOCK_SHIFT) * cols;
    forEachSpanIn(spans, y, 0, width, (from, to) => {
      for (let x = from, i = y * width + from; x < to; x++, i++) {
        const alpha = hintData[i * 4 + 3];
        if (alpha === 0 || strokeCells.cells[cellRow + (x >> BLOCK_SHIFT)] === 0) continue;
        if (paper(i) && regionOf(i) !== 0) {
          state[i] = PAINTED;
          if (alpha < 255 && hintData[i * 4] <= alpha && hintData[i * 4 + 1] <= alpha && hintData[i * 4 + 2] <= alpha) edges.push(i);
          else tone[i] = tones.of(hintData[i * 4], hintData[i * 4 + 1], hintData[i * 4 + 2]);
          ring.push(i);
        }
      }
    });
  }
  if (ring.length === 0) return 0;
  edgeTones(edges);
  /** Grows the painted pixels `steps` rings out within their regions, into pixels `allowed` takes (all where not given). */
  const grow = (steps: number, allowed?: (j: number) => boolean): void => {
    for (let step = 0; step < steps; step++) {
      const grown = new IndexList();
      for (let k = 0; k < ring.length; k++) {
        const i = ring.items[k];
        const r = regionOf(i);
        neighboursOf(i, nb);
        for (let dir = 0; dir < 4; dir++) {
          const j = nb[dir];
          if (j < 0 || state[j] !== UNPAINTED || !paper(j) || regionOf(j) !== r || (allowed && !allowed(j))) continue;
          state[j] = PAINTED;
          tone[j] = tone[i];
          grown.push(j);
        }
      }
      ring = grown;
    }
  };
  /**
   * The tones of partly transparent pixels that may be premultiplied (no channel above the alpha):
   * the tone of their colour divided by their alpha where a neighbour already has it (the edge of its
   * stroke, written darkened by its alpha: a white dab's grey rim, a tone of its own, closed the dab
   * off from the unpainted pixels around it, and the network's tan rendering of it stayed, a review),
   * else of their colour as stored (a straight edge: a dark stroke's). Neighbours first, in sweeps.
   */
  function edgeTones(list: IndexList): void {
    const unset = 0;
    let pending = list.items.subarray(0, list.length);
    for (let sweep = 0; sweep < 3 && pending.length > 0; sweep++) {
      const left: number[] = [];
      for (const i of pending) {
        const a = hintData[i * 4 + 3];
        const straight = tones.of(Math.min(255, (hintData[i * 4] * 255) / a), Math.min(255, (hintData[i * 4 + 1] * 255) / a), Math.min(255, (hintData[i * 4 + 2] * 255) / a));
        const stored = tones.of(hintData[i * 4], hintData[i * 4 + 1], hintData[i * 4 + 2]);
        let found = unset;
        const x = i % width;
        for (let dy = -width; dy <= width && found !== straight; dy += width) {
          for (let dx = -1; dx <= 1; dx++) {
            const j = i + dy + dx;
            if ((dx === -1 && x === 0) || (dx === 1 && x === width - 1) || j < 0 || j >= area || tone[j] === unset) continue;
            if (tone[j] === straight) found = straight;
            else if (tone[j] === stored && found === unset) found = stored;
          }
        }
        if (found === unset && sweep < 2) left.push(i);
        else tone[i] = found === unset ? stored : found;
      }
      pending = Int32Array.from(left);
    }
  }
  grow(margin);
  // Around a small dab the network's halo is wider: as wide again (the cells within two of a small dab's).
  const near = smallDabCells(strokeCells, cols, Math.ceil(height / BLOCK));
  if (near) {
    grow(margin, (j) => {
      const y = (j / width) | 0;
      return near[cellIndex(j - y * width, y, cols)] === 1;
    });
  }

  // One piece: painted pixels 4-connected within one region, of one tone (their margin with them), their
  // state turned from `from` to `to` as they are gathered (PAINTED -> TAKEN the first time, TAKEN ->
  // PAINTED to fill it). Of one tone: a white cloud dabbed over a sky stroke was one piece with it, took the
  // sky's colour (the piece's mean agreed with the sky around) and vanished (a review, session 28).
  const piece = new IndexList();
  /** Gathers the piece of `start` into `piece`; its colour and that of the unpainted same-region pixels touching it. */
  const gather = (start: number, from: number, to: number): PieceStats => {
    const r = regionOf(start);
    piece.length = 0;
    piece.push(start);
    state[start] = to;
    const inside = [0, 0, 0];
    const around = [0, 0, 0];
    let aroundCount = 0;
    let stroke = 0;
    let painted = 0;
    // The colour painted (opaque pixels), besides the colour the network made of it.
    const paint = [0, 0, 0];
    let opaque = 0;
    const own = tone[start];
    for (let m = 0; m < piece.length; m++) {
      const i = piece.items[m];
      if (hintData[i * 4 + 3] !== 0) {
        painted++;
        if (stroke === 0) stroke = strokeOf(i);
        if (hintData[i * 4 + 3] >= PAINTED_ALPHA) {
          for (let c = 0; c < 3; c++) paint[c] += hintData[i * 4 + c];
          opaque++;
        }
      }
      const d = shade(i);
      for (let c = 0; c < 3; c++) inside[c] += data[i * 4 + c] / d;
      neighboursOf(i, nb);
      for (let dir = 0; dir < 4; dir++) {
        const j = nb[dir];
        if (j < 0) continue;
        if (state[j] === from) {
          if (regionOf(j) !== r || tone[j] !== own) continue;
          state[j] = to;
          piece.push(j);
        } else if (state[j] === UNPAINTED && paper(j) && regionOf(j) === r) {
          const dj = shade(j);
          for (let c = 0; c < 3; c++) around[c] += data[j * 4 + c] / dj;
          aroundCount++;
        }
      }
    }
    const n = piece.length;
    const fillable = aroundCount > 0;
    const aroundMean = around.map((v) => v / aroundCount);
    // Either colour agreeing will do: the network paints a white dab tan (white is "no hint" in its
    // training hints), and judged by that rendering a white dab on a white sock stayed a tan stamp.
    const agrees = fillable && (deltaE(inside.map((v) => v / n), aroundMean) <= maxDeltaE || (opaque > 0 && deltaE(paint.map((v) => v / opaque), aroundMean) <= maxDeltaE));
    return { start, region: r, stroke, painted, fillable, agrees };
  };

  // Every piece first: whether a piece that disagrees with its region is a spill depends on the rest of its stroke.
  const pieces: PieceStats[] = [];
  // By stroke and tone: a white dab on a sky stroke is no spill of the sky stroke (its cells are one stroke's).
  const strokePaint = new Map<number, number>();
  const strokeFollowed = new Map<number, number>();
  const strokeTone = (stats: PieceStats): number => stats.stroke * 256 + tone[stats.start];
  // In index order, each piece from its first pixel (a native search finds the next one: pieces
  // are few, the page is 16 M bytes that a loop here would read one by one).
  for (let start = state.indexOf(PAINTED); start >= 0; start = state.indexOf(PAINTED, start + 1)) {
    const stats = gather(start, PAINTED, TAKEN);
    pieces.push(stats);
    const key = strokeTone(stats);
    strokePaint.set(key, (strokePaint.get(key) ?? 0) + stats.painted);
    if (stats.agrees) strokeFollowed.set(key, (strokeFollowed.get(key) ?? 0) + stats.painted);
  }

  let changed = 0;
  for (const stats of pieces) {
    const total = strokePaint.get(strokeTone(stats)) ?? 0;
    const spill = stats.fillable && stats.stroke !== 0 && stats.painted <= SPILL_SHARE * total && (strokeFollowed.get(strokeTone(stats)) ?? 0) >= FOLLOWED_SHARE * total;
    if (!stats.agrees && !spill) continue;
    // Gathered again, in the same order, from the same pixel (every piece pixel is TAKEN now).
    gather(stats.start, TAKEN, PAINTED);
    changed += fillPiece(piece.items.subarray(0, piece.length).slice().sort(), stats.region);
  }
  return changed;

  /**
   * Replaces the piece's colour (its pixels sorted by index) by an inward
   * layer fill from its edge, then SMOOTHING_PASSES membrane passes.
   */
  function fillPiece(pixels: Int32Array, r: number): number {
    const n = pixels.length;
    // The slot of a linked pixel: left and right are the slots beside k; up and down are found by
    // pointers that only rise (pixels are sorted, so i - width and i + width rise with k), not by a
    // search per link.
    let up = 0;
    let down = 0;
    const slotOf = (k: number, dir: number, j: number): number => {
      if (dir === 0) return k > 0 && pixels[k - 1] === j ? k - 1 : NO_LINK;
      if (dir === 1) return k + 1 < n && pixels[k + 1] === j ? k + 1 : NO_LINK;
      if (dir === 2) {
        while (up < n && pixels[up] < j) up++;
        return up < n && pixels[up] === j ? up : NO_LINK;
      }
      while (down < n && pixels[down] < j) down++;
      return down < n && pixels[down] === j ? down : NO_LINK;
    };
    // Links (4 per pixel) and the sum of the fixed colours around each pixel.
    const links = new Int32Array(n * 4);
    const fixed = new Float32Array(n * 3);
    const fixedCount = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      neighboursOf(pixels[k], nb);
      for (let dir = 0; dir < 4; dir++) {
        const j = nb[dir];
        let link = NO_LINK;
        if (j >= 0 && paper(j) && regionOf(j) === r) {
          if (state[j] === UNPAINTED) {
            link = SOURCE;
            const d = shade(j);
            for (let c = 0; c < 3; c++) fixed[k * 3 + c] += data[j * 4 + c] / d;
            fixedCount[k]++;
          } else {
            link = slotOf(k, dir, j);
          }
        }
        links[k * 4 + dir] = link;
      }
    }
    // Inward fill: layer by layer, a pixel next to known colour takes the mean of it.
    const fill = new Float32Array(n * 3);
    const known = new Uint8Array(n);
    /** Pixel k's fill becomes the mean of its fixed neighbours and its known linked ones. */
    const relax = (k: number): void => {
      let count = fixedCount[k];
      let rr = fixed[k * 3];
      let gg = fixed[k * 3 + 1];
      let bb = fixed[k * 3 + 2];
      for (let dir = 0; dir < 4; dir++) {
        const s = links[k * 4 + dir];
        if (s < 0 || !known[s]) continue;
        rr += fill[s * 3];
        gg += fill[s * 3 + 1];
        bb += fill[s * 3 + 2];
        count++;
      }
      fill[k * 3] = rr / count;
      fill[k * 3 + 1] = gg / count;
      fill[k * 3 + 2] = bb / count;
    };
    // The layers, in two lists of slots swapped each layer (a layer holds each slot at most once).
    let frontier = new Int32Array(n);
    let next = new Int32Array(n);
    let layer = 0;
    for (let k = 0; k < n; k++) if (fixedCount[k] > 0) frontier[layer++] = k;
    while (layer > 0) {
      for (let q = 0; q < layer; q++) relax(frontier[q]);
      for (let q = 0; q < layer; q++) known[frontier[q]] = 1;
      let queued = 0;
      for (let q = 0; q < layer; q++) {
        const k = frontier[q];
        for (let dir = 0; dir < 4; dir++) {
          const s = links[k * 4 + dir];
          if (s >= 0 && known[s] === 0) {
            known[s] = 2; // queued
            next[queued++] = s;
          }
        }
      }
      for (let q = 0; q < queued; q++) known[next[q]] = 0;
      [frontier, next] = [next, frontier];
      layer = queued;
    }
    // Smoothing toward the membrane through the piece's edge (pixels the fill never reached keep their colour).
    smooth(known, links, fixed, fixedCount, fill);
    let written = 0;
    for (let k = 0; k < n; k++) {
      if (!known[k]) continue;
      const i = pixels[k];
      const d = shade(i);
      for (let c = 0; c < 3; c++) data[i * 4 + c] = Math.max(0, Math.min(255, Math.round(fill[k * 3 + c] * d)));
      written++;
    }
    return written;
  }
}

/**
 * SMOOTHING_PASSES membrane passes over a piece's known pixels (known[k] = 1), in slot order and in
 * place: each becomes the mean of its fixed neighbours' sum and its known linked ones' fills, added
 * in link order (as the inward fill's relax adds them). The known links are listed once up front
 * (a few per pixel, read 24 times), not tested in every pass.
 */
function smooth(known: Uint8Array, links: Int32Array, fixed: Float32Array, fixedCount: Uint8Array, fill: Float32Array): void {
  const n = known.length;
  const order = new Int32Array(n);
  const first = new Int32Array(n + 1);
  const linked = new Int32Array(4 * n);
  let m = 0;
  let e = 0;
  for (let k = 0; k < n; k++) {
    if (!known[k]) continue;
    order[m] = k;
    first[m++] = e;
    for (let dir = 0; dir < 4; dir++) {
      const s = links[k * 4 + dir];
      if (s >= 0 && known[s]) linked[e++] = s;
    }
  }
  first[m] = e;
  for (let pass = 0; pass < SMOOTHING_PASSES; pass++) {
    for (let q = 0; q < m; q++) {
      const k = order[q];
      let count = fixedCount[k];
      let rr = fixed[k * 3];
      let gg = fixed[k * 3 + 1];
      let bb = fixed[k * 3 + 2];
      for (let t = first[q], end = first[q + 1]; t < end; t++) {
        const s = linked[t];
        rr += fill[s * 3];
        gg += fill[s * 3 + 1];
        bb += fill[s * 3 + 2];
        count++;
      }
      fill[k * 3] = rr / count;
      fill[k * 3 + 1] = gg / count;
      fill[k * 3 + 2] = bb / count;
    }
  }
}
