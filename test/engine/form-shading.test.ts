import { createColorizer, EngineInputError, keepShadingWhereColoured, multiplyInPlace, shadeLayer, type RgbaImage, type ShadingOptions } from '../../src/model';
import { blurWithinRegions } from '../../src/model/region-blur';
import { pointwiseBackend, recordingBackend } from '../helpers/backends';
import { loadContract } from '../helpers/engine';
import { circle, drawStrokes, solidImage } from '../helpers/synthetic';

const contract = loadContract();
const MID_GREY: [number, number, number, number] = [128, 128, 128, 255];

/** A ring of radius r on a size x size page, centred at (cx, cy). */
function ringPage(size: number, r: number, cx = size / 2, cy = size / 2, height = size): RgbaImage {
  return drawStrokes(size, height, circle(cx, cy, r, 96), 3);
}

/** Mean layer value over the pixels within `radius` of (x, y). */
function meanAround(layer: RgbaImage, x: number, y: number, radius: number): number {
  let sum = 0;
  let n = 0;
  for (let py = Math.round(y - radius); py <= y + radius; py++) {
    for (let px = Math.round(x - radius); px <= x + radius; px++) {
      if (Math.hypot(px - x, py - y) > radius) continue;
      sum += layer.data[(py * layer.width + px) * 4];
      n++;
    }
  }
  return sum / n;
}

const shade = (lineart: RgbaImage, options: ShadingOptions, colour = solidImage(lineart.width, lineart.height, MID_GREY)): RgbaImage =>
  shadeLayer(lineart, colour, contract, options);

