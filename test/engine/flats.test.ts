/**
 * Flats (src/model/flats.ts): one flat colour per region the lines enclose,
 * the lines shared out between the regions beside them, hinted regions in
 * the hint's colour, the page around the figure left transparent.
 */
import { EngineInputError, flatColour, flatsLayer } from '../../src/model';
import type { RgbaImage } from '../../src/model/types';
import { loadContract } from '../helpers/engine';
import { drawStrokes, solidImage, type Segment } from '../helpers/synthetic';

const contract = loadContract();
const W = 120;
const H = 80;

/** A box from (10,10) to (110,70) split by a vertical line at x = 60, with a `gap` px opening in that line around y = 40. */
function page(gap = 0): RgbaImage {
  const box: Segment[] = [
    { x0: 10, y0: 10, x1: 110, y1: 10 },
    { x0: 110, y0: 10, x1: 110, y1: 70 },
    { x0: 110, y0: 70, x1: 10, y1: 70 },
    { x0: 10, y0: 70, x1: 10, y1: 10 },
  ];
  const divider: Segment[] =
    gap > 0
      ? [
          { x0: 60, y0: 10, x1: 60, y1: 40 - gap / 2 },
          { x0: 60, y0: 40 + gap / 2, x1: 60, y1: 70 },
        ]
      : [{ x0: 60, y0: 10, x1: 60, y1: 70 }];
  return drawStrokes(W, H, [...box, ...divider], 2);
}

const at = (image: RgbaImage, x: number, y: number): number[] => Array.from(image.data.subarray((y * W + x) * 4, (y * W + x) * 4 + 4));

