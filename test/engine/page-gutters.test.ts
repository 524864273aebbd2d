import { createColorizer, type RgbaImage } from '../../src/model';
import { pictureBackend } from '../helpers/backends';
import { createNodeWasmColorizer, loadContract } from '../helpers/engine';
import { circle, drawStrokes, rectangle, solidImage } from '../helpers/synthetic';

const contract = loadContract();
const SIZE = 240;

/** Three panels on a 240 x 240 page: 10 px margins, 8 px gutters; a disc in the first. */
function threePanels(): RgbaImage {
  return drawStrokes(SIZE, SIZE, [...rectangle(10, 10, 230, 110), ...rectangle(10, 118, 116, 230), ...rectangle(124, 118, 230, 230), ...circle(60, 60, 30, 48)], 2);
}

const at = (image: RgbaImage, x: number, y: number): number[] => Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4));
const TAN = [225, 205, 180];

/** A "network" that paints every pixel light tan, whatever its input. */
const tanBackend = () => pictureBackend(() => TAN);

/** The gutter between the bottom panels, the margin, the gutter under the top panel. */
const GUTTER_POINTS = [
  [120, 170],
  [4, 120],
  [60, 114],
];

describe("a comic page's gutters", () => {
  it('come out white where the network paints them, while the panels keep its colour', async () => {
    const colorizer = createColorizer({ contract, backend: tanBackend() });
    const result = await colorizer.colorize(threePanels(), undefined, { workingScale: 1 });
    for (const [x, y] of GUTTER_POINTS) expect([x, y, ...at(result.image, x, y)]).toEqual([x, y, 255, 255, 255, 255]);
    expect(at(result.image, 170, 170)).toEqual([...TAN, 255]); // inside a bottom panel
    expect(at(result.image, 60, 60)).toEqual([...TAN, 255]); // the disc
    const off = await colorizer.colorize(threePanels(), undefined, { workingScale: 1, whitePaper: false });
    expect(at(off.image, 120, 170)).toEqual([...TAN, 255]);
  });

  it('are white right up to the panel borders on a page over 1,024 px (grid cells of 2 px, a border\'s cells partly gutter)', async () => {
    const k = 5; // the three-panel page at 1,200 px
    // 1 px borders through the middle of even columns: a border's 2 px cells hold the paper beside it too.
    const o = 2.5;
    const page = drawStrokes(SIZE * k, SIZE * k, [...rectangle(10 * k + o, 10 * k + o, 230 * k + o, 110 * k + o), ...rectangle(10 * k + o, 118 * k + o, 116 * k + o, 230 * k + o), ...rectangle(124 * k + o, 118 * k + o, 230 * k + o, 230 * k + o)], 1);
    const result = await createColorizer({ contract, backend: tanBackend() }).colorize(page, undefined, { workingScale: 1 });
    // Across the vertical gutter between the bottom panels, every paper pixel up to the borders is white.
    const y = 170 * k;
    for (let x = 116 * k + 2; x <= 124 * k + 2; x++) {
      const v = page.data[(y * page.width + x) * 4];
      if (v < 128) continue;
      expect([x, ...at(result.image, x, y)]).toEqual([x, v, v, v, 255]);
    }
    // (1 px lines through pixel centres have no anti-aliased edge: every pixel beside them is paper.)
  });

  it('are left to the artist where painted, and cleared, not painted, with Leave margins', async () => {
    const colorizer = createColorizer({ contract, backend: tanBackend() });
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 2; y < 8; y++) for (let x = 20; x < 60; x++) hint.data.set([90, 60, 160, 255], (y * SIZE + x) * 4);
    const painted = await colorizer.colorize(threePanels(), hint, { workingScale: 1, blendStrokes: false });
    expect(at(painted.image, 120, 170).slice(0, 3)).not.toEqual([255, 255, 255]);
    const margins = await colorizer.colorize(threePanels(), undefined, { workingScale: 1, clearAround: true });
    expect(at(margins.image, 120, 170)[3]).toBe(0);
  });

  it('refuses a whitePaper that is not true or false, as front ends pass it straight through', async () => {
    const colorizer = createColorizer({ contract, backend: tanBackend() });
    for (const bad of ['no', 0]) {
      await expect(colorizer.colorize(threePanels(), undefined, { workingScale: 1, whitePaper: bad as unknown as boolean })).rejects.toMatchObject({
        code: 'BAD_OPTION',
        message: `whitePaper must be true or false, got ${bad}.`,
      });
    }
  });

  it('are told apart from the page around a figure, which stays the network\'s', async () => {
    const figure = drawStrokes(SIZE, SIZE, circle(120, 120, 60, 64), 2);
    const result = await createColorizer({ contract, backend: tanBackend() }).colorize(figure, undefined, { workingScale: 1 });
    expect(at(result.image, 10, 10)).toEqual([...TAN, 255]);
  });

  it('come out white with the real network, which paints them otherwise', async () => {
    const colorizer = await createNodeWasmColorizer();
    try {
      const gutter = (image: RgbaImage): number => {
        let sum = 0;
        let n = 0;
        for (let y = 130; y < 220; y++) for (let x = 118; x < 122; x++, n++) sum += at(image, x, y).slice(0, 3).reduce((a, b) => a + b, 0) / 3;
        return sum / n;
      };
      const on = await colorizer.colorize(threePanels(), undefined, { workingScale: 1 });
      const off = await colorizer.colorize(threePanels(), undefined, { workingScale: 1, whitePaper: false });
      expect(gutter(on.image)).toBeGreaterThanOrEqual(250);
      expect(gutter(off.image)).toBeLessThan(245);
    } finally {
      await colorizer.dispose();
    }
  });
});
