/**
 * The unpainted page around a figure stays paper in its narrow pockets,
 * which the network colours: the wedges between speed lines
 * (src/model/page-pockets.ts).
 */
import { createColorizer, type RgbaImage } from '../../src/model';
import { PageGrids } from '../../src/model/page-grid';
import { FillAt, whitenPagePockets } from '../../src/model/page-pockets';
import { rgbaLineValues } from '../../src/model/preprocess';
import { paintedSpans, type PaintedSpans } from '../../src/model/painted-spans';
import { pictureBackend } from '../helpers/backends';
import { loadContract } from '../helpers/engine';
import { circle, drawStrokes, rectangle, solidImage, type Segment } from '../helpers/synthetic';

const contract = loadContract();
const SIZE = 300;
const C = 150;
const EYE_Y = C - 20;
const SKIN = [230, 190, 160];
const TAN = [200, 160, 110];
const WHITE = [255, 255, 255];

const at = (image: RgbaImage, x: number, y: number): number[] => Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3));

/** 64 speed lines from 90 px off the page's centre out past its edge: wedges 9-21 px across. */
function speedLines(): Segment[] {
  return Array.from({ length: 64 }, (_, k) => {
    const a = (k / 64) * 2 * Math.PI;
    return { x0: C + 90 * Math.cos(a), y0: C + 90 * Math.sin(a), x1: C + 260 * Math.cos(a), y1: C + 260 * Math.sin(a) };
  });
}

/** A head (a circle of 45 px, `gapSides` of its 48 sides left out) with an eye in it, in the middle of the speed lines. */
function page(gapSides = 0): RgbaImage {
  return drawStrokes(SIZE, SIZE, [...circle(C, C, 45, 48).slice(gapSides), ...circle(C, EYE_Y, 8, 24), ...speedLines()], 2);
}

/** A point in the middle of a wedge, `r` px from the centre. */
function wedge(r: number): [number, number] {
  const a = (0.5 / 64) * 2 * Math.PI;
  return [Math.round(C + r * Math.cos(a)), Math.round(C + r * Math.sin(a))];
}

/** A dab in the eye: the artist painted the figure, not the page around it. */
function headDab(): RgbaImage {
  const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
  for (let y = EYE_Y - 3; y < EYE_Y + 3; y++) for (let x = C - 3; x < C + 3; x++) hint.data.set([60, 90, 200, 255], (y * SIZE + x) * 4);
  return hint;
}

/** A "network" that paints the head skin, the open page round it `ring`, and the wedges tan, as the real one does. */
const network = (ring: readonly number[] = WHITE) =>
  pictureBackend((x, y) => {
    const d = Math.hypot(x + 0.5 - C, y + 0.5 - C);
    return d < 46 ? SKIN : d < 88 ? ring : TAN;
  });

describe('the narrow pockets of the page around a figure', () => {
  it('come out white where the network took the page for paper, the lines kept, the figure its colour', async () => {
    const colorizer = createColorizer({ contract, backend: network() });
    const result = await colorizer.colorize(page(), headDab(), { workingScale: 1, blendStrokes: false });
    for (const r of [100, 130, 160, 200]) expect([r, ...at(result.image, ...wedge(r))]).toEqual([r, ...WHITE]);
    expect(at(result.image, C, C)).toEqual(SKIN);
    // On a speed line, the line's own darkness.
    expect(at(result.image, C + 120, C)[0]).toBeLessThan(80);
    const off = await colorizer.colorize(page(), headDab(), { workingScale: 1, blendStrokes: false, whitePaper: false });
    expect(at(off.image, ...wedge(130))).toEqual(TAN);
    // Without any paint every colour is the network's guess, the page's too (and at hint strength 0).
    const unpainted = await colorizer.colorize(page(), undefined, { workingScale: 1 });
    expect(at(unpainted.image, ...wedge(130))).toEqual(TAN);
  });

  it('are left alone where the network coloured the page around whole', async () => {
    const result = await createColorizer({ contract, backend: network(TAN) }).colorize(page(), headDab(), { workingScale: 1, blendStrokes: false });
    expect(at(result.image, ...wedge(130))).toEqual(TAN);
    expect(at(result.image, C, C - 70)).toEqual(TAN);
  });

  it('are left to the artist where they painted the page around', async () => {
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let y = C - 75; y < C - 60; y++) for (let x = C - 10; x < C + 10; x++) hint.data.set([120, 170, 230, 255], (y * SIZE + x) * 4);
    const colorizer = createColorizer({ contract, backend: network() });
    const result = await colorizer.colorize(page(), hint, { workingScale: 1, blendStrokes: false });
    const off = await colorizer.colorize(page(), hint, { workingScale: 1, blendStrokes: false, whitePaper: false });
    expect(at(result.image, ...wedge(130))).not.toEqual(WHITE);
    expect(at(result.image, ...wedge(130))).toEqual(at(off.image, ...wedge(130)));
  });

  it('leave a figure joined to the page through a gap in its outline its colour, inside and up to its rim', async () => {
    // Three of the head's 48 sides left out: an 18 px gap, which the fill does not close.
    const colorizer = createColorizer({ contract, backend: network() });
    const result = await colorizer.colorize(page(3), headDab(), { workingScale: 1, blendStrokes: false });
    const off = await colorizer.colorize(page(3), headDab(), { workingScale: 1, blendStrokes: false, whitePaper: false });
    for (const [x, y] of [
      [C, C],
      [C - 40, C],
      [C, C + 40],
    ]) {
      expect([x, y, ...at(result.image, x, y)]).toEqual([x, y, ...at(off.image, x, y)]);
      expect(at(result.image, x, y)[2]).toBeLessThan(200); // skin, not paper
    }
    expect(at(result.image, ...wedge(130))).toEqual(WHITE);
  });
});

