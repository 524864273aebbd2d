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

/**
 * A "network" that paints light tan, whatever its input, but for one white pixel in every 4 x 4 block
 * (6 %: it took the paper for paper in part, as it leaves a mottled background; none of the points
 * the tests read is one).
 */
const tanBackend = () => pictureBackend((x, y) => (x % 4 === 3 && y % 4 === 3 ? [255, 255, 255] : TAN));

/** The gutter between the bottom panels, the margin, the gutter under the top panel. */
const GUTTER_POINTS = [
  [120, 170],
  [4, 120],
  [60, 114],
];

/** Inside the panels, away from the disc: the top panel beside it, the two bottom panels. */
const PANEL_POINTS = [
  [180, 60],
  [60, 170],
  [170, 170],
];

describe("a comic page's gutters", () => {
  it('come out white where the network paints them, with the panels\' unpainted backgrounds, while a figure keeps its colour', async () => {
    const colorizer = createColorizer({ contract, backend: tanBackend() });
    const result = await colorizer.colorize(threePanels(), undefined, { workingScale: 1 });
    for (const [x, y] of GUTTER_POINTS) expect([x, y, ...at(result.image, x, y)]).toEqual([x, y, 255, 255, 255, 255]);
    for (const [x, y] of PANEL_POINTS) expect([x, y, ...at(result.image, x, y)]).toEqual([x, y, 255, 255, 255, 255]);
    expect(at(result.image, 60, 60)).toEqual([...TAN, 255]); // the disc
    const off = await colorizer.colorize(threePanels(), undefined, { workingScale: 1, whitePaper: false });
    for (const [x, y] of [...GUTTER_POINTS, ...PANEL_POINTS]) expect([x, y, ...at(off.image, x, y)]).toEqual([x, y, ...TAN, 255]);
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

describe("a comic panel's background", () => {
  const colorizer = createColorizer({ contract, backend: tanBackend() });

  it('keeps the network\'s colour where the artist painted it, a speck of 9 px too (white would cover their paint); white elsewhere', async () => {
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 130; y < 133; y++) for (let x = 140; x < 143; x++) hint.data.set([90, 140, 230, 255], (y * SIZE + x) * 4); // 9 px
    // (Untinted: the region tint would bring the network's tan to the blue painted.)
    const result = await colorizer.colorize(threePanels(), hint, { workingScale: 1, blendStrokes: false, tintToPaint: false });
    expect(at(result.image, 200, 210)).toEqual([...TAN, 255]); // the painted bottom-right panel, away from the dab
    expect(at(result.image, 60, 170)).toEqual([255, 255, 255, 255]); // the unpainted one beside it
  });

  it('is told apart from a building standing on the panel\'s edge, as rectangular and as big, which keeps the network\'s colour', async () => {
    // One panel with a margin; a 90 x 100 px building on its bottom edge, off its sides.
    const page = drawStrokes(SIZE, SIZE, [...rectangle(10, 10, 230, 230), ...rectangle(70, 130, 160, 230)], 2);
    const result = await colorizer.colorize(page, undefined, { workingScale: 1 });
    expect(at(result.image, 115, 180)).toEqual([...TAN, 255]); // the building
    expect(at(result.image, 40, 60)).toEqual([255, 255, 255, 255]); // the sky around it
    expect(at(result.image, 200, 200)).toEqual([255, 255, 255, 255]);
  });

  it('is white above a figure cut off by the panel\'s bottom edge from side to side', async () => {
    // A body's curve through the panel's sides, running on off the page through the margins beside the panel.
    const page = drawStrokes(SIZE, SIZE, [...rectangle(10, 10, 230, 230), ...circle(120, 330, 160, 128)], 2);
    const result = await colorizer.colorize(page, undefined, { workingScale: 1 });
    expect(at(result.image, 120, 200)).toEqual([...TAN, 255]); // the body
    expect(at(result.image, 40, 40)).toEqual([255, 255, 255, 255]); // the background above it
    expect(at(result.image, 120, 140)).toEqual([255, 255, 255, 255]);
  });

  it('is white above a horizon across the panel; the ground below, framed but not at the top (as a table or a face below bangs), keeps the network\'s colour', async () => {
    const page = drawStrokes(SIZE, SIZE, [...rectangle(10, 10, 230, 230), { x0: 10, y0: 170, x1: 230, y1: 170 }, ...circle(120, 90, 30, 48)], 2);
    const result = await colorizer.colorize(page, undefined, { workingScale: 1 });
    expect(at(result.image, 40, 90)).toEqual([255, 255, 255, 255]); // the sky
    expect(at(result.image, 120, 90)).toEqual([...TAN, 255]); // the sun
    expect(at(result.image, 120, 200)).toEqual([...TAN, 255]); // the ground
  });

  it('is told apart from a building in the panel\'s corner, meeting the frame on two sides', async () => {
    // 60 x 60 px, as big as a panel's background may be (page-grid.ts), in the bottom-right corner.
    const page = drawStrokes(SIZE, SIZE, [...rectangle(10, 10, 230, 230), { x0: 170, y0: 230, x1: 170, y1: 170 }, { x0: 170, y0: 170, x1: 230, y1: 170 }], 2);
    const result = await colorizer.colorize(page, undefined, { workingScale: 1 });
    expect(at(result.image, 200, 200)).toEqual([...TAN, 255]); // the building
    expect(at(result.image, 60, 60)).toEqual([255, 255, 255, 255]); // the sky around it
  });

  it('is told apart from a face filling its panel, cut off by the frame on every side, by the network colouring it whole', async () => {
    // Framed all round as a background is; its outline drawn inside the panel only, so the margins stay one gutter.
    const inside = (g: { x0: number; y0: number; x1: number; y1: number }) => [g.x0, g.y0, g.x1, g.y1].every((v) => v > 11 && v < 229);
    const page = drawStrokes(SIZE, SIZE, [...rectangle(10, 10, 230, 230), ...circle(120, 120, 125, 256).filter(inside)], 2);
    const inFace = (x: number, y: number) => (x - 120) ** 2 + (y - 120) ** 2 < 120 ** 2;
    const network = createColorizer({ contract, backend: pictureBackend((x, y) => (!inFace(x, y) && x % 4 === 3 && y % 4 === 3 ? [255, 255, 255] : TAN)) });
    const result = await network.colorize(page, undefined, { workingScale: 1 });
    expect(at(result.image, 120, 120)).toEqual([...TAN, 255]); // the face
    expect(at(result.image, 14, 14)).toEqual([...TAN, 255]); // a corner of the panel beside it (too small for a panel)
    // Mottled like a background where the face is too, it would be taken for one.
    expect(at((await colorizer.colorize(page, undefined, { workingScale: 1 })).image, 120, 120)).toEqual([255, 255, 255, 255]);
  });

  it('is white in a panel running off the page\'s foot, framed on its other three sides; not on a crop (a selection), whose gutters stay the network\'s too', async () => {
    const page = drawStrokes(SIZE, SIZE, [{ x0: 10, y0: 240, x1: 10, y1: 10 }, { x0: 10, y0: 10, x1: 230, y1: 10 }, { x0: 230, y0: 10, x1: 230, y1: 240 }, ...circle(120, 120, 30, 48)], 2);
    const result = await colorizer.colorize(page, undefined, { workingScale: 1 });
    expect(at(result.image, 40, 40)).toEqual([255, 255, 255, 255]);
    expect(at(result.image, 120, 120)).toEqual([...TAN, 255]); // the disc
    const crop = await colorizer.colorize(threePanels(), undefined, { workingScale: 1, pageEdges: { left: true, top: true, right: true, bottom: false } });
    for (const [x, y] of [...GUTTER_POINTS, ...PANEL_POINTS]) expect([x, y, ...at(crop.image, x, y)]).toEqual([x, y, ...TAN, 255]);
  });

  it('is told apart from a strand of hair cut off by the page\'s edge: a thin region reaching one side is no gutter', async () => {
    // A robe cut off by the page's foot, and round it a 6 px band (a strand, a hem) running to the foot too.
    const u = (d: number) => [{ x0: 60 - d, y0: 240, x1: 60 - d, y1: 100 - d }, { x0: 60 - d, y0: 100 - d, x1: 180 + d, y1: 100 - d }, { x0: 180 + d, y0: 100 - d, x1: 180 + d, y1: 240 }];
    const page = drawStrokes(SIZE, SIZE, [...u(0), ...u(6)], 2);
    const result = await colorizer.colorize(page, undefined, { workingScale: 1 });
    expect(at(result.image, 120, 170)).toEqual([...TAN, 255]); // the robe
    expect(at(result.image, 120, 97)).toEqual([...TAN, 255]); // the band
  });

  it('is told apart from a robe beside a band from the page\'s head to its foot: a gutter spans half the page each way', async () => {
    // A 40 px wide robe running to the page's foot, a 6 px band (a sash, a hem) round it from the head to the foot.
    const page = drawStrokes(SIZE, SIZE, [{ x0: 100, y0: 240, x1: 100, y1: 6 }, { x0: 100, y0: 6, x1: 140, y1: 6 }, { x0: 140, y0: 6, x1: 140, y1: 240 }, { x0: 94, y0: 0, x1: 94, y1: 240 }, { x0: 146, y0: 0, x1: 146, y1: 240 }], 2);
    const result = await colorizer.colorize(page, undefined, { workingScale: 1 });
    expect(at(result.image, 120, 120)).toEqual([...TAN, 255]);
  });

  it('is told apart from a small square cut off by the page\'s foot in the margin below a panel: a panel is an eighth of the page each way', async () => {
    const page = drawStrokes(SIZE, SIZE, [...rectangle(10, 10, 230, 215), { x0: 100, y0: 240, x1: 100, y1: 222 }, { x0: 100, y0: 222, x1: 120, y1: 222 }, { x0: 120, y0: 222, x1: 120, y1: 240 }], 2);
    const result = await colorizer.colorize(page, undefined, { workingScale: 1 });
    expect(at(result.image, 110, 232)).toEqual([...TAN, 255]); // the square
    expect(at(result.image, 120, 100)).toEqual([255, 255, 255, 255]); // the panel
  });

  it('keeps the network\'s colour where the network coloured it whole (the hair above the bangs in a close-up is framed as a background is)', async () => {
    const whole = createColorizer({ contract, backend: pictureBackend(() => TAN) });
    const result = await whole.colorize(threePanels(), undefined, { workingScale: 1 });
    for (const [x, y] of PANEL_POINTS) expect([x, y, ...at(result.image, x, y)]).toEqual([x, y, ...TAN, 255]);
    for (const [x, y] of GUTTER_POINTS) expect([x, y, ...at(result.image, x, y)]).toEqual([x, y, 255, 255, 255, 255]); // the gutters are white all the same
    // One white pixel in 64 (1.6 %) is not the network taking it for paper either; one in 16 (6 %) is.
    const specks = createColorizer({ contract, backend: pictureBackend((x, y) => (x % 8 === 3 && y % 8 === 3 ? [255, 255, 255] : TAN)) });
    expect(at((await specks.colorize(threePanels(), undefined, { workingScale: 1 })).image, 180, 60)).toEqual([...TAN, 255]);
  });

  it('is white in every panel where the network took most of the page\'s panels for paper, and only in those where it took fewer', async () => {
    const mottledIn = (inside: (x: number, y: number) => boolean) =>
      createColorizer({ contract, backend: pictureBackend((x, y) => (inside(x, y) && x % 4 === 3 && y % 4 === 3 ? [255, 255, 255] : TAN)) });
    // Mottled in the top panel and the bottom-left one, coloured whole in the bottom-right one: all three white.
    const most = await mottledIn((x, y) => y < 114 || x < 120).colorize(threePanels(), undefined, { workingScale: 1 });
    for (const [x, y] of PANEL_POINTS) expect([x, y, ...at(most.image, x, y)]).toEqual([x, y, 255, 255, 255, 255]);
    // Mottled in the top panel only: it alone.
    const fewer = await mottledIn((_x, y) => y < 114).colorize(threePanels(), undefined, { workingScale: 1 });
    expect(at(fewer.image, 180, 60)).toEqual([255, 255, 255, 255]);
    for (const [x, y] of [[60, 170], [170, 170]]) expect([x, y, ...at(fewer.image, x, y)]).toEqual([x, y, ...TAN, 255]);
  });

  it('is the network\'s on a page with no gutters: the page around a drawing, or a big rectangle in it', async () => {
    // A rectangle (a window, a picture) on an open page: its outside is the page around, not a gutter.
    const page = drawStrokes(SIZE, SIZE, [...rectangle(40, 40, 200, 200), ...circle(120, 120, 30, 48)], 2);
    const result = await colorizer.colorize(page, undefined, { workingScale: 1 });
    expect(at(result.image, 60, 60)).toEqual([...TAN, 255]);
    expect(at(result.image, 10, 10)).toEqual([...TAN, 255]);
  });
});
