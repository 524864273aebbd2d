/** HoleFill (src/model/hole-fill.ts): push-pull colours for a hole from the pixels around it. */
import { HoleFill } from '../../src/model/hole-fill';

const W = 40;
const H = 20;

/** A W x H RGBA page, grey values rising from 40 at x 0 to 235 at x 39, with a hole (x 10..29) to fill. */
function ramp(): Uint8ClampedArray {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data.set([40 + 5 * x, 40 + 5 * x, 40 + 5 * x, 255], (y * W + x) * 4);
  return data;
}
const inHole = (x: number): boolean => x >= 10 && x < 30;
const box = { left: 0, top: 0, right: W - 1, bottom: H - 1 };

/** The fill of `data` (rows `width` long) in `area` from the pixels `source(x, y)` accepts, by their grey value. */
function fillOf(data: Uint8ClampedArray, width: number, area: typeof box, source: (x: number, y: number) => boolean): HoleFill | null {
  const sources: number[] = [];
  for (let y = area.top; y <= area.bottom; y++) for (let x = area.left; x <= area.right; x++) if (source(x, y)) sources.push(y * width + x);
  return HoleFill.around(area, width, Int32Array.from(sources), sources.length, (i) => data[i * 4]);
}

describe('HoleFill', () => {
  it('runs from the colour at one side of the hole to the colour at the other, evenly', () => {
    const fill = fillOf(ramp(), W, box, (x) => !inHole(x))!;
    const grey = (x: number): number => Math.round(fill.valueAt(x, 10));
    // Beside the hole it is the colour there; across it, it rises monotonically.
    expect(Math.abs(grey(10) - 85)).toBeLessThanOrEqual(12);
    expect(Math.abs(grey(29) - 190)).toBeLessThanOrEqual(12);
    for (let x = 11; x < 30; x++) expect(grey(x)).toBeGreaterThanOrEqual(grey(x - 1));
    // Outside the hole the sources come back as they are.
    expect(grey(5)).toBe(65);
    expect(grey(35)).toBe(215);
    // A row at a time gives the same values.
    const row = new Float32Array(W);
    fill.row(10, 0, W - 1, row);
    for (let x = 0; x < W; x++) expect(row[x]).toBeCloseTo(fill.valueAt(x, 10), 4);
  });

  it('gives row() the values valueAt gives, inside its box and beyond it, with cells of several pixels', () => {
    // A box 300 px wide (cells of 3 px: over MAX_CELLS a side) in a wider page, sources at its two ends.
    const width = 400;
    const data = new Uint8ClampedArray(width * 4 * 4);
    for (let x = 0; x < width; x++) for (let y = 0; y < 4; y++) data.set([x % 256, 0, 0, 255], (y * width + x) * 4);
    const area = { left: 50, top: 0, right: 349, bottom: 3 };
    const fill = fillOf(data, width, area, (x) => x < 70 || x > 330)!;
    const row = new Float32Array(width);
    fill.row(2, 0, width - 1, row);
    for (let x = 0; x < width; x++) expect(row[x]).toBeCloseTo(fill.valueAt(x, 2), 3);
    expect(new Set(Array.from(row.subarray(60, 340), Math.round)).size).toBeGreaterThan(20);
  });

  it('keeps to its sources, and has no fill without any', () => {
    const data = ramp();
    expect(fillOf(data, W, box, () => false)).toBeNull();
    // Sources outside the box count for nothing.
    const leftColumn = Int32Array.from({ length: H }, (_, y) => y * W + 3);
    expect(HoleFill.around({ left: 12, top: 0, right: 20, bottom: H - 1 }, W, leftColumn, H, (i) => data[i * 4])).toBeNull();
    expect(HoleFill.around({ left: 0, top: 0, right: 20, bottom: H - 1 }, W, leftColumn, H, (i) => data[i * 4])).not.toBeNull();
    // Sources only left of the hole: the hole takes their values, never the right side's.
    const fill = fillOf(data, W, box, (x) => x < 10)!;
    for (let x = 10; x < 40; x += 5) expect(fill.valueAt(x, 10)).toBeLessThanOrEqual(90);
  });

  it('bounds its work on a large box with cells of several pixels, still smooth', () => {
    const width = 1000;
    const data = new Uint8ClampedArray(width * 4 * 4);
    for (let y = 0; y < 4; y++) for (let x = 0; x < width; x++) data.set([x < 100 ? 0 : 200, 0, 0, 255], (y * width + x) * 4);
    const fill = fillOf(data, width, { left: 0, top: 0, right: width - 1, bottom: 3 }, (x) => x < 100 || x >= 900)!;
    const red = (x: number): number => fill.valueAt(x, 1);
    expect(red(50)).toBeLessThanOrEqual(10);
    expect(red(950)).toBeGreaterThanOrEqual(190);
    expect(red(500)).toBeGreaterThan(40);
    expect(red(500)).toBeLessThan(160);
  });
});
