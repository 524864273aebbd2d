/**
 * The region tint (src/model/region-tint.ts): each painted shape brought to
 * the painted colour, its shading kept.
 */
import { createColorizer, type RgbaImage } from '../../src/model';
import { deltaE, LINEAR } from '../../src/model/colour-difference';
import { TOLERANCE } from '../../src/model/region-tint';
import { pictureBackend } from '../helpers/backends';
import { loadContract } from '../helpers/engine';
import { circle, drawStrokes, solidImage } from '../helpers/synthetic';

const contract = loadContract();
const SIZE = 160;
const SKIN: [number, number, number] = [246, 210, 184];
const WHITE = [255, 255, 255];

const at = (image: RgbaImage, x: number, y: number): number[] => Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3));
const inside = (x: number, y: number): boolean => Math.hypot(x + 0.5 - 80, y + 0.5 - 80) < 55;

/** A ring of radius 60 with a skin dab at its centre. */
function face(): { lineart: RgbaImage; hint: RgbaImage } {
  const lineart = drawStrokes(SIZE, SIZE, circle(80, 80, 60, 96), 3);
  const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
  for (let y = 76; y < 84; y++) for (let x = 70; x < 90; x++) hint.data.set([...SKIN, 255], (y * SIZE + x) * 4);
  return { lineart, hint };
}

/** The mean colour (sRGB bytes, through linear light) of `image` over the pixels `keep` takes. */
function meanColour(image: RgbaImage, keep: (x: number, y: number) => boolean): number[] {
  const sums = [0, 0, 0];
  let n = 0;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      if (!keep(x, y)) continue;
      at(image, x, y).forEach((v, c) => (sums[c] += LINEAR[v]));
      n++;
    }
  }
  return sums.map((s) => 255 * (s / n <= 0.0031308 ? 12.92 * (s / n) : 1.055 * (s / n) ** (1 / 2.4) - 0.055));
}

describe('region tint', () => {
  // The "network" paints the face a darker, duller skin (delta E about 30: a face at 'auto'), shaded
  // from left to right, and copies the dab.
  const dark = (x: number): number[] => [158, 133, 97].map((v) => Math.round(v * (0.8 + 0.4 * (x / SIZE))));
  const shaded = pictureBackend((x, y) => (!inside(x, y) ? WHITE : y >= 76 && y < 84 && x >= 70 && x < 90 ? SKIN : dark(x)));
  const options = { workingScale: 1, blendStrokes: false, fillWhitePatches: false } as const;
  const awayFromDab = (x: number, y: number): boolean => inside(x, y) && Math.hypot(x + 0.5 - 80, y + 0.5 - 80) < 50 && !(y >= 70 && y < 90);

  it('brings a shape the network painted far off its painted colour to that colour, and keeps its shading', async () => {
    const { lineart, hint } = face();
    const colorizer = createColorizer({ contract, backend: shaded });
    const off = await colorizer.colorize(lineart, hint, { ...options, tintToPaint: false });
    const on = await colorizer.colorize(lineart, hint, options);
    expect(deltaE(meanColour(off.image, awayFromDab), SKIN)).toBeGreaterThan(25);
    expect(deltaE(meanColour(on.image, awayFromDab), SKIN)).toBeLessThan(3);
    // The shading's ratio left to right (linear light) is the network's, within rounding.
    const ratio = (image: RgbaImage): number => LINEAR[at(image, 120, 100)[1]] / LINEAR[at(image, 40, 100)[1]];
    expect(Math.abs(ratio(on.image) - ratio(off.image))).toBeLessThan(0.03);
    // The painted pixels and the page around are as the network made them.
    expect(at(on.image, 80, 80)).toEqual(SKIN);
    expect(at(on.image, 5, 5)).toEqual(WHITE);
  });

  it('leaves a shape alone whose colour lies within the tolerance of the paint', async () => {
    const { lineart, hint } = face();
    const near = SKIN.map((v) => v - 6); // about delta E 3
    expect(deltaE(near, SKIN)).toBeLessThan(TOLERANCE);
    const backend = pictureBackend((x, y) => (inside(x, y) ? near : WHITE));
    const colorizer = createColorizer({ contract, backend });
    const on = await colorizer.colorize(lineart, hint, options);
    const off = await colorizer.colorize(lineart, hint, { ...options, tintToPaint: false });
    expect(on.image.data).toEqual(off.image.data);
  });

  it('leaves a shape alone that the network painted in two colours (a figure leaking into a painted sky)', async () => {
    const { lineart, hint } = face();
    const BLUE = [120, 180, 235];
    const backend = pictureBackend((x, y) => (!inside(x, y) ? WHITE : x < 80 ? BLUE : [250, 226, 205]));
    const colorizer = createColorizer({ contract, backend });
    const on = await colorizer.colorize(lineart, hint, options);
    const off = await colorizer.colorize(lineart, hint, { ...options, tintToPaint: false });
    expect(on.image.data).toEqual(off.image.data);
  });

  it('leaves a shape the network left mostly white to the white fill', async () => {
    const { lineart, hint } = face();
    const backend = pictureBackend((x, y) => (inside(x, y) && y < 50 ? [158, 133, 97] : WHITE));
    const colorizer = createColorizer({ contract, backend });
    const on = await colorizer.colorize(lineart, hint, options);
    const off = await colorizer.colorize(lineart, hint, { ...options, tintToPaint: false });
    expect(on.image.data).toEqual(off.image.data);
  });
});
