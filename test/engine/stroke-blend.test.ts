import { createColorizer, labelPaperRegions, lineChannel, type RgbaImage } from '../../src/model';
import { planePaperRows } from '../../src/model/paper-regions';
import { rgbaLineValues } from '../../src/model/preprocess';
import { blendStrokes, ToneTable } from '../../src/model/stroke-blend';
import { pointwiseBackend } from '../helpers/backends';
import { loadContract } from '../helpers/engine';
import { drawStrokes, type Segment } from '../helpers/synthetic';

const contract = loadContract();
const W = 96;
const H = 64;

/** A frame with a vertical divider at x = 48: two enclosed regions, left and right. */
function twoBoxes(): RgbaImage {
  const frame: Segment[] = [
    { x0: 4, y0: 4, x1: 92, y1: 4 },
    { x0: 92, y0: 4, x1: 92, y1: 60 },
    { x0: 92, y0: 60, x1: 4, y1: 60 },
    { x0: 4, y0: 60, x1: 4, y1: 4 },
    { x0: 48, y0: 4, x1: 48, y1: 60 },
  ];
  return drawStrokes(W, H, frame, 3);
}

/** The "network result": a left-to-right lightness ramp in each box (shading the stroke must not flatten), ink black. */
function shadedResult(lineart: RgbaImage, left: [number, number, number], right: [number, number, number], ramp = 0.15): RgbaImage {
  const line = lineChannel(lineart, contract);
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const base = x < 48 ? left : right;
      const shade = 1 - ramp + ramp * ((x % 48) / 48);
      for (let c = 0; c < 3; c++) data[i * 4 + c] = line.data[i] < 0.5 ? 0 : Math.round(base[c] * shade);
      data[i * 4 + 3] = 255;
    }
  }
  return { width: W, height: H, data };
}

/** A hint layer painted with `colour` where `inside(x, y)`. */
function hintWhere(inside: (x: number, y: number) => boolean, colour: [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (!inside(x, y)) continue;
      data.set([...colour, 255], (y * W + x) * 4);
    }
  }
  return { width: W, height: H, data };
}

/** Paints the stroke's own colour over the result where the hint is painted (what the network's stroke gate does). */
function withStroke(result: RgbaImage, hint: RgbaImage, lineart: RgbaImage): RgbaImage {
  const line = lineChannel(lineart, contract);
  const data = Uint8ClampedArray.from(result.data);
  for (let i = 0; i < W * H; i++) if (hint.data[i * 4 + 3] > 0 && line.data[i] >= 0.5) data.set(hint.data.subarray(i * 4, i * 4 + 3), i * 4);
  return { width: W, height: H, data };
}

function run(result: RgbaImage, hint: RgbaImage, lineart: RgbaImage, margin = 0, maxHalfWidth = 1e9): number {
  const line = lineChannel(lineart, contract);
  const regions = labelPaperRegions(W, H, planePaperRows(line.data, W, H), 2);
  return blendStrokes({ image: result, hint, line: rgbaLineValues(lineart, contract), linesMultiplied: false, regions, margin, maxHalfWidth });
}

/** The 6 x 35 px stroke of the tests, in the left box. */
const inPaleStroke = (x: number, y: number): boolean => x >= 20 && x < 26 && y >= 15 && y < 50;
/** That stroke painted a little paler than skin: close enough to its region to be blended. */
const paleStroke = (): RgbaImage => hintWhere(inPaleStroke, [245, 205, 178]);

/** Runs the blend and checks it changed no pixel at all. */
function expectUntouched(result: RgbaImage, hint: RgbaImage, lineart: RgbaImage, maxHalfWidth?: number): void {
  const before = Uint8ClampedArray.from(result.data);
  expect(run(result, hint, lineart, 0, maxHalfWidth)).toBe(0);
  expect(result.data).toEqual(before);
}

const px = (img: RgbaImage, x: number, y: number): number[] => Array.from(img.data.subarray((y * W + x) * 4, (y * W + x) * 4 + 3));
const SKIN: [number, number, number] = [232, 190, 160];
const BLUE: [number, number, number] = [90, 120, 200];

