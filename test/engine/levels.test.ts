/**
 * A scan read levelled (src/model/levels.ts): off-white paper and grey
 * pencil lines read as white and black, digital lineart left alone.
 */
import { createColorizer, flatsLayer, shadeLayer, type RgbaImage } from '../../src/model';
import { levelledLineart, measureLevels } from '../../src/model/levels';
import { fillEchoBackend } from '../helpers/backends';
import { loadContract } from '../helpers/engine';
import { circle, drawStrokes, seededRandom, solidImage } from '../helpers/synthetic';

const contract = loadContract();
const SIZE = 120;

/**
 * A ring (radius 40) drawn as a pencil scan: paper `paper` with noise, the
 * line graphite grey (110) but lighter (155, read as paper unlevelled) over
 * an arc on its right: where a pencil line runs thin.
 */
function pencilRing(paper = 232): RgbaImage {
  const ink = drawStrokes(SIZE, SIZE, circle(60, 60, 40, 96), 3);
  const random = seededRandom(7);
  const page = solidImage(SIZE, SIZE, [255, 255, 255, 255]);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const p = (y * SIZE + x) * 4;
      const isInk = ink.data[p] < 128;
      const line = x > 95 && Math.abs(y - 60) < 6 ? 155 : 110;
      const v = Math.round((isInk ? line : paper) + (random() - 0.5) * 8);
      page.data.set([v, v, v, 255], p);
    }
  }
  return page;
}

describe('levels of a scanned drawing', () => {
  it('measures off-white paper and grey lines, and leaves white paper alone', () => {
    const levels = measureLevels(pencilRing(), contract)!;
    expect(levels.paper).toBeGreaterThanOrEqual(230);
    expect(levels.paper).toBeLessThanOrEqual(238);
    expect(levels.ink).toBeGreaterThanOrEqual(100);
    expect(levels.ink).toBeLessThanOrEqual(115);
    // Digital lineart on white, even with grey lines, is the artist's as drawn.
    const digital = drawStrokes(SIZE, SIZE, circle(60, 60, 40, 96), 3);
    expect(measureLevels(digital, contract)).toBeUndefined();
    expect(levelledLineart(digital, contract)).toBe(digital);
    const greyOnWhite = solidImage(SIZE, SIZE, [255, 255, 255, 255]);
    for (let p = 0; p < greyOnWhite.data.length; p += 4 * 7) greyOnWhite.data.set([90, 90, 90, 255], p);
    expect(measureLevels(greyOnWhite, contract)).toBeUndefined();
    // Dark "paper" (a night scene) and a page without the contrast of lines on paper are not scans.
    expect(measureLevels(pencilRing(140), contract)).toBeUndefined();
    expect(measureLevels(solidImage(SIZE, SIZE, [200, 200, 200, 255]), contract)).toBeUndefined();
  });

  it('levels lines on white paper too light to read as lines (light grey, a blue pencil), and only those', () => {
    const ringIn = (rgb: [number, number, number]): RgbaImage => {
      const ink = drawStrokes(SIZE, SIZE, circle(60, 60, 40, 96), 3);
      const page = solidImage(SIZE, SIZE, [255, 255, 255, 255]);
      for (let p = 0; p < page.data.length; p += 4) if (ink.data[p] < 128) page.data.set([...rgb, 255], p);
      return page;
    };
    for (const rgb of [[150, 150, 150], [90, 150, 230]] as Array<[number, number, number]>) {
      const page = ringIn(rgb);
      const levels = measureLevels(page, contract)!;
      expect(levels.paper).toBe(255);
      expect(levels.ink).toBeGreaterThanOrEqual(128);
      const levelled = levelledLineart(page, contract);
      expect(levelled.data[(60 * SIZE + 20) * 4]).toBeLessThanOrEqual(5); // the ring: black now
      expect(levelled.data[(10 * SIZE + 10) * 4]).toBe(255);
    }
    // Lines that read as lines already are the artist's: mid grey, and faint specks that are no lines.
    expect(measureLevels(ringIn([110, 110, 110]), contract)).toBeUndefined();
    expect(measureLevels(ringIn([225, 225, 225]), contract)).toBeUndefined();
    // A small figure in black on a big page (its lines under 1 % of it) with a grey fill: the 1 % mark
    // lands on the grey, which is no light line (the session's review: the fill came out black).
    const big = solidImage(1000, 1000, [255, 255, 255, 255]);
    for (let y = 0; y < 1000; y++) {
      for (let x = 0; x < 1000; x++) {
        const d = Math.hypot(x - 500, y - 500);
        if (d >= 40 && d < 43) big.data.set([0, 0, 0, 255], (y * 1000 + x) * 4); // 0.08 % of the page
        else if (d < 40 || Math.hypot(x - 200, y - 200) < 50) big.data.set([170, 170, 170, 255], (y * 1000 + x) * 4); // 1.3 %
      }
    }
    expect(measureLevels(big, contract)).toBeUndefined();
  });

  it('stretches paper to white and the lines to black', () => {
    const levelled = levelledLineart(pencilRing(), contract);
    const at = (x: number, y: number) => levelled.data[(y * SIZE + x) * 4];
    expect(at(10, 10)).toBeGreaterThanOrEqual(245); // paper
    expect(at(20, 60)).toBeLessThanOrEqual(20); // the ring's left, graphite
    expect(at(100, 60)).toBeLessThan(128); // its pale arc: ink now
  });

  it('shades a scan as Colorize reads it: Relight of the raw scan equals the shading of the levelled one', () => {
    const page = pencilRing();
    const colour = solidImage(SIZE, SIZE, [180, 120, 90, 255]);
    const shading = { light: 'top-left', strength: 0.5 } as const;
    expect(shadeLayer(page, colour, contract, shading).data).toEqual(shadeLayer(levelledLineart(page, contract), colour, contract, shading).data);
  });

  it("keeps a dab inside the ring where the pencil runs pale, in Colorize's regions and in Flats", async () => {
    const page = pencilRing();
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 55; y < 65; y++) for (let x = 55; x < 65; x++) hint.data.set([200, 40, 40, 255], (y * SIZE + x) * 4);
    const outside = (image: RgbaImage) => Array.from(image.data.subarray((60 * SIZE + 112) * 4, (60 * SIZE + 112) * 4 + 4));
    // Flats colour the painted region and leave unpainted background transparent.
    expect(outside(flatsLayer(page, hint, contract, { gapRadius: 0 }))[3]).toBe(0);
    // Colorize: a network that paints the region fill's colour (channels 5-7) shows where the fill reached.
    const colorizer = createColorizer({ contract, backend: fillEchoBackend() });
    const options = { workingScale: 1, gapRadius: 0, blendStrokes: false, fillWhitePatches: false, restoreLines: false } as const;
    const levelled = await colorizer.colorize(page, hint, options);
    const raw = await colorizer.colorize(page, hint, { ...options, levelLineart: false });
    const reddish = (rgba: number[]) => rgba[0] - rgba[1] > 60;
    expect(reddish(outside(raw.image))).toBe(true); // unlevelled, the pale arc lets the red out
    expect(reddish(outside(levelled.image))).toBe(false);
  });
});
