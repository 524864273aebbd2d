/**
 * The region fill's leak guard (src/model/fill-leaks.ts): a region whose
 * paint a closing one pixel wider walls into under a third of it is read at
 * that closing; other regions, and a fill without gap closing, are as labelled.
 */
import { computeRegionFill, createColorizer } from '../../src/model';
import { withLeaksClosed } from '../../src/model/fill-leaks';
import { forEachLabelRun, planePaperRows, regionAt } from '../../src/model/paper-regions';
import { planeHintPixels, regionFillOf, type HintPixelSource, type RegionFill } from '../../src/model/regions';
import type { RgbaImage } from '../../src/model/types';
import { fillEchoBackend } from '../helpers/backends';
import { loadContract } from '../helpers/engine';
import { solidImage } from '../helpers/synthetic';

const W = 60;
const H = 40;

/**
 * A 1 px box x 5..20, y 5..20 with a gap 5 px high in its right wall (rows
 * 10-14): closed at radius 3, open at 2. `wall` draws more ink (ink = 0).
 */
function boxPage(wall: (x: number, y: number) => boolean = () => false, gapRows = 5): Float32Array {
  const line = new Float32Array(W * H).fill(1);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const onBox = ((x === 5 || x === 20) && y >= 5 && y <= 20) || ((y === 5 || y === 20) && x >= 5 && x <= 20);
      const gap = x === 20 && y >= 10 && y < 10 + gapRows;
      if ((onBox && !gap) || wall(x, y)) line[y * W + x] = 0;
    }
  }
  return line;
}

/** A 2 x 2 green dab inside the box, as the fill reads hints. */
function pixelsOfDab(): HintPixelSource {
  const r = new Float32Array(W * H);
  const g = new Float32Array(W * H);
  const b = new Float32Array(W * H);
  const mask = new Float32Array(W * H);
  for (const i of [12 * W + 12, 12 * W + 13, 13 * W + 12, 13 * W + 13]) {
    mask[i] = 1;
    g[i] = 0.8;
  }
  return planeHintPixels(r, g, b, mask);
}

/** The fill of `line` with the dab inside the box, guarded or not. */
function fillOf(line: Float32Array, gapRadius: number, guarded: boolean): RegionFill {
  const paper = planePaperRows(line, W, H);
  const pixels = pixelsOfDab();
  const fill = computeRegionFill(W, H, paper, pixels, gapRadius);
  if (!guarded) return fill;
  const checked = withLeaksClosed(fill, pixels, gapRadius);
  lastUnchanged = checked === fill;
  return checked;
}

/** Whether the last guarded fill came back as labelled (nothing leaked). */
let lastUnchanged = false;

/** The fill mask at (x, y). */
function maskAt(fill: RegionFill, x: number, y: number): number {
  return fill.table[regionAt(fill.regions, y * W + x) * 4 + 3];
}

