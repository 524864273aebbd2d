import { hintChannels, lineChannel, preprocess } from '../../src/model';
import { gaussianBlur, gaussianBlurExact, gaussianKernel, MAX_EXACT_BLUR_RADIUS, rgbaLineValues, rgbaPaperRows } from '../../src/model/preprocess';
import { PAPER_THRESHOLD } from '../../src/model/paper-regions';
import { createPlane } from '../../src/model/plane';
import type { RgbaImage } from '../../src/model/types';
import { loadContract } from '../helpers/engine';
import { seededRandom, solidImage } from '../helpers/synthetic';

const contract = loadContract();
const px = (...rgba: number[][]): RgbaImage => ({ width: rgba.length, height: 1, data: Uint8ClampedArray.from(rgba.flat()) });

describe('lineart -> line channel', () => {
  it('reads opaque black ink as 0 and white paper as 1', () => {
    const line = lineChannel(px([0, 0, 0, 255], [255, 255, 255, 255]), contract).data;
    expect(line[0]).toBeCloseTo(0, 7);
    expect(line[1]).toBeCloseTo(1, 6);
  });

  it('composites alpha over white: transparent anything is paper, half-transparent black is mid grey', () => {
    const line = lineChannel(px([0, 0, 0, 0], [200, 10, 10, 0], [0, 0, 0, 128]), contract).data;
    expect(line[0]).toBeCloseTo(1, 6);
    expect(line[1]).toBeCloseTo(1, 6);
    expect(line[2]).toBeCloseTo(1 - 128 / 255, 6);
  });

  it('writes into a given buffer, leaving what lies beyond the image alone, and refuses one too small', () => {
    const image = px([0, 0, 0, 255], [255, 255, 255, 255], [0, 0, 0, 128]);
    const buffer = new Float32Array(5).fill(7);
    const plane = lineChannel(image, contract, buffer);
    expect(plane.data.buffer).toBe(buffer.buffer);
    expect(Array.from(plane.data)).toEqual(Array.from(lineChannel(image, contract).data));
    expect(Array.from(buffer.subarray(3))).toEqual([7, 7]);
    expect(() => lineChannel(image, contract, new Float32Array(2))).toThrow(RangeError);
  });

  it('gives the same values through the 32-bit fast path (aligned bytes) and the byte path (unaligned)', () => {
    const rnd = seededRandom(7);
    // Mostly opaque grey, as lineart is, with colour and partial alpha mixed in.
    const pixels = Array.from({ length: 4096 }, (_, i) => {
      const v = Math.floor(rnd() * 256);
      return i % 5 === 0 ? [v, Math.floor(rnd() * 256), 30, Math.floor(rnd() * 256)] : [v, v, v, 255];
    });
    const aligned = Uint8ClampedArray.from(pixels.flat());
    const shifted = new Uint8ClampedArray(aligned.length + 1);
    shifted.set(aligned, 1);
    const image = (data: Uint8ClampedArray): RgbaImage => ({ width: 64, height: 64, data });
    const fast = lineChannel(image(aligned), contract).data;
    const slow = lineChannel(image(shifted.subarray(1)), contract).data;
    expect(Array.from(fast)).toEqual(Array.from(slow));
    expect(new Set(fast).size).toBeGreaterThan(200); // a real mix of values, not one
  });

  it('reads ink on a transparent layer (black at any alpha, any colour at alpha 0) through its table as the byte path computes it', () => {
    const rnd = seededRandom(11);
    // Photoshop's usual lineart layer: black ink at every alpha on transparent pixels of any colour,
    // mixed with opaque grey, near-black and coloured ink that must not take the table.
    const pixels = Array.from({ length: 4096 }, (_, i) => {
      const a = Math.floor(rnd() * 256);
      const v = Math.floor(rnd() * 256);
      if (i % 4 === 0) return [0, 0, 0, a];
      if (i % 4 === 1) return [v, Math.floor(rnd() * 256), Math.floor(rnd() * 256), 0];
      if (i % 4 === 2) return i % 8 === 2 ? [1, 0, 0, a] : [v, v, v, 255];
      return [v, 40, 200, a];
    });
    const aligned = Uint8ClampedArray.from(pixels.flat());
    const shifted = new Uint8ClampedArray(aligned.length + 1);
    shifted.set(aligned, 1);
    const image = (data: Uint8ClampedArray): RgbaImage => ({ width: 64, height: 64, data });
    const [fast, slow] = [image(aligned), image(shifted.subarray(1))];
    const fastLine = lineChannel(fast, contract).data;
    expect(Array.from(fastLine)).toEqual(Array.from(lineChannel(slow, contract).data));
    const [fastAt, slowAt] = [rgbaLineValues(fast, contract), rgbaLineValues(slow, contract)];
    expect(Array.from(fastLine, (_, i) => fastAt.at(i))).toEqual(Array.from(fastLine));
    expect(Array.from(fastLine, (_, i) => slowAt.at(i))).toEqual(Array.from(fastLine));
    const flags = (lineart: RgbaImage): number[] => {
      const all: number[] = [];
      rgbaPaperRows(lineart, contract)((_y, row) => all.push(...row));
      return all;
    };
    expect(flags(fast)).toEqual(Array.from(fastLine, (v) => (v >= PAPER_THRESHOLD ? 1 : 0)));
    expect(flags(slow)).toEqual(flags(fast));
    // Every transparent pixel is paper whatever its colour; the black ones read 1 - alpha.
    pixels.forEach(([r, g, b, a], i) => {
      if (a === 0) expect(fastLine[i]).toBe(fastLine[1]);
      if (r === 0 && g === 0 && b === 0) expect(fastLine[i]).toBeCloseTo(1 - a / 255, 6);
    });
  });

  it('weights colour by the contract luma (pure red ink = 0.299)', () => {
    const line = lineChannel(px([255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255]), contract).data;
    expect(Array.from(line)).toEqual([0.299, 0.587, 0.114].map((v) => expect.closeTo(v, 6)));
  });
});