describe('flatsLayer', () => {
  it('gives each region one opaque flat colour of its own, the page around it none, and the lines a colour of a region beside them', () => {
    const lineart = page();
    const flats = flatsLayer(lineart, undefined, contract);
    const left = at(flats, 35, 40);
    const right = at(flats, 85, 40);
    expect(left[3]).toBe(255);
    expect(right[3]).toBe(255);
    expect(left).not.toEqual(right);
    // Every pixel strictly inside each half has its half's colour.
    for (let y = 13; y <= 67; y++) {
      for (let x = 13; x <= 57; x++) expect(at(flats, x, y)).toEqual(left);
      for (let x = 63; x <= 107; x++) expect(at(flats, x, y)).toEqual(right);
    }
    // Outside the box: transparent.
    expect(at(flats, 3, 3)[3]).toBe(0);
    expect(at(flats, 115, 75)[3]).toBe(0);
    // The dividing line (ink) is shared out: each of its pixels takes the colour of one of the two halves.
    const ink = (x: number, y: number): boolean => lineart.data[(y * W + x) * 4] < 128;
    let inkPixels = 0;
    for (let y = 20; y <= 60; y++) {
      for (let x = 57; x <= 63; x++) {
        if (!ink(x, y)) continue;
        inkPixels++;
        expect([left, right]).toContainEqual(at(flats, x, y));
      }
    }
    expect(inkPixels).toBeGreaterThan(40);
  });

  it('paints a hinted region in the hint colour and leaves the other its generated flat', () => {
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    for (let y = 30; y < 36; y++) for (let x = 80; x < 95; x++) hint.data.set([200, 30, 40, 255], (y * W + x) * 4);
    const flats = flatsLayer(page(), hint, contract);
    expect(at(flats, 100, 65)).toEqual([200, 30, 40, 255]);
    expect(at(flats, 85, 33)).toEqual([200, 30, 40, 255]);
    expect(at(flats, 35, 40)).toEqual(at(flatsLayer(page(), undefined, contract), 35, 40));
    // Painting the page around the figure gives it the paint's colour, opaque.
    hint.data.set([20, 40, 220, 255], (3 * W + 3) * 4);
    expect(at(flatsLayer(page(), hint, contract), 117, 2)).toEqual([20, 40, 220, 255]);
  });

  it('keeps a dab in a box whose gap is just wider than the closing out of the page around (fill-leaks.ts)', () => {
    // A 30 px box with a 5 px gap in its right side (the closing at 2 leaves it open; one wider shuts it).
    const box = drawStrokes(W, H, [
      { x0: 20, y0: 20, x1: 50, y1: 20 },
      { x0: 20, y0: 20, x1: 20, y1: 50 },
      { x0: 20, y0: 50, x1: 50, y1: 50 },
      { x0: 50, y0: 20, x1: 50, y1: 31 },
      { x0: 50, y0: 38, x1: 50, y1: 50 },
    ], 2);
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    for (let y = 30; y < 34; y++) for (let x = 30; x < 34; x++) hint.data.set([200, 30, 40, 255], (y * W + x) * 4);
    const flats = flatsLayer(box, hint, contract);
    expect(at(flats, 24, 46)).toEqual([200, 30, 40, 255]);
    expect(at(flats, 100, 70)[3]).toBe(0); // the page around stays transparent
  });

  it('closes a gap narrower than 2 x gapRadius (two regions), not with gapRadius 0 (one)', () => {
    const gapped = page(3);
    const closed = flatsLayer(gapped, undefined, contract, { gapRadius: 3 });
    expect(at(closed, 35, 40)).not.toEqual(at(closed, 85, 40));
    const open = flatsLayer(gapped, undefined, contract, { gapRadius: 0 });
    expect(at(open, 35, 40)).toEqual(at(open, 85, 40));
  });

  it('hands an unpainted speck (a tiny closed loop) to the region around it, unless asked to keep it or it is painted', () => {
    // A ring of radius 3 inside the left half: its inside is a few pixels.
    const segments: Segment[] = [];
    for (let k = 0; k < 24; k++) {
      const a = (k / 24) * 2 * Math.PI;
      const b = ((k + 1) / 24) * 2 * Math.PI;
      segments.push({ x0: 35 + 3.5 * Math.cos(a), y0: 40 + 3.5 * Math.sin(a), x1: 35 + 3.5 * Math.cos(b), y1: 40 + 3.5 * Math.sin(b) });
    }
    const speckled = page();
    const loop = drawStrokes(W, H, segments, 1);
    for (let i = 0; i < speckled.data.length; i += 4) if (loop.data[i] < 128) speckled.data.set([0, 0, 0, 255], i);
    const merged = flatsLayer(speckled, undefined, contract);
    expect(at(merged, 35, 40)).toEqual(at(merged, 20, 20));
    const kept = flatsLayer(speckled, undefined, contract, { minRegionPixels: 0 });
    expect(at(kept, 35, 40)).not.toEqual(at(kept, 20, 20));
    expect(at(kept, 35, 40)[3]).toBe(255);
    const hint = solidImage(W, H, [0, 0, 0, 0]);
    hint.data.set([250, 250, 250, 255], (40 * W + 35) * 4); // a dot of white: a highlight the artist wants
    expect(at(flatsLayer(speckled, hint, contract), 35, 40)).toEqual([250, 250, 250, 255]);
  });

  it('steps the generated colours so that neighbouring numbers differ clearly', () => {
    for (let n = 1; n < 500; n++) {
      const [a, b] = [flatColour(n), flatColour(n + 1)];
      expect(Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2])).toBeGreaterThan(30);
    }
  });

  it('refuses a hint of another size, a broken buffer, a gap radius out of range and a negative speck size', () => {
    const lineart = page();
    expect(() => flatsLayer(lineart, solidImage(W, H + 1, [0, 0, 0, 0]), contract)).toThrow(EngineInputError);
    expect(() => flatsLayer({ width: W, height: H, data: new Uint8ClampedArray(10) }, undefined, contract)).toThrow(/RGBA/);
    expect(() => flatsLayer(lineart, undefined, contract, { gapRadius: 99 })).toThrow(/gapRadius/);
    expect(() => flatsLayer(lineart, undefined, contract, { gapRadius: 1.5 })).toThrow(/gapRadius/);
    expect(() => flatsLayer(lineart, undefined, contract, { minRegionPixels: -1 })).toThrow(/minRegionPixels/);
  });
});
