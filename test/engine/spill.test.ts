/**
 * Spills (src/model/spill.ts): the end of a stroke that slipped over a line
 * is not paint, for the region fill or anything else.
 */
import { labelPaperRegions, planePaperRows, type RegionLabels } from '../../src/model/paper-regions';
import { paintedSpans } from '../../src/model/painted-spans';
import { regionFillTable, rgbaHintPixels } from '../../src/model/regions';
import { withoutSpills } from '../../src/model/spill';
import { edgeRegions } from '../../src/model/flats';
import { ALL_PAGE_EDGES } from '../../src/model/page-grid';
import type { RgbaImage } from '../../src/model/types';
import { createColorizer } from '../../src/model';
import { loadContract } from '../helpers/engine';
import { drawStrokes, rectangle, solidImage } from '../helpers/synthetic';

const [W, H] = [60, 20];

/** Paper with ink columns at `inkColumns` (2 px wide each): regions side by side, numbered left to right. */
function columnsPage(inkColumns: number[]): RegionLabels {
  const line = new Float32Array(W * H).fill(1);
  for (const x0 of inkColumns) for (let y = 0; y < H; y++) line.fill(0, y * W + x0, y * W + x0 + 2);
  return labelPaperRegions(W, H, planePaperRows(line, W, H), 0);
}

/** A horizontal stroke, rows [y0, y1) (8-11 unless given), columns [x0, x1), of one colour; `alpha` per column if given. */
function stroke(hint: RgbaImage, x0: number, x1: number, rgb: [number, number, number], alpha: (x: number) => number = () => 255, [y0, y1] = [8, 12]): void {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) hint.data.set([...rgb, alpha(x)], (y * W + x) * 4);
}

/** The region fill's colour (0..255) of the region holding pixel (x, 10), and its paint (opaque pixels), from the hint without spills. */
function fillAt(regions: RegionLabels, hint: RgbaImage, x: number): { rgb: number[]; paint: number } {
  const cleaned = withoutSpills(hint, paintedSpans(hint), regions, 1);
  const table = regionFillTable(regions, rgbaHintPixels(cleaned, 1));
  const r = regions.region[regions.labels[10 * W + x]];
  const mask = table[r * 4 + 3];
  let paint = 0;
  for (let i = 0; i < W * H; i++) if (regions.region[regions.labels[i]] === r) paint += cleaned.data[i * 4 + 3] / 255;
  return { rgb: mask > 0 ? [0, 1, 2].map((c) => Math.round((255 * table[r * 4 + c]) / mask)) : [], paint };
}

const GREEN: [number, number, number] = [60, 180, 60];
const BLUE: [number, number, number] = [60, 90, 220];