describe('form shading', () => {
  it('darkens the side of a shape away from the light, and follows the light when it moves', () => {
    const page = ringPage(160, 60);
    const fromTopLeft = shade(page, { light: 'top-left', strength: 0.5 });
    const fromBottomRight = shade(page, { light: 'bottom-right', strength: 0.5 });
    const off = 60 / Math.SQRT2 - 10; // inside the ring, towards a diagonal
    const upperLeft = (l: RgbaImage): number => meanAround(l, 80 - off, 80 - off, 5);
    const lowerRight = (l: RgbaImage): number => meanAround(l, 80 + off, 80 + off, 5);
    expect(lowerRight(fromTopLeft)).toBeLessThan(upperLeft(fromTopLeft) - 40);
    expect(upperLeft(fromBottomRight)).toBeLessThan(lowerRight(fromBottomRight) - 40);
    // Degrees are the named directions' angles.
    expect(shade(page, { light: 135, strength: 0.5 }).data).toEqual(fromTopLeft.data);
  });

  it('only darkens, by at most the strength, and leaves the page around the figure and the ink untouched', () => {
    const page = ringPage(160, 60);
    const layer = shade(page, { light: 'left', strength: 0.4 });
    let darkest = 255;
    for (let y = 0; y < 160; y++) {
      for (let x = 0; x < 160; x++) {
        const p = (y * 160 + x) * 4;
        expect([layer.data[p], layer.data[p + 3]]).toEqual([layer.data[p + 1], 255]);
        const r = Math.hypot(x - 80, y - 80);
        if (r > 63) expect(layer.data[p]).toBe(255); // the surround touches all four edges
        darkest = Math.min(darkest, layer.data[p]);
      }
    }
    expect(darkest).toBeGreaterThanOrEqual(Math.round(255 * 0.6) - 1);
    expect(darkest).toBeLessThan(Math.round(255 * 0.8)); // the shadow side reaches at least half the strength
    expect(Math.min(...shade(page, { light: 'left', strength: 0 }).data)).toBe(255);
  });

  it('shades a figure cut off by one page edge, but not paper touching two edges or left paper-white', () => {
    // A disc whose bottom runs off the page: its inside touches one edge.
    const cut = ringPage(160, 60, 80, 120, 160);
    const layer = shade(cut, { light: 'top-left', strength: 0.5 });
    expect(meanAround(layer, 120, 130, 6)).toBeLessThan(235);
    // A quarter disc in the corner touches two edges: background.
    const corner = ringPage(160, 90, 0, 160, 160);
    expect(Math.min(...shade(corner, { light: 'top-left', strength: 0.5 }).data)).toBe(255);
    // The disc coloured paper-white is most likely background showing through.
    const white = shade(ringPage(160, 60), { light: 'top-left', strength: 0.5 }, solidImage(160, 160, [250, 250, 250, 255]));
    expect(Math.min(...white.data)).toBe(255);
  });

  it('shades a page that is all figure (no surround at all) without a hole in the layer', () => {
    // Ink around the whole edge and along the diagonal: two triangles, neither touching the page edge.
    const size = 100;
    const data = new Uint8ClampedArray(size * size * 4).fill(255);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        if (x < 3 || y < 3 || x >= size - 3 || y >= size - 3 || Math.abs(x - y) < 3) data.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
      }
    }
    const layer = shade({ width: size, height: size, data }, { light: 'top-left', strength: 0.5 });
    let darkened = 0;
    for (let p = 0; p < layer.data.length; p += 4) {
      expect(layer.data[p + 3]).toBe(255);
      if (layer.data[p] < 250) darkened++;
    }
    expect(darkened).toBeGreaterThan(100); // the triangles still get their own form
  });

  it('works on a grid for pages larger than SHADE_SIDE and gives the page-sized layer the same light', () => {
    // The same drawing at 800 x 540 (one grid cell a pixel) and at 3x (three pixels a cell).
    const small = shade(ringPage(800, 240, 400, 270, 540), { light: 'top', strength: 0.5 });
    const big = shade(drawStrokes(2400, 1620, circle(1200, 810, 720, 96), 9), { light: 'top', strength: 0.5 });
    expect([big.width, big.height, big.data.length]).toEqual([2400, 1620, 2400 * 1620 * 4]);
    for (const [x, y] of [[400, 270 + 200], [400, 270 - 200], [400, 270], [400 - 200, 270], [400 + 120, 270 + 120]]) {
      expect(Math.abs(meanAround(big, 3 * x, 3 * y, 15) - meanAround(small, x, y, 5))).toBeLessThan(8);
    }
    expect(meanAround(big, 1200, 810 + 600, 15)).toBeLessThan(meanAround(big, 1200, 810 - 600, 15) - 20);
  });

  it('refuses a light or strength it cannot use, and images of different sizes', () => {
    const page = ringPage(64, 20);
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (error) {
        return error instanceof EngineInputError ? error.code : String(error);
      }
      return undefined;
    };
    expect(code(() => shade(page, { light: 'upper-left' as never, strength: 0.3 }))).toBe('BAD_OPTION');
    expect(code(() => shade(page, { light: Number.NaN, strength: 0.3 }))).toBe('BAD_OPTION');
    expect(code(() => shade(page, { light: 'top', strength: 1.5 }))).toBe('BAD_OPTION');
    expect(code(() => shade(page, { light: 'top', strength: 0.3 }, solidImage(32, 64, MID_GREY)))).toBe('BAD_SIZE');
  });
});

describe('blurWithinRegions', () => {
  it('smooths a step inside a region and never mixes two regions', () => {
    const cols = 40;
    const rows = 10;
    const region = new Int32Array(cols * rows);
    const values = new Float32Array(cols * rows);
    for (let i = 0; i < values.length; i++) {
      const x = i % cols;
      region[i] = x < 20 ? 1 : 2;
      values[i] = x < 10 ? 0 : x < 20 ? 10 : 100; // a step inside region 1, a jump to region 2
    }
    blurWithinRegions(values, region, cols, rows, Float32Array.of(0, 3, 3), 3);
    for (let y = 0; y < rows; y++) {
      const row = values.subarray(y * cols, (y + 1) * cols);
      expect(row[9]).toBeGreaterThan(2); // the step is smoothed
      expect(row[10]).toBeLessThan(8);
      for (let x = 0; x < 20; x++) expect(row[x]).toBeLessThanOrEqual(10 + 1e-4);
      for (let x = 20; x < 40; x++) expect(row[x]).toBeCloseTo(100, 4);
    }
  });
});

