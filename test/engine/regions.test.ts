/**
 * Region fill (src/model/regions.ts): the hint spread over line-bounded
 * regions, on its own and through colorize's tiling.
 */
import { computeRegionFill, createColorizer, labelPaperRegions, preprocess } from '../../src/model';
import { lineChannel, rgbaPaperRows } from '../../src/model/preprocess';
import * as fs from 'fs';
import * as path from 'path';
import { pageInk, planePaperRows, regionAt, type PaperRowSource, type RegionLabels } from '../../src/model/paper-regions';
import { KeptHintPixels, planeHintPixels, replayableHintPixels, rgbaHintPixels, type HintPixelSource } from '../../src/model/regions';
import type { Contract, RgbaImage } from '../../src/model/types';
import { fillEchoBackend } from '../helpers/backends';
import { loadContract, REPO_ROOT } from '../helpers/engine';
import { solidImage } from '../helpers/synthetic';

const contract = loadContract();

/** A line plane from a picture: '#' ink, '.' paper. */
function linePlane(rows: string[]): { data: Float32Array; width: number; height: number } {
  const width = rows[0].length;
  const data = Float32Array.from(rows.join('').split(''), (ch) => (ch === '#' ? 0 : 1));
  return { data, width, height: rows.length };
}

function labelsOf(rows: string[]): { labels: number[][]; count: number } {
  const { data, width, height } = linePlane(rows);
  const r = labelPaperRegions(width, height, planePaperRows(data, width, height));
  const labels = Array.from({ length: height }, (_, y) => Array.from(r.labels.subarray(y * width, (y + 1) * width), (l) => r.region[l]));
  return { labels, count: r.count };
}

describe('paper region labelling', () => {
  it('joins the arms of a U that meet only below (labels merged after the fact)', () => {
    const { labels, count } = labelsOf([
      '.#.#.', //
      '.#.#.',
      '.###.',
      '.....',
    ]);
    // Outer paper (both sides and the bottom) is one region; the cup inside the U is another.
    expect(count).toBe(2);
    expect(labels[0][0]).toBe(labels[0][4]);
    expect(labels[0][2]).not.toBe(labels[0][0]);
    expect(labels[0][1]).toBe(0);
  });

  it('keeps paper on either side of a diagonal line apart (4-connected paper)', () => {
    const { labels, count } = labelsOf([
      '...#', //
      '..#.',
      '.#..',
      '#...',
    ]);
    expect(count).toBe(2);
    expect(labels[0][0]).not.toBe(labels[3][3]);
  });

  it('numbers regions 1..count in raster order of their first pixel', () => {
    const { labels, count } = labelsOf(['.#.#.']);
    expect(count).toBe(3);
    expect(labels[0]).toEqual([1, 0, 2, 0, 3]);
  });

  it('merges a run that touches several regions above, even when they were merged earlier (a spiral)', () => {
    const { labels, count } = labelsOf([
      '.#.#.#.', //
      '.#.#.#.',
      '.#...#.',
      '.#####.',
      '.......',
    ]);
    // Outside (columns 0 and 6, the bottom row) is one region; the two inner pockets join at row 2.
    expect(count).toBe(2);
    expect(labels[0][0]).toBe(labels[0][6]);
    expect(labels[0][2]).toBe(labels[0][4]);
    expect(labels[2][3]).toBe(labels[0][2]);
    expect(labels[0][2]).not.toBe(labels[0][0]);
  });

  it('switches to 32-bit labels past 65,535 provisional labels and keeps every region apart', () => {
    // Ink on every odd row and column: 300 x 300 isolated paper pixels = 90,000 regions.
    const size = 600;
    const data = new Float32Array(size * size);
    for (let y = 0; y < size; y += 2) for (let x = 0; x < size; x += 2) data[y * size + x] = 1;
    const r = labelPaperRegions(size, size, planePaperRows(data, size, size));
    expect(r.labels).toBeInstanceOf(Int32Array);
    expect(r.count).toBe(90_000);
    expect(regionAt(r, (size - 2) * size + size - 2)).toBe(90_000);
    expect(labelPaperRegions(4, 1, planePaperRows(Float32Array.of(1, 0, 1, 1), 4, 1)).labels).toBeInstanceOf(Uint16Array);
    // With gap closing no pixel is core: all 90,000 come from the rest pass, which widens too.
    const closed = labelPaperRegions(size, size, planePaperRows(data, size, size), 2);
    expect(closed.labels).toBeInstanceOf(Int32Array);
    expect(closed.count).toBe(90_000);
    expect(regionAt(closed, (size - 2) * size + size - 2)).not.toBe(regionAt(closed, (size - 2) * size + size - 4));
  });

  it('agrees with a flood fill on random ink (same partition of the paper)', () => {
    const width = 61;
    const height = 47;
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const rows = Array.from({ length: height }, () => Array.from({ length: width }, () => (rand() < 0.42 ? '#' : '.')).join(''));
    const { labels } = labelsOf(rows);
    // Reference: BFS flood fill with 4-neighbours.
    const ref = new Int32Array(width * height);
    let next = 0;
    for (let start = 0; start < width * height; start++) {
      if (rows[Math.floor(start / width)][start % width] === '#' || ref[start]) continue;
      ref[start] = ++next;
      const queue = [start];
      while (queue.length) {
        const p = queue.pop()!;
        const x = p % width;
        const y = Math.floor(p / width);
        for (const [nx, ny] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]]) {
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (rows[ny][nx] === '.' && !ref[q]) {
            ref[q] = next;
            queue.push(q);
          }
        }
      }
    }
    // Regions are numbered in raster order of their first pixel in both, so the labels must be equal.
    expect(labels.flat()).toEqual(Array.from(ref));
    expect(next).toBeGreaterThan(20);
  });
});