describe('spills over a line, left out of the region fill', () => {
  const twoRegions = columnsPage([30]); // A: x < 30, B: x >= 32

  it('leaves the region a stroke slipped into unpainted, and the stroke its own region', () => {
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    stroke(hint, 2, 36, GREEN); // 28 columns in A, 4 in B: an eighth of the stroke
    expect(fillAt(twoRegions, hint, 45)).toEqual({ rgb: [], paint: 0 });
    expect(fillAt(twoRegions, hint, 10)).toEqual({ rgb: GREEN, paint: 28 * 4 });
  });

  it('keeps both halves of a stroke painted across a line on purpose', () => {
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    stroke(hint, 12, 50, GREEN); // 18 columns in A, 18 in B
    expect(fillAt(twoRegions, hint, 45).rgb).toEqual(GREEN);
    expect(fillAt(twoRegions, hint, 10).rgb).toEqual(GREEN);
  });

  it('keeps a region its own stroke painted, when another colour touches it across the line', () => {
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    stroke(hint, 2, 32, GREEN);
    stroke(hint, 32, 36, BLUE); // a small blue dab in B, touching the green stroke: not its end
    expect(fillAt(twoRegions, hint, 45).rgb).toEqual(BLUE);
    // The same dab in green would be the stroke's end, and spilled.
    stroke(hint, 32, 36, GREEN);
    expect(fillAt(twoRegions, hint, 45).rgb).toEqual([]);
  });

  it("counts a soft brush's faint edge as its stroke's: faint paint over the line is a spill too", () => {
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    stroke(hint, 2, 38, GREEN, (x) => (x < 30 ? 255 : 40)); // the faint edge runs 6 columns into B
    expect(fillAt(twoRegions, hint, 45).paint).toBe(0);
    // A one pixel line: its faint end (a pixel past the line) joins it along the row alone.
    const line = solidImage(W, H, [0, 0, 0, 0]);
    stroke(line, 2, 33, GREEN, (x) => (x < 30 ? 255 : 40), [10, 11]);
    expect(fillAt(twoRegions, line, 45).paint).toBe(0);
  });

  it('keeps a stretch of a long stroke painted past a line on purpose: more than a stub of its width', () => {
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    stroke(hint, 2, 42, GREEN, () => 255, [9, 11]); // 2 px wide: 10 columns (20 px, a fifth) in B is 5 widths long
    expect(fillAt(twoRegions, hint, 45).rgb).toEqual(GREEN);
    stroke(hint, 2, 42, [0, 0, 0], () => 0, [9, 11]);
    stroke(hint, 2, 35, GREEN, () => 255, [9, 11]); // 3 columns (6 px, 2 px wide): a stub, spilled
    expect(fillAt(twoRegions, hint, 45).rgb).toEqual([]);
  });

  it('keeps every piece of a stroke across many small shapes (strands of hair), none of which dominates', () => {
    const strands = columnsPage([10, 20, 30, 40, 50]);
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    stroke(hint, 2, 58, GREEN);
    for (const x of [5, 15, 25, 35, 45, 55]) expect(fillAt(strands, hint, x).rgb).toEqual(GREEN);
  });

  it('keeps a small shape the stroke paints over half of (an ear beside a face), though a stub of it', () => {
    const ear = columnsPage([30, 36]); // the ear: columns 32-35
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    stroke(hint, 2, 36, GREEN, () => 255, [2, 18]); // 64 of the ear's 80 px
    expect(fillAt(ear, hint, 33).rgb).toEqual(GREEN);
    // A textured brush (alpha varying pixel by pixel) is one stroke all the same: its stub into the next shape is a spill.
    const textured = solidImage(W, H, [0, 0, 0, 0]);
    stroke(textured, 2, 35, GREEN, (x) => 120 + ((x * 37) % 130));
    expect(fillAt(twoRegions, textured, 45).paint).toBe(0);
  });

  it('leaves a region with paint of its own and a spill its own colour, not their mean', () => {
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    stroke(hint, 2, 36, GREEN);
    for (let y = 2; y < 5; y++) for (let x = 40; x < 50; x++) hint.data.set([...BLUE, 255], (y * W + x) * 4);
    expect(fillAt(twoRegions, hint, 45).rgb).toEqual(BLUE);
  });
});