describe('hint strokes blended into their region', () => {
  it('replaces a stroke close to its region colour by the shading around it, and leaves every other pixel alone', () => {
    const lineart = twoBoxes();
    const clean = shadedResult(lineart, SKIN, BLUE);
    const hint = paleStroke();
    const result = withStroke(clean, hint, lineart);
    expect(px(result, 22, 30)).toEqual([245, 205, 178]);
    const changed = run(result, hint, lineart);
    expect(changed).toBe(6 * 35);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const painted = hint.data[(y * W + x) * 4 + 3] > 0;
        const got = px(result, x, y);
        const want = px(clean, x, y);
        if (!painted) expect(got).toEqual(want);
        // The ramp is linear across the stroke, which a membrane fill reproduces to a level or two.
        else got.forEach((v, c) => expect(Math.abs(v - want[c])).toBeLessThanOrEqual(3));
      }
    }
  });

  it('keeps a stroke of a clearly different colour (a detail) as painted', () => {
    const lineart = twoBoxes();
    const hint = hintWhere((x, y) => x >= 20 && x < 26 && y >= 28 && y < 34, [200, 30, 40]);
    const result = withStroke(shadedResult(lineart, SKIN, BLUE), hint, lineart);
    expectUntouched(result, hint, lineart);
  });

  it('blends a white dab on a white shape that the network rendered tan: the colour painted agrees with the shape', () => {
    // The network paints white paint tan (white is "no hint" in its training hints); judged only by that
    // rendering, the dab disagreed with the white sock around it and stayed a tan stamp (a review, session 29).
    const lineart = twoBoxes();
    const WHITE: [number, number, number] = [244, 244, 244];
    const clean = shadedResult(lineart, WHITE, BLUE, 0);
    const inDab = (x: number, y: number): boolean => x >= 18 && x < 30 && y >= 26 && y < 32;
    const hint = hintWhere(inDab, [255, 255, 255]);
    const result = withStroke(clean, hintWhere(inDab, [202, 170, 122]), lineart);
    run(result, hint, lineart);
    expect(px(result, 24, 29)).toEqual(WHITE);
    // A red dab rendered as painted still disagrees with the white around it, and stays.
    const red = hintWhere(inDab, [200, 30, 40]);
    const kept = withStroke(clean, red, lineart);
    run(kept, red, lineart);
    expect(px(kept, 24, 29)).toEqual([200, 30, 40]);
  });

  it('reads a dab\'s rim written darkened by its alpha (premultiplied) as the dab\'s own tone', () => {
    // Some tools store a stroke's anti-aliased edge premultiplied: a white dab's rim is grey at its alpha
    // (53, 53, 53, 53). As a tone of its own it closed the dab off from the unpainted pixels around it,
    // and the dab was never blended (a review's white sock, session 29).
    const lineart = twoBoxes();
    const WHITE: [number, number, number] = [244, 244, 244];
    const clean = shadedResult(lineart, WHITE, BLUE, 0);
    const inDab = (x: number, y: number): boolean => x >= 18 && x < 30 && y >= 26 && y < 32;
    const rim = (x: number, y: number): boolean => !inDab(x, y) && x >= 17 && x < 31 && y >= 25 && y < 33;
    const hint = hintWhere(inDab, [255, 255, 255]);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (rim(x, y)) hint.data.set([53, 53, 53, 53], (y * W + x) * 4);
    const result = withStroke(clean, hintWhere(inDab, [202, 170, 122]), lineart);
    run(result, hint, lineart);
    expect(px(result, 24, 29)).toEqual(WHITE);
  });

  it('blends a stroke and keeps a white dab laid over it (a cloud on a sky stroke): each colour a piece of its own', () => {
    // One piece, the pale stroke and the white dab took one fate: blended away together (at 'auto', a panel's
    // clouds vanished into its sky, a review, session 28) or kept together (the stroke a streak).
    const lineart = twoBoxes();
    const clean = shadedResult(lineart, SKIN, BLUE);
    const inDab = (x: number, y: number): boolean => x >= 16 && x < 30 && y >= 26 && y < 31;
    const hint = hintWhere(inPaleStroke, [245, 205, 178]);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (inDab(x, y)) hint.data.set([255, 255, 255, 255], (y * W + x) * 4);
    const result = withStroke(clean, hint, lineart);
    run(result, hint, lineart, 2);
    expect(px(result, 22, 28)).toEqual([255, 255, 255]); // the dab
    expect(px(result, 17, 28)).toEqual([255, 255, 255]);
    for (const y of [16, 20, 40, 48]) px(result, 22, y).forEach((v, c) => expect(Math.abs(v - px(clean, 22, y)[c])).toBeLessThanOrEqual(3)); // the stroke, blended
  });

  it('takes a stroke in three shades as whole pieces of one tone each, the same on both gatherings', () => {
    // Shades 32 apart then 29 apart: near each to the next, not the first to the last. Compared with the
    // piece's first pixel, the middle shade went one way on the first gathering and the other on the second,
    // and the fill repainted pixels of a piece it had judged to keep (a code review, session 28).
    const lineart = twoBoxes();
    const shadeOf = (y: number): [number, number, number] => (y < 25 ? [184, 205, 178] : y < 35 ? [216, 205, 178] : [245, 205, 178]);
    const hint = hintWhere(inPaleStroke, [0, 0, 0]);
    for (let y = 15; y < 50; y++) for (let x = 20; x < 26; x++) hint.data.set(shadeOf(y), (y * W + x) * 4);
    const clean = shadedResult(lineart, SKIN, BLUE);
    const result = withStroke(clean, hint, lineart);
    const before = Uint8ClampedArray.from(result.data);
    run(result, hint, lineart);
    const changed = (y: number): boolean => [20, 21, 22, 23, 24, 25].some((x) => px(result, x, y).some((v, c) => v !== before[(y * W + x) * 4 + c]));
    // The first two shades are one tone: one fate.
    for (let y = 15; y < 35; y++) expect(changed(y)).toBe(changed(15));
  });

  it('keeps at most 255 tones, a colour past them in the nearest', () => {
    const tones = new ToneTable();
    const classes = new Set<number>();
    for (let r = 0; r < 256; r += 17) for (let g = 0; g < 256; g += 17) for (let b = 0; b < 256; b += 51) classes.add(tones.of(r, g, b));
    expect(Math.max(...classes)).toBeLessThanOrEqual(255);
    expect(tones.of(255, 255, 255)).toBe(tones.of(250, 250, 250));
    expect(tones.of(255, 255, 255)).not.toBe(tones.of(60, 120, 230));
  });

  it('fills each side of a stroke that crosses a line from its own region, and never paints the ink', () => {
    const lineart = twoBoxes();
    // Flat regions 16 levels apart, a stroke between them: close enough to both to be blended.
    const clean = shadedResult(lineart, SKIN, SKIN.map((v) => v - 16) as [number, number, number], 0);
    const hint = hintWhere((x, y) => x >= 40 && x < 58 && y >= 28 && y < 34, [224, 182, 152]);
    const result = withStroke(clean, hint, lineart);
    run(result, hint, lineart);
    const line = lineChannel(lineart, contract);
    for (let y = 28; y < 34; y++) {
      for (let x = 40; x < 58; x++) {
        const want = px(clean, x, y);
        if (line.data[y * W + x] < 0.5) expect(px(result, x, y)).toEqual([0, 0, 0]);
        else expect(px(result, x, y)).toEqual(want);
      }
    }
  });

  it('leaves a region painted all over as it is: there is nothing around the stroke to take from', () => {
    const lineart = twoBoxes();
    const hint = hintWhere((x) => x < 48, [245, 205, 178]);
    const result = withStroke(shadedResult(lineart, SKIN, BLUE), hint, lineart);
    expectUntouched(result, hint, lineart);
  });

  it('leaves a thick blob (an area fill, not a stroke) as painted, whatever its colour', () => {
    const lineart = twoBoxes();
    const clean = shadedResult(lineart, SKIN, BLUE);
    const stroke = paleStroke();
    const blob = hintWhere((x, y) => x >= 10 && x < 40 && y >= 12 && y < 52, [245, 205, 178]);
    // A 6 px wide stroke is about 4 px "thick" on the 4 px grid (area / perimeter); the 30 x 40 blob about 9.
    const thinOnly = withStroke(clean, stroke, lineart);
    expect(run(thinOnly, stroke, lineart, 0, 6)).toBe(6 * 35);
    const result = withStroke(clean, blob, lineart);
    expectUntouched(result, blob, lineart, 6);
  });

  it('takes a margin around the stroke with it (the network bleeds a halo around strokes)', () => {
    const lineart = twoBoxes();
    const clean = shadedResult(lineart, SKIN, BLUE);
    const hint = paleStroke();
    // A one-pixel halo of stroke colour just outside the painted pixels.
    const halo = hintWhere((x, y) => x >= 19 && x < 27 && y >= 14 && y < 51, [245, 205, 178]);
    const result = withStroke(clean, halo, lineart);
    expect(run(result, hint, lineart, 1)).toBe(8 * 37 - 4); // grown by 4-neighbours: the corners stay out
    px(result, 19, 30).forEach((v, c) => expect(Math.abs(v - px(clean, 19, 30)[c])).toBeLessThanOrEqual(3));
  });

  // The network paints a small dab (a dot per region, as the panel advises) as a light disc about
  // twice its radius: the margin that covers a stroke's halo left the disc's rim behind, and the
  // blend filled the dab from that light rim, a rivet (session 24's quality review).
  it('takes twice the margin around a small dab, whose halo is wider', () => {
    const lineart = twoBoxes();
    const clean = shadedResult(lineart, SKIN, BLUE, 0);
    const inDab = (x: number, y: number): boolean => (x - 24) ** 2 + (y - 32) ** 2 <= 9; // radius 3
    const hint = hintWhere(inDab, SKIN);
    const disc = hintWhere((x, y) => (x - 24) ** 2 + (y - 32) ** 2 <= 36, [250, 225, 205]); // radius 6, light
    const result = withStroke(clean, disc, lineart);
    run(result, hint, lineart, 3);
    for (const [x, y] of [[24, 32], [29, 32], [24, 27], [20, 35]]) px(result, x, y).forEach((v, c) => expect(Math.abs(v - SKIN[c])).toBeLessThanOrEqual(3));
    // A long stroke keeps the margin it is given: the halo past it stays.
    const long = hintWhere(inPaleStroke, SKIN);
    const wide = withStroke(clean, hintWhere((x, y) => x >= 15 && x < 31 && y >= 10 && y < 55, [250, 225, 205]), lineart);
    run(wide, long, lineart, 3);
    expect(px(wide, 16, 30)).toEqual([250, 225, 205]);
  });
});

