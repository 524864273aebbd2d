import { createColorizer, type InferenceBackend, type RgbaImage } from '../../src/model';
import { fillWhitePatches, PAPER_WHITE } from '../../src/model/white-fill';
import { PageGrids } from '../../src/model/page-grid';
import type { RegionPaint } from '../../src/model/region-paint';
import { pictureBackend, pointwiseBackend } from '../helpers/backends';
import { loadContract } from '../helpers/engine';
import { circle, drawStrokes, solidImage } from '../helpers/synthetic';
import { rgbaLineValues } from '../../src/model/preprocess';

const contract = loadContract();
const SIZE = 160;
const TEAL: [number, number, number] = [40, 140, 150];

/** A ring of radius 60 on white, its inside coloured teal with a white disc of radius `hole` at (cx, cy) left in it. */
function page(hole: number, cx = 80, cy = 80): { lineart: RgbaImage; colour: RgbaImage } {
  const lineart = drawStrokes(SIZE, SIZE, circle(80, 80, 60, 96), 3);
  const colour = solidImage(SIZE, SIZE, [255, 255, 255, 255]);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const inside = Math.hypot(x + 0.5 - 80, y + 0.5 - 80) < 59.5; // up to the ink
      const inHole = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) < hole;
      if (inside && !inHole) colour.data.set(TEAL, (y * SIZE + x) * 4);
    }
  }
  return { lineart, colour };
}

const at = (image: RgbaImage, x: number, y: number): number[] => Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3));

/** Within `r` of the ring's centre (80, 80), at the pixel's centre. */
const nearCentre = (x: number, y: number, r: number): boolean => Math.hypot(x + 0.5 - 80, y + 0.5 - 80) < r;
const WHITE = [255, 255, 255];