describe('strays: a sliver of a stroke in a region twenty times its size', () => {
  const [PW, PH] = [120, 60];
  /** A page of paper with the outlines (2 px ink) of boxes [left, top, right, bottom] (inclusive, the outline's outer edge). */
  function boxesPage(boxes: [number, number, number, number][]): RegionLabels {
    const line = new Float32Array(PW * PH).fill(1);
    for (const [l, t, r, b] of boxes) {
      for (let y = t; y <= b; y++) {
        for (let x = l; x <= r; x++) if (x < l + 2 || x > r - 2 || y < t + 2 || y > b - 2) line[y * PW + x] = 0;
      }
    }
    return labelPaperRegions(PW, PH, planePaperRows(line, PW, PH), 0);
  }
  /** Rows 27-32, columns [x0, x1). */
  function bar(x0: number, x1: number): RgbaImage {
    const hint = solidImage(PW, PH, [0, 0, 0, 0]);
    for (let y = 27; y < 33; y++) for (let x = x0; x < x1; x++) hint.data.set([...GREEN, 255], (y * PW + x) * 4);
    return hint;
  }
  /** The paint (opaque pixels) left in the region holding (x, 30) once spills are out; `background`: the page around's flags. */
  function paintAt(regions: RegionLabels, hint: RgbaImage, x: number, background?: Uint8Array): number {
    const cleaned = withoutSpills(hint, paintedSpans(hint), regions, 1, background);
    const r = regions.region[regions.labels[30 * PW + x]];
    let paint = 0;
    for (let i = 0; i < PW * PH; i++) if (regions.region[regions.labels[i]] === r) paint += cleaned.data[i * 4 + 3] / 255;
    return paint;
  }

  it('leaves the page around a shape unpainted where a stroke in the shape pokes out a stub, though that is over a quarter of it', () => {
    // A box (inside: columns 20-41); the stroke paints 22 of its columns and 8 past its right side (a 27 % share).
    const page = boxesPage([[18, 20, 43, 40]]);
    const hint = bar(20, 52);
    expect(paintAt(page, hint, 100)).toBe(0);
    expect(paintAt(page, hint, 30)).toBe(22 * 6);
    // Into a shape of 1,564 px (32 times the stub, eight times the box it left): a stray too.
    expect(paintAt(boxesPage([[18, 24, 43, 36], [42, 4, 79, 53]]), bar(20, 52), 60)).toBe(0);
    // The same stub into a small shape beside it (not twenty times its size) is kept, as before.
    const beside = boxesPage([[18, 20, 43, 40], [42, 20, 55, 40]]);
    expect(paintAt(beside, hint, 48)).toBe(8 * 6);
  });

  it('leaves the page around a big figure unpainted too, smaller than the figure as it is (a close-up)', () => {
    // A coat filling most of the page (4,488 px inside); the page around it, 2,016 px, is background.
    const coat = boxesPage([[6, 6, 113, 53]]);
    const hint = bar(102, 118); // 10 columns inside, 4 past its side: 29 % of the stroke
    expect(paintAt(coat, hint, 116, edgeRegions(coat, ALL_PAGE_EDGES))).toBe(0);
    expect(paintAt(coat, hint, 60, edgeRegions(coat, ALL_PAGE_EDGES))).toBe(10 * 6);
    // Not knowing the page around, the stub is kept: its region is no bigger than the coat's.
    expect(paintAt(coat, hint, 116)).toBe(4 * 6);
  });

  it('keeps a stub that holds nearly half the stroke, one into a region only about twenty times its size, and a dab across two strands of one size', () => {
    // 14 columns inside the box, 11 past its side: 44 % of the stroke, though a stub into the page around.
    expect(paintAt(boxesPage([[18, 20, 43, 40]]), bar(28, 55), 100)).toBe(11 * 6);
    // 8 columns (27 %) into a shape of 920 px beside a box of 198: four times the box, but not twenty times the stub.
    const beside = boxesPage([[18, 24, 43, 36], [42, 4, 65, 53]]);
    expect(paintAt(beside, bar(20, 52), 50)).toBe(8 * 6);
    // Two strands of hair of one size side by side; a dab 62 % on one and 38 % on the other.
    const strands = boxesPage([[18, 4, 35, 57], [34, 4, 51, 57]]);
    const dab = solidImage(PW, PH, [0, 0, 0, 0]);
    for (let y = 28; y < 32; y++) for (let x = 26; x < 41; x++) dab.data.set([...GREEN, 255], (y * PW + x) * 4);
    expect(paintAt(strands, dab, 40)).toBe(5 * 4);
  });

  it('leaves the page around unpainted where a dab laid along a shape\'s outline lies 42 % outside it', () => {
    // A dab down the box's right side (ink at columns 42-43): 7 columns inside, 5 past it, rows 23-38. Its
    // outside part runs the dab's whole length: along the line, not a stroke's end across it (a hair dab on
    // the skull's outline made a whole page brown, a review). Across the line a stub of 44 % is kept (above).
    const page = boxesPage([[18, 20, 43, 40]]);
    const hint = solidImage(PW, PH, [0, 0, 0, 0]);
    for (let y = 23; y < 39; y++) for (let x = 35; x < 49; x++) hint.data.set([...GREEN, 255], (y * PW + x) * 4); // over the ink too
    const background = edgeRegions(page, ALL_PAGE_EDGES);
    expect(paintAt(page, hint, 100, background)).toBe(0);
    expect(paintAt(page, hint, 30, background)).toBe(7 * 16);
    // Only into the page around: into a shape merely bigger than the box, the stray keeps its share (a skin
    // dab along a chin colours the face).
    expect(paintAt(page, hint, 100)).toBe(5 * 16);
  });

  it('keeps the piece when no piece of the stroke holds most of it (strands of hair, one of them open to the page around)', () => {
    const page = boxesPage([[8, 20, 23, 40], [22, 20, 37, 40]]); // two shapes sharing a side: insides 10-21 and 24-35
    const hint = bar(10, 46); // 12 + 12 columns inside, 8 past the right side
    expect(paintAt(page, hint, 100)).toBe(8 * 6);
    expect(paintAt(page, hint, 15)).toBe(12 * 6);
    expect(paintAt(page, hint, 30)).toBe(12 * 6);
  });
});