/** whitenPagePockets at scale 1, Close gaps 2, lines multiplied, on `image` (in place); returns the pixels it set. */
function whiten(lineart: RgbaImage, image: RgbaImage, paintAt: (i: number) => FillAt = () => FillAt.UNPAINTED, drawn?: PaintedSpans): number {
  return whitenPagePockets({
    image,
    grid: PageGrids.of(lineart, contract).withGaps(2),
    paintAt,
    drawn,
    line: rgbaLineValues(lineart, contract),
    multiplied: true,
    pagePerWorking: 1,
  });
}

describe('whitenPagePockets', () => {
  it('reads paper under a shrunk line by the side it is on: a painted shape\'s rim inside its line keeps its colour', () => {
    // A box open at the top (a 20 px gap): on the grid one region with the page around it, which
    // the fill (with its guards) cut apart. Where the working canvas has ink, 3 px each side of the
    // 2 px lines, the fill says neither painted nor not.
    const lineart = drawStrokes(200, 200, rectangle(60, 60, 140, 140).filter((_, k) => k !== 0).concat([
      { x0: 60, y0: 60, x1: 90, y1: 60 },
      { x0: 110, y0: 60, x1: 140, y1: 60 },
    ]), 2);
    const inBox = (x: number, y: number): boolean => x > 60 && x < 140 && y > 60 && y < 140;
    const nearLine = (x: number, y: number): boolean => {
      const dx = Math.min(Math.abs(x - 60), Math.abs(x - 140));
      const dy = Math.min(Math.abs(y - 60), Math.abs(y - 140));
      return (dx <= 4 && y >= 56 && y <= 144) || (dy <= 4 && x >= 56 && x <= 144);
    };
    const BLUE = [40, 60, 200];
    const image = solidImage(200, 200, [255, 255, 255, 255]);
    for (let y = 0; y < 200; y++) {
      for (let x = 0; x < 200; x++) {
        // The network's blue in the box; tan along the outside of its lines.
        if (inBox(x, y)) image.data.set(BLUE, (y * 200 + x) * 4);
        else if (nearLine(x, y)) image.data.set(TAN, (y * 200 + x) * 4);
      }
    }
    const set = whiten(lineart, image, (i) => {
      const x = i % 200;
      const y = Math.floor(i / 200);
      return nearLine(x, y) ? FillAt.INK : inBox(x, y) ? FillAt.PAINTED : FillAt.UNPAINTED;
    });
    expect(set).toBeGreaterThan(0);
    // Inside the box beside its left line (2-4 px in): blue; outside it: white.
    for (const x of [63, 64]) expect([x, ...at(image, x, 100)]).toEqual([x, ...BLUE]);
    for (const x of [56, 57]) expect([x, ...at(image, x, 100)]).toEqual([x, ...WHITE]);
  });

  it('keeps a pocket the artist painted, as they drew it, when the fill took the paint off (a tail open to the page)', () => {
    const lineart = page();
    const image = solidImage(SIZE, SIZE, [255, 255, 255, 255]);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const d = Math.hypot(x + 0.5 - C, y + 0.5 - C);
        image.data.set(d < 46 ? SKIN : d < 88 ? WHITE : TAN, (y * SIZE + x) * 4);
      }
    }
    // A stroke along the first wedge, 110-145 px out (inside the page); none of it reaches the fill (paintAt).
    const hint = solidImage(SIZE, SIZE, [0, 0, 0, 0]);
    for (let r = 110; r <= 145; r++) {
      const [x, y] = wedge(r);
      for (let v = y - 1; v <= y + 1; v++) hint.data.set([230, 120, 30, 255], (v * SIZE + x) * 4);
    }
    whiten(lineart, image, undefined, paintedSpans(hint));
    expect(at(image, ...wedge(130))).toEqual(TAN);
    // Wedges farther off (past the kept one's fade), and the one across the page.
    const other = (k: number, r: number): [number, number] => {
      const a = ((k + 0.5) / 64) * 2 * Math.PI;
      return [Math.round(C + r * Math.cos(a)), Math.round(C + r * Math.sin(a))];
    };
    expect(at(image, ...other(6, 140))).toEqual(WHITE);
    // The next wedge but one lies where the white fades in from the kept wedge: part of the way, not cut.
    const fading = at(image, ...other(2, 140));
    expect(fading[2]).toBeGreaterThan(TAN[2]);
    expect(fading[2]).toBeLessThan(255);
    expect(at(image, ...other(32, 140))).toEqual(WHITE);
  });

  it('keeps a pocket that runs on from a wide part the network coloured (a sidelock below the hair), and whitens one on the page', () => {
    // A box (the hair, 100 x 100) whose foot opens only into a channel 15 px wide, 60 px long, open
    // at its end to the page; and a channel of the same width on the page, from its head.
    const lineart = drawStrokes(SIZE, SIZE, [
      { x0: 100, y0: 60, x1: 200, y1: 60 },
      { x0: 100, y0: 60, x1: 100, y1: 160 },
      { x0: 200, y0: 60, x1: 200, y1: 160 },
      { x0: 100, y0: 160, x1: 120, y1: 160 },
      { x0: 135, y0: 160, x1: 200, y1: 160 },
      { x0: 120, y0: 160, x1: 120, y1: 220 },
      { x0: 135, y0: 160, x1: 135, y1: 220 },
      { x0: 20, y0: 0, x1: 20, y1: 100 },
      { x0: 35, y0: 0, x1: 35, y1: 100 },
    ], 2);
    const inHair = (x: number, y: number): boolean => (x > 100 && x < 200 && y > 60 && y < 160) || (x > 120 && x < 135 && y >= 160 && y < 220);
    const image = solidImage(SIZE, SIZE, [255, 255, 255, 255]);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        if (inHair(x, y)) image.data.set(SKIN, (y * SIZE + x) * 4);
        else if (x > 20 && x < 35 && y < 100) image.data.set(TAN, (y * SIZE + x) * 4);
      }
    }
    whiten(lineart, image);
    for (const [x, y] of [
      [150, 110],
      [127, 190],
      [127, 214],
    ]) {
      expect([x, y, ...at(image, x, y)]).toEqual([x, y, ...SKIN]);
    }
    expect(at(image, 27, 50)).toEqual(WHITE);
  });

  it('keeps a pocket that runs on from a shape through a gap the closing shut (the gaps between hair strands below the hair)', () => {
    // A box (100 x 100) whose foot has a 3 px gap (shut at Close gaps 2) into a channel 15 px wide,
    // open at its end to the page: the box is a region of its own, the channel the page around's.
    const lineart = drawStrokes(SIZE, SIZE, [
      ...rectangle(100, 60, 200, 160).filter((_, k) => k !== 2),
      { x0: 200, y0: 160, x1: 129, y1: 160 },
      { x0: 126, y0: 160, x1: 100, y1: 160 },
      { x0: 120, y0: 161, x1: 120, y1: 220 },
      { x0: 135, y0: 161, x1: 135, y1: 220 },
    ], 2);
    const image = solidImage(SIZE, SIZE, [255, 255, 255, 255]);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) if ((x > 100 && x < 200 && y > 60 && y < 160) || (x > 120 && x < 135 && y >= 160 && y < 220)) image.data.set(SKIN, (y * SIZE + x) * 4);
    }
    whiten(lineart, image);
    expect(at(image, 127, 190)).toEqual(SKIN);
  });
});