/** Region numbers of every pixel (0 = ink). */
function regionNumbers(r: RegionLabels): Int32Array {
  return Int32Array.from({ length: r.width * r.height }, (_, i) => regionAt(r, i));
}

/** Whether two labellings cut the pixels into the same regions (numbers may differ), ink 0 in both. */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const aToB = new Map<number, number>();
  const bToA = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((a[i] === 0) !== (b[i] === 0)) return false;
    if (a[i] === 0) continue;
    if ((aToB.get(a[i]) ?? b[i]) !== b[i] || (bToA.get(b[i]) ?? a[i]) !== a[i]) return false;
    aToB.set(a[i], b[i]);
    bToA.set(b[i], a[i]);
  }
  return true;
}

describe('gap closing', () => {
  // A 2-px ink box (rows/columns 6-7 and 16-17) with a `gap`-px opening in its top side.
  const boxWithGap = (gap: number): string[] =>
    Array.from({ length: 24 }, (_, y) =>
      Array.from({ length: 24 }, (_, x) => {
        const onSide = (y >= 6 && y <= 17 && (x === 6 || x === 7 || x === 16 || x === 17)) || ((y === 6 || y === 7 || y === 16 || y === 17) && x >= 6 && x <= 17);
        const inGap = (y === 6 || y === 7) && x >= 11 && x < 11 + gap;
        return onSide && !inGap ? '#' : '.';
      }).join(''),
    );
  const label = (rows: string[], radius: number): RegionLabels => {
    const { data, width, height } = linePlane(rows);
    return labelPaperRegions(width, height, planePaperRows(data, width, height), radius);
  };
  const inside = 12 * 24 + 12;
  const outside = 1 * 24 + 1;

  it('keeps inside and outside apart across a gap narrower than 2r + 1, and joins them without closing', () => {
    expect(regionAt(label(boxWithGap(3), 0), inside)).toBe(regionAt(label(boxWithGap(3), 0), outside));
    const closed = label(boxWithGap(3), 2);
    expect(regionAt(closed, inside)).not.toBe(regionAt(closed, outside));
    const wide = label(boxWithGap(6), 2);
    expect(regionAt(wide, inside)).toBe(regionAt(wide, outside));
  });

  it('gives every paper pixel a region and ink none', () => {
    const rows = boxWithGap(3);
    const numbers = regionNumbers(label(rows, 2));
    const paper = rows.join('').split('').map((ch) => ch === '.');
    expect(Array.from(numbers, (n) => n > 0)).toEqual(paper);
  });

  it('makes paper too narrow for any core, walled off from all other paper, a region of its own', () => {
    // A 1-px slot inside solid ink: at radius 2 no pixel of it is core and no grown region reaches it.
    const rows = ['..........', '.########.', '.#......#.', '.########.', '..........'];
    const slot = 2 * 10 + 3;
    const r = label(rows, 2);
    expect(regionAt(r, slot)).toBeGreaterThan(0);
    expect(regionAt(r, slot)).not.toBe(regionAt(r, 0));
    expect(regionAt(r, slot)).toBe(regionAt(r, 2 * 10 + 7)); // the whole slot, one region
    expect(r.count).toBe(2);
  });

  // training.make_region_fixture: the Python reference's labels on a picture with gaps of several widths,
  // a thin slot, speckles and lines through the border.
  const fixtureDir = path.join(REPO_ROOT, 'test/fixtures/regions');
  const meta = JSON.parse(fs.readFileSync(path.join(fixtureDir, 'meta.json'), 'utf8')) as { width: number; height: number; radii: number[]; regionCounts: Record<string, number> };
  const lineBytes = fs.readFileSync(path.join(fixtureDir, 'line.u8'));
  const line = Float32Array.from(lineBytes, (v) => v / 255);

  it.each(meta.radii)('cuts the paper exactly as training/preprocess.py does at gap radius %i', (radius) => {
    const buf = fs.readFileSync(path.join(fixtureDir, `labels-r${radius}.i32`));
    const expected = new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    const r = labelPaperRegions(meta.width, meta.height, planePaperRows(line, meta.width, meta.height), radius);
    expect(r.count).toBe(meta.regionCounts[String(radius)]);
    expect(samePartition(regionNumbers(r), expected)).toBe(true);
  });

  it('gives the same regions whether a source hands over fresh rows or reuses one buffer', () => {
    const { width, height } = meta;
    const fresh = (visit: (y: number, paper: Uint8Array) => void): void => {
      for (let y = 0; y < height; y++) visit(y, Uint8Array.from(line.subarray(y * width, (y + 1) * width), (v) => (v >= 0.5 ? 1 : 0)));
    };
    const whole = regionNumbers(labelPaperRegions(width, height, fresh, 2));
    expect(regionNumbers(labelPaperRegions(width, height, planePaperRows(line, width, height), 2))).toEqual(whole);
  });

  it('makes the paper flags straight from RGBA exactly as thresholding the line channel (the scale-1 path)', () => {
    // Random pixels, half of them opaque grey (the table path), around the threshold, with every kind of alpha.
    const width = 97;
    const height = 41;
    let seed = 99;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      const v = 110 + rand(40); // 0.5 lies at 127.5
      if (i % 2 === 0) data.set([v, v, v, 255], i * 4);
      else data.set([v + rand(30) - 15, v + rand(30) - 15, v + rand(30) - 15, [0, 255, rand(256)][rand(3)]], i * 4);
    }
    const image: RgbaImage = { width, height, data };
    const expected = Array.from(lineChannel(image, contract).data, (v) => (v >= 0.5 ? 1 : 0));
    const got: number[] = [];
    rgbaPaperRows(image, contract)((_y, paper) => got.push(...paper));
    expect(got).toEqual(expected);
    expect(new Set(expected).size).toBe(2);
  });

  /**
   * The rule as paper-regions.ts states it, pixel by pixel: core = paper whose
   * (2r+1)-square (clamped to the canvas) is all paper; its 4-connected
   * components; growth a layer at a time, each paper pixel outside every
   * region joining its first labelled 4-neighbour (left, up, right, down) as
   * of the layer before; the rest of the paper its own 4-connected components.
   */
  /**
   * `density` random short strokes per pixel (1 to `longest` px, across, down or diagonal), from
   * a seeded generator: `draw` gets each stroke's pixel indices (and the generator, for choices of its own).
   */
  function randomStrokes(width: number, height: number, density: number, seed: number, longest: number, draw: (pixels: number[], rand: () => number) => void): void {
    let state = seed;
    const rand = (): number => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let k = 0; k < width * height * density; k++) {
      let x = Math.floor(rand() * width);
      let y = Math.floor(rand() * height);
      const [dx, dy] = [[1, 0], [0, 1], [1, 1], [1, -1]][Math.floor(rand() * 4)];
      const pixels: number[] = [];
      for (let s = Math.floor(rand() * longest); s >= 0 && x >= 0 && y >= 0 && x < width && y < height; s--, x += dx, y += dy) pixels.push(y * width + x);
      draw(pixels, rand);
    }
  }

  /** The rule, pixel by pixel; `corePaper` is what the core test reads (default: the paper). */
  function referenceRegions(paper: boolean[], width: number, height: number, r: number, corePaper: boolean[] = paper): Int32Array {
    const labels = new Int32Array(width * height);
    const neighbours = (i: number): number[] => {
      const x = i % width;
      const y = Math.floor(i / width);
      return [x > 0 ? i - 1 : -1, y > 0 ? i - width : -1, x < width - 1 ? i + 1 : -1, y < height - 1 ? i + width : -1];
    };
    let next = 0;
    const flood = (start: number, member: (i: number) => boolean): void => {
      labels[start] = ++next;
      const queue = [start];
      while (queue.length > 0) {
        for (const q of neighbours(queue.pop()!)) {
          if (q >= 0 && labels[q] === 0 && member(q)) {
            labels[q] = next;
            queue.push(q);
          }
        }
      }
    };
    const core = paper.map((isPaper, i) => {
      if (!isPaper) return false;
      const x = i % width;
      const y = Math.floor(i / width);
      for (let ny = Math.max(0, y - r); ny <= Math.min(height - 1, y + r); ny++) {
        for (let nx = Math.max(0, x - r); nx <= Math.min(width - 1, x + r); nx++) if (!corePaper[ny * width + nx]) return false;
      }
      return true;
    });
    for (let i = 0; i < core.length; i++) if (core[i] && labels[i] === 0) flood(i, (q) => core[q]);
    for (;;) {
      const layer: Array<[number, number]> = [];
      for (let i = 0; i < labels.length; i++) {
        if (!paper[i] || labels[i] !== 0) continue;
        const from = neighbours(i).find((q) => q >= 0 && labels[q] > 0);
        if (from !== undefined) layer.push([i, labels[from]]);
      }
      if (layer.length === 0) break;
      for (const [i, l] of layer) labels[i] = l;
    }
    for (let i = 0; i < labels.length; i++) if (paper[i] && labels[i] === 0) flood(i, (q) => paper[q]);
    return labels;
  }

  it.each([
    [1, 41, 33, 0.04],
    [2, 41, 33, 0.04],
    [2, 57, 29, 0.12],
    [3, 44, 38, 0.03],
    [2, 6, 50, 0.08],
    [3, 50, 5, 0.06],
    [1, 37, 31, 0.3],
  ])('closes gaps as the rule says, pixel by pixel (radius %i, %i x %i, random ink strokes at %p)', (radius, width, height, density) => {
    // Speckles and short strokes, so there are gaps of every width, slots and walled-off paper.
    const paper = new Array<boolean>(width * height).fill(true);
    randomStrokes(width, height, density, radius * 7919 + width * 31 + height, 6, (pixels) => {
      for (const i of pixels) paper[i] = false;
    });
    const data = Float32Array.from(paper, (p) => (p ? 1 : 0));
    const ours = labelPaperRegions(width, height, planePaperRows(data, width, height), radius);
    const expected = referenceRegions(paper, width, height, radius);
    expect(new Set(expected).size).toBeGreaterThan(2);
    expect(samePartition(regionNumbers(ours), expected)).toBe(true);
  });

  it.each([
    [1, 41, 33, 0.04],
    [2, 57, 29, 0.08],
    [3, 44, 38, 0.03],
    [2, 37, 31, 0.2],
  ])('reads thin walls (ink whose line value is paper) as ink but not as a reason to close a gap (radius %i, %i x %i, strokes at %p)', (radius, width, height, density) => {
    // Strokes as above; about half are thin walls: their line value is grey paper (0.6), their ink flagged.
    const data = new Float32Array(width * height).fill(1);
    const ink = new Uint8Array(width * height);
    randomStrokes(width, height, density, radius * 131 + width * 17 + height, 8, (pixels, rand) => {
      const thin = rand() < 0.5;
      for (const i of pixels) {
        data[i] = thin ? Math.min(data[i], 0.6) : 0;
        ink[i] = 1;
      }
    });
    const ours = labelPaperRegions(width, height, planePaperRows(data, width, height, ink), radius);
    const paper = Array.from(data, (v, i) => v >= 0.5 && ink[i] === 0);
    const corePaper = Array.from(data, (v) => v >= 0.5);
    const expected = referenceRegions(paper, width, height, radius, corePaper);
    expect(new Set(expected).size).toBeGreaterThan(2);
    expect(samePartition(regionNumbers(ours), expected)).toBe(true);
    // And it is not the labelling that reads thin walls as ink everywhere.
    expect(samePartition(expected, referenceRegions(paper, width, height, radius))).toBe(false);
  });

  it('keeps a shape between two thin walls, narrower than the closing window, apart from a shape behind a small gap', () => {
    // A 3 px channel between thin walls (grey 0.6, flagged ink) at x = 5 and 9, ending below in a solid
    // line at row 10 with a 2 px gap (x 6-7) into the shape below it. Read as ink in the core test too,
    // the walls leave the channel no core, and the shape below grows into it through the gap.
    const width = 20;
    const height = 20;
    const data = new Float32Array(width * height).fill(1);
    const ink = new Uint8Array(width * height);
    for (let y = 0; y < 10; y++) {
      for (const x of [5, 9]) {
        data[y * width + x] = 0.6;
        ink[y * width + x] = 1;
      }
    }
    for (let x = 0; x < width; x++) if (x < 6 || x > 7) data[10 * width + x] = 0;
    const channel = 3 * width + 7;
    const below = 16 * width + 7;
    const r = labelPaperRegions(width, height, planePaperRows(data, width, height, ink), 2);
    expect(regionAt(r, channel)).not.toBe(0);
    expect(regionAt(r, channel)).not.toBe(regionAt(r, below));
    expect(regionAt(r, 3 * width + 5)).toBe(0); // the wall is ink
    // Thin walls read as ink by the core test as well: one region.
    const asInk = Float32Array.from(data, (v, i) => (ink[i] ? 0 : v));
    const both = labelPaperRegions(width, height, planePaperRows(asInk, width, height), 2);
    expect(regionAt(both, channel)).toBe(regionAt(both, below));
  });

  it('handles canvases shorter and narrower than the window', () => {
    const tiny = label(['..', '..'], 3);
    expect(tiny.count).toBe(1);
    expect(regionNumbers(tiny)).toEqual(Int32Array.of(1, 1, 1, 1));
  });
});