describe('a stroke that slips over a line (a spill)', () => {
  // The divider is at x = 48 (3 px of ink): a skin stroke from x = 10 in the left box whose end
  // crosses into the blue box, to x = END. The network followed the stroke on the left (skin).
  const strokeTo = (end: number): RgbaImage => hintWhere((x, y) => x >= 10 && x < end && y >= 28 && y < 34, [240, 198, 168]);

  it('gives the sliver past the line the colour of the region it slipped into', () => {
    const lineart = twoBoxes();
    const clean = shadedResult(lineart, SKIN, BLUE);
    const hint = strokeTo(56); // 6 px of 46 past the line
    const result = withStroke(clean, hint, lineart);
    expect(px(result, 53, 30)).toEqual([240, 198, 168]);
    run(result, hint, lineart);
    for (let x = 51; x < 56; x++) px(result, x, 30).forEach((v, c) => expect(Math.abs(v - px(clean, x, 30)[c])).toBeLessThanOrEqual(3));
    // The left part agreed with its region and was blended into the skin shading as before.
    px(result, 30, 30).forEach((v, c) => expect(Math.abs(v - px(clean, 30, 30)[c])).toBeLessThanOrEqual(3));
  });

  it('keeps the part past the line when it is no sliver (a stroke painted across two regions on purpose)', () => {
    const lineart = twoBoxes();
    const hint = strokeTo(80); // 30 px of 70 past the line: 43 %
    const result = withStroke(shadedResult(lineart, SKIN, BLUE), hint, lineart);
    run(result, hint, lineart);
    expect(px(result, 60, 30)).toEqual([240, 198, 168]);
  });

  it('keeps the sliver when the network did not follow the rest of the stroke either (its colour was not the region\u2019s)', () => {
    const lineart = twoBoxes();
    // The left box came out blue too: the stroke agrees nowhere, so nothing says which side it meant.
    const hint = strokeTo(56);
    const result = withStroke(shadedResult(lineart, BLUE, BLUE), hint, lineart);
    run(result, hint, lineart);
    expect(px(result, 53, 30)).toEqual([240, 198, 168]);
    expect(px(result, 30, 30)).toEqual([240, 198, 168]);
  });
});