describe('white patches filled', () => {
  it("fills a white patch inside a coloured shape with the shape's colour, and nothing outside it", () => {
    const { lineart, colour } = page(20);
    const before = Uint8ClampedArray.from(colour.data);
    const changed = fillWhitePatches(colour, lineart, undefined, contract, 2);
    expect(changed).toBeGreaterThan(Math.PI * 19 * 19);
    expect(at(colour, 80, 80)).toEqual(TEAL);
    // The page around the ring (background) stays white; the ring's ink is untouched.
    expect(at(colour, 5, 5)).toEqual([255, 255, 255]);
    for (let i = 0; i < before.length; i += 4) {
      const x = (i / 4) % SIZE;
      const y = Math.floor(i / 4 / SIZE);
      if (Math.hypot(x + 0.5 - 80, y + 0.5 - 80) >= 58) expect(colour.data[i]).toBe(before[i]);
    }
  });

  it('fills the white the network left under a soft brush\'s faint fringe, and keeps white under its opaque core', () => {
    // A soft teal dab at the ring's centre: opaque out to 8 px, fading to alpha 0 at 40 px. The network
    // followed the paint down to half opacity (24 px) and left a white ring where the fringe was fainter:
    // read as paint, it stayed, a hard white ring round every soft stroke (a review, session 29).
    const { lineart, colour } = page(30);
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const r = Math.hypot(x + 0.5 - 80, y + 0.5 - 80);
        if (r < 40) hint.data.set([...TEAL, Math.round(255 * Math.min(1, 1 - (r - 8) / 32))], (y * SIZE + x) * 4);
        if (r < 24) colour.data.set(r < 4 ? WHITE : TEAL, (y * SIZE + x) * 4); // and white under the core
      }
    }
    fillWhitePatches(colour, lineart, hint, contract, 2);
    expect(at(colour, 80 + 27, 80)).toEqual(TEAL);
    expect(at(colour, 80, 80 - 29)).toEqual(TEAL);
    expect(at(colour, 80, 80)).toEqual(WHITE); // under opaque paint the network's colour is the artist's
  });

  it('keeps a highlight too small for its shape, white the artist painted, and shapes mostly white', () => {
    const small = page(3);
    expect(fillWhitePatches(small.colour, small.lineart, undefined, contract, 2)).toBe(0);
    expect(at(small.colour, 80, 80)).toEqual([255, 255, 255]);

    const painted = page(20);
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 70; y < 90; y++) for (let x = 70; x < 90; x++) hint.data.set([255, 255, 255, 255], (y * SIZE + x) * 4);
    fillWhitePatches(painted.colour, painted.lineart, hint, contract, 2);
    expect(at(painted.colour, 80, 80)).toEqual([255, 255, 255]); // under the white paint
    expect(at(painted.colour, 80, 65)).toEqual(TEAL); // the rest of the hole, unpainted
    // A shape coloured over less than a fifth of it is white by intent (a shirt, an eye): left alone.
    const mostlyWhite = page(55);
    expect(fillWhitePatches(mostlyWhite.colour, mostlyWhite.lineart, undefined, contract, 2)).toBe(0);
  });

  it('fills the same from bytes that cannot be read as 32-bit pixels, and keeps every alpha', () => {
    const words = page(20);
    const bytes = page(20);
    // Alphas that are not all 255, in the patch too, in both.
    for (const image of [words.colour, bytes.colour]) for (let p = 3; p < image.data.length; p += 28) image.data[p] = 200;
    const unaligned = new Uint8ClampedArray(bytes.colour.data.length + 1).subarray(1);
    unaligned.set(bytes.colour.data);
    const alphas = bytes.colour.data.filter((_, i) => i % 4 === 3);
    const changedWords = fillWhitePatches(words.colour, words.lineart, undefined, contract, 2);
    const changedBytes = fillWhitePatches({ width: SIZE, height: SIZE, data: unaligned }, bytes.lineart, undefined, contract, 2);
    expect(changedWords).toBeGreaterThan(Math.PI * 19 * 19);
    expect(changedBytes).toBe(changedWords);
    expect(Array.from(unaligned)).toEqual(Array.from(words.colour.data));
    expect(words.colour.data.filter((_, i) => i % 4 === 3)).toEqual(alphas);
    expect(at(words.colour, 80, 80)).toEqual(TEAL);
  });

  it('softens the pale edge of a filled patch toward the fill', () => {
    const { lineart, colour } = page(20);
    // A pale (not paper-white) ring around the hole, as anti-aliasing leaves.
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const r = Math.hypot(x + 0.5 - 80, y + 0.5 - 80);
        if (r >= 20 && r < 21) colour.data.set([225, 225, 225], (y * SIZE + x) * 4);
      }
    }
    fillWhitePatches(colour, lineart, undefined, contract, 2);
    const rim = at(colour, 80 + 20, 80);
    expect(rim[0]).toBeLessThan(225 - 50); // pulled most of the way to teal (225 is 83 % of the way from 190 to PAPER_WHITE)
    expect(PAPER_WHITE).toBe(232);
  });

  it('takes away the network\'s wide fade from the shape\'s colour to the patch, not only its anti-aliased edge', () => {
    const { lineart, colour } = page(20);
    // Teal fading to white over 8 px around the hole (r 20..28), as the network paints around a patch it leaves.
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const r = Math.hypot(x + 0.5 - 80, y + 0.5 - 80);
        if (r < 20 || r >= 28) continue;
        const a = (28 - r) / 8;
        colour.data.set(TEAL.map((v) => Math.round(v * (1 - a) + 255 * a)), (y * SIZE + x) * 4);
      }
    }
    fillWhitePatches(colour, lineart, undefined, contract, 2);
    // Halfway through the fade (r 24, 4 px out: beyond the anti-aliased fringe) it is the shape's colour again.
    // (Within the light the fill takes from the fade's outer edge; left alone it is 94 off.)
    const mid = at(colour, 80 + 24, 80);
    for (let c = 0; c < 3; c++) expect(Math.abs(mid[c] - TEAL[c])).toBeLessThanOrEqual(20);
  });

  it('gives a white pixel beside the patch but not in it the fill colour, not a darker one', () => {
    const { lineart, colour } = page(20);
    let edge = 80; // the hole's last white pixel on row 80
    while (colour.data[(80 * SIZE + edge + 1) * 4 + 1] === 255) edge++;
    // Two pixels right of the hole, a teal pixel between: a white speck of its own, within the fringe.
    colour.data.set([255, 255, 255], (80 * SIZE + edge + 2) * 4);
    fillWhitePatches(colour, lineart, undefined, contract, 2);
    expect(at(colour, edge, 80)).toEqual(TEAL);
    expect(at(colour, edge + 2, 80)).toEqual(TEAL);
  });

  it('shades the fill as the colour around it is shaded, in the shape\'s hue, with no step at its edge', () => {
    const { lineart, colour } = page(20);
    // The shape is teal lit from the left: full teal at x 20, 60 % of it at x 140.
    const shadeAt = (x: number): number => 1 - 0.4 * Math.max(0, Math.min(1, (x - 20) / 120));
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const p = (y * SIZE + x) * 4;
        if (colour.data[p] === TEAL[0] && colour.data[p + 1] === TEAL[1]) colour.data.set(TEAL.map((v) => Math.round(v * shadeAt(x))), p);
      }
    }
    let edge = 80; // the hole's last white pixel on row 80
    while (colour.data[(80 * SIZE + edge + 1) * 4 + 1] === 255) edge++;
    const beside = at(colour, edge + 1, 80);
    fillWhitePatches(colour, lineart, undefined, contract, 2);
    const left = at(colour, 63, 80);
    const right = at(colour, 97, 80);
    // Darker where the surround is darker, lighter where it is lighter...
    expect(right[1]).toBeLessThan(left[1] - 10);
    // ...in the shape's hue (teal's proportions)...
    for (const px of [left, right]) expect(px[2] / px[1]).toBeCloseTo(TEAL[2] / TEAL[1], 1);
    // ...and at the patch's edge within a few levels of the colour beside it, where a flat fill would step.
    at(colour, edge, 80).forEach((v, c) => expect(Math.abs(v - beside[c])).toBeLessThanOrEqual(6));
  });

  it('does not take its shading from across a line', () => {
    const { lineart, colour } = page(20);
    // A line down the ring at x 100-102, just right of the hole, open at the bottom (y >= 120) so
    // the shape stays one region; beyond it the shape is painted dark.
    for (let y = 20; y < 120; y++) for (let x = 100; x < 103; x++) lineart.data.set([0, 0, 0, 255], (y * SIZE + x) * 4);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 103; x < SIZE; x++) {
        const p = (y * SIZE + x) * 4;
        if (colour.data[p] === TEAL[0] && colour.data[p + 1] === TEAL[1]) colour.data.set(TEAL.map((v) => Math.round(v * 0.4)), p);
      }
    }
    fillWhitePatches(colour, lineart, undefined, contract, 2);
    // The right edge of the hole (x 99) is 4 px from the dark paint, across the line: it is lit
    // as the teal on its own side is (the shape's mean counts the dark part: hence 0.9).
    const near = at(colour, 99, 80);
    expect(near[1]).toBeGreaterThan(TEAL[1] * 0.9);
  });

  it('is what colorize does by default, and fillWhitePatches: false turns it off', async () => {
    const { lineart } = page(20);
    // The pointwise "network" paints the hint's colour where painted and white paper elsewhere.
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const r = Math.hypot(x + 0.5 - 80, y + 0.5 - 80);
        if (r < 55 && r > 25) hint.data.set([...TEAL, 255], (y * SIZE + x) * 4);
      }
    }
    const colorizer = createColorizer({ contract, backend: pointwiseBackend() });
    const on = await colorizer.colorize(lineart, hint, { workingScale: 1, blendStrokes: false });
    const off = await colorizer.colorize(lineart, hint, { workingScale: 1, blendStrokes: false, fillWhitePatches: false });
    expect(at(off.image, 80, 80)).toEqual([255, 255, 255]);
    // The hole takes the annulus's colour (within the pale paper near the ring that the mean samples too).
    const fill = at(on.image, 80, 80);
    at(on.image, 80, 80 - 40).forEach((v, c) => expect(Math.abs(fill[c] - v)).toBeLessThanOrEqual(3));
  });

  it('fills the page around a figure that the artist painted (a sky) with the painted colour, and not one a stroke only slipped into', async () => {
    const { lineart } = page(20);
    const SKY: [number, number, number] = [120, 180, 235];
    // The pointwise "network" paints painted pixels their colour and leaves the rest white, as the real one leaves a sky.
    const colorizer = createColorizer({ contract, backend: pointwiseBackend() });
    const options = { workingScale: 1, blendStrokes: false } as const;
    const dabbed = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 6; y < 15; y++) for (let x = 6; x < 15; x++) dabbed.data.set([...SKY, 255], (y * SIZE + x) * 4);
    const sky = await colorizer.colorize(lineart, dabbed, options);
    for (const [x, y] of [[150, 150], [5, 150], [150, 5]]) at(sky.image, x, y).forEach((v, c) => expect(Math.abs(v - SKY[c])).toBeLessThanOrEqual(3));
    expect(at(sky.image, 80, 80)).toEqual([255, 255, 255]); // the figure, unpainted, stays as the network left it
    // The network's pale wash around the dab (not paper-white) is white all the same, in a sky it left white.
    const WASH = [205, 225, 245];
    const washBackend: InferenceBackend = {
      name: 'wasm',
      async run(input, height, width) {
        const area = height * width;
        const out = new Float32Array(3 * area);
        for (let i = 0; i < area; i++) {
          const mask = input[4 * area + i];
          const nearDab = Math.hypot((i % width) - 10, Math.floor(i / width) - 10) < 24;
          for (let c = 0; c < 3; c++) out[c * area + i] = 2 * (mask > 0 ? input[(1 + c) * area + i] / mask : nearDab ? WASH[c] / 255 : 1) - 1;
        }
        return out;
      },
      dispose: async () => undefined,
    };
    const washed = await createColorizer({ contract, backend: washBackend }).colorize(lineart, dabbed, options);
    for (const [x, y] of [[25, 12], [150, 150]]) at(washed.image, x, y).forEach((v, c) => expect(Math.abs(v - SKY[c])).toBeLessThanOrEqual(3));

    // A stroke inside the figure whose end slipped 5 px over its outline: the page around stays white.
    const slipped = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 76; y < 84; y++) for (let x = 90; x < 146; x++) slipped.data.set([...TEAL, 255], (y * SIZE + x) * 4);
    const figure = await colorizer.colorize(lineart, slipped, options);
    expect(at(figure.image, 150, 150)).toEqual([255, 255, 255]);
    expect(at(figure.image, 144, 80)).toEqual([255, 255, 255]); // the slipped end itself: not paint, not painted
    expect(at(figure.image, 5, 5)).toEqual([255, 255, 255]);
  });

  it('fills a white cloud the network left in a painted ground away from the dab, bordered by the ground\'s colour', async () => {
    // A horizon across the page: the ground below it touches the page's edges (the page around a figure).
    const lineart = drawStrokes(SIZE, SIZE, [{ x0: 0, y0: 100, x1: SIZE, y1: 100 }], 3);
    const GREEN = [70, 150, 90];
    // The "network" colours the ground green but leaves a white cloud in it, far from the artist's dab.
    const cloudy = pictureBackend((x, y) => (y < 100 ? WHITE : Math.hypot(x + 0.5 - 100, y + 0.5 - 135) < 14 ? WHITE : GREEN));
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 140; y < 150; y++) for (let x = 10; x < 20; x++) hint.data.set([...GREEN, 255], (y * SIZE + x) * 4);
    const result = await createColorizer({ contract, backend: cloudy }).colorize(lineart, hint, { workingScale: 1, blendStrokes: false });
    const cloud = at(result.image, 100, 135);
    for (let c = 0; c < 3; c++) expect(Math.abs(cloud[c] - GREEN[c])).toBeLessThanOrEqual(12);
    expect(at(result.image, 80, 50)).toEqual([255, 255, 255]); // the unpainted sky stays the network's white
  });

  it('fills every blotch the network left in a painted ground, highlight-sized too, and its wide pale wash, flat in the ground\'s colour', async () => {
    const lineart = drawStrokes(SIZE, SIZE, [{ x0: 0, y0: 100, x1: SIZE, y1: 100 }], 3);
    const GREEN = [70, 150, 90];
    // A white blotch of 4 px (paper-white out to 6.5 px, 130 px: under a fiftieth of the ground, the
    // size of a highlight kept in a figure's shape) fading into the green over 20 px, wider than a
    // figure's patch's fade is followed.
    const blotchy = pictureBackend((x, y) => {
      if (y < 100) return WHITE;
      const t = Math.min(1, Math.max(0, (Math.hypot(x + 0.5 - 80, y + 0.5 - 130) - 4) / 20));
      return GREEN.map((v, c) => Math.round(WHITE[c] + (v - WHITE[c]) * t));
    });
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 140; y < 150; y++) for (let x = 10; x < 20; x++) hint.data.set([...GREEN, 255], (y * SIZE + x) * 4);
    const result = await createColorizer({ contract, backend: blotchy }).colorize(lineart, hint, { workingScale: 1, blendStrokes: false });
    for (const [x, y] of [[80, 130], [80, 140], [94, 130], [80, 118]]) {
      const pixel = at(result.image, x, y);
      for (let c = 0; c < 3; c++) expect(Math.abs(pixel[c] - GREEN[c])).toBeLessThanOrEqual(16);
    }
    expect(at(result.image, 80, 50)).toEqual([255, 255, 255]); // the unpainted sky stays the network's white
  });

  it('takes the network\'s cyan-tinted wash in a painted sky for wash too, leaving no pale specks where the blotch is filled', async () => {
    // The network's wash toward a blotch in a blue sky runs a little greener than the straight line from
    // the sky's blue to white (red 17-18 below that line at the wash's lightness: measured on a review's
    // strip_page at 'auto'; 19 here). Not read as wash, a ring of pale cyan stayed around the filled blotch:
    // hard-edged specks in the sky.
    const lineart = drawStrokes(SIZE, SIZE, [{ x0: 0, y0: 100, x1: SIZE, y1: 100 }], 3);
    const SKY = [117, 175, 224];
    const blotchy = pictureBackend((x, y) => {
      if (y < 100) return WHITE;
      const t = Math.min(1, Math.max(0, (Math.hypot(x + 0.5 - 80, y + 0.5 - 130) - 4) / 20));
      const tint = [-24, 6, 4].map((d) => Math.round(d * 4 * t * (1 - t)));
      return SKY.map((v, c) => Math.min(255, Math.round(WHITE[c] + (v - WHITE[c]) * t) + tint[c]));
    });
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 140; y < 150; y++) for (let x = 10; x < 20; x++) hint.data.set([...SKY, 255], (y * SIZE + x) * 4);
    const result = await createColorizer({ contract, backend: blotchy }).colorize(lineart, hint, { workingScale: 1, blendStrokes: false });
    for (let x = 56; x <= 104; x++) {
      const pixel = at(result.image, x, 130);
      for (let c = 0; c < 3; c++) expect(Math.abs(pixel[c] - SKY[c])).toBeLessThanOrEqual(16);
    }
  });

  it('fills the blotches in a sky and a ground painted around a figure each with its own part\'s colour, not their mean', async () => {
    // A figure (a ring) in the middle of the page; sky-blue dabs along the top, green ones along the
    // bottom: the region fill keeps them apart (fill-split.ts), and the network paints each, leaving a
    // white blotch in both. One shape to the white fill, its mean was a teal neither part is: the
    // blotches were left white (their borders are no wash of it) or filled teal.
    const lineart = drawStrokes(SIZE, SIZE, circle(80, 80, 25, 48), 3);
    const [SKY, GRASS] = [[120, 180, 235], [80, 160, 70]];
    const blotch = (x: number, y: number, cy: number): boolean => Math.hypot(x + 0.5 - 80, y + 0.5 - cy) < 10;
    const painted = pictureBackend((x, y) => (blotch(x, y, 30) || blotch(x, y, 130) ? WHITE : y < 80 ? SKY : GRASS));
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (const [x0, y0, colour] of [[5, 5, SKY], [115, 5, SKY], [5, 140, GRASS], [115, 140, GRASS]] as const) {
      for (let y = y0; y < y0 + 15; y++) for (let x = x0; x < x0 + 40; x++) hint.data.set([...colour, 255], (y * SIZE + x) * 4);
    }
    const result = await createColorizer({ contract, backend: painted }).colorize(lineart, hint, { workingScale: 1, blendStrokes: false });
    for (const [y, colour] of [[30, SKY], [130, GRASS]] as const) {
      const pixel = at(result.image, 80, y);
      for (let c = 0; c < 3; c++) expect(Math.abs(pixel[c] - colour[c])).toBeLessThanOrEqual(16);
    }
    // The network's own seam lower than the fill's (sky down to row 110), and white left where they meet
    // at the page's edge: the ground's part learns its colour only from its grass (not the sky painted in
    // its cells), so the patch, bordered by grass below, is its wash, filled. (The seam rules of
    // groundAround are caught by the real-model test in fill-split.test.ts, soft strokes at strength 0.5.)
    const lowSeam = pictureBackend((x, y) => (x < 30 && y >= 95 && y < 125 ? WHITE : y < 110 ? SKY : GRASS));
    const seam = await createColorizer({ contract, backend: lowSeam }).colorize(lineart, hint, { workingScale: 1, blendStrokes: false });
    expect(Math.min(...at(seam.image, 10, 110))).toBeLessThan(PAPER_WHITE);
  });

  // A figure painted in two colours is cut into two shapes; each is the page around the figures only
  // where it reaches two of the page's sides itself (a review: both parts of a bust cut off by the
  // bottom edge, or of a figure leaking into a painted sky, were taken for painted ground, and every
  // white in them filled: the eyes' whites with skin).
  it('keeps the white of an eye in a figure painted in two colours that the page\'s edge cuts off, or that leaks into a painted sky', async () => {
    const [SKIN, HAIR, SKY] = [[250, 200, 160], [120, 70, 40], [120, 180, 235]];
    // A bust from row 20 to the bottom edge, hair left of a line at x = 80 that has a gap (rows 100-108), face right.
    const bust = drawStrokes(SIZE, SIZE, [
      { x0: 20, y0: 20, x1: 140, y1: 20 }, { x0: 20, y0: 20, x1: 20, y1: 160 }, { x0: 140, y0: 20, x1: 140, y1: 160 },
      { x0: 80, y0: 20, x1: 80, y1: 100 }, { x0: 80, y0: 108, x1: 80, y1: 160 },
    ], 3);
    const eye = (x: number, y: number, cx: number, cy: number): boolean => Math.hypot(x + 0.5 - cx, y + 0.5 - cy) < 5;
    const bustNet = pictureBackend((x, y) => (x < 20 || x > 140 || y < 20 || eye(x, y, 110, 60) ? WHITE : x < 80 ? HAIR : SKIN));
    const bustHint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 40; y < 140; y++) for (let x = 30; x < 70; x++) bustHint.data.set([...HAIR, 255], (y * SIZE + x) * 4);
    for (let y = 80; y < 140; y++) for (let x = 90; x < 130; x++) bustHint.data.set([...SKIN, 255], (y * SIZE + x) * 4);
    const cut = await createColorizer({ contract, backend: bustNet }).colorize(bust, bustHint, { workingScale: 1, gapRadius: 0, blendStrokes: false });
    expect(at(cut.image, 110, 60)).toEqual(WHITE);
    // A face (a ring with a gap, so one region with the page around) in a painted sky, its skin painted too.
    const leaky = drawStrokes(SIZE, SIZE, circle(80, 80, 60, 96), 3);
    for (let y = 76; y < 86; y++) for (let x = 136; x < 145; x++) leaky.data.set([255, 255, 255, 255], (y * SIZE + x) * 4);
    const faceNet = pictureBackend((x, y) => (!nearCentre(x, y, 58) ? SKY : eye(x, y, 65, 60) ? WHITE : SKIN));
    const leakHint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 5; y < 25; y++) for (let x = 5; x < 45; x++) leakHint.data.set([...SKY, 255], (y * SIZE + x) * 4);
    for (let y = 70; y < 90; y++) for (let x = 60; x < 100; x++) leakHint.data.set([...SKIN, 255], (y * SIZE + x) * 4);
    const leaked = await createColorizer({ contract, backend: faceNet }).colorize(leaky, leakHint, { workingScale: 1, gapRadius: 0, blendStrokes: false });
    expect(at(leaked.image, 65, 60)).toEqual(WHITE);
    expect(at(leaked.image, 10, 150)).toEqual(SKY);
  });

  it('fills a painted sky and ground where unpainted regions the grid joins to the page outnumber their paint', () => {
    // The region fill's paint at page pixels: a sky (rows 0-47), a ground (rows 48-87), and below them regions it
    // left unpainted (45 % of the page) that the page grid's closing joins to them. As one shape 55 % painted; cut
    // into parts, the biggest took the unpainted cells and fell under half painted, and was left white.
    const [SKY, GRASS] = [0xebb478, 0x46a050]; // 0xBBGGRR
    const paint: RegionPaint = { colourAt: (i) => (Math.floor(i / SIZE) < 48 ? SKY : Math.floor(i / SIZE) < 88 ? GRASS : -1) };
    const lineart = solidImage(SIZE, SIZE, [255, 255, 255, 255]);
    const image = solidImage(SIZE, SIZE, [255, 255, 255, 255]); // the network left the page white
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 5; y < 15; y++) for (let x = 5; x < 15; x++) hint.data.set([0x78, 0xb4, 0xeb, 255], (y * SIZE + x) * 4);
    for (let y = 60; y < 70; y++) for (let x = 5; x < 15; x++) hint.data.set([0x50, 0xa0, 0x46, 255], (y * SIZE + x) * 4);
    fillWhitePatches(image, lineart, hint, contract, 0, PageGrids.of(lineart, contract), paint);
    expect(Math.min(...at(image, 80, 30))).toBeLessThan(PAPER_WHITE);
    expect(Math.min(...at(image, 80, 70))).toBeLessThan(PAPER_WHITE);
  });

  it('blends a painted sky into a painted ground across their seam instead of cutting between them (ground-blend.ts)', () => {
    // The network left the page white; the region fill painted its top half sky and its bottom half grass
    // (fill-split.ts keeps them apart), from strokes along the top and bottom edges.
    const [SKY, GRASS] = [0xebb478, 0x46a050]; // 0xBBGGRR
    const paint: RegionPaint = { colourAt: (i) => (Math.floor(i / SIZE) < 80 ? SKY : GRASS) };
    const lineart = solidImage(SIZE, SIZE, [255, 255, 255, 255]);
    const image = solidImage(SIZE, SIZE, [255, 255, 255, 255]);
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 5; y < 15; y++) for (let x = 5; x < 45; x++) hint.data.set([0x78, 0xb4, 0xeb, 255], (y * SIZE + x) * 4);
    for (let y = 145; y < 155; y++) for (let x = 5; x < 45; x++) hint.data.set([0x50, 0xa0, 0x46, 255], (y * SIZE + x) * 4);
    fillWhitePatches(image, lineart, hint, contract, 0, PageGrids.of(lineart, contract), paint);
    const column = Array.from({ length: SIZE }, (_, y) => at(image, 100, y));
    expect(column[10]).toEqual([0x78, 0xb4, 0xeb]);
    expect(column[150]).toEqual([0x50, 0xa0, 0x46]);
    // Cut, the blue stepped by 165 from row 79 to row 80; blended, it falls over about 26 rows.
    let steepest = 0;
    for (let y = 1; y < SIZE; y++) for (let c = 0; c < 3; c++) steepest = Math.max(steepest, Math.abs(column[y][c] - column[y - 1][c]));
    expect(steepest).toBeLessThanOrEqual(24);
  });

  it('blends a sky and a ground painted in a comic panel too: a panel\'s background is the page around its figures', async () => {
    // A panel inset 8 px from the page's edges, a figure (a ring) in it; sky strokes along its top, grass
    // along its bottom. The network paints each and leaves a white band across the middle. The panel's parts
    // reach no side of the page but two of the panel's: painted ground, blended (painted as a figure's shapes,
    // each part filled flat with its own colour, they met in a hard step).
    const frame = [{ x0: 8, y0: 8, x1: 152, y1: 8 }, { x0: 152, y0: 8, x1: 152, y1: 152 }, { x0: 152, y0: 152, x1: 8, y1: 152 }, { x0: 8, y0: 152, x1: 8, y1: 8 }];
    const lineart = drawStrokes(SIZE, SIZE, [...frame, ...circle(80, 80, 18, 48)], 3);
    const [SKY, GRASS] = [[120, 180, 235], [80, 160, 70]];
    const inPanel = (x: number, y: number): boolean => x > 10 && x < 150 && y > 10 && y < 150;
    const band = pictureBackend((x, y) => (!inPanel(x, y) || (y >= 60 && y < 100) ? WHITE : y < 80 ? SKY : GRASS));
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (const [y0, colour] of [[14, SKY], [136, GRASS]] as const) {
      for (let y = y0; y < y0 + 10; y++) for (let x = 14; x < 146; x++) hint.data.set([...colour, 255], (y * SIZE + x) * 4);
    }
    const result = await createColorizer({ contract, backend: band }).colorize(lineart, hint, { workingScale: 1, blendStrokes: false });
    const column = Array.from({ length: 100 }, (_, k) => at(result.image, 30, 30 + k));
    expect(Math.min(...column.flat())).toBeLessThan(PAPER_WHITE); // the band is filled
    let steepest = 0;
    for (let k = 1; k < column.length; k++) for (let c = 0; c < 3; c++) steepest = Math.max(steepest, Math.abs(column[k][c] - column[k - 1][c]));
    expect(steepest).toBeLessThanOrEqual(24);
  });

  it('blends a panel\'s sky and ground when, at a working scale below 1, the ground\'s paint stops a pixel short of the frame', () => {
    // The region fill's paint mapped back to the page from 'auto' (a review's strip_page): the sky's colour
    // runs round the panel's inner edge, foot included, and the ground's part stops a pixel inside the frame.
    // Read as reaching no side of its panel, the ground was a figure's shape, filled flat: a hard edge.
    const frame = [{ x0: 8, y0: 8, x1: 152, y1: 8 }, { x0: 152, y0: 8, x1: 152, y1: 152 }, { x0: 152, y0: 152, x1: 8, y1: 152 }, { x0: 8, y0: 152, x1: 8, y1: 8 }];
    const lineart = drawStrokes(SIZE, SIZE, frame, 3);
    const [SKY, GRASS] = [0xebb478, 0x46a050]; // 0xBBGGRR
    const line = rgbaLineValues(lineart, contract);
    const paint: RegionPaint = {
      colourAt: (i) => {
        const [x, y] = [i % SIZE, Math.floor(i / SIZE)];
        if (line.at(i) < 0.5 || x < 8 || x > 152 || y < 8 || y > 152) return -1;
        const rim = line.at(i - 1) < 0.5 || line.at(i + 1) < 0.5 || line.at(i + SIZE) < 0.5;
        return y < 80 || rim ? SKY : GRASS;
      },
    };
    const image = solidImage(SIZE, SIZE, [255, 255, 255, 255]); // the network left the panel white
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 14; y < 24; y++) for (let x = 14; x < 60; x++) hint.data.set([0x78, 0xb4, 0xeb, 255], (y * SIZE + x) * 4);
    for (let y = 136; y < 146; y++) for (let x = 14; x < 60; x++) hint.data.set([0x50, 0xa0, 0x46, 255], (y * SIZE + x) * 4);
    fillWhitePatches(image, lineart, hint, contract, 0, PageGrids.of(lineart, contract), paint);
    const column = Array.from({ length: 110 }, (_, k) => at(image, 100, 25 + k));
    expect(Math.max(...column.map((rgb) => Math.min(...rgb)))).toBeLessThan(PAPER_WHITE); // both parts filled
    let steepest = 0;
    for (let k = 1; k < column.length; k++) for (let c = 0; c < 3; c++) steepest = Math.max(steepest, Math.abs(column[k][c] - column[k - 1][c]));
    expect(steepest).toBeLessThanOrEqual(24);
  });

  it('follows a painted ground\'s wash far out (40 px), keeps a highlight in a painted figure, and leaves a pale sun and a leaked figure\'s eye and skin alone', async () => {
    const lineart = drawStrokes(SIZE, SIZE, [{ x0: 0, y0: 20, x1: SIZE, y1: 20 }], 3);
    const GREEN = [70, 150, 90];
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 140; y < 150; y++) for (let x = 10; x < 20; x++) hint.data.set([...GREEN, 255], (y * SIZE + x) * 4);
    // A blotch of 4 px with a wash 40 px wide; pale suns (not the ground's hue), away from it and in its wash.
    const SUN = [250, 240, 200];
    const wash = (x: number, y: number): number[] => {
      const t = Math.min(1, Math.max(0, (Math.hypot(x + 0.5 - 70, y + 0.5 - 90) - 4) / 40));
      return GREEN.map((v, c) => Math.round(WHITE[c] + (v - WHITE[c]) * t));
    };
    const washed = pictureBackend((x, y) => (y < 20 ? WHITE : Math.hypot(x + 0.5 - 140, y + 0.5 - 145) < 8 || Math.hypot(x + 0.5 - 70, y + 0.5 - 125) < 4 ? SUN : wash(x, y)));
    // (The white fill alone: the region tint would bring the ground's mean, sun and all, to the paint.)
    const result = await createColorizer({ contract, backend: washed }).colorize(lineart, hint, { workingScale: 1, blendStrokes: false, tintToPaint: false });
    const centre = at(result.image, 70, 90);
    for (let c = 0; c < 3; c++) expect(Math.abs(centre[c] - GREEN[c])).toBeLessThanOrEqual(32);
    // 36 px out, more than 12 steps past the blotch's edge (halfway to white): the wash is darkened
    // toward the fill there too (100 against the network's 105; followed 12 px only, it stays 105).
    expect(at(result.image, 106, 90)[0]).toBeLessThan(wash(106, 90)[0] - 2);
    expect(at(result.image, 140, 145)).toEqual(SUN);
    expect(at(result.image, 70, 125)).toEqual(SUN);
    // A figure the artist painted keeps a highlight too small for it (only a ground has none).
    const { lineart: ring } = page(3);
    const glint = pictureBackend((x, y) => (nearCentre(x, y, 58) && !nearCentre(x, y + 20, 3) ? TEAL : WHITE)); // the glint at (80, 60)
    const dabbed = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 90; y < 100; y++) for (let x = 70; x < 90; x++) dabbed.data.set([...TEAL, 255], (y * SIZE + x) * 4);
    const figure = await createColorizer({ contract, backend: glint }).colorize(ring, dabbed, { workingScale: 1, blendStrokes: false });
    expect(at(figure.image, 80, 60)).toEqual(WHITE);
    // A figure leaking into a painted sky through a gap: the white of its eye and its skin stay.
    const { lineart: leaky } = page(3);
    for (let y = 76; y < 86; y++) for (let x = 136; x < 145; x++) leaky.data.set([255, 255, 255, 255], (y * SIZE + x) * 4);
    const SKY = [120, 180, 235];
    const SKIN = [250, 226, 205];
    const face = pictureBackend((x, y) => (!nearCentre(x, y, 58) ? SKY : Math.hypot(x + 0.5 - 65, y + 0.5 - 60) < 4 ? WHITE : SKIN));
    const sky = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 5; y < 14; y++) for (let x = 5; x < 14; x++) sky.data.set([...SKY, 255], (y * SIZE + x) * 4);
    const leaked = await createColorizer({ contract, backend: face }).colorize(leaky, sky, { workingScale: 1, gapRadius: 0, blendStrokes: false });
    expect(at(leaked.image, 65, 60)).toEqual(WHITE);
    expect(at(leaked.image, 80, 100)).toEqual(SKIN);
  });

  it('leaves the page around a painted figure white when the figure leaks into it through a gap in its outline', async () => {
    const { lineart } = page(20);
    for (let y = 76; y < 86; y++) for (let x = 136; x < 145; x++) lineart.data.set([255, 255, 255, 255], (y * SIZE + x) * 4); // a gap on the right
    // The "network" colours the figure (inside the ring) teal and leaves the page around it white.
    const figureBackend = pictureBackend((x, y) => (nearCentre(x, y, 58) ? TEAL : WHITE));
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 60; y < 70; y++) for (let x = 60; x < 70; x++) hint.data.set([...TEAL, 255], (y * SIZE + x) * 4);
    const result = await createColorizer({ contract, backend: figureBackend }).colorize(lineart, hint, { workingScale: 1, gapRadius: 0, blendStrokes: false });
    expect(at(result.image, 5, 5)).toEqual([255, 255, 255]);
    expect(at(result.image, 150, 80)).toEqual([255, 255, 255]);
  });

  it('fills a shape painted white (a balloon) white where the network left it light grey, keeping its darker shading', async () => {
    const { lineart } = page(20);
    // The "network" paints the inside of the ring light grey (190), with a darker band (120) across it.
    const greyBackend = pictureBackend((x, y) => (!nearCentre(x, y, 58) ? WHITE : y >= 100 && y < 106 ? [120, 120, 120] : [190, 190, 190]));
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 60; y < 66; y++) for (let x = 60; x < 66; x++) hint.data.set([255, 255, 255, 255], (y * SIZE + x) * 4);
    const colorizer = createColorizer({ contract, backend: greyBackend });
    // (The white fill alone: the region tint would lift the grey and its band together toward the white.)
    const options = { workingScale: 1, blendStrokes: false, tintToPaint: false } as const;
    const white = await colorizer.colorize(lineart, hint, options);
    for (const v of at(white.image, 90, 80)) expect(v).toBeGreaterThanOrEqual(250);
    expect(at(white.image, 80, 103)).toEqual([120, 120, 120]);
    // Unpainted, the grey is the network's choice: left as it is.
    const unpainted = await colorizer.colorize(lineart, undefined, options);
    expect(at(unpainted.image, 90, 80)).toEqual([190, 190, 190]);
  });

  it('ignores the hint at hint strength 0: its paint does not keep pixels from the fill', async () => {
    const { lineart } = page(20);
    // A "network" that paints teal with a white hole whatever the hint says (one tile: the whole page).
    const holeyBackend = pictureBackend((x, y) => (nearCentre(x, y, 20) ? WHITE : TEAL));
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = 74; y < 86; y++) for (let x = 74; x < 86; x++) hint.data.set([255, 255, 255, 255], (y * SIZE + x) * 4);
    const colorizer = createColorizer({ contract, backend: holeyBackend });
    const zero = await colorizer.colorize(lineart, hint, { workingScale: 1, hintStrength: 0 });
    const none = await colorizer.colorize(lineart, undefined, { workingScale: 1 });
    expect(at(none.image, 80, 80)).not.toEqual([255, 255, 255]);
    expect(Buffer.from(zero.image.data).equals(Buffer.from(none.image.data))).toBe(true);
    // At full strength the white paint is kept white.
    const painted = await colorizer.colorize(lineart, hint, { workingScale: 1, blendStrokes: false });
    expect(at(painted.image, 80, 80)).toEqual([255, 255, 255]);
  });
});
