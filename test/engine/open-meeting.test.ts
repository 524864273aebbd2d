/**
 * The split's screen (src/model/open-meeting.ts): it answers yes only where
 * every colour's strokes lie in one piece of the region far enough from
 * ink that the flood would join them all, and it does answer yes for the
 * plain case (one open shape in two colours), which is what it is for.
 */
import { allMeetInTheOpen, type ScreenBox } from '../../src/model/open-meeting';
import { labelPaperRegions, planePaperRows, regionAt, type RegionLabels } from '../../src/model/paper-regions';

const W = 160;
const H = 120;
const OPEN_REACH = 12;

/** A stroke: columns [x0, x1), rows [y0, y1), of one part (1-based). */
type Stroke = readonly [x0: number, x1: number, y0: number, y1: number, part: number];

/** The labels of `line` (1 paper, 0 ink), no gap closing. */
const labelled = (line: Float32Array): RegionLabels => labelPaperRegions(W, H, planePaperRows(line, W, H), 0);

/** The bounding box of region `region`. */
function boxOf(regions: RegionLabels, region: number): ScreenBox {
  let [left, top, right, bottom] = [W, H, -1, -1];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (regionAt(regions, y * W + x) !== region) continue;
      [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
    }
  }
  return { region, left, top, right, bottom };
}

/** Seed runs (from, to, part, ...) of `strokes`, as fill-split makes them: the region's pixels, a run within a row. */
function seedRuns(regions: RegionLabels, region: number, strokes: readonly Stroke[]): number[] {
  const runs: number[] = [];
  for (const [x0, x1, y0, y1, part] of strokes) {
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) if (regionAt(regions, y * W + x) === region) runs.push(y * W + x, y * W + x + 1, part);
    }
  }
  return runs;
}

/** The screen's answer for the region under the first stroke. */
function screen(line: Float32Array, strokes: readonly Stroke[], parts: number): boolean {
  const regions = labelled(line);
  const region = regionAt(regions, strokes[0][2] * W + strokes[0][0]);
  return allMeetInTheOpen(regions, boxOf(regions, region), seedRuns(regions, region, strokes), parts, OPEN_REACH);
}

/**
 * The fact the screen must never contradict, found pixel by pixel: every
 * part has a stroke pixel in one 4-connected piece of the region's pixels
 * whose chessboard distance to any other pixel of the canvas is at least
 * OPEN_REACH (the canvas edge no wall, as the flood has it).
 */
function meetInTheOpen(line: Float32Array, strokes: readonly Stroke[], parts: number): boolean {
  const regions = labelled(line);
  const region = regionAt(regions, strokes[0][2] * W + strokes[0][0]);
  // Pixels of other regions or ink, summed over rectangles (a summed-area table).
  const sum = new Int32Array((W + 1) * (H + 1));
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const other = regionAt(regions, y * W + x) === region ? 0 : 1;
      sum[(y + 1) * (W + 1) + x + 1] = other + sum[y * (W + 1) + x + 1] + sum[(y + 1) * (W + 1) + x] - sum[y * (W + 1) + x];
    }
  }
  const open = new Uint8Array(W * H);
  const r = OPEN_REACH - 1;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const [x0, y0, x1, y1] = [Math.max(0, x - r), Math.max(0, y - r), Math.min(W, x + r + 1), Math.min(H, y + r + 1)];
      const others = sum[y1 * (W + 1) + x1] - sum[y0 * (W + 1) + x1] - sum[y1 * (W + 1) + x0] + sum[y0 * (W + 1) + x0];
      open[y * W + x] = others === 0 ? 1 : 0;
    }
  }
  const piece = new Int32Array(W * H);
  let pieces = 0;
  for (let start = 0; start < W * H; start++) {
    if (open[start] === 0 || piece[start] !== 0) continue;
    piece[start] = ++pieces;
    const stack = [start];
    while (stack.length > 0) {
      const i = stack.pop() as number;
      const [x, y] = [i % W, Math.floor(i / W)];
      for (const [u, v] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]]) {
        const j = v * W + u;
        if (u >= 0 && u < W && v >= 0 && v < H && open[j] === 1 && piece[j] === 0) {
          piece[j] = pieces;
          stack.push(j);
        }
      }
    }
  }
  // Some piece holding a stroke pixel of every part (a piece joins the parts in it; pieces chain no further).
  const partsIn = new Map<number, Set<number>>();
  const seeds = seedRuns(regions, region, strokes);
  for (let k = 0; k < seeds.length; k += 3) {
    const p = piece[seeds[k]];
    if (p === 0) continue;
    const set = partsIn.get(p) ?? new Set<number>();
    partsIn.set(p, set.add(seeds[k + 2]));
  }
  // Parts are joined through pieces they share: union over the pieces.
  const root = Array.from({ length: parts + 1 }, (_, p) => p);
  const find = (p: number): number => (root[p] === p ? p : (root[p] = find(root[p])));
  for (const set of partsIn.values()) {
    const [first, ...rest] = [...set];
    for (const p of rest) root[find(p)] = find(first);
  }
  return new Set(Array.from({ length: parts }, (_, p) => find(p + 1))).size === 1;
}