describe('the fill leak guard', () => {
  it('keeps a dab inside its box when the closing lets it out into a far bigger region', () => {
    const line = boxPage();
    expect(maskAt(fillOf(line, 2, false), 40, 30)).toBe(1); // unguarded: the page around takes the dab
    const guarded = fillOf(line, 2, true);
    expect(lastUnchanged).toBe(false);
    expect(maskAt(guarded, 40, 30)).toBe(0);
    expect(maskAt(guarded, 40, 3)).toBe(0);
    expect(maskAt(guarded, 7, 18)).toBe(1); // the box's far corner is still filled
    expect(maskAt(guarded, 12, 12)).toBe(1);
  });

  // A wall at x = `wall` closes a pocket beside the box (inside 14 x 14): 9 px wide, the box is
  // 60 % of the region; 21 px wide, 40 % (a share between a third and a half).
  it.each([30, 42])('leaves a region whose paint holds a third or more of it at the wider closing as it was (pocket wall at x = %p)', (wall) => {
    const line = boxPage((x, y) => (x === wall && y >= 5 && y <= 20) || ((y === 5 || y === 20) && x >= 20 && x <= wall));
    const guarded = fillOf(line, 2, true);
    expect(maskAt(guarded, 25, 12)).toBe(1); // the pocket is filled as the closing at 2 reads it
    expect(maskAt(guarded, wall - 2, 18)).toBe(1);
    expect(lastUnchanged).toBe(true);
  });

  it('closes a pocket walled off by the gap when the box holding the dab is under a third of the region (28 %)', () => {
    const wall = 57; // pocket 36 px wide
    const line = boxPage((x, y) => (x === wall && y >= 5 && y <= 20) || ((y === 5 || y === 20) && x >= 20 && x <= wall));
    expect(maskAt(fillOf(line, 2, false), 40, 12)).toBe(1); // unguarded, the pocket takes the dab
    const guarded = fillOf(line, 2, true);
    expect(lastUnchanged).toBe(false);
    expect(maskAt(guarded, 40, 12)).toBe(0);
    expect(maskAt(guarded, 12, 12)).toBe(1);
  });

  it('relabels 16-bit labels into 32-bit ones where the wider closing\'s parts do not fit after them', () => {
    const line = boxPage();
    const plain = fillOf(line, 2, true);
    // The same fill with provisional labels numbered up to 65,533 (no pixel takes the extra ones):
    // the wider closing's parts, numbered after them, pass 0xffff.
    const fill = fillOf(line, 2, false);
    expect(fill.regions.labels).toBeInstanceOf(Uint16Array);
    const region = new Int32Array(65_534);
    region.set(fill.regions.region);
    const regions = { ...fill.regions, region };
    const padded = withLeaksClosed({ ...fill, regions, fillOf: regionFillOf(regions, fill.table) }, pixelsOfDab(), 2);
    expect(padded.regions.labels).toBeInstanceOf(Int32Array);
    for (let i = 0; i < W * H; i++) expect(padded.fillOf[padded.regions.labels[i]] > 0).toBe(plain.fillOf[plain.regions.labels[i]] > 0);
    expect(maskAt(padded, 40, 30)).toBe(0);
    expect(maskAt(padded, 7, 18)).toBe(1);
  });

  it('closes one pixel wider, not more: a 7 px gap still lets the dab out', () => {
    expect(maskAt(fillOf(boxPage(undefined, 6), 2, true), 40, 30)).toBe(0);
    expect(lastUnchanged).toBe(false);
    expect(maskAt(fillOf(boxPage(undefined, 7), 2, true), 40, 30)).toBe(1);
    expect(lastUnchanged).toBe(true);
  });

  it('does nothing where the artist closes no gaps (radius 0)', () => {
    const guarded = fillOf(boxPage(), 0, true);
    expect(lastUnchanged).toBe(true);
    expect(maskAt(guarded, 40, 30)).toBe(1);
  });

  /**
   * Through colorize at scale 1 (fillEchoBackend: the fill as colour): a page `pw` x `ph`, a 2 px
   * box from `from` to `to` (both ways) with a 5 px gap in its right wall starting at `gapAt`, a
   * green dab of `dab` px at (`dabAt`, `dabAt`). Returns the RGB at a point.
   */
  async function colorizedBox(pw: number, ph: number, from: number, to: number, gapAt: number, dabAt: number, dab: number): Promise<(x: number, y: number) => number[]> {
    const page = solidImage(pw, ph, [255, 255, 255, 255]);
    const hint: RgbaImage = solidImage(pw, ph, [0, 0, 0, 0]);
    const ink = (x: number, y: number): void => page.data.set([0, 0, 0, 255], (y * pw + x) * 4);
    for (let k = from; k <= to + 1; k++) {
      for (const t of [0, 1]) {
        ink(k, from + t);
        ink(k, to + t);
        ink(from + t, k);
        if (k < gapAt || k >= gapAt + 5) ink(to + t, k);
      }
    }
    for (let y = dabAt; y < dabAt + dab; y++) for (let x = dabAt; x < dabAt + dab; x++) hint.data.set([40, 200, 90, 255], (y * pw + x) * 4);
    const { image } = await createColorizer({ contract: loadContract(), backend: fillEchoBackend() }).colorize(page, hint, { workingScale: 1, restoreLines: false, whitePaper: false, tileSize: 1024 });
    return (x, y) => Array.from(image.data.subarray((y * pw + x) * 4, (y * pw + x) * 4 + 3));
  }

  it('catches a shape smaller than the page grid\'s cells on a page over 2,048 px', async () => {
    // A 12 px box on a 2,600 px wide page (4 px grid cells: a screen on the grid missed it, and
    // the page around took the dab: the session's review).
    const at = await colorizedBox(2600, 120, 50, 64, 55, 56, 2);
    expect(at(53, 61)).toEqual([40, 200, 90]);
    expect(at(1500, 100)).toEqual([0, 0, 0]);
  });

  it('is what colorize fills with', async () => {
    const at = await colorizedBox(120, 80, 10, 40, 22, 20, 4);
    expect(at(30, 35)).toEqual([40, 200, 90]);
    expect(at(80, 20)).toEqual([0, 0, 0]);
  });
});

describe('forEachLabelRun', () => {
  it.each([['16-bit', Uint16Array], ['32-bit', Int32Array]] as const)('visits the runs of one label in [start, end) in order, cut at its ends (%s)', (_bits, Type) => {
    const labels = Type.from([3, 3, 3, 0, 0, 7, 7, 7, 7, 3, 3, 9]);
    const runs = (start: number, end: number): number[][] => {
      const out: number[][] = [];
      forEachLabelRun(labels, start, end, (from, to, label) => out.push([from, to, label]));
      return out;
    };
    expect(runs(0, 12)).toEqual([[0, 3, 3], [3, 5, 0], [5, 9, 7], [9, 11, 3], [11, 12, 9]]);
    expect(runs(1, 7)).toEqual([[1, 3, 3], [3, 5, 0], [5, 7, 7]]);
    expect(runs(6, 6)).toEqual([]);
  });

  it('finds the same runs as a pixel-by-pixel read, two 16-bit labels at a time or not (odd ends, unaligned arrays, labels of 0x8000 up)', () => {
    let seed = 7;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const buffer = new ArrayBuffer(2 * 401);
    const arrays = [new Uint16Array(buffer, 0, 400), new Uint16Array(buffer, 2, 399), new Uint16Array(403).subarray(2)];
    for (const labels of arrays) {
      for (let i = 0; i < labels.length; ) {
        const length = 1 + random(random(2) === 0 ? 3 : 40);
        labels.fill([0, 5, 0x8000, 0xffff, 0x1234][random(5)], i, i + length);
        i += length;
      }
      for (let trial = 0; trial < 50; trial++) {
        const start = random(labels.length);
        const end = start + random(labels.length - start + 1);
        const expected: number[][] = [];
        for (let from = start; from < end; ) {
          let to = from + 1;
          while (to < end && labels[to] === labels[from]) to++;
          expected.push([from, to, labels[from]]);
          from = to;
        }
        const out: number[][] = [];
        forEachLabelRun(labels, start, end, (from, to, label) => out.push([from, to, label]));
        expect(out).toEqual(expected);
      }
    }
  });
});