describe('colorize() blends strokes by default', () => {
  // The pointwise "network" paints a stroke's own colour and white paper elsewhere: a pale stroke
  // on white is a streak; blended, it takes the white around it. A red dab stays red.
  const lineart = twoBoxes();
  const hint = hintWhere((x, y) => inPaleStroke(x, y) || (x >= 70 && x < 74 && y >= 30 && y < 34), [0, 0, 0]);
  for (let i = 0; i < W * H; i++) {
    if (hint.data[i * 4 + 3] === 0) continue;
    hint.data.set(i % W < 48 ? [246, 244, 240] : [200, 30, 40], i * 4);
  }

  it('on: the pale stroke is gone, the red dab stays; off: both stay as painted', async () => {
    const colorizer = createColorizer({ contract, backend: pointwiseBackend() });
    // The blend alone: without the white fill, which would fill the box with the near-white paint first.
    const on = await colorizer.colorize(lineart, hint, { workingScale: 1, fillWhitePatches: false });
    const off = await colorizer.colorize(lineart, hint, { workingScale: 1, blendStrokes: false, fillWhitePatches: false });
    expect(px(off.image, 22, 30)).toEqual([246, 244, 240]);
    expect(px(on.image, 22, 30)).toEqual([255, 255, 255]);
    expect(px(on.image, 72, 32)).toEqual([200, 30, 40]);
    expect(px(off.image, 72, 32)).toEqual([200, 30, 40]);
  });
});