/**
 * Colours `page` at working scale 0.75 with a "network" that records the hint mask it is given,
 * summed over `box` (page pixels [x0, y0, x1, y1), read at working pixels).
 */
async function maskOver(page: RgbaImage, hint: RgbaImage, [x0, y0, x1, y1]: readonly number[]): Promise<number> {
  const scale = 0.75;
  let sum = -1;
  const backend = {
    name: 'wasm' as const,
    async run(input: Float32Array, height: number, width: number): Promise<Float32Array> {
      const mask = 4 * height * width;
      sum = 0;
      for (let y = Math.floor(y0 * scale); y < Math.ceil(y1 * scale); y++) for (let x = Math.floor(x0 * scale); x < Math.ceil(x1 * scale); x++) sum += input[mask + y * width + x];
      return new Float32Array(3 * height * width);
    },
    dispose: async () => undefined,
  };
  await createColorizer({ contract: loadContract(), backend }).colorize(page, hint, { workingScale: scale, whitePaper: false, tileSize: 256, tileOverlap: 32 });
  return sum;
}

describe('spills on a page shrunk by the working scale', () => {
  const [w, h] = [240, 240];

  it('are left out where a stroke along a lettered caption box pokes into the panel, though the fill closes gaps wide enough to cut the box up', async () => {
    // A caption box 24 px tall (under an eighth of the page: no panel) with letter-like bars 6 px from its
    // top and bottom, in a panel. At working scale 0.75 the fill closes 3 px gaps on the page (6 px across):
    // the bars join the outline and cut the box into pieces none of which holds most of the stroke. The
    // shapes as drawn (2 px closed) still say the stub past the box's right side is a stray.
    const bars = Array.from({ length: 11 }, (_, k) => ({ x0: 70 + 10 * k, y0: 27, x1: 70 + 10 * k, y1: 37 }));
    const page = drawStrokes(w, h, [...rectangle(5, 5, 235, 235), ...rectangle(60, 20, 180, 44), ...bars], 2);
    const hint = solidImage(w, h, [0, 0, 0, 0]);
    for (let y = 31; y < 35; y++) for (let x = 62; x < 186; x++) hint.data.set([200, 40, 40, 255], (y * w + x) * 4);
    expect(await maskOver(page, hint, [183, 29, 190, 37])).toBe(0);
    // The same stub past the side of a box without bars: a spill at any closing.
    expect(await maskOver(drawStrokes(w, h, [...rectangle(5, 5, 235, 235), ...rectangle(60, 20, 180, 44)], 2), hint, [183, 29, 190, 37])).toBe(0);
  });

  it('keep a dab\'s part in an ear behind a gap the fill closes, which the shapes as drawn join to the panel', async () => {
    // A face and an ear on its right, the ear's outer side open by 7 px: closed by the fill at this scale
    // (3 px a side), open with 2 px closed, where the ear's part of the dab lies in the panel around.
    const ear = [{ x0: 140, y0: 105, x1: 158, y1: 105 }, { x0: 158, y0: 105, x1: 158, y1: 126 }, { x0: 158, y0: 133, x1: 158, y1: 135 }, { x0: 158, y0: 135, x1: 140, y1: 135 }];
    const page = drawStrokes(w, h, [...rectangle(5, 5, 235, 235), ...rectangle(60, 80, 140, 160), ...ear], 2);
    const hint = solidImage(w, h, [0, 0, 0, 0]);
    for (let y = 112; y < 124; y++) for (let x = 112; x < 156; x++) hint.data.set([60, 180, 60, 255], (y * w + x) * 4);
    expect(await maskOver(page, hint, [143, 108, 156, 133])).toBeGreaterThan(20);
  });
});