describe('hint -> premultiplied colour and mask', () => {
  it('premultiplies colour by alpha and puts alpha in the mask', () => {
    const h = hintChannels(px([255, 128, 0, 255], [255, 128, 0, 51], [9, 9, 9, 0]), 1, 3, 1);
    expect(h.mask.data[0]).toBeCloseTo(1, 6);
    expect(h.r.data[0]).toBeCloseTo(1, 6);
    expect(h.g.data[0]).toBeCloseTo(128 / 255, 6);
    expect(h.mask.data[1]).toBeCloseTo(0.2, 6);
    expect(h.r.data[1]).toBeCloseTo(0.2, 6);
    expect(h.g.data[1]).toBeCloseTo((128 / 255) * 0.2, 6);
    expect([h.r.data[2], h.g.data[2], h.b.data[2], h.mask.data[2]]).toEqual([0, 0, 0, 0]);
  });

  it('scales colour and mask by the strength', () => {
    const h = hintChannels(px([255, 255, 255, 255]), 0.25, 1, 1);
    expect(h.mask.data[0]).toBeCloseTo(0.25, 6);
    expect(h.b.data[0]).toBeCloseTo(0.25, 6);
  });

  it('ignores hints entirely at strength 0 (same tensor as no hint at all)', () => {
    const line = solidImage(8, 4, [30, 30, 30, 255]);
    const hint = solidImage(8, 4, [255, 0, 0, 255]);
    const withZeroStrength = preprocess(line, hint, 0, contract);
    const withoutHint = preprocess(line, undefined, 1, contract);
    expect(withZeroStrength).toEqual(withoutHint);
    expect(withoutHint.subarray(32).every((v) => v === 0)).toBe(true);
  });

  it('tells "no hint" (mask 0) apart from a white hint (mask 1)', () => {
    const white = preprocess(solidImage(2, 2, [255, 255, 255, 255]), solidImage(2, 2, [255, 255, 255, 255]), 1, contract);
    expect(Array.from(white.subarray(16, 20))).toEqual([1, 1, 1, 1]);
  });

  it('lays out the tensor as NCHW [line, r, g, b, mask, fill r, g, b, mask]', () => {
    // Ink then paper; a blue dab on the ink pixel (ink belongs to no region: no fill) ...
    let t = preprocess(px([0, 0, 0, 255], [255, 255, 255, 255]), px([0, 0, 255, 255], [0, 0, 0, 0]), 1, contract);
    expect(t.length).toBe(18);
    expect(Array.from(t).map((v) => Math.round(v * 1000) / 1000)).toEqual([0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // ... and on the paper pixel, which fills its region (itself).
    t = preprocess(px([0, 0, 0, 255], [255, 255, 255, 255]), px([0, 0, 0, 0], [0, 0, 255, 255]), 1, contract);
    expect(Array.from(t.subarray(10)).map((v) => Math.round(v * 1000) / 1000)).toEqual([0, 0, 0, 0, 0, 1, 0, 1]);
  });
});

describe('hint blur', () => {
  it('uses a normalised kernel of radius ceil(3 sigma)', () => {
    const k = gaussianKernel(1.4);
    expect(k.length).toBe(2 * 5 + 1);
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(k[0]).toBeCloseTo(k[10], 15);
  });

  it('spreads an impulse symmetrically, keeps its mass, and peaks at the centre', () => {
    const p = createPlane(21, 21);
    p.data[10 * 21 + 10] = 1;
    gaussianBlur(p, 2);
    const at = (x: number, y: number): number => p.data[y * 21 + x];
    for (let d = 1; d <= 6; d++) {
      expect(at(10 + d, 10)).toBeCloseTo(at(10 - d, 10), 7);
      expect(at(10, 10 + d)).toBeCloseTo(at(10 + d, 10), 7);
      expect(at(10 + d, 10)).toBeLessThan(at(10 + d - 1, 10));
    }
    expect(p.data.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('leaves a constant plane constant (edges replicate, they do not darken)', () => {
    const p = createPlane(9, 5);
    p.data.fill(0.7);
    gaussianBlur(p, 3);
    for (const v of p.data) expect(v).toBeCloseTo(0.7, 6);
  });

  it('does nothing at sigma 0', () => {
    const p = createPlane(3, 3);
    p.data.set([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    gaussianBlur(p, 0);
    expect(Array.from(p.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('blurs wide (beyond the exact radius) through a shrunk copy within 0.5% of the exact blur', () => {
    const sigma = 30;
    expect(Math.ceil(3 * sigma)).toBeGreaterThan(MAX_EXACT_BLUR_RADIUS);
    const rand = seededRandom(3);
    const exact = createPlane(300, 200);
    for (let d = 0; d < 12; d++) {
      const cx = rand() * 300;
      const cy = rand() * 200;
      const v = rand();
      for (let y = 0; y < 200; y++) for (let x = 0; x < 300; x++) if (Math.hypot(x - cx, y - cy) < 20) exact.data[y * 300 + x] = v;
    }
    const fast = { ...exact, data: exact.data.slice() };
    gaussianBlurExact(exact, sigma);
    gaussianBlur(fast, sigma);
    let worst = 0;
    for (let i = 0; i < exact.data.length; i++) worst = Math.max(worst, Math.abs(exact.data[i] - fast.data[i]));
    expect(worst).toBeLessThan(0.005);
  });
});