describe('page ink on a shrunk working canvas (pageInk)', () => {
  /** Working ink flags of a page whose columns `ink` are black in every row, shrunk to `width` x `height`. */
  function inkOf(pageWidth: number, pageHeight: number, width: number, height: number, ink: (x: number) => boolean): number[] {
    const marks = pageInk(pageWidth, pageHeight, width, height);
    const row = Float32Array.from({ length: pageWidth }, (_, x) => (ink(x) ? 0 : 1));
    for (let y = 0; y < pageHeight; y++) marks.add(y, row);
    return Array.from(marks.finish());
  }

  it('keeps a line a quarter of a working pixel wide, and not a thick line\'s overhang of an eighth', () => {
    // 32 -> 4 columns: 8 page columns a working pixel. Columns 0-8 are one thick line (8 in pixel 0,
    // one in pixel 1); columns 20-21 a line a quarter of pixel 2 wide.
    expect(inkOf(32, 8, 4, 1, (x) => x <= 8 || x === 20 || x === 21)).toEqual([1, 0, 1, 0]);
  });

  it('marks each row where its page rows fall, not every row', () => {
    // 8 x 8 -> 4 x 4, ink only in page rows 2-3 (working row 1): a horizontal line.
    const marks = pageInk(8, 8, 4, 4);
    for (let y = 0; y < 8; y++) marks.add(y, new Float32Array(8).fill(y === 2 || y === 3 ? 0 : 1));
    expect(Array.from(marks.finish())).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('overrides a working value that averaged to paper, and only where given', () => {
    const grey = Float32Array.of(0.5, 0.5, 1, 1);
    const rows = (ink?: Uint8Array): number[] => {
      const out: number[] = [];
      planePaperRows(grey, 4, 1, ink)((_, paper) => out.push(...paper));
      return out;
    };
    expect(rows()).toEqual([1, 1, 1, 1]);
    expect(rows(Uint8Array.of(1, 0, 0, 1))).toEqual([0, 1, 1, 0]);
  });
});

describe('region fill values', () => {
  const rooms = linePlane(['...#...', '...#...', '...#...']);
  const n = rooms.width * rooms.height;
  const hintPlanes = (): Float32Array[] => [0, 1, 2, 3].map(() => new Float32Array(n));

  it('spreads one stroke over its room, not across the line, and leaves the unpainted room empty', () => {
    const [r, g, b, m] = hintPlanes();
    const i = 1 * rooms.width + 1;
    [r[i], g[i], b[i], m[i]] = [0.9, 0.2, 0.1, 1];
    const fill = computeRegionFill(rooms.width, rooms.height, planePaperRows(rooms.data, rooms.width, rooms.height), planeHintPixels(r, g, b, m), 0);
    const at = (x: number, y: number): number[] => {
      const t = regionAt(fill.regions, y * rooms.width + x) * 4;
      return Array.from(fill.table.subarray(t, t + 4));
    };
    expect(at(0, 2)).toEqual([0.9, 0.2, 0.1, 1].map((v) => expect.closeTo(v, 6)));
    expect(at(3, 0)).toEqual([0, 0, 0, 0]);
    expect(at(6, 0)).toEqual([0, 0, 0, 0]);
  });

  it('averages colour weighted by mask and reports the mean mask of painted pixels', () => {
    const [r, g, b, m] = hintPlanes();
    [r[4], g[4], b[4], m[4]] = [1, 0, 0, 1]; // opaque red
    const j = 2 * rooms.width + 6;
    [r[j], g[j], b[j], m[j]] = [0, 0, 0.25, 0.5]; // half-transparent blue, premultiplied
    const fill = computeRegionFill(rooms.width, rooms.height, planePaperRows(rooms.data, rooms.width, rooms.height), planeHintPixels(r, g, b, m), 0);
    const t = regionAt(fill.regions, 5) * 4;
    const mean = 0.75;
    expect(Array.from(fill.table.subarray(t, t + 4))).toEqual([(1 / 1.5) * mean, 0, (0.25 / 1.5) * mean, mean].map((v) => expect.closeTo(v, 6)));
  });

  it('reads an RGBA hint layer with the hint channels arithmetic (strength scales the mask)', () => {
    const data = new Uint8ClampedArray(n * 4);
    data.set([255, 0, 0, 255], (1 * rooms.width + 5) * 4);
    const fill = computeRegionFill(rooms.width, rooms.height, planePaperRows(rooms.data, rooms.width, rooms.height), rgbaHintPixels({ width: rooms.width, height: rooms.height, data }, 0.5), 0);
    const t = regionAt(fill.regions, 5) * 4;
    expect(Array.from(fill.table.subarray(t, t + 4))).toEqual([0.5, 0, 0, 0.5].map((v) => expect.closeTo(v, 6)));
  });

  it('visits every painted pixel once, in index order, with the hint channels\u2019 values, from 32-bit pixels and from unaligned bytes', () => {
    const [width, height] = [97, 5];
    const n = width * height;
    const data = new Uint8Array(n * 4 + 1).subarray(1); // unaligned: read byte by byte
    // Painted pixels with transparent gaps of every width (1 to 14 pixels), runs of equal pixels and single ones.
    for (let i = 0; i < n; i++) if (i % 17 < 9 || i % 29 === 0) data.set([(i >> 2) & 255, (i * 11) & 255, 200, i % 2 === 0 ? 255 : (i * 23) & 255], i * 4);
    data.set([9, 9, 9, 0], 4); // transparent: not visited, whatever its colour
    const image = (bytes: Uint8Array): RgbaImage => ({ width, height, data: bytes });
    const visits = (bytes: Uint8Array): number[][] => {
      const seen: number[][] = [];
      rgbaHintPixels(image(bytes), 0.7)((from, to, r, g, b, m) => {
        for (let i = from; i < to; i++) seen.push([i, r, g, b, m]);
      });
      return seen;
    };
    const expected: number[][] = [];
    for (let i = 0; i < n; i++) {
      const m = Math.fround((data[i * 4 + 3] / 255) * 0.7);
      if (m > 0) expected.push([i, ...[0, 1, 2].map((c) => Math.fround((data[i * 4 + c] / 255) * m)), m]);
    }
    expect(expected.length).toBeGreaterThan(n / 2);
    expect(visits(data)).toEqual(expected);
    expect(visits(Uint8Array.from(data))).toEqual(expected);
  });
});

describe('a hint source kept for reading again (replayableHintPixels)', () => {
  /** A source of single pixels: 0..39 painted in stretches of one value, with gaps; counts its reads. */
  function countedSource(): { source: HintPixelSource; reads: () => number } {
    let reads = 0;
    const values = (i: number): number[] => [0.1 * Math.floor(i / 7), 0.5, 0.25, i % 13 === 5 ? 0.5 : 1];
    return {
      source: (visit) => {
        reads++;
        for (let i = 0; i < 40; i++) if (i % 10 !== 9) visit(i, i + 1, ...(values(i) as [number, number, number, number]));
      },
      reads: () => reads,
    };
  }
  /** Every pixel a source visits, with its values, in order. */
  const pixelsOf = (source: HintPixelSource): number[][] => {
    const out: number[][] = [];
    source((from, to, r, g, b, m) => {
      for (let i = from; i < to; i++) out.push([i, r, g, b, m]);
    });
    return out;
  };
  const runsOf = (source: HintPixelSource): number => {
    let runs = 0;
    source(() => runs++);
    return runs;
  };

  it('gives the same pixels and values, merged into runs, and reads its source once', () => {
    const plain = countedSource();
    const expected = pixelsOf(plain.source);
    const counted = countedSource();
    const kept = replayableHintPixels(counted.source);
    expect(pixelsOf(kept)).toEqual(expected);
    expect(pixelsOf(kept)).toEqual(expected);
    expect(counted.reads()).toBe(1);
    // Runs of one value merged: 36 single pixels are 14 runs (sevens, split by the gaps and the odd masks).
    expect(runsOf(kept)).toBe(14);
  });

  it('reads its source again where it holds more runs than it may keep', () => {
    const counted = countedSource();
    const kept = replayableHintPixels(counted.source, 3);
    const expected = pixelsOf(countedSource().source);
    expect(pixelsOf(kept)).toEqual(expected);
    expect(pixelsOf(kept)).toEqual(expected);
    expect(counted.reads()).toBe(2);
  });

  it('replays any range of its pixels once read (KeptHintPixels.within), and is not wrapped twice', () => {
    const counted = countedSource();
    const kept = new KeptHintPixels(counted.source);
    expect(kept.replayable).toBe(false);
    expect(() => kept.within(0, 40, () => undefined)).toThrow(/not read/);
    const all = pixelsOf(kept.pixels);
    expect(kept.replayable).toBe(true);
    for (let first = 0; first <= 40; first += 3) {
      for (let end = first; end <= 42; end += 5) {
        const seen: number[][] = [];
        kept.within(first, end, (from, to, r, g, b, m) => {
          expect(to).toBeGreaterThan(from);
          for (let i = from; i < to; i++) seen.push([i, r, g, b, m]);
        });
        expect(seen).toEqual(all.filter(([i]) => i >= first && i < end));
      }
    }
    expect(counted.reads()).toBe(1);
    expect(replayableHintPixels(kept.pixels)).toBe(kept.pixels);
    // Too many runs to keep: not replayable, read again.
    const tooMany = new KeptHintPixels(countedSource().source, 3);
    pixelsOf(tooMany.pixels);
    expect(tooMany.replayable).toBe(false);
  });

  it('fills regions as its source does', () => {
    const rooms = linePlane(['...#...', '...#...', '...#...']);
    const n = rooms.width * rooms.height;
    const [r, g, b, m] = [0, 1, 2, 3].map(() => new Float32Array(n));
    for (const [i, v] of [[0, 0.3], [1, 0.3], [2, 0.7], [12, 0.2], [13, 0.2]]) [r[i], g[i], b[i], m[i]] = [v, v / 2, v / 3, 1];
    const paper = (): PaperRowSource => planePaperRows(rooms.data, rooms.width, rooms.height);
    const plain = computeRegionFill(rooms.width, rooms.height, paper(), planeHintPixels(r, g, b, m), 0);
    const kept = computeRegionFill(rooms.width, rooms.height, paper(), replayableHintPixels(planeHintPixels(r, g, b, m)), 0);
    expect(Array.from(kept.table)).toEqual(Array.from(plain.table));
  });
});

describe('region fill through colorize', () => {
  // A 300 x 200 page split by a vertical line at x = 150; tiles of 128 so
  // each room spans several tiles.
  const width = 300;
  const height = 200;
  const lineart = solidImage(width, height, [255, 255, 255, 255]);
  for (let y = 0; y < height; y++) for (let x = 148; x < 152; x++) lineart.data.set([0, 0, 0, 255], (y * width + x) * 4);
  const hint: RgbaImage = solidImage(width, height, [0, 0, 0, 0]);
  for (let y = 10; y < 14; y++) for (let x = 10; x < 14; x++) hint.data.set([40, 200, 90, 255], (y * width + x) * 4);
  const options = { workingScale: 1, tileSize: 128, tileOverlap: 16, restoreLines: false } as const;
  const pixel = (img: RgbaImage, x: number, y: number): number[] => Array.from(img.data.subarray((y * width + x) * 4, (y * width + x) * 4 + 3));

  it('colours the whole room of a stroke in every tile, and nothing across the line', async () => {
    const colorizer = createColorizer({ contract, backend: fillEchoBackend() });
    const { image, tilesTotal } = await colorizer.colorize(lineart, hint, options);
    expect(tilesTotal).toBeGreaterThan(4);
    expect(pixel(image, 140, 190)).toEqual([40, 200, 90]); // far corner of the stroke's room, another tile
    expect(pixel(image, 160, 5)).toEqual([0, 0, 0]); // across the line: no fill
  });

  it('gives all-zero fill channels without a hint', async () => {
    const colorizer = createColorizer({ contract, backend: fillEchoBackend() });
    const { image } = await colorizer.colorize(lineart, undefined, options);
    expect(pixel(image, 20, 20)).toEqual([0, 0, 0]);
  });

  it('matches the whole-canvas preprocess (the parity path) at a resampled working scale', async () => {
    const colorizer = createColorizer({ contract, backend: fillEchoBackend() });
    const { image } = await colorizer.colorize(lineart, hint, { ...options, workingScale: 0.5 });
    const tensor = preprocess(lineart, hint, 1, contract);
    // Same rooms at half scale: the fill colour of the stroke's room is the stroke colour.
    expect(tensor[5 * width * height + 100 * width + 20]).toBeCloseTo(40 / 255, 6);
    expect(pixel(image, 20, 100)).toEqual([40, 200, 90]);
    expect(pixel(image, 250, 100)).toEqual([0, 0, 0]);
  });

  it('keeps a line thinner than a working pixel a wall where the page is shrunk', async () => {
    // A 2 px line straddling two working pixels at 0.5 averages to 0.5 in each, which reads as
    // paper: the stroke's colour ran across it into the other room.
    const thin = solidImage(width, height, [255, 255, 255, 255]);
    for (let y = 0; y < height; y++) for (let x = 149; x < 151; x++) thin.data.set([0, 0, 0, 255], (y * width + x) * 4);
    const colorizer = createColorizer({ contract, backend: fillEchoBackend() });
    for (const workingScale of [0.5, 0.4]) {
      const { image } = await colorizer.colorize(thin, hint, { ...options, workingScale });
      // (At 0.4 the 4 px dab is part of a working pixel, so its room's fill is the colour at a lower mask.)
      expect(pixel(image, 20, 100)[1]).toBeGreaterThan(100);
      expect(pixel(image, 250, 100)).toEqual([0, 0, 0]);
    }
  });

  it('closes gaps in the lines at the contract\'s gap radius, not across it', async () => {
    const gapped = solidImage(width, height, [255, 255, 255, 255]);
    for (let y = 0; y < height; y++) for (let x = 148; x < 152; x++) if (y < 100 || y >= 103) gapped.data.set([0, 0, 0, 255], (y * width + x) * 4);
    const run = async (gapRadius: number): Promise<RgbaImage> =>
      (await createColorizer({ contract: { ...contract, fill: { gapRadius } }, backend: fillEchoBackend() }).colorize(gapped, hint, options)).image;
    expect(pixel(await run(0), 250, 150)).toEqual([40, 200, 90]); // a 3-px gap: the room leaks without closing
    const closed = await run(2);
    expect(pixel(closed, 250, 150)).toEqual([0, 0, 0]);
    expect(pixel(closed, 140, 190)).toEqual([40, 200, 90]);
    expect(pixel(closed, 149, 101)).toEqual([40, 200, 90]); // the gap itself goes to the room beside it
  });

  it('lets the caller override the gap radius per run, and refuses one it cannot honour', async () => {
    const gapped = solidImage(width, height, [255, 255, 255, 255]);
    for (let y = 0; y < height; y++) for (let x = 148; x < 152; x++) if (y < 100 || y >= 107) gapped.data.set([0, 0, 0, 255], (y * width + x) * 4);
    const colorizer = createColorizer({ contract: { ...contract, fill: { gapRadius: 2 } }, backend: fillEchoBackend() });
    // A 7-px gap: radius 2 (the contract's) closes up to 4 px and leaks; 4 closes up to 8 px.
    expect(pixel((await colorizer.colorize(gapped, hint, options)).image, 250, 150)).toEqual([40, 200, 90]);
    expect(pixel((await colorizer.colorize(gapped, hint, { ...options, gapRadius: 4 })).image, 250, 150)).toEqual([0, 0, 0]);
    for (const gapRadius of [-1, 1.5, 17]) {
      await expect(colorizer.colorize(gapped, hint, { ...options, gapRadius })).rejects.toThrow(/gapRadius must be a whole number of pixels from 0 to 16/);
    }
  });

  it('is not computed for a model without the fill channels (version 1 contract)', () => {
    const v1: Contract = { ...contract, version: 1, input: { ...contract.input, channels: contract.input.channels.slice(0, 5) } };
    expect(preprocess(lineart, hint, 1, v1).length).toBe(5 * width * height);
  });
});