describe('multiplyInPlace', () => {
  it("is Photoshop's 8-bit Multiply and keeps alpha", () => {
    const base: RgbaImage = { width: 2, height: 1, data: Uint8ClampedArray.of(200, 255, 0, 255, 10, 20, 30, 128) };
    const layer: RgbaImage = { width: 2, height: 1, data: Uint8ClampedArray.of(128, 255, 255, 255, 0, 255, 128, 255) };
    multiplyInPlace(base, layer);
    expect(Array.from(base.data)).toEqual([100, 255, 0, 255, 0, 20, 15, 128]);
    expect(() => multiplyInPlace(base, solidImage(1, 1, MID_GREY))).toThrow(EngineInputError);
  });

  it('blends by the layer\'s opacity where it is not opaque, and leaves the base alone where it is transparent', () => {
    const base: RgbaImage = { width: 2, height: 1, data: Uint8ClampedArray.of(200, 100, 50, 255, 200, 100, 50, 255) };
    // Grey 0 at half opacity: halfway to black; grey 0 transparent: nothing.
    const layer: RgbaImage = { width: 2, height: 1, data: Uint8ClampedArray.of(0, 0, 0, 128, 0, 0, 0, 0) };
    multiplyInPlace(base, layer);
    expect(Array.from(base.data)).toEqual([100, 50, 25, 255, 200, 100, 50, 255]);
  });
});

describe('keepShadingWhereColoured', () => {
  it('gives the shading the colour layer\'s opacity: none where it has no colour', () => {
    const shading: RgbaImage = { width: 3, height: 1, data: Uint8ClampedArray.of(90, 90, 90, 255, 90, 90, 90, 255, 90, 90, 90, 255) };
    const colour: RgbaImage = { width: 3, height: 1, data: Uint8ClampedArray.of(1, 2, 3, 255, 1, 2, 3, 51, 0, 0, 0, 0) };
    keepShadingWhereColoured(shading, colour);
    expect(Array.from(shading.data)).toEqual([90, 90, 90, 255, 90, 90, 90, 51, 90, 90, 90, 0]);
    expect(() => keepShadingWhereColoured(shading, solidImage(1, 1, MID_GREY))).toThrow(EngineInputError);
  });
});

describe('colorize with shading', () => {
  it('returns the shading as its own layer and leaves the colour flat', async () => {
    const page = ringPage(128, 48);
    const hint = solidImage(128, 128, [200, 120, 80, 255]); // the pointwise "network" paints the hint's colour
    const colorizer = createColorizer({ contract, backend: pointwiseBackend() });
    const plain = await colorizer.colorize(page, hint, { workingScale: 1 });
    const shaded = await colorizer.colorize(page, hint, { workingScale: 1, shading: { light: 'top-left', strength: 0.35 } });
    expect(plain.shading).toBeUndefined();
    expect(shaded.image.data).toEqual(plain.image.data);
    expect(shaded.shading?.data).toEqual(shadeLayer(page, plain.image, contract, { light: 'top-left', strength: 0.35 }).data);
    expect(Math.min(...(shaded.shading?.data ?? []))).toBeLessThan(230);
  });

  it('refuses bad shading options before any tile runs', async () => {
    const backend = recordingBackend(pointwiseBackend());
    const colorizer = createColorizer({ contract, backend });
    await expect(colorizer.colorize(ringPage(64, 20), undefined, { shading: { light: 'top', strength: -1 } })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    expect(backend.runs).toHaveLength(0);
  });
});