/** Paper everywhere with ink where `ink(x, y)`. */
function drawn(ink: (x: number, y: number) => boolean): Float32Array {
  const line = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) line[y * W + x] = ink(x, y) ? 0 : 1;
  return line;
}

const red: Stroke = [10, 30, 40, 60, 1];
const blue: Stroke = [130, 150, 40, 60, 2];

describe('the split screen', () => {
  it('answers yes for one open shape painted two colours', () => {
    const line = drawn(() => false);
    expect(screen(line, [red, blue], 2)).toBe(true);
    expect(meetInTheOpen(line, [red, blue], 2)).toBe(true);
  });

  it('answers no for two rooms joined by a doorway narrower than the open reach', () => {
    const line = drawn((x, y) => x === 80 && (y < 50 || y >= 60));
    expect(meetInTheOpen(line, [red, blue], 2)).toBe(false);
    expect(screen(line, [red, blue], 2)).toBe(false);
  });

  it('answers yes through a passage wide enough to be open, and no through one that is not', () => {
    const wall = (gap: number) => (x: number, y: number) => x >= 70 && x < 90 && (y < 60 - gap / 2 || y >= 60 + gap / 2);
    expect(screen(drawn(wall(48)), [red, blue], 2)).toBe(true);
    expect(meetInTheOpen(drawn(wall(20)), [red, blue], 2)).toBe(false);
    expect(screen(drawn(wall(20)), [red, blue], 2)).toBe(false);
  });

  it('answers no while one part is elsewhere: all parts must meet', () => {
    const line = drawn((x, y) => x === 80 && (y < 50 || y >= 60));
    const green: Stroke = [10, 30, 80, 100, 3];
    expect(screen(line, [red, green, blue], 3)).toBe(false);
    expect(screen(line, [red, green], 2)).toBe(true);
  });

  it('answers no for strokes against the ink, where the flood may meet them in a narrow place', () => {
    // A stroke in the open corner of a shape whose other stroke hugs a line: that one is in no open piece.
    const line = drawn((x) => x === 150);
    const hugging: Stroke = [145, 149, 40, 60, 2];
    expect(screen(line, [red, hugging], 2)).toBe(false);
  });

  it('never answers yes where the pixels say the parts do not meet in the open (random shapes)', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let yes = 0;
    for (let trial = 0; trial < 60; trial++) {
      // Random ink bars and discs, and two or three strokes of random parts on paper.
      const bars = Array.from({ length: 3 }, () => [random() * W, random() * H, 2 + random() * 60, 2 + random() * 60]);
      const discs = Array.from({ length: 3 }, () => [random() * W, random() * H, 4 + random() * 25]);
      const line = drawn((x, y) => bars.some(([bx, by, bw, bh]) => x >= bx && x < bx + bw && y >= by && y < by + bh && (bw < 6 || bh < 6)) || discs.some(([cx, cy, r]) => (x - cx) ** 2 + (y - cy) ** 2 < r * r && (x - cx) ** 2 + (y - cy) ** 2 > (r - 2) ** 2));
      const parts = 2 + Math.floor(random() * 2);
      const strokes: Stroke[] = Array.from({ length: parts }, (_, p) => {
        const [x, y] = [Math.floor(random() * (W - 12)), Math.floor(random() * (H - 12))];
        return [x, x + 12, y, y + 12, p + 1];
      });
      const regions = labelled(line);
      if (regionAt(regions, strokes[0][2] * W + strokes[0][0]) === 0) continue;
      const answer = screen(line, strokes, parts);
      if (answer) {
        yes++;
        expect(meetInTheOpen(line, strokes, parts)).toBe(true);
      }
    }
    expect(yes).toBeGreaterThan(5); // not vacuous: the screen said yes often enough to be checked
  });
});
